// The hazard-model fit (issue #5): logit IRLS with standard errors on 1.2M rows, intercept + 24
// covariates (workload.design has the intercept column first), tolerance 1e-8.
// Target: ≥ 3× statsmodels Logit.

import Benchmark
import BenchmarkSupport
import Linalg
import Stats

let benchmarks: @Sendable () -> Void = {
    Benchmark("hazard.fit", configuration: BenchMode.configuration(warmup: 1, iterations: 5)) {
        benchmark, workload in
        OpenBLAS.threadCount = BenchMode.threads
        let fitted = try LogisticRegression(link: .logit, tolerance: 1e-8)
            .fit(x: workload.design, y: workload.outcomes)
        precondition(fitted.converged)
        blackHole(fitted.standardErrors)
    } setup: {
        try LogitWorkload.load()
    }
}
