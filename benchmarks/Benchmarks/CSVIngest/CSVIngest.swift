// CSV ingest (issue #3): read the 1,000,000 × 13 numeric file into typed columns, as
// pandas.read_csv does. Targets: ≥ 1.5× pandas.read_csv, and peak memory under 3× the file size.
//
// Memory: package-benchmark samples the process's resident set (/proc/self/stat, every ~5 ms)
// from before the warm-up to the end of the timed runs; `peakMemoryResident` is the highest
// sample, so it includes the process itself (Swift runtime, Foundation, the harness). Each
// benchmark runs in its own process, so `csv.baseline` — the same process and setup, but no read —
// measures that baseline; tools/report.py subtracts it. `peakMemoryResidentDelta` is the same
// peak less the resident set when sampling started (after setup), a second view of the net.

import Benchmark
import BenchmarkSupport
import Tabular

let benchmarks: @Sendable () -> Void = {
    Benchmark("csv.ingest", configuration: BenchMode.configuration(
        warmup: 1, iterations: 5, extraMetrics: [.peakMemoryResidentDelta])) { benchmark, workload in
        let table = try CSVReader.readNumericColumns(contentsOf: workload.url)
        let columns = table.columns
        precondition(columns.count == workload.columns && table.rowCount == workload.rows)
        blackHole(columns)
    } setup: {
        try CSVWorkload.load()
    }

    Benchmark("csv.baseline", configuration: BenchMode.configuration(
        warmup: 1, iterations: 5, extraMetrics: [.peakMemoryResidentDelta])) { benchmark, workload in
        blackHole(workload)
    } setup: {
        try CSVWorkload.load()
    }
}
