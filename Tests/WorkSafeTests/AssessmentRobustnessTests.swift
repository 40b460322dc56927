import Foundation
import Testing
@testable import WorkSafe

/// Issue 19, items 7–9: no score for a period outside the campaign and the data, no rules whose
/// totals overflow, and the key-industry benchmark judged town-wide.
@Suite struct AssessmentRobustnessTests {
    static let sample: Ledger = {
        let folder = repositoryRoot.appendingPathComponent("notebooks-data/town-sample")
        return try! LedgerReader.read(folder: folder, options: LedgerReadOptions(today: testToday)).ledger(skipInvalid: false)
    }()

    // MARK: - Item 7

    @Test func aYearBeforeTheCampaignIsRefused() {
        #expect(throws: AssessmentError.periodBeforeCampaign(period: "2019", campaignStart: Campaign.townPlan.start,
                                                             assessable: "2023–2026")) {
            try AssessmentPeriod.check(year: 2019, ledger: Self.sample, campaign: .townPlan)
        }
        #expect(throws: AssessmentError.self) {
            try AssessmentPeriod.check(Quarter("2022Q4")!, ledger: Self.sample, campaign: .townPlan)
        }
    }

    @Test func aYearAfterTheDataIsRefused() throws {
        let last = try #require(Self.sample.lastRecordedDay)
        #expect(last.year == 2026)
        #expect(throws: AssessmentError.periodAfterData(period: "2030", lastRecordedDay: last, assessable: "2023–2026")) {
            try AssessmentPeriod.check(year: 2030, ledger: Self.sample, campaign: .townPlan)
        }
        #expect(throws: AssessmentError.self) {
            try AssessmentPeriod.check(last.quarter.next, ledger: Self.sample, campaign: .townPlan)
        }
    }

    @Test func yearsAndQuartersOfTheCampaignWithDataAreAccepted() throws {
        for year in 2023...2026 { try AssessmentPeriod.check(year: year, ledger: Self.sample, campaign: .townPlan) }
        try AssessmentPeriod.check(Quarter("2023Q1")!, ledger: Self.sample, campaign: .townPlan)
        try AssessmentPeriod.check(Quarter("2024Q3")!, ledger: Self.sample, campaign: .townPlan)
    }

    @Test func theLastRecordedDayCountsEveryKindOfDate() {
        let e = Enterprise(id: "x", name: "x", community: "c", department: "d", industry: "工贸", size: .small,
                           openedOn: Day(iso: "2025-02-01"))
        let ledger = Ledger(enterprises: [e], statusEvents: [
            StatusEvent(enterpriseID: "x", date: Day(iso: "2025-03-01")!, status: .inProgress),
        ], risk: [])
        #expect(ledger.lastRecordedDay == Day(iso: "2025-03-01"))
        #expect(Ledger(enterprises: [], statusEvents: [], risk: []).lastRecordedDay == nil)
    }

    // MARK: - Item 8

    @Test func rulesWhoseTotalsCanOverflowAreRejected() throws {
        for json in [#"{"base_points": 1e308}"#, #"{"bonus_cap": 1e308, "bonus_per_quarter_early": 1e308}"#,
                     #"{"hazard_deduction_cap": 1e308, "benchmark_deduction_cap": 1e308}"#,
                     #"{"minimum_total": -1.7e308}"#] {
            #expect(throws: AssessmentError.self, "\(json)") { try AssessmentRules.parse(json: Data(json.utf8)) }
            do {
                _ = try AssessmentRules.parse(json: Data(json.utf8))
            } catch {
                if case .overflowingRules = error {} else { Issue.record("\(json): \(error)") }
            }
        }
        // Large but harmless: a cap that never binds (its rate is 0), or points in the millions.
        _ = try AssessmentRules.parse(json: Data(#"{"hazard_deduction_cap": 1e308, "deduction_per_open_major_hazard": 0}"#.utf8))
        let big = try AssessmentRules.parse(json: Data(#"{"base_points": 1e6, "award_minimum_total": 1e6}"#.utf8))
        let a = try AnnualAssessment(ledger: AssessmentFixture.ledger(), year: 2024, rules: big)
        #expect(a.scores.allSatisfy { $0.total.isFinite })
    }

    // MARK: - Item 9

    /// Community A supervises 危险化学品 (no benchmark of its own) and 工贸; the town's 危险化学品
    /// benchmark sits in community B; no 工贸 benchmark exists anywhere. Community C supervises
    /// only 消防, which has a benchmark in C.
    static func benchmarkTown() -> Ledger {
        func ent(_ id: String, _ c: String, _ d: String, _ industry: String, benchmark: Bool = false) -> Enterprise {
            Enterprise(id: id, name: id, community: c, department: d, industry: industry, size: .small,
                       isBenchmark: benchmark)
        }
        let enterprises = [
            ent("a1", "A", "D1", "危险化学品"), ent("a2", "A", "D2", "工贸"),
            ent("b1", "B", "D1", "危险化学品", benchmark: true), ent("b2", "B", "D1", "其他"),
            ent("c1", "C", "D3", "消防", benchmark: true),
        ]
        let events = enterprises.map {
            StatusEvent(enterpriseID: $0.id, date: Day(iso: "2023-06-01")!, status: .compliant)
        }
        return Ledger(enterprises: enterprises, statusEvents: events, risk: [])
    }

    @Test func aUnitAnswersOnlyForKeyIndustriesItSupervisesAndATownBenchmarkCovers() throws {
        let a = try AnnualAssessment(ledger: Self.benchmarkTown(), year: 2024)
        func missing(_ u: AssessmentUnit) -> [String]? { a.scores.first { $0.unit == u }?.missingBenchmarks }
        #expect(missing(.community("A")) == ["工贸"])
        #expect(missing(.community("B")) == [])
        #expect(missing(.community("C")) == [])
        #expect(missing(.department("D1")) == [])
        #expect(missing(.department("D2")) == ["工贸"])
        #expect(missing(.department("D3")) == [])
        // Everything completed in 2023, ahead of every target: the units without a missing
        // benchmark score full points and are eligible; A and D2 lose 5.
        let c = try #require(a.scores.first { $0.unit == .community("C") })
        #expect(c.benchmarkDeduction == 0 && c.awardEligible)
        let aScore = try #require(a.scores.first { $0.unit == .community("A") })
        #expect(aScore.benchmarkDeduction == 5)
        // The bulletin's benchmark status follows the same rule.
        let b = QuarterlyBulletin(ledger: Self.benchmarkTown(), quarter: Quarter("2024Q2")!)
        #expect(b.rows.first { $0.unit == .community("A") }?.benchmark.missing == ["工贸"])
        #expect(b.rows.first { $0.unit == .community("B") }?.benchmark.missing == [])
        #expect(BenchmarkStatus(unit: .community("A"), ledger: Self.benchmarkTown(), campaign: .townPlan,
                                on: Day(iso: "2024-06-30")!).missing == ["工贸"])
    }

    @Test func onTheSampleTownSomeUnitIsAwardEligible() throws {
        // Before, every unit lost the full 10 benchmark points in 2023 and 2024.
        for year in [2023, 2024] {
            let a = try AnnualAssessment(ledger: Self.sample, year: year)
            #expect(a.scores.allSatisfy { $0.benchmarkDeduction == 0 }, "\(year)")
        }
        let a2024 = try AnnualAssessment(ledger: Self.sample, year: 2024)
        #expect(a2024.scores.contains { $0.awardEligible })
    }
}
