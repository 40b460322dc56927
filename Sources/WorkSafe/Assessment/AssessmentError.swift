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

    public var description: String {
        switch self {
        case .malformedRules(let why): "malformed assessment rules: \(why)"
        case .unknownRule(let name): "unknown assessment rule '\(name)'"
        case .invalidRule(let name, let reason): "invalid assessment rule '\(name)': \(reason)"
        case .invalidYear(let y): "invalid assessment year \(y)"
        }
    }
}
