import Linalg
import Testing
@testable import Stats

@Suite struct KMeansTests {
    static let cases = ClusteringFixtures.shared.kmeans.map(\.name)

    @Test("Lloyd from scikit-learn's initial centers: same labels, iterations, inertia, centroids",
          arguments: cases)
    func matchesScikitLearn(name: String) throws {
        let c = ClusteringFixtures.shared.kmeans.first { $0.name == name }!
        let x = try Matrix(c.x)
        let fitted = try KMeans(k: c.`init`.count, maxIterations: c.max_iter, tolerance: c.tol,
                                initialization: .centers(try Matrix(c.`init`))).fit(x)
        #expect(fitted.labels == c.labels)
        #expect(fitted.iterations == c.n_iter)
        #expect(relativeError(fitted.inertia, c.inertia) < 1e-9)
        #expect(maxAbsDifference(fitted.centroids, c.centers) < 1e-9)
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        var g = SeededGenerator(seed: 3)
        let n = 2100, d = 4
        let x = try Matrix(rows: n, columns: d, elements: (0..<(n * d)).map { _ in g.normal() })
        let one = try KMeans(k: 5, seed: 9, nInit: 2, threads: 1).fit(x)
        let two = try KMeans(k: 5, seed: 9, nInit: 2, threads: 2).fit(x)
        let three = try KMeans(k: 5, seed: 9, nInit: 2, threads: 3).fit(x)
        #expect(one.labels == two.labels && two.labels == three.labels)
        #expect(one.centroids == two.centroids && two.centroids == three.centroids)
        #expect(one.inertia == two.inertia && two.inertia == three.inertia)
        #expect(one.inertiaHistory == three.inertiaHistory)
    }

    @Test func sameSeedSameResultAndRestartsKeepTheBestInertia() throws {
        let c = ClusteringFixtures.shared.kmeans.first { $0.name == "overlap_400x12_k6" }!
        let x = try Matrix(c.x)
        let a = try KMeans(k: 6, seed: 4, nInit: 5).fit(x)
        let b = try KMeans(k: 6, seed: 4, nInit: 5).fit(x)
        #expect(a.labels == b.labels && a.inertia == b.inertia)
        #expect(a.restartInertias.count == 5)
        #expect(a.inertia == a.restartInertias.min())
        #expect(a.restartInertias[a.bestRestart] == a.inertia)
        #expect(a.converged)
        #expect(a.clusterSizes.reduce(0, +) == 400)
    }

    @Test func inertiaHistoryIsNonIncreasingAndEndsNearTheInertia() throws {
        let c = ClusteringFixtures.shared.kmeans.first { $0.name == "uniform_500x7_k5_tol0" }!
        let fitted = try KMeans(k: 5, initialization: .centers(try Matrix(c.`init`)))
            .fit(try Matrix(c.x))
        #expect(fitted.inertiaHistory.count == fitted.iterations)
        for (a, b) in zip(fitted.inertiaHistory, fitted.inertiaHistory.dropFirst()) {
            #expect(b <= a * (1 + 1e-12))
        }
        #expect(relativeError(fitted.inertiaHistory.last!, fitted.inertia) < 1e-9)
    }

    @Test func kMeansPlusPlusFindsWellSeparatedClusters() throws {
        // Three tight groups around 0, 100 and 200 on both axes.
        var rows: [[Double]] = []
        var g = SeededGenerator(seed: 1)
        for center in [0.0, 100, 200] { for _ in 0..<30 { rows.append([center + g.normal(), center + g.normal()]) } }
        let fitted = try KMeans(k: 3, seed: 2).fit(try Matrix(rows))
        let groups = Set((0..<3).map { Set(fitted.labels[($0 * 30)..<($0 * 30 + 30)]) })
        #expect(groups.count == 3 && groups.allSatisfy { $0.count == 1 })
        #expect(try fitted.predict(try Matrix([[101, 99], [-1, 2]])) == [fitted.labels[30], fitted.labels[0]])
    }

    @Test func handComputedOneDimensionalExample() throws {
        // Points 0, 1, 10, 11 from centers 0 and 11: clusters {0,1}, {10,11}, centroids 0.5, 10.5,
        // inertia 4 × 0.25 = 1.
        let x = try Matrix([[0], [1], [10], [11]])
        let fitted = try KMeans(k: 2, initialization: .centers(try Matrix([[0], [11]]))).fit(x)
        #expect(fitted.labels == [0, 0, 1, 1])
        #expect(fitted.centroids.elements == [0.5, 10.5])
        #expect(fitted.inertia == 1)
        #expect(fitted.converged)
    }

    @Test func oneRowWithOneClusterIsItsOwnCentroid() throws {
        let fitted = try KMeans(k: 1).fit(try Matrix([[3, -2]]))
        #expect(fitted.labels == [0])
        #expect(fitted.centroids.elements == [3, -2])
        #expect(fitted.inertia == 0)
    }

    @Test func moreClustersThanDistinctRowsIsATypedError() throws {
        let x = try Matrix([[1, 1], [1, 1], [2, 2], [2, 2]])
        #expect(throws: ClusteringError.tooFewDistinctPoints(k: 3, distinct: 2)) {
            try KMeans(k: 3).fit(x)
        }
        #expect(throws: ClusteringError.tooFewSamples(operation: "k-means", samples: 4, required: 5)) {
            try KMeans(k: 5).fit(x)
        }
        #expect(try KMeans(k: 2).fit(x).inertia == 0)
    }

    @Test func missingValuesAreATypedErrorNamingThePosition() throws {
        let x = try Matrix([[1, 2], [3, .nan], [5, 6]])
        #expect(throws: ClusteringError.nonFinite(operation: "k-means", row: 1, column: 1)) {
            try KMeans(k: 2).fit(x)
        }
    }

    @Test func badConfigurationIsATypedError() throws {
        let x = try Matrix([[1], [2], [3]])
        #expect(throws: ClusteringError.self) { try KMeans(k: 0).fit(x) }
        #expect(throws: ClusteringError.self) { try KMeans(k: 2, nInit: 0).fit(x) }
        #expect(throws: ClusteringError.self) { try KMeans(k: 2, maxIterations: 0).fit(x) }
        #expect(throws: ClusteringError.self) { try KMeans(k: 2, tolerance: -1).fit(x) }
        #expect(throws: ClusteringError.self) {
            try KMeans(k: 2, initialization: .centers(try Matrix([[1, 2], [3, 4]]))).fit(x)
        }
        #expect(throws: ClusteringError.emptyInput(operation: "k-means")) {
            try KMeans(k: 1).fit(Matrix(rows: 0, columns: 3))
        }
    }

    @Test func constantColumnsAreHarmless() throws {
        // Every column constant but one: the tolerance is relative to the mean variance > 0.
        let x = try Matrix([[5, 1, 7], [5, 2, 7], [5, 10, 7], [5, 11, 7]])
        let fitted = try KMeans(k: 2, seed: 0).fit(x)
        #expect(Set([fitted.labels[0], fitted.labels[2]]).count == 2)
        #expect(fitted.inertia == 1)
        // All columns constant and k = 1: zero variance, zero inertia.
        let flat = try Matrix([[2, 2], [2, 2]])
        #expect(try KMeans(k: 1).fit(flat).inertia == 0)
    }

    /// Issue 19, item 13: values too large for squared distances are named as such, not as
    /// "non-finite"; standardized first, the same data cluster.
    @Test func valuesTooLargeForDistancesAreATypedError() throws {
        let x = try Matrix([[1e308, 0], [-1e308, 1], [1e307, 2], [0, 3]])
        do {
            _ = try KMeans(k: 2).fit(x)
            Issue.record("expected an error")
        } catch let error as ClusteringError {
            guard case let .valuesTooLarge(op, row, column, value) = error else { Issue.record("\(error)"); return }
            #expect(op == "k-means" && row == 0 && column == 0 && value == 1e308)
            #expect(error.description.contains("too large") && !error.description.contains("non-finite"))
        }
        let z = try FeatureScaler(fitting: x, method: .zscore).transform(x)
        let fit = try KMeans(k: 2).fit(z)
        #expect(fit.inertia.isFinite)
    }

    /// Messages name the method in the user's words, not the Swift type.
    @Test func messagesUseTheMethodsName() {
        #expect(throws: ClusteringError.tooFewSamples(operation: "k-means", samples: 1, required: 4)) {
            try KMeans(k: 4).fit(try Matrix([[1, 2]]))
        }
        let message = ClusteringError.tooFewSamples(operation: "k-means", samples: 1, required: 4).description
        #expect(message == "k-means: 4 clusters need at least 4 rows, got 1")
        #expect(!message.contains("KMeans"))
    }
}

/// Two runs of the engine agree bit for bit: labels, centroids, iterations and inertia.
func expectSameRun(_ a: LloydEngine.Run, _ b: LloydEngine.Run,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.labels == b.labels, sourceLocation: sourceLocation)
    #expect(a.centers == b.centers, sourceLocation: sourceLocation)
    #expect(a.iterations == b.iterations, sourceLocation: sourceLocation)
    #expect(a.inertia == b.inertia, sourceLocation: sourceLocation)
}

@Suite struct LloydKernelTests {
    @Test func directKernelAndGemmPathAgree() throws {
        var g = SeededGenerator(seed: 21)
        let n = 1200, d = 5
        let x = try Matrix(rows: n, columns: d, elements: (0..<(n * d)).map { _ in g.normal() * 3 })
        let data = CenteredData(x)
        for k in [1, 3, 8] {
            let initial = data.centered(x.rows(0..<k))
            let direct = LloydEngine(data: data, k: k, workers: 2)
            let gemm = LloydEngine(data: data, k: k, workers: 2)
            #expect(direct.useDirectKernel)
            gemm.useDirectKernel = false
            let a = direct.run(initialCenters: initial, maxIterations: 50, absoluteTolerance: 0)
            let b = gemm.run(initialCenters: initial, maxIterations: 50, absoluteTolerance: 0)
            #expect(a.labels == b.labels)
            #expect(a.iterations == b.iterations)
            #expect(relativeError(a.inertia, b.inertia) < 1e-12)
        }
        // k > 8 always takes the gemm path.
        #expect(!LloydEngine(data: data, k: 9, workers: 1).useDirectKernel)
    }

    @Test("centering on read gives bit for bit the run on a centered copy", arguments: [3, 8, 11])
    func centeringOnReadMatchesTheCopy(k: Int) throws {
        var g = SeededGenerator(seed: UInt64(70 + k))
        let n = 2500, d = 6
        // A large common offset, so that the centering matters.
        let x = try Matrix(rows: n, columns: d, elements: (0..<(n * d)).map { i in
            1e4 + Double((i / d) % 4) * 0.9 + g.normal() })
        let copied = CenteredData(x, copy: true, workers: 2)
        let onRead = CenteredData(x, copy: false, workers: 2)
        #expect(copied.rowNorms == onRead.rowNorms)
        #expect(copied.mean == onRead.mean && onRead.offset == onRead.mean)
        #expect(copied.offset.allSatisfy { $0 == 0 })
        var g1 = SeededGenerator(seed: 3), g2 = SeededGenerator(seed: 3)
        let seeds = (KMeansPlusPlus.centers(data: copied, k: k, workers: 2, generator: &g1),
                     KMeansPlusPlus.centers(data: onRead, k: k, workers: 2, generator: &g2))
        #expect(seeds.0 == seeds.1)
        for initial in [copied.centered(x.rows(0..<k)), seeds.0] {
            let a = LloydEngine(data: copied, k: k, workers: 2)
                .run(initialCenters: initial, maxIterations: 100, absoluteTolerance: 0)
            let b = LloydEngine(data: onRead, k: k, workers: 2)
                .run(initialCenters: initial, maxIterations: 100, absoluteTolerance: 0)
            expectSameRun(a, b)
            #expect(a.history == b.history)
        }
    }

    @Test("pruning never changes labels, iterations, centroids or inertia", arguments: [1, 2, 5, 8])
    func pruningIsExact(k: Int) throws {
        var g = SeededGenerator(seed: UInt64(40 + k))
        let n = 1500, d = 6
        // Overlapping groups, so that many rows sit near boundaries.
        let x = try Matrix(rows: n, columns: d, elements: (0..<(n * d)).map { i in
            Double((i / d) % 5) * 0.8 + g.normal() })
        let data = CenteredData(x)
        let initial = data.centered(x.rows(0..<k))
        let pruned = LloydEngine(data: data, k: k, workers: 2)
        let plain = LloydEngine(data: data, k: k, workers: 2)
        plain.usePruning = false
        for tolerance in [0.0, 1e-3] {
            let a = pruned.run(initialCenters: initial, maxIterations: 300, absoluteTolerance: tolerance)
            let b = plain.run(initialCenters: initial, maxIterations: 300, absoluteTolerance: tolerance)
            expectSameRun(a, b)
            #expect(zip(a.history, b.history).allSatisfy { abs($0 - $1) <= 1e-9 * abs($1) })
        }
    }

    @Test("the single-precision screen never changes labels, iterations, centroids or inertia",
          arguments: [2, 5, 8])
    func singlePrecisionScreenIsExact(k: Int) throws {
        var g = SeededGenerator(seed: UInt64(60 + k))
        let n = 3000, d = 7
        let x = try Matrix(rows: n, columns: d, elements: (0..<(n * d)).map { i in
            Double((i / d) % 5) * 0.8 + g.normal() })
        let data = CenteredData(x, workers: 2)
        let initial = data.centered(x.rows(0..<k))
        let screened = LloydEngine(data: data, k: k, workers: 2)
        #expect(screened.useSingleScreen)
        for pruning in [true, false] {
            let plain = LloydEngine(data: data, k: k, workers: 2)
            plain.useSingleScreen = false
            screened.usePruning = pruning
            plain.usePruning = pruning
            let a = screened.run(initialCenters: initial, maxIterations: 300, absoluteTolerance: 0)
            let b = plain.run(initialCenters: initial, maxIterations: 300, absoluteTolerance: 0)
            expectSameRun(a, b)
            #expect(a.history == b.history)
            #expect(screened.screenCounts.screened > 0)
            #expect(plain.screenCounts.screened == 0)
        }
    }

    @Test("the screen stays exact at extreme scales and is off where Float could overflow",
          arguments: [1e-30, 1e-12, 1e6])
    func singlePrecisionScreenAtExtremeScales(scale: Double) throws {
        var g = SeededGenerator(seed: 9)
        let n = 800, d = 4
        let x = try Matrix(rows: n, columns: d, elements: (0..<(n * d)).map { i in
            (Double((i / d) % 3) + g.normal()) * scale })
        let data = CenteredData(x, workers: 2)
        let initial = data.centered(x.rows(0..<3))
        let screened = LloydEngine(data: data, k: 3, workers: 2)
        let plain = LloydEngine(data: data, k: 3, workers: 2)
        plain.useSingleScreen = false
        #expect(screened.useSingleScreen)
        let a = screened.run(initialCenters: initial, maxIterations: 100, absoluteTolerance: 0)
        let b = plain.run(initialCenters: initial, maxIterations: 100, absoluteTolerance: 0)
        expectSameRun(a, b)
        // Squared norms of 2⁶⁰ and more: no screen.
        let huge = try Matrix(rows: 4, columns: 1, elements: [0, 1, 2, 3].map { $0 * 1e20 })
        #expect(!LloydEngine(data: CenteredData(huge), k: 2, workers: 1).useSingleScreen)
    }

    @Test func nearTiesFallBackToDoublePrecisionAndKeepItsLabels() throws {
        // Two mirror-image groups along the first axis and many rows on (or within 1e-9…1e-3 of)
        // the mirror plane x₀ = 0: by symmetry the two centroids stay mirror images, so those
        // rows are near ties that single precision cannot decide.
        var g = SeededGenerator(seed: 5)
        let d = 12
        var rows: [[Double]] = []
        for i in 0..<2000 {
            var r = (0..<d).map { _ in g.normal() }
            let offsets = [0.0, 1e-9, -1e-9, 1e-7, -1e-7, 1e-5, -1e-5, 1e-3, -1e-3]
            if i % 2 == 0 {
                r[0] = offsets[(i / 2) % offsets.count]
                rows.append(r)
            } else {
                r[0] = 5 + g.normal()
                rows.append(r)
                var m = r; m[0] = -r[0]
                rows.append(m)
            }
        }
        let x = try Matrix(rows)
        let data = CenteredData(x, workers: 2)
        let initial = data.centered(try Matrix([rows[1], rows[2]]))
        let screened = LloydEngine(data: data, k: 2, workers: 2)
        let plain = LloydEngine(data: data, k: 2, workers: 2)
        plain.useSingleScreen = false
        let a = screened.run(initialCenters: initial, maxIterations: 100, absoluteTolerance: 0)
        let b = plain.run(initialCenters: initial, maxIterations: 100, absoluteTolerance: 0)
        expectSameRun(a, b)
        // The near ties went to the double kernel, the clear rows did not.
        let (screenedRows, fellBack) = screened.screenCounts
        #expect(fellBack >= 500)
        #expect(fellBack < screenedRows / 2)
    }

    @Test func moreThanEightClustersMatchTheDirectDefinition() throws {
        // k = 10 (gemm path): every label is the nearest centroid by exact distances.
        var g = SeededGenerator(seed: 8)
        let x = try Matrix(rows: 600, columns: 3, elements: (0..<1800).map { _ in g.uniform() })
        let fitted = try KMeans(k: 10, seed: 3).fit(x)
        #expect(try fitted.predict(x) == fitted.labels)
        #expect(fitted.converged)
    }
}

@Suite struct NearestTwoTests {
    /// The first minimum (lane and value) and the smallest value of the other lanes.
    static func reference(_ v: SIMD8<Double>) -> (Int, Double, Double) {
        var best = v[0], index = 0
        for j in 1..<8 where v[j] < best { best = v[j]; index = j }
        var second = Double.infinity
        for j in 0..<8 where j != index { second = min(second, v[j]) }
        return (index, best, second)
    }

    @Test func theScanFindsTheFirstMinimumAndTheRunnerUpIncludingTies() {
        var g = SeededGenerator(seed: 77)
        func draw() -> SIMD8<Double> {
            // Few distinct values, so ties are frequent.
            var v = SIMD8<Double>()
            for j in 0..<8 { v[j] = Double(g.index(below: 4)) - (g.bernoulli(0.1) ? 0.5 : 0) }
            return v
        }
        for _ in 0..<5000 {
            let (v0, v1) = (draw(), draw())
            let pair = LloydPass.nearestTwo(v0, v1)
            for (lane, v) in [(0, v0), (1, v1)] {
                let (index, best, second) = NearestTwoTests.reference(v)
                #expect(Int(pair.index[lane]) == index && pair.best[lane] == best
                        && pair.second[lane] == second)
            }
        }
        // Padding lanes of +∞ never win; with one finite lane the runner-up is +∞.
        let inf = Double.infinity
        let pair = LloydPass.nearestTwo(SIMD8(3, 2, 2, inf, inf, inf, inf, inf),
                                          SIMD8(5, inf, inf, inf, inf, inf, inf, inf))
        #expect(pair.index == SIMD2(1, 0))
        #expect(pair.second == SIMD2(2, inf))
    }
}
