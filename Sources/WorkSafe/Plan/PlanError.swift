/// Why a plan cannot be made from the request (all usage errors: the data are fine, the question
/// is not).
public enum PlanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A setting is out of range (`detail` says which).
    case invalidConfiguration(detail: String)
    /// The as-of date is before the first status recorded in the ledger.
    case asOfBeforeData(asOf: Day, firstRecorded: Day?)
    /// No milestone falls after the as-of date.
    case asOfAfterLastMilestone(asOf: Day, lastMilestone: Day?)

    public var description: String {
        switch self {
        case let .invalidConfiguration(d): return "plan: \(d)"
        case let .asOfBeforeData(asOf, first?):
            return "plan: --as-of \(asOf) is before the data (the first status is recorded on \(first))"
        case let .asOfBeforeData(asOf, nil):
            return "plan: --as-of \(asOf) is before the data (no status is recorded)"
        case let .asOfAfterLastMilestone(asOf, last?):
            return "plan: --as-of \(asOf) is on or after the last milestone (\(last)): nothing left to plan"
        case let .asOfAfterLastMilestone(asOf, nil):
            return "plan: --as-of \(asOf): the campaign has no milestone"
        }
    }
}
