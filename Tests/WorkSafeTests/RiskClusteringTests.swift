import Foundation
import Linalg
import Stats
import Testing
@testable import WorkSafe

private struct AnalysisFixture: Decodable {
    struct Case: Decodable {
        let standardize: String
        let labels: [Int]
        let inertia: Double
        let n_iter: Int
        let centers: [[Double]]
        let silhouette: Double
    }
    let ids: [String]
    let feature_names: [String]
    let x: [[Double]]
    let `init`: [[Double]]
    let cases: [Case]

    static let shared: AnalysisFixture = {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/cluster_analysis_fixtures.json")
        return try! JSONDecoder().decode(AnalysisFixture.self, from: Data(contentsOf: url))
    }()
}

private func observation(_ id: String, _ period: String, elements: Double, hazards: Int, major: Int,
                         rectified: Int, violations: Int, accidents: Int, points: [Int]) -> RiskObservation {
    RiskObservation(enterpriseID: id, period: Quarter(period)!, elementScores: Array(repeating: elements, count: 8),
                    hazardsGeneral: hazards, hazardsMajor: major, hazardsRectified: rectified,
                    majorHazardsRectified: min(major, rectified), violations: violations,
                    accidents: accidents, deaths: 0, injuries: 0, riskPoints: points)
}

@Suite struct ClusterAnalysisTests {
    @Test("--features with --init and --standardize equal StandardScaler + KMeans from the same centers",
          arguments: ["zscore", "none"])
    func matchesScikitLearn(standardize: String) throws {
        let f = AnalysisFixture.shared
        let c = f.cases.first { $0.standardize == standardize }!
        let options = ClusterAnalysis.Options(standardization: Standardization(rawValue: standardize)!,
                                              initialCenters: try Matrix(f.`init`))
        let a = try ClusterAnalysis(ids: f.ids, featureNames: f.feature_names, features: try Matrix(f.x),
                                    options: options)
        #expect(a.fitted.labels == c.labels)
        #expect(a.fitted.iterations == c.n_iter)
        #expect(abs(a.fitted.inertia - c.inertia) / c.inertia < 1e-9)
        for j in 0..<4 { for t in 0..<7 { #expect(abs(a.centroids[j, t] - c.centers[j][t]) < 1e-9 * max(1, abs(c.centers[j][t]))) } }
        #expect(abs(a.silhouette! - c.silhouette) < 1e-10)
        let s = a.summary
        #expect(s.k == 4 && s.nInit == 1 && s.initialCenters && s.standardize == standardize)
        #expect(s.clusterSizes.reduce(0, +) == f.ids.count)
        // Tables: labels and centers.
        #expect(a.labelsTable().rows.count == f.ids.count)
        #expect(a.labelsTable().rows[0] == [.text(f.ids[0]), .integer(c.labels[0])])
        #expect(a.centersTable().englishHeaders == ["cluster", "size"] + f.feature_names)
        let (map, pca) = try a.projection()
        #expect(map.rows.count == f.ids.count && pca.components.rows == 2)
        #expect(pca.explainedVarianceRatio[0] >= pca.explainedVarianceRatio[1])
    }

    @Test func summaryJSONIsByteStable() throws {
        let f = AnalysisFixture.shared
        let options = ClusterAnalysis.Options(k: 3, nInit: 2, seed: 7)
        let a = try ClusterAnalysis(ids: f.ids, featureNames: f.feature_names, features: try Matrix(f.x), options: options)
        let b = try ClusterAnalysis(ids: f.ids, featureNames: f.feature_names, features: try Matrix(f.x), options: options)
        let ja = try a.summaryJSON(), jb = try b.summaryJSON()
        #expect(ja == jb)
        let text = String(decoding: ja, as: UTF8.self)
        #expect(text.contains("\"inertia\"") && text.contains("\"iterations\"") && text.contains("\"silhouette\""))
    }

    @Test func kRangePicksByTheSilhouetteAndReportsEveryK() throws {
        let f = AnalysisFixture.shared
        let a = try ClusterAnalysis(ids: f.ids, featureNames: f.feature_names, features: try Matrix(f.x),
                                    options: .init(kRange: 2...5, nInit: 3, seed: 1))
        #expect(a.kScores.map(\.k) == [2, 3, 4, 5])
        #expect(a.silhouette == a.kScores.map(\.silhouette).max())
        #expect(a.summary.kScores.count == 4)
    }

    @Test func badOptionsAreTypedErrors() throws {
        let x = try Matrix([[1, 2], [3, 4], [5, 7]])
        #expect(throws: RiskError.self) {
            try ClusterAnalysis(ids: ["a", "b"], featureNames: ["u", "v"], features: x, options: .init(k: 2))
        }
        #expect(throws: RiskError.self) {
            try ClusterAnalysis(ids: ["a", "b", "c"], featureNames: ["u", "v"], features: x,
                                options: .init(kRange: 2...2, initialCenters: try Matrix([[1, 2], [5, 7]])))
        }
        #expect(throws: ClusteringError.self) {
            try ClusterAnalysis(ids: ["a", "b", "c"], featureNames: ["u", "v"], features: x,
                                options: .init(initialCenters: try Matrix([[1, 2, 3]])))
        }
        #expect(throws: ClusteringError.nonFinite(operation: "standardize", row: 1, column: 0)) {
            try ClusterAnalysis(ids: ["a", "b", "c"], featureNames: ["u", "v"],
                                features: try Matrix([[1, 2], [.nan, 4], [5, 7]]), options: .init(k: 2))
        }
        // One row, one cluster: no silhouette.
        let one = try ClusterAnalysis(ids: ["a"], featureNames: ["u", "v"], features: try Matrix([[1, 2]]),
                                      options: .init(k: 1, nInit: 1))
        #expect(one.silhouette == nil && one.fitted.labels == [0])
        let json = String(decoding: try one.summaryJSON(), as: UTF8.self)
        #expect(json.contains("\"silhouette\" : null"))
    }
}

@Suite struct RiskFeaturesTests {
    @Test func featuresFollowTheDocumentedColumns() throws {
        let o = observation("E1", "2024Q3", elements: 70, hazards: 3, major: 1, rectified: 2, violations: 5,
                            accidents: 1, points: [4, 3, 2, 1])
        let f = try RiskFeatures(observations: [o])
        #expect(RiskFeatures.names.count == 17 && RiskFeatures.chineseNames.count == 17)
        #expect(f.matrix.row(0) == Array(repeating: 70, count: 8) + [4, 0.5, 1, 5, 1, 1, 2, 3, 4])
        // No hazards: rectification rate 1.
        let clean = observation("E2", "2024Q3", elements: 90, hazards: 0, major: 0, rectified: 0, violations: 0,
                                accidents: 0, points: [1, 0, 0, 0])
        #expect(try RiskFeatures(observations: [clean]).matrix[0, 9] == 1)
    }

    @Test func latestPeriodUnlessOneIsChosenAndLedgerOrder() throws {
        let rows = [observation("B", "2024Q2", elements: 50, hazards: 1, major: 0, rectified: 1, violations: 0, accidents: 0, points: [0, 0, 0, 0]),
                    observation("A", "2024Q3", elements: 60, hazards: 1, major: 0, rectified: 1, violations: 0, accidents: 0, points: [0, 0, 0, 0]),
                    observation("B", "2024Q3", elements: 55, hazards: 1, major: 0, rectified: 1, violations: 0, accidents: 0, points: [0, 0, 0, 0])]
        let f = try RiskFeatures(observations: rows)
        #expect(f.enterpriseIDs == ["B", "A"] && f.matrix[0, 0] == 55)
        let q2 = try RiskFeatures(observations: rows, period: Quarter("2024Q2"))
        #expect(q2.enterpriseIDs == ["B"] && q2.matrix[0, 0] == 50)
        #expect(try RiskFeatures(observations: rows, order: ["A", "B", "C"]).enterpriseIDs == ["A", "B"])
        #expect(throws: RiskError.self) { try RiskFeatures(observations: rows, period: Quarter("2023Q1")) }
    }
}

@Suite struct RiskClusterProfileTests {
    /// 12 safe enterprises and 12 risky ones, 2024Q3.
    private func ledger() -> Ledger {
        var enterprises: [Enterprise] = []
        var risk: [RiskObservation] = []
        for i in 0..<24 {
            let id = String(format: "E%02d", i)
            enterprises.append(Enterprise(id: id, name: id, community: "c", department: "d", industry: "工贸", size: .small))
            let risky = i % 2 == 1
            risk.append(observation(id, "2024Q3", elements: risky ? 55 + Double(i % 5) : 90 - Double(i % 4),
                                    hazards: risky ? 8 + i % 3 : i % 2, major: risky ? 2 : 0,
                                    rectified: risky ? 4 : i % 2, violations: risky ? 3 : 0, accidents: risky ? 1 : 0,
                                    points: risky ? [1, 2, 2, 1] : [3, 1, 0, 0]))
        }
        enterprises.append(Enterprise(id: "NEW", name: "new", community: "c", department: "d", industry: "工贸", size: .micro))
        return Ledger(enterprises: enterprises, statusEvents: [], risk: risk)
    }

    @Test func riskierClusterGetsTheHigherColourAndTheCrossTableCountsRuleLevels() throws {
        let l = ledger()
        let grades = try RiskGrader().grade(ledger: l)
        let profile = try RiskClusterProfile(ledger: l, options: .init(k: 2, nInit: 3, seed: 4), grades: grades)
        #expect(profile.unclustered == ["NEW"])
        let labels = profile.analysis.fitted.labels
        let riskyCluster = labels[1], safeCluster = labels[0]
        #expect(riskyCluster != safeCluster)
        #expect((0..<24).allSatisfy { labels[$0] == ($0 % 2 == 1 ? riskyCluster : safeCluster) })
        #expect(profile.clusterLevels[riskyCluster] == .red && profile.clusterLevels[safeCluster] == .blue)
        #expect(profile.clusterRiskScores[riskyCluster] > profile.clusterRiskScores[safeCluster])
        // Rule levels: risky ones are red (1 red point), safe ones yellow (1 yellow point).
        #expect(profile.crossTable[riskyCluster] == [0, 0, 0, 12])
        #expect(profile.crossTable[safeCluster] == [0, 12, 0, 0])
        let cross = profile.crossTableRows(.en)
        #expect(cross.englishHeaders == ["cluster", "cluster_level", "red", "orange", "yellow", "blue", "total"])
        #expect(cross.rows[riskyCluster] == [.integer(riskyCluster), .text("red"), .integer(12), .integer(0), .integer(0), .integer(0), .integer(12)])
        let table = profile.enterpriseTable(.zh)
        #expect(table.header(.zh)[3] == "类别风险等级")
        #expect(table.rows[1][3] == .text("红") && table.rows[1][4] == .text("红"))
        #expect(profile.centersTable(.en).rows.count == 2)
        let chart = try profile.clusterMapChart(title: "map", language: .zh)
        #expect(chart.points.count == 24 && chart.centroids.count == 2 && chart.explainedVariance.count == 2)
        #expect(chart.clusterNames[riskyCluster] == "第\(riskyCluster + 1)类·红")
        #expect(chart.svg(language: .zh).contains("<svg"))
    }

    @Test func clusterColoursSpreadFromRedToBlueByRank() throws {
        // The rank → colour rule for k = 4 and k = 8 on a synthetic ordering of risk.
        let l = ledger()
        let p4 = try RiskClusterProfile(ledger: l, options: .init(k: 4, nInit: 2, seed: 1))
        #expect(Set(p4.clusterLevels) == Set(RiskLevel.allCases))
        let order = (0..<4).sorted { p4.clusterRiskScores[$0] > p4.clusterRiskScores[$1] }
        #expect(order.map { p4.clusterLevels[$0] } == [.red, .orange, .yellow, .blue])
    }

    @Test func gradeTableHasBothLanguages() throws {
        let grades = try RiskGrader().grade(ledger: ledger())
        let en = EnterpriseRiskGrade.table(grades, language: .en)
        let zh = EnterpriseRiskGrade.table(grades, language: .zh)
        #expect(en.englishHeaders.count == 15 && zh.chineseHeaders.count == 15)
        #expect(en.rows.count == 25)
        #expect(en.rows[1][2] == .text("red") && zh.rows[1][2] == .text("红"))
        #expect(en.rows[24][4] == .text("none") && en.rows[24][2] == .text("blue"))
    }
}
