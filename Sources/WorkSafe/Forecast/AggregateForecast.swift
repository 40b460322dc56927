import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The aggregate milestone forecast for units that only report cumulative counts or shares
/// (`progress.csv`): the pace model on each unit's remaining pool.
///
/// Per unit, from its records on or before the as-of date: between consecutive records a and b,
/// `m` months apart, the completions `Δ = max(0, share_b − share_a)·total_b` out of the remaining
/// pool `R = (1 − share_a)·total_b` give the observed log monthly hazard
/// `y = log(−log(1 − q)/m)`, `q = (Δ + ½)/(R + 1)`, with sampling variance
/// `q/(R·(1 − q)·log²(1 − q))` (≈ 1/Δ). These are the observations of `PaceModel`'s full kind
/// (level, damped drift, deadline-window and quarter-end effects, target-pulled phase jumps; an
/// observation spanning several months averages them), one series per unit, the units sharing
/// their variances. Each scenario draws the unit's future log pace `μₜ` and steps the pool forward
/// month by month (and to the milestone dates): `completions ~ Binomial(R, 1 − exp(−e^{μₜ}·Δt))`.
/// Nothing assumes the series starts at zero or the campaign's milestones: any cumulative share
/// and any targets work. The total is held at its last value (entries, closures and lapses are
/// not modelled here). A unit that reports shares only is treated as a pool of `assumedTotal`
/// members.
///
/// - Complexity: O(*S·(H + K)*) per unit for *S* scenarios, plus the pace model's grid of Kalman
///   filters.
public struct AggregateForecast: Sendable {
    /// Monte Carlo scenarios.
    public var scenarios: Int
    /// The seed; unit *u* (in name order) uses stream *u*, scenario draws follow in order.
    public var seed: UInt64
    /// The window of records the recent-pace baseline is computed from, months before the last
    /// record.
    public var recentMonths: Int
    /// Pool size assumed for units that report shares only.
    public var assumedTotal: Int
    /// Months simulated past the last milestone (for the median date reached).
    public var monthsBeyondLastMilestone: Int
    /// The priors and grids of the pace model.
    public var practice: CampaignPractice

    /// A configuration.
    public init(scenarios: Int = 1000, seed: UInt64 = 1, recentMonths: Int = 6,
                assumedTotal: Int = 100, monthsBeyondLastMilestone: Int = 12,
                practice: CampaignPractice = .standard) {
        self.scenarios = scenarios; self.seed = seed; self.recentMonths = recentMonths
        self.assumedTotal = assumedTotal; self.monthsBeyondLastMilestone = monthsBeyondLastMilestone
        self.practice = practice
    }

    /// One unit's cleaned history.
    struct UnitHistory {
        let name: String
        var points: [(date: Day, completed: Double, total: Double)]
        var last: (date: Day, completed: Double, total: Double) { points[points.count - 1] }
        func share(_ i: Int) -> Double { points[i].total > 0 ? points[i].completed / points[i].total : 0 }
        /// The latest share on or before `day`.
        func share(on day: Day) -> Double? {
            guard let i = points.lastIndex(where: { $0.date <= day }) else { return nil }
            return share(i)
        }
    }

    /// Forecasts every milestone after `asOf` for every unit of `progress`.
    ///
    /// - Throws: `ForecastError.invalidConfiguration`, `.noFutureMilestone`,
    ///   `.invalidProgressRecord` (no share, share outside 0–100, completed > total, negative
    ///   counts), `.insufficientHistory` (a unit with fewer than two dated records by `asOf`).
    public func forecast(progress: [ProgressRecord], milestones allMilestones: [Milestone],
                         asOf: Day) throws -> [MilestoneForecast] {
        guard scenarios >= 1, scenarios <= HazardForecast.maximumScenarios, recentMonths >= 1, assumedTotal >= 1 else {
            throw ForecastError.invalidConfiguration(
                detail: "scenarios must be between 1 and \(HazardForecast.maximumScenarios); window and assumed total at least 1")
        }
        let milestones = allMilestones.filter { $0.date > asOf }.sorted { $0.date < $1.date }
        guard !milestones.isEmpty else { throw ForecastError.noFutureMilestone(asOf: asOf) }
        let histories = try unitHistories(progress, asOf: asOf)
        let calendar = PaceCalendar(milestones: allMilestones)
        var model = PaceModel(kind: .full, practice: practice, calendar: calendar)
        model.depletion = true
        let series = histories.map { paceSeries($0, calendar: calendar, milestones: allMilestones.sorted { $0.date < $1.date }) }
        let posteriors = try model.fit(series)
        var rows: [MilestoneForecast] = []
        let root = SeededGenerator(seed: seed)
        for (ui, unit) in histories.enumerated() {
            var rng = root.split(stream: UInt64(ui))
            rows += simulate(unit, posterior: posteriors[ui], calendar: calendar, allMilestones: allMilestones,
                             milestones: milestones, asOf: asOf, rng: &rng)
        }
        return rows
    }

    /// Each unit's records on or before `asOf`, in date order (the last record of a day wins).
    func unitHistories(_ progress: [ProgressRecord], asOf: Day) throws -> [UnitHistory] {
        var byUnit: [String: [ProgressRecord]] = [:]
        for r in progress where r.date <= asOf { byUnit[r.unit, default: []].append(r) }
        return try byUnit.keys.sorted().map { unit in
            let sorted = byUnit[unit]!.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
                .map(\.element)
            var points: [(date: Day, completed: Double, total: Double)] = []
            for r in sorted {
                let (c, n) = try counts(r)
                if let last = points.last, last.date == r.date { points.removeLast() }
                points.append((r.date, c, n))
            }
            guard points.count >= 2 else {
                throw ForecastError.insufficientHistory(detail: "unit \(unit) has \(points.count) record(s) on or before \(asOf); two are needed to estimate a pace")
            }
            return UnitHistory(name: unit, points: points)
        }
    }

    /// The unit's observed log monthly hazards, one per interval between records, placed at the
    /// month of the interval's end and spanning its months; g at past phase starts.
    func paceSeries(_ unit: UnitHistory, calendar: PaceCalendar, milestones: [Milestone]) -> PaceSeries {
        let endMonth = { (d: Day) in MonthIndex.of(d.adding(days: -1)) }
        let first = endMonth(unit.points[1].date)
        let last = endMonth(unit.last.date)
        var y = [Double?](repeating: nil, count: Swift.max(1, last - first + 1))
        var v = [Double](repeating: 0, count: y.count), span = [Int](repeating: 1, count: y.count)
        var depletion = [Double](repeating: 0, count: y.count)
        var hazards: [(month: Int, hazard: Double)] = []
        for k in 1..<unit.points.count {
            let a = unit.points[k - 1], b = unit.points[k]
            let months = Double(b.date.ordinal - a.date.ordinal) / PaceBaseline.daysPerMonth
            guard months > 0 else { continue }
            let delta = Swift.max(0, (unit.share(k) - unit.share(k - 1)) * b.total)
            let pool = Swift.max(0, (1 - unit.share(k - 1)) * b.total)
            let q = (delta + 0.5) / (pool + 1)
            let hazard = -log1p(-q) / months
            let m = endMonth(b.date) - first
            guard m >= 0, m < y.count else { continue }
            y[m] = log(hazard)
            v[m] = q / (Swift.max(pool, 1) * (1 - q) * log1p(-q) * log1p(-q))
            span[m] = Swift.max(1, Int(months.rounded()))
            depletion[m] = log(Swift.max(1e-3, 1 - unit.share(k - 1)))
            hazards.append((endMonth(b.date), -log1p(-Swift.min(delta / Swift.max(pool, 1), 0.999)) / months))
        }
        var gaps: [Int: Double] = [:]
        for m in (first + 1)..<(first + y.count) {
            guard let k = calendar.phaseStart(m), let share = unit.share(on: milestones[k].date) else { continue }
            let before = hazards.filter { $0.month >= m - 7 && $0.month < m && calendar.deadlineOffset($0.month) == nil }
            guard !before.isEmpty else { continue }
            let h = before.map(\.hazard).reduce(0, +) / Double(before.count)
            gaps[m] = targetGap(share: share, target: milestones[k + 1].targetPercent,
                                months: calendar.milestoneMonths[k + 1] - m + 1, currentHazard: h)
        }
        return PaceSeries(first: first, y: y, variance: v, phaseGap: gaps, span: span, depletion: depletion)
    }

    /// The scenarios of one unit and their summaries.
    func simulate(_ unit: UnitHistory, posterior: PacePosterior, calendar: PaceCalendar, allMilestones: [Milestone],
                  milestones: [Milestone], asOf: Day, rng: inout SeededGenerator) -> [MilestoneForecast] {
        let last = unit.last
        let window = unit.points.filter { $0.date >= last.date.adding(months: -recentMonths) }
        let pace = PaceBaseline(history: (unit.points.count > window.count ? [unit.points[unit.points.count - window.count - 1]] : [])
            .map { (date: $0.date, percent: $0.total > 0 ? 100 * $0.completed / $0.total : 0) }
            + window.map { (date: $0.date, percent: $0.total > 0 ? 100 * $0.completed / $0.total : 0) })
        let total = Int(last.total.rounded())
        let completed0 = Int(last.completed.rounded())
        let current = last.total > 0 ? 100 * last.completed / last.total : 0
        // Grid: month ends from the last record, merged with the milestone dates.
        let lastMilestone = milestones[milestones.count - 1].date
        var grid: [Day] = []
        var d = last.date.endOfMonth == last.date ? last.date.adding(days: 1).endOfMonth : last.date.endOfMonth
        while d <= lastMilestone.adding(months: monthsBeyondLastMilestone) { grid.append(d); d = d.adding(days: 1).endOfMonth }
        grid = Array(Set(grid + milestones.map(\.date).filter { $0 > last.date })).sorted()
        let milestoneSlot = milestones.map { m in grid.firstIndex(of: m.date).map { $0 + 1 } ?? 0 }
        let lastMonth = posterior.lastMonth
        let months = Swift.max(1, MonthIndex.of(grid.last ?? last.date) - lastMonth)
        let recent = unit.points.count >= 2 ? observedHazard(unit) : 0
        let gaps = PaceFit.projectGaps(state: posterior.meanState, calendar: calendar,
                                       campaign: Campaign(start: unit.points[0].date, milestones: allMilestones,
                                                          keyIndustries: [], benchmarkDeadline: unit.points[0].date),
                                       lastMonth: lastMonth, share: current / 100, hazard: recent, practice: practice)
        let K = milestones.count, S = scenarios
        var shares = [[Double]](repeating: [Double](repeating: 0, count: S), count: K)
        var reach = [[Int]](repeating: [Int](repeating: Int.max, count: S), count: K)
        var path = [Double](repeating: 0, count: months)
        var sharePath = [Double](repeating: current, count: grid.count + 1)  // slot 0: the last record
        for s in 0..<S {
            let state = posterior.draw(months: months, gap: { gaps[$0] ?? 0 }, into: &path, &rng)
            let theta = state.count > 7 ? state[7] : 0
            var c = completed0, prev = last.date
            for (g, day) in grid.enumerated() {
                let dt = Double(day.ordinal - prev.ordinal) / PaceBaseline.daysPerMonth
                let i = Swift.min(months - 1, Swift.max(0, MonthIndex.of(day.adding(days: -1)) - lastMonth - 1))
                let remaining = total > 0 ? Swift.max(1e-3, Double(total - c) / Double(total)) : 1
                c += rng.binomial(total - c, -expm1(-exp(path[i] + theta * log(remaining)) * dt))
                sharePath[g + 1] = total > 0 ? 100 * Double(c) / Double(total) : 0
                prev = day
            }
            for k in 0..<K {
                shares[k][s] = sharePath[milestoneSlot[k]]
                if let first = sharePath.firstIndex(where: { Milestone.isReached($0, target: milestones[k].targetPercent) }) {
                    reach[k][s] = first
                }
            }
        }
        return (0..<K).map { k in
            let summary = ScenarioSummary(shares: shares[k], target: milestones[k].targetPercent,
                                          decided: completed0 == total && total > 0 ? 1 : nil)
            let r = reach[k].sorted()[(S + 1) / 2 - 1]
            let median: Day? = r == Int.max ? nil : (r == 0 ? last.date : grid[r - 1])
            let b = pace.evaluate(targetPercent: milestones[k].targetPercent, on: milestones[k].date)
            return MilestoneForecast(
                unit: ForecastUnit(level: .reported, name: unit.name), milestoneDate: milestones[k].date,
                targetPercent: milestones[k].targetPercent, asOf: asOf, currentPercent: current,
                currentOpen: total, method: .pool, probability: summary.probability,
                expectedPercent: summary.mean, lowerPercent: summary.p10, upperPercent: summary.p90,
                lower50Percent: summary.p25, upper50Percent: summary.p75,
                medianDateReached: median, recentPacePerMonth: pace.recentPacePerMonth,
                linearProjectionPercent: b.linearProjectionPercent,
                requiredPacePerMonth: b.requiredPacePerMonth, paceProbability: b.probability,
                smoothedPaceProbability: b.smoothedProbability)
        }
    }

    /// The realised pool hazard per month over the last six months of records (outside
    /// deadline windows where possible).
    func observedHazard(_ unit: UnitHistory) -> Double {
        let last = unit.last.date
        var events = 0.0, exposure = 0.0
        for k in 1..<unit.points.count where unit.points[k].date > last.adding(months: -6) {
            let a = unit.points[k - 1], b = unit.points[k]
            let months = Double(b.date.ordinal - a.date.ordinal) / PaceBaseline.daysPerMonth
            let delta = Swift.max(0, (unit.share(k) - unit.share(k - 1)) * b.total)
            let pool = Swift.max(0, (1 - unit.share(k - 1)) * b.total)
            events += delta; exposure += months * Swift.max(0, pool - delta / 2)
        }
        return exposure > 0 ? events / exposure : 0
    }

    private func counts(_ r: ProgressRecord) throws -> (Double, Double) {
        if let c = r.completed, let n = r.total {
            guard c >= 0, n >= 0, c <= n else {
                throw ForecastError.invalidProgressRecord(unit: r.unit, date: r.date, detail: "completed \(c) and total \(n) must satisfy 0 ≤ completed ≤ total")
            }
            return (Double(c), Double(n))
        }
        if let p = r.sharePercent {
            guard p.isFinite, p >= 0, p <= 100 else {
                throw ForecastError.invalidProgressRecord(unit: r.unit, date: r.date, detail: "share \(p) % is outside 0–100")
            }
            return (p / 100 * Double(assumedTotal), Double(assumedTotal))
        }
        throw ForecastError.invalidProgressRecord(unit: r.unit, date: r.date, detail: "neither completed/total nor share_percent is given")
    }
}
