import ArgumentParser
import Foundation
import Spreadsheet
import Tabular
import WorkSafe

// The one output path of every table worksafe writes (`OutputTable`): standard output gets
// CSV; a file gets CSV, or an Excel workbook when its name ends in `.xlsx` (one sheet per
// table, ids as text, dates as dates: `WorkbookWriter`). Every file is written atomically, so a
// failed command leaves nothing half-written.

/// What a file name asks for.
enum OutputFormat: Equatable {
    case csv, workbook

    /// `.xlsx` (any case) is a workbook; `.xls`, `.xlsm`, `.xlsb`, `.ods` are refused (worksafe
    /// writes neither); anything else is CSV.
    ///
    /// - Throws: `ValidationError` (exit 64) for a spreadsheet format worksafe does not write.
    static func of(_ path: String) throws -> OutputFormat {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        switch ext {
        case "xlsx": return .workbook
        case "xls", "xlsm", "xlsb", "ods", "et":
            throw ValidationError("\(path): worksafe writes .xlsx workbooks or CSV, not .\(ext); name the file .xlsx or .csv")
        default: return .csv
        }
    }
}

extension OutputOptions {
    /// Writes `table` to `--output` (CSV or workbook by the extension) or stdout (CSV).
    func write(_ table: OutputTable) throws {
        try Self.write([table], to: output, excel: excel)
    }

    /// Writes `tables` to `path` (`nil` or `-`: stdout). A workbook gets one sheet per table;
    /// CSV takes exactly one table (a programmer error otherwise). `excel` adds a BOM to CSV.
    ///
    /// - Throws: `ValidationError` for an unsupported spreadsheet extension, `WorkbookError` or
    ///   `TabularIOError` when writing fails (the destination is then untouched).
    static func write(_ tables: [OutputTable], to path: String?, excel: Bool) throws {
        if let path, path != "-", try OutputFormat.of(path) == .workbook {
            try writeWorkbook(tables, to: path)
            return
        }
        precondition(tables.count == 1, "a CSV output holds one table")
        try withCSVWriter(path: path, excel: excel) { w in try write(tables[0], to: w) }
    }

    /// Writes one table to `path` (`nil`: nothing).
    static func write(_ table: OutputTable, to path: String?, excel: Bool) throws {
        guard let path else { return }
        try write([table], to: path, excel: excel)
    }

    /// Writes `tables` as the sheets of a workbook at `path`, atomically.
    static func writeWorkbook(_ tables: [OutputTable], to path: String) throws {
        let writer = try WorkbookWriter()
        for table in tables {
            try writer.addSheet(table.sheetName, columns: table.sheetColumns, rows: table.rows)
        }
        let file = try AtomicFile(url: URL(fileURLWithPath: path))
        do {
            try writer.finish(into: file)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Writes a table's headers and rows to an open CSV writer.
    static func write(_ table: OutputTable, to w: CSVWriter) throws {
        try w.writeHeader(table.headers)
        for row in table.rows { try w.writeRow(row) }
    }
}
