import COpenBLAS

/// The eigen-decomposition `A = V·diag(λ)·Vᵀ` of a symmetric matrix (`dsyevd`, divide and
/// conquer). Only the lower triangle of `A` is read.
///
/// - Complexity: O(*n³*).
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in ascending order.
    public let eigenvalues: [Double]
    /// Orthonormal eigenvectors: column `j` belongs to `eigenvalues[j]`. Each vector's sign is
    /// LAPACK's (an eigenvector is defined only up to sign).
    public let eigenvectors: Matrix

    /// Decomposes `a`.
    ///
    /// - Throws: `.dimensionMismatch` (not square), `.nonFinite`, `.noConvergence`.
    public init(_ a: Matrix) throws {
        try requireSquare(a, "SymmetricEigen")
        try requireFinite(a, "SymmetricEigen")
        let n = a.rows
        if n == 0 { eigenvalues = []; eigenvectors = a; return }
        var buffer = a.elements  // row-major lower == column-major upper
        var w = [Double](repeating: 0, count: n)
        var nn = try blasInt(n, "dsyevd"), lda = nn, info: Int32 = 0
        var lwork: Int32 = -1, liwork: Int32 = -1
        var query = [0.0], iquery: [Int32] = [0]
        dsyevd_("V", "U", &nn, &buffer, &lda, &w, &query, &lwork, &iquery, &liwork, &info, 1, 1)
        try checkInfo(info, routine: "dsyevd") { .lapackFailure(routine: "dsyevd", info: $0) }
        lwork = Int32(query[0]); liwork = iquery[0]
        var work = [Double](repeating: 0, count: max(Int(lwork), 1))
        var iwork = [Int32](repeating: 0, count: max(Int(liwork), 1))
        dsyevd_("V", "U", &nn, &buffer, &lda, &w, &work, &lwork, &iwork, &liwork, &info, 1, 1)
        try checkInfo(info, routine: "dsyevd") { .noConvergence(routine: "dsyevd", info: $0) }
        eigenvalues = w
        // Column-major eigenvectors in columns == row-major storage with eigenvectors in rows.
        eigenvectors = try Matrix(rows: n, columns: n, elements: buffer).transposed()
    }
}

/// The thin singular value decomposition `A = U·diag(σ)·Vᵀ` (`dgesdd`, divide and conquer), with
/// `k = min(m, n)` singular values in descending order.
///
/// - Complexity: O(*m·n·k*).
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors, `m × k` (orthonormal columns).
    public let u: Matrix
    /// Singular values, descending, all ≥ 0.
    public let singularValues: [Double]
    /// Right singular vectors transposed, `k × n` (orthonormal rows).
    public let vt: Matrix

    /// Decomposes `a`.
    ///
    /// - Throws: `.nonFinite`, `.noConvergence`.
    public init(_ a: Matrix) throws {
        try requireFinite(a, "SVD")
        let (m, n) = (a.rows, a.columns)
        let k = min(m, n)
        if k == 0 {
            u = Matrix(rows: m, columns: 0); vt = Matrix(rows: 0, columns: n); singularValues = []
            return
        }
        // The row-major buffer of A is the column-major buffer of Aᵀ (n × m). With
        // Aᵀ = U'·S·V'ᵀ we have A = V'·S·U'ᵀ, and the column-major outputs read row-major are
        // exactly our Vᵀ (from U') and U (from V'ᵀ): no copies needed.
        var buffer = a.elements
        var mm = try blasInt(n, "dgesdd"), nn = try blasInt(m, "dgesdd")
        var lda = mm, ldu = mm, ldvt = Int32(k), info: Int32 = 0, lwork: Int32 = -1
        var s = [Double](repeating: 0, count: k)
        var uPrime = [Double](repeating: 0, count: n * k)
        var vtPrime = [Double](repeating: 0, count: k * m)
        var iwork = [Int32](repeating: 0, count: 8 * k)
        var query = [0.0]
        dgesdd_("S", &mm, &nn, &buffer, &lda, &s, &uPrime, &ldu, &vtPrime, &ldvt, &query, &lwork,
                &iwork, &info, 1)
        try checkInfo(info, routine: "dgesdd") { .lapackFailure(routine: "dgesdd", info: $0) }
        lwork = Int32(query[0])
        var work = [Double](repeating: 0, count: max(Int(lwork), 1))
        dgesdd_("S", &mm, &nn, &buffer, &lda, &s, &uPrime, &ldu, &vtPrime, &ldvt, &work, &lwork,
                &iwork, &info, 1)
        try checkInfo(info, routine: "dgesdd") { .noConvergence(routine: "dgesdd", info: $0) }
        singularValues = s
        vt = try Matrix(rows: k, columns: n, elements: uPrime)
        u = try Matrix(rows: m, columns: k, elements: vtPrime)
    }
}
