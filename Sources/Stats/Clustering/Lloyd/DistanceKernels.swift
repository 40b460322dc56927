import Linalg

/// The full computation of a row's nearest centroid, in double precision.
///
/// For `k ≤ 8` the direct kernel: per row, the eight inner products `x·cⱼ` accumulate in one
/// `SIMD8<Double>` (centroids stored by column), two rows at a time for independent chains
/// (`fullPair`); then `‖cⱼ‖² − 2x·cⱼ` (the row's own `‖x‖²` does not change the argmin), its
/// first minimum and the second smallest value, by a branch-free scan (`nearestTwo`). Padding
/// lanes have norm +∞ and never win. The products never leave registers: no packing, no buffer.
///
/// For `k > 8`, one `dgemm` per block computes `P = X_b · Cᵀ` (`blockRows × k`, cache resident)
/// and a loop takes `argminⱼ ‖cⱼ‖² − 2·Pᵢⱼ` (`gemmBlock`).
extension LloydPass {
    /// Every row of `rows` by the direct kernel, refreshing the bounds when there are any.
    @inline(__always)
    func directBlock(_ rows: Range<Int>, _ tally: inout BlockTally) {
        var r = rows.lowerBound
        while r + 2 <= rows.upperBound {
            fullPair(r, r + 1, &tally)
            r += 2
        }
        if r < rows.upperBound { fullRow(r, &tally) }
    }

    /// The listed rows (`list[0..<count]`, increasing row order) by the direct kernel: screened
    /// in single precision first when the pass has a screen, else two rows at a time.
    @inline(__always)
    func fullComputation(_ list: UnsafePointer<Int32>, count: Int, scores: ScoreBuffers,
                         _ tally: inout BlockTally) {
        if let screen {
            screenedRows(list, count: count, screen: screen, scores: scores, &tally)
            return
        }
        var p = 0
        while p + 2 <= count {
            fullPair(Int(list[p]), Int(list[p + 1]), &tally)
            p += 2
        }
        if p < count { fullRow(Int(list[p]), &tally) }
    }

    /// The full eight-lane assignment of rows `r0` and `r1` (two independent product chains),
    /// refreshing their bounds when there are any.
    @inline(__always)
    func fullPair(_ r0: Int, _ r1: Int, _ tally: inout BlockTally) {
        let x0 = x.row(r0), x1 = x.row(r1)
        let columns = centroids.columns, norms = centroids.normLanes
        var a0 = SIMD8<Double>.zero, a1 = SIMD8<Double>.zero
        var t = 0
        while t < d {
            let c = columns[t]
            a0 += SIMD8(repeating: x0[t]) * c
            a1 += SIMD8(repeating: x1[t]) * c
            t += 1
        }
        let pair = LloydPass.nearestTwo(norms - 2 * a0, norms - 2 * a1)
        if let bounds {
            let xn = SIMD2(rowNorms[r0], rowNorms[r1])
            let u = LloydPass.distance(xn + pair.best), l = LloydPass.distance(xn + pair.second)
            bounds.set(r0, upper: u[0], lower: l[0], own: Int(pair.index[0]))
            bounds.set(r1, upper: u[1], lower: l[1], own: Int(pair.index[1]))
        }
        label(r0, Int(pair.index[0]), &tally)
        label(r1, Int(pair.index[1]), &tally)
    }

    /// `fullPair` for one row.
    @inline(__always)
    func fullRow(_ r: Int, _ tally: inout BlockTally) {
        let x0 = x.row(r)
        let columns = centroids.columns
        var a0 = SIMD8<Double>.zero
        var t = 0
        while t < d { a0 += SIMD8(repeating: x0[t]) * columns[t]; t += 1 }
        let w = centroids.normLanes - 2 * a0
        let one = LloydPass.nearestTwo(w, w)
        if let bounds {
            let xn = SIMD2(repeating: rowNorms[r])
            bounds.set(r, upper: LloydPass.distance(xn + one.best)[0],
                       lower: LloydPass.distance(xn + one.second)[0], own: Int(one.index[0]))
        }
        label(r, Int(one.index[0]), &tally)
    }

    /// The `k > 8` path for `rows`: the block copied into `scratch.block`, one `dgemm` for its
    /// inner products with `centers` (the same centroids as a `k × d` matrix), then per row the
    /// first `argminⱼ ‖cⱼ‖² − 2·Pᵢⱼ`.
    @inline(__always)
    func gemmBlock(_ rows: Range<Int>, centers: Matrix, scratch: BlockScratch,
                   _ tally: inout BlockTally) {
        let (m, d, k) = (rows.count, self.d, centroids.k)
        let r0 = rows.lowerBound
        scratch.block.reshapeDiscardingContents(rows: m, columns: d)
        scratch.block.withUnsafeMutableBufferPointer { pb in
            for i in 0..<m {
                let row = x.row(r0 + i)
                for t in 0..<d { pb[i * d + t] = row[t] }
            }
        }
        try! Matrix.multiply(scratch.block, .none, centers, .transposed, into: &scratch.products)  // shapes fit
        let norms = centroids.norms
        scratch.products.withUnsafeBufferPointer { pp in
            for i in 0..<m {
                let row = i * k
                var best = norms[0] - 2 * pp[row]
                var bj = 0
                var j = 1
                while j < k {
                    let v = norms[j] - 2 * pp[row + j]
                    if v < best { best = v; bj = j }
                    j += 1
                }
                label(r0 + i, bj, &tally)
            }
        }
    }

    /// For two rows at once (`w0`, `w1`: the eight values `‖cⱼ‖² − 2x·cⱼ` of each), the first
    /// minimum (its lane, the lower one on a tie), and the smallest value of the other lanes (+∞
    /// when only one lane is finite). The scan runs down the lanes with the two rows side by side
    /// in one `SIMD2`, so every step is a vector compare and select with no branch;
    /// `second ← min(second, max(best, v))` keeps the second smallest value seen. No lane is NaN.
    @inline(__always)
    static func nearestTwo(_ w0: SIMD8<Double>, _ w1: SIMD8<Double>)
        -> (index: SIMD2<Int64>, best: SIMD2<Double>, second: SIMD2<Double>) {
        var best = SIMD2(w0[0], w1[0])
        var second = SIMD2<Double>(repeating: .infinity)
        var index = SIMD2<Int64>.zero
        for j in 1..<8 {
            let v = SIMD2(w0[j], w1[j])
            let above = best.replacing(with: v, where: best .< v)
            second = second.replacing(with: above, where: above .< second)
            let less = v .< best
            index = index.replacing(with: SIMD2(repeating: Int64(j)), where: less)
            best = best.replacing(with: v, where: less)
        }
        return (index, best, second)
    }

    /// `‖x − c‖²` by differences, four lanes at a time (independent chains), then the tail.
    @inline(__always)
    static func squaredDistance(_ x: CenteredRow, _ c: UnsafePointer<Double>, _ d: Int) -> Double {
        var acc = SIMD4<Double>.zero
        var t = 0
        while t + 4 <= d {
            let u = x.load4(t) - UnsafeRawPointer(c + t).loadUnaligned(as: SIMD4<Double>.self)
            acc += u * u
            t += 4
        }
        var s = (acc[0] + acc[1]) + (acc[2] + acc[3])
        while t < d { let u = x[t] - c[t]; s += u * u; t += 1 }
        return s
    }

    /// `√max(0, s)` lane by lane, for squared distances computed by the expansion (which can dip
    /// below 0).
    @inline(__always)
    static func distance(_ squared: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2<Double>.zero.replacing(with: squared, where: squared .> 0).squareRoot()
    }
}
