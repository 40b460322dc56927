/// Rows of one table, whatever holds them: a CSV file (`CSVRowStream`) or a worksheet of a
/// workbook (Spreadsheet's `WorksheetRowSource`). Readers such as the ledger's validate the rows
/// of either the same way; only where a row came from differs — `file:line` for CSV,
/// `sheet!C17` for a worksheet (`CSVRow.location(column:)`).
public protocol TableRowSource {
    /// The display name used in errors (`status.csv`, `台账.xlsx`).
    var file: String { get }
    /// The worksheet's name for a workbook, `nil` for a CSV file.
    var sheet: String? { get }
    /// The header cells, as written; empty when the table has no rows at all.
    var header: [String] { get }
    /// The 1-based line (CSV) or row (worksheet) of the header.
    var headerLine: Int { get }
    /// Whether the table has no records at all (not even a header).
    var isEmpty: Bool { get }
    /// Calls `body` with each data record after the header, in order; the row is valid only
    /// during the call.
    ///
    /// - Throws: `CSVError` at the first record that cannot be read (after handing out the
    ///   rows before it).
    func forEachRow(_ body: (CSVRow) -> Void) throws(CSVError)
}

extension CSVRowStream: TableRowSource {
    public var sheet: String? { nil }
    public var headerLine: Int { 1 }
}

extension CSVSchema {
    /// Matches the schema against the header of any row source; errors point at its header
    /// (line 1 of a CSV file, the header row of a worksheet).
    ///
    /// - Throws: `CSVError` when the table is empty, a required column is missing, or two
    ///   header cells match the same column.
    public func bind(_ source: some TableRowSource) throws(CSVError) -> CSVColumnMap {
        do {
            return try bind(header: source.header, isEmpty: source.isEmpty, file: source.file)
        } catch {
            var located = error
            located.line = source.headerLine
            located.sheet = source.sheet
            throw located
        }
    }
}
