import Testing
import Linalg
import Stats

// The code of Sources/Stats/Stats.docc/GettingStarted.md, verbatim (DocumentationSnippetTests
// in WorkSafeTests checks that every block of the article appears here), and what it computes.

func riskGroups(hazardsAndViolations rows: [[Double]]) throws -> KMeans.Fitted {
    let features = try Matrix(rows)                     // one row per enterprise
    let fitted = try KMeans(k: 3, seed: 1, nInit: 4).fit(features)
    print(fitted.centroids)                             // 3 × 2, in the features' units
    print(fitted.clusterSizes, fitted.inertia)          // rows per group; Σ‖xᵢ − c_group‖²
    print(fitted.iterations, fitted.converged)          // of the kept restart
    print(fitted.restartInertias, fitted.bestRestart)   // how much the seeding mattered
    return fitted
}

func completionModel(sizes: [Double], completed: [Bool]) throws -> LogisticRegression.Fitted {
    let x = try Matrix(sizes.map { [1, $0] })           // intercept, size
    let y = completed.map { $0 ? 1.0 : 0.0 }
    let fitted = try LogisticRegression().fit(x: x, y: y)
    for j in 0..<fitted.coefficients.count {
        print(fitted.coefficients[j], fitted.standardErrors[j], fitted.pValues[j],
              fitted.lowerConfidenceBounds[j], fitted.upperConfidenceBounds[j])
    }
    print(fitted.iterations, fitted.converged, fitted.deviance)
    let probability = try fitted.predictProbabilities(try Matrix([[1, 0.5]]))[0]
    print(probability)                                   // for an enterprise of size 0.5
    return fitted
}

@Suite struct StatsGettingStartedExamples {
    @Test func threeSeparatedGroupsAreFoundWithTheirSizes() throws {
        var g = SeededGenerator(seed: 7)
        let rows = (0..<300).map { i -> [Double] in
            let group = Double(i % 3)
            return [2 + 10 * group + g.normal(), 1 + 6 * group + g.normal()]
        }
        let fitted = try riskGroups(hazardsAndViolations: rows)
        #expect(fitted.converged)
        #expect(fitted.clusterSizes.sorted() == [100, 100, 100])
        #expect(fitted.restartInertias.count == 4 && fitted.inertia == fitted.restartInertias.min())
        // Each true group is one cluster.
        for r in 0..<3 { #expect(Set(stride(from: r, to: 300, by: 3).map { fitted.labels[$0] }).count == 1) }
    }

    @Test func theLogisticFitRecoversTheSlopeWithinItsInterval() throws {
        var g = SeededGenerator(seed: 11)
        let sizes = (0..<4000).map { _ in g.normal() }
        let completed = sizes.map { g.bernoulli(LogisticRegression.inverseLink(.logit, -0.5 + 1.2 * $0)) }
        let fitted = try completionModel(sizes: sizes, completed: completed)
        #expect(fitted.converged)
        // The true slope 1.2 lies within a few standard errors; the interval is β ± 1.96·SE.
        #expect(abs(fitted.coefficients[1] - 1.2) < 4 * fitted.standardErrors[1])
        let halfWidth = fitted.upperConfidenceBounds[1] - fitted.coefficients[1]
        #expect(abs(halfWidth - 1.959963984540054 * fitted.standardErrors[1]) < 1e-9)
    }
}
