import Tabular
import WorkSafe

// Every table of worksafe holds `CSVCell`s (numbers stay numbers, text is guarded against
// formula injection); these write them to `--output` (atomically) or stdout.

extension OutputOptions {
    /// Writes a trend table, headers in `--lang`.
    func write(_ table: TrendTable) throws {
        try withCSVWriter { w in try Self.write(headers: table.header(lang), rows: table.rows, to: w) }
    }

    /// Writes a labeled table (its headers are already in the chosen language).
    func write(_ table: LabeledTable) throws {
        try withCSVWriter { w in try Self.write(headers: table.headers, rows: table.rows, to: w) }
    }

    /// Stages a trend table as `--output` of `outputs`, headers in `--lang`.
    func write(_ table: TrendTable, to outputs: CommandOutputs) throws {
        let headers = table.header(lang), rows = table.rows
        try outputs.csv("--output", excel: excel) { w in try Self.write(headers: headers, rows: rows, to: w) }
    }

    /// Stages a labeled table as `flag` (default `--output`) of `outputs`.
    func write(_ table: LabeledTable, to outputs: CommandOutputs, as flag: String = "--output") throws {
        try outputs.csv(flag, excel: excel) { w in try Self.write(table, to: w) }
    }

    /// Writes headers and rows to an open writer.
    static func write(headers: [String], rows: [[CSVCell]], to w: CSVWriter) throws {
        try w.writeHeader(headers)
        for row in rows { try w.writeRow(row) }
    }

    /// Writes a labeled table to an open writer.
    static func write(_ table: LabeledTable, to w: CSVWriter) throws {
        try write(headers: table.headers, rows: table.rows, to: w)
    }
}
