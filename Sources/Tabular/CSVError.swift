/// A problem with a CSV file, located by file, line and column.
///
/// `line` is the 1-based physical line in the file (a quoted cell with embedded newlines spans
/// several lines; a record's errors point at the line where the offending field starts).
/// `column` is the 1-based field number within the record (`0` when the problem concerns the
/// whole file, such as an undecodable encoding detected before parsing).
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's display name (usually its last path component, e.g. `status.csv`).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based field number; 0 when not applicable.
    public var column: Int
    /// What went wrong, in plain words.
    public var message: String
    /// For a table read from a workbook: the worksheet's name (then `line` is the sheet's row
    /// and `column` its 1-based column); `nil` for a CSV file.
    public var sheet: String?

    /// An error at `file:line:column`, or in worksheet `sheet` of workbook `file`.
    public init(file: String, line: Int, column: Int, message: String, sheet: String? = nil) {
        self.file = file; self.line = line; self.column = column; self.message = message; self.sheet = sheet
    }

    /// `status.csv:12:3: not a number: "abc"`; without a column `status.csv:1: …` (a problem of
    /// the whole line), without a line `status.csv: …` (of the whole file); for a worksheet
    /// `台账.xlsx: 企业台账!C17: …` (`企业台账!17:17` for a whole row, `企业台账` for the whole sheet).
    public var description: String {
        if let sheet {
            return "\(file): \(CSVRow.sheetLocation(sheet, line: line, column: column > 0 ? column - 1 : nil)): \(message)"
        }
        if line <= 0 { return "\(file): \(message)" }
        if column <= 0 { return "\(file):\(line): \(message)" }
        return "\(file):\(line):\(column): \(message)"
    }
}
