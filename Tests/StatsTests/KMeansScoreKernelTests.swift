import CKernels
@testable import Stats
import Testing

/// The C kernel behind the k-means single-precision screen (`worksafe_kmeans_scores8`), checked
/// against the same scores computed in `Double` from the same `Float` operands.
@Suite struct KMeansScoreKernelTests {
    /// Runs the kernel on `list` and returns, per listed row, (index, best, second).
    func run(_ x: [Double], offset: [Double], d: Int, columns: [Float], norms: [Float],
             list: [Int32]) -> [(Int32, Float, Float)] {
        let padded = (list.count + 3) / 4 * 4
        var index = [Int32](repeating: -7, count: padded)
        var best = [Float](repeating: .nan, count: padded)
        var second = [Float](repeating: .nan, count: padded)
        let rowNorms = [Double](repeating: 0, count: x.count / d)
        worksafe_kmeans_scores8(list, list.count, x, offset, rowNorms, d, columns, norms,
                                &index, &best, &second)
        return (0..<list.count).map { (index[$0], best[$0], second[$0]) }
    }

    /// Per listed row, the eight scores in `Double` from the kernel's `Float` operands.
    func reference(_ x: [Double], offset: [Double], d: Int, columns: [Float], norms: [Float],
                   row: Int) -> [Double] {
        (0..<8).map { j in
            var s = Double(norms[j])
            for t in 0..<d {
                s += Double(Float(x[row * d + t] - offset[t])) * Double(columns[t * 8 + j])
            }
            return s
        }
    }

    @Test("first minimum and runner-up match the scores in Double", arguments: [(12, 8), (7, 3), (5, 1), (4, 8)])
    func matchesDoubleScores(d: Int, k: Int) {
        var g = SeededGenerator(seed: UInt64(100 + d * 10 + k))
        let n = 41
        let x = (0..<(n * d)).map { _ in 50 + g.normal() * 3 }
        let offset = (0..<d).map { _ in 50 + g.normal() * 0.1 }
        var columns = [Float](repeating: 0, count: d * 8)
        var norms = [Float](repeating: .infinity, count: 8)
        for j in 0..<k {
            var norm = 0.0
            for t in 0..<d {
                let c = Float(g.normal() * 2)
                columns[t * 8 + j] = -2 * c
                norm += Double(c) * Double(c)
            }
            norms[j] = Float(norm)
        }
        // A sparse list whose length is not a multiple of four.
        let list: [Int32] = (0..<n).filter { $0 % 3 != 1 }.map { Int32($0) }
        let got = run(x, offset: offset, d: d, columns: columns, norms: norms, list: list)
        for (p, row) in list.enumerated() {
            let s = reference(x, offset: offset, d: d, columns: columns, norms: norms, row: Int(row))
            let order: [Int] = Array(0..<8).sorted { (i: Int, j: Int) -> Bool in
                s[i] < s[j] || (s[i] == s[j] && i < j)
            }
            let finite: [Double] = s.filter { $0.isFinite }.map { Swift.abs($0) }
            let scale = 1e-4 * (1 + (finite.max() ?? 0))
            let (index, best, second) = got[p]
            #expect(Swift.abs(Double(best) - s[order[0]]) <= scale)
            if k == 1 {
                #expect(index == 0)
                #expect(second == .infinity)
            } else {
                #expect(Swift.abs(Double(second) - s[order[1]]) <= scale)
                if s[order[1]] - s[order[0]] > 2 * scale { #expect(Int(index) == order[0]) }
            }
            #expect(index < Int32(k))
        }
    }

    @Test func tiesGoToTheLowerLaneAndTheRunnerUpEqualsTheBest() {
        let d = 4
        let x: [Double] = [1, 2, 3, 4, -1, 0, 2, 5]
        let offset = [Double](repeating: 0, count: d)
        // Centroids 2 and 5 identical and nearest; the others far.
        var columns = [Float](repeating: 0, count: d * 8)
        var norms = [Float](repeating: .infinity, count: 8)
        for j in 0..<6 {
            let c: [Float] = (j == 2 || j == 5) ? [0, 1, 2, 4] : [100, 100, 100, Float(j)]
            for t in 0..<d { columns[t * 8 + j] = -2 * c[t] }
            norms[j] = c.reduce(0) { $0 + $1 * $1 }
        }
        let got = run(x, offset: offset, d: d, columns: columns, norms: norms, list: [0, 1])
        for (index, best, second) in got {
            #expect(index == 2)
            #expect(second == best)
        }
    }
}
