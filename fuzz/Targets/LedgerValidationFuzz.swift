// libFuzzer target: ledger validation on arbitrary files.
//
// The input is split on NUL bytes into up to four files: enterprises.csv, status.csv, risk.csv,
// risk_points.csv (a missing part means the file is absent). The files are read in memory with
// `LedgerReader.read(files:options:)` on a fixed "today", then the findings and rejects are
// written as CSV and the accepted ledger is summarised (completion on a few days, a quarterly
// trend, the 2024Q3 grading and bulletin, the 2024 annual assessment), so everything downstream
// of validation sees fuzzed data too.
// Oracles: no crash or sanitizer report; shares within [0, 1]; every finding names a line
// within its file; the quarter's grades, bulletin and (when 2024 can be assessed) annual scores
// are consistent: no more grades than enterprises, completed ≤ open, totals finite in 0…100.
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
    // The assessment side: grading of a quarter (only enterprises open in it), the bulletin,
    // and the annual scores when the year can be assessed (finite, within 0…base + bonus).
    let quarter = Quarter(year: 2024, number: 3)!
    if let grades = try? RiskGrader().grade(ledger: ledger, period: quarter) {
        precondition(grades.count <= ledger.enterprises.count, "more grades than enterprises")
        let levels = Dictionary(grades.map { ($0.enterpriseID, $0.level) }, uniquingKeysWith: { a, _ in a })
        let bulletin = QuarterlyBulletin(ledger: ledger, quarter: quarter, riskLevels: levels)
        for row in [bulletin.town] + bulletin.rows {
            precondition(row.completed <= row.enterprises, "bulletin: completed > open in \(row.unit)")
            precondition(row.redEnterprises + row.orangeEnterprises <= row.enterprises, "bulletin: more red/orange than open")
        }
        _ = bulletin.table(language: .zh)
    }
    if AssessmentPeriod.canAssess(year: 2024, ledger: ledger, campaign: .townPlan),
       let annual = try? AnnualAssessment(ledger: ledger, year: 2024) {
        for score in annual.scores {
            precondition(score.total.isFinite && score.total >= 0 && score.total <= 100, "total \(score.total) of \(score.unit)")
            precondition(score.benchmarkDeduction <= 10 && score.missingBenchmarks.count <= 6, "benchmarks of \(score.unit)")
        }
        _ = annual.scoreTable(language: .en)
    }
    return 0
}
