#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The naive baselines shown beside every model forecast: the recent pace extrapolated linearly,
/// and the pace required to reach a target in the time left.
///
/// From a unit's observed share at a few dates up to the as-of date (the recent window), the
/// recent pace is `(last − first)/months spanned` in percentage points per month (months are
/// `days / 30.4375`). The linear projection to a milestone is `current + pace·monthsLeft`, clamped
/// to 0–100. As a probability the baseline is 1 when the projection reaches the target, else 0;
/// its smoothed version treats the share as a random walk with drift `pace` and per-month standard
/// deviation σ (the standard deviation of the per-month changes between consecutive dates of the
/// window), giving `Φ((projection − target)/(σ·√monthsLeft))` — 0/1 again when σ = 0 or fewer
/// than two changes are observed.
public struct PaceBaseline: Sendable, Hashable {
    /// Average days per month used to turn day spans into months.
    public static let daysPerMonth = 30.4375

    /// The as-of date (the last history date).
    public let asOf: Day
    /// The share on the as-of date, percent.
    public let currentPercent: Double
    /// Percentage points per month over the window.
    public let recentPacePerMonth: Double
    /// Standard deviation of the per-month change (points), 0 when unknown.
    public let monthlyChangeSD: Double

    /// The baseline from `history` (date, share percent), sorted by date; the last entry is the
    /// as-of state. With a single entry the pace is 0.
    public init(history: [(date: Day, percent: Double)]) {
        precondition(!history.isEmpty, "PaceBaseline needs at least the as-of share")
        let last = history[history.count - 1], first = history[0]
        asOf = last.date
        currentPercent = last.percent
        let span = Double(last.date.ordinal - first.date.ordinal) / PaceBaseline.daysPerMonth
        recentPacePerMonth = span > 0 ? (last.percent - first.percent) / span : 0
        var rates: [Double] = []
        for k in 1..<history.count {
            let m = Double(history[k].date.ordinal - history[k - 1].date.ordinal) / PaceBaseline.daysPerMonth
            if m > 0 { rates.append((history[k].percent - history[k - 1].percent) / m) }
        }
        if rates.count >= 2 {
            let mean = rates.reduce(0, +) / Double(rates.count)
            monthlyChangeSD = (rates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rates.count - 1)).squareRoot()
        } else {
            monthlyChangeSD = 0
        }
    }

    /// The baseline's answer for a target on `date`.
    public func evaluate(targetPercent: Double, on date: Day)
        -> (linearProjectionPercent: Double, requiredPacePerMonth: Double,
            probability: Double, smoothedProbability: Double)
    {
        let months = Swift.max(0, Double(date.ordinal - asOf.ordinal) / PaceBaseline.daysPerMonth)
        let raw = currentPercent + recentPacePerMonth * months
        let projection = Swift.min(100, Swift.max(0, raw))
        let gap = targetPercent - currentPercent
        let required = gap <= 0 ? 0 : (months > 0 ? gap / months : Double.infinity)
        let hard: Double = Milestone.isReached(projection, target: targetPercent) ? 1 : 0
        var smooth = hard
        let sd = monthlyChangeSD * months.squareRoot()
        if sd > 0 {
            smooth = 0.5 * erfc(-(raw - targetPercent) / sd / 2.0.squareRoot())
        }
        return (projection, required, hard, smooth)
    }
}
