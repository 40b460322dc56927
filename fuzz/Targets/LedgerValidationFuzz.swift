// libFuzzer target: ledger validation on arbitrary files.
//
// The input is split on NUL bytes into up to four files: enterprises.csv, status.csv, risk.csv,
// risk_points.csv (a missing part means the file is absent). The files are read in memory with
// `LedgerReader.read(files:options:)` on a fixed "today", then the findings and rejects are
// written as CSV and the accepted ledger is summarised (completion on a few days, a quarterly
// trend), so everything downstream of validation sees fuzzed data too.
// Oracles: no crash or sanitizer report; shares within [0, 1]; every finding names a line
// within its file.
// Built by scripts/fuzz.sh; see fuzz/README.md.
import Tabular
import WorkSafe

let today = Day(year: 2025, month: 6, day: 30)!

@_cdecl("LLVMFuzzerTestOneInput")
public func ledgerValidationFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let parts = bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false)
    var files: [LedgerFile: [UInt8]] = [:]
    for (file, part) in zip(LedgerFile.allCases, parts) { files[file] = Array(part) }

    let result: LedgerReadResult
    do { result = try LedgerReader.read(files: files, options: LedgerReadOptions(today: today)) } catch {
        _ = error.description
        return 0
    }
    for f in result.findings { precondition(f.line >= 0, "finding with a negative line: \(f)") }
    let sink = MemorySink()
    let writer = CSVWriter(to: sink)
    try! FindingsTable.write(result.findings, to: writer, language: .en)
    try! FindingsTable.writeRejects(result.rejects, to: writer, language: .zh)
    try! writer.flush()

    let ledger = result.ledger
    for day in [Day(year: 2022, month: 1, day: 1)!, Day(year: 2024, month: 12, day: 31)!, today] {
        let c = ledger.completion(on: day)
        precondition(c.completed >= 0 && c.completed <= c.open, "completion \(c) on \(day)")
    }
    let trend = CompletionTrend(campaign: .townPlan, grouping: .community, period: .quarter, asOf: today)
    for row in trend.rows(from: ledger) {
        if let s = row.sharePercent { precondition(s >= 0 && s <= 100, "share out of range: \(s)") }
    }
    return 0
}
