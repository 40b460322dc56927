import Stats
import Testing
@testable import WorkSafe

/// `PacePosterior.draw` against the exact distribution of the log pace it draws from.
///
/// With the shift probability 0, the log pace h months after the history is, given grid point g,
/// Gaussian: the last state α₀ ~ N(a_g, P_g) (the filtered state, P_g = L_g·L_gᵀ from the stored
/// factor), αₕ = Tₕ·αₕ₋₁ + ηₕ with ηₕ ~ N(0, Qₕ) (the transitions of the grid point's variances,
/// the target pull's regressor at a phase start), and yₕ = zₕᵀ·αₕ + σ_irr,g·ε. So
///
///     μ_g(h) = zₕᵀ·Tₕ⋯T₁·a_g,   v_g(h) = zₕᵀ·Pₕ·zₕ + σ²_irr,g,   Pₕ = Tₕ·Pₕ₋₁·Tₕᵀ + Qₕ,
///
/// and over the grid (weights w_g) the mixture has mean M = Σ w_g μ_g, variance
/// V = Σ w_g (v_g + (μ_g − M)²) and fourth central moment Σ w_g (d⁴ + 6d²v_g + 3v_g²), d = μ_g − M.
/// The mean of N independent draws has standard error √(V/N), their sample variance
/// √((μ₄ − V²)/N); every horizon's mean and variance must lie within 4.5 standard errors (with
/// 48 such checks the chance of a false alarm is below 4·10⁻⁴).
@Suite struct PaceDrawTests {
    func checkDraws(_ posterior: PacePosterior, gap: (Int) -> Double, months H: Int, draws N: Int, seed: UInt64) {
        let model = posterior.model, k = model.stateCount
        // Exact mixture moments per horizon.
        var mu = [[Double]](repeating: [], count: H), v = mu
        var weights: [Double] = []
        for point in posterior.points {
            weights.append(point.weight)
            var a = point.state.mean
            var P = [Double](repeating: 0, count: k * k)
            for i in 0..<k { for j in 0..<k { for r in 0..<k { P[i * k + j] += point.state.factor[i * k + r] * point.state.factor[j * k + r] } } }
            for h in 1...H {
                let m = posterior.lastMonth + h
                let phase = model.calendar.phaseStart(m) != nil
                let (t, q) = model.transition(from: m - 1, variances: point.variances, gap: phase ? gap(m) : nil)
                var na = [Double](repeating: 0, count: k), tp = [Double](repeating: 0, count: k * k), np = q
                for i in 0..<k { for j in 0..<k { na[i] += t[i * k + j] * a[j] } }
                for i in 0..<k { for j in 0..<k { for r in 0..<k { tp[i * k + j] += t[i * k + r] * P[r * k + j] } } }
                for i in 0..<k { for j in 0..<k { for r in 0..<k { np[i * k + j] += tp[i * k + r] * t[j * k + r] } } }
                a = na; P = np
                let z = model.design(m)
                var mean = 0.0, variance = point.variances.irregular * point.variances.irregular
                for i in 0..<k { mean += z[i] * a[i]; for j in 0..<k { variance += z[i] * P[i * k + j] * z[j] } }
                mu[h - 1].append(mean); v[h - 1].append(variance)
            }
        }
        // Draws.
        var rng = SeededGenerator(seed: seed)
        var sum = [Double](repeating: 0, count: H), path = sum
        var samples = [[Double]](repeating: [Double](repeating: 0, count: N), count: H)
        for s in 0..<N {
            posterior.draw(months: H, gap: gap, into: &path, &rng)
            for h in 0..<H { samples[h][s] = path[h]; sum[h] += path[h] }
        }
        for h in 0..<H {
            var M = 0.0
            for g in weights.indices { M += weights[g] * mu[h][g] }
            var V = 0.0, m4 = 0.0
            for g in weights.indices {
                let d = mu[h][g] - M
                V += weights[g] * (v[h][g] + d * d)
                m4 += weights[g] * (d * d * d * d + 6 * d * d * v[h][g] + 3 * v[h][g] * v[h][g])
            }
            let mean = sum[h] / Double(N)
            var ss = 0.0
            for x in samples[h] { ss += (x - mean) * (x - mean) }
            let variance = ss / Double(N - 1)
            let zMean = (mean - M) / (V / Double(N)).squareRoot()
            let zVar = (variance - V) / ((m4 - V * V) / Double(N)).squareRoot()
            #expect(abs(zMean) < 4.5, "h = \(h + 1): mean \(mean) vs exact \(M) (z = \(zMean))")
            #expect(abs(zVar) < 4.5, "h = \(h + 1): variance \(variance) vs exact \(V) (z = \(zVar))")
        }
    }

    /// The town's pace fitted on the fixture's first 18 months (to 2024-06): the next month starts
    /// a phase (target pull and jump), then quarter ends and the 2025-06 deadline window.
    @Test func townPaceDrawsHaveTheExactMixtureMeanAndVariance() throws {
        let reference = try PaceReference()
        var (model, series, _) = try reference.set("town_full")
        var practice = model.practice
        practice.shiftProbability = 0
        model = PaceModel(kind: .full, practice: practice, calendar: model.calendar)
        var town = series[0]
        town.y = Array(town.y.prefix(18)); town.variance = Array(town.variance.prefix(18))
        town.phaseGap = town.phaseGap.filter { $0.key < town.first + 18 }
        let posterior = try model.fit([town])[0]
        let phaseMonth = posterior.lastMonth + 1
        #expect(model.calendar.phaseStart(phaseMonth) != nil)
        checkDraws(posterior, gap: { $0 == phaseMonth ? 0.8 : 0 }, months: 12, draws: 20_000, seed: 41)
    }

    /// A unit's departure (deviation kind, 18 months to 2024-06): a random walk with an extra
    /// jump at the phase start in the first month ahead.
    @Test func unitDeviationDrawsHaveTheExactMixtureMeanAndVariance() throws {
        var (model, series, _) = try PaceReference().set("units_deviation")
        var practice = model.practice
        practice.shiftProbability = 0
        model = PaceModel(kind: .deviation, practice: practice, calendar: model.calendar)
        let posterior = try model.fit(series)[1]
        #expect(model.calendar.phaseStart(posterior.lastMonth + 1) != nil)
        checkDraws(posterior, gap: { _ in 0 }, months: 12, draws: 20_000, seed: 43)
    }
}
