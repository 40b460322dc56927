// A k-means Lloyd iteration (issue #6): Lloyd from the shared initial centres, one start,
// tolerance 0, the manifest's max_iter; time per iteration = wall time / iterations run (recorded
// below; tools/report.py divides), as the peer does with fit time / n_iter_. Target: ≥ 3× sklearn.

import Benchmark
import BenchmarkSupport
import Stats

let benchmarks: @Sendable () -> Void = {
    Benchmark("kmeans.lloyd",
              configuration: BenchMode.configuration(warmup: 1, iterations: 5,
                                                     extraMetrics: [BenchMode.iterations])) {
        benchmark, workload in
        let kmeans = KMeans(k: workload.k, nInit: 1, maxIterations: workload.maxIterations,
                            tolerance: 0, initialization: .centers(workload.initialCentres),
                            threads: BenchMode.threads)
        let fitted = try kmeans.fit(workload.points)
        benchmark.measurement(BenchMode.iterations, fitted.iterations)
        blackHole(fitted)
    } setup: {
        try KMeansWorkload.load()
    }
}
