/// How serious a validation finding is.
public enum FindingSeverity: String, Sendable, Comparable, CaseIterable {
    /// Suspicious but usable (the row is kept).
    case warning
    /// Unusable: analysis commands refuse, or (with `--skip-invalid`) reject the row.
    case error

    public static func < (a: FindingSeverity, b: FindingSeverity) -> Bool { a == .warning && b == .error }

    /// Chinese label (警告 / 错误).
    public var chineseLabel: String { self == .error ? "错误" : "警告" }
}

/// The validation rules of `worksafe validate`, by stable snake_case id.
public enum LedgerRule: String, Sendable, CaseIterable {
    /// A record with more or fewer fields than the header.
    case raggedRow = "ragged_row"
    /// A required cell is blank.
    case missingValue = "missing_value"
    /// A numeric cell is not a number.
    case invalidNumber = "invalid_number"
    /// A category (size, status, benchmark flag, method) is not one of the known labels.
    case unknownCategory = "unknown_category"
    /// A date that does not parse or cannot exist (2023-02-30, an Excel serial number).
    case invalidDate = "invalid_date"
    /// A date after the day of validation.
    case futureDate = "future_date"
    /// An enterprise closed before (or on the day) it opened.
    case closedBeforeOpened = "closed_before_opened"
    /// Two enterprises with the same id after normalisation.
    case duplicateID = "duplicate_id"
    /// A status, risk or risk-point row for an id not in `enterprises.csv`.
    case unknownEnterprise = "unknown_enterprise"
    /// A score or risk factor outside its range.
    case scoreOutOfRange = "score_out_of_range"
    /// A negative count.
    case negativeCount = "negative_count"
    /// Counts that contradict each other (more rectified than found, deaths without an accident).
    case inconsistentCounts = "inconsistent_counts"
    /// A period that is not a quarter such as 2024Q3.
    case invalidPeriod = "invalid_period"
    /// Two risk rows for the same enterprise and quarter.
    case duplicatePeriod = "duplicate_period"
    /// An id that Excel turned into a number (9.13501E+17) or truncated to 15 digits.
    case excelMangledNumber = "excel_mangled_number"
    /// An 18-character id whose GB 32100-2015 check character is wrong.
    case creditCodeCheck = "credit_code_check"
    /// A status event dated before the enterprise entered the campaign (kept; it counts only
    /// once the enterprise is open).
    case statusBeforeOpening = "status_before_opening"
    /// A status event dated after the enterprise closed (kept; a closed enterprise no longer
    /// counts, so the status changes nothing).
    case statusAfterClosing = "status_after_closing"
}

/// One validation finding: where, which enterprise, how serious, which rule, and what.
public struct LedgerFinding: Hashable, Sendable, CustomStringConvertible {
    /// The file (`status.csv`).
    public var file: String
    /// 1-based line (0 for a finding about the whole file).
    public var line: Int
    /// The column's header as written in the file (empty for a whole row).
    public var column: String
    /// The normalised enterprise id, when known.
    public var enterpriseID: String
    /// Warning or error.
    public var severity: FindingSeverity
    /// The rule.
    public var rule: LedgerRule
    /// What is wrong, in plain words.
    public var message: String
    /// For a table read from a workbook: the cell (`企业台账!C17`, `企业台账!17:17` for the whole
    /// row); empty for CSV, where `file` and `line` say where.
    public var cell: String

    /// A finding.
    public init(file: String, line: Int, column: String, enterpriseID: String,
                severity: FindingSeverity, rule: LedgerRule, message: String, cell: String = "") {
        self.file = file; self.line = line; self.column = column; self.enterpriseID = enterpriseID
        self.severity = severity; self.rule = rule; self.message = message; self.cell = cell
    }

    /// `status.csv:12: score: error [score_out_of_range] score 135 is outside 0–100`; in a
    /// workbook `台账.xlsx: 状态!D12: score: error […] …`.
    public var description: String {
        let place = cell.isEmpty ? "\(file):\(line):" : "\(file): \(cell):"
        return "\(place)\(column.isEmpty ? "" : " \(column):") \(severity.rawValue) [\(rule.rawValue)] \(message)"
    }
}

/// A row left out of the ledger (with `--skip-invalid`), with the reason.
public struct RejectedRow: Hashable, Sendable {
    /// The file.
    public var file: String
    /// 1-based line where the row starts.
    public var line: Int
    /// The normalised enterprise id, when known.
    public var enterpriseID: String
    /// The rule of the first error (or `unknown_enterprise` for rows of a rejected enterprise).
    public var rule: LedgerRule
    /// Why it was rejected.
    public var reason: String
    /// The row's fields as read.
    public var fields: [String]

    /// A rejected row.
    public init(file: String, line: Int, enterpriseID: String, rule: LedgerRule, reason: String,
                fields: [String]) {
        self.file = file; self.line = line; self.enterpriseID = enterpriseID; self.rule = rule
        self.reason = reason; self.fields = fields
    }
}
