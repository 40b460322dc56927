import CKernels
import COpenBLAS
import Linalg

/// The Lloyd iterations of `KMeans` on centred data.
///
/// One iteration reads the data at most once. The rows are cut into blocks of `blockRows`; for
/// each block one `dgemm` computes the inner products `P = X_b · Cᵀ` (`blockRows × k`, cache
/// resident), and a fused loop then takes, per row, `argminⱼ ‖cⱼ‖² − 2·Pᵢⱼ` (the row's own
/// `‖xᵢ‖²` does not change the argmin) and records the label. The cluster sums and counts are
/// kept from one iteration to the next and updated by the rows that change cluster only (−x from
/// the old cluster, +x to the new one), so no n × k matrix and no full re-summation. Blocks run
/// on `workers` threads; each block writes its changes to its own slot and the slots are merged
/// in block order, so the result is identical for any number of threads.
///
/// For `k ≤ 8` a direct kernel replaces the `dgemm` (see `directBlock`): the products stay in
/// registers and no block is copied; from the second iteration on, rows whose label provably
/// cannot change skip the products altogether (`prunedBlock`, exact: same labels, centroids and
/// iterations as without pruning). The last relabelling pass also sums the exact inertia
/// (`finalBlock`), so a fit reads the data once per iteration plus twice for the centring.
///
/// For `k ≤ 8` the full computation of a row is first screened in single precision by a C
/// kernel (`screenedRows`, `worksafe_kmeans_screen8`): accepted when the runner-up is farther
/// than a rigorous error bound, else the row falls back to the double kernel; labels,
/// centroids and iterations are bit for bit those without the screen (tested, also on near
/// ties and at extreme scales). On the benchmark data 0.13% of the screened rows fall back.
///
/// Measured (2026-11-29, third session) on the 2-core AMD EPYC (Zen 1) development machine,
/// 1,000,000 × 12, k = 8, scikit-learn's initial centres, 20 iterations, 2 threads: a fit
/// takes ≈ 215–240 ms (`benchmarks/Benchmarks/KMeansLloyd`), of which the centring ≈ 16 ms,
/// the first (unpruned) pass ≈ 22 ms, iterations 2–10 ≈ 125 ms (one centroid still moves far,
/// so 14–95% of the rows fail the bound test and get the full computation: 5.2 M row
/// computations), iterations 11–20 ≈ 5 ms each (1–4% fail; the bound test streams 20 bytes per
/// row), the final relabelling with the exact inertia ≈ 10 ms. What brought it from ≈ 335 ms
/// (alternating runs against the previous build): centring on read instead of writing a copy
/// (≈ 45 → 15 ms); skipping the tightening in blocks where over a quarter of the rows fail
/// (≈ −30 ms); the screen's scores, acceptance test and bounds in C with the listed rows
/// prefetched (≈ −55 ms: Swift's `SIMD8<Float>` loop converted and broadcast element by
/// element, took `SIMD` square roots lane by lane with a branch each, and waited on the sparse
/// rows' memory); bounds stored against summed drifts (the test no longer rewrites them);
/// blocks of 2048 rows.
///
/// Tried and measured slower here, kept out: Elkan-style bounds per centroid (eight `Float`
/// lanes per row, or one stamped bound with per-centroid drift tables): they cut the full
/// computations of iterations 2–10 by half, but deciding a row from its one to three
/// candidate centroids cost ≈ 59 ns against ≈ 34 ns for the vectorised full computation, and
/// the lanes added 36 MB of traffic (fit 390–650 ms); Hamerly's second test (half the distance
/// to the nearest other centroid): 1–17% fewer full computations, no measurable gain; bounds
/// in `Float` (slower); transparent huge pages for the bounds (slower: compaction on fault);
/// a `Float` copy of the data (slower: page faults and a second read). Building for `znver1`
/// (AVX2 + FMA) changed nothing measurable: Zen 1 splits 256-bit operations.
///
/// Blocks are small enough (`blockRows · k · d` under OpenBLAS's threading threshold) that each
/// `dgemm` runs single-threaded on its worker, so OpenBLAS's own pool never competes with ours.
final class LloydEngine: @unchecked Sendable {
    /// Rows per block: 2048 × 12 doubles = 192 KiB, resident in L2 (512 KiB here) between the
    /// gemm and the loop, or between the tightening and the full computation. Against 1024,
    /// half the per-block overhead and partial sums to merge (1M × 12 fit ≈ 228 → 215 ms).
    static let blockRows = 2048

    let data: CenteredData
    let k: Int
    let workers: Int
    let blocks: Int
    /// Whether the assignment uses the direct eight-lane kernel instead of `dgemm` (k ≤ 8).
    var useDirectKernel: Bool
    /// Whether the direct kernel skips rows whose label provably cannot change (see `Bounds`).
    var usePruning = true
    /// Whether the direct kernel's full computation is screened in single precision first
    /// (`screenedRows`; off when a squared row norm reaches 2⁶⁰, where `Float` could
    /// overflow). Exact: same labels as without.
    var useSingleScreen: Bool
    /// Rows that went through the single-precision screen, and those of them that fell back to
    /// the double kernel, summed over the passes since the last `run` started.
    private(set) var screenCounts = (screened: 0, fellBack: 0)
    /// Per-worker scratch: the copied block and its products with the centroids. Each worker
    /// touches only its own box.
    private let scratch: [BlockScratch]

    init(data: CenteredData, k: Int, workers: Int) {
        self.data = data
        self.k = k
        self.blocks = ParallelBlocks.blockCount(rows: data.n, blockSize: LloydEngine.blockRows)
        self.workers = max(1, min(workers, blocks))
        self.useDirectKernel = k <= 8
        self.useSingleScreen = k <= 8 && data.maxSquaredNorm < 0x1p60
        self.scratch = (0..<self.workers).map { _ in
            BlockScratch(rows: LloydEngine.blockRows, columns: data.d, k: k)
        }
    }

    /// The outcome of one restart.
    struct Run {
        var centres: [Double]
        var labels: [Int32]
        var inertia: Double
        var iterations: Int
        var converged: Bool
        var history: [Double]
    }

    /// Runs Lloyd's iterations from `initialCentres` (centred, row-major `k × d`).
    func run(initialCentres: [Double], maxIterations: Int, absoluteTolerance: Double) -> Run {
        let (n, d) = (data.n, data.d)
        var centres = initialCentres
        var labels = [Int32](repeating: -1, count: n)
        screenCounts = (0, 0)
        var history: [Double] = []
        var iterations = 0
        var strict = false
        var converged = false
        let bounds: Bounds? = useDirectKernel && usePruning ? Bounds(rows: n, k: k) : nil
        // Sums and counts of the rows by their current labels, updated by the changes only.
        var labelSums = [Double](repeating: 0, count: k * d)
        var labelCounts = [Int](repeating: 0, count: k)
        for it in 0..<maxIterations {
            iterations = it + 1
            let step = assign(centres: centres, labels: &labels, accumulate: true, bounds: bounds,
                              sums: &labelSums, counts: &labelCounts)
            history.append(step.objective)
            var sums = step.sums, counts = step.counts
            if counts.contains(0) {
                relocateEmptyClusters(centres: centres, labels: labels, sums: &sums, counts: &counts)
            }
            var shift = 0.0
            var updated = centres
            for j in 0..<k where counts[j] > 0 {
                let w = Double(counts[j])
                for t in 0..<d {
                    let v = sums[j * d + t] / w
                    let u = v - centres[j * d + t]
                    shift += u * u
                    updated[j * d + t] = v
                }
            }
            bounds?.moved(from: centres, to: updated, d: d)
            centres = updated
            if step.changed == 0 { strict = true; converged = true; break }
            if shift <= absoluteTolerance { converged = true; break }
        }
        var inertia: Double?
        if !strict {
            // The labels must belong to the final centroids; with valid bounds that pass also
            // gives the exact inertia, so the data are not read once more for it.
            inertia = assign(centres: centres, labels: &labels, accumulate: false, bounds: bounds,
                             sums: &labelSums, counts: &labelCounts, final: true).exactInertia
        }
        let finalInertia = inertia ?? exactInertia(centres: centres, labels: labels)
        return Run(centres: centres, labels: labels, inertia: finalInertia, iterations: iterations,
                   converged: converged, history: history)
    }

    /// Result of one assignment pass.
    struct Assignment {
        var sums: [Double]
        var counts: [Int]
        var changed: Int
        var objective: Double
        /// `Σᵢ ‖xᵢ − c_{labelᵢ}‖²` by direct differences, when the pass was `final` and pruned.
        var exactInertia: Double?
    }

    /// Assigns every row to its nearest centroid (fused product + argmin + accumulation).
    ///
    /// `sums` and `counts` are the cluster sums and counts by the labels on entry; with
    /// `accumulate` they are updated by the rows that change cluster.
    ///
    /// - Complexity: at most 2·*n·k·d* flops (in `n / blockRows` gemms, or in the direct kernel
    ///   for `k ≤ 8`, where pruned rows cost O(1)), plus O(*d*) per changed row; the data are read
    ///   at most once.
    ///
    /// With `final` (the pass after the last update, which only relabels) and valid bounds, each
    /// block also sums the exact squared distances of its rows to their new centroids
    /// (`finalBlock`); the sums are merged in block order.
    func assign(centres: [Double], labels: inout [Int32], accumulate: Bool,
                bounds: Bounds? = nil, sums: inout [Double], counts: inout [Int],
                final: Bool = false) -> Assignment {
        let (n, d, k) = (data.n, data.d, self.k)
        let c = try! Matrix(rows: k, columns: d, elements: centres)  // shape fixed by construction
        var centreNorms = [Double](repeating: 0, count: k)
        for j in 0..<k { for t in 0..<d { centreNorms[j] += centres[j * d + t] * centres[j * d + t] } }
        // The direct kernel's operands: centroids by column, eight lanes (padded with +∞ norms).
        var columnsOfCentres = [SIMD8<Double>](repeating: .zero, count: d)
        var lanes = SIMD8<Double>(repeating: .infinity)
        if useDirectKernel {
            for j in 0..<k {
                lanes[j] = centreNorms[j]
                for t in 0..<d { columnsOfCentres[t][j] = centres[j * d + t] }
            }
        }
        let direct = useDirectKernel
        let normLanes = lanes
        // The single-precision screen's operands and error bound (see `screenedRows`); off when
        // the centroids are too large for `Float` to hold their squared norms safely.
        let largestCentreNorm = centreNorms.max() ?? 0
        var singleColumns = [SIMD8<Float>](repeating: .zero, count: d)
        var screenParameters: (slope: Float, constant: Float, norms: SIMD8<Float>)?
        if direct, useSingleScreen, largestCentreNorm < 0x1p60 {
            // −2·cⱼ (exact: a power of two): the C kernel's scores are `norms + Σₜ x̂ₜ·columnₜ`.
            for t in 0..<d { singleColumns[t] = -2 * SIMD8<Float>(columnsOfCentres[t]) }
            let c = largestCentreNorm.squareRoot()
            let factor = Double(d + 4) * 0x1p-22
            screenParameters = (slope: Float(factor * 2 * c + 0x1p-100),
                                constant: Float(factor * largestCentreNorm + 0x1p-100 * (1 + c)),
                                norms: SIMD8<Float>(normLanes))
        }
        let boundsValid = bounds?.valid ?? false
        // The pruning margin in squared-distance units, ~10⁶ times the rounding error of the
        // expansion for any row (see `prunedBlock`).
        let margin = 1e-10 * (data.maxSquaredNorm + (centreNorms.max() ?? 0))
        let drift = bounds?.drift ?? []
        let maxDrift = bounds?.maxDrift ?? 0
        // Per-block slot: k·d sums, k counts, changed, exact inertia (final pass), screened rows,
        // rows that fell back.
        let slot = k * d + k + 4
        var partials = [Double](repeating: 0, count: blocks * slot)
        let blockRows = LloydEngine.blockRows
        let blocks = self.blocks
        data.withRows { xBase in
        data.rowNorms.withUnsafeBufferPointer { pxn in
        centreNorms.withUnsafeBufferPointer { pcn in
        columnsOfCentres.withUnsafeBufferPointer { pct in
        labels.withUnsafeMutableBufferPointer { plabels in
        partials.withUnsafeMutableBufferPointer { ppart in
        centres.withUnsafeBufferPointer { pcentres in
        drift.withUnsafeBufferPointer { pdrift in
        singleColumns.withUnsafeBufferPointer { psc in
            let screen = screenParameters.map {
                SingleScreen(columns: psc.baseAddress!, norms: $0.norms,
                             slope: $0.slope, constant: $0.constant)
            }
            let plab = plabels.baseAddress!, part = ppart
            let xNorms = pxn.baseAddress!
            let rowBounds = bounds.map {
                RowBounds(stored: $0.rows.baseAddress!, drift: pdrift.baseAddress!, maxDrift: maxDrift)
            }
            ParallelBlocks.run(blocks: blocks, workers: workers, callsBLAS: !direct) { worker, b in
                let r0 = b * blockRows, r1 = min(n, r0 + blockRows), m = r1 - r0
                let s = part.baseAddress! + b * slot
                var tally = BlockTally(sums: s, counts: s + k * d, d: d, accumulate: accumulate)
                if direct, let screen, !(boundsValid && rowBounds != nil) {
                    // The unpruned pass, screened: every row of the block is listed.
                    let list = self.scratch[worker].pending
                    for i in 0..<m { list[i] = Int32(truncatingIfNeeded: r0 + i) }
                    let fellBack = LloydEngine.screenedRows(
                        list, count: m, screen: screen, scores: self.scratch[worker].scores,
                        x: xBase, d: d, columns: pct.baseAddress!,
                        norms: normLanes, labels: plab, xNorms: xNorms, bounds: rowBounds,
                        tally: &tally)
                    s[k * d + k + 2] = Double(m)
                    s[k * d + k + 3] = Double(fellBack)
                } else if final, direct, boundsValid, let rowBounds {
                    s[k * d + k + 1] = LloydEngine.finalBlock(
                        x: xBase, rows: r0..<r1, d: d, columns: pct.baseAddress!, norms: normLanes,
                        centres: pcentres.baseAddress!, margin: margin, bounds: rowBounds, labels: plab,
                        xNorms: xNorms, pending: self.scratch[worker].pending,
                        scores: self.scratch[worker].scores,
                        distances: self.scratch[worker].distances, screen: screen,
                        screenCounts: s + k * d + k + 2, tally: &tally)
                } else if direct, boundsValid, let rowBounds {
                    LloydEngine.prunedBlock(x: xBase, rows: r0..<r1, d: d, columns: pct.baseAddress!,
                                            norms: normLanes, centres: pcentres.baseAddress!,
                                            margin: margin, bounds: rowBounds,
                                            labels: plab, xNorms: xNorms,
                                            pending: self.scratch[worker].pending,
                                            scores: self.scratch[worker].scores, screen: screen,
                                            screenCounts: s + k * d + k + 2, tally: &tally)
                } else if direct {
                    LloydEngine.directBlock(x: xBase, rows: r0..<r1, d: d, columns: pct.baseAddress!,
                                            norms: normLanes, labels: plab, xNorms: xNorms,
                                            bounds: rowBounds, tally: &tally)
                } else {
                    let box = self.scratch[worker]
                    box.block.reshapeDiscardingContents(rows: m, columns: d)
                    box.block.withUnsafeMutableBufferPointer { pb in
                        for i in 0..<m {
                            let row = xBase.row(r0 + i)
                            for t in 0..<d { pb[i * d + t] = row[t] }
                        }
                    }
                    try! Matrix.multiply(box.block, .none, c, .transposed, into: &box.products)  // shapes fit
                    box.products.withUnsafeBufferPointer { pp in
                        for i in 0..<m {
                            let row = i * k
                            var best = pcn[0] - 2 * pp[row]
                            var bj = 0
                            var j = 1
                            while j < k {
                                let v = pcn[j] - 2 * pp[row + j]
                                if v < best { best = v; bj = j }
                                j += 1
                            }
                            tally.record(row: r0 + i, cluster: bj, x: xBase, labels: plab)
                        }
                    }
                }
                s[k * d + k] = Double(tally.changed)
            }
        }}}}}}}}}
        let fused = final && direct && boundsValid
        bounds?.valid = direct
        // Merge the blocks' changes in block order: deterministic for any number of workers.
        var changed = 0
        var inertia = 0.0
        for b in 0..<blocks {
            let base = b * slot
            if accumulate {
                for i in 0..<(k * d) { sums[i] += partials[base + i] }
                for j in 0..<k { counts[j] += Int(partials[base + k * d + j]) }
            }
            changed += Int(partials[base + k * d + k])
            inertia += partials[base + k * d + k + 1]
            screenCounts.screened += Int(partials[base + k * d + k + 2])
            screenCounts.fellBack += Int(partials[base + k * d + k + 3])
        }
        // The objective of this assignment from the cluster sums:
        // Σᵢ ‖xᵢ − c_{aᵢ}‖² = Σᵢ ‖xᵢ‖² − 2 Σⱼ cⱼ·Sⱼ + Σⱼ nⱼ‖cⱼ‖².
        var objective = data.totalSquaredNorm
        for j in 0..<k {
            var dot = 0.0
            for t in 0..<d { dot += centres[j * d + t] * sums[j * d + t] }
            objective += Double(counts[j]) * centreNorms[j] - 2 * dot
        }
        return Assignment(sums: sums, counts: counts, changed: changed, objective: max(0, objective),
                          exactInertia: fused ? inertia : nil)
    }

    /// Moves each empty cluster onto the row farthest from the centroid it was assigned to
    /// (largest distance first, ties to the lower row index), taking that row out of its
    /// cluster's sum, as scikit-learn's `_relocate_empty_clusters_dense` does.
    func relocateEmptyClusters(centres: [Double], labels: [Int32], sums: inout [Double],
                               counts: inout [Int]) {
        let (n, d) = (data.n, data.d)
        let empty = (0..<k).filter { counts[$0] == 0 }
        var distances = [Double](repeating: 0, count: n)
        data.withRows { x in
            for i in 0..<n {
                let l = Int(labels[i])
                let row = x.row(i)
                var s = 0.0
                for t in 0..<d { let u = row[t] - centres[l * d + t]; s += u * u }
                distances[i] = s
            }
        }
        let order = (0..<n).sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
        for (e, cluster) in empty.enumerated() {
            let far = order[e]
            let old = Int(labels[far])
            for t in 0..<d {
                let v = data.x[far, t] - data.offset[t]
                sums[cluster * d + t] = v
                sums[old * d + t] -= v
            }
            counts[cluster] = 1
            counts[old] -= 1
        }
    }

    /// `Σᵢ ‖xᵢ − c_{labelᵢ}‖²` by direct differences (`squaredDistance`), each block summed in
    /// row order, the blocks merged in block order.
    func exactInertia(centres: [Double], labels: [Int32]) -> Double {
        let (n, d) = (data.n, data.d)
        let blockRows = LloydEngine.blockRows
        var partials = [Double](repeating: 0, count: blocks)
        data.withRows { x in
        centres.withUnsafeBufferPointer { pc in
        labels.withUnsafeBufferPointer { pl in
        partials.withUnsafeMutableBufferPointer { ppart in
            let part = ppart
            ParallelBlocks.run(blocks: blocks, workers: workers) { _, b in
                let r0 = b * blockRows, r1 = min(n, r0 + blockRows)
                var total = 0.0
                let c = pc.baseAddress!
                for i in r0..<r1 {
                    total += LloydEngine.squaredDistance(x.row(i), c + Int(pl[i]) * d, d)
                }
                part[b] = total
            }
        }}}}
        return partials.reduce(0, +)
    }
}

/// One worker's reusable buffers for a block of rows.
final class BlockScratch: @unchecked Sendable {
    var block: Matrix
    var products: Matrix
    /// The rows of a block still to be examined by the pruned kernel.
    let pending: UnsafeMutablePointer<Int32>
    /// The squared distances of a block's rows to their centroids (final pass).
    let distances: UnsafeMutablePointer<Double>
    /// The single-precision scan's results for a list of rows (`screenedRows`).
    let scores: ScoreBuffers
    init(rows: Int, columns: Int, k: Int) {
        block = Matrix(rows: rows, columns: columns)
        products = Matrix(rows: rows, columns: k)
        pending = .allocate(capacity: rows)
        distances = .allocate(capacity: rows)
        scores = ScoreBuffers(capacity: rows + 4)
    }
    deinit { pending.deallocate(); distances.deallocate(); scores.deallocate() }
}

/// Per-block changes: labels, the number of changed labels, and the changes of the cluster sums
/// and counts (a row that moves from cluster a to b adds −x to a and +x to b; a row that stays
/// adds nothing, so its data need not be read).
struct BlockTally {
    let sums: UnsafeMutablePointer<Double>
    let counts: UnsafeMutablePointer<Double>
    let d: Int
    let accumulate: Bool
    var changed = 0

    init(sums: UnsafeMutablePointer<Double>, counts: UnsafeMutablePointer<Double>, d: Int,
         accumulate: Bool) {
        self.sums = sums; self.counts = counts; self.d = d; self.accumulate = accumulate
    }

    /// Records that row `row` goes to `cluster`.
    @inline(__always)
    mutating func record(row: Int, cluster: Int, x: CentredRows,
                         labels: UnsafeMutablePointer<Int32>) {
        let label = Int32(truncatingIfNeeded: cluster)
        let old = labels[row]
        if old == label { return }
        changed += 1
        labels[row] = label
        if accumulate {
            let xr = x.row(row)
            let gain = sums + cluster * d
            for t in 0..<d { gain[t] += xr[t] }
            counts[cluster] += 1
            if old >= 0 {
                let loss = sums + Int(old) * d
                for t in 0..<d { loss[t] -= xr[t] }
                counts[Int(old)] -= 1
            }
        }
    }
}

extension LloydEngine {
    /// The direct kernel for `k ≤ 8`: per row, the eight inner products `x·cⱼ` accumulate in one
    /// `SIMD8<Double>` (centroids stored by column), two rows at a time for independent chains
    /// (`fullPair`); then `‖cⱼ‖² − 2x·cⱼ`, its first minimum and the second smallest value, by a
    /// branch-free scan. Padding lanes have norm +∞ and never win. It beats `dgemm` here because
    /// the products never leave registers (no packing, no buffer).
    @inline(__always)
    static func directBlock(x: CentredRows, rows: Range<Int>, d: Int,
                            columns: UnsafePointer<SIMD8<Double>>, norms: SIMD8<Double>,
                            labels: UnsafeMutablePointer<Int32>, xNorms: UnsafePointer<Double>,
                            bounds: RowBounds?, tally: inout BlockTally) {
        var r = rows.lowerBound
        while r + 2 <= rows.upperBound {
            fullPair(x: x, r, r + 1, d: d, columns: columns, norms: norms, labels: labels,
                     xNorms: xNorms, bounds: bounds, tally: &tally)
            r += 2
        }
        if r < rows.upperBound {
            fullRow(x: x, r, d: d, columns: columns, norms: norms, labels: labels,
                    xNorms: xNorms, bounds: bounds, tally: &tally)
        }
    }

    /// The full eight-lane assignment of rows `r0` and `r1` (two independent product chains),
    /// refreshing their bounds when given.
    @inline(__always)
    static func fullPair(x: CentredRows, _ r0: Int, _ r1: Int, d: Int,
                         columns: UnsafePointer<SIMD8<Double>>, norms: SIMD8<Double>,
                         labels: UnsafeMutablePointer<Int32>, xNorms: UnsafePointer<Double>,
                         bounds: RowBounds?, tally: inout BlockTally) {
        let x0 = x.row(r0), x1 = x.row(r1)
        var a0 = SIMD8<Double>.zero, a1 = SIMD8<Double>.zero
        var t = 0
        while t < d {
            let c = columns[t]
            a0 += SIMD8(repeating: x0[t]) * c
            a1 += SIMD8(repeating: x1[t]) * c
            t += 1
        }
        let pair = nearestTwo(norms - 2 * a0, norms - 2 * a1)
        if let bounds {
            let xn = SIMD2(xNorms[r0], xNorms[r1])
            let u = distance(xn + pair.best), l = distance(xn + pair.second)
            bounds.set(r0, upper: u[0], lower: l[0], own: Int(pair.index[0]))
            bounds.set(r1, upper: u[1], lower: l[1], own: Int(pair.index[1]))
        }
        tally.record(row: r0, cluster: Int(pair.index[0]), x: x, labels: labels)
        tally.record(row: r1, cluster: Int(pair.index[1]), x: x, labels: labels)
    }

    /// `fullPair` for one row.
    @inline(__always)
    static func fullRow(x: CentredRows, _ r: Int, d: Int,
                        columns: UnsafePointer<SIMD8<Double>>, norms: SIMD8<Double>,
                        labels: UnsafeMutablePointer<Int32>, xNorms: UnsafePointer<Double>,
                        bounds: RowBounds?, tally: inout BlockTally) {
        let x0 = x.row(r)
        var a0 = SIMD8<Double>.zero
        var t = 0
        while t < d { a0 += SIMD8(repeating: x0[t]) * columns[t]; t += 1 }
        let w = norms - 2 * a0
        let one = nearestTwo(w, w)
        if let bounds {
            let xn = SIMD2(repeating: xNorms[r])
            bounds.set(r, upper: distance(xn + one.best)[0], lower: distance(xn + one.second)[0],
                       own: Int(one.index[0]))
        }
        tally.record(row: r, cluster: Int(one.index[0]), x: x, labels: labels)
    }

    /// The direct kernel with Hamerly's pruning (Hamerly, 2010), exact with respect to Lloyd.
    ///
    /// Each row keeps an upper bound `u` on the distance to its own centroid and a lower bound `l`
    /// on the distance to every other one (`Bounds`). After the centroids move by `δⱼ`, `u` grows
    /// by the shift of its own centroid and `l` drops by the largest shift. When
    /// `u² + E < l²`, with `E = 1e-10·(maxᵢ‖xᵢ‖² + maxⱼ‖cⱼ‖²)` — a margin about 10⁶ times the
    /// rounding error of the `‖x‖² − 2x·c + ‖c‖²` expansion — every other centroid is farther
    /// than the own one by more than that rounding error, so the full computation would pick the
    /// same centroid: the row keeps its label without any inner product. Otherwise `u` is
    /// tightened to the exact distance (d differences) and the test repeated; if it still fails
    /// the row gets the full eight-lane computation, which refreshes both bounds. Labels,
    /// centroids and iterations are those of plain Lloyd; only the work differs.
    ///
    /// The block runs in three passes so that each is a tight loop: the bound test on every row
    /// (branch-free, no data read; the rows that fail are listed in `pending`), the tightening of
    /// the listed rows (listing again those that still fail; skipped when more than a quarter of
    /// the block failed, since then most fail again — one centroid moved far — and the gathered
    /// reads cost more than the full computations they save), and the full computation of the
    /// remaining rows, screened (`screenedRows`) or two at a time.
    @inline(__always)
    static func prunedBlock(x: CentredRows, rows: Range<Int>, d: Int,
                            columns: UnsafePointer<SIMD8<Double>>, norms: SIMD8<Double>,
                            centres: UnsafePointer<Double>, margin: Double,
                            bounds: RowBounds,
                            labels: UnsafeMutablePointer<Int32>, xNorms: UnsafePointer<Double>,
                            pending: UnsafeMutablePointer<Int32>, scores: ScoreBuffers,
                            screen: SingleScreen?,
                            screenCounts: UnsafeMutablePointer<Double>, tally: inout BlockTally) {
        // Pass 1: test the bounds (read only); list the rows that fail.
        var count = 0
        for r in rows {
            let a = Int(labels[r])
            let u = bounds.upper(r, own: a)
            let l = bounds.lower(r)
            let l2 = l > 0 ? l * l : -1
            pending[count] = Int32(truncatingIfNeeded: r)
            count &+= LloydEngine.one(unless: u * u + margin < l2)
        }
        // Pass 2: tighten `u` to the exact distance; list the rows that still fail. When more
        // than a quarter of the block failed, most of them fail again (one centroid moved far),
        // and the tightening costs more than the full computations it saves: skip it.
        var full = 0
        if count * 4 > rows.count {
            full = count
        } else {
            let ahead = 12
            for p in 0..<min(ahead, count) { x.row(Int(pending[p])).prefetch() }
            for p in 0..<count {
                if p + ahead < count { x.row(Int(pending[p + ahead])).prefetch() }
                let r = Int(pending[p])
                let a = Int(labels[r])
                let l = bounds.lower(r)
                let l2 = l > 0 ? l * l : -1
                let u2 = squaredDistance(x.row(r), centres + a * d, d)
                bounds.setUpper(r, u2.squareRoot(), own: a)
                pending[full] = Int32(truncatingIfNeeded: r)
                full &+= LloydEngine.one(unless: u2 + margin < l2)
            }
        }
        // Pass 3: the full computation, screened in single precision or two rows at a time.
        fullComputation(pending, count: full, screen: screen, scores: scores, x: x, d: d,
                        columns: columns, norms: norms, labels: labels, xNorms: xNorms,
                        bounds: bounds, screenCounts: screenCounts, tally: &tally)
    }

    /// The full eight-lane computation of the listed rows (increasing row order): screened in
    /// single precision when `screen` is given (`screenCounts[0]`, `[1]`: rows screened, rows
    /// that fell back), else two rows at a time in double precision.
    @inline(__always)
    static func fullComputation(_ list: UnsafePointer<Int32>, count: Int, screen: SingleScreen?,
                                scores: ScoreBuffers, x: CentredRows, d: Int,
                                columns: UnsafePointer<SIMD8<Double>>, norms: SIMD8<Double>,
                                labels: UnsafeMutablePointer<Int32>, xNorms: UnsafePointer<Double>,
                                bounds: RowBounds?, screenCounts: UnsafeMutablePointer<Double>,
                                tally: inout BlockTally) {
        if let screen {
            let fellBack = screenedRows(list, count: count, screen: screen, scores: scores, x: x, d: d,
                                        columns: columns, norms: norms, labels: labels,
                                        xNorms: xNorms, bounds: bounds, tally: &tally)
            screenCounts[0] = Double(count)
            screenCounts[1] = Double(fellBack)
            return
        }
        var p = 0
        while p + 2 <= count {
            fullPair(x: x, Int(list[p]), Int(list[p + 1]), d: d, columns: columns,
                     norms: norms, labels: labels, xNorms: xNorms, bounds: bounds, tally: &tally)
            p += 2
        }
        if p < count {
            fullRow(x: x, Int(list[p]), d: d, columns: columns, norms: norms, labels: labels,
                    xNorms: xNorms, bounds: bounds, tally: &tally)
        }
    }

    /// The last, relabelling pass of a run fused with the exact inertia: every row's squared
    /// distance to its own centroid is computed by differences (the data are read once anyway);
    /// when it passes the bound test of `prunedBlock` the label stays and the distance is the
    /// row's term of the inertia, otherwise the row gets the full computation and then its
    /// distance to the new centroid. Returns the block's `Σ ‖xᵢ − c_{labelᵢ}‖²`, summed in row
    /// order from the same per-row values as `exactInertia`, so the two agree bit for bit.
    @inline(__always)
    static func finalBlock(x: CentredRows, rows: Range<Int>, d: Int,
                           columns: UnsafePointer<SIMD8<Double>>, norms: SIMD8<Double>,
                           centres: UnsafePointer<Double>, margin: Double,
                           bounds: RowBounds,
                           labels: UnsafeMutablePointer<Int32>, xNorms: UnsafePointer<Double>,
                           pending: UnsafeMutablePointer<Int32>, scores: ScoreBuffers,
                           distances: UnsafeMutablePointer<Double>, screen: SingleScreen?,
                           screenCounts: UnsafeMutablePointer<Double>,
                           tally: inout BlockTally) -> Double {
        var count = 0
        let first = rows.lowerBound
        for r in rows {
            let a = Int(labels[r])
            let l = bounds.lower(r)
            let l2 = l > 0 ? l * l : -1
            let u2 = squaredDistance(x.row(r), centres + a * d, d)
            let keep = u2 + margin < l2
            distances[r - first] = u2
            pending[count] = Int32(truncatingIfNeeded: r)
            count &+= LloydEngine.one(unless: keep)
        }
        fullComputation(pending, count: count, screen: screen, scores: scores, x: x, d: d,
                        columns: columns, norms: norms, labels: labels, xNorms: xNorms,
                        bounds: bounds, screenCounts: screenCounts, tally: &tally)
        for q in 0..<count {
            let r = Int(pending[q])
            distances[r - first] = squaredDistance(x.row(r), centres + Int(labels[r]) * d, d)
        }
        var total = 0.0
        for i in 0..<rows.count { total += distances[i] }
        return total
    }

    /// For two rows at once (`w0`, `w1`: the eight values `‖cⱼ‖² − 2x·cⱼ` of each), the first
    /// minimum (its lane, the lower one on a tie), and the smallest value of the other lanes (+∞
    /// when only one lane is finite). The scan runs down the lanes with the two rows side by side
    /// in one `SIMD2`, so every step is a vector compare and select with no branch (a scan along
    /// one row's lanes compiled to data-dependent branches and cost twice as much);
    /// `second ← min(second, max(best, v))` keeps the second smallest value seen. No lane is NaN.
    @inline(__always)
    static func nearestTwo(_ w0: SIMD8<Double>, _ w1: SIMD8<Double>)
        -> (index: SIMD2<Int64>, best: SIMD2<Double>, second: SIMD2<Double>) {
        var best = SIMD2(w0[0], w1[0])
        var second = SIMD2<Double>(repeating: .infinity)
        var index = SIMD2<Int64>.zero
        for j in 1..<8 {
            let v = SIMD2(w0[j], w1[j])
            let above = best.replacing(with: v, where: best .< v)
            second = second.replacing(with: above, where: above .< second)
            let less = v .< best
            index = index.replacing(with: SIMD2(repeating: Int64(j)), where: less)
            best = best.replacing(with: v, where: less)
        }
        return (index, best, second)
    }

    /// The full computation screened in single precision, for the listed rows (increasing row
    /// order; the labels are recorded in that order, as the double kernel does, so the cluster
    /// sums are bit for bit the same). The eight scores `ŝⱼ = ‖cⱼ‖² − 2x·cⱼ` of every listed row
    /// are computed in `Float` by the C kernel `worksafe_kmeans_scores8` (each element of x
    /// rounded to `Float`, the accumulation started from the rounded norm, with −2cⱼ as
    /// operands: four rows at a time in vector lanes, packed conversions, a vector min scan),
    /// with the first minimum `ŝ_a` and the runner-up `ŝ_b`; it also prefetches the listed rows
    /// three groups ahead, which are often sparse and otherwise make the loop wait on memory.
    /// The label `a` is accepted when `ŝ_b − ŝ_a > 2E(x)`; otherwise the row falls back to the
    /// double kernel (`fullRow`). Measured (2026-11-29, 1M × 12, k = 8, `kmdev` alternating
    /// runs): this C kernel with its prefetch took the fit from ≈ 300 to ≈ 270 ms; the Swift
    /// `SIMD8<Float>` kernel it replaces converted and broadcast element by element (≈ 9.5
    /// instructions per element and row against ≈ 6) and waited on the rows' memory.
    ///
    /// The error bound. Let u = 2⁻²⁴ (unit roundoff of `Float`), C = maxⱼ‖cⱼ‖, sⱼ the exact score.
    /// Rounding x and cⱼ to `Float` changes each product by at most (2u + u²)|x_t c_{jt}| (the
    /// factor −2 is exact), and rounding the product by u more; the norm rounded to `Float` is
    /// off by at most u·C²; the d additions starting from it add at most
    /// γ_d·(‖cⱼ‖² + 2Σ|x̂_t ĉ_{jt}|) (γ_d = du/(1 − du)). By Cauchy–Schwarz, together
    /// |ŝⱼ − sⱼ| ≤ 1.01(d + 4)u·(2‖x‖C + C²). We take E(x) = (d + 4)·2⁻²²·(2‖x‖C + C²)
    /// + 2⁻¹⁰⁰(1 + ‖x‖ + C): twice the bound above (the slack covers the few roundings of E
    /// itself, of ‖x‖ from the double norm, of the gap ŝ_b − ŝ_a, and the double kernel's own
    /// error, which is 2⁻²⁹ times smaller), plus an absolute term for gradual underflow.
    /// Overflow cannot happen: the data's squared norms and C² are below 2⁶⁰ (otherwise the
    /// screen is off).
    ///
    /// Why this is exact: if ŝ_b − ŝ_a > 2E, every other centroid j has
    /// sⱼ ≥ ŝⱼ − E ≥ ŝ_b − E > ŝ_a + E ≥ s_a, by more than the double kernel's error, so the
    /// double kernel would pick `a` too (the first minimum; an exact tie never passes). The
    /// bounds are widened by E so that they stay valid for Hamerly's test:
    /// u = √(‖x‖² + ŝ_a + E) ≥ ‖x − c_a‖ and l = √(‖x‖² + ŝ_b − E) ≤ ‖x − cⱼ‖ for j ≠ a.
    ///
    /// Those square roots are taken in single precision, widened: with squares below 2⁶² (as the
    /// screen requires) and u = 2⁻²⁴, `Float(v·(1 + 2⁻²¹))` lies within a factor 1 ± u of
    /// `v·(1 + 2⁻²¹)`, so above v; the correctly rounded `Float` square root is within 1 ± u of
    /// the true one, which the remaining factor (√(1 + 2⁻²¹) ≈ 1 + 2⁻²²) and the final factor
    /// 1 + 2⁻²¹ cover; the `Double` products round by far less. Downward alike with 1 − 2⁻²¹.
    /// Below the normal `Float` range the relative bound fails, so 2⁻¹²⁰ is added to the upward
    /// squares (a lower bound that underflows to 0 stays valid). (Swift's `SIMD` square roots
    /// compile to one scalar square root and branch per lane here, which is why this arithmetic
    /// lives in the C kernel.)
    ///
    /// Returns the number of rows that fell back to the double kernel.
    @inline(__always)
    static func screenedRows(_ list: UnsafePointer<Int32>, count: Int, screen: SingleScreen,
                             scores: ScoreBuffers,
                             x: CentredRows, d: Int,
                             columns: UnsafePointer<SIMD8<Double>>, norms: SIMD8<Double>,
                             labels: UnsafeMutablePointer<Int32>, xNorms: UnsafePointer<Double>,
                             bounds: RowBounds?, tally: inout BlockTally) -> Int {
        var fellBack = 0
        var p = 0
        // The scores' first minimum, the acceptance test and the bounds for the whole list (C
        // kernel).
        withUnsafeBytes(of: screen.norms) { norms in
            UnsafeRawPointer(screen.columns).withMemoryRebound(to: Float.self, capacity: 8 * d) { columns in
                worksafe_kmeans_screen8(list, count, x.base, x.offset, xNorms, d, columns,
                                        norms.baseAddress!.assumingMemoryBound(to: Float.self),
                                        screen.slope, screen.constant, scores.output)
            }
        }
        while p < count {
            // Four rows; past the end of the list the last row is repeated and ignored.
            let last = count - 1
            let r0 = Int(list[p]), r1 = Int(list[min(p + 1, last)])
            let r2 = Int(list[min(p + 2, last)]), r3 = Int(list[min(p + 3, last)])
            let q = (index: UnsafeRawPointer(scores.index + p).loadUnaligned(as: SIMD4<Int32>.self),
                     accept: UnsafeRawPointer(scores.accept + p).loadUnaligned(as: SIMD4<Int32>.self))
            let upper = UnsafeRawPointer(scores.upper + p).loadUnaligned(as: SIMD4<Double>.self)
            let lower = UnsafeRawPointer(scores.lower + p).loadUnaligned(as: SIMD4<Double>.self)
            let rows = SIMD4(r0, r1, r2, r3)
            if p + 4 <= count, q.accept[0] & q.accept[1] & q.accept[2] & q.accept[3] != 0 {
                // The common case, with constant lane indices (no per-row branch on acceptance).
                if let bounds {
                    bounds.set(r0, upper: upper[0], lower: lower[0], own: Int(q.index[0]))
                    bounds.set(r1, upper: upper[1], lower: lower[1], own: Int(q.index[1]))
                    bounds.set(r2, upper: upper[2], lower: lower[2], own: Int(q.index[2]))
                    bounds.set(r3, upper: upper[3], lower: lower[3], own: Int(q.index[3]))
                }
                tally.record(row: r0, cluster: Int(q.index[0]), x: x, labels: labels)
                tally.record(row: r1, cluster: Int(q.index[1]), x: x, labels: labels)
                tally.record(row: r2, cluster: Int(q.index[2]), x: x, labels: labels)
                tally.record(row: r3, cluster: Int(q.index[3]), x: x, labels: labels)
                p += 4
                continue
            }
            for i in 0..<min(4, count - p) {
                let r = rows[i]
                if q.accept[i] != 0 {
                    if let bounds {
                        bounds.set(r, upper: upper[i], lower: lower[i], own: Int(q.index[i]))
                    }
                    tally.record(row: r, cluster: Int(q.index[i]), x: x, labels: labels)
                } else {
                    fellBack += 1
                    fullRow(x: x, r, d: d, columns: columns, norms: norms, labels: labels,
                            xNorms: xNorms, bounds: bounds, tally: &tally)
                }
            }
            p += 4
        }
        return fellBack
    }

    /// 0 when `condition` holds, else 1, without a branch (`cond ? 0 : 1` on a floating-point
    /// comparison compiled to a conditional jump, mispredicted often when about half the rows
    /// fail the bound test).
    @inline(__always)
    static func one(unless condition: Bool) -> Int {
        Int(unsafeBitCast(!condition, to: UInt8.self))
    }

    /// `‖x − c‖²` by differences, four lanes at a time (independent chains), then the tail.
    @inline(__always)
    static func squaredDistance(_ x: CentredRow, _ c: UnsafePointer<Double>, _ d: Int) -> Double {
        var acc = SIMD4<Double>.zero
        var t = 0
        while t + 4 <= d {
            let u = x.load4(t) - UnsafeRawPointer(c + t).loadUnaligned(as: SIMD4<Double>.self)
            acc += u * u
            t += 4
        }
        var s = (acc[0] + acc[1]) + (acc[2] + acc[3])
        while t < d { let u = x[t] - c[t]; s += u * u; t += 1 }
        return s
    }

    /// `√max(0, s)` lane by lane, for squared distances computed by the expansion (which can dip
    /// below 0).
    @inline(__always)
    static func distance(_ squared: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2<Double>.zero.replacing(with: squared, where: squared .> 0).squareRoot()
    }
}

/// Per-row distance bounds (Hamerly, 2010), for `LloydEngine.prunedBlock`, kept in a form that
/// the centroid updates do not rewrite.
///
/// Each row has an upper bound u on the distance to its own centroid a and a lower bound l on
/// the distance to every other centroid. After an update that moves centroid j by δⱼ, u grows
/// by δₐ and l drops by at most max δ. Rather than rewrite 16 bytes per row at every update,
/// the rows store `u − Sₐ` and `l + M`, where Sⱼ is centroid j's summed shifts so far (`drift`)
/// and M the summed largest shifts (`maxDrift`): the current bounds are `stored + Sₐ` and
/// `stored − M` (`RowBounds`), and the bound test reads the rows without writing them. The
/// offsets' rounding, at most (Sₐ + M)·2⁻⁵² per bound, lies far inside the test's margin.
final class Bounds: @unchecked Sendable {
    /// Per row, interleaved: `u − S_label` (`2i`) and `l + M` (`2i + 1`).
    var rows: UnsafeMutableBufferPointer<Double>
    /// Whether the bounds belong to the current labels (false before the first pass).
    var valid = false
    let k: Int
    /// Each centroid's summed shifts over the updates so far.
    private(set) var drift: [Double]
    /// The summed largest shift of the updates so far.
    private(set) var maxDrift = 0.0

    init(rows n: Int, k: Int) {
        // Left uninitialised (a trivial type): the first, unpruned pass writes every bound, and
        // faulting the pages in there spreads that cost over the workers.
        rows = .allocate(capacity: 2 * n)
        self.k = k
        drift = Array(repeating: 0, count: k)
    }

    deinit { rows.deallocate() }

    /// Records the Euclidean shifts `‖newⱼ − oldⱼ‖` of an update.
    func moved(from old: [Double], to new: [Double], d: Int) {
        var largest = 0.0
        for j in 0..<k {
            var s = 0.0
            for t in 0..<d { let u = new[j * d + t] - old[j * d + t]; s += u * u }
            let shift = s.squareRoot()
            drift[j] += shift
            largest = max(largest, shift)
        }
        maxDrift += largest
    }
}

/// A pass's view of `Bounds`: the current bounds of a row from the stored ones.
struct RowBounds {
    let stored: UnsafeMutablePointer<Double>
    let drift: UnsafePointer<Double>
    let maxDrift: Double

    /// The current upper bound on row r's distance to its own centroid a.
    @inline(__always)
    func upper(_ r: Int, own a: Int) -> Double { stored[2 * r] + drift[a] }

    /// The current lower bound on row r's distance to every other centroid.
    @inline(__always)
    func lower(_ r: Int) -> Double { stored[2 * r + 1] - maxDrift }

    /// Stores row r's bounds, taken against the current centroids, its own centroid being a.
    @inline(__always)
    func set(_ r: Int, upper: Double, lower: Double, own a: Int) {
        stored[2 * r] = upper - drift[a]
        stored[2 * r + 1] = lower + maxDrift
    }

    /// Stores row r's upper bound only.
    @inline(__always)
    func setUpper(_ r: Int, _ upper: Double, own a: Int) { stored[2 * r] = upper - drift[a] }
}

/// Per listed row, `worksafe_kmeans_screen8`'s results: the lane of the first minimum of the
/// single-precision scores, whether it is accepted, and the row's bounds.
struct ScoreBuffers {
    let index: UnsafeMutablePointer<Int32>
    let accept: UnsafeMutablePointer<Int32>
    let upper: UnsafeMutablePointer<Double>
    let lower: UnsafeMutablePointer<Double>

    init(capacity: Int) {
        index = .allocate(capacity: capacity)
        accept = .allocate(capacity: capacity)
        upper = .allocate(capacity: capacity)
        lower = .allocate(capacity: capacity)
    }

    var output: worksafe_screen_out {
        worksafe_screen_out(index: index, accept: accept, upper: upper, lower: lower)
    }

    func deallocate() { index.deallocate(); accept.deallocate(); upper.deallocate(); lower.deallocate() }
}

/// The operands of `LloydEngine.screenedRows` for one pass: the centroids by column in `Float`
/// times −2 (padding lanes 0), their squared norms in `Float` (padding lanes +∞), and the error bound
/// E(x) = `slope`·‖x‖ + `constant`.
struct SingleScreen {
    let columns: UnsafePointer<SIMD8<Float>>
    let norms: SIMD8<Float>
    let slope: Float
    let constant: Float
}

/// The centred rows `xᵢ − mean` as the kernels read them: each stored element minus its column's
/// offset, subtracted as it is loaded. The offset is the column means when `CenteredData` kept
/// the input as it is, and zeros when it stored a centred copy; either way every value is bit
/// for bit `xᵢₜ − meanₜ` as the centring computes it.
struct CentredRows {
    let base: UnsafePointer<Double>
    let offset: UnsafePointer<Double>
    let d: Int

    @inline(__always)
    func row(_ r: Int) -> CentredRow { CentredRow(p: base + r * d, offset: offset) }
}

/// One row of `CentredRows`.
struct CentredRow {
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

