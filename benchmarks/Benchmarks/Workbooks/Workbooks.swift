// Workbooks (issue #16), each beside the same work in CSV, in the same run:
//
// - workbook.write / workbook.csv-write: the cluster output's table (id, period, cluster,
//   cluster_level, rule_level; 1,000,000 rows in full mode, made here from a seeded generator:
//   18-character ids, text periods and colours, integer clusters) written as an .xlsx workbook
//   (`WorkbookWriter`: parallel chunked deflate) and as CSV (`CSVWriter`), each into an `AtomicFile` and
//   committed — what `worksafe cluster --output FILE.xlsx|.csv` does after computing. Target:
//   the workbook within 3× the CSV.
// - workbook.read / workbook.csv-read: `LedgerReader.read` of the 200,000-enterprise ledger
//   (enterprises, status, risk_points; peers/make_data.py's "workbooks" section: the simulated
//   city, its tables converted to workbooks by openpyxl) from the .xlsx files and from the CSV
//   files, validation included. Target: within 3× the CSV.

import Benchmark
import BenchmarkSupport
import Foundation
import Spreadsheet
import Tabular
import WorkSafe

/// The cluster-shaped table and a scratch folder.
struct WriteWorkload: @unchecked Sendable {
    let columns: [SheetColumn]
    let rows: [[CSVCell]]
    let folder: URL

    static func load() throws -> WriteWorkload {
        let n = try BenchData.load().section("workbooks").int("rows")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state &+= 0x9E37_79B9_7F4A_7C15; var z = state; z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; return z ^ (z >> 27) }
        let levels = ["red", "orange", "yellow", "blue"]
        let rows: [[CSVCell]] = (0..<n).map { i in
            let digits = String(next() % 10_000_000_000)
            let id = "91350105" + String(repeating: "0", count: 10 - digits.count) + digits
            let cluster = Int(next() % 4)
            return [.text(id), .text("2024Q\(1 + i % 4)"), .integer(cluster), .text(levels[cluster]),
                    .text(levels[Int(next() % 4)])]
        }
        let columns = [SheetColumn("id", kind: .text), SheetColumn("period", kind: .text), SheetColumn("cluster"),
                       SheetColumn("cluster_level"), SheetColumn("rule_level")]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("worksafe-wb-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return WriteWorkload(columns: columns, rows: rows, folder: folder)
    }
}

let ledgerFiles: Set<LedgerFile> = [.enterprises, .status, .riskPoints]

func ledgerFolder(_ key: String) throws -> URL {
    let section = try BenchData.load().section("workbooks")
    return try section.file(key)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark("workbook.write", configuration: BenchMode.configuration(warmup: 1, iterations: 5, seconds: 600)) {
        benchmark, w in
        let url = w.folder.appendingPathComponent("clusters.xlsx")
        let writer = try WorkbookWriter(scratchFolder: w.folder.path)
        try writer.addSheet("clusters", columns: w.columns, rows: w.rows)
        let file = try AtomicFile(url: url)
        try writer.finish(into: file)
        try file.commit()
        try FileManager.default.removeItem(at: url)
    } setup: {
        try WriteWorkload.load()
    }

    Benchmark("workbook.csv-write", configuration: BenchMode.configuration(warmup: 1, iterations: 5, seconds: 600)) {
        benchmark, w in
        let url = w.folder.appendingPathComponent("clusters.csv")
        let file = try AtomicFile(url: url)
        let writer = CSVWriter(to: file)
        try writer.writeHeader(w.columns.map(\.header))
        for row in w.rows { try writer.writeRow(row) }
        try writer.flush()
        try file.commit()
        try FileManager.default.removeItem(at: url)
    } setup: {
        try WriteWorkload.load()
    }

    Benchmark("workbook.read", configuration: BenchMode.configuration(warmup: 1, iterations: 3, seconds: 600)) {
        benchmark, folder in
        let result = try LedgerReader.read(folder: folder, options: LedgerReadOptions(files: ledgerFiles))
        precondition(!result.hasErrors)
        blackHole(result.ledger.enterprises.count)
    } setup: {
        try ledgerFolder("xlsx")
    }

    Benchmark("workbook.csv-read", configuration: BenchMode.configuration(warmup: 1, iterations: 3, seconds: 600)) {
        benchmark, folder in
        let result = try LedgerReader.read(folder: folder, options: LedgerReadOptions(files: ledgerFiles))
        precondition(!result.hasErrors)
        blackHole(result.ledger.enterprises.count)
    } setup: {
        try ledgerFolder("csv")
    }
}
