import Testing
@testable import WorkSafe

private func row(_ p: Double, pace: Double, smooth: Double, lower: Double, upper: Double) -> MilestoneForecast {
    MilestoneForecast(unit: .town, milestoneDate: Day(year: 2024, month: 12, day: 31)!, targetPercent: 80,
                      asOf: Day(year: 2024, month: 6, day: 30)!, currentPercent: 60, currentOpen: 10,
                      method: .hazard, probability: p, expectedPercent: 79, lowerPercent: lower,
                      upperPercent: upper, medianDateReached: nil, recentPacePerMonth: 3,
                      linearProjectionPercent: 78, requiredPacePerMonth: 3.3, paceProbability: pace,
                      smoothedPaceProbability: smooth)
}

@Suite struct ForecastBacktestTests {
    @Test func scoresEachMethodByHand() throws {
        let origin = Day(year: 2024, month: 6, day: 30)!
        let records = [
            BacktestRecord(origin: origin, forecast: row(0.8, pace: 1, smooth: 0.6, lower: 75, upper: 85), realizedPercent: 82, reached: true),
            BacktestRecord(origin: origin, forecast: row(0.3, pace: 1, smooth: 0.7, lower: 70, upper: 79), realizedPercent: 77, reached: false),
            BacktestRecord(origin: origin, forecast: row(0.6, pace: 0, smooth: 0.2, lower: 72, upper: 80), realizedPercent: 81, reached: true),
        ]
        let scores = try ForecastBacktest.score(records, binCount: 2)
        #expect(scores.map(\.method) == ["model", "linear_pace", "linear_pace_smoothed"])
        // model: (0.04 + 0.09 + 0.16)/3; pace: (0 + 1 + 1)/3; smoothed: (0.16 + 0.49 + 0.64)/3.
        #expect(abs(scores[0].brierScore - 0.29 / 3) < 1e-12)
        #expect(abs(scores[1].brierScore - 2.0 / 3) < 1e-12)
        #expect(abs(scores[2].brierScore - 1.29 / 3) < 1e-12)
        #expect(scores[0].coverage?.covered == 2 && scores[0].coverage?.above == 1)
        #expect(scores[1].coverage == nil)
        // A confident miss costs −log(ε) ≈ 36 nats under scikit-learn's clipping.
        #expect(scores[1].logLoss > 20)
        let report = BacktestReport(records: records, scores: scores)
        #expect(BacktestTable.scoreRows(report).count == 3)
        #expect(BacktestTable.scoreRows(report)[0].count == BacktestTable.scoreColumns.count)
        #expect(BacktestTable.recordRows(report).allSatisfy { $0.count == BacktestTable.recordColumns.count })
        #expect(BacktestTable.reliabilityRows(report).allSatisfy { $0.count == BacktestTable.reliabilityColumns.count })
        #expect(BacktestTable.headers(BacktestTable.scoreColumns)[2] == "brier_score")
    }

    @Test func ledgerBacktestScoresOnlyMilestonesTheDataCanShow() throws {
        let town = SimulatedCampaign(enterprises: 300, campaign: simulatedPlan,
                                     end: Day(year: 2024, month: 7, day: 15)!).generate(seed: 2)
        let report = try ForecastBacktest.run(ledger: town, campaign: simulatedPlan,
                                              origins: [origin, Day(year: 2024, month: 3, day: 31)!],
                                              forecast: HazardForecast(scenarios: 50, levels: [.town, .community]))
        // Only 2024-06-30 lies before the last event (mid-July 2024): 5 units × 2 origins.
        #expect(report.records.count == 10)
        #expect(report.records.allSatisfy { $0.forecast.milestoneDate == Day(year: 2024, month: 6, day: 30)! })
        let town0 = report.records.first { $0.forecast.unit == .town }!
        let (c, o) = town.completion(on: Day(year: 2024, month: 6, day: 30)!)
        #expect(abs(town0.realizedPercent - 100 * Double(c) / Double(o)) < 1e-12)
    }

    @Test func simulatedCampaignIsReproducible() {
        let g = SimulatedCampaign(enterprises: 80, monthlyClosure: 0.01, monthlyEntries: 1, campaign: simulatedPlan)
        let a = g.generate(seed: 4), b = g.generate(seed: 4), c = g.generate(seed: 5)
        #expect(a.enterprises == b.enterprises && a.allStatusEvents == b.allStatusEvents)
        #expect(a.allStatusEvents != c.allStatusEvents)
        #expect(a.enterprises.count > 80)   // entries
        #expect(a.enterprises.contains { $0.closedOn != nil })
    }
}

/// Issue 19, items 12 and 14: an origin listed twice is scored once; an origin the history
/// cannot support is skipped with its reason, the others are scored.
@Suite struct BacktestOriginTests {
    static let town = SimulatedCampaign(enterprises: 300, campaign: simulatedPlan,
                                        end: Day(year: 2024, month: 7, day: 15)!).generate(seed: 2)
    static let march = Day(year: 2024, month: 3, day: 31)!

    @Test func aDuplicatedOriginIsScoredOnce() throws {
        let forecast = HazardForecast(scenarios: 50, levels: [.town, .community])
        let once = try ForecastBacktest.run(ledger: Self.town, campaign: simulatedPlan, origins: [origin, Self.march],
                                            forecast: forecast)
        let twice = try ForecastBacktest.run(ledger: Self.town, campaign: simulatedPlan,
                                             origins: [origin, Self.march, origin, Self.march, origin], forecast: forecast)
        #expect(twice.records == once.records)
        #expect(twice.scores.map(\.count) == once.scores.map(\.count))
        #expect(Set(twice.records.map(\.origin)).count == 2)

        let progress = Self.town.monthlyProgress(campaign: simulatedPlan, levels: [.town], through: Day(year: 2024, month: 7, day: 15)!)
        let pool = AggregateForecast(scenarios: 50)
        let poolOnce = try ForecastBacktest.run(progress: progress, milestones: simulatedPlan.milestones,
                                                origins: [Self.march], forecast: pool)
        let poolTwice = try ForecastBacktest.run(progress: progress, milestones: simulatedPlan.milestones,
                                                 origins: [Self.march, Self.march], forecast: pool)
        #expect(poolTwice.records == poolOnce.records && !poolOnce.records.isEmpty)
    }

    @Test func anOriginBeforeTheHistoryIsSkippedWithItsReason() throws {
        let early = simulatedPlan.start.adding(days: -1)
        let forecast = HazardForecast(scenarios: 50, levels: [.town])
        let report = try ForecastBacktest.run(ledger: Self.town, campaign: simulatedPlan, origins: [early, Self.march],
                                              forecast: forecast)
        #expect(report.skipped.map(\.origin) == [early])
        #expect(report.skipped.first?.reason.contains("no month since the campaign start") == true)
        #expect(Set(report.records.map(\.origin)) == [Self.march])
        #expect(throws: ForecastError.self) {
            try ForecastBacktest.run(ledger: Self.town, campaign: simulatedPlan, origins: [early], forecast: forecast)
        }
    }
}
