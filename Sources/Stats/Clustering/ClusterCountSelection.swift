import Linalg

/// The choice of the number of clusters `k` over a range by the mean silhouette.
///
/// Every `k` of the range is fitted with the same k-means configuration (same seed, restarts and
/// tolerance); the `k` with the highest mean silhouette wins, the smaller `k` on a tie. On large
/// data the silhouette may be computed on a seeded random sample of rows (as scikit-learn's
/// `silhouette_score(sample_size=…)`), since it costs O(*n²*).
public struct ClusterCountSelection: Sendable {
    /// One fitted candidate.
    public struct Candidate: Sendable {
        /// The number of clusters.
        public let k: Int
        /// The fit.
        public let fitted: KMeans.Fitted
        /// Its mean silhouette (on the sample when one was drawn).
        public let silhouette: Double
    }

    /// The candidates in increasing `k`.
    public let candidates: [Candidate]
    /// The index in `candidates` of the chosen one.
    public let bestIndex: Int
    /// The chosen candidate.
    public var best: Candidate { candidates[bestIndex] }

    /// Fits `configuration` (its `k` replaced) for every `k` in `range` and picks the best by
    /// silhouette.
    ///
    /// - Parameters:
    ///   - configuration: the k-means settings; its initialisation must be `.kMeansPlusPlus`.
    ///   - range: candidate `k`, within `2...n − 1`.
    ///   - x: the data.
    ///   - silhouetteSampleSize: when set and smaller than `n`, the silhouette uses that many
    ///     rows drawn without replacement from `configuration.seed`.
    /// - Complexity: the fits plus O(*m²·d*) per candidate for *m* silhouette rows.
    /// - Throws: `ClusteringError.invalidParameter` (range outside `2...n − 1`, explicit centers,
    ///   sample size < 2), and whatever `KMeans.fit` or `Silhouette` throw.
    public init(configuration: KMeans, range: ClosedRange<Int>, data x: Matrix,
                silhouetteSampleSize: Int? = nil) throws {
        guard case .kMeansPlusPlus = configuration.initialization else {
            throw ClusteringError.invalidParameter(
                name: "initialization", detail: "explicit centers fix k; choose k with k-means++")
        }
        guard range.lowerBound >= 2, range.upperBound <= x.rows - 1 else {
            throw ClusteringError.invalidParameter(
                name: "k range", detail: "must lie within 2...\(max(x.rows - 1, 2)) for \(x.rows) rows, got \(range.lowerBound)...\(range.upperBound)")
        }
        var candidates: [Candidate] = []
        var bestIndex = 0
        for k in range {
            var c = configuration
            c.k = k
            let fitted = try c.fit(x)
            let score: Double
            if let m = silhouetteSampleSize {
                score = try Silhouette.score(x, labels: fitted.labels, sampleSize: m,
                                             seed: configuration.seed, threads: configuration.threads)
            } else {
                score = try Silhouette.score(x, labels: fitted.labels, threads: configuration.threads)
            }
            candidates.append(Candidate(k: k, fitted: fitted, silhouette: score))
            if score > candidates[bestIndex].silhouette { bestIndex = candidates.count - 1 }
        }
        self.candidates = candidates
        self.bestIndex = bestIndex
    }
}

extension Silhouette {
    /// `count` distinct row indices of `0..<n`, in increasing order, drawn without replacement by
    /// a partial Fisher–Yates shuffle.
    static func sampleRows(count: Int, from n: Int, generator: inout SeededGenerator) -> [Int] {
        var indices = Array(0..<n)
        for i in 0..<min(count, n) {
            let j = i + generator.index(below: n - i)
            indices.swapAt(i, j)
        }
        return Array(indices[0..<min(count, n)]).sorted()
    }
}

extension Matrix {
    /// The rows at `indices`, in that order, as a new matrix.
    func selectingRows(_ indices: [Int]) -> Matrix {
        var m = Matrix(rows: indices.count, columns: columns)
        let d = columns
        withUnsafeBufferPointer { p in
            m.withUnsafeMutableBufferPointer { q in
                for (r, i) in indices.enumerated() { for t in 0..<d { q[r * d + t] = p[i * d + t] } }
            }
        }
        return m
    }
}
