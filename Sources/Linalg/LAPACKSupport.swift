import COpenBLAS

// The small internal layer that speaks LAPACK: column-major buffers, Int32 sizes, `info` codes.
// Everything above it speaks `Matrix` and throws `LinalgError`.

/// Throws `LinalgError.nonFinite` at the first NaN or ±∞ of `m`.
func requireFinite(_ m: Matrix, _ operation: String) throws {
    if let (r, c) = m.firstNonFinite {
        throw LinalgError.nonFinite(operation: operation, row: r, column: c)
    }
}

/// Throws `LinalgError.nonFinite` at the first NaN or ±∞ of `v` (reported as row `i`, column 0).
func requireFinite(_ v: [Double], _ operation: String) throws {
    if let i = v.firstIndex(where: { !$0.isFinite }) {
        throw LinalgError.nonFinite(operation: operation, row: i, column: 0)
    }
}

/// Throws `LinalgError.dimensionMismatch` unless `m` is square.
func requireSquare(_ m: Matrix, _ operation: String) throws {
    guard m.isSquare else {
        throw LinalgError.dimensionMismatch(
            operation: operation, detail: "needs a square matrix, got \(m.rows)×\(m.columns)")
    }
}

/// The column-major copy of `m` (its row-major transpose's storage).
func columnMajor(_ m: Matrix) -> [Double] { m.transposed().elements }

/// The row-major matrix whose column-major storage (`rows × columns`, leading dimension `ld`) is
/// `buffer`.
func fromColumnMajor(_ buffer: [Double], rows: Int, columns: Int, ld: Int) -> Matrix {
    var m = Matrix(rows: rows, columns: columns)
    for i in 0..<rows { for j in 0..<columns { m[i, j] = buffer[j * ld + i] } }
    return m
}

/// Maps a non-zero LAPACK `info` to an error; `positive` builds the error for `info > 0`.
func checkInfo(_ info: Int32, routine: String, positive: (Int) -> LinalgError) throws {
    if info < 0 { throw LinalgError.lapackFailure(routine: routine, info: Int(info)) }
    if info > 0 { throw positive(Int(info)) }
}
