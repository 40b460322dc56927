import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The aggregate milestone forecast for units that only report cumulative counts or shares
/// (`progress.csv`): a binomial hazard on the remaining pool.
///
/// Per unit, from its records on or before the as-of date: between consecutive records in the
/// last `recentMonths` months (plus the record just before that window), the completions
/// `Δᵢ = max(0, Cᵢ − Cᵢ₋₁)` (counts, or `share change × total`) out of the remaining pool
/// `Rᵢ₋₁ = Nᵢ₋₁ − Cᵢ₋₁` over `mᵢ` months. With a constant monthly rate λ (pool-member completes
/// within `m` months with probability `1 − e^{−λm}`), the pool-months at risk are approximately
/// `Σ mᵢ·(Rᵢ₋₁ − Δᵢ/2)` and the completions Poisson, so λ's posterior under the Jeffreys prior is
/// `Gamma(½ + ΣΔᵢ, Σ mᵢ(Rᵢ₋₁ − Δᵢ/2))`. Each scenario draws λ from it and steps the pool forward
/// from the last record over a grid of month steps and the milestone dates:
/// `completions ~ Binomial(R, 1 − e^{−λ·Δt})`. Nothing assumes the series starts at zero or the
/// campaign's milestones: any cumulative share and any targets work. The total is held at its
/// last value (entries, closures and lapses are not modelled here). A unit that reports shares
/// only is treated as a pool of `assumedTotal` members (documented in the output's method name
/// `binomial_pool`).
///
/// - Complexity: O(*S·(H + K)*) per unit for *S* scenarios.
public struct AggregateForecast: Sendable {
    /// Monte Carlo scenarios.
    public var scenarios: Int
    /// The seed; unit *u* (in name order) uses stream *u*, scenario draws follow in order.
    public var seed: UInt64
    /// The window of records the rate is estimated from, months before the last record.
    public var recentMonths: Int
    /// Pool size assumed for units that report shares only.
    public var assumedTotal: Int
    /// Months simulated past the last milestone (for the median date reached).
    public var monthsBeyondLastMilestone: Int

    /// A configuration.
    public init(scenarios: Int = 1000, seed: UInt64 = 1, recentMonths: Int = 6,
                assumedTotal: Int = 100, monthsBeyondLastMilestone: Int = 12) {
        self.scenarios = scenarios; self.seed = seed; self.recentMonths = recentMonths
        self.assumedTotal = assumedTotal; self.monthsBeyondLastMilestone = monthsBeyondLastMilestone
    }

    /// Forecasts every milestone after `asOf` for every unit of `progress`.
    ///
    /// - Throws: `ForecastError.invalidConfiguration`, `.noFutureMilestone`,
    ///   `.invalidProgressRecord` (no share, share outside 0–100, completed > total, negative
    ///   counts), `.insufficientHistory` (a unit with fewer than two dated records by `asOf`).
    public func forecast(progress: [ProgressRecord], milestones allMilestones: [Milestone],
                         asOf: Day) throws -> [MilestoneForecast] {
        guard scenarios >= 1, recentMonths >= 1, assumedTotal >= 1 else {
            throw ForecastError.invalidConfiguration(detail: "scenarios, window and assumed total must be at least 1")
        }
        let milestones = allMilestones.filter { $0.date > asOf }.sorted { $0.date < $1.date }
        guard !milestones.isEmpty else { throw ForecastError.noFutureMilestone(asOf: asOf) }
        var byUnit: [String: [ProgressRecord]] = [:]
        for r in progress where r.date <= asOf { byUnit[r.unit, default: []].append(r) }
        var rows: [MilestoneForecast] = []
        let root = SeededGenerator(seed: seed)
        for (ui, unit) in byUnit.keys.sorted().enumerated() {
            // Stable sort by date; the last record of a day wins.
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
            let last = points[points.count - 1]
            let windowStart = last.date.adding(months: -recentMonths)
            let firstIndex = Swift.max(0, (points.lastIndex { $0.date <= windowStart } ?? 0))
            var events = 0.0, poolMonths = 0.0
            for k in (firstIndex + 1)..<points.count {
                let a = points[k - 1], b = points[k]
                let m = Double(b.date.ordinal - a.date.ordinal) / PaceBaseline.daysPerMonth
                let shareA = a.total > 0 ? a.completed / a.total : 0
                let shareB = b.total > 0 ? b.completed / b.total : 0
                let delta = Swift.max(0, (shareB - shareA) * b.total)
                let pool = (1 - shareA) * b.total
                events += delta
                poolMonths += m * Swift.max(0, pool - delta / 2)
            }
            let window = points[firstIndex...].map { (date: $0.date, percent: $0.total > 0 ? 100 * $0.completed / $0.total : 0) }
            let pace = PaceBaseline(history: Array(window))
            let total = Int(last.total.rounded())
            let completed0 = Int(last.completed.rounded())
            let current = last.total > 0 ? 100 * last.completed / last.total : 0

            // Grid: month steps from the last record, merged with the milestone dates.
            let lastMilestone = milestones[milestones.count - 1].date
            var grid: [Day] = []
            var k = 1
            while true {
                let d = last.date.adding(months: k)
                if d > lastMilestone.adding(months: monthsBeyondLastMilestone) { break }
                grid.append(d); k += 1
            }
            grid = Array(Set(grid + milestones.map(\.date).filter { $0 > last.date })).sorted()
            let milestoneSlot = milestones.map { m in grid.firstIndex(of: m.date).map { $0 + 1 } ?? 0 }
            let K = milestones.count, S = scenarios
            var shares = [[Double]](repeating: [Double](repeating: 0, count: S), count: K)
            var reach = [[Int]](repeating: [Int](repeating: Int.max, count: S), count: K)
            var rng = root.split(stream: UInt64(ui))
            for s in 0..<S {
                let lambda = poolMonths > 0 ? rng.gamma(shape: 0.5 + events) / poolMonths : 0
                var c = completed0, prev = last.date
                var path = [Double](repeating: current, count: grid.count + 1)  // slot 0: the last record
                for (g, d) in grid.enumerated() {
                    let dt = Double(d.ordinal - prev.ordinal) / PaceBaseline.daysPerMonth
                    c += rng.binomial(total - c, -expm1(-lambda * dt))
                    path[g + 1] = total > 0 ? 100 * Double(c) / Double(total) : 0
                    prev = d
                }
                for k in 0..<K {
                    shares[k][s] = path[milestoneSlot[k]]
                    if let first = path.firstIndex(where: { $0 >= milestones[k].targetPercent - 1e-9 }) {
                        reach[k][s] = first
                    }
                }
            }
            for k in 0..<K {
                let summary = ScenarioSummary(shares: shares[k], target: milestones[k].targetPercent)
                let r = reach[k].sorted()[(S + 1) / 2 - 1]
                let median: Day? = r == Int.max ? nil : (r == 0 ? last.date : grid[r - 1])
                let b = pace.evaluate(targetPercent: milestones[k].targetPercent, on: milestones[k].date)
                rows.append(MilestoneForecast(
                    unit: ForecastUnit(level: .reported, name: unit), milestoneDate: milestones[k].date,
                    targetPercent: milestones[k].targetPercent, asOf: asOf, currentPercent: current,
                    currentOpen: total, method: "binomial_pool", probability: summary.probability,
                    expectedPercent: summary.mean, lowerPercent: summary.p10, upperPercent: summary.p90,
                    medianDateReached: median, recentPacePerMonth: pace.recentPacePerMonth,
                    linearProjectionPercent: b.linearProjectionPercent,
                    requiredPacePerMonth: b.requiredPacePerMonth, paceProbability: b.probability,
                    smoothedPaceProbability: b.smoothedProbability))
            }
        }
        return rows
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
