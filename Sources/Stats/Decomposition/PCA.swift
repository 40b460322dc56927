import Linalg

/// Principal component analysis: the orthogonal directions of largest variance of the centered
/// data.
///
/// With `X_c = X − mean` (`n × d`) and its thin SVD `X_c = U·S·Vᵀ`, the components are the rows
/// of `Vᵀ`, the explained variances `sᵢ² / (n − 1)`, and the coordinates of a row `x` are
/// `(x − mean)·V`. Tall data (`n ≥ 10·d`) use the eigen-decomposition of the covariance
/// `X_cᵀX_c / (n − 1)` instead (one `dsyrk` pass, O(*n·d²*)), otherwise the SVD of `X_c`
/// (`dgesdd`); this is scikit-learn's `svd_solver="auto"` choice between `covariance_eigh` and
/// `full`.
///
/// Signs follow scikit-learn's `svd_flip(u_based_decision=False)`: each component is flipped so
/// that its entry of largest magnitude (the first one on a tie) is positive. The result is
/// deterministic and comparable with `sklearn.decomposition.PCA` including signs.
public struct PCA: Sendable {
    /// How many components to keep; `nil` keeps `min(n, d)`.
    public var components: Int?

    /// A PCA configuration.
    public init(components: Int? = nil) { self.components = components }

    /// A fitted PCA.
    public struct Fitted: Sendable {
        /// The column means removed before the decomposition.
        public let mean: [Double]
        /// The principal axes, one per row (`kept × d`), orthonormal, by decreasing variance.
        public let components: Matrix
        /// The variance along each kept component (`sᵢ² / (n − 1)`).
        public let explainedVariance: [Double]
        /// Each kept component's share of the total variance (of all components).
        public let explainedVarianceRatio: [Double]
        /// The singular values of the centered data for the kept components.
        public let singularValues: [Double]

        /// The coordinates `(x − mean)·Vᵀᵀ` of the rows of `x` on the kept components
        /// (`n × kept`); the first two columns are the usual 2-D map.
        ///
        /// - Complexity: one `dgemm`, 2·*n·d·kept* flops.
        /// - Throws: `ClusteringError.dimensionMismatch` for a wrong column count, `.nonFinite`.
        public func transform(_ x: Matrix) throws -> Matrix {
            guard x.columns == mean.count else {
                throw ClusteringError.dimensionMismatch(
                    operation: "principal components",
                    detail: "data has \(x.columns) columns, the PCA was fitted on \(mean.count)")
            }
            try requireFiniteData(x, "principal components")
            var centered = x
            let d = mean.count
            centered.withUnsafeMutableBufferPointer { p in
                for i in 0..<x.rows { for t in 0..<d { p[i * d + t] -= mean[t] } }
            }
            var out = Matrix(rows: 0, columns: 0)
            try Matrix.multiply(centered, .none, components, .transposed, into: &out)
            return out
        }
    }

    /// Fits the principal components of the rows of `x`.
    ///
    /// - Complexity: O(*n·d²*) flops (plus O(*d³*)).
    /// - Throws: `ClusteringError.emptyInput`, `.tooFewSamples` (fewer than 2 rows),
    ///   `.nonFinite`, `.invalidParameter` (components outside `1...min(n, d)`), and
    ///   `LinalgError.noConvergence` if LAPACK fails.
    public func fit(_ x: Matrix) throws -> Fitted {
        let (n, d) = (x.rows, x.columns)
        guard n > 0, d > 0 else { throw ClusteringError.emptyInput(operation: "principal components") }
        guard n >= 2 else { throw ClusteringError.tooFewSamples(operation: "principal components", samples: n, required: 2) }
        try requireFiniteData(x, "principal components")
        let full = min(n, d)
        let kept = components ?? full
        guard kept >= 1, kept <= full else {
            throw ClusteringError.invalidParameter(
                name: "components", detail: "must be in 1...\(full), got \(kept)")
        }
        let data = CenteredData(x)
        var variances: [Double]
        var singular: [Double]
        var vt: Matrix
        if n >= 10 * d {
            var covariance = data.x.gram()
            covariance.withUnsafeMutableBufferPointer { p in
                for i in p.indices { p[i] /= Double(n - 1) }
            }
            let eigen = try SymmetricEigen(covariance)
            // Descending order; clip tiny negative eigenvalues to 0.
            variances = eigen.eigenvalues.reversed().map { max(0, $0) }
            singular = variances.map { ($0 * Double(n - 1)).squareRoot() }
            vt = Matrix(rows: d, columns: d)
            for r in 0..<d { for t in 0..<d { vt[r, t] = eigen.eigenvectors[t, d - 1 - r] } }
        } else {
            let svd = try SingularValueDecomposition(data.x)
            singular = svd.singularValues
            variances = singular.map { $0 * $0 / Double(n - 1) }
            vt = svd.vt
        }
        // svd_flip(u_based_decision=False): the largest-magnitude entry of each row is positive.
        for r in 0..<vt.rows {
            var bestT = 0
            for t in 1..<d where abs(vt[r, t]) > abs(vt[r, bestT]) { bestT = t }
            if vt[r, bestT] < 0 { for t in 0..<d { vt[r, t] = -vt[r, t] } }
        }
        let total = variances.reduce(0, +)
        let ratio = variances.map { total > 0 ? $0 / total : 0 }
        return Fitted(mean: data.mean, components: vt.rows(0..<kept),
                      explainedVariance: Array(variances[0..<kept]),
                      explainedVarianceRatio: Array(ratio[0..<kept]),
                      singularValues: Array(singular[0..<kept]))
    }
}
