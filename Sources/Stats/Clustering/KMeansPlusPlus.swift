import Linalg

/// Greedy k-means++ seeding (Arthur & Vassilvitskii, 2007), the variant scikit-learn uses.
///
/// The first center is a uniformly drawn row. Each further center is chosen among
/// `2 + ⌊ln k⌋` candidate rows, each drawn with probability proportional to its squared distance
/// `D(x)²` to the nearest center chosen so far; the candidate that leaves the smallest potential
/// `Σ D(x)²` wins (the first one on a tie). Distances are exact squared differences.
///
/// - Complexity: O(*n·d·k·log k*) flops, each pass over the data split in blocks over the workers.
enum KMeansPlusPlus {
    static func centers(data: CenteredData, k: Int, workers: Int,
                        generator: inout SeededGenerator) -> [Double] {
        let (n, d) = (data.n, data.d)
        let trials = 2 + Int(naturalLogarithm(Double(k)))
        var centers = [Double](repeating: 0, count: k * d)
        let first = generator.index(below: n)
        var closest = [Double](repeating: 0, count: n)
        data.withRows { x in
            let f = x.row(first)
            for t in 0..<d { centers[t] = f[t] }
            for i in 0..<n {
                let row = x.row(i)
                var s = 0.0
                for t in 0..<d { let u = row[t] - f[t]; s += u * u }
                closest[i] = s
            }
        }
        let blockRows = 4096
        let blocks = ParallelBlocks.blockCount(rows: n, blockSize: blockRows)
        var cumulative = [Double](repeating: 0, count: n)
        var candidateDistances = [Double](repeating: 0, count: trials * n)
        var potentials = [Double](repeating: 0, count: blocks * trials)
        for c in 1..<max(k, 1) {
            var running = 0.0
            for i in 0..<n { running += closest[i]; cumulative[i] = running }
            let total = running
            // searchsorted(cumulative, u·total, side: left), clipped to n − 1.
            var candidates = [Int](repeating: 0, count: trials)
            for t in 0..<trials {
                let target = generator.uniform() * total
                var lo = 0, hi = n
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if cumulative[mid] < target { lo = mid + 1 } else { hi = mid }
                }
                candidates[t] = min(lo, n - 1)
            }
            data.withRows { x in
            closest.withUnsafeBufferPointer { pclosest in
            candidateDistances.withUnsafeMutableBufferPointer { pcd in
            potentials.withUnsafeMutableBufferPointer { ppot in
                let cd = pcd, pot = ppot
                ParallelBlocks.run(blocks: blocks, workers: workers) { _, b in
                    let r0 = b * blockRows, r1 = min(n, r0 + blockRows)
                    for (t, cand) in candidates.enumerated() {
                        var partial = 0.0
                        let c = x.row(cand)
                        for i in r0..<r1 {
                            let row = x.row(i)
                            var s = 0.0
                            for q in 0..<d { let u = row[q] - c[q]; s += u * u }
                            let m = min(s, pclosest[i])
                            cd[t * n + i] = m
                            partial += m
                        }
                        pot[b * trials + t] = partial
                    }
                }
            }}}}
            var bestTrial = 0
            var bestPotential = Double.infinity
            for t in 0..<trials {
                var p = 0.0
                for b in 0..<blocks { p += potentials[b * trials + t] }
                if p < bestPotential { bestPotential = p; bestTrial = t }
            }
            let chosen = candidates[bestTrial]
            for i in 0..<n { closest[i] = candidateDistances[bestTrial * n + i] }
            for t in 0..<d { centers[c * d + t] = data.x[chosen, t] - data.offset[t] }
        }
        return centers
    }
}
