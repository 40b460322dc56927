/// Errors from the linear algebra layer. Every non-zero LAPACK `info` and every invalid input
/// that would otherwise reach BLAS/LAPACK becomes one of these; nothing traps on user data.
public enum LinalgError: Error, Equatable, Sendable {
    /// Operand shapes do not fit the operation.
    case dimensionMismatch(operation: String, detail: String)
    /// An input holds NaN or ±∞ at `(row, column)`.
    case nonFinite(operation: String, row: Int, column: Int)
    /// The matrix is singular (or rank-deficient for least squares); `index` is LAPACK's
    /// 1-based position of the zero pivot or diagonal element of R.
    case singular(operation: String, index: Int)
    /// Cholesky failed: the leading minor of order `order` is not positive definite.
    case notPositiveDefinite(operation: String, order: Int)
    /// An iterative LAPACK routine did not converge (`info > 0`).
    case noConvergence(routine: String, info: Int)
    /// Any other non-zero LAPACK `info` (an illegal argument is a bug in worksafe).
    case lapackFailure(routine: String, info: Int)
    /// The problem is too large for LAPACK's 32-bit integers.
    case tooLarge(operation: String, detail: String)
}

extension LinalgError: CustomStringConvertible {
    /// A readable one-line message.
    public var description: String {
        switch self {
        case let .dimensionMismatch(op, detail):
            return "\(op): dimension mismatch: \(detail)"
        case let .nonFinite(op, row, column):
            return "\(op): input holds a non-finite value (NaN or infinity) at row \(row), column \(column)"
        case let .singular(op, index):
            return "\(op): matrix is singular (zero pivot at position \(index))"
        case let .notPositiveDefinite(op, order):
            return "\(op): matrix is not positive definite (leading minor of order \(order) fails)"
        case let .noConvergence(routine, info):
            return "\(routine): did not converge (info = \(info))"
        case let .lapackFailure(routine, info):
            return "\(routine): LAPACK reported info = \(info)"
        case let .tooLarge(op, detail):
            return "\(op): too large for 32-bit LAPACK indices: \(detail)"
        }
    }
}
