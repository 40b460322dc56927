import COpenBLAS

/// The Cholesky factorization `A = L·Lᵀ` of a symmetric positive-definite matrix (`dpotrf`).
///
/// Only the lower triangle of `A` is read. The factor solves systems (`dpotrs`), gives the
/// inverse (`dpotri`) and the log-determinant `2·Σ log Lᵢᵢ`.
///
/// - Complexity: factorization *n³/3* flops; each solve 2·*n²* flops per right-hand side.
public struct Cholesky: Sendable {
    /// The lower-triangular factor `L` (zeros above the diagonal).
    public let lower: Matrix

    /// Factorizes `a`.
    ///
    /// - Throws: `LinalgError.dimensionMismatch` if `a` is not square, `.nonFinite` if it holds
    ///   NaN/∞, `.notPositiveDefinite` if a leading minor is not positive definite.
    public init(_ a: Matrix) throws {
        try requireSquare(a, "Cholesky")
        try requireFinite(a, "Cholesky")
        let n = a.rows
        // Row-major lower triangle == column-major upper triangle of the same buffer.
        var buffer = a.elements
        if n > 0 {
            var nn = try blasInt(n, "Cholesky"), lda = max(nn, 1), info: Int32 = 0
            dpotrf_("U", &nn, &buffer, &lda, &info, 1)
            try checkInfo(info, routine: "dpotrf") {
                .notPositiveDefinite(operation: "Cholesky", order: $0)
            }
        }
        var l = try Matrix(rows: n, columns: n, elements: buffer)
        for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { l[i, j] = 0 } }
        lower = l
    }

    /// The order `n` of the factorized matrix.
    public var order: Int { lower.rows }

    /// Solves `A·X = B` for `X` (`dpotrs`).
    ///
    /// - Throws: `.dimensionMismatch` when `b.rows != n`, `.nonFinite` for NaN/∞ in `b`.
    public func solve(_ b: Matrix) throws -> Matrix {
        let n = order
        guard b.rows == n else {
            throw LinalgError.dimensionMismatch(
                operation: "Cholesky.solve", detail: "A is \(n)×\(n), B has \(b.rows) rows")
        }
        try requireFinite(b, "Cholesky.solve")
        if n == 0 || b.columns == 0 { return b }
        var rhs = columnMajor(b)
        var nn = try blasInt(n, "Cholesky.solve"), nrhs = try blasInt(b.columns, "Cholesky.solve")
        var lda = nn, ldb = nn, info: Int32 = 0
        lower.withUnsafeBufferPointer { pl in
            dpotrs_("U", &nn, &nrhs, pl.baseAddress, &lda, &rhs, &ldb, &info, 1)
        }
        try checkInfo(info, routine: "dpotrs") { .lapackFailure(routine: "dpotrs", info: $0) }
        return fromColumnMajor(rhs, rows: n, columns: b.columns, ld: n)
    }

    /// Solves `A·x = b` for a vector `b`.
    ///
    /// - Throws: as `solve(_: Matrix)`.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(column: b)).elements
    }

    /// `A⁻¹`, symmetric (`dpotri`).
    ///
    /// - Complexity: 2*n³/3* flops.
    public func inverse() throws -> Matrix {
        let n = order
        if n == 0 { return lower }
        var buffer = lower.elements
        var nn = try blasInt(n, "Cholesky.inverse"), lda = nn, info: Int32 = 0
        dpotri_("U", &nn, &buffer, &lda, &info, 1)
        try checkInfo(info, routine: "dpotri") { .singular(operation: "Cholesky.inverse", index: $0) }
        var inv = try Matrix(rows: n, columns: n, elements: buffer)
        // dpotri filled the row-major lower triangle; mirror it.
        for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { inv[i, j] = inv[j, i] } }
        return inv
    }

    /// `log det A = 2·Σ log Lᵢᵢ`.
    public var logDeterminant: Double {
        2 * lower.diagonalElements.reduce(0) { $0 + naturalLog($1) }
    }
}

extension Matrix {
    /// The inverse of a symmetric positive-definite matrix, through its Cholesky factor.
    ///
    /// - Throws: as `Cholesky.init` (`.notPositiveDefinite` when it is not SPD).
    public func inverseOfSymmetricPositiveDefinite() throws -> Matrix {
        try Cholesky(self).inverse()
    }
}
