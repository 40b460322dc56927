import Tabular

/// The rows of one worksheet as a `TableRowSource`, so a workbook's table flows into the same
/// readers and validation as a CSV file. The first non-blank row is the header; blank rows
/// are skipped (as blank lines of a CSV file are). Each row has one field per column from A
/// to the header's last non-empty cell (more when a row has values further right, which the
/// ledger reports as a ragged row), cell texts as `SheetParser` makes them, and `line` the
/// sheet's row number, so findings point at `sheet!C17`.
///
/// Reading streams the sheet part: memory is one inflate chunk, one row and the workbook's
/// shared strings. Opening reads just far enough to find the header; `forEachRow` reads the
/// part from the start again.
public struct WorksheetRowSource: TableRowSource {
    public let file: String
    public let sheet: String?
    public let header: [String]
    public let headerLine: Int
    public let isEmpty: Bool
    let workbook: Workbook
    let part: String

    init(workbook: Workbook, sheet: Workbook.Sheet) throws(WorkbookError) {
        self.workbook = workbook
        self.file = workbook.file
        self.sheet = sheet.name
        self.part = sheet.part
        var header: [String] = []
        var headerLine = 0
        do {
            try Self.parse(workbook: workbook, part: part, sheet: sheet.name) { row in
                var cells: [String] = []
                for k in 0..<row.cellCount {
                    let column = row.cells[3 * k]
                    while cells.count < column { cells.append("") }
                    cells.append(Self.text(row, k))
                }
                header = cells
                headerLine = row.line
                return false
            }
        } catch {
            throw WorkbookError(file: error.file, location: error.sheet.map { CSVRowLocation.describe($0, error.line, error.column) } ?? "", message: error.message)
        }
        self.header = header
        self.headerLine = headerLine
        self.isEmpty = headerLine == 0
    }

    /// The text of cell `k` of `row`, unquoted.
    static func text(_ row: ParsedRow, _ k: Int) -> String {
        let s = row.cells[3 * k + 1], e = row.cells[3 * k + 2]
        let raw = UnsafeBufferPointer(rebasing: row.bytes[s..<e])
        guard raw.first == 0x22 else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        var i = 1
        while i < raw.count - 1 {
            out.append(raw[i])
            i += raw[i] == 0x22 ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    public func forEachRow(_ body: (CSVRow) -> Void) throws(CSVError) {
        guard !isEmpty else { return }
        let width = header.count
        var spans = [Int](repeating: 0, count: 2 * max(width, 1))
        let sheetName = sheet
        try withoutActuallyEscaping(body) { (body) throws(CSVError) in
            try Self.parse(workbook: workbook, part: part, sheet: sheetName ?? "") { row in
                guard row.line > headerLine else { return true }
                let last = row.cells[3 * (row.cellCount - 1)]
                let fieldCount = max(width, last + 1)
                if 2 * fieldCount > spans.count { spans.append(contentsOf: repeatElement(0, count: 2 * fieldCount - spans.count)) }
                for j in 0..<(2 * fieldCount) { spans[j] = 0 }
                for k in 0..<row.cellCount {
                    let column = row.cells[3 * k]
                    spans[2 * column] = row.cells[3 * k + 1]
                    spans[2 * column + 1] = row.cells[3 * k + 2]
                }
                spans.withUnsafeBufferPointer { s in
                    body(CSVRow(file: file, sheet: sheetName, header: header, line: row.line, fieldCount: fieldCount,
                                base: row.bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, spans: s.baseAddress!))
                }
                return true
            }
        }
    }

    /// Streams `part` through a `SheetParser`, handing each row to `emit` until it returns
    /// false; every failure becomes a `CSVError` located in `sheet`.
    static func parse(workbook: Workbook, part: String, sheet: String,
                      _ emit: @escaping (ParsedRow) -> Bool) throws(CSVError) {
        var parser = SheetParser(strings: workbook.sharedStrings, dateStyles: workbook.styles.isDate,
                                 system: workbook.dateSystem, limits: workbook.limits, emit: emit)
        var stream = XMLStream(maximumToken: workbook.limits.maximumCellBytes * 6 + 4096)
        do {
            try workbook.stream(part) { chunk in
                try stream.feed(chunk, final: false, to: &parser)
                if stream.stopped { throw Stop() }
            }
            try stream.feed(UnsafeBufferPointer(start: nil, count: 0), final: true, to: &parser)
            if !stream.stopped { try parser.stack.checkClosed() }
        } catch is Stop {
            return
        } catch let failure as XMLFailure {
            throw CSVError(file: workbook.file, line: parser.currentLine, column: parser.currentColumn.map { $0 + 1 } ?? 0,
                           message: "\(part): \(failure.message)", sheet: sheet)
        } catch let failure as ZipArchive.Failure {
            throw CSVError(file: workbook.file, line: 0, column: 0, message: failure.message, sheet: sheet)
        } catch let error as WorkbookError {
            throw CSVError(file: workbook.file, line: 0, column: 0, message: error.message, sheet: sheet)
        } catch {
            throw CSVError(file: workbook.file, line: 0, column: 0, message: "\(error)", sheet: sheet)
        }
    }

    private struct Stop: Error {}
}

/// Sheet locations for messages (`企业台账!C17`).
enum CSVRowLocation {
    static func describe(_ sheet: String, _ line: Int, _ column: Int) -> String {
        guard line > 0 else { return sheet }
        return column > 0 ? "\(sheet)!\(CellReference.name(row: line, column: column - 1))" : "\(sheet)!\(line):\(line)"
    }
}
