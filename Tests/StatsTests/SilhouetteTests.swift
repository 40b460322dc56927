import Linalg
import Testing
@testable import Stats

@Suite struct SilhouetteTests {
    static let cases = ClusteringFixtures.shared.silhouette.map(\.name)

    @Test("silhouette samples and score equal scikit-learn's", arguments: cases)
    func matchesScikitLearn(name: String) throws {
        let c = ClusteringFixtures.shared.silhouette.first { $0.name == name }!
        let x = try Matrix(c.x)
        let samples = try Silhouette.samples(x, labels: c.labels)
        #expect(samples.count == c.samples.count)
        let worst = zip(samples, c.samples).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-10)
        #expect(abs(try Silhouette.score(x, labels: c.labels) - c.score) < 1e-12)
    }

    @Test("the gemm path (many features) agrees with the direct kernel", arguments: cases)
    func gemmPathAgrees(name: String) throws {
        let c = ClusteringFixtures.shared.silhouette.first { $0.name == name }!
        let x = try Matrix(c.x)
        let direct = try Silhouette.samples(x, labels: c.labels, threads: 2, forceGemm: false)
        let gemm = try Silhouette.samples(x, labels: c.labels, threads: 2, forceGemm: true)
        #expect(zip(direct, gemm).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func aSingletonClusterHasSilhouetteZero() throws {
        let c = ClusteringFixtures.shared.silhouette.first { $0.name == "blobs_300x6_singleton" }!
        #expect(try Silhouette.samples(try Matrix(c.x), labels: c.labels)[17] == 0)
    }

    @Test func handComputedFourPoints() throws {
        // Points 0, 1 (cluster A) and 4, 6 (cluster B) on a line.
        // s(0): a = 1, b = (4 + 6)/2 = 5 → 0.8;  s(1): a = 1, b = (3 + 5)/2 = 4 → 0.75
        // s(4): a = 2, b = (4 + 3)/2 = 3.5 → 1.5/3.5;  s(6): a = 2, b = (6 + 5)/2 = 5.5 → 3.5/5.5
        let x = try Matrix([[0], [1], [4], [6]])
        let s = try Silhouette.samples(x, labels: [7, 7, 3, 3])
        let expected = [0.8, 0.75, 1.5 / 3.5, 3.5 / 5.5]
        for (a, b) in zip(s, expected) { #expect(abs(a - b) < 1e-14) }
    }

    @Test func resultsDoNotDependOnTheThreadCountOrTiles() throws {
        var g = SeededGenerator(seed: 12)
        let n = 1500, d = 3
        let x = try Matrix(rows: n, columns: d, elements: (0..<(n * d)).map { _ in g.normal() })
        let labels = (0..<n).map { $0 % 4 }
        let one = try Silhouette.samples(x, labels: labels, threads: 1)
        let two = try Silhouette.samples(x, labels: labels, threads: 2)
        #expect(one == two)
    }

    @Test func badInputIsATypedError() throws {
        let x = try Matrix([[0], [1], [2]])
        #expect(throws: ClusteringError.invalidLabelCount(labels: 1, samples: 3)) {
            try Silhouette.score(x, labels: [0, 0, 0])
        }
        #expect(throws: ClusteringError.invalidLabelCount(labels: 3, samples: 3)) {
            try Silhouette.score(x, labels: [0, 1, 2])
        }
        #expect(throws: ClusteringError.self) { try Silhouette.score(x, labels: [0, 1]) }
        #expect(throws: ClusteringError.nonFinite(operation: "silhouette", row: 2, column: 0)) {
            try Silhouette.score(try Matrix([[0], [1], [.infinity]]), labels: [0, 0, 1])
        }
    }
}

@Suite struct ClusterCountSelectionTests {
    @Test func picksTheNumberOfWellSeparatedGroups() throws {
        var rows: [[Double]] = []
        var g = SeededGenerator(seed: 5)
        for center in [0.0, 50, 100, 150] { for _ in 0..<25 { rows.append([center + g.normal(), -center + g.normal()]) } }
        let x = try Matrix(rows)
        let selection = try ClusterCountSelection(configuration: KMeans(k: 2, seed: 1, nInit: 3),
                                                  range: 2...6, data: x)
        #expect(selection.candidates.map(\.k) == [2, 3, 4, 5, 6])
        #expect(selection.best.k == 4)
        #expect(selection.best.silhouette == selection.candidates.map(\.silhouette).max())
        #expect(abs(selection.best.silhouette - (try Silhouette.score(x, labels: selection.best.fitted.labels))) == 0)
        // A sampled silhouette is deterministic in the seed.
        let a = try Silhouette.score(x, labels: selection.best.fitted.labels, sampleSize: 40, seed: 3)
        let b = try Silhouette.score(x, labels: selection.best.fitted.labels, sampleSize: 40, seed: 3)
        #expect(a == b && a > 0.9)
    }

    @Test func rangeOutsideTwoToNMinusOneIsATypedError() throws {
        let x = try Matrix([[0], [1], [5], [6]])
        #expect(throws: ClusteringError.self) {
            try ClusterCountSelection(configuration: KMeans(k: 2), range: 1...3, data: x)
        }
        #expect(throws: ClusteringError.self) {
            try ClusterCountSelection(configuration: KMeans(k: 2), range: 2...4, data: x)
        }
    }
}
