// TODO(integrator): `worksafe report` end to end on a simulated city of 1,000,000 enterprises
// (issue #8; needs the simulator of issue #3 and the report of issue #7). No Python peer: the
// row reports our time and peak memory (the peakMemoryResident metric, in the JMH export).
// To enable: mkdir Benchmarks/ReportEndToEnd && git mv Pending/ReportEndToEnd.swift.todo
// Benchmarks/ReportEndToEnd/ReportEndToEnd.swift, uncomment it in Package.swift, and add a
// "report" section to peers/make_data.py that runs `worksafe simulate --enterprises 1000000
// --seed 1 --out .data/<mode>/city` once (or simulate in `setup:` below).

import Benchmark
import BenchmarkSupport
import Foundation
import WorkSafe

let benchmarks: @Sendable () -> Void = {
    Benchmark("report.end-to-end", configuration: BenchMode.configuration(warmup: 0, iterations: 3)) {
        benchmark, city in
        // TODO(integrator): load the ledger from `city`, run trends, forecast, grading,
        // assessment and render the report to a temporary file, as WorkSafeCLI's report does.
        blackHole(city)
    } setup: {
        try BenchData.load().section("report").file("folder")
    }
}
