import Testing
@testable import WorkSafe

/// Forecasts on worlds where nothing structural happens (`SimulatedCampaign`: a constant hazard
/// with known deadline effects; pools of constant rate). Before a deadline or a phase start has
/// been seen, the pace model keeps the campaign-practice uncertainty about them, so here — where
/// nothing of the kind happens — the intervals are wider than 80 %: these tests pin that they
/// are never overconfident (coverage ≥ 72 %) nor vacuous (< 98 %), and that the model beats the
/// pace baselines. The calibration on campaigns with surges, stalls and saturation is measured
/// by `worksafe backtest --regimes` (docs/forecast.md).
@Suite struct ForecastValidationTests {
    /// Over 30 simulated towns of 600 enterprises (7 units × 2 milestones, forecast as of
    /// 2024-01-31 and 2024-04-30, 150 scenarios: 840 forecasts; 82 % covered and Brier 0.047 vs
    /// 0.111 and 0.088 for the baselines when written), the 80 %
    /// intervals cover the realised share 72–88 % of the time and the model's Brier score beats
    /// both linear-pace baselines.
    @Test func hazardForecastIsCalibratedOnSimulatedTowns() throws {
        var records: [BacktestRecord] = []
        for seed in 1...30 as ClosedRange<UInt64> {
            let town = SimulatedCampaign(enterprises: 600, campaign: simulatedPlan).generate(seed: seed)
            records += try ForecastBacktest.run(
                ledger: town, campaign: simulatedPlan, origins: [origin, Day(year: 2024, month: 4, day: 30)!],
                forecast: HazardForecast(scenarios: 150, seed: seed),
                observedThrough: Day(year: 2025, month: 12, day: 31)!).records
        }
        #expect(records.count == 30 * 7 * 2 * 2)
        let scores = try ForecastBacktest.score(records)
        let model = scores.first { $0.method == "model" }!
        let coverage = try #require(model.coverage).rate
        #expect(coverage >= 0.72 && coverage < 0.98, "coverage \(coverage)")
        for baseline in scores where baseline.method != "model" {
            #expect(model.brierScore < baseline.brierScore, "\(model.brierScore) vs \(baseline.method) \(baseline.brierScore)")
            #expect(model.logLoss < baseline.logLoss)
        }
    }

    /// Units that only report counts: 120 pools of known monthly rate, reported monthly, not
    /// starting at zero (240 forecasts; 81 % covered when written).
    @Test func aggregateForecastIsCalibratedOnSimulatedPools() throws {
        var rng = SeededGeneratorForTests(seed: 77)
        var progress: [ProgressRecord] = []
        let start = Day(year: 2024, month: 1, day: 31)!
        for u in 0..<120 {
            let total = 800 + rng.index(below: 800)
            let rate = 0.03 + 0.07 * rng.uniform()
            var done = rng.index(below: 200)      // series need not start at zero
            for m in 0...12 {
                let d = start.adding(months: m)
                if m > 0 { done += rng.binomial(total - done, 1 - exp(-rate)) }
                progress.append(ProgressRecord(unit: "U\(u)", date: d, completed: done, total: total))
            }
        }
        let milestones = [Milestone(date: Day(year: 2024, month: 10, day: 31)!, targetPercent: 55),
                          Milestone(date: Day(year: 2025, month: 1, day: 31)!, targetPercent: 65)]
        let report = try ForecastBacktest.run(progress: progress, milestones: milestones,
                                              origins: [Day(year: 2024, month: 7, day: 31)!],
                                              forecast: AggregateForecast(scenarios: 400, seed: 3))
        #expect(report.records.count == 240)
        let model = report.scores.first { $0.method == "model" }!
        let coverage = try #require(model.coverage).rate
        #expect(coverage >= 0.72 && coverage < 0.98, "coverage \(coverage)")
        for baseline in report.scores where baseline.method != "model" {
            #expect(model.brierScore < baseline.brierScore, "\(model.brierScore) vs \(baseline.method) \(baseline.brierScore)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Stats

typealias SeededGeneratorForTests = SeededGenerator
