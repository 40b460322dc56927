import Linalg

/// Everything the kernels of one assignment pass read and write, in one value: the centered rows
/// and their squared norms, the labels (each block writes only its own rows), the centroids in
/// the forms the kernels want, and — for `k ≤ 8` — the pruning margin, the rows' Hamerly bounds
/// and the single-precision screen. The kernels are its methods (`DistanceKernels.swift`,
/// `HamerlyBounds.swift`, `SinglePrecisionScreen.swift`); a pass is built by `LloydEngine.assign`
/// and lives no longer than the call that holds the pointers.
struct LloydPass {
    let x: CenteredRows
    /// `‖xᵢ − mean‖²` per row.
    let rowNorms: UnsafePointer<Double>
    /// The label of every row (−1 before the first pass).
    let labels: UnsafeMutablePointer<Int32>
    let centroids: Centroids
    /// The bound test's margin E in squared-distance units (see `prunedBlock`).
    let margin: Double
    /// The rows' bounds, when the engine prunes (they are refreshed even when not yet valid).
    let bounds: RowBounds?
    /// The single-precision screen, when on for this pass.
    let screen: SingleScreen?

    var d: Int { x.d }

    /// Labels `row` with `cluster`, telling `tally` when the label changes.
    @inline(__always)
    func label(_ row: Int, _ cluster: Int, _ tally: inout BlockTally) {
        let label = Int32(truncatingIfNeeded: cluster)
        let old = labels[row]
        if old == label { return }
        labels[row] = label
        tally.move(x.row(row), from: Int(old), to: cluster)
    }
}

/// Which kernel a pass runs on every block.
enum BlockKernel {
    /// `k > 8`: one `dgemm` per block, then the argmin (`LloydPass.gemmBlock`).
    case gemm
    /// `k ≤ 8`, every row: the direct kernel two rows at a time (`directBlock`).
    case direct
    /// `k ≤ 8`, every row, screened in single precision first (`screenedBlock`).
    case screened
    /// `k ≤ 8` with valid bounds: the bound test, then the full computation of the rows that
    /// fail it (`prunedBlock`).
    case pruned
    /// The pruned pass that only relabels, fused with the exact inertia (`finalBlock`).
    case final

    init(direct: Bool, screen: Bool, boundsValid: Bool, final: Bool) {
        switch (direct, boundsValid) {
        case (false, _): self = .gemm
        case (true, true): self = final ? .final : .pruned
        case (true, false): self = screen ? .screened : .direct
        }
    }
}

/// A pass's centroids as the kernels read them.
struct Centroids {
    let k: Int, d: Int
    /// Row-major `k × d` (exact distances).
    let rows: UnsafePointer<Double>
    /// `‖cⱼ‖²`.
    let norms: UnsafePointer<Double>
    /// The direct kernel's operands (`k ≤ 8`): `columns[t]` holds element t of the eight
    /// centroids, one per lane (padding lanes 0); `normLanes` their squared norms (padding +∞,
    /// so a padding lane never wins).
    let columns: UnsafePointer<SIMD8<Double>>
    let normLanes: SIMD8<Double>
    /// `maxⱼ ‖cⱼ‖²`.
    let largestNorm: Double

    /// Centroid `j`'s elements.
    @inline(__always)
    func row(_ j: Int) -> UnsafePointer<Double> { rows + j * d }
}

/// The storage behind `Centroids` and the screen's `Float` operands, allocated once per engine
/// and refilled at every pass.
final class CentroidOperands: @unchecked Sendable {
    let k: Int, d: Int
    private let rows: UnsafeMutablePointer<Double>
    private let norms: UnsafeMutablePointer<Double>
    private let columns: UnsafeMutablePointer<SIMD8<Double>>
    /// The screen's operands: −2·cⱼ by column in eight lanes, and the squared norms, in `Float`.
    private let singleColumns: UnsafeMutablePointer<Float>
    private let singleNorms: UnsafeMutablePointer<Float>

    init(k: Int, d: Int) {
        self.k = k; self.d = d
        rows = .allocate(capacity: k * d)
        norms = .allocate(capacity: k)
        columns = .allocate(capacity: d)
        singleColumns = .allocate(capacity: 8 * d)
        singleNorms = .allocate(capacity: 8)
    }

    deinit {
        rows.deallocate(); norms.deallocate(); columns.deallocate()
        singleColumns.deallocate(); singleNorms.deallocate()
    }

    /// Loads `centers` (row-major `k × d`); `lanes` also fills the direct kernel's columns.
    func load(_ centers: [Double], lanes: Bool) -> Centroids {
        var largest = 0.0
        var normLanes = SIMD8<Double>(repeating: .infinity)
        for j in 0..<k {
            var norm = 0.0
            for t in 0..<d {
                let v = centers[j * d + t]
                rows[j * d + t] = v
                norm += v * v
            }
            norms[j] = norm
            largest = max(largest, norm)
        }
        columns.update(repeating: .zero, count: d)
        if lanes {
            for j in 0..<k {
                normLanes[j] = norms[j]
                for t in 0..<d { columns[t][j] = rows[j * d + t] }
            }
        }
        return Centroids(k: k, d: d, rows: rows, norms: norms, columns: columns,
                         normLanes: normLanes, largestNorm: largest)
    }

    /// The single-precision screen for `centroids` (loaded with `lanes`), or `nil` when their
    /// squared norms reach 2⁶⁰, where `Float` could overflow.
    func singleScreen(for centroids: Centroids) -> SingleScreen? {
        guard centroids.largestNorm < 0x1p60 else { return nil }
        for t in 0..<d {
            // −2·cⱼ (exact: a power of two): the C kernel's scores are `norms + Σₜ x̂ₜ·columnₜ`.
            let column = -2 * SIMD8<Float>(columns[t])
            for j in 0..<8 { singleColumns[8 * t + j] = column[j] }
        }
        let normLanes = SIMD8<Float>(centroids.normLanes)
        for j in 0..<8 { singleNorms[j] = normLanes[j] }
        let bound = SingleScreen.errorBound(d: d, largestCenterNorm: centroids.largestNorm)
        return SingleScreen(columns: singleColumns, norms: singleNorms,
                            slope: bound.slope, constant: bound.constant)
    }
}
