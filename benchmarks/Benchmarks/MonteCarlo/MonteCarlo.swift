// TODO(integrator): the Monte Carlo forecast (issue #5, branch `forecast`). To enable:
//   mkdir Benchmarks/MonteCarlo && git mv Pending/MonteCarlo.swift.todo Benchmarks/MonteCarlo/MonteCarlo.swift
//   and uncomment "MonteCarlo" in Package.swift. Target: ≥ 5× the numpy peer.
// Same work as peers/montecarlo_numpy.py: 100,000 enterprises × 1,000 scenarios × 36 months;
// per scenario θ_s ~ N(θ, Σ); η_it = x_i·β_s + γ_s,t; completion month = first t with
// Σ_{u≤t} exp(η_iu) ≥ E, E ~ Exp(1); completions counted per scenario × unit × month.
// HazardForecast.forecast(ledger:campaign:asOf:) (as seen on the branch) works from a Ledger
// and fits its own hazard, which is not the peer's work: this needs the simulation core as a
// function of (x, θ, Σ, unit, scenarios, months, seed) — expose it from WorkSafe/Forecast
// (package or public) and call it here. The call below is a placeholder name.

import Benchmark
import BenchmarkSupport
import Linalg
import WorkSafe

let benchmarks: @Sendable () -> Void = {
    Benchmark("montecarlo.forecast", configuration: BenchMode.configuration(warmup: 1, iterations: 3)) {
        benchmark, w in
        OpenBLAS.threadCount = BenchMode.threads
        let counts = try CompletionSimulation(                                // TODO(integrator): API
            covariates: w.covariates, coefficientMean: w.theta, coefficientCovariance: w.sigma,
            unit: w.unit, units: w.units, months: w.months, threads: BenchMode.threads
        ).run(scenarios: w.scenarios, seed: w.seed)
        blackHole(counts)
    } setup: {
        try MonteCarloWorkload.load()
    }
}
