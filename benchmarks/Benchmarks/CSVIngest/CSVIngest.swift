// CSV ingest (issue #3): read the 1,000,000 × 13 numeric file into typed columns, as
// pandas.read_csv does. Target: ≥ 1.5× pandas.read_csv.

import Benchmark
import BenchmarkSupport
import Tabular

let benchmarks: @Sendable () -> Void = {
    Benchmark("csv.ingest", configuration: BenchMode.configuration(warmup: 1, iterations: 5)) {
        benchmark, workload in
        let table = try CSVReader.readNumericColumns(contentsOf: workload.url)
        let columns = table.columns
        precondition(columns.count == workload.columns && table.rowCount == workload.rows)
        blackHole(columns)
    } setup: {
        try CSVWorkload.load()
    }
}
