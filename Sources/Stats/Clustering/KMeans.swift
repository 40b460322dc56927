import Linalg

/// k-means clustering by Lloyd's algorithm, with greedy k-means++ seeding and restarts.
///
/// k-means looks for `k` centroids `c₁…c_k` minimising the inertia
/// `Σᵢ minⱼ ‖xᵢ − cⱼ‖²`. Each Lloyd iteration assigns every row to its nearest centroid and moves
/// every centroid to the mean of its rows; the inertia never increases.
///
/// The configuration mirrors scikit-learn's `KMeans(algorithm="lloyd")`, so that a fit started
/// from the same centers (`initialization: .centers(c)`) gives the same labels, centroids and
/// inertia:
/// - distances are taken on the data centered on their column means (for accuracy; the means are
///   subtracted as the rows are read, no centered copy is made), and the centroids are shifted
///   back afterwards;
/// - `tolerance` is relative: iterations stop when the squared center shift `Σⱼ ‖cⱼ' − cⱼ‖²` is at
///   most `tolerance × mean column variance`, or as soon as no label changes ("strict
///   convergence"); after a tolerance stop the labels are recomputed for the final centroids;
/// - an empty cluster is relocated to the row farthest from its assigned centroid (rows sorted by
///   that distance, largest first, ties to the lower row index; the row's own cluster loses it);
/// - ties between equidistant centroids go to the lower centroid index;
/// - the final inertia is computed exactly as `Σᵢ ‖xᵢ − c_{labelᵢ}‖²`.
///
/// For k ≤ 8 rows whose nearest centroid provably cannot have changed (Hamerly's bounds, with a
/// safety margin far above rounding error) skip the distance computation; this changes the work,
/// never the result.
///
/// Results are deterministic: the same data, configuration and seed give the same output byte for
/// byte, whatever the number of threads (per-block partial sums are merged in block order).
public struct KMeans: Sendable {
    /// How the initial centroids are chosen.
    public enum Initialization: Sendable, Equatable {
        /// Greedy k-means++ (Arthur & Vassilvitskii, 2007, with scikit-learn's `2 + ⌊ln k⌋` local
        /// trials per center, keeping the trial that lowers the potential most), drawn from `seed`.
        case kMeansPlusPlus
        /// Explicit initial centroids: a `k × d` matrix. With explicit centers every restart would
        /// be identical, so `nInit` is treated as 1.
        case centers(Matrix)
    }

    /// The number of clusters.
    public var k: Int
    /// The seed of the k-means++ draws; restart `r` uses stream `r` of this seed.
    public var seed: UInt64
    /// The number of restarts (independent initialisations); the fit with the lowest inertia is
    /// kept (the first one on a tie).
    public var nInit: Int
    /// The maximum number of Lloyd iterations per restart.
    public var maxIterations: Int
    /// The convergence tolerance relative to the mean column variance (scikit-learn's `tol`).
    public var tolerance: Double
    /// The initialisation.
    public var initialization: Initialization
    /// The number of worker threads, or `nil` for all online processors. It never changes results.
    public var threads: Int?

    /// A k-means configuration; the defaults are scikit-learn's (`n_init="auto"` is 1 for k-means++).
    public init(k: Int, seed: UInt64 = 0, nInit: Int = 1, maxIterations: Int = 300,
                tolerance: Double = 1e-4, initialization: Initialization = .kMeansPlusPlus,
                threads: Int? = nil) {
        self.k = k; self.seed = seed; self.nInit = nInit; self.maxIterations = maxIterations
        self.tolerance = tolerance; self.initialization = initialization; self.threads = threads
    }

    /// A fitted clustering.
    public struct Fitted: Sendable {
        /// The centroids, `k × d`, in the original (uncentered) coordinates.
        public let centroids: Matrix
        /// The cluster of each row, in `0..<k`.
        public let labels: [Int]
        /// `Σᵢ ‖xᵢ − c_{labelᵢ}‖²`, computed exactly from the final labels and centroids.
        public let inertia: Double
        /// Lloyd iterations run by the kept restart (scikit-learn's `n_iter_`).
        public let iterations: Int
        /// Whether the kept restart stopped by unchanged labels or by tolerance before
        /// `maxIterations`.
        public let converged: Bool
        /// The objective at the start of each iteration of the kept restart: the inertia of the
        /// assignment made in that iteration to the centroids it started from, computed from the
        /// cluster sums as `Σ‖x‖² − 2Σⱼ cⱼ·Sⱼ + Σⱼ nⱼ‖cⱼ‖²` (accurate to rounding, not exact).
        /// Non-increasing up to rounding.
        public let inertiaHistory: [Double]
        /// The number of rows in each cluster.
        public let clusterSizes: [Int]
        /// The final inertia of every restart, in restart order.
        public let restartInertias: [Double]
        /// The index of the kept restart.
        public let bestRestart: Int

        /// The nearest centroid of each row of `x` (ties to the lower index), by exact squared
        /// distances.
        ///
        /// - Complexity: O(*n·k·d*).
        /// - Throws: `ClusteringError.dimensionMismatch` when `x` has the wrong number of columns,
        ///   `.nonFinite` for NaN or ±∞.
        public func predict(_ x: Matrix) throws -> [Int] {
            guard x.columns == centroids.columns else {
                throw ClusteringError.dimensionMismatch(
                    operation: "k-means prediction",
                    detail: "data has \(x.columns) columns, centroids have \(centroids.columns)")
            }
            try requireFiniteData(x, "k-means prediction")
            let (k, d) = (centroids.rows, centroids.columns)
            var labels = [Int](repeating: 0, count: x.rows)
            x.withUnsafeBufferPointer { px in
                centroids.withUnsafeBufferPointer { pc in
                    for i in 0..<x.rows {
                        var best = Double.infinity, bj = 0
                        for j in 0..<k {
                            var s = 0.0
                            for t in 0..<d { let u = px[i * d + t] - pc[j * d + t]; s += u * u }
                            if s < best { best = s; bj = j }
                        }
                        labels[i] = bj
                    }
                }
            }
            return labels
        }
    }

    /// Fits `k` clusters to the rows of `x` (`n × d`).
    ///
    /// - Complexity: per Lloyd iteration O(*n·k·d*) flops in one BLAS `dgemm` per block of rows
    ///   (or the direct kernel for k ≤ 8, which skips rows whose label cannot change), fused with
    ///   the assignment; the cluster sums are updated by the rows that change cluster. The data
    ///   are read at most once per iteration and no `n × k` distance matrix is ever formed. Extra
    ///   memory: O(*n*) (row norms and labels, and two distance bounds per row for k ≤ 8); the
    ///   data are centered as they are read, never copied.
    /// - Throws: `ClusteringError.emptyInput` (no rows or columns), `.nonFinite` (NaN/±∞, with the
    ///   position), `.invalidParameter` (k, nInit, maxIterations, tolerance, threads),
    ///   `.valuesTooLarge` (values so large that squared distances overflow, about 1e150),
    ///   `.tooFewSamples` (k > n), `.tooFewDistinctPoints` (k > number of distinct rows),
    ///   `.dimensionMismatch` (explicit centers not `k × d`, or not finite).
    public func fit(_ x: Matrix) throws -> Fitted {
        let (n, d) = (x.rows, x.columns)
        guard n > 0, d > 0 else { throw ClusteringError.emptyInput(operation: "k-means") }
        guard k >= 1 else { throw ClusteringError.invalidParameter(name: "k", detail: "must be at least 1, got \(k)") }
        guard nInit >= 1 else { throw ClusteringError.invalidParameter(name: "nInit", detail: "must be at least 1, got \(nInit)") }
        guard maxIterations >= 1 else {
            throw ClusteringError.invalidParameter(name: "maxIterations", detail: "must be at least 1, got \(maxIterations)")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw ClusteringError.invalidParameter(name: "tolerance", detail: "must be finite and ≥ 0, got \(tolerance)")
        }
        if let t = threads, t < 1 {
            throw ClusteringError.invalidParameter(name: "threads", detail: "must be at least 1, got \(t)")
        }
        let workers = threads ?? ParallelBlocks.processorCount
        // Finite column sums prove finite data; otherwise scan for the culprit (or an overflow).
        // Squared distances stay finite while every ‖xᵢ − mean‖² does, with room to spare (a
        // distance to a centroid is at most twice the largest such norm): beyond, the values
        // are too large for k-means in these units.
        let data = CenteredData(x, copy: false, workers: workers)
        if !data.sumsAreFinite || !(data.maxSquaredNorm <= 1e300) {
            try requireFiniteData(x, "k-means")
            try requireModerateData(x, "k-means")
        }
        guard k <= n else { throw ClusteringError.tooFewSamples(operation: "k-means", samples: n, required: k) }
        if case let .centers(c) = initialization {
            guard c.rows == k, c.columns == d else {
                throw ClusteringError.dimensionMismatch(
                    operation: "k-means",
                    detail: "initial centers are \(c.rows)×\(c.columns), expected \(k)×\(d)")
            }
            if let (r, col) = c.firstNonFinite {
                throw ClusteringError.nonFinite(operation: "k-means initial centers", row: r, column: col)
            }
        }
        let distinct = KMeans.distinctRowCount(x, atMost: k)
        guard distinct >= k else { throw ClusteringError.tooFewDistinctPoints(k: k, distinct: distinct) }

        let absoluteTolerance = tolerance * data.meanColumnVariance
        let engine = LloydEngine(data: data, k: k, workers: workers)

        var best: LloydEngine.Run?
        var bestRestart = 0
        var restartInertias: [Double] = []
        let restarts: Int
        if case .centers = initialization { restarts = 1 } else { restarts = nInit }
        for r in 0..<restarts {
            let initial: [Double]
            switch initialization {
            case let .centers(c):
                initial = data.centered(c)
            case .kMeansPlusPlus:
                var generator = SeededGenerator(seed: seed).split(stream: UInt64(r))
                initial = KMeansPlusPlus.centers(data: data, k: k, workers: workers, generator: &generator)
            }
            let run = engine.run(initialCenters: initial, maxIterations: maxIterations,
                                 absoluteTolerance: absoluteTolerance)
            restartInertias.append(run.inertia)
            if best == nil || run.inertia < best!.inertia { best = run; bestRestart = r }
        }
        let run = best!
        var centroids = Matrix(rows: k, columns: d)
        centroids.withUnsafeMutableBufferPointer { pc in
            for j in 0..<k { for t in 0..<d { pc[j * d + t] = run.centers[j * d + t] + data.mean[t] } }
        }
        var sizes = [Int](repeating: 0, count: k)
        for l in run.labels { sizes[Int(l)] += 1 }
        return Fitted(centroids: centroids, labels: run.labels.map { Int($0) }, inertia: run.inertia,
                      iterations: run.iterations, converged: run.converged,
                      inertiaHistory: run.history, clusterSizes: sizes,
                      restartInertias: restartInertias, bestRestart: bestRestart)
    }

    /// The number of distinct rows of `x`, counting no further than `limit`.
    ///
    /// - Complexity: O(*n·limit·d*) in the worst case (many duplicates), O(*limit²·d*) when the
    ///   first rows are distinct.
    static func distinctRowCount(_ x: Matrix, atMost limit: Int) -> Int {
        let d = x.columns
        var representatives: [Int] = []
        representatives.reserveCapacity(limit)
        x.withUnsafeBufferPointer { p in
            rowLoop: for i in 0..<x.rows {
                for r in representatives {
                    var equal = true
                    for t in 0..<d where p[i * d + t] != p[r * d + t] { equal = false; break }
                    if equal { continue rowLoop }
                }
                representatives.append(i)
                if representatives.count >= limit { break }
            }
        }
        return representatives.count
    }
}
