import Benchmark
import Foundation

/// Full size (the sizes the issues name) or smoke (tiny sizes, for CI).
///
/// Read from `$WORKSAFE_BENCH_MODE` (`full` or `smoke`; run.sh sets it); `full` when unset.
public enum BenchMode: String, Sendable {
    case full
    case smoke

    public static var current: BenchMode {
        BenchMode(rawValue: ProcessInfo.processInfo.environment["WORKSAFE_BENCH_MODE"] ?? "") ?? .full
    }

    /// The thread count both sides are pinned to (OpenBLAS, and our own parallel loops).
    public static let threads = 2

    /// The configuration every worksafe benchmark uses: wall clock (medians are read from its
    /// exported samples, in nanoseconds) and peak resident memory; a warm-up,
    /// then up to `iterations` timed runs or `seconds`, whichever ends first. Smoke mode runs
    /// one warm-up and three timed runs. `extraMetrics` adds custom metrics the body records
    /// with `benchmark.measurement(_:_:)`, e.g. `BenchMode.iterations`.
    public static func configuration(
        warmup: Int = 1, iterations: Int = 10, seconds: Int = 60,
        extraMetrics: [BenchmarkMetric] = []
    ) -> Benchmark.Configuration {
        let smoke = current == .smoke
        return Benchmark.Configuration(
            metrics: [.wallClock, .peakMemoryResident] + extraMetrics,
            timeUnits: .nanoseconds,  // exported samples stay in whole nanoseconds
            units: Dictionary(uniqueKeysWithValues: extraMetrics.map { ($0, .count) }),  // raw values
            warmupIterations: smoke ? 1 : warmup,
            scalingFactor: .one,
            maxDuration: .seconds(smoke ? 5 : seconds),
            maxIterations: smoke ? 3 : iterations
        )
    }

    /// A custom metric for the number of iterations a timed run performed (e.g. Lloyd steps):
    /// tools/report.py divides the median wall time by its median to get a per-iteration time.
    /// Record it with `benchmark.measurement(BenchMode.iterations, fitted.iterations)` and list
    /// it in `configuration(extraMetrics: [BenchMode.iterations])`.
    public static var iterations: BenchmarkMetric {
        .custom("iterations", polarity: .prefersSmaller, useScalingFactor: false)
    }
}
