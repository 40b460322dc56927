/// What can go wrong when reading assessment rules or assessing a period.
public enum AssessmentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rules file is not valid JSON/TOML or a value has the wrong type.
    case malformedRules(String)
    /// The rules file names a rule that does not exist (probably a typo).
    case unknownRule(String)
    /// A rule has a value outside its allowed range (e.g. negative points).
    case invalidRule(name: String, reason: String)
    /// The year is outside the range the ledger model supports.
    case invalidYear(Int)
    /// The year or quarter ends before the campaign starts: there is nothing to assess.
    /// `assessable` names the periods that can be assessed (`nil` when unknown).
    case periodBeforeCampaign(period: String, campaignStart: Day, assessable: String?)
    /// The year or quarter starts after the last day the ledger records anything.
    case periodAfterData(period: String, lastRecordedDay: Day, assessable: String?)
    /// The rules can make a score overflow (points too large to add up).
    case overflowingRules(String)

    public var description: String {
        switch self {
        case .malformedRules(let why): "malformed assessment rules: \(why)"
        case .unknownRule(let name): "unknown assessment rule '\(name)'"
        case .invalidRule(let name, let reason): "invalid assessment rule '\(name)': \(reason)"
        case .invalidYear(let y): "invalid assessment year \(y)"
        case let .periodBeforeCampaign(period, start, range):
            "\(period) ends before the campaign starts on \(start): there is nothing to assess"
                + (range.map { "; periods that can be assessed: \($0)" } ?? "")
        case let .periodAfterData(period, last, range):
            "\(period) starts after the last day the data record anything (\(last)): there is no data to assess"
                + (range.map { "; periods that can be assessed: \($0)" } ?? "")
        case .overflowingRules(let why): "invalid assessment rules: \(why)"
        }
    }

    /// Whether the error says the period cannot be assessed (before the campaign, after the data).
    public var isOutsideAssessablePeriods: Bool {
        switch self {
        case .periodBeforeCampaign, .periodAfterData: true
        default: false
        }
    }
}
