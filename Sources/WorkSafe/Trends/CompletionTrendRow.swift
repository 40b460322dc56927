/// One row of the completion trend: a unit's completion state at a period end and what changed
/// during the period. Optional values are unknown for a reason recorded in `notes`.
public struct CompletionTrendRow: Sendable, Hashable {
    /// The grouping (`town`, `community`, …; `progress` for aggregate input).
    public var grouping: String
    /// The unit (a community name, `town`, a size class…).
    public var unit: String
    /// The last day of the period (or the as-of date for a partial period).
    public var periodEnd: Day
    /// Whether the period is cut short by the as-of date.
    public var isPartialPeriod: Bool
    /// Enterprises open and completed on `periodEnd` (the numerator).
    public var completed: Int?
    /// Enterprises open on `periodEnd` (the denominator).
    public var open: Int?
    /// `100 · completed / open`.
    public var sharePercent: Double?
    /// Wilson 95 % interval of the share, in percent.
    public var wilsonLowerPercent: Double?
    /// Wilson 95 % interval of the share, in percent.
    public var wilsonUpperPercent: Double?
    /// Enterprises completed and open at this period end that were not (completed and open) at
    /// the previous one: new completions, renewals after a lapse, and enterprises that opened
    /// already completed.
    public var completions: Int?
    /// Enterprises open at both ends, completed at the previous end and not at this one.
    public var lapses: Int?
    /// Enterprises completed at the previous end that closed during the period.
    public var closures: Int?
    /// `completed − completed at the previous end` (= completions − lapses − closures for
    /// ledger input).
    public var netChange: Int?
    /// Completions per month over the last three periods (fewer at the campaign start).
    public var pacePerMonth: Double?
    /// The time-proportional schedule (序时进度) for `periodEnd`, in percent.
    public var schedulePercent: Double
    /// `sharePercent − schedulePercent` (negative: behind schedule).
    public var gapPercent: Double?
    /// Why a value is missing or how it was derived; empty when nothing needs saying.
    public var notes: [String]

    /// A row; every optional starts unknown.
    public init(grouping: String, unit: String, periodEnd: Day, isPartialPeriod: Bool,
                schedulePercent: Double) {
        self.grouping = grouping
        self.unit = unit
        self.periodEnd = periodEnd
        self.isPartialPeriod = isPartialPeriod
        self.schedulePercent = schedulePercent
        self.notes = []
    }

    /// The notes joined with "; ".
    public var note: String { notes.joined(separator: "; ") }
}

/// Notes that explain missing or derived values in trend rows (English; stable wording so that
/// scripts can match them).
public enum TrendNote {
    public static let noEnterprisesOpen = "no enterprises open in this group on this date"
    public static let noStatusRecordedYet = "no status recorded in the ledger by this date: every open enterprise counts as not completed"
    public static let partialPeriod = "partial period up to the as-of date"
    public static let beforeFirstReport = "before the unit's first report"
    public static let shareOnly = "reported as a share only: counts, interval and changes unknown"
    public static let paceFromNetChange = "pace from the net change of completed counts (aggregate input)"
    public static let noPaceBeforeWindow = "pace unknown: no counted report at the start of the pace window"
    public static let noChangesAtFirstReport = "changes unknown at the unit's first report"
    public static func carriedForward(from day: Day) -> String { "carried forward from the report of \(day)" }
    public static let allCompleted = "all open enterprises completed"
}
