/// One row of the plan's `required.csv`: what a unit needs for a milestone — the forecast as it
/// stands, and the smallest number of new completions per month that reaches the target with the
/// plan's confidence by the model (`ForcedCompletions` defines forcing; `docs/plan.md`).
public struct RequiredPace: Hashable, Sendable {
    /// Whether and how the target can be held with the confidence.
    public enum Status: String, Hashable, Sendable {
        /// The probability as it stands already reaches the confidence: 0 required.
        case alreadyLikely = "already_likely"
        /// `requiredCompletionsPerMonth` new completions per month reach the confidence.
        case required
        /// Not even every pool member completing in the first month reaches the confidence
        /// (lapses, entrants or a target above what the open enterprises allow).
        case outOfReach = "out_of_reach"
        /// No whole month is left before the milestone, and as it stands it is short.
        case noMonthLeft = "no_month_left"

        /// The Chinese label.
        public var chineseLabel: String {
            switch self {
            case .alreadyLikely: "已有把握"
            case .required: "需加快"
            case .outOfReach: "无法达到"
            case .noMonthLeft: "已无整月"
            }
        }
    }

    /// The unit.
    public var unit: ForecastUnit
    /// The milestone.
    public var milestone: Milestone
    /// The as-of date.
    public var asOf: Day
    /// The confidence asked for (0–1).
    public var confidence: Double
    /// The share on the as-of date, percent, and the enterprises open then.
    public var currentPercent: Double, currentOpen: Int
    /// Enterprises open and not completed on the as-of date (the pool before closures).
    public var notCompleted: Int
    /// Completed enterprises whose grade expires by the milestone with no renewal recorded
    /// (each lapses in the model unless renewed).
    public var expiringBeforeMilestone: Int
    /// The forecast's probability of the target as things stand (the forecast row's).
    public var probabilityAsIs: Double
    /// The forecast's expected share on the milestone date, percent.
    public var expectedPercentAsIs: Double
    /// The expected natural new completions among the pool per month from the as-of date to the
    /// milestone (the months counted with the rest of the as-of month as a fraction).
    public var expectedCompletionsPerMonthAsIs: Double
    /// The smallest N (new completions per month, from `firstMonth`) with probability ≥
    /// `confidence`; 0 when already likely; `nil` when out of reach or no month is left.
    public var requiredCompletionsPerMonth: Int?
    /// The model's probability with `requiredCompletionsPerMonth` forced (`nil` without it).
    public var probabilityAtRequired: Double?
    /// The first calendar month of forcing (its last day), and how many months up to the
    /// milestone's month.
    public var firstMonth: Day?, months: Int
    /// Cumulative new completions the pace asks for by each quarter end up to the milestone
    /// (N × months elapsed, at most `notCompleted`).
    public var requiredByQuarterEnd: [QuarterTarget]
    /// The status.
    public var status: Status
    /// The unit's top priority enterprises (names, best first; `CampaignPlanner.top`).
    public var topPriorities: [String]
}

/// Cumulative new completions asked for by a quarter end.
public struct QuarterTarget: Hashable, Sendable {
    /// The quarter's last day.
    public var quarterEnd: Day
    /// New completions since the as-of date by then.
    public var completions: Int
}

/// The inverse problem of one unit and milestone: the per-scenario counts the plan needs, and
/// the probability of the target when N per month are forced.
struct RequiredPaceProblem {
    let scenarios: Int
    let target: Double
    /// Per scenario: completed and open on the milestone date as simulated, the pool.
    let completed: [Int], open: [Int], pool: [Int]
    /// Per scenario, the cumulative natural completions A(0 … M), `months1` = M + 1 each.
    let natural: [Int32], monthsPlusOne: Int

    init(recorder r: ScenarioRecorder, unit u: Int, milestone k: Int, target: Double) {
        scenarios = r.scenarios; self.target = target
        let m1 = Swift.max(0, r.lastMonth[k] + 1)
        monthsPlusOne = m1
        var c = [Int](), o = [Int](), p = [Int](), a = [Int32]()
        c.reserveCapacity(scenarios); o.reserveCapacity(scenarios); p.reserveCapacity(scenarios)
        a.reserveCapacity(scenarios * m1)
        var cumulative: [Int] = []
        for s in 0..<r.scenarios {
            let n = r.counts(s, unit: u, milestone: k)
            c.append(n.completed); o.append(n.open); p.append(n.pool)
            r.cumulativeNatural(s, unit: u, milestone: k, into: &cumulative)
            a += cumulative.map { Int32($0) }
        }
        completed = c; open = o; pool = p; natural = a
    }

    /// Scenarios reaching the target with `n` per month forced.
    func reached(perMonth n: Int) -> Int {
        natural.withUnsafeBufferPointer { all in
            var count = 0
            for s in 0..<scenarios where open[s] > 0 {
                let a = UnsafeBufferPointer(rebasing: all[(s * monthsPlusOne)..<((s + 1) * monthsPlusOne)])
                let extra = monthsPlusOne == 0 ? 0
                    : ForcedCompletions.completedByMilestone(a, pool: pool[s], perMonth: n) - Int(a[monthsPlusOne - 1])
                if Milestone.isReached(100 * Double(completed[s] + extra) / Double(open[s]), target: target) { count += 1 }
            }
            return count
        }
    }

    /// The probability with the forecast's continuity correction, `(k + ½)/(S + 1)`.
    func probability(perMonth n: Int) -> Double { (Double(reached(perMonth: n)) + 0.5) / Double(scenarios + 1) }

    /// The mean natural completions by the milestone, A(M).
    var meanNaturalCompletions: Double {
        guard monthsPlusOne > 0 else { return 0 }
        var sum = 0.0
        for s in 0..<scenarios { sum += Double(natural[s * monthsPlusOne + monthsPlusOne - 1]) }
        return sum / Double(scenarios)
    }

    /// The smallest N with `probability(perMonth: N) ≥ confidence`, by bisection (the
    /// probability is non-decreasing in N); `nil` when even N = the largest pool does not reach
    /// it, or there is no month to force (M < 1).
    func smallestSufficient(confidence: Double) -> (perMonth: Int, probability: Double)? {
        let p0 = probability(perMonth: 0)
        if p0 >= confidence { return (0, p0) }
        guard monthsPlusOne >= 2, let most = pool.max(), most > 0 else { return nil }
        let pMost = probability(perMonth: most)
        guard pMost >= confidence else { return nil }
        var lo = 0, hi = most, pHi = pMost           // probability(lo) < confidence ≤ probability(hi)
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            let p = probability(perMonth: mid)
            if p >= confidence { hi = mid; pHi = p } else { lo = mid }
        }
        return (hi, pHi)
    }
}
