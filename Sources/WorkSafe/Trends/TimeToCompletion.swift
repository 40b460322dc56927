import Stats

/// Time to completion per unit, by Kaplan–Meier.
///
/// For each enterprise known by the as-of date, the clock starts at its *origin*: the campaign
/// start, or its opening date when it opened later. The event is its first status that counts
/// as completed (a completion recorded before the origin gives a time of 0; one on or after the
/// closure day does not count). Enterprises without a completion are censored at the as-of date
/// or at their closure, whichever is first. Enterprises that closed on or before their origin,
/// or whose origin is after the as-of date, are left out. Times are in days (months are
/// days / 30.436875). The curve, Greenwood intervals and median are `Stats.KaplanMeier`'s
/// (lifelines' definitions).
public struct TimeToCompletion: Sendable, Hashable {
    /// The unit.
    public var unit: String
    /// Enterprises in the analysis.
    public var enterprises: Int
    /// Completions observed (events).
    public var completions: Int
    /// Enterprises censored (not completed by the as-of date or closure).
    public var censored: Int
    /// The Kaplan–Meier fit, when there is at least one enterprise.
    public var curve: KaplanMeier.Fitted?
    /// Why values are missing.
    public var note: String

    /// Median days to completion (`nil` when not reached).
    public var medianDays: Double? { curve.flatMap { $0.medianSurvivalTime.isFinite ? $0.medianSurvivalTime : nil } }
    /// Lower end of the median's 95 % interval in days.
    public var medianLowerDays: Double? { curve.flatMap { $0.medianInterval.lower.isFinite ? $0.medianInterval.lower : nil } }
    /// Upper end of the median's 95 % interval in days (`nil` when unbounded).
    public var medianUpperDays: Double? { curve.flatMap { $0.medianInterval.upper.isFinite ? $0.medianInterval.upper : nil } }
    /// The Kaplan–Meier share completed by the end of follow-up, `1 − S(last time)`, in percent.
    public var completedPercentAtEnd: Double? { curve.map { 100 * (1 - ($0.survival.last ?? 1)) } }

    /// The durations and event flags of the enterprises of each unit, as fed to Kaplan–Meier.
    static func durations(ledger: Ledger, campaign: Campaign, grouping: TrendGrouping, asOf: Day)
        -> [String: (durations: [Double], observed: [Bool])]
    {
        var result: [String: (durations: [Double], observed: [Bool])] = [:]
        for e in ledger.enterprises {
            let origin = max(campaign.start, e.openedOn ?? campaign.start)
            guard origin <= asOf else { continue }                     // the clock has not started
            if let c = e.closedOn, c <= origin { continue }              // closed before it started
            let end = min(asOf, e.closedOn ?? asOf)                      // end of follow-up
            // An enterprise closed on day c is not open on c: a completion must come before it.
            let first = (ledger.timelines[e.id] ?? []).first { event in
                event.status.countsAsCompleted && event.date <= end
                    && (e.closedOn.map { event.date < $0 } ?? true)
            }
            let unit = grouping.unit(of: e)
            if let first {
                result[unit, default: ([], [])].durations.append(Double(max(0, first.date.ordinal - origin.ordinal)))
                result[unit, default: ([], [])].observed.append(true)
            } else {
                result[unit, default: ([], [])].durations.append(Double(end.ordinal - origin.ordinal))
                result[unit, default: ([], [])].observed.append(false)
            }
        }
        return result
    }

    /// One result per unit of `grouping`, in `grouping.units` order.
    public static func estimate(ledger: Ledger, campaign: Campaign, grouping: TrendGrouping,
                                asOf: Day) -> [TimeToCompletion] {
        // `durations` never looks past `asOf` (events after the end of follow-up are ignored,
        // closures after it do not end follow-up), so the ledger need not be copied by `asOf`.
        let data = durations(ledger: ledger, campaign: campaign, grouping: grouping, asOf: asOf)
        let known = ledger.enterprises.filter { e in e.openedOn.map { $0 <= asOf } ?? true }
        return grouping.units(of: known).map { unit in
            guard let d = data[unit], !d.durations.isEmpty else {
                return TimeToCompletion(unit: unit, enterprises: 0, completions: 0, censored: 0, curve: nil,
                                        note: "no enterprises in this group on or before the as-of date")
            }
            let events = d.observed.filter { $0 }.count
            let curve = try? KaplanMeier().fit(durations: d.durations, observed: d.observed)
            var notes: [String] = []
            if events == 0 { notes.append("no completion yet: every enterprise is censored") }
            if let curve, !curve.medianSurvivalTime.isFinite, events > 0 {
                notes.append("median not reached: fewer than half completed by the end of follow-up")
            } else if let curve, curve.medianSurvivalTime.isFinite, !curve.medianInterval.upper.isFinite {
                notes.append("median's upper confidence limit not reached")
            }
            return TimeToCompletion(unit: unit, enterprises: d.durations.count, completions: events,
                                    censored: d.durations.count - events, curve: curve,
                                    note: notes.joined(separator: "; "))
        }
    }
}
