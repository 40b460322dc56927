import Tabular

/// Writes validation findings and rejected rows as CSV tables.
public enum FindingsTable {
    /// Header of the findings table: file, line, column, enterprise_id, severity, rule, message.
    public static func header(_ language: Language) -> [String] {
        language == .en ? ["file", "line", "column", "enterprise_id", "severity", "rule", "message"]
            : ["文件", "行", "列", "统一社会信用代码", "严重程度", "规则", "说明"]
    }

    /// Writes the findings (header first).
    public static func write(_ findings: [LedgerFinding], to writer: CSVWriter, language: Language) throws {
        try writer.writeHeader(header(language))
        for f in findings {
            try writer.writeRow([.text(f.file), .integer(f.line), .text(f.column), .text(f.enterpriseID),
                                 .text(language == .en ? f.severity.rawValue : f.severity.chineseLabel),
                                 .text(f.rule.rawValue), .text(f.message)])
        }
    }

    /// Header of the rejects table: file, line, enterprise_id, rule, reason, row.
    public static func rejectsHeader(_ language: Language) -> [String] {
        language == .en ? ["file", "line", "enterprise_id", "rule", "reason", "row"]
            : ["文件", "行", "统一社会信用代码", "规则", "原因", "原始行"]
    }

    /// Writes rejected rows; `row` holds the original fields re-encoded as one CSV line.
    public static func writeRejects(_ rejects: [RejectedRow], to writer: CSVWriter, language: Language) throws {
        try writer.writeHeader(rejectsHeader(language))
        for r in rejects {
            let raw = r.fields.map { CSVWriter.encode(.text($0), guardsFormulas: false) }.joined(separator: ",")
            try writer.writeRow([.text(r.file), .integer(r.line), .text(r.enterpriseID), .text(r.rule.rawValue),
                                 .text(r.reason), .text(raw)])
        }
    }
}
