import Linalg

/// Errors of the regression estimators (OLS and nonlinear least squares). Every invalid input
/// becomes one of these; nothing traps on user data.
public enum RegressionError: Error, Equatable, Sendable {
    /// The design and the response disagree in length, or the starting point / bounds do not
    /// match the number of parameters.
    case dimensionMismatch(detail: String)
    /// Fewer observations than needed: `observations` must exceed `parameters` so that the
    /// residual variance has at least one degree of freedom.
    case tooFewObservations(observations: Int, parameters: Int)
    /// The input holds NaN or ±∞ (`row` is the observation, `column` the variable; `-1` for the
    /// response).
    case nonFinite(row: Int, column: Int)
    /// The design (or the Jacobian at the solution) is rank deficient: parameter `column`
    /// (0-based) is not identified.
    case rankDeficient(column: Int)
    /// A bound is violated by the starting point or a lower bound exceeds its upper bound.
    case invalidBounds(parameter: Int, detail: String)
    /// The model returned a non-finite value at the starting point.
    case nonFiniteModel(detail: String)
    /// A configuration value is out of range (a tolerance, a confidence level…).
    case invalidConfiguration(detail: String)
}

extension RegressionError: CustomStringConvertible {
    /// A readable one-line message.
    public var description: String {
        switch self {
        case let .dimensionMismatch(detail): "dimension mismatch: \(detail)"
        case let .tooFewObservations(n, p):
            "\(n) observations cannot estimate \(p) parameters with a residual variance (need more than \(p))"
        case let .nonFinite(row, column):
            column < 0 ? "the response holds a non-finite value at row \(row)"
                : "the input holds a non-finite value at row \(row), column \(column)"
        case let .rankDeficient(column): "the design is rank deficient: parameter \(column) is not identified"
        case let .invalidBounds(parameter, detail): "invalid bounds for parameter \(parameter): \(detail)"
        case let .nonFiniteModel(detail): "the model is not finite: \(detail)"
        case let .invalidConfiguration(detail): "invalid configuration: \(detail)"
        }
    }
}

extension RegressionError {
    /// Maps a rank-deficiency error of the QR factorization (1-based LAPACK index) to
    /// `.rankDeficient`, passing other errors through.
    static func fromLinalg(_ error: Error) -> Error {
        if case let LinalgError.singular(_, index) = error { return RegressionError.rankDeficient(column: index - 1) }
        return error
    }
}
