/// What "at least N completions per month" means in the plan, and how its outcome follows from a
/// scenario's natural completions.
///
/// **Definition.** A unit's *pool* for a milestone is its enterprises that are open and not
/// completed on the as-of date and still open on the milestone date (only they can add to the
/// share on that date). Forcing N per month: in every whole calendar month after the as-of
/// month up to the milestone's month (months 1 … M; the rest of the as-of month, month 0, runs
/// as the model says), at least N pool members newly complete. The model's own completions count
/// towards N; a shortfall is made up from the members not yet completed, those the model has
/// completing soonest first. Everything else in the scenario — other units' enterprises, grades
/// that expire and are renewed or lapse, closures, entrants — is as simulated.
///
/// **Outcome from the natural counts.** Let A(t) be the pool members the model completes by the
/// end of month t and P the pool's size. Under the rule, the members completed by the end of
/// month t are always the first F(t) in order of their natural completion month, with
///
///     F(0) = A(0),   F(t) = min(P, max(A(t), F(t − 1) + N))   (t = 1 … M),
///
/// by induction: those whose natural month is t complete in t, and when that leaves the month
/// short of N, the next ones in natural order are brought forward. So the completed count on the
/// milestone date is the simulated one plus `F(M) − A(M)`, and only the unit's monthly natural
/// counts need to be recorded per scenario (`ScenarioRecorder`).
///
/// **A guarantee.** Whatever enterprises make up a shortfall, by induction the completed count
/// is at least F(t) (it is at least A(t), and at least the previous month's plus N), so F is the
/// least favourable choice and a pace that reaches the target with probability p under this
/// rule reaches it with at least p under any other. F is non-decreasing in N, hence so is the
/// probability, and the smallest sufficient N can be found by bisection.
enum ForcedCompletions {
    /// `F(M)` for the cumulative natural completions `natural` (A(0) … A(M); empty when the
    /// milestone falls before the end of the as-of month), pool size `pool` and `perMonth` = N.
    ///
    /// - Complexity: O(M).
    static func completedByMilestone(natural: [Int], pool: Int, perMonth n: Int) -> Int {
        natural.map { Int32($0) }.withUnsafeBufferPointer { completedByMilestone($0, pool: pool, perMonth: n) }
    }

    /// The same on a contiguous slice of a flat buffer (the solver's storage).
    @inline(__always)
    static func completedByMilestone(_ natural: UnsafeBufferPointer<Int32>, pool: Int, perMonth n: Int) -> Int {
        guard natural.count > 0 else { return 0 }
        var f = Swift.min(Int(natural[0]), pool)
        var t = 1
        while t < natural.count {
            f = Swift.min(pool, Swift.max(Int(natural[t]), f + n))
            t += 1
        }
        return f
    }
}
