import Testing
@testable import WorkSafe

@Suite struct ForecastValidationTests {
    @Test func exploreCoverage() throws {
        var records: [BacktestRecord] = []
        for seed in 1...30 as ClosedRange<UInt64> {
            let town = SimulatedCampaign(campaign: simulatedPlan).generate(seed: seed)
            let r = try ForecastBacktest.run(
                ledger: town, campaign: simulatedPlan, origins: [Day(year: 2024, month: 1, day: 31)!],
                forecast: HazardForecast(scenarios: 200, seed: seed),
                observedThrough: Day(year: 2025, month: 12, day: 31)!)
            records += r.records
        }
        for s in try ForecastBacktest.score(records) {
            print(s.method, s.count, s.brierScore, s.logLoss, s.coverage.map { "\($0.rate) below \($0.below) above \($0.above)" } ?? "")
        }
    }
}
