import Foundation
import Linalg
import Stats

/// k-means on any numeric table with ids (`worksafe cluster --features FILE`, and the risk
/// features of the ledger): optional standardization, a fixed `k` or the best `k` of a range by
/// silhouette, explicit initial centers, and the tables and JSON summary the CLI writes.
public struct ClusterAnalysis: Sendable {
    /// The settings (`worksafe cluster` sets each from the flag named in brackets).
    public struct Options: Sendable {
        /// The number of clusters, ignored when `kRange` is set (`--k`).
        public var k: Int
        /// A range of k to choose from by the mean silhouette, k-means++ only (`--k-range 2...8`).
        public var kRange: ClosedRange<Int>?
        /// How the features are scaled before the fit (`--standardize`).
        public var standardization: Standardization
        /// The number of k-means++ restarts; the lowest inertia is kept (`--n-init`).
        public var nInit: Int
        /// The maximum number of Lloyd iterations per restart (`--max-iter`).
        public var maxIterations: Int
        /// Relative tolerance on the center shift, scikit-learn's `tol` (`--tol`).
        public var tolerance: Double
        /// The seed of the k-means++ draws and of the silhouette sample (`--seed`).
        public var seed: UInt64
        /// Explicit initial centers, k rows in the original units of the features (they are
        /// scaled like the data); they set k (`--init FILE`).
        public var initialCenters: Matrix?
        /// Above this many rows the silhouette is computed on a seeded sample of this size
        /// (the exact silhouette costs O(n²)).
        public var silhouetteSampleLimit: Int

        /// Options; defaults: k = 4, z-scores, 10 restarts, 300 iterations, tol 1e-4, seed 0.
        public init(k: Int = 4, kRange: ClosedRange<Int>? = nil, standardization: Standardization = .zscore,
                    nInit: Int = 10, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0,
                    initialCenters: Matrix? = nil, silhouetteSampleLimit: Int = 20_000) {
            self.k = k; self.kRange = kRange; self.standardization = standardization; self.nInit = nInit
            self.maxIterations = maxIterations; self.tolerance = tolerance; self.seed = seed
            self.initialCenters = initialCenters; self.silhouetteSampleLimit = silhouetteSampleLimit
        }
    }

    /// One k of a search over a range of k (`kRange`).
    public struct KScore: Sendable, Codable, Equatable {
        public let k: Int
        public let silhouette: Double
        public let inertia: Double
    }

    /// The row ids.
    public let ids: [String]
    /// The feature names (English) and their Chinese names (equal to the English ones for
    /// `--features` files).
    public let featureNames: [String]
    public let chineseFeatureNames: [String]
    /// The options used.
    public let options: Options
    /// The scaling fitted to the data.
    public let scaler: FeatureScaler
    /// The data in the units the fit ran in (after the scaling).
    public let scaledFeatures: Matrix
    /// The k-means fit on the scaled data (its centroids are in scaled units).
    public let fitted: KMeans.Fitted
    /// The centroids in the original units of the features.
    public let centroids: Matrix
    /// The mean silhouette of the final clustering (on a sample above the limit), `nil` when
    /// undefined (k = 1, k ≥ number of rows, or a sample that caught a single cluster).
    public let silhouette: Double?
    /// The rows the silhouette used (all rows, or the sample size).
    public let silhouetteRows: Int
    /// The scores of every k tried with `kRange`, in increasing k.
    public let kScores: [KScore]

    /// The number of clusters.
    public var k: Int { fitted.centroids.rows }

    /// Clusters the rows of `features`.
    ///
    /// - Throws: `RiskError.invalidClustering` (ids and rows differ in number, bad options),
    ///   `ClusteringError` from the fit (NaN with its position, k larger than the number of
    ///   distinct rows, wrong shape of initial centers…).
    public init(ids: [String], featureNames: [String], chineseFeatureNames: [String]? = nil,
                features: Matrix, options: Options) throws {
        guard ids.count == features.rows else {
            throw RiskError.invalidClustering(detail: "\(ids.count) ids for \(features.rows) rows")
        }
        guard featureNames.count == features.columns else {
            throw RiskError.invalidClustering(detail: "\(featureNames.count) feature names for \(features.columns) columns")
        }
        if options.initialCenters != nil, options.kRange != nil {
            throw RiskError.invalidClustering(detail: "explicit initial centers fix k; they cannot be combined with a range of k")
        }
        guard options.silhouetteSampleLimit >= 2 else {
            throw RiskError.invalidClustering(detail: "silhouette sample limit must be at least 2")
        }
        self.ids = ids
        self.featureNames = featureNames
        self.chineseFeatureNames = chineseFeatureNames ?? featureNames
        self.options = options
        let scaler = try FeatureScaler(fitting: features, method: options.standardization)
        self.scaler = scaler
        let x = try scaler.transform(features)
        scaledFeatures = x
        var configuration = KMeans(k: options.k, seed: options.seed, nInit: options.nInit,
                                   maxIterations: options.maxIterations, tolerance: options.tolerance)
        if let c = options.initialCenters {
            guard c.columns == features.columns else {
                throw ClusteringError.dimensionMismatch(
                    operation: "initial centers", detail: "\(c.columns) columns, the features have \(features.columns)")
            }
            configuration.k = c.rows
            configuration.initialization = .centers(try scaler.transform(c))
        }
        let sampleLimit = options.silhouetteSampleLimit
        let sampled = x.rows > sampleLimit
        func score(_ labels: [Int], k: Int) throws -> Double? {
            guard k >= 2, k <= x.rows - 1 else { return nil }
            if sampled {
                return try? Silhouette.score(x, labels: labels, sampleSize: sampleLimit, seed: options.seed)
            }
            return try Silhouette.score(x, labels: labels)
        }
        if let range = options.kRange {
            let selection = try ClusterCountSelection(
                configuration: configuration, range: range, data: x,
                silhouetteSampleSize: sampled ? sampleLimit : nil)
            fitted = selection.best.fitted
            silhouette = selection.best.silhouette
            kScores = selection.candidates.map { KScore(k: $0.k, silhouette: $0.silhouette, inertia: $0.fitted.inertia) }
        } else {
            fitted = try configuration.fit(x)
            silhouette = try score(fitted.labels, k: configuration.k)
            kScores = []
        }
        silhouetteRows = sampled ? sampleLimit : x.rows
        centroids = try scaler.inverseTransform(fitted.centroids)
    }

    /// `id, cluster` per row (`cluster` from 0) — the labels output.
    public func labelsTable(_ language: Language = .en) -> RiskTable {
        RiskTable(englishHeaders: ["id", "cluster"], chineseHeaders: ["编号", "类别"],
                  rows: zip(ids, fitted.labels).map { [.text($0), .integer($1)] }, language: language,
                  name: ("clusters", "聚类结果"))
    }

    /// `cluster, size, <features…>` per centroid in the original units (`--centers-output`).
    /// Reading the feature columns back gives an `--init` file.
    public func centersTable(_ language: Language = .en) -> RiskTable {
        RiskTable(englishHeaders: ["cluster", "size"] + featureNames,
                  chineseHeaders: ["类别", "企业数"] + chineseFeatureNames,
                  rows: (0..<k).map { j in
                      [.integer(j), .integer(fitted.clusterSizes[j])]
                          + (0..<centroids.columns).map { .number(centroids[j, $0]) }
                  }, language: language, name: ("centers", "聚类中心"))
    }

    /// The 2-D map of the clustering: `id, cluster, pc1, pc2`, the coordinates of every row on
    /// the first two principal components of the scaled data (one component when there is a
    /// single feature), with the PCA fit (explained variance ratios) for the caption.
    ///
    /// - Throws: `ClusteringError.tooFewSamples` for fewer than 2 rows.
    public func projection() throws -> (table: RiskTable, pca: PCA.Fitted) {
        let kept = min(2, scaledFeatures.columns, scaledFeatures.rows)
        let pca = try PCA(components: kept).fit(scaledFeatures)
        let coordinates = try pca.transform(scaledFeatures)
        let rows: [[RiskTable.Value]] = ids.indices.map { i in
            [.text(ids[i]), .integer(fitted.labels[i]), .number(coordinates[i, 0]),
             kept > 1 ? .number(coordinates[i, 1]) : .empty]
        }
        return (RiskTable(englishHeaders: ["id", "cluster", "pc1", "pc2"],
                          chineseHeaders: ["编号", "类别", "主成分1", "主成分2"], rows: rows,
                          name: ("projection", "主成分投影")), pca)
    }

    /// The `--summary` JSON content.
    public struct Summary: Codable, Sendable, Equatable {
        public let k: Int
        public let rows: Int
        public let features: Int
        public let inertia: Double
        public let iterations: Int
        public let converged: Bool
        public let silhouette: Double?
        public let silhouetteRows: Int
        public let nInit: Int
        public let seed: UInt64
        public let standardize: String
        public let initialCenters: Bool
        public let clusterSizes: [Int]
        public let restartInertias: [Double]
        public let kScores: [KScore]

        enum CodingKeys: String, CodingKey {
            case k, rows, features, inertia, iterations, converged, silhouette
            case silhouetteRows = "silhouette_rows", nInit = "n_init", seed, standardize
            case initialCenters = "initial_centers", clusterSizes = "cluster_sizes"
            case restartInertias = "restart_inertias", kScores = "k_scores"
        }

        /// Every key is always present; an undefined silhouette is `null`.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(k, forKey: .k); try c.encode(rows, forKey: .rows)
            try c.encode(features, forKey: .features); try c.encode(inertia, forKey: .inertia)
            try c.encode(iterations, forKey: .iterations); try c.encode(converged, forKey: .converged)
            if let silhouette { try c.encode(silhouette, forKey: .silhouette) } else { try c.encodeNil(forKey: .silhouette) }
            try c.encode(silhouetteRows, forKey: .silhouetteRows); try c.encode(nInit, forKey: .nInit)
            try c.encode(seed, forKey: .seed); try c.encode(standardize, forKey: .standardize)
            try c.encode(initialCenters, forKey: .initialCenters)
            try c.encode(clusterSizes, forKey: .clusterSizes)
            try c.encode(restartInertias, forKey: .restartInertias); try c.encode(kScores, forKey: .kScores)
        }
    }

    /// The summary: inertia (in the scaled units the fit ran in), iterations, silhouette…
    public var summary: Summary {
        Summary(k: k, rows: ids.count, features: featureNames.count, inertia: fitted.inertia,
                iterations: fitted.iterations, converged: fitted.converged, silhouette: silhouette,
                silhouetteRows: silhouetteRows,
                nInit: options.initialCenters == nil ? options.nInit : 1, seed: options.seed,
                standardize: options.standardization.rawValue,
                initialCenters: options.initialCenters != nil, clusterSizes: fitted.clusterSizes,
                restartInertias: fitted.restartInertias, kScores: kScores)
    }

    /// The summary as pretty, key-sorted JSON (full double precision), byte-stable.
    public func summaryJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(summary)
    }
}
