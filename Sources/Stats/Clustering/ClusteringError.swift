import Linalg

/// Errors from clustering and decomposition (`KMeans`, `Silhouette`, `PCA`). Every invalid user
/// input becomes one of these; nothing traps on user data.
public enum ClusteringError: Error, Equatable, Sendable {
    /// The data has no rows (or no columns).
    case emptyInput(operation: String)
    /// The data holds NaN or ±∞ at `(row, column)` (0-based).
    case nonFinite(operation: String, row: Int, column: Int)
    /// A configuration value is out of range, e.g. `k < 1` or `maxIterations < 1`.
    case invalidParameter(name: String, detail: String)
    /// More clusters were asked for than there are samples.
    case tooFewSamples(operation: String, samples: Int, required: Int)
    /// More clusters were asked for than there are distinct rows: k-means would have to return
    /// duplicate centroids, so it refuses instead.
    case tooFewDistinctPoints(k: Int, distinct: Int)
    /// Shapes disagree: initial centers, labels or new data do not fit the data.
    case dimensionMismatch(operation: String, detail: String)
    /// The silhouette needs between 2 and `n − 1` distinct labels.
    case invalidLabelCount(labels: Int, samples: Int)
    /// A value at `(row, column)` (0-based) is so large that squared distances overflow.
    case valuesTooLarge(operation: String, row: Int, column: Int, value: Double)
}

extension ClusteringError: CustomStringConvertible {
    /// A readable one-line message.
    public var description: String {
        switch self {
        case let .emptyInput(op):
            return "\(op): the data has no rows or no columns"
        case let .nonFinite(op, row, column):
            return "\(op): missing or non-finite value (NaN or infinity) at row \(row + 1), column \(column + 1)"
        case let .invalidParameter(name, detail):
            return "invalid \(name): \(detail)"
        case let .tooFewSamples(op, samples, required):
            if op == "k-means" {
                return "k-means: \(required) clusters need at least \(required) rows, got \(samples)"
            }
            return "\(op): needs at least \(required) rows, got \(samples)"
        case let .tooFewDistinctPoints(k, distinct):
            return "k-means: k = \(k) clusters asked for but the data has only \(distinct) distinct rows"
        case let .dimensionMismatch(op, detail):
            return "\(op): dimension mismatch: \(detail)"
        case let .invalidLabelCount(labels, samples):
            return "silhouette: needs 2 to n − 1 = \(samples - 1) distinct labels, got \(labels)"
        case let .valuesTooLarge(op, row, column, value):
            return "\(op): the value \(value) at row \(row + 1), column \(column + 1) is too large: squared distances would overflow (keep values within about ±1e150, or standardize)"
        }
    }
}

/// Throws `ClusteringError.valuesTooLarge` at the largest value of `x` when it exceeds 1e150 in
/// magnitude (squares and sums of squares of such values overflow).
func requireModerateData(_ x: Matrix, _ operation: String) throws {
    var worst = (row: -1, column: 0, value: 0.0)
    x.withUnsafeBufferPointer { p in
        for i in 0..<x.rows {
            for t in 0..<x.columns where abs(p[i * x.columns + t]) > abs(worst.value) {
                worst = (i, t, p[i * x.columns + t])
            }
        }
    }
    if worst.row >= 0, abs(worst.value) > 1e150 {
        throw ClusteringError.valuesTooLarge(operation: operation, row: worst.row, column: worst.column, value: worst.value)
    }
}

/// Throws `ClusteringError.nonFinite` at the first NaN or ±∞ of `x`.
func requireFiniteData(_ x: Matrix, _ operation: String) throws {
    if let (r, c) = x.firstNonFinite {
        throw ClusteringError.nonFinite(operation: operation, row: r, column: c)
    }
}
