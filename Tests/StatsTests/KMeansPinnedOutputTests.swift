import Linalg
import Testing
@testable import Stats

/// Today's k-means outputs on seeded data sets, pinned bit for bit: labels, centroids, inertia,
/// iterations and the objective history. Every engine path is covered — the gemm path (k > 8),
/// the direct kernel with pruning and the single-precision screen (k ≤ 8), the screen's fallback
/// on near ties, k-means++ seeding with restarts, a tolerance stop (the fused final pass) and an
/// empty-cluster relocation. A change to the engine that alters any bit of any output fails here.
///
/// The fingerprints were recorded from the engine before it was split into files by role; to
/// re-record after an intended change of results, run the suite and copy the "got" line.
@Suite struct KMeansPinnedOutputTests {
    /// FNV-1a over 64-bit words.
    static func fnv(_ words: some Sequence<UInt64>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for w in words {
            for s in stride(from: 0, to: 64, by: 8) {
                h = (h ^ ((w >> UInt64(s)) & 0xff)) &* 0x0000_0100_0000_01b3
            }
        }
        return h
    }

    /// Everything a fit returns, as one line of hexadecimal bit patterns.
    static func fingerprint(_ f: KMeans.Fitted) -> String {
        let labels = fnv(f.labels.map { UInt64(bitPattern: Int64($0)) })
        let centroids = fnv(f.centroids.elements.map(\.bitPattern))
        let history = fnv(f.inertiaHistory.map(\.bitPattern))
        let restarts = fnv(f.restartInertias.map(\.bitPattern))
        return "it=\(f.iterations) conv=\(f.converged) inertia=\(String(f.inertia.bitPattern, radix: 16)) "
            + "labels=\(String(labels, radix: 16)) centroids=\(String(centroids, radix: 16)) "
            + "history=\(String(history, radix: 16)) restarts=\(String(restarts, radix: 16)) "
            + "best=\(f.bestRestart)"
    }

    /// `groups` overlapping Gaussian groups in `d` dimensions around a common offset.
    static func mixture(n: Int, d: Int, groups: Int, spread: Double, offset: Double,
                        seed: UInt64) throws -> Matrix {
        var g = SeededGenerator(seed: seed)
        let elements = (0..<(n * d)).map { i in
            offset + Double(((i / d) * 7 + i % d) % groups) * spread + g.normal()
        }
        return try Matrix(rows: n, columns: d, elements: elements)
    }

    /// The near-tie data of `LloydKernelTests`: rows on (or within 1e-9…1e-3 of) the mirror
    /// plane of two mirror-image groups, which single precision cannot decide.
    static func nearTies() throws -> (x: Matrix, initial: Matrix) {
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
        return (try Matrix(rows), try Matrix([rows[1], rows[2]]))
    }

    @Test func gemmPathWithElevenClusters() throws {
        let x = try Self.mixture(n: 5000, d: 5, groups: 11, spread: 0.7, offset: 30, seed: 101)
        let fitted = try KMeans(k: 11, maxIterations: 300, tolerance: 0,
                                initialization: .centers(x.rows(0..<11)), threads: 2).fit(x)
        #expect(Self.fingerprint(fitted) 
                == "it=41 conv=true inertia=40d5b8c295d89892 labels=3acb8847dd3f8ce2 centroids=ea22611c38c2d690 history=6bf053bab94e0282 restarts=196b458fa47f0ccf best=0")
    }

    @Test func gemmPathWithKMeansPlusPlusAndRestarts() throws {
        let x = try Self.mixture(n: 3000, d: 4, groups: 9, spread: 0.9, offset: -5, seed: 102)
        let fitted = try KMeans(k: 10, seed: 7, nInit: 3, threads: 2).fit(x)
        #expect(Self.fingerprint(fitted) 
                == "it=38 conv=true inertia=40c3e58cf373570c labels=890db2954a02226f centroids=e5b398e12aa71941 history=fe81a4248c96650 restarts=1fe4f633969a272f best=1")
    }

    @Test func directKernelPrunedAndScreenedOverManyBlocks() throws {
        // 20,000 rows: ten blocks, split between two workers; tolerance 0 runs to strict
        // convergence, so the pruned, screened passes run many times.
        let x = try Self.mixture(n: 20_000, d: 12, groups: 8, spread: 0.6, offset: 1e3, seed: 103)
        let fitted = try KMeans(k: 8, maxIterations: 300, tolerance: 0,
                                initialization: .centers(x.rows(100..<108)), threads: 2).fit(x)
        #expect(Self.fingerprint(fitted) 
                == "it=7 conv=true inertia=410d1b92381d3c9f labels=762c7162e43bcbc4 centroids=691c9c1ea5c30a18 history=ec64f5e01cb88fad restarts=f99e0e53dab52b22 best=0")
    }

    @Test func kMeansPlusPlusWithAToleranceStop() throws {
        // The default tolerance stops before the labels settle: the final pass relabels and sums
        // the exact inertia in one read.
        let x = try Self.mixture(n: 6000, d: 7, groups: 6, spread: 0.5, offset: 0, seed: 104)
        let fitted = try KMeans(k: 6, seed: 11, nInit: 4, threads: 2).fit(x)
        #expect(Self.fingerprint(fitted) 
                == "it=28 conv=true inertia=40e311deb24b0e6a labels=5b10f30d945c4967 centroids=94bfc5e4e0fac98b history=6e4c215acc6a5894 restarts=67bf8eb02605a9c3 best=1")
        // It did stop by tolerance: run to unchanged labels it takes more iterations.
        let strict = try KMeans(k: 6, seed: 11, nInit: 4, tolerance: 0, threads: 2).fit(x)
        #expect(strict.iterations > fitted.iterations)
    }

    @Test func screenFallbackOnNearTies() throws {
        let (x, initial) = try Self.nearTies()
        let fitted = try KMeans(k: 2, maxIterations: 100, tolerance: 0,
                                initialization: .centers(initial), threads: 2).fit(x)
        #expect(Self.fingerprint(fitted) 
                == "it=3 conv=true inertia=40e73176f674d732 labels=3505f06fe51c72a5 centroids=15ec877cee0904c2 history=4b576c29e300893 restarts=77f8594f77b6725e best=0")
        // The data do exercise the fallback.
        let data = CenteredData(x, copy: false, workers: 2)
        let engine = LloydEngine(data: data, k: 2, workers: 2)
        _ = engine.run(initialCenters: data.centered(initial), maxIterations: 100, absoluteTolerance: 0)
        #expect(engine.screenCounts.fellBack >= 500)
    }

    @Test func emptyClusterIsRelocated() throws {
        // One initial center far from every row: its cluster is empty after the first pass.
        let x = try Self.mixture(n: 1500, d: 3, groups: 4, spread: 1.1, offset: 2, seed: 105)
        var initial = x.rows(0..<5)
        for t in 0..<3 { initial[4, t] = 1e4 }
        let fitted = try KMeans(k: 5, maxIterations: 300, tolerance: 0,
                                initialization: .centers(initial), threads: 1).fit(x)
        #expect(Self.fingerprint(fitted) 
                == "it=33 conv=true inertia=40acba394487cf7d labels=235acbcf3fcdcea6 centroids=a2fef5fe0d4ff8e4 history=c0e01345b8e40b7a restarts=701754a46bc2d21 best=0")
        // The far center's cluster is empty after the first assignment.
        let data = CenteredData(x, copy: false, workers: 1)
        let engine = LloydEngine(data: data, k: 5, workers: 1)
        var labels = [Int32](repeating: -1, count: x.rows)
        var sums = [Double](repeating: 0, count: 5 * 3), counts = [Int](repeating: 0, count: 5)
        let first = engine.assign(centers: data.centered(initial), labels: &labels, accumulate: true,
                                  sums: &sums, counts: &counts)
        #expect(first.counts[4] == 0)
    }
}
