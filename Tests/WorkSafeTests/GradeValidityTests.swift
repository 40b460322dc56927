import Testing
@testable import WorkSafe

/// `--validity-months` means the same in `trend`, `forecast` and `plan`: a grade counts from its
/// grant or last recorded renewal for that many months (`GradeValidity`).
@Suite struct GradeValidityTests {
    static func d(_ s: String) -> Day { Day(iso: s)! }

    /// G1 granted and never renewed; G2 granted and renewed before expiry; G3 granted and lapsed
    /// by a recorded row; G4 granted after a lapse.
    static let ledger = Ledger(
        enterprises: ["G1", "G2", "G3", "G4"].map {
            Enterprise(id: $0, name: $0, community: "东村", department: "应急办", industry: "工贸", size: .small)
        },
        statusEvents: [
            StatusEvent(enterpriseID: "G1", date: d("2023-02-10"), status: .level3),
            StatusEvent(enterpriseID: "G2", date: d("2023-02-10"), status: .compliant),
            StatusEvent(enterpriseID: "G2", date: d("2024-01-20"), status: .compliant),
            StatusEvent(enterpriseID: "G3", date: d("2023-02-10"), status: .completed),
            StatusEvent(enterpriseID: "G3", date: d("2023-06-01"), status: .lapsed),
            StatusEvent(enterpriseID: "G4", date: d("2023-06-01"), status: .lapsed),
            StatusEvent(enterpriseID: "G4", date: d("2023-09-01"), status: .completed),
        ])

    func campaign(validity: Int) -> Campaign {
        var c = Campaign.townPlan
        c.validityMonths = validity
        return c
    }

    @Test func aGradeWithoutRenewalLapsesOnTheDayItsValidityEnds() {
        let l = Self.ledger
        let g1 = l.enterprise(id: "G1")!, g2 = l.enterprise(id: "G2")!
        #expect(l.isCompleted(g1, on: Self.d("2024-02-09"), validityMonths: 12))
        #expect(!l.isCompleted(g1, on: Self.d("2024-02-10"), validityMonths: 12))
        #expect(l.isCompleted(g1, on: Self.d("2024-02-10"), validityMonths: 36))
        #expect(l.isCompleted(g1, on: Self.d("2030-01-01"), validityMonths: 0))   // no lapse by age
        // Renewed on 2024-01-20: valid until 2025-01-20.
        #expect(l.isCompleted(g2, on: Self.d("2025-01-19"), validityMonths: 12))
        #expect(!l.isCompleted(g2, on: Self.d("2025-01-20"), validityMonths: 12))
        #expect(l.completion(on: Self.d("2024-03-31"), validityMonths: 12) == (completed: 2, open: 4))
        #expect(l.completion(on: Self.d("2024-03-31"), validityMonths: 36) == (completed: 3, open: 4))
    }

    /// `trend` used to ignore `--validity-months`: the share on 2024-03-31 was 3/4 whatever the
    /// flag said.
    @Test func trendAppliesTheValidityOfTheCampaign() {
        func row(_ validity: Int) -> CompletionTrendRow {
            CompletionTrend(campaign: campaign(validity: validity), grouping: .town, period: .quarter,
                            asOf: Self.d("2024-03-31")).rows(from: Self.ledger).last!
        }
        let short = row(12), long = row(36)
        #expect(short.completed == 2 && long.completed == 3)
        #expect(short.lapses == 1 && long.lapses == 0)           // G1 lapsed in 2024Q1
        #expect(short.netChange == short.completions! - short.lapses! - short.closures!)
    }

    /// The forecast's current share and the trend's share on the as-of date are one number, for
    /// any validity; with a short validity and no renewals recorded, grades lapse in both.
    @Test func trendAndForecastAgreeOnTheCurrentShare() throws {
        let town = SimulatedCampaign(enterprises: 300, campaign: simulatedPlan).generate(seed: 12)
        let asOf = Self.d("2024-03-31")
        var shares: [Double] = []
        for validity in [6, 36] {
            var plan = simulatedPlan
            plan.validityMonths = validity
            let trend = CompletionTrend(campaign: plan, grouping: .town, period: .month, asOf: asOf).rows(from: town).last!
            let forecast = try HazardForecast(scenarios: 20, levels: [.town]).forecast(ledger: town, campaign: plan, asOf: asOf)
            let row = try #require(forecast.rows.first)
            #expect(abs(row.currentPercent - trend.sharePercent!) < 1e-9)
            #expect(row.currentOpen == trend.open)
            shares.append(row.currentPercent)
        }
        #expect(shares[0] < shares[1] - 5)
    }
}
