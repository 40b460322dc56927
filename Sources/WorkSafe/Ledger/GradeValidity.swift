/// How long a completion counts: a grade (or 达标, or 已完成提升) is valid for a number of months
/// from the day it was granted or last renewed, and lapses on the day its validity ends unless
/// a renewal was recorded before (滚动管理).
///
/// In the ledger a grant and a renewal are both status events with a completed status, so on a
/// day *d* an enterprise counts as completed under a validity of *V* months when it is open, its
/// latest status event on or before *d* has a completed status, and *d* is before that event's
/// date plus *V* months (`Day.adding(months:)`). A recorded `lapsed` status ends a completion
/// earlier, as always; *V* ≤ 0 means grades never lapse by age.
///
/// `worksafe trend`, `forecast`, `backtest` and `plan` all count completions this way with the
/// campaign's `validityMonths` (`--validity-months`), so a grade that ran out without a renewal
/// recorded is not completed in the trend, and is a lapsed enterprise, back in the pool, in the
/// forecast.
public enum GradeValidity {
    /// Whether `event` (the latest status event on or before `day`, or `nil`) makes its
    /// enterprise completed on `day` under a validity of `validityMonths` (the enterprise being
    /// open is checked by the caller).
    public static func counts(_ event: StatusEvent?, on day: Day, validityMonths: Int) -> Bool {
        guard let event, event.status.countsAsCompleted else { return false }
        return validityMonths <= 0 || day < event.date.adding(months: validityMonths)
    }

    /// The day a completion recorded by `event` stops counting unless renewed (`nil` when grades
    /// never lapse by age).
    public static func expiry(of event: StatusEvent, validityMonths: Int) -> Day? {
        validityMonths > 0 ? event.date.adding(months: validityMonths) : nil
    }
}

extension Ledger {
    /// The latest status event of `id` on or before `day` (the last recorded one on that day).
    ///
    /// - Complexity: O(log *e*) for *e* events of that enterprise.
    public func latestEvent(of id: String, on day: Day) -> StatusEvent? {
        guard let events = timelines[id] else { return nil }
        return Ledger.latestEvent(in: events, on: day)
    }

    /// Whether `enterprise` counts as completed on `day` with grades valid `validityMonths` months
    /// from their grant or last renewal (`GradeValidity`).
    public func isCompleted(_ enterprise: Enterprise, on day: Day, validityMonths: Int) -> Bool {
        enterprise.isOpen(on: day)
            && GradeValidity.counts(latestEvent(of: enterprise.id, on: day), on: day, validityMonths: validityMonths)
    }

    /// The enterprises open on `day` and how many of them are completed with grades valid
    /// `validityMonths` months (`GradeValidity`).
    public func completion(on day: Day, validityMonths: Int, where include: (Enterprise) -> Bool = { _ in true })
        -> (completed: Int, open: Int)
    {
        var completed = 0, open = 0
        for e in enterprises where include(e) && e.isOpen(on: day) {
            open += 1
            if GradeValidity.counts(latestEvent(of: e.id, on: day), on: day, validityMonths: validityMonths) {
                completed += 1
            }
        }
        return (completed, open)
    }
}
