import CKernels

/// The single-precision screen of the direct kernel (`k ≤ 8`): the operands of the C kernel
/// `worksafe_kmeans_screen8` for one pass, and its error bound.
///
/// The C kernel computes, for each listed row, the eight scores `ŝⱼ = ‖cⱼ‖² − 2x·cⱼ` in `Float`
/// (each element of x rounded to `Float`, the accumulation started from the rounded norm, with
/// −2cⱼ as operands), their first minimum `ŝ_a` and runner-up `ŝ_b`. The label `a` is accepted
/// when `ŝ_b − ŝ_a > 2E(x)`, with `E(x) = slope·‖x‖ + constant` (`errorBound`); otherwise the row
/// falls back to the double kernel. Labels, centroids and iterations are bit for bit those
/// without the screen.
struct SingleScreen {
    /// −2·cⱼ by column: `columns[8t + j]` is element t of centroid j (padding lanes 0).
    let columns: UnsafePointer<Float>
    /// `‖cⱼ‖²` in eight lanes (padding lanes +∞).
    let norms: UnsafePointer<Float>
    let slope: Float
    let constant: Float

    /// The parameters of the bound `E(x) = slope·‖x‖ + constant` on the error of every
    /// single-precision score of a row x in `d` dimensions, for centroids whose largest squared
    /// norm is `largestCenterNorm` (below 2⁶⁰).
    ///
    /// The error bound. Let u = 2⁻²⁴ (unit roundoff of `Float`), C = maxⱼ‖cⱼ‖, sⱼ the exact score.
    /// Rounding x and cⱼ to `Float` changes each product by at most (2u + u²)|x_t c_{jt}| (the
    /// factor −2 is exact), and rounding the product by u more; the norm rounded to `Float` is
    /// off by at most u·C²; the d additions starting from it add at most
    /// γ_d·(‖cⱼ‖² + 2Σ|x̂_t ĉ_{jt}|) (γ_d = du/(1 − du)). By Cauchy–Schwarz, together
    /// |ŝⱼ − sⱼ| ≤ 1.01(d + 4)u·(2‖x‖C + C²). We take E(x) = (d + 4)·2⁻²²·(2‖x‖C + C²)
    /// + 2⁻¹⁰⁰(1 + ‖x‖ + C): twice the bound above (the slack covers the few roundings of E
    /// itself, of ‖x‖ from the double norm, of the gap ŝ_b − ŝ_a, and the double kernel's own
    /// error, which is 2⁻²⁹ times smaller), plus an absolute term for gradual underflow.
    /// Overflow cannot happen: the data's squared norms and C² are below 2⁶⁰ (otherwise the
    /// screen is off).
    ///
    /// Why this is exact: if ŝ_b − ŝ_a > 2E, every other centroid j has
    /// sⱼ ≥ ŝⱼ − E ≥ ŝ_b − E > ŝ_a + E ≥ s_a, by more than the double kernel's error, so the
    /// double kernel would pick `a` too (the first minimum; an exact tie never passes). The
    /// bounds are widened by E so that they stay valid for Hamerly's test:
    /// u = √(‖x‖² + ŝ_a + E) ≥ ‖x − c_a‖ and l = √(‖x‖² + ŝ_b − E) ≤ ‖x − cⱼ‖ for j ≠ a
    /// (their square roots are taken in single precision and widened; the proof is beside the
    /// widening factors in `kmeans_scores.c`).
    static func errorBound(d: Int, largestCenterNorm: Double) -> (slope: Float, constant: Float) {
        let c = largestCenterNorm.squareRoot()
        let factor = Double(d + 4) * 0x1p-22
        return (slope: Float(factor * 2 * c + 0x1p-100),
                constant: Float(factor * largestCenterNorm + 0x1p-100 * (1 + c)))
    }
}

/// Per listed row, `worksafe_kmeans_screen8`'s results: the lane of the first minimum of the
/// single-precision scores, whether it is accepted, and the row's bounds.
struct ScoreBuffers {
    let index: UnsafeMutablePointer<Int32>
    let accept: UnsafeMutablePointer<Int32>
    let upper: UnsafeMutablePointer<Double>
    let lower: UnsafeMutablePointer<Double>

    init(capacity: Int) {
        index = .allocate(capacity: capacity)
        accept = .allocate(capacity: capacity)
        upper = .allocate(capacity: capacity)
        lower = .allocate(capacity: capacity)
    }

    var output: worksafe_screen_out {
        worksafe_screen_out(index: index, accept: accept, upper: upper, lower: lower)
    }

    func deallocate() { index.deallocate(); accept.deallocate(); upper.deallocate(); lower.deallocate() }
}

extension LloydPass {
    /// Every row of `rows`, screened (the unpruned pass).
    @inline(__always)
    func screenedBlock(_ rows: Range<Int>, scratch: BlockScratch, _ tally: inout BlockTally) {
        let list = scratch.pending
        for (i, r) in rows.enumerated() { list[i] = Int32(truncatingIfNeeded: r) }
        screenedRows(list, count: rows.count, screen: screen!, scores: scratch.scores, &tally)
    }

    /// The full computation screened in single precision, for the listed rows (increasing row
    /// order; the labels are recorded in that order, as the double kernel does, so the cluster
    /// sums are bit for bit the same). The C kernel scores four rows at a time in vector lanes
    /// (packed conversions, a vector min scan) and prefetches the listed rows three groups
    /// ahead, which are often sparse. Accepted rows take the kernel's label and bounds; the
    /// others fall back to `fullRow`. Counts the screened and fallen-back rows in `tally`.
    @inline(__always)
    func screenedRows(_ list: UnsafePointer<Int32>, count: Int, screen: SingleScreen,
                      scores: ScoreBuffers, _ tally: inout BlockTally) {
        worksafe_kmeans_screen8(list, count, x.base, x.offset, rowNorms, d, screen.columns,
                                screen.norms, screen.slope, screen.constant, scores.output)
        var fellBack = 0
        var p = 0
        while p < count {
            // Four rows; past the end of the list the last row is repeated and ignored.
            let last = count - 1
            let rows = SIMD4(Int(list[p]), Int(list[min(p + 1, last)]),
                             Int(list[min(p + 2, last)]), Int(list[min(p + 3, last)]))
            let index = UnsafeRawPointer(scores.index + p).loadUnaligned(as: SIMD4<Int32>.self)
            let accept = UnsafeRawPointer(scores.accept + p).loadUnaligned(as: SIMD4<Int32>.self)
            let upper = UnsafeRawPointer(scores.upper + p).loadUnaligned(as: SIMD4<Double>.self)
            let lower = UnsafeRawPointer(scores.lower + p).loadUnaligned(as: SIMD4<Double>.self)
            if p + 4 <= count, accept[0] & accept[1] & accept[2] & accept[3] != 0 {
                // The common case, with constant lane indices (no per-row branch on acceptance).
                if let bounds {
                    for i in 0..<4 {
                        bounds.set(rows[i], upper: upper[i], lower: lower[i], own: Int(index[i]))
                    }
                }
                for i in 0..<4 { label(rows[i], Int(index[i]), &tally) }
                p += 4
                continue
            }
            for i in 0..<min(4, count - p) {
                if accept[i] != 0 {
                    bounds?.set(rows[i], upper: upper[i], lower: lower[i], own: Int(index[i]))
                    label(rows[i], Int(index[i]), &tally)
                } else {
                    fellBack += 1
                    fullRow(rows[i], &tally)
                }
            }
            p += 4
        }
        tally.record.screened += count
        tally.record.fellBack += fellBack
    }
}
