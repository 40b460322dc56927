// The Monte Carlo milestone forecast (issue #5): 100,000 enterprises × 1,000 scenarios × 36
// months with CompletionSimulation, the simulation core HazardForecast runs (the CLI's code).
// Same work as peers/montecarlo_numpy.py: per scenario θ_s = θ + L·z (L the Cholesky factor of
// Σ); η_it = x_i·β_s + γ_s,t; completion month = first t with Σ_{u≤t} exp(η_iu) ≥ E, E ~ Exp(1);
// completions counted per scenario × unit × month (month 36 = not within the horizon).
// Target: ≥ 5× the faster numpy variant.

import Benchmark
import BenchmarkSupport
import Foundation
import Linalg
import WorkSafe

let benchmarks: @Sendable () -> Void = {
    Benchmark("montecarlo.forecast", configuration: BenchMode.configuration(warmup: 1, iterations: 5)) {
        benchmark, w in
        OpenBLAS.threadCount = BenchMode.threads
        let simulation = try CompletionSimulation(
            covariates: w.covariates, coefficientMean: w.theta, coefficientCovariance: w.sigma,
            unit: w.unit, units: w.units, months: w.months, threads: BenchMode.threads)
        let counts = try simulation.run(scenarios: w.scenarios, seed: w.seed)
        precondition(counts.values.count == w.scenarios * w.units * (w.months + 1))
        blackHole(counts)
        // The peer prints the same number in its result line ("completed_share"): a cross-check
        // that both sides simulate the same model (they differ by Monte Carlo error only).
        let width = w.months + 1
        var done = 0
        for (k, c) in counts.values.enumerated() where k % width != w.months { done += Int(c) }
        let share = Double(done) / Double(w.scenarios * w.unit.count)
        FileHandle.standardError.write(Data("montecarlo.forecast completed_share \(share)\n".utf8))
    } setup: {
        try MonteCarloWorkload.load()
    }
}
