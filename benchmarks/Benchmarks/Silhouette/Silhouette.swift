// Exact silhouette (issue #6): the mean silhouette (Euclidean) of 20,000 labelled points.
// Target: ≥ 2× sklearn.metrics.silhouette_score.

import Benchmark
import BenchmarkSupport
import Stats

let benchmarks: @Sendable () -> Void = {
    Benchmark("silhouette.exact", configuration: BenchMode.configuration(warmup: 1, iterations: 5)) {
        benchmark, workload in
        let score = try Silhouette.score(workload.points, labels: workload.labels,
                                         threads: BenchMode.threads)
        blackHole(score)
    } setup: {
        try SilhouetteWorkload.load()
    }
}
