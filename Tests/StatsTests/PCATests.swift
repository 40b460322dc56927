import Linalg
import Testing
@testable import Stats

@Suite struct PCATests {
    static let cases = ClusteringFixtures.shared.pca.map(\.name)

    @Test("PCA components (with signs), variances and coordinates equal scikit-learn's",
          arguments: cases)
    func matchesScikitLearn(name: String) throws {
        let c = ClusteringFixtures.shared.pca.first { $0.name == name }!
        let x = try Matrix(c.x)
        let fitted = try PCA().fit(x)
        #expect(maxAbsDifference(fitted.components, c.components) < 1e-9)
        for (a, b) in zip(fitted.explainedVariance, c.explained_variance) { #expect(relativeError(a, b) < 1e-9) }
        for (a, b) in zip(fitted.explainedVarianceRatio, c.explained_variance_ratio) { #expect(abs(a - b) < 1e-12) }
        for (a, b) in zip(fitted.singularValues, c.singular_values) { #expect(relativeError(a, b) < 1e-9) }
        for (a, b) in zip(fitted.mean, c.mean) { #expect(abs(a - b) < 1e-12) }
        #expect(maxAbsDifference(try fitted.transform(x), c.transform) < 1e-8)
    }

    @Test func twoComponentsGiveTheTwoDimensionalMap() throws {
        let c = ClusteringFixtures.shared.pca[0]
        let x = try Matrix(c.x)
        let fitted = try PCA(components: 2).fit(x)
        let map = try fitted.transform(x)
        #expect(map.columns == 2 && map.rows == x.rows)
        #expect(maxAbsDifference(map, c.transform.map { Array($0.prefix(2)) }) < 1e-8)
        // Ratios are shares of the total variance of all components.
        #expect(abs(fitted.explainedVarianceRatio[0] - c.explained_variance_ratio[0]) < 1e-12)
    }

    @Test func handComputedLine() throws {
        // Points on the line y = x: one component (1, 1)/√2 with all the variance.
        let x = try Matrix([[1, 1], [2, 2], [3, 3]])
        let fitted = try PCA().fit(x)
        #expect(abs(fitted.components[0, 0] - 0.5.squareRoot()) < 1e-12)
        #expect(abs(fitted.components[0, 1] - 0.5.squareRoot()) < 1e-12)
        #expect(abs(fitted.explainedVariance[0] - 2) < 1e-12)  // var of (−√2, 0, √2) = 2
        #expect(abs(fitted.explainedVarianceRatio[0] - 1) < 1e-12)
    }

    @Test func badInputIsATypedError() throws {
        #expect(throws: ClusteringError.tooFewSamples(operation: "principal components", samples: 1, required: 2)) {
            try PCA().fit(try Matrix([[1, 2]]))
        }
        #expect(throws: ClusteringError.self) { try PCA(components: 3).fit(try Matrix([[1, 2], [3, 4]])) }
        #expect(throws: ClusteringError.nonFinite(operation: "principal components", row: 0, column: 1)) {
            try PCA().fit(try Matrix([[1, .nan], [3, 4]]))
        }
        let fitted = try PCA().fit(try Matrix([[1, 2], [3, 5], [0, 1]]))
        #expect(throws: ClusteringError.self) { try fitted.transform(try Matrix([[1, 2, 3]])) }
    }
}
