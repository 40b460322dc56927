import Tabular

/// The findings and rejected rows of validation as tables (`table`, `rejectsTable`: the
/// columns and rows, in `ForecastOutputTables.swift` beside the other output tables), and
/// written to a CSV writer.
public enum FindingsTable {
    /// Header of the findings table: file, line, column, enterprise_id, severity, rule, message.
    public static func header(_ language: Language) -> [String] { columns.map { $0.header(language) } }

    /// Writes the findings (header first).
    public static func write(_ findings: [LedgerFinding], to writer: CSVWriter, language: Language) throws {
        let t = table(findings, language: language)
        try writer.writeHeader(t.headers)
        for row in t.rows { try writer.writeRow(row) }
    }

    /// Header of the rejects table: file, line, enterprise_id, rule, reason, row.
    public static func rejectsHeader(_ language: Language) -> [String] { rejectsColumns.map { $0.header(language) } }

    /// Writes rejected rows; `row` holds the original fields re-encoded as one CSV line.
    public static func writeRejects(_ rejects: [RejectedRow], to writer: CSVWriter, language: Language) throws {
        let t = rejectsTable(rejects, language: language)
        try writer.writeHeader(t.headers)
        for row in t.rows { try writer.writeRow(row) }
    }
}
