import Stats
import Tabular
import Testing
@testable import WorkSafe

#if canImport(Glibc)
import Glibc
#endif

private func day(_ s: String) -> Day { Day(iso: s)! }

@Suite struct AggregateForecastTests {
    /// With the pace held at a known constant (a degenerate posterior: one grid point, no
    /// variance, no depletion, no shifts), the mean simulated share at a milestone t months after
    /// the last record is `100·(1 − (1 − s₀)·e^{−λt})` — whatever the path's steps.
    @Test func meanShareMatchesTheExactExpectationAtAKnownPace() throws {
        let dates = ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"].map(day)
        let counts = [40, 46, 53, 58]
        let records = zip(dates, counts).map { ProgressRecord(unit: "甲", date: $0, completed: $1, total: 200) }
        let milestone = Milestone(date: day("2024-10-15"), targetPercent: 50)
        var practice = CampaignPractice.standard
        practice.shiftProbability = 0
        let forecast = AggregateForecast(scenarios: 4000, seed: 5, practice: practice)
        let unit = try forecast.unitHistories(records, asOf: day("2024-05-10"))[0]
        let calendar = PaceCalendar(milestones: [milestone])
        var model = PaceModel(kind: .full, practice: practice, calendar: calendar)
        model.depletion = true
        let lambda = 0.04
        var state = [Double](repeating: 0, count: 8)
        state[0] = log(lambda)
        let posterior = PacePosterior(model: model, lastMonth: MonthIndex.of(day("2024-04-30")), points: [
            .init(weight: 1, variances: .init(scale: 0, irregular: 0, jump: 0),
                  state: .init(mean: state, factor: [Double](repeating: 0, count: 64)))])
        var rng = SeededGenerator(seed: 5)
        let rows = forecast.simulate(unit, posterior: posterior, calendar: calendar, allMilestones: [milestone],
                                     milestones: [milestone], asOf: day("2024-05-10"), rng: &rng)
        #expect(rows.count == 1)
        let t = Double(milestone.date.ordinal - dates[3].ordinal) / 30.4375
        let exact = 100 * (1 - 0.71 * exp(-lambda * t))
        // Binomial sd of the share ≤ 100·√(0.25/200); the mean of 4000 is 63× tighter.
        #expect(abs(rows[0].expectedPercent - exact) < 4 * 100 * (0.25 / 200).squareRoot() / 4000.0.squareRoot(),
                "\(rows[0].expectedPercent) vs \(exact)")
        #expect(rows[0].currentPercent == 29)
        #expect(rows[0].unit == ForecastUnit(level: .reported, name: "甲"))
        #expect(rows[0].lowerPercent < rows[0].expectedPercent && rows[0].expectedPercent < rows[0].upperPercent)
        // Baselines: 18 points over the 3 months (90 days) of the window.
        #expect(abs(rows[0].recentPacePerMonth - 9 / (90 / 30.4375)) < 1e-12)
    }

    @Test func sharesOnlyAnyMilestonesAndSeriesNotStartingAtZero() throws {
        let records = [ProgressRecord(unit: "B", date: day("2022-06-30"), sharePercent: 70),
                       ProgressRecord(unit: "B", date: day("2022-09-30"), sharePercent: 76),
                       ProgressRecord(unit: "B", date: day("2022-12-31"), sharePercent: 81)]
        let ms = [Milestone(date: day("2023-03-31"), targetPercent: 85),
                  Milestone(date: day("2023-12-31"), targetPercent: 99)]
        let rows = try AggregateForecast(scenarios: 500).forecast(progress: records, milestones: ms, asOf: day("2022-12-31"))
        #expect(rows.count == 2)
        #expect(rows[0].probability > 0.2 && rows[0].probability < 1)
        #expect(rows[1].probability < rows[0].probability)
        #expect(rows.allSatisfy { $0.lowerPercent >= 81 })
        #expect(rows[0].currentOpen == 100)     // the assumed pool for share-only units
    }

    @Test func sameSeedSameRows() throws {
        let records = (0..<5).map { ProgressRecord(unit: "C", date: day("2024-01-31").adding(months: $0), completed: 10 * $0, total: 90) }
        let ms = [Milestone(date: day("2024-12-31"), targetPercent: 80)]
        let f = AggregateForecast(scenarios: 300, seed: 42)
        #expect(try f.forecast(progress: records, milestones: ms, asOf: day("2024-06-01"))
                == f.forecast(progress: records, milestones: ms, asOf: day("2024-06-01")))
    }

    @Test func recordsAfterTheAsOfDateAreIgnored() throws {
        let records = (0..<8).map { ProgressRecord(unit: "D", date: day("2024-01-31").adding(months: $0), completed: 5 * $0 * $0, total: 400) }
        let ms = [Milestone(date: day("2024-12-31"), targetPercent: 50)]
        let asOf = day("2024-04-30")
        let f = AggregateForecast(scenarios: 200)
        #expect(try f.forecast(progress: records, milestones: ms, asOf: asOf)
                == f.forecast(progress: records.filter { $0.date <= asOf }, milestones: ms, asOf: asOf))
    }

    @Test func unusableRecordsAreTypedErrors() throws {
        let ms = [Milestone(date: day("2025-12-31"), targetPercent: 80)]
        let d = day("2024-01-31")
        #expect(throws: ForecastError.invalidProgressRecord(unit: "E", date: d, detail: "completed 5 and total 3 must satisfy 0 ≤ completed ≤ total")) {
            try AggregateForecast().forecast(progress: [ProgressRecord(unit: "E", date: d, completed: 5, total: 3)], milestones: ms, asOf: d)
        }
        #expect(throws: ForecastError.invalidProgressRecord(unit: "E", date: d, detail: "share 120.0 % is outside 0–100")) {
            try AggregateForecast().forecast(progress: [ProgressRecord(unit: "E", date: d, sharePercent: 120)], milestones: ms, asOf: d)
        }
        #expect(throws: ForecastError.self) {   // a single record gives no pace
            try AggregateForecast().forecast(progress: [ProgressRecord(unit: "E", date: d, sharePercent: 20)], milestones: ms, asOf: d)
        }
        #expect(throws: ForecastError.noFutureMilestone(asOf: day("2026-01-01"))) {
            try AggregateForecast().forecast(progress: [], milestones: ms, asOf: day("2026-01-01"))
        }
    }
}

@Suite struct PaceBaselineTests {
    @Test func handComputedPaceProjectionAndRequiredPace() {
        // 20 % on 2024-01-01, 30 % on 2024-03-31 (90 days = 90/30.4375 months).
        let b = PaceBaseline(history: [(day("2024-01-01"), 20), (day("2024-03-31"), 30)])
        let months = 90 / 30.4375
        #expect(abs(b.recentPacePerMonth - 10 / months) < 1e-12)
        #expect(b.monthlyChangeSD == 0)
        let target = day("2024-12-31")   // 275 days later
        let r = b.evaluate(targetPercent: 80, on: target)
        let left = 275 / 30.4375
        #expect(abs(r.linearProjectionPercent - (30 + 10 / months * left)) < 1e-9)
        #expect(abs(r.requiredPacePerMonth - 50 / left) < 1e-12)
        #expect(r.probability == 0 && r.smoothedProbability == 0)   // 30 + 3.38·9.03 ≈ 60.6 < 80
        // Already reached: no pace needed; the projection never exceeds 100.
        let done = b.evaluate(targetPercent: 25, on: target)
        #expect(done.requiredPacePerMonth == 0 && done.probability == 1)
        #expect(b.evaluate(targetPercent: 100, on: day("2030-01-01")).linearProjectionPercent == 100)
    }

    @Test func smoothedBaselineIsTheNormalTailOfTheRandomWalk() {
        // Monthly changes 2, 4, 6 points (30-day steps): σ = 2 per month.
        let h: [(date: Day, percent: Double)] = [(day("2024-01-01"), 10), (day("2024-01-31"), 10 + 2 * 30 / 30.4375),
                                                 (day("2024-03-01"), 10 + 6 * 30 / 30.4375), (day("2024-03-31"), 10 + 12 * 30 / 30.4375)]
        let b = PaceBaseline(history: h)
        #expect(abs(b.monthlyChangeSD - 2) < 1e-9)
        let date = day("2024-03-31").adding(days: 304)   // ≈ 9.99 months
        let m = 304 / 30.4375
        let r = b.evaluate(targetPercent: 60, on: date)
        let z = (b.currentPercent + b.recentPacePerMonth * m - 60) / (2 * m.squareRoot())
        #expect(abs(r.smoothedProbability - 0.5 * erfc(-z / 2.0.squareRoot())) < 1e-12)
    }
}

@Suite struct ForecastTableTests {
    @Test func headersAndTypedRowsLineUp() {
        #expect(ForecastTable.headers().prefix(4) == ["level", "unit", "milestone_date", "target_percent"])
        #expect(ForecastTable.headers(chinese: true)[8] == "达标概率")
        let required = ["unit", "milestone_date", "target_percent", "probability", "expected_percent",
                        "lower_percent", "upper_percent", "median_date_reached", "recent_pace_per_month",
                        "linear_projection_percent", "required_pace_per_month"]
        #expect(Set(required).isSubset(of: Set(ForecastTable.headers())))
        let row = MilestoneForecast(
            unit: ForecastUnit(level: .community, name: "东社区"), milestoneDate: day("2024-12-31"),
            targetPercent: 80, asOf: day("2024-06-30"), currentPercent: 51.234, currentOpen: 120,
            method: .hazard, probability: 0.12345, expectedPercent: 70.005, lowerPercent: 65,
            upperPercent: 75.5, lower50Percent: 68, upper50Percent: 72.25, medianDateReached: nil, recentPacePerMonth: 2.5,
            linearProjectionPercent: 66.2, requiredPacePerMonth: 4.75, paceProbability: 0,
            smoothedPaceProbability: 0.01)
        let cells = ForecastTable.rows([row])[0]
        #expect(cells.count == ForecastTable.headers().count)
        #expect(cells.map(\.formatted) == ["community", "东社区", "2024-12-31", "80.00", "2024-06-30", "51.23", "120",
                                          "hazard", "0.1235", "70.01", "65.00", "75.50", "68.00", "72.25", "", "2.500", "66.20",
                                          "4.750", "0.0000", "0.0100"])
        #expect(ForecastTable.rows([row], chinese: true)[0][0] == .text("社区"))
    }

    @Test func fixedFormattingRoundsHalfAwayFromZero() {
        #expect(CSVCell.fixed(0.125, places: 2) == "0.13")
        #expect(CSVCell.fixed(-2.5, places: 0) == "-3")
        #expect(CSVCell.fixed(-0.0001, places: 2) == "0.00")
        #expect(CSVCell.fixed(100, places: 1) == "100.0")
    }
}
