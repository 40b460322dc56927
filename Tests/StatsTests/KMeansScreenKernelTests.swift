import CKernels
import Testing
@testable import Stats

/// The C kernel behind the k-means single-precision screen (`worksafe_kmeans_screen8`), checked
/// against the exact scores and distances in `Double`.
@Suite struct KMeansScreenKernelTests {
    struct Case {
        var x: [Double], offset: [Double], d: Int, k: Int
        var centers: [[Double]]
        var columns: [Float], norms: [Float]
        var rowNorms: [Double]
        var slope: Float, constant: Float
    }

    /// Centroids, their `Float` operands and the error bound's parameters as the engine
    /// builds them (`CentroidOperands.singleScreen`).
    func makeCase(x: [Double], offset: [Double], d: Int, centers: [[Double]]) -> Case {
        var columns = [Float](repeating: 0, count: d * 8)
        var norms = [Float](repeating: .infinity, count: 8)
        var largest = 0.0
        for (j, c) in centers.enumerated() {
            for t in 0..<d { columns[t * 8 + j] = -2 * Float(c[t]) }
            let norm = c.reduce(0) { $0 + $1 * $1 }
            norms[j] = Float(norm)
            largest = max(largest, norm)
        }
        let n = x.count / d
        let rowNorms = (0..<n).map { i in (0..<d).reduce(0.0) { s, t in
            let v = x[i * d + t] - offset[t]; return s + v * v } }
        let bound = SingleScreen.errorBound(d: d, largestCenterNorm: largest)
        return Case(x: x, offset: offset, d: d, k: centers.count, centers: centers,
                    columns: columns, norms: norms, rowNorms: rowNorms,
                    slope: bound.slope, constant: bound.constant)
    }

    /// Per listed row: (index, accept, upper, lower).
    func run(_ c: Case, list: [Int32]) -> [(Int32, Bool, Double, Double)] {
        let padded = (list.count + 3) / 4 * 4
        var index = [Int32](repeating: -7, count: padded), accept = [Int32](repeating: 7, count: padded)
        var upper = [Double](repeating: .nan, count: padded), lower = [Double](repeating: .nan, count: padded)
        index.withUnsafeMutableBufferPointer { pi in
        accept.withUnsafeMutableBufferPointer { pa in
        upper.withUnsafeMutableBufferPointer { pu in
        lower.withUnsafeMutableBufferPointer { pl in
            let out = worksafe_screen_out(index: pi.baseAddress, accept: pa.baseAddress,
                                          upper: pu.baseAddress, lower: pl.baseAddress)
            worksafe_kmeans_screen8(list, list.count, c.x, c.offset, c.rowNorms, c.d, c.columns,
                                    c.norms, c.slope, c.constant, out)
        }}}}
        return (0..<list.count).map { (index[$0], accept[$0] != 0, upper[$0], lower[$0]) }
    }

    /// Exact distances of row `row` to the centroids.
    func distances(_ c: Case, row: Int) -> [Double] {
        c.centers.map { center in
            (0..<c.d).reduce(0.0) { s, t in
                let v = (c.x[row * c.d + t] - c.offset[t]) - center[t]; return s + v * v }.squareRoot()
        }
    }

    @Test("accepted lanes are the nearest centroid; the bounds hold", arguments: [(12, 8), (7, 3), (5, 1), (4, 8)])
    func labelsAndBoundsAreRigorous(d: Int, k: Int) {
        var g = SeededGenerator(seed: UInt64(100 + d * 10 + k))
        let n = 41
        let x = (0..<(n * d)).map { _ in 50 + g.normal() * 3 }
        let offset = (0..<d).map { _ in 50 + g.normal() * 0.1 }
        let centers = (0..<k).map { _ in (0..<d).map { _ in g.normal() * 2 } }
        let c = makeCase(x: x, offset: offset, d: d, centers: centers)
        // A sparse list whose length is not a multiple of four.
        let list: [Int32] = (0..<n).filter { $0 % 3 != 1 }.map { Int32($0) }
        var accepted = 0
        for (p, (index, accept, upper, lower)) in run(c, list: list).enumerated() {
            let dist = distances(c, row: Int(list[p]))
            let a = Int(index)
            #expect(a >= 0 && a < k)
            #expect(upper >= dist[a] * (1 - 1e-15))
            for j in 0..<k where j != a { #expect(lower <= dist[j] * (1 + 1e-15)) }
            #expect(lower >= 0)
            if accept {
                accepted += 1
                let nearest = dist.indices.min { dist[$0] < dist[$1] || (dist[$0] == dist[$1] && $0 < $1) }!
                #expect(a == nearest)
            }
        }
        #expect(accepted > list.count / 2)
    }

    @Test func tiesGoToTheLowerLaneAndAreNeverAccepted() {
        let d = 4
        let x: [Double] = [1, 2, 3, 4, -1, 0, 2, 5]
        // Centroids 2 and 5 identical and nearest; the others far.
        let centers: [[Double]] = (0..<6).map { j in
            (j == 2 || j == 5) ? [0, 1, 2, 4] : [100, 100, 100, Double(j)] }
        let c = makeCase(x: x, offset: [0, 0, 0, 0], d: d, centers: centers)
        for (index, accept, _, _) in run(c, list: [0, 1]) {
            #expect(index == 2)
            #expect(!accept)
        }
    }
}
