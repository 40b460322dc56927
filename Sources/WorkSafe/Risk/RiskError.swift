/// Errors of risk grading and risk clustering. Bad user input (rules files, risk points, feature
/// tables) becomes one of these with a message naming what is wrong; nothing traps.
public enum RiskError: Error, Equatable, Sendable {
    /// The grading rules are inconsistent or unreadable (`detail` says which field and why).
    case invalidRules(detail: String)
    /// A risk point cannot be graded: a missing factor, or a factor that is not a positive number.
    case invalidRiskPoint(enterpriseID: String, point: String, detail: String)
    /// There is nothing to cluster (no enterprise has a risk observation for the period).
    case noObservations(detail: String)
    /// A cluster count or feature option that does not fit the data.
    case invalidClustering(detail: String)
}

extension RiskError: CustomStringConvertible {
    /// A readable one-line message.
    public var description: String {
        switch self {
        case let .invalidRules(detail):
            return "grading rules: \(detail)"
        case let .invalidRiskPoint(id, point, detail):
            return "risk point '\(point)' of enterprise \(id): \(detail)"
        case let .noObservations(detail):
            return "risk clustering: \(detail)"
        case let .invalidClustering(detail):
            return "risk clustering: \(detail)"
        }
    }
}
