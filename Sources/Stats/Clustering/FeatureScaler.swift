import Linalg

/// How features are scaled before clustering.
public enum Standardization: String, CaseIterable, Sendable, Codable {
    /// Raw values.
    case none
    /// z-scores `(x − mean) / sd` with the population standard deviation (ddof 0, as
    /// scikit-learn's `StandardScaler`); a constant column gets scale 1, so it becomes all zeros.
    case zscore
}

/// A fitted column scaling: `scaled = (x − shift) / scale` per column.
public struct FeatureScaler: Sendable, Equatable {
    /// The method.
    public let method: Standardization
    /// Per-column shift (the mean for z-scores, 0 for none).
    public let shifts: [Double]
    /// Per-column scale (the standard deviation for z-scores, 1 for none and constant columns).
    public let scales: [Double]

    /// Fits the scaling to the columns of `x`.
    ///
    /// - Complexity: O(*n·d*), two passes.
    /// - Throws: `ClusteringError.emptyInput`, `.nonFinite`.
    public init(fitting x: Matrix, method: Standardization) throws {
        guard x.rows > 0, x.columns > 0 else { throw ClusteringError.emptyInput(operation: "standardize") }
        try requireFiniteData(x, "standardize")
        self.method = method
        let (n, d) = (x.rows, x.columns)
        switch method {
        case .none:
            shifts = Array(repeating: 0, count: d)
            scales = Array(repeating: 1, count: d)
        case .zscore:
            // Each column is summed divided by its largest magnitude m (mean = m·mean(x/m),
            // SD = m·SD(x/m)), so that values up to ±Double.greatestFiniteMagnitude neither
            // overflow the sums nor the squares. Columns within ±1e150 use m = 1: the plain
            // formula, bit for bit.
            var magnitude = [Double](repeating: 0, count: d)
            var mean = [Double](repeating: 0, count: d), ss = [Double](repeating: 0, count: d)
            x.withUnsafeBufferPointer { p in
                for i in 0..<n { for t in 0..<d { magnitude[t] = max(magnitude[t], abs(p[i * d + t])) } }
                for t in 0..<d where magnitude[t] <= 1e150 { magnitude[t] = 1 }
                for i in 0..<n { for t in 0..<d { mean[t] += p[i * d + t] / magnitude[t] } }
                for t in 0..<d { mean[t] /= Double(n) }
                for i in 0..<n { for t in 0..<d { let u = p[i * d + t] / magnitude[t] - mean[t]; ss[t] += u * u } }
            }
            shifts = (0..<d).map { mean[$0] * magnitude[$0] }
            scales = (0..<d).map { t in
                let sd = (ss[t] / Double(n)).squareRoot() * magnitude[t]
                return sd > 0 ? sd : 1
            }
        }
    }

    /// `(x − shift) / scale` per column.
    ///
    /// - Throws: `ClusteringError.dimensionMismatch` for a wrong column count.
    public func transform(_ x: Matrix) throws -> Matrix {
        // Near ±Double.greatestFiniteMagnitude the difference can overflow; divided first, it
        // cannot.
        try mapColumns(x) { v, t in
            let u = v - shifts[t]
            return u.isFinite ? u / scales[t] : v / scales[t] - shifts[t] / scales[t]
        }
    }

    /// `scaled · scale + shift` per column (e.g. centroids back in the original units).
    ///
    /// - Throws: `ClusteringError.dimensionMismatch` for a wrong column count.
    public func inverseTransform(_ x: Matrix) throws -> Matrix {
        // A centroid lies within its data, but the product alone can overflow near the largest
        // double: halved, it cannot.
        try mapColumns(x) { z, t in
            let v = z * scales[t] + shifts[t]
            return v.isFinite ? v : (z * (scales[t] / 2) + shifts[t] / 2) * 2
        }
    }

    /// `x` with every element `v` of column `t` replaced by `f(v, t)` (`x` itself without scaling).
    private func mapColumns(_ x: Matrix, _ f: (Double, Int) -> Double) throws -> Matrix {
        try check(x)
        if method == .none { return x }
        var out = x
        let d = x.columns
        out.withUnsafeMutableBufferPointer { p in
            for i in 0..<x.rows { for t in 0..<d { p[i * d + t] = f(p[i * d + t], t) } }
        }
        return out
    }

    private func check(_ x: Matrix) throws {
        guard x.columns == scales.count else {
            throw ClusteringError.dimensionMismatch(
                operation: "standardize", detail: "\(x.columns) columns, scaler fitted on \(scales.count)")
        }
    }
}
