import Foundation
import Linalg
import Stats
import Testing
@testable import WorkSafe

#if canImport(Glibc)
import Glibc
#endif

/// The reference model of scripts/fixtures/completion_simulation_reference.py.
private struct CompletionReference: Decodable {
    struct Moments: Decodable {
        let mean: [Double]
        let variance: [Double]
        let reference_sd: [Double]?
    }
    let n: Int, p: Int, months: Int, units: Int
    let x: [Double], unit: [Int], theta: [Double], sigma: [Double], exposure: [Double]
    let fixed: Moments, drawn: Moments

    static func load() throws -> CompletionReference {
        try JSONDecoder().decode(CompletionReference.self,
                                 from: Data(contentsOf: fixture("completion_simulation_reference.json")))
    }

    func simulation(drawn: Bool, threads: Int = 2) throws -> CompletionSimulation {
        let q = p + months
        return try CompletionSimulation(
            covariates: try Matrix(rows: n, columns: p, elements: x), coefficientMean: theta,
            coefficientCovariance: drawn ? try Matrix(rows: q, columns: q, elements: sigma) : nil,
            unit: unit, units: units, months: months, exposure: exposure, threads: threads)
    }
}

@Suite struct CompletionSimulationTests {
    /// The mean count of every unit × month cell over S scenarios against its exact expectation.
    /// Each scenario's count is a sum of independent Bernoulli variables (θ fixed) or a mixture
    /// over θ (drawn), with the per-scenario variance σ² the fixture gives; the mean of S
    /// independent scenarios has standard error σ/√S (plus the reference's own error in the drawn
    /// case). Bounds: every cell within 4.5 standard errors (with ~52 cells per case the chance
    /// of a false alarm is below 4·10⁻⁴), and the sum of squared z-scores, χ²-like with 52
    /// degrees of freedom, below 52 + 6·√104 — which catches a small bias spread over many cells
    /// that no single cell would reveal.
    func checkAgainstReference(drawn: Bool, scenarios: Int) throws {
        let ref = try CompletionReference.load()
        let counts = try ref.simulation(drawn: drawn).run(scenarios: scenarios, seed: 17)
        let moments = drawn ? ref.drawn : ref.fixed
        let width = ref.months + 1
        var chi2 = 0.0
        for u in 0..<ref.units {
            var rowTotal = 0
            for t in 0..<width {
                var sum = 0
                for s in 0..<scenarios { sum += counts[s, u, t] }
                rowTotal += sum
                let k = u * width + t
                let mean = Double(sum) / Double(scenarios)
                let se = (moments.variance[k] / Double(scenarios)
                          + pow(moments.reference_sd?[k] ?? 0, 2)).squareRoot()
                let z = (mean - moments.mean[k]) / se
                chi2 += z * z
                #expect(abs(z) < 4.5, "unit \(u) month \(t): mean \(mean), expected \(moments.mean[k]) ± \(se)")
            }
            // Every enterprise lands in exactly one bucket in every scenario.
            #expect(rowTotal == scenarios * ref.unit.filter { $0 == u }.count)
        }
        let cells = Double(ref.units * width)
        #expect(chi2 < cells + 6 * (2 * cells).squareRoot(), "sum of squared z-scores \(chi2)")
    }

    @Test func countsMatchTheExactDistributionWithCoefficientsHeldFixed() throws {
        try checkAgainstReference(drawn: false, scenarios: 2000)
    }

    @Test func countsMatchTheExactMixtureWhenCoefficientsAreDrawn() throws {
        try checkAgainstReference(drawn: true, scenarios: 2000)
    }

    @Test func countsAreIdenticalForAnyThreadCount() throws {
        let ref = try CompletionReference.load()
        // 70 scenarios: two full groups of 32 and a partial one, partial register blocks too.
        let one = try ref.simulation(drawn: true, threads: 1).run(scenarios: 70, seed: 3)
        let two = try ref.simulation(drawn: true, threads: 2).run(scenarios: 70, seed: 3)
        let three = try ref.simulation(drawn: true, threads: 3).run(scenarios: 70, seed: 3)
        #expect(one == two)
        #expect(one == three)
        let other = try ref.simulation(drawn: true).run(scenarios: 70, seed: 4)
        #expect(other != one)
    }

    /// The blocked bulk path (8 scenarios per register block, rows in chunks) draws exactly what
    /// the plain per-scenario, per-enterprise loop — the path `HazardForecast` takes — draws.
    @Test func bulkCountsEqualThePlainPerEnterpriseLoop() throws {
        let ref = try CompletionReference.load()
        let sim = try ref.simulation(drawn: true)
        let scenarios = 11
        let bulk = try sim.run(scenarios: scenarios, seed: 5)
        var plain = [Int32](repeating: 0, count: scenarios * ref.units * (ref.months + 1))
        let root = SeededGenerator(seed: 5)
        var scenario = CompletionSimulation.Scenario(sim)
        for s in 0..<scenarios {
            var rng = root.split(stream: UInt64(s))
            scenario.draw(sim, &rng)
            scenario.withTable { table in
                for i in 0..<ref.n {
                    let t = table.completionMonth(inverseRisk: scenario.inverseRisk(row: i, sim), from: 0, &rng)
                    plain[(s * ref.units + ref.unit[i]) * (ref.months + 1) + t] += 1
                }
            }
        }
        #expect(bulk.values == plain)
    }

    /// From month t₀ the draw is the conditional distribution given survival to t₀ − 1:
    /// P(T = t | T ≥ t₀) = (S(t−1) − S(t)) / S(t₀−1), checked for one enterprise on many draws.
    @Test func aRestartedDrawFollowsTheConditionalDistribution() throws {
        let months = 6
        let sim = try CompletionSimulation(
            covariates: try Matrix(rows: 1, columns: 1, elements: [1]), coefficientMean: [0.3, -1.5, -1.2, -1, -0.9, -0.7, -2],
            coefficientCovariance: nil, unit: [0], units: 1, months: months)
        var scenario = CompletionSimulation.Scenario(sim)
        var rng = SeededGenerator(seed: 1)
        scenario.draw(sim, &rng)
        let r = scenario.inverseRisk(row: 0, sim)
        #expect(abs(r - exp(-0.3)) < 1e-15)
        let t0 = 2, draws = 200_000
        var hits = [Int](repeating: 0, count: months + 1)
        scenario.withTable { table in
            for _ in 0..<draws { hits[table.completionMonth(inverseRisk: r, from: t0, &rng)] += 1 }
            #expect(table.completionMonth(inverseRisk: r, from: months, &rng) == months)
        }
        let g = [-1.5, -1.2, -1, -0.9, -0.7, -2].map(exp)
        func survival(_ t: Int) -> Double { t < 0 ? 1 : exp(-exp(0.3) * g[0...t].reduce(0, +)) }
        for t in 0...months {
            let p = t < t0 ? 0 : (t == months ? survival(months - 1) : survival(t - 1) - survival(t)) / survival(t0 - 1)
            let se = (p * (1 - p) / Double(draws)).squareRoot()
            #expect(abs(Double(hits[t]) / Double(draws) - p) <= 4.5 * se + 1e-12, "month \(t)")
        }
    }

    /// The ziggurat's draws against Exp(1): the Kolmogorov–Smirnov distance of 200,000 draws
    /// below 1.95/√n (the 0.1% critical value), and the mean within 4.5 standard errors of 1
    /// (the variance of Exp(1) is 1). The tail beyond r = 7.697 (probability 4.5·10⁻⁴) is hit.
    @Test func zigguratDrawsAreStandardExponential() {
        var rng = SeededGenerator(seed: 2026)
        let z = ExponentialZiggurat.shared
        let n = 200_000
        let draws = (0..<n).map { _ in rng.standardExponential(z) }.sorted()
        var ks = 0.0
        for (i, x) in draws.enumerated() {
            let cdf = -expm1(-x)
            ks = Swift.max(ks, abs(cdf - Double(i) / Double(n)), abs(cdf - Double(i + 1) / Double(n)))
        }
        #expect(ks < 1.95 / Double(n).squareRoot(), "KS distance \(ks)")
        let mean = draws.reduce(0, +) / Double(n)
        #expect(abs(mean - 1) < 4.5 / Double(n).squareRoot())
        #expect(draws.first! > 0)
        #expect(draws.last! > ExponentialZiggurat.r)
    }

    /// The inlined exponential agrees with the C library's to 2 ulp (4.5·10⁻¹⁶
    /// relative) over the range the linear predictor takes, and clamps outside [−708, 709].
    @Test func inlinedExponentialMatchesTheLibrary() {
        var rng = SeededGenerator(seed: 11)
        var worst = 0.0
        for _ in 0..<160_000 {
            let x = rng.uniform() * 1400 - 700
            worst = Swift.max(worst, abs(CompletionSimulation.fastExp(x) / exp(x) - 1))
        }
        #expect(worst < 4.5e-16, "worst relative error \(worst)")
        let edge = [-1000, -708, 0, 709, 1000, 1e-300, -1e-300, 1].map(CompletionSimulation.fastExp)
        #expect(edge[0] == edge[1] && edge[1] > 0 && edge[2] == 1 && edge[3] == edge[4] && edge[3].isFinite)
        #expect(edge[5] == 1 && edge[6] == 1 && abs(edge[7] - M_E) < 4.5e-16 * M_E)
    }

    @Test func inconsistentSizesAreRejected() throws {
        let x = try Matrix(rows: 2, columns: 1, elements: [0, 1])
        #expect(throws: ForecastError.self) {
            try CompletionSimulation(covariates: x, coefficientMean: [0, 0, 0], coefficientCovariance: nil,
                                     unit: [0, 0], units: 1, months: 3)   // q ≠ p + months
        }
        #expect(throws: ForecastError.self) {
            try CompletionSimulation(covariates: x, coefficientMean: [0, 0, 0], coefficientCovariance: nil,
                                     unit: [0, 1], units: 1, months: 2)   // unit out of range
        }
        #expect(throws: ForecastError.self) {
            try CompletionSimulation(covariates: x, coefficientMean: [0, 0, 0], coefficientCovariance: nil,
                                     unit: [0, 0], units: 1, months: 2).run(scenarios: 0, seed: 1)
        }
    }
}
