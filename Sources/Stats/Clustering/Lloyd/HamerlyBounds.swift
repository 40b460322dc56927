/// Per-row distance bounds (Hamerly, 2010), kept in a form that the centroid updates do not
/// rewrite.
///
/// Each row has an upper bound u on the distance to its own centroid a and a lower bound l on
/// the distance to every other centroid. After an update that moves centroid j by δⱼ, u grows
/// by δₐ and l drops by at most max δ. Rather than rewrite 16 bytes per row at every update,
/// the rows store `u − Sₐ` and `l + M`, where Sⱼ is centroid j's summed shifts so far (`drift`)
/// and M the summed largest shifts (`maxDrift`): the current bounds are `stored + Sₐ` and
/// `stored − M` (`RowBounds`), and the bound test reads the rows without writing them. The
/// offsets' rounding, at most (Sₐ + M)·2⁻⁵² per bound, lies far inside the test's margin.
final class Bounds: @unchecked Sendable {
    /// What a row stores: `u − S_label` and `l + M`.
    struct Stored {
        var upper: Double
        var lower: Double
    }

    /// Whether the bounds belong to the current labels (false before the first pass).
    var valid = false
    let k: Int
    private let rows: UnsafeMutablePointer<Stored>
    /// Each centroid's summed shifts over the updates so far.
    private let drift: UnsafeMutablePointer<Double>
    /// The summed largest shift of the updates so far.
    private var maxDrift = 0.0

    init(rows n: Int, k: Int) {
        // Left uninitialised (a trivial type): the first, unpruned pass writes every bound, and
        // faulting the pages in there spreads that cost over the workers.
        rows = .allocate(capacity: n)
        self.k = k
        drift = .allocate(capacity: k)
        drift.initialize(repeating: 0, count: k)
    }

    deinit { rows.deallocate(); drift.deallocate() }

    /// Records the Euclidean shifts `‖newⱼ − oldⱼ‖` of an update (row-major `k × d`).
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

    /// The bounds as a pass reads and writes them, against the current centroids.
    var current: RowBounds { RowBounds(stored: rows, drift: drift, maxDrift: maxDrift) }
}

/// A pass's view of `Bounds`: the current bounds of a row from the stored ones.
struct RowBounds {
    let stored: UnsafeMutablePointer<Bounds.Stored>
    let drift: UnsafePointer<Double>
    let maxDrift: Double

    /// The current upper bound on row r's distance to its own centroid a.
    @inline(__always)
    func upper(_ r: Int, own a: Int) -> Double { stored[r].upper + drift[a] }

    /// The current lower bound on row r's distance to every other centroid.
    @inline(__always)
    func lower(_ r: Int) -> Double { stored[r].lower - maxDrift }

    /// The square of `lower(r)`, or −1 when that bound is not positive (so that no squared upper
    /// bound passes the test `u² + E < l²`).
    @inline(__always)
    func squaredLower(_ r: Int) -> Double {
        let l = lower(r)
        return l > 0 ? l * l : -1
    }

    /// Stores row r's bounds, taken against the current centroids, its own centroid being a.
    @inline(__always)
    func set(_ r: Int, upper: Double, lower: Double, own a: Int) {
        stored[r] = Bounds.Stored(upper: upper - drift[a], lower: lower + maxDrift)
    }

    /// Stores row r's upper bound only.
    @inline(__always)
    func setUpper(_ r: Int, _ upper: Double, own a: Int) { stored[r].upper = upper - drift[a] }
}

/// The direct kernel with Hamerly's pruning, exact with respect to Lloyd.
///
/// After the centroids move, a row whose bounds satisfy `u² + E < l²`, with
/// `E = 1e-10·(maxᵢ‖xᵢ‖² + maxⱼ‖cⱼ‖²)` (`margin`) — about 10⁶ times the rounding error of the
/// `‖x‖² − 2x·c + ‖c‖²` expansion — has every other centroid farther than its own by more than
/// that rounding error, so the full computation would pick the same centroid: the row keeps its
/// label without any inner product. Otherwise `u` is tightened to the exact distance (d
/// differences) and the test repeated; if it still fails the row gets the full eight-lane
/// computation, which refreshes both bounds. Labels, centroids and iterations are those of
/// plain Lloyd; only the work differs.
extension LloydPass {
    /// The pruned pass over `rows`, in three tight loops: the bound test on every row
    /// (branch-free, no data read; the rows that fail are listed in `scratch.pending`), the
    /// tightening of the listed rows (listing again those that still fail), and the full
    /// computation of the remaining rows (`fullComputation`).
    ///
    /// The tightening is skipped when more than a quarter of the block failed the test: then one
    /// centroid moved far, most rows fail again, and the gathered reads would cost more than the
    /// full computations they save.
    @inline(__always)
    func prunedBlock(_ rows: Range<Int>, scratch: BlockScratch, _ tally: inout BlockTally) {
        let bounds = self.bounds!, pending = scratch.pending
        // Pass 1: test the bounds (read only); list the rows that fail.
        var count = 0
        for r in rows {
            let u = bounds.upper(r, own: Int(labels[r]))
            pending[count] = Int32(truncatingIfNeeded: r)
            count &+= LloydPass.one(unless: u * u + margin < bounds.squaredLower(r))
        }
        // Pass 2: tighten `u` to the exact distance; list the rows that still fail.
        var full = count
        if count * 4 <= rows.count {
            full = 0
            let ahead = 12
            for p in 0..<min(ahead, count) { x.row(Int(pending[p])).prefetch() }
            for p in 0..<count {
                if p + ahead < count { x.row(Int(pending[p + ahead])).prefetch() }
                let r = Int(pending[p])
                let a = Int(labels[r])
                let u2 = LloydPass.squaredDistance(x.row(r), centroids.row(a), d)
                bounds.setUpper(r, u2.squareRoot(), own: a)
                pending[full] = Int32(truncatingIfNeeded: r)
                full &+= LloydPass.one(unless: u2 + margin < bounds.squaredLower(r))
            }
        }
        // Pass 3: the full computation.
        fullComputation(pending, count: full, scores: scratch.scores, &tally)
    }

    /// The last, relabelling pass of a run fused with the exact inertia: every row's squared
    /// distance to its own centroid is computed by differences (the data are read once anyway);
    /// when it passes the bound test of `prunedBlock` the label stays and the distance is the
    /// row's term of the inertia, otherwise the row gets the full computation and then its
    /// distance to the new centroid. Records the block's `Σ ‖xᵢ − c_{labelᵢ}‖²`, summed in row
    /// order from the same per-row values as `LloydEngine.exactInertia`, so the two agree bit
    /// for bit.
    @inline(__always)
    func finalBlock(_ rows: Range<Int>, scratch: BlockScratch, _ tally: inout BlockTally) {
        let bounds = self.bounds!, pending = scratch.pending, distances = scratch.distances
        let first = rows.lowerBound
        var count = 0
        for r in rows {
            let u2 = LloydPass.squaredDistance(x.row(r), centroids.row(Int(labels[r])), d)
            distances[r - first] = u2
            pending[count] = Int32(truncatingIfNeeded: r)
            count &+= LloydPass.one(unless: u2 + margin < bounds.squaredLower(r))
        }
        fullComputation(pending, count: count, scores: scratch.scores, &tally)
        for q in 0..<count {
            let r = Int(pending[q])
            distances[r - first] = LloydPass.squaredDistance(x.row(r), centroids.row(Int(labels[r])), d)
        }
        var total = 0.0
        for i in 0..<rows.count { total += distances[i] }
        tally.record.inertia = total
    }

    /// 0 when `condition` holds, else 1, without a branch (`cond ? 0 : 1` on a floating-point
    /// comparison compiles to a conditional jump, which is mispredicted often when about half
    /// the rows fail the bound test).
    @inline(__always)
    static func one(unless condition: Bool) -> Int {
        Int(unsafeBitCast(!condition, to: UInt8.self))
    }
}
