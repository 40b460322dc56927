import COpenBLAS
import Linalg

/// The data centered on its column means, with the squared norm of every centered row.
///
/// The centered rows are either stored (`copy: true`: `x` holds `xᵢ − mean` and `offset` is
/// zeros; for callers that hand `x` to BLAS, such as PCA and the silhouette) or read through
/// `withRows`, which subtracts `offset = mean` as each element is loaded (`copy: false`: `x` is
/// the input itself, shared, not copied). Both give bit for bit the same centered values; k-means
/// uses the second and so never writes (or faults in) a copy as large as the data.
struct CenteredData: @unchecked Sendable {
    /// The stored rows, row-major `n × d`: `x − mean` with `copy`, else the input.
    let x: Matrix
    /// Subtracted from every stored row as it is read (`withRows`): zeros with `copy`, else `mean`.
    let offset: [Double]
    /// Column means.
    let mean: [Double]
    /// `‖xᵢ − mean‖²` per row.
    let rowNorms: [Double]
    /// The mean of the population column variances (numpy `np.var(X, axis=0).mean()`).
    let meanColumnVariance: Double
    /// `Σᵢ ‖xᵢ − mean‖²` and `maxᵢ ‖xᵢ − mean‖²`.
    let totalSquaredNorm: Double, maxSquaredNorm: Double
    var n: Int { x.rows }
    var d: Int { x.columns }

    /// Whether every column sum of the input was finite, which proves that every element was
    /// (a NaN or ±∞ makes its column's sum NaN or ±∞). When false the input may still be finite
    /// (the sum overflowed): callers that must reject non-finite data then scan for it.
    let sumsAreFinite: Bool

    /// Rows per block of the parallel centering pass (its partial variances are merged in block
    /// order, so the result does not depend on the number of workers).
    static let blockRows = 4096

    /// Centers `data` on its column means.
    ///
    /// - Parameter copy: store the centered rows (`x`) rather than subtract the means on read.
    /// - Complexity: two passes over the data on `workers` threads: the column sums (per block
    ///   of rows, merged in block order) and the row norms and variances, which with `copy` also
    ///   writes the centered copy directly (no zero-fill and no copy-then-modify).
    init(_ data: Matrix, copy: Bool = true, workers: Int = ParallelBlocks.processorCount) {
        let (n, d) = (data.rows, data.columns)
        var mean = CenteredData.columnSums(data, workers: workers)
        self.sumsAreFinite = mean.allSatisfy { $0.isFinite }
        for t in 0..<d { mean[t] /= Double(n) }
        var norms = [Double](repeating: 0, count: n)
        var variance = [Double](repeating: 0, count: d)
        if copy {
            let centered = [Double](unsafeUninitializedCapacity: n * d) { out, initialized in
                data.withUnsafeBufferPointer { p in
                    if let src = p.baseAddress, let dst = out.baseAddress {
                        variance = CenteredData.center(src, n: n, d: d, mean: mean, into: dst,
                                                       norms: &norms, workers: workers)
                    }
                }
                initialized = n * d
            }
            self.x = try! Matrix(rows: n, columns: d, elements: centered)  // n·d elements by construction
            self.offset = [Double](repeating: 0, count: d)
        } else {
            data.withUnsafeBufferPointer { p in
                if let src = p.baseAddress {
                    variance = CenteredData.center(src, n: n, d: d, mean: mean, into: nil,
                                                   norms: &norms, workers: workers)
                }
            }
            self.x = data
            self.offset = mean
        }
        self.mean = mean
        self.rowNorms = norms
        self.meanColumnVariance = variance.reduce(0, +) / Double(n) / Double(d)
        self.totalSquaredNorm = norms.reduce(0, +)
        self.maxSquaredNorm = norms.max() ?? 0
    }

    /// The column sums of `data`, summed per block of rows and merged in block order.
    private static func columnSums(_ data: Matrix, workers: Int) -> [Double] {
        let (n, d) = (data.rows, data.columns)
        let blocks = ParallelBlocks.blockCount(rows: n, blockSize: blockRows)
        var partialSums = [Double](repeating: 0, count: blocks * d)
        data.withUnsafeBufferPointer { p in
            partialSums.withUnsafeMutableBufferPointer { ps in
                guard let src = p.baseAddress, let part = ps.baseAddress else { return }
                ParallelBlocks.run(blocks: blocks, workers: workers) { _, b in
                    let sums = part + b * d
                    for i in (b * blockRows)..<min(n, (b + 1) * blockRows) {
                        let row = src + i * d
                        for t in 0..<d { sums[t] += row[t] }
                    }
                }
            }
        }
        var total = [Double](repeating: 0, count: d)
        for b in 0..<blocks { for t in 0..<d { total[t] += partialSums[b * d + t] } }
        return total
    }

    /// The squared norm of every centered row (into `norms`) and the column sums of squares
    /// (returned; per block, merged in block order), writing the centered rows to `dst` when
    /// given.
    private static func center(_ src: UnsafePointer<Double>, n: Int, d: Int, mean: [Double],
                               into dst: UnsafeMutablePointer<Double>?, norms: inout [Double],
                               workers: Int) -> [Double] {
        let blocks = ParallelBlocks.blockCount(rows: n, blockSize: blockRows)
        var partialVariances = [Double](repeating: 0, count: blocks * d)
        norms.withUnsafeMutableBufferPointer { pn in
        partialVariances.withUnsafeMutableBufferPointer { pv in
        mean.withUnsafeBufferPointer { pm in
            guard let nrm = pn.baseAddress, let part = pv.baseAddress,
                  let mu = pm.baseAddress else { return }
            ParallelBlocks.run(blocks: blocks, workers: workers) { _, b in
                let variance = part + b * d
                for i in (b * blockRows)..<min(n, (b + 1) * blockRows) {
                    let x = src + i * d
                    var s = 0.0
                    for t in 0..<d {
                        let v = x[t] - mu[t]
                        dst?[i * d + t] = v
                        s += v * v
                        variance[t] += v * v
                    }
                    nrm[i] = s
                }
            }
        }}}
        var variance = [Double](repeating: 0, count: d)
        for b in 0..<blocks { for t in 0..<d { variance[t] += partialVariances[b * d + t] } }
        return variance
    }

    /// Calls `body` with the centered rows (`stored − offset`, see `CenteredRows`).
    func withRows<R>(_ body: (CenteredRows) throws -> R) rethrows -> R {
        try x.withUnsafeBufferPointer { px in
            try offset.withUnsafeBufferPointer { po in
                try body(CenteredRows(base: px.baseAddress!, offset: po.baseAddress!, d: d))
            }
        }
    }

    /// The rows of `c` shifted into the centered coordinates, row-major.
    func centered(_ c: Matrix) -> [Double] {
        var out = c.elements
        for j in 0..<c.rows { for t in 0..<d { out[j * d + t] -= mean[t] } }
        return out
    }
}

/// The centered rows `xᵢ − mean` as the kernels read them: each stored element minus its column's
/// offset, subtracted as it is loaded. The offset is the column means when `CenteredData` kept
/// the input as it is, and zeros when it stored a centered copy; either way every value is bit
/// for bit `xᵢₜ − meanₜ` as the centering computes it.
struct CenteredRows {
    let base: UnsafePointer<Double>
    let offset: UnsafePointer<Double>
    let d: Int

    @inline(__always)
    func row(_ r: Int) -> CenteredRow { CenteredRow(p: base + r * d, offset: offset) }
}

/// One row of `CenteredRows`.
struct CenteredRow {
    let p: UnsafePointer<Double>
    let offset: UnsafePointer<Double>

    @inline(__always)
    subscript(t: Int) -> Double { p[t] - offset[t] }

    /// Asks for the row's cache lines (a row of up to 12 elements spans at most two 64-byte
    /// lines when rows start on 32-byte boundaries).
    @inline(__always)
    func prefetch() {
        worksafe_prefetch(p)
        worksafe_prefetch(p + 11)
    }

    /// Elements `t..<t+4`.
    @inline(__always)
    func load4(_ t: Int) -> SIMD4<Double> {
        UnsafeRawPointer(p + t).loadUnaligned(as: SIMD4<Double>.self)
            - UnsafeRawPointer(offset + t).loadUnaligned(as: SIMD4<Double>.self)
    }
}
