import Linalg

/// The silhouette of a clustering (Rousseeuw, 1987), computed exactly, blockwise on BLAS.
///
/// For row `i` in cluster `A`, `a(i)` is the mean Euclidean distance to the other rows of `A`
/// and `b(i)` the smallest mean distance to the rows of another cluster; the silhouette is
/// `s(i) = (b − a) / max(a, b)`, and 0 for a row alone in its cluster (scikit-learn's
/// `silhouette_samples` conventions, including 0 when `a = b = 0`). The score is the mean of
/// `s(i)` over all rows.
///
/// Method: the rows are centered and sorted by cluster, so each cluster is a contiguous range of
/// columns. A tile of rows × a tile of columns gets its inner products from one `dgemm`; the
/// distances `√max(0, ‖xᵢ‖² + ‖xⱼ‖² − 2xᵢ·xⱼ)` are summed per cluster range directly from the
/// tile, with the distance of a row to itself excluded (exactly 0). The `n × n` distance matrix
/// is never formed; row tiles run on several threads, each row's sums in a fixed column order,
/// so results are identical for any number of threads.
public enum Silhouette {
    /// Per-row silhouette values `s(i)`, in the order of the rows of `x`.
    ///
    /// - Parameters:
    ///   - x: `n × d` data.
    ///   - labels: the cluster of each row (any integers; at least 2 and at most `n − 1` distinct).
    ///   - threads: worker threads, `nil` for all online processors (never changes the result).
    /// - Complexity: O(*n²·d*) flops in BLAS level 3 plus *n²* square roots; O(*n·(d + c)*)
    ///   memory for *c* clusters plus one tile per thread.
    /// - Throws: `ClusteringError.emptyInput`, `.nonFinite`, `.dimensionMismatch` (labels count),
    ///   `.invalidLabelCount`.
    public static func samples(_ x: Matrix, labels: [Int], threads: Int? = nil) throws -> [Double] {
        try samples(x, labels: labels, threads: threads, forceGemm: false)
    }

    /// Up to this many features the inner products come from a direct register-blocked kernel
    /// rather than `dgemm`: with few columns a gemm tile is dominated by writing its output.
    static let directKernelMaxFeatures = 32

    static func samples(_ x: Matrix, labels: [Int], threads: Int?, forceGemm: Bool) throws -> [Double] {
        guard x.rows > 0, x.columns > 0 else { throw ClusteringError.emptyInput(operation: "silhouette") }
        guard labels.count == x.rows else {
            throw ClusteringError.dimensionMismatch(
                operation: "silhouette", detail: "\(labels.count) labels for \(x.rows) rows")
        }
        try requireFiniteData(x, "silhouette")
        let rows = try ClusterSortedRows(x, labels: labels)
        let workers = max(1, threads ?? ParallelBlocks.processorCount)
        let sums = x.columns <= Silhouette.directKernelMaxFeatures && !forceGemm
            ? directClusterSums(rows, workers: workers)
            : gemmClusterSums(rows, workers: workers)
        return rows.silhouettes(clusterSums: sums)
    }

    /// Rows per tile (a worker's unit) and columns per tile of the distance computation.
    static let rowTile = 128, columnTile = 1024

    /// Per sorted row, the sums of its distances to the rows of each cluster (`n × c`), the
    /// inner products from a direct kernel on a column-major copy, sixteen columns at a time.
    static func directClusterSums(_ rows: ClusterSortedRows, workers: Int) -> [Double] {
        let (n, d, c) = (rows.n, rows.d, rows.c)
        let rowBlocks = ParallelBlocks.blockCount(rows: n, blockSize: rowTile)
        var clusterSums = [Double](repeating: 0, count: n * c)
        let columnMajor = rows.sorted.transposed()
        columnMajor.withUnsafeBufferPointer { pxt in
        rows.sorted.withUnsafeBufferPointer { psorted in
        rows.norms.withUnsafeBufferPointer { pnorm in
        clusterSums.withUnsafeMutableBufferPointer { psums in
            let sums = psums
            let xt = pxt.baseAddress!, xs = psorted.baseAddress!, nb = pnorm.baseAddress!
            ParallelBlocks.run(blocks: rowBlocks, workers: workers) { _, rb in
                let r0 = rb * rowTile, r1 = min(n, r0 + rowTile)
                var c0 = 0
                while c0 < n {
                    let c1 = min(n, c0 + columnTile)
                    for gi in r0..<r1 {
                        let xi = xs + gi * d, ni = nb[gi]
                        rows.accumulate(row: gi, columns: c0..<c1, into: sums.baseAddress! + gi * c) {
                            Silhouette.directSum(xi, xt, n, d, ni, nb, $0, $1)
                        }
                    }
                    c0 = c1
                }
            }
        }}}}
        return clusterSums
    }

    /// `directClusterSums` with the inner products of each tile from one `dgemm`.
    static func gemmClusterSums(_ rows: ClusterSortedRows, workers: Int) -> [Double] {
        let (n, d, c) = (rows.n, rows.d, rows.c)
        let rowBlocks = ParallelBlocks.blockCount(rows: n, blockSize: rowTile)
        var clusterSums = [Double](repeating: 0, count: n * c)
        let boxes = (0..<max(1, min(workers, rowBlocks))).map { _ in TileScratch() }
        rows.sorted.withUnsafeBufferPointer { psorted in
        rows.norms.withUnsafeBufferPointer { pnorm in
        clusterSums.withUnsafeMutableBufferPointer { psums in
            let sums = psums, nb = pnorm.baseAddress!
            ParallelBlocks.run(blocks: rowBlocks, workers: workers, callsBLAS: true) { worker, rb in
                let box = boxes[worker]
                let r0 = rb * rowTile, r1 = min(n, r0 + rowTile), m = r1 - r0
                box.rows.reshapeDiscardingContents(rows: m, columns: d)
                box.rows.withUnsafeMutableBufferPointer { p in
                    for q in 0..<(m * d) { p[q] = psorted[r0 * d + q] }
                }
                var c0 = 0
                while c0 < n {
                    let c1 = min(n, c0 + columnTile), w = c1 - c0
                    box.columns.reshapeDiscardingContents(rows: w, columns: d)
                    box.columns.withUnsafeMutableBufferPointer { p in
                        for q in 0..<(w * d) { p[q] = psorted[c0 * d + q] }
                    }
                    try! Matrix.multiply(box.rows, .none, box.columns, .transposed,
                                         into: &box.products)  // shapes fit by construction
                    box.products.withUnsafeBufferPointer { pg in
                        for i in 0..<m {
                            let gi = r0 + i, ni = nb[gi]
                            let g = pg.baseAddress! + i * w - c0
                            rows.accumulate(row: gi, columns: c0..<c1, into: sums.baseAddress! + gi * c) {
                                Silhouette.distanceSum(g, nb, ni, $0, $1)
                            }
                        }
                    }
                    c0 = c1
                }
            }
        }}}
        return clusterSums
    }

    /// The mean silhouette `(1/n) Σ s(i)` (scikit-learn's `silhouette_score` on all rows).
    ///
    /// - Complexity: as `samples(_:labels:threads:)`.
    /// - Throws: as `samples(_:labels:threads:)`.
    public static func score(_ x: Matrix, labels: [Int], threads: Int? = nil) throws -> Double {
        let s = try samples(x, labels: labels, threads: threads)
        return s.reduce(0, +) / Double(s.count)
    }
}

extension Silhouette {
    /// The mean silhouette of a seeded random sample of `sampleSize` rows (drawn without
    /// replacement; all rows when `sampleSize ≥ n`), like scikit-learn's
    /// `silhouette_score(sample_size=…)` — for data too large for the O(*n²*) exact score.
    ///
    /// - Throws: `ClusteringError.invalidParameter` for `sampleSize < 2`, otherwise as
    ///   `samples(_:labels:threads:)` on the sample (e.g. a sample holding one label only).
    public static func score(_ x: Matrix, labels: [Int], sampleSize: Int, seed: UInt64,
                             threads: Int? = nil) throws -> Double {
        guard sampleSize >= 2 else {
            throw ClusteringError.invalidParameter(
                name: "silhouette sample size", detail: "must be at least 2, got \(sampleSize)")
        }
        guard labels.count == x.rows else {
            throw ClusteringError.dimensionMismatch(
                operation: "silhouette", detail: "\(labels.count) labels for \(x.rows) rows")
        }
        if sampleSize >= x.rows { return try score(x, labels: labels, threads: threads) }
        var generator = SeededGenerator(seed: seed).split(stream: 0x5111)
        let rows = sampleRows(count: sampleSize, from: x.rows, generator: &generator)
        return try score(x.selectingRows(rows), labels: rows.map { labels[$0] }, threads: threads)
    }
}

extension Silhouette {
    /// `Σ_{q ∈ from..<to} √max(0, ni + norms[q] − 2·xi·x_q)` with the inner products computed
    /// here from the column-major data `xt` (`d × n`): sixteen columns at a time in four
    /// four-lane accumulators, then vector square roots; a scalar tail. The order of additions
    /// depends only on `from` and `to`.
    @inline(__always)
    static func directSum(_ xi: UnsafePointer<Double>, _ xt: UnsafePointer<Double>, _ n: Int, _ d: Int,
                          _ ni: Double, _ norms: UnsafePointer<Double>, _ from: Int, _ to: Int) -> Double {
        var q = from
        var a0 = SIMD4<Double>.zero, a1 = SIMD4<Double>.zero
        let nv = SIMD4<Double>(repeating: ni)
        while q + 16 <= to {
            var d0 = SIMD4<Double>.zero, d1 = SIMD4<Double>.zero
            var d2 = SIMD4<Double>.zero, d3 = SIMD4<Double>.zero
            for t in 0..<d {
                let b = SIMD4<Double>(repeating: xi[t])
                let p = UnsafeRawPointer(xt + t * n + q)
                d0 += b * p.loadUnaligned(as: SIMD4<Double>.self)
                d1 += b * p.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
                d2 += b * p.loadUnaligned(fromByteOffset: 64, as: SIMD4<Double>.self)
                d3 += b * p.loadUnaligned(fromByteOffset: 96, as: SIMD4<Double>.self)
            }
            let pn = UnsafeRawPointer(norms + q)
            let v0 = nv + pn.loadUnaligned(as: SIMD4<Double>.self) - 2 * d0
            let v1 = nv + pn.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self) - 2 * d1
            let v2 = nv + pn.loadUnaligned(fromByteOffset: 64, as: SIMD4<Double>.self) - 2 * d2
            let v3 = nv + pn.loadUnaligned(fromByteOffset: 96, as: SIMD4<Double>.self) - 2 * d3
            a0 += clampedSquareRoot(v0) + clampedSquareRoot(v2)
            a1 += clampedSquareRoot(v1) + clampedSquareRoot(v3)
            q += 16
        }
        var s = (a0 + a1).sum()
        while q < to {
            var dot = 0.0
            for t in 0..<d { dot += xi[t] * xt[t * n + q] }
            let v = ni + norms[q] - 2 * dot
            s += (v > 0 ? v : 0).squareRoot()
            q += 1
        }
        return s
    }

    /// `Σ_{q ∈ from..<to} √max(0, ni + norms[q] − 2·g[q])`, four lanes at a time with two
    /// accumulators (vector square roots), then a scalar tail. The order of additions depends
    /// only on `from` and `to`, never on threads.
    @inline(__always)
    static func distanceSum(_ g: UnsafePointer<Double>, _ norms: UnsafePointer<Double>, _ ni: Double,
                            _ from: Int, _ to: Int) -> Double {
        var q = from
        var a0 = SIMD4<Double>.zero, a1 = SIMD4<Double>.zero
        let nv = SIMD4<Double>(repeating: ni)
        while q + 8 <= to {
            let g0 = UnsafeRawPointer(g + q).loadUnaligned(as: SIMD4<Double>.self)
            let g1 = UnsafeRawPointer(g + q + 4).loadUnaligned(as: SIMD4<Double>.self)
            let n0 = UnsafeRawPointer(norms + q).loadUnaligned(as: SIMD4<Double>.self)
            let n1 = UnsafeRawPointer(norms + q + 4).loadUnaligned(as: SIMD4<Double>.self)
            let v0 = nv + n0 - 2 * g0
            let v1 = nv + n1 - 2 * g1
            a0 += clampedSquareRoot(v0)
            a1 += clampedSquareRoot(v1)
            q += 8
        }
        var s = (a0 + a1).sum()
        while q < to {
            let v = ni + norms[q] - 2 * g[q]
            s += (v > 0 ? v : 0).squareRoot()
            q += 1
        }
        return s
    }
}

/// `√max(0, v)` lane by lane, as vector square roots: the `abs` of the clamped value tells LLVM
/// the argument is never negative, so it emits `sqrtpd` instead of a scalar libm call per lane
/// (which `SIMD.squareRoot()` becomes on Linux).
@inline(__always)
func clampedSquareRoot(_ v: SIMD4<Double>) -> SIMD4<Double> {
    let w = v.replacing(with: 0, where: v .< 0)
    return SIMD4(abs(w[0]).squareRoot(), abs(w[1]).squareRoot(), abs(w[2]).squareRoot(),
                 abs(w[3]).squareRoot())
}

/// The rows of a silhouette computation centered and sorted by cluster (a stable sort), so that
/// cluster j occupies the contiguous rows `start[j]..<start[j + 1]`; clusters are numbered
/// `0..<c` in increasing label order.
struct ClusterSortedRows: @unchecked Sendable {
    /// The centered rows in sorted order, and their squared norms.
    let sorted: Matrix
    let norms: [Double]
    /// Sorted position → original row.
    let order: [Int]
    /// The cluster of each sorted row.
    let labels: [Int]
    /// Where each cluster starts (`c + 1` entries), and its size.
    let start: [Int]
    let sizes: [Int]
    var n: Int { sorted.rows }
    var d: Int { sorted.columns }
    var c: Int { sizes.count }

    /// - Throws: `ClusteringError.invalidLabelCount` unless there are 2 to `n − 1` labels.
    init(_ x: Matrix, labels: [Int]) throws {
        let n = x.rows, d = x.columns
        let distinct = Array(Set(labels)).sorted()
        let c = distinct.count
        guard c >= 2, c <= n - 1 else { throw ClusteringError.invalidLabelCount(labels: c, samples: n) }
        var code = [Int: Int](minimumCapacity: c)
        for (i, l) in distinct.enumerated() { code[l] = i }
        let encoded = labels.map { code[$0]! }
        var sizes = [Int](repeating: 0, count: c)
        for l in encoded { sizes[l] += 1 }
        var start = [Int](repeating: 0, count: c + 1)
        for j in 0..<c { start[j + 1] = start[j] + sizes[j] }
        var next = Array(start[0..<c])
        var order = [Int](repeating: 0, count: n)
        for (i, l) in encoded.enumerated() { order[next[l]] = i; next[l] += 1 }
        let centered = CenteredData(x)
        var sorted = Matrix(rows: n, columns: d)
        var norms = [Double](repeating: 0, count: n)
        centered.x.withUnsafeBufferPointer { px in
            sorted.withUnsafeMutableBufferPointer { ps in
                for p in 0..<n {
                    let i = order[p]
                    for t in 0..<d { ps[p * d + t] = px[i * d + t] }
                    norms[p] = centered.rowNorms[i]
                }
            }
        }
        self.sorted = sorted; self.norms = norms; self.order = order
        self.labels = order.map { encoded[$0] }; self.start = start; self.sizes = sizes
    }

    /// Adds to `out[j]`, for each cluster j whose rows meet the columns `columns`, the sum of
    /// sorted row `row`'s distances to those rows, `sum(from, to)` over a range of columns;
    /// the row's distance to itself (exactly 0) is skipped.
    @inline(__always)
    func accumulate(row gi: Int, columns: Range<Int>, into out: UnsafeMutablePointer<Double>,
                    _ sum: (Int, Int) -> Double) {
        var cluster = labels[columns.lowerBound]
        var j = columns.lowerBound
        while j < columns.upperBound {
            while start[cluster + 1] <= j { cluster += 1 }
            let end = min(columns.upperBound, start[cluster + 1])
            out[cluster] += gi >= j && gi < end ? sum(j, gi) + sum(gi + 1, end) : sum(j, end)
            j = end
        }
    }

    /// `s(i)` in the original row order from the per-row cluster distance sums (`n × c`).
    func silhouettes(clusterSums: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: n)
        for p in 0..<n {
            let own = labels[p]
            if sizes[own] <= 1 { result[order[p]] = 0; continue }
            let a = clusterSums[p * c + own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for j in 0..<c where j != own {
                b = min(b, clusterSums[p * c + j] / Double(sizes[j]))
            }
            let denominator = max(a, b)
            result[order[p]] = denominator > 0 ? (b - a) / denominator : 0
        }
        return result
    }
}

/// One worker's tile buffers for the silhouette.
final class TileScratch: @unchecked Sendable {
    var rows = Matrix(rows: 0, columns: 0)
    var columns = Matrix(rows: 0, columns: 0)
    var products = Matrix(rows: 0, columns: 0)
}
