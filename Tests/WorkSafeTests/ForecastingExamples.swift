import Testing
import WorkSafe

// The code of Sources/WorkSafe/WorkSafe.docc/Forecasting.md, verbatim (DocumentationSnippetTests
// checks that every block of the article appears here), and what it computes on the sample.

func communitiesAtRisk(_ ledger: Ledger, asOf: Day) throws -> [MilestoneForecast] {
    let forecast = HazardForecast(scenarios: 1000, seed: 1)
    let result = try forecast.forecast(ledger: ledger, campaign: .townPlan, asOf: asOf)
    for note in result.notes {
        print(note.text(.en))              // a component the history cannot inform yet
    }
    return result.rows.filter { row in
        row.unit.level == .community && row.probability < 0.5
    }.sorted { $0.probability < $1.probability }
}

func backtestScores(_ ledger: Ledger, end: Day) throws -> [BacktestScore] {
    let origins = ForecastBacktest.defaultOrigins(campaign: .townPlan, end: end)
    let report = try ForecastBacktest.run(ledger: ledger, campaign: .townPlan, origins: origins,
                                          forecast: HazardForecast(scenarios: 300, seed: 1),
                                          observedThrough: end)
    for score in report.scores {
        print(score.method, score.brierScore, score.logLoss,
              score.reliability.expectedCalibrationError, score.coverage?.rate ?? .nan)
    }
    return report.scores
}

@Suite struct ForecastingExamples {
    static let ledger = try! readLedger(LedgerAndTrendsExamples.sample)

    @Test func communitiesAtRiskAreThoseBelowAnEvenChanceInOrder() throws {
        let atRisk = try communitiesAtRisk(Self.ledger, asOf: Day(iso: "2024-06-30")!)
        #expect(atRisk.allSatisfy { $0.unit.level == .community && $0.probability < 0.5 })
        #expect(atRisk.map(\.probability) == atRisk.map(\.probability).sorted())
        #expect(Set(atRisk.map(\.milestoneDate)).isSubset(of: [Day(iso: "2024-12-31")!, Day(iso: "2025-12-31")!]))
    }

    @Test func backtestScoresTheModelAndBothBaselines() throws {
        let scores = try backtestScores(Self.ledger, end: Day(iso: "2024-12-31")!)
        #expect(scores.map(\.method) == ["model", "linear_pace", "linear_pace_smoothed"])
        // Origins 2023-03-31 … 2023-12-31 score the 2023 and 2024 milestones of 15 units.
        #expect(scores[0].count > 0 && scores[0].brierScore >= 0 && scores[0].brierScore <= 1)
    }
}
