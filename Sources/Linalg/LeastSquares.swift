import COpenBLAS

/// Linear least squares `min ‖A·x − b‖₂` by Householder QR (`dgels`), for `A` of full column
/// rank with at least as many rows as columns.
///
/// QR works on `A` itself, so its accuracy depends on cond(A), not on cond(A)² as the normal
/// equations do: this is what reproduces the NIST StRD Longley certified values.
///
/// - Complexity: 2·*m·n²* − 2·*n³*/3 flops.
public struct QRLeastSquares: Sendable {
    /// The solution, `n × nrhs` (one column per right-hand side).
    public let solution: Matrix
    /// `‖A·x − b‖²` for each right-hand side.
    public let residualSumOfSquares: [Double]
    /// The upper-triangular factor `R` (`n × n`) with `A = Q·R`.
    public let r: Matrix
    /// Number of observations `m`.
    public let observations: Int

    /// Solves for several right-hand sides (the columns of `b`).
    ///
    /// - Throws: `.dimensionMismatch` when `b.rows != a.rows` or `a` has fewer rows than columns,
    ///   `.nonFinite` for NaN/∞ input, `.singular` when `A` is (numerically) rank deficient:
    ///   a diagonal element of `R` is zero or below `max(m, n)·ε·max|Rᵢᵢ|`.
    public init(_ a: Matrix, _ b: Matrix) throws {
        let (m, n) = (a.rows, a.columns)
        guard b.rows == m else {
            throw LinalgError.dimensionMismatch(
                operation: "QR least squares", detail: "A has \(m) rows, b has \(b.rows)")
        }
        guard m >= n else {
            throw LinalgError.dimensionMismatch(
                operation: "QR least squares",
                detail: "A is \(m)×\(n): needs at least as many rows as columns (use SVDLeastSquares)")
        }
        try requireFinite(a, "QR least squares")
        try requireFinite(b, "QR least squares")
        observations = m
        let nrhs = b.columns
        if n == 0 || nrhs == 0 {
            solution = Matrix(rows: n, columns: nrhs)
            residualSumOfSquares = (0..<nrhs).map { j in b.column(j).reduce(0) { $0 + $1 * $1 } }
            r = Matrix(rows: n, columns: n)
            return
        }
        var aCol = columnMajor(a)
        var bCol = columnMajor(b)
        var mm = try blasInt(m, "dgels"), nn = try blasInt(n, "dgels")
        var nr = try blasInt(nrhs, "dgels"), lda = mm, ldb = mm, info: Int32 = 0
        var lwork: Int32 = -1
        var query = [0.0]
        dgels_("N", &mm, &nn, &nr, &aCol, &lda, &bCol, &ldb, &query, &lwork, &info, 1)
        try checkInfo(info, routine: "dgels") { .lapackFailure(routine: "dgels", info: $0) }
        lwork = Int32(query[0])
        var work = [Double](repeating: 0, count: max(Int(lwork), 1))
        dgels_("N", &mm, &nn, &nr, &aCol, &lda, &bCol, &ldb, &work, &lwork, &info, 1)
        try checkInfo(info, routine: "dgels") { .singular(operation: "QR least squares", index: $0) }

        var rr = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in i..<n { rr[i, j] = aCol[j * m + i] } }
        let diag = rr.diagonalElements.map(abs)
        let threshold = Double(max(m, n)) * Double.ulpOfOne * (diag.max() ?? 0)
        if let k = diag.firstIndex(where: { $0 <= threshold }) {
            throw LinalgError.singular(operation: "QR least squares", index: k + 1)
        }
        r = rr
        solution = fromColumnMajor(bCol, rows: n, columns: nrhs, ld: m)
        residualSumOfSquares = (0..<nrhs).map { j in
            var s = 0.0
            for i in n..<m { s += bCol[j * m + i] * bCol[j * m + i] }
            return s
        }
    }

    /// Solves for one right-hand side.
    ///
    /// - Throws: as `init(_:_: Matrix)`.
    public init(_ a: Matrix, _ b: [Double]) throws {
        try self.init(a, Matrix(column: b))
    }

    /// The coefficients of the first right-hand side.
    public var coefficients: [Double] { solution.column(0) }

    /// `(AᵀA)⁻¹ = R⁻¹·R⁻ᵀ`, computed from `R` (`dtrtri`) without forming `AᵀA`. Multiplied by the
    /// residual variance it is the covariance of the coefficients.
    ///
    /// - Throws: `.singular` if `R` has a zero diagonal element.
    public func unscaledCovariance() throws -> Matrix {
        let n = r.rows
        if n == 0 { return r }
        var buffer = columnMajor(r)
        var nn = try blasInt(n, "dtrtri"), lda = nn, info: Int32 = 0
        dtrtri_("U", "N", &nn, &buffer, &lda, &info, 1, 1)
        try checkInfo(info, routine: "dtrtri") { .singular(operation: "R⁻¹", index: $0) }
        var rInv = fromColumnMajor(buffer, rows: n, columns: n, ld: n)
        for i in 0..<n { for j in 0..<i { rInv[i, j] = 0 } }
        var cov = Matrix(rows: 0, columns: 0)
        try Matrix.symmetricRankKUpdate(rInv, .none, into: &cov)
        return cov
    }
}

/// Linear least squares `min ‖A·x − b‖₂` by the singular value decomposition (`dgelsd`):
/// rank-revealing, defined for any shape, and the minimum-norm solution when `A` is rank
/// deficient. Singular values below `rcond·σ₁` count as zero.
///
/// - Complexity: O(*m·n·min(m, n)*) flops.
public struct SVDLeastSquares: Sendable {
    /// The minimum-norm solution, `n × nrhs`.
    public let solution: Matrix
    /// The effective rank of `A`.
    public let rank: Int
    /// The singular values of `A`, descending.
    public let singularValues: [Double]

    /// Solves for the columns of `b`.
    ///
    /// - Parameters:
    ///   - a: the `m × n` design matrix, of any shape and rank.
    ///   - b: the right-hand sides, `m × nrhs`.
    ///   - rcond: relative threshold for zero singular values; by default `max(m, n)·ε`, as
    ///     `numpy.linalg.lstsq`.
    /// - Throws: `.dimensionMismatch`, `.nonFinite`, `.noConvergence` (the SVD failed).
    public init(_ a: Matrix, _ b: Matrix, rcond: Double? = nil) throws {
        let (m, n) = (a.rows, a.columns)
        guard b.rows == m else {
            throw LinalgError.dimensionMismatch(
                operation: "SVD least squares", detail: "A has \(m) rows, b has \(b.rows)")
        }
        try requireFinite(a, "SVD least squares")
        try requireFinite(b, "SVD least squares")
        let nrhs = b.columns
        if m == 0 || n == 0 || nrhs == 0 {
            solution = Matrix(rows: n, columns: nrhs)
            rank = 0
            singularValues = []
            return
        }
        let ldbCount = max(m, n)
        var aCol = columnMajor(a)
        var bCol = [Double](repeating: 0, count: ldbCount * nrhs)
        for j in 0..<nrhs { for i in 0..<m { bCol[j * ldbCount + i] = b[i, j] } }
        var s = [Double](repeating: 0, count: min(m, n))
        var mm = try blasInt(m, "dgelsd"), nn = try blasInt(n, "dgelsd")
        var nr = try blasInt(nrhs, "dgelsd"), lda = mm, ldb = Int32(ldbCount)
        var rc = rcond ?? Double(max(m, n)) * Double.ulpOfOne
        var rk: Int32 = 0, info: Int32 = 0, lwork: Int32 = -1
        var query = [0.0], iquery: [Int32] = [0]
        dgelsd_(&mm, &nn, &nr, &aCol, &lda, &bCol, &ldb, &s, &rc, &rk, &query, &lwork, &iquery, &info)
        try checkInfo(info, routine: "dgelsd") { .lapackFailure(routine: "dgelsd", info: $0) }
        lwork = Int32(query[0])
        var work = [Double](repeating: 0, count: max(Int(lwork), 1))
        var iwork = [Int32](repeating: 0, count: max(Int(iquery[0]), 1))
        dgelsd_(&mm, &nn, &nr, &aCol, &lda, &bCol, &ldb, &s, &rc, &rk, &work, &lwork, &iwork, &info)
        try checkInfo(info, routine: "dgelsd") { .noConvergence(routine: "dgelsd", info: $0) }
        solution = fromColumnMajor(bCol, rows: n, columns: nrhs, ld: ldbCount)
        rank = Int(rk)
        singularValues = s
    }

    /// Solves for one right-hand side.
    public init(_ a: Matrix, _ b: [Double], rcond: Double? = nil) throws {
        try self.init(a, Matrix(column: b), rcond: rcond)
    }

    /// The coefficients of the first right-hand side.
    public var coefficients: [Double] { solution.column(0) }
}

extension Matrix {
    /// Solves the square system `A·X = B` by LU with partial pivoting (`dgesv`).
    ///
    /// - Complexity: 2*n³/3* + 2·*n²·nrhs* flops.
    /// - Throws: `.dimensionMismatch`, `.nonFinite`, `.singular` (an exactly zero pivot).
    public func solve(_ b: Matrix) throws -> Matrix {
        try requireSquare(self, "solve")
        guard b.rows == rows else {
            throw LinalgError.dimensionMismatch(
                operation: "solve", detail: "A is \(rows)×\(columns), B has \(b.rows) rows")
        }
        try requireFinite(self, "solve")
        try requireFinite(b, "solve")
        let n = rows
        if n == 0 || b.columns == 0 { return b }
        var aCol = columnMajor(self), bCol = columnMajor(b)
        var nn = try blasInt(n, "dgesv"), nr = try blasInt(b.columns, "dgesv")
        var lda = nn, ldb = nn, info: Int32 = 0
        var ipiv = [Int32](repeating: 0, count: n)
        dgesv_(&nn, &nr, &aCol, &lda, &ipiv, &bCol, &ldb, &info)
        try checkInfo(info, routine: "dgesv") { .singular(operation: "solve", index: $0) }
        return fromColumnMajor(bCol, rows: n, columns: b.columns, ld: n)
    }

    /// Solves `A·x = b` for a vector.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(column: b)).elements
    }
}
