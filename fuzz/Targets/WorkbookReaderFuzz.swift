// libFuzzer target: the workbook (.xlsx) reader on arbitrary bytes, through to ledger validation.
//
// The input is one file. It is opened with `Workbook(bytes:)` under tight limits (16 MiB per
// part, ratio 200, 1 MiB of shared strings) so a zip bomb ends in an error quickly; every
// sheet is read row by row; then the same bytes go through `LedgerReader.read(workbook:)` (each
// table from the sheet named like it) and the findings are written as CSV.
// Oracles: no crash, hang or sanitizer report; reading a sheet twice gives the same rows; every
// row's line is after its header's and its fields are valid UTF-8 text; the text cells read,
// written back with `WorkbookWriter` and read again, are unchanged (texts a cell cannot hold —
// over 32,767 UTF-16 code units — and texts beginning with `"`, which the reader CSV-quotes, are
// left out of that oracle; control characters, carriage returns and `_xHHHH_` lookalikes are in
// it, escaped by the writer).
// Built by scripts/fuzz.sh; see fuzz/README.md.
import Spreadsheet
import Tabular
import WorkSafe

let limits = WorkbookLimits(maximumPartBytes: 16 << 20, maximumCompressionRatio: 200, maximumSharedStringBytes: 1 << 20)
let today = Day(year: 2025, month: 6, day: 30)!

func rows(_ source: some TableRowSource) -> [(Int, [String])]? {
    var out: [(Int, [String])] = []
    do {
        try source.forEachRow { row in
            precondition(row.line > source.headerLine, "row \(row.line) at or before the header (\(source.headerLine))")
            out.append((row.line, row.fields))
        }
    } catch {
        _ = error.description
        return nil
    }
    return out
}

func storable(_ text: String) -> Bool {
    text.utf16.count <= 32_767 && !text.hasPrefix("\"")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func workbookReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let book = try? Workbook(bytes: bytes, displayName: "fuzz.xlsx", limits: limits) {
        for sheet in book.sheets.prefix(8) {
            guard let source = try? book.rows(of: sheet) else { continue }
            let first = rows(source), second = rows(source)
            precondition(first?.count == second?.count, "two reads of \(sheet.name) differ")
            if let first, let second {
                for (a, b) in zip(first, second) { precondition(a.0 == b.0 && a.1 == b.1, "two reads of \(sheet.name) differ") }
            }
            guard let read = first, !read.isEmpty, source.header.count <= 256 else { continue }
            // Text cells back through the writer.
            let kept = read.prefix(200).map { row in row.1.prefix(256).map { storable($0) ? $0 : "" } }
            let width = kept.map(\.count).max() ?? 0
            guard width > 0 else { continue }
            let writer = try! WorkbookWriter()
            try! writer.addSheet("s", columns: (0..<width).map { SheetColumn("c\($0)") },
                                 rows: kept.map { $0.map { CSVCell.text($0) } })
            let sink = MemorySink()
            try! writer.finish(into: sink)
            let again = try! Workbook(bytes: sink.bytes, displayName: "again.xlsx")
            let back = rows(try! again.rows(of: again.sheets[0]))!
            let nonBlank = kept.filter { $0.contains { !$0.isEmpty } }
            precondition(back.count == nonBlank.count, "round trip lost rows")
            for (a, b) in zip(nonBlank, back) {
                var x = a, y = b.1
                while x.last == "" { x.removeLast() }
                while y.last == "" { y.removeLast() }
                precondition(x == y, "round trip changed \(x) into \(y)")
            }
        }
    }
    if let result = try? LedgerReader.read(workbook: bytes, name: "fuzz.xlsx", options: LedgerReadOptions(today: today)) {
        let sink = MemorySink()
        let writer = CSVWriter(to: sink)
        try! FindingsTable.write(result.findings, to: writer, language: .zh)
        try! writer.flush()
        for f in result.findings { precondition(f.line >= 0, "finding with a negative line: \(f)") }
    }
    return 0
}
