import Linalg
import Stats

/// Data-driven risk groups of the ledger's enterprises, set against the rule-based colours.
///
/// The enterprises' `RiskFeatures` are clustered by `ClusterAnalysis`; each cluster gets a risk
/// score, the weighted sum (`RiskFeatures.riskWeights`) of its centroid in z-score units of the
/// data (whatever the clustering's own scaling), and the clusters ranked from riskiest are given
/// colours spread over red…blue: rank `r` of `k` gets level `red − round(3r / (k − 1))` (k = 4:
/// red, orange, yellow, blue; k = 2: red, blue; k = 8: two of each); a single cluster is blue.
/// Ties in score go to the lower cluster index. The cross-table counts enterprises by cluster ×
/// rule-based level.
public struct RiskClusterProfile: Sendable {
    /// The clustering of the risk features.
    public let analysis: ClusterAnalysis
    /// The periods of the observations used, per row.
    public let periods: [Quarter]
    /// Each cluster's risk score (higher is riskier).
    public let clusterRiskScores: [Double]
    /// Each cluster's colour by its rank.
    public let clusterLevels: [RiskLevel]
    /// The rule-based level of each row's enterprise, when grades were given.
    public let ruleLevels: [RiskLevel?]
    /// `crossTable[cluster][level.rawValue]`: enterprises of that cluster with that rule level.
    public let crossTable: [[Int]]
    /// Enterprises of the ledger without a risk observation (not clustered).
    public let unclustered: [String]

    /// Clusters the ledger's enterprises on their risk features.
    ///
    /// - Parameters:
    ///   - ledger: the ledger (its `risk` rows give the features; its enterprise order the rows).
    ///   - period: the quarter to use, or each enterprise's latest.
    ///   - options: clustering options (`standardization` defaults to z-scores).
    ///   - grades: rule-based grades (from `RiskGrader.grade(ledger:)`) for the cross-table.
    /// - Throws: `RiskError.noObservations`, `RiskError.invalidClustering`, `ClusteringError`.
    public init(ledger: Ledger, period: Quarter? = nil, options: ClusterAnalysis.Options,
                grades: [EnterpriseRiskGrade] = []) throws {
        let features = try RiskFeatures(observations: ledger.risk, period: period,
                                        order: ledger.enterprises.map(\.id))
        try self.init(features: features, options: options, grades: grades,
                      unclustered: features.missing(from: ledger))
    }

    /// Clusters prepared risk features.
    ///
    /// - Throws: `RiskError.invalidClustering`, `ClusteringError`.
    public init(features: RiskFeatures, options: ClusterAnalysis.Options,
                grades: [EnterpriseRiskGrade] = []) throws {
        try self.init(features: features, options: options, grades: grades, unclustered: [])
    }

    private init(features: RiskFeatures, options: ClusterAnalysis.Options,
                 grades: [EnterpriseRiskGrade], unclustered: [String]) throws {
        let analysis = try ClusterAnalysis(ids: features.enterpriseIDs, featureNames: RiskFeatures.names,
                                           chineseFeatureNames: RiskFeatures.chineseNames,
                                           features: features.matrix, options: options)
        self.analysis = analysis
        self.periods = features.periods
        let z = try FeatureScaler(fitting: features.matrix, method: .zscore)
        let zCentroids = try z.transform(analysis.centroids)
        let k = analysis.k
        let scores = (0..<k).map { j in
            zip(zCentroids.row(j), RiskFeatures.riskWeights).reduce(0) { $0 + $1.0 * $1.1 }
        }
        clusterRiskScores = scores
        let ranked = (0..<k).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var levels = [RiskLevel](repeating: .blue, count: k)
        if k > 1 {
            for (rank, cluster) in ranked.enumerated() {
                let steps = Int((3 * Double(rank) / Double(k - 1)).rounded())
                levels[cluster] = RiskLevel(rawValue: RiskLevel.red.rawValue - steps)!
            }
        }
        clusterLevels = levels
        var ruleByID: [String: RiskLevel] = [:]
        for g in grades where ruleByID[g.enterpriseID] == nil { ruleByID[g.enterpriseID] = g.level }
        let rules = features.enterpriseIDs.map { ruleByID[$0] }
        ruleLevels = rules
        var cross = Array(repeating: [0, 0, 0, 0], count: k)
        for (label, level) in zip(analysis.fitted.labels, rules) {
            if let level { cross[label][level.rawValue] += 1 }
        }
        crossTable = cross
        self.unclustered = unclustered
    }

    /// Per enterprise: `id, period, cluster, cluster_level, rule_level` — the main
    /// `worksafe cluster` output on ledger data.
    public func enterpriseTable(_ language: Language = .en) -> RiskTable {
        let labels = analysis.fitted.labels
        return RiskTable(
            englishHeaders: ["id", "period", "cluster", "cluster_level", "rule_level"],
            chineseHeaders: ["统一社会信用代码", "期间", "类别", "类别风险等级", "规则风险等级"],
            rows: analysis.ids.indices.map { i in
                [.text(analysis.ids[i]), .text(periods[i].description), .integer(labels[i]),
                 .text(clusterLevels[labels[i]].label(language)),
                 ruleLevels[i].map { .text($0.label(language)) } ?? .empty]
            }, language: language, name: ("clusters", "风险聚类"))
    }

    /// Per cluster: `cluster, cluster_level, risk_score, size`, the centroid in original units.
    public func centersTable(_ language: Language = .en) -> RiskTable {
        let base = analysis.centersTable()
        return RiskTable(
            englishHeaders: ["cluster", "cluster_level", "risk_score", "size"] + RiskFeatures.names,
            chineseHeaders: ["类别", "类别风险等级", "风险得分", "企业数"] + RiskFeatures.chineseNames,
            rows: base.rows.enumerated().map { j, row in
                [row[0], .text(clusterLevels[j].label(language)), .number(clusterRiskScores[j])]
                    + row.dropFirst()
            }, language: language, name: ("centers", "聚类中心"))
    }

    /// The cross-table: per cluster, `cluster, cluster_level, red, orange, yellow, blue, total`
    /// counts of rule-based levels (rows whose enterprise has no grade are not counted).
    public func crossTableRows(_ language: Language = .en) -> RiskTable {
        RiskTable(
            englishHeaders: ["cluster", "cluster_level", "red", "orange", "yellow", "blue", "total"],
            chineseHeaders: ["类别", "类别风险等级", "红", "橙", "黄", "蓝", "合计"],
            rows: crossTable.enumerated().map { j, c in
                [.integer(j), .text(clusterLevels[j].label(language)), .integer(c[3]),
                 .integer(c[2]), .integer(c[1]), .integer(c[0]), .integer(c.reduce(0, +))]
            }, language: language, name: ("crosstab", "聚类与规则等级"))
    }
}

extension ClusterAnalysis {
    /// The PCA map of the clustering for the report: every row and every centroid on the first
    /// two principal components of the scaled data, with the explained-variance ratios.
    ///
    /// - Parameters:
    ///   - title: the chart's title.
    ///   - clusterNames: names by cluster index (default "cluster k").
    /// - Throws: `ClusteringError.tooFewSamples` for fewer than 2 rows.
    public func clusterMapChart(title: String, clusterNames: [Int: String] = [:]) throws -> ClusterMapChart {
        let (_, pca) = try projection()
        let rows = try pca.transform(scaledFeatures)
        let centers = try pca.transform(fitted.centroids)
        let two = rows.columns > 1
        let points = ids.indices.map { i in
            ClusterPoint(x: rows[i, 0], y: two ? rows[i, 1] : 0, cluster: fitted.labels[i], label: ids[i])
        }
        var centroidPoints: [Int: PlanePoint] = [:]
        for j in 0..<k { centroidPoints[j] = PlanePoint(x: centers[j, 0], y: two ? centers[j, 1] : 0) }
        return ClusterMapChart(title: title, points: points, clusterNames: clusterNames,
                               centroids: centroidPoints, explainedVariance: pca.explainedVarianceRatio)
    }
}

extension RiskClusterProfile {
    /// The PCA map with clusters named and drawn in their colour, e.g. "cluster 2 · red" /
    /// "第2类·红" in red (`ChartPalette.risk`; a second cluster of the same colour in a lighter
    /// shade, a third and later ones in the categorical palette).
    ///
    /// - Throws: `ClusteringError.tooFewSamples` for fewer than 2 enterprises.
    public func clusterMapChart(title: String, language: Language = .en) throws -> ClusterMapChart {
        var names: [Int: String] = [:], colors: [Int: String] = [:]
        var used: [RiskLevel: Int] = [:]
        for (j, level) in clusterLevels.enumerated() {
            names[j] = language.pick("cluster \(j + 1) · \(level.name)", "第\(j + 1)类·\(level.chineseName)")
            let n = used[level, default: 0]
            used[level] = n + 1
            switch n {
            case 0: colors[j] = ChartPalette.risk[level.rawValue]
            case 1: colors[j] = ChartPalette.lightRisk[level.rawValue]
            default: break
            }
        }
        var chart = try analysis.clusterMapChart(title: title, clusterNames: names)
        chart.clusterColors = colors
        return chart
    }
}
