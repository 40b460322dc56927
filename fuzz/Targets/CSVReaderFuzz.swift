// libFuzzer target: the CSV reader on arbitrary bytes.
//
// Oracles beyond "no crash, no sanitizer report":
//  1. `CSVReader.numericColumns(bytes:)` (the one-pass numeric reader) and
//     `CSVReader.parse(bytes:)` + `CSVTable.numericColumns()` agree: when the one-pass reader
//     accepts a file, the general parser accepts it too, with the same header and the same
//     numbers (bit for bit, NaN for blank).
//  2. Re-writing the parsed table with `CSVWriter` (formula guard off) and parsing the output
//     gives back the same header and the same fields, row for row.
// Built by scripts/fuzz.sh; see fuzz/README.md.
import Tabular

@_cdecl("LLVMFuzzerTestOneInput")
public func csvReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let table: CSVTable?
    do { table = try CSVReader.parse(bytes: bytes, file: "fuzz.csv") } catch { table = nil }
    if let table { exercise(table) }

    if let numeric = try? CSVReader.numericColumns(bytes: bytes, file: "fuzz.csv") {
        guard let table else { fatalError("numericColumns accepted a file that parse rejected") }
        precondition(numeric.header == table.header, "headers differ: \(numeric.header) vs \(table.header)")
        guard let columns = try? table.numericColumns() else {
            fatalError("CSVTable.numericColumns rejected a file that numericColumns accepted")
        }
        precondition(columns.count == numeric.columns.count, "column counts differ")
        for (a, b) in zip(columns, numeric.columns) {
            precondition(a.count == b.count, "row counts differ")
            for (x, y) in zip(a, b) {
                precondition(x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN), "numbers differ: \(x) vs \(y)")
            }
        }
    }
    return 0
}

/// Touches every accessor, and checks the write → read round trip of the parsed fields.
func exercise(_ table: CSVTable) {
    _ = table.header.map(CSVSchema.normalize)
    var rows: [[String]] = [table.header]
    for r in 0..<table.rowCount {
        _ = table.line(row: r)
        let n = table.fieldCount(row: r)
        for c in 0...(n + 1) {
            _ = table.isBlank(row: r, column: c)
            _ = try? table.double(row: r, column: c)
            _ = try? table.int(row: r, column: c)
        }
        rows.append(table.fields(row: r))
    }
    for c in 0..<table.header.count + 1 { _ = try? table.doubles(column: c) }
    guard !table.isEmpty else { return }

    let sink = MemorySink()
    let writer = CSVWriter(to: sink, guardsFormulas: false)
    for row in rows { try! writer.writeRow(row.map { CSVCell.text($0) }) }
    try! writer.flush()
    let again: CSVTable
    do { again = try CSVReader.parse(bytes: sink.bytes, file: "again.csv", encoding: .utf8) } catch {
        fatalError("the writer's output does not parse: \(error)")
    }
    precondition(again.header == table.header, "header changed in the round trip")
    precondition(again.rowCount == table.rowCount, "row count changed in the round trip: \(table.rowCount) → \(again.rowCount)")
    for r in 0..<table.rowCount {
        precondition(again.fields(row: r) == rows[r + 1], "row \(r) changed in the round trip")
    }
}
