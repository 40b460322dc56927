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

    /// Stages `table` as `flag` (default `--output`) of `outputs`: CSV, or a workbook when the
    /// flag's path ends in `.xlsx`; BOM under `--excel`.
    func write(_ table: OutputTable, to outputs: CommandOutputs, as flag: String = "--output") throws {
        try outputs.tables(flag, [table], excel: excel)
    }

    /// Writes `tables` to `path` (`nil` or `-`: stdout) through `CommandOutputs` (through
    /// symbolic links, in place for FIFOs and devices, atomically for files). A workbook gets
    /// one sheet per table; CSV takes exactly one table (a programmer error otherwise). `excel`
    /// adds a BOM to CSV.
    ///
    /// - Throws: `UsageRefusal` for a path that cannot be written, `ValidationError` for an
    ///   unsupported spreadsheet extension, `WorkbookError` or `TabularIOError` when writing
    ///   fails (the destination is then untouched).
    static func write(_ tables: [OutputTable], to path: String?, excel: Bool) throws {
        let outputs = try CommandOutputs([("--output", path ?? "-")])
        try outputs.tables("--output", tables, excel: excel)
        try outputs.publish()
    }

    /// Writes one table to `path` (`nil`: nothing).
    static func write(_ table: OutputTable, to path: String?, excel: Bool) throws {
        guard let path else { return }
        try write([table], to: path, excel: excel)
    }

    /// Writes `tables` as the sheets of a workbook to `sink`.
    static func writeWorkbook(_ tables: [OutputTable], to sink: any ByteSink) throws {
        let writer = try WorkbookWriter()
        for table in tables {
            try writer.addSheet(table.sheetName, columns: table.sheetColumns, rows: table.rows)
        }
        try writer.finish(into: sink)
    }

    /// Writes a table's headers and rows to an open CSV writer.
    static func write(_ table: OutputTable, to w: CSVWriter) throws {
        try w.writeHeader(table.headers)
        for row in table.rows { try w.writeRow(row) }
    }
}
