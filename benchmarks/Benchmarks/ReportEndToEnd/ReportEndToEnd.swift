// `worksafe report` end to end (issue #8) on the simulated city that peers/make_data.py writes
// (section "report": 1,000,000 enterprises in full mode, a small town in smoke mode): read and
// validate the ledger folder, compute every section and write the HTML — the code path of the
// CLI's report command (`CommitteeReport`), as of 2024-09-30 as in scripts/scale.sh. No Python
// peer: the row reports our wall time and peak resident memory. Full mode: no warm-up, one run.

import Benchmark
import BenchmarkSupport
import Foundation
import Linalg
import WorkSafe

let benchmarks: @Sendable () -> Void = {
    Benchmark("report.end-to-end", configuration: BenchMode.configuration(warmup: 0, iterations: 1, seconds: 3600)) {
        benchmark, city in
        OpenBLAS.threadCount = BenchMode.threads
        // What `worksafe report --data CITY --as-of 2024-09-30 --output FILE` does.
        let read = try LedgerReader.read(folder: city, options: LedgerReadOptions())
        let ledger = try read.ledger(skipInvalid: false)
        let report = CommitteeReport(asOf: Day(iso: "2024-09-30"), generator: "worksafe benchmark")
        let rendered = try report.render(ledger: ledger, campaign: .townPlan)
        let out = FileManager.default.temporaryDirectory
            .appendingPathComponent("worksafe-report-bench-\(ProcessInfo.processInfo.processIdentifier).html")
        try rendered.html.write(to: out, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: out)
        blackHole(rendered.html.utf8.count)
    } setup: {
        try BenchData.load().section("report").file("folder")
    }
}
