import COpenBLAS

/// Whether an operand enters a product as itself or as its transpose.
public enum Transpose: Sendable, Equatable {
    /// Use the matrix as stored.
    case none
    /// Use the transpose of the matrix.
    case transposed

    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

@inline(__always)
func blasInt(_ value: Int, _ operation: String) throws -> Int32 {
    guard value <= Int(Int32.max) else {
        throw LinalgError.tooLarge(operation: operation, detail: "\(value) exceeds \(Int32.max)")
    }
    return Int32(value)
}

extension Matrix {
    // MARK: Level 3

    /// General matrix product into existing storage: `C ← α·op(A)·op(B) + β·C` (BLAS `dgemm`).
    ///
    /// When `beta == 0`, `c` is resized to fit and its previous contents are ignored; otherwise its
    /// shape must already be that of the product. Inputs are not checked for NaN (this is a hot
    /// path; NaN propagates into the result rather than trapping).
    ///
    /// - Complexity: O(*m·n·k*) floating-point operations, 2·*m·n·k* flops; runs on the OpenBLAS
    ///   thread pool (see `OpenBLAS.threadCount`).
    /// - Throws: `LinalgError.dimensionMismatch` when the inner dimensions or `c` do not fit.
    public static func multiply(
        _ a: Matrix, _ transA: Transpose = .none,
        _ b: Matrix, _ transB: Transpose = .none,
        alpha: Double = 1, beta: Double = 0,
        into c: inout Matrix
    ) throws {
        let (m, ka) = transA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (kb, n) = transB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        guard ka == kb else {
            throw LinalgError.dimensionMismatch(
                operation: "gemm",
                detail: "op(A) is \(m)×\(ka) but op(B) is \(kb)×\(n)")
        }
        if beta == 0 {
            c.reshapeDiscardingContents(rows: m, columns: n)
        } else if c.rows != m || c.columns != n {
            throw LinalgError.dimensionMismatch(
                operation: "gemm", detail: "C is \(c.rows)×\(c.columns), product is \(m)×\(n)")
        }
        if m == 0 || n == 0 { return }
        if ka == 0 {
            c.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] *= beta } }
            return
        }
        let (mi, ni, ki) = (try blasInt(m, "gemm"), try blasInt(n, "gemm"), try blasInt(ka, "gemm"))
        let lda = Int32(max(a.columns, 1)), ldb = Int32(max(b.columns, 1)), ldc = Int32(max(n, 1))
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, transA.cblas, transB.cblas, mi, ni, ki,
                                alpha, pa.baseAddress, lda, pb.baseAddress, ldb,
                                beta, pc.baseAddress, ldc)
                }
            }
        }
    }

    /// The product `op(self) · op(other)` as a new matrix (BLAS `dgemm`).
    ///
    /// - Complexity: 2·*m·n·k* flops.
    /// - Throws: `LinalgError.dimensionMismatch` when the inner dimensions differ.
    public func multiplied(
        by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false
    ) throws -> Matrix {
        var c = Matrix(rows: 0, columns: 0)
        try Matrix.multiply(self, transposingSelf ? .transposed : .none,
                            other, transposingOther ? .transposed : .none, into: &c)
        return c
    }

    /// Symmetric rank-k update into existing storage (BLAS `dsyrk`):
    /// `C ← α·AᵀA + β·C` when `trans == .transposed`, `C ← α·AAᵀ + β·C` when `.none`.
    ///
    /// Both triangles of `c` are filled, so the result is an ordinary symmetric matrix. When
    /// `beta == 0`, `c` is resized to fit.
    ///
    /// - Complexity: *n²·k* flops (half of the equivalent gemm).
    /// - Throws: `LinalgError.dimensionMismatch` when `c` has the wrong shape and `beta != 0`.
    public static func symmetricRankKUpdate(
        _ a: Matrix, _ trans: Transpose, alpha: Double = 1, beta: Double = 0, into c: inout Matrix
    ) throws {
        let (n, k) = trans == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        if beta == 0 {
            c.reshapeDiscardingContents(rows: n, columns: n)
        } else if c.rows != n || c.columns != n {
            throw LinalgError.dimensionMismatch(
                operation: "syrk", detail: "C is \(c.rows)×\(c.columns), result is \(n)×\(n)")
        }
        if n == 0 { return }
        if k == 0 {
            c.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] *= beta } }
            return
        }
        let (ni, ki) = (try blasInt(n, "syrk"), try blasInt(k, "syrk"))
        let lda = Int32(max(a.columns, 1))
        a.withUnsafeBufferPointer { pa in
            c.withUnsafeMutableBufferPointer { pc in
                cblas_dsyrk(CblasRowMajor, CblasUpper, trans.cblas, ni, ki, alpha,
                            pa.baseAddress, lda, beta, pc.baseAddress, ni)
                for i in 0..<n { for j in 0..<i { pc[i * n + j] = pc[j * n + i] } }
            }
        }
    }

    /// The Gram matrix `AᵀA` (cross-products of the columns), by `dsyrk`.
    public func gram() -> Matrix {
        var c = Matrix(rows: 0, columns: 0)
        try! Matrix.symmetricRankKUpdate(self, .transposed, into: &c)  // shapes always fit
        return c
    }

    // MARK: Level 2

    /// Matrix–vector product into existing storage: `y ← α·op(A)·x + β·y` (BLAS `dgemv`).
    ///
    /// When `beta == 0`, `y` is resized to fit.
    ///
    /// - Complexity: 2·*m·n* flops.
    /// - Throws: `LinalgError.dimensionMismatch` when `x` or `y` has the wrong length.
    public static func multiply(
        _ a: Matrix, _ trans: Transpose = .none, vector x: [Double],
        alpha: Double = 1, beta: Double = 0, into y: inout [Double]
    ) throws {
        let (m, n) = trans == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        guard x.count == n else {
            throw LinalgError.dimensionMismatch(
                operation: "gemv", detail: "op(A) is \(m)×\(n) but x has \(x.count) elements")
        }
        if beta == 0 {
            if y.count != m { y = Array(repeating: 0, count: m) }
        } else if y.count != m {
            throw LinalgError.dimensionMismatch(
                operation: "gemv", detail: "y has \(y.count) elements, op(A)·x has \(m)")
        }
        if m == 0 { return }
        if n == 0 { for i in y.indices { y[i] *= beta }; return }
        let (ri, ci) = (try blasInt(a.rows, "gemv"), try blasInt(a.columns, "gemv"))
        a.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(CblasRowMajor, trans.cblas, ri, ci, alpha, pa.baseAddress,
                                max(ci, 1), px.baseAddress, 1, beta, py.baseAddress, 1)
                }
            }
        }
    }

    /// The product `op(self)·x` as a new vector (BLAS `dgemv`).
    ///
    /// - Throws: `LinalgError.dimensionMismatch` when `x` has the wrong length.
    public func multiplied(by x: [Double], transposingSelf: Bool = false) throws -> [Double] {
        var y: [Double] = []
        try Matrix.multiply(self, transposingSelf ? .transposed : .none, vector: x, into: &y)
        return y
    }

    /// The Frobenius norm `sqrt(Σ aᵢⱼ²)`, computed without overflow by `dnrm2`.
    public var frobeniusNorm: Double { BLAS.norm2(elements) }
}

/// Level-1 BLAS on `[Double]` vectors.
public enum BLAS {
    /// The dot product `xᵀy` (`ddot`).
    ///
    /// - Throws: `LinalgError.dimensionMismatch` when the lengths differ.
    public static func dot(_ x: [Double], _ y: [Double]) throws -> Double {
        guard x.count == y.count else {
            throw LinalgError.dimensionMismatch(operation: "dot", detail: "\(x.count) vs \(y.count)")
        }
        let n = try blasInt(x.count, "dot")
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in cblas_ddot(n, px.baseAddress, 1, py.baseAddress, 1) }
        }
    }

    /// `y ← α·x + y` (`daxpy`).
    ///
    /// - Throws: `LinalgError.dimensionMismatch` when the lengths differ.
    public static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) throws {
        guard x.count == y.count else {
            throw LinalgError.dimensionMismatch(operation: "axpy", detail: "\(x.count) vs \(y.count)")
        }
        let n = try blasInt(x.count, "axpy")
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                cblas_daxpy(n, alpha, px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// `x ← α·x` (`dscal`).
    public static func scale(_ x: inout [Double], by alpha: Double) {
        let n = Int32(clamping: x.count)
        x.withUnsafeMutableBufferPointer { px in cblas_dscal(n, alpha, px.baseAddress, 1) }
    }

    /// The Euclidean norm `‖x‖₂`, scaled to avoid overflow and underflow (`dnrm2`).
    public static func norm2(_ x: [Double]) -> Double {
        if x.isEmpty { return 0 }
        let n = Int32(clamping: x.count)
        return x.withUnsafeBufferPointer { cblas_dnrm2(n, $0.baseAddress, 1) }
    }

    /// The sum of absolute values `‖x‖₁` (`dasum`).
    public static func sumOfAbsoluteValues(_ x: [Double]) -> Double {
        if x.isEmpty { return 0 }
        let n = Int32(clamping: x.count)
        return x.withUnsafeBufferPointer { cblas_dasum(n, $0.baseAddress, 1) }
    }

    /// The largest absolute value `‖x‖∞` (0 for an empty vector).
    public static func maxAbsoluteValue(_ x: [Double]) -> Double {
        x.reduce(0) { max($0, abs($1)) }
    }
}

/// The OpenBLAS thread pool.
public enum OpenBLAS {
    /// The number of threads OpenBLAS uses for level-2/3 routines. Setting it affects the whole
    /// process; benchmarks pin it (2 on this project's machines) so both sides compare fairly.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(clamping: max(1, newValue))) }
    }
}
