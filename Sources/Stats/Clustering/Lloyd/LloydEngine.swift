import Linalg

/// The Lloyd iterations of `KMeans` on centered data.
///
/// Each iteration assigns every row to its nearest centroid (`assign`) and moves every centroid
/// to the mean of its rows. The rows are cut into blocks of `blockRows`, which run on `workers`
/// threads; each block reports a `BlockRecord` and its changes of the cluster sums, merged in
/// block order, so the result is identical for any number of threads. The cluster sums and
/// counts are kept from one iteration to the next and updated by the rows that change cluster
/// only (−x from the old cluster, +x to the new one): no n × k matrix and no re-summation.
///
/// How a block is assigned (`BlockKernel`, the kernels in this folder):
/// - `k > 8`: one `dgemm` per block and an argmin (`DistanceKernels.swift`);
/// - `k ≤ 8`: a direct kernel whose products stay in registers (`DistanceKernels.swift`); from
///   the second iteration on, rows whose label provably cannot change skip it altogether
///   (`HamerlyBounds.swift`); the rest are first screened in single precision, exactly
///   (`SinglePrecisionScreen.swift`). The last relabelling pass also sums the exact inertia, so
///   a fit reads the data once per iteration plus twice for the centering.
///
/// Pruning and the screen change the work, never the result: labels, centroids and iterations
/// are bit for bit those of the plain kernels (tested). Blocks are small enough
/// (`blockRows · k · d` under OpenBLAS's threading threshold) that each `dgemm` runs
/// single-threaded on its worker, so OpenBLAS's own pool never competes with ours.
final class LloydEngine: @unchecked Sendable {
    /// Rows per block: 2048 × 12 doubles = 192 KiB, resident in a 512 KiB L2 between the gemm
    /// and the argmin, or between the tightening and the full computation.
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
    /// (off when a squared row norm reaches 2⁶⁰, where `Float` could overflow).
    var useSingleScreen: Bool
    /// Rows that went through the single-precision screen, and those of them that fell back to
    /// the double kernel, summed over the passes since the last `run` started.
    private(set) var screenCounts = (screened: 0, fellBack: 0)
    /// Per-worker scratch; each worker touches only its own.
    private let scratch: [BlockScratch]
    private let records: BlockRecords
    private let operands: CentroidOperands

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
        self.records = BlockRecords(blocks: blocks, k: k, d: data.d)
        self.operands = CentroidOperands(k: k, d: data.d)
    }

    /// The outcome of one restart.
    struct Run {
        var centers: [Double]
        var labels: [Int32]
        var inertia: Double
        var iterations: Int
        var converged: Bool
        var history: [Double]
    }

    /// Runs Lloyd's iterations from `initialCenters` (centered, row-major `k × d`).
    func run(initialCenters: [Double], maxIterations: Int, absoluteTolerance: Double) -> Run {
        let (n, d) = (data.n, data.d)
        var centers = initialCenters
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
            let step = assign(centers: centers, labels: &labels, accumulate: true, bounds: bounds,
                              sums: &labelSums, counts: &labelCounts)
            history.append(step.objective)
            var sums = step.sums, counts = step.counts
            if counts.contains(0) {
                relocateEmptyClusters(centers: centers, labels: labels, sums: &sums, counts: &counts)
            }
            let (updated, shift) = means(sums: sums, counts: counts, previous: centers)
            bounds?.moved(from: centers, to: updated, d: d)
            centers = updated
            if step.changed == 0 { strict = true; converged = true; break }
            if shift <= absoluteTolerance { converged = true; break }
        }
        var inertia: Double?
        if !strict {
            // The labels must belong to the final centroids; with valid bounds that pass also
            // gives the exact inertia, so the data are not read once more for it.
            inertia = assign(centers: centers, labels: &labels, accumulate: false, bounds: bounds,
                             sums: &labelSums, counts: &labelCounts, final: true).exactInertia
        }
        let finalInertia = inertia ?? exactInertia(centers: centers, labels: labels)
        return Run(centers: centers, labels: labels, inertia: finalInertia, iterations: iterations,
                   converged: converged, history: history)
    }

    /// The new centroids (the means of the non-empty clusters; an empty one keeps its place)
    /// and the squared shift `Σⱼ ‖cⱼ' − cⱼ‖²`.
    private func means(sums: [Double], counts: [Int], previous: [Double]) -> ([Double], Double) {
        let d = data.d
        var shift = 0.0
        var updated = previous
        for j in 0..<k where counts[j] > 0 {
            let w = Double(counts[j])
            for t in 0..<d {
                let v = sums[j * d + t] / w
                let u = v - previous[j * d + t]
                shift += u * u
                updated[j * d + t] = v
            }
        }
        return (updated, shift)
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
    /// `accumulate` they are updated by the rows that change cluster. With `final` (the pass
    /// after the last update, which only relabels) and valid bounds, each block also sums the
    /// exact squared distances of its rows to their new centroids.
    ///
    /// - Complexity: at most 2·*n·k·d* flops (in `n / blockRows` gemms, or in the direct kernel
    ///   for `k ≤ 8`, where pruned rows cost O(1)), plus O(*d*) per changed row; the data are read
    ///   at most once.
    func assign(centers: [Double], labels: inout [Int32], accumulate: Bool,
                bounds: Bounds? = nil, sums: inout [Double], counts: inout [Int],
                final: Bool = false) -> Assignment {
        let centroids = operands.load(centers, lanes: useDirectKernel)
        let screen = useDirectKernel && useSingleScreen ? operands.singleScreen(for: centroids) : nil
        let kernel = BlockKernel(direct: useDirectKernel, screen: screen != nil,
                                 boundsValid: bounds?.valid ?? false, final: final)
        let gemmCenters = kernel == .gemm
            ? try! Matrix(rows: k, columns: data.d, elements: centers) : nil  // shape fixed by construction
        // The bound test's margin, ~10⁶ times the rounding error of the expansion for any row.
        let margin = 1e-10 * (data.maxSquaredNorm + centroids.largestNorm)
        data.withRows { x in
        data.rowNorms.withUnsafeBufferPointer { rowNorms in
        labels.withUnsafeMutableBufferPointer { labels in
            let pass = LloydPass(x: x, rowNorms: rowNorms.baseAddress!, labels: labels.baseAddress!,
                                 centroids: centroids, margin: margin, bounds: bounds?.current,
                                 screen: screen)
            runBlocks(pass, kernel: kernel, accumulate: accumulate, gemmCenters: gemmCenters)
        }}}
        bounds?.valid = useDirectKernel
        let total = records.merge(into: &sums, counts: &counts, accumulate: accumulate)
        screenCounts.screened += total.screened
        screenCounts.fellBack += total.fellBack
        // The objective of this assignment from the cluster sums:
        // Σᵢ ‖xᵢ − c_{aᵢ}‖² = Σᵢ ‖xᵢ‖² − 2 Σⱼ cⱼ·Sⱼ + Σⱼ nⱼ‖cⱼ‖².
        let d = data.d
        var objective = data.totalSquaredNorm
        for j in 0..<k {
            var dot = 0.0
            for t in 0..<d { dot += centers[j * d + t] * sums[j * d + t] }
            objective += Double(counts[j]) * centroids.norms[j] - 2 * dot
        }
        return Assignment(sums: sums, counts: counts, changed: total.changed,
                          objective: max(0, objective),
                          exactInertia: kernel == .final ? total.inertia : nil)
    }

    /// Runs `kernel` on every block of `pass`, each block's record stored in `records`.
    private func runBlocks(_ pass: LloydPass, kernel: BlockKernel, accumulate: Bool,
                           gemmCenters: Matrix?) {
        let (n, blockRows, records) = (data.n, LloydEngine.blockRows, records)
        ParallelBlocks.run(blocks: blocks, workers: workers, callsBLAS: kernel == .gemm) { worker, b in
            let rows = (b * blockRows)..<min(n, (b + 1) * blockRows)
            let scratch = self.scratch[worker]
            var tally = records.tally(forBlock: b, accumulate: accumulate)
            switch kernel {
            case .gemm: pass.gemmBlock(rows, centers: gemmCenters!, scratch: scratch, &tally)
            case .direct: pass.directBlock(rows, &tally)
            case .screened: pass.screenedBlock(rows, scratch: scratch, &tally)
            case .pruned: pass.prunedBlock(rows, scratch: scratch, &tally)
            case .final: pass.finalBlock(rows, scratch: scratch, &tally)
            }
            records.store(tally.record, forBlock: b)
        }
    }

    /// Moves each empty cluster onto the row farthest from the centroid it was assigned to
    /// (largest distance first, ties to the lower row index), taking that row out of its
    /// cluster's sum, as scikit-learn's `_relocate_empty_clusters_dense` does.
    func relocateEmptyClusters(centers: [Double], labels: [Int32], sums: inout [Double],
                               counts: inout [Int]) {
        let (n, d) = (data.n, data.d)
        let empty = (0..<k).filter { counts[$0] == 0 }
        var distances = [Double](repeating: 0, count: n)
        data.withRows { x in
            for i in 0..<n {
                let l = Int(labels[i])
                let row = x.row(i)
                var s = 0.0
                for t in 0..<d { let u = row[t] - centers[l * d + t]; s += u * u }
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
    func exactInertia(centers: [Double], labels: [Int32]) -> Double {
        let (n, d) = (data.n, data.d)
        let blockRows = LloydEngine.blockRows
        var partials = [Double](repeating: 0, count: blocks)
        data.withRows { x in
        centers.withUnsafeBufferPointer { pc in
        labels.withUnsafeBufferPointer { pl in
        partials.withUnsafeMutableBufferPointer { ppart in
            let part = ppart
            ParallelBlocks.run(blocks: blocks, workers: workers) { _, b in
                var total = 0.0
                let c = pc.baseAddress!
                for i in (b * blockRows)..<min(n, (b + 1) * blockRows) {
                    total += LloydPass.squaredDistance(x.row(i), c + Int(pl[i]) * d, d)
                }
                part[b] = total
            }
        }}}}
        return partials.reduce(0, +)
    }
}
