import Foundation
import Tabular

/// What reading a `progress.csv` gives.
public struct ProgressReadResult: Sendable {
    /// Accepted records, in file order.
    public var records: [ProgressRecord]
    /// All findings.
    public var findings: [LedgerFinding]
    /// Rows left out because of an error.
    public var rejects: [RejectedRow]

    /// Whether any finding is an error.
    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    /// The records, or `DataError.invalidLedger` when there are errors and `skipInvalid` is off.
    public func records(skipInvalid: Bool) throws(DataError) -> [ProgressRecord] {
        if hasErrors && !skipInvalid { throw .invalidLedger(findings: findings) }
        return records
    }
}

/// Reads an aggregate progress table: `unit,date` and either `completed,total` or
/// `share_percent` (English or Chinese headers), for units that only report counts.
public enum ProgressReader {
    /// Reads and validates `url`.
    ///
    /// Row rules: unit and date required (no future dates); counts whole and non-negative with
    /// `completed ≤ total` and `total > 0`; share within 0–100; one of the two forms present;
    /// one row per unit and date.
    ///
    /// - Throws: `DataError.csv` when the file cannot be read or lacks `unit`/`date`.
    public static func read(url: URL, options: LedgerReadOptions = LedgerReadOptions())
        throws(DataError) -> ProgressReadResult
    {
        let table: CSVRowStream, map: CSVColumnMap
        do {
            table = try CSVRowStream(contentsOf: url, encoding: options.encoding)
            map = try LedgerColumns.schema(LedgerColumns.progress).bind(table)
        } catch { throw .csv(error) }
        if map["share_percent"] == nil && (map["completed"] == nil || map["total"] == nil) {
            throw .csv(CSVError(file: table.file, line: 1, column: 0,
                                message: "progress needs completed and total columns, or share_percent"))
        }
        var result = ProgressReadResult(records: [], findings: [], rejects: [])
        var seen: [String: Int] = [:]
        do throws(CSVError) { try table.forEachRow { row in
            var c = RowChecker(row: row, map: map, today: options.today)
            c.checkShape()
            let unit = c.required("unit")
            c.enterpriseID = ""
            let date = c.date("date", required: true)
            let completedText = c.text("completed") ?? "", totalText = c.text("total") ?? ""
            var completed: Int? = nil, total: Int? = nil
            if !completedText.isEmpty || !totalText.isEmpty {
                completed = c.count("completed"); total = c.count("total")
                if completedText.isEmpty || totalText.isEmpty {
                    c.add(completedText.isEmpty ? "completed" : "total", .error, .missingValue, "completed and total go together")
                } else if let t = total, let k = completed {
                    if t == 0 { c.add("total", .error, .inconsistentCounts, "total is 0") }
                    else if k > t { c.add("completed", .error, .inconsistentCounts, "\(k) completed out of \(t)") }
                }
            }
            let share = c.number("share_percent", required: false, range: 0...100)
            if completed == nil && share == nil && (c.text("share_percent") ?? "").isEmpty {
                c.add("", .error, .missingValue, "neither completed/total nor share_percent is given")
            }
            if let unit, let date {
                let key = "\(unit)|\(date)"
                if let first = seen[key] { c.add("date", .error, .duplicatePeriod, "\(unit) already has a row for \(date) on line \(first)") }
                else { seen[key] = c.line }
            }
            result.findings += c.findings
            if let e = c.firstError {
                result.rejects.append(RejectedRow(file: table.file, line: c.line, enterpriseID: "", rule: e.rule,
                                                  reason: c.findings.filter { $0.severity == .error }.map(\.message).joined(separator: "; "),
                                                  fields: c.fields))
            } else if let unit, let date {
                result.records.append(ProgressRecord(unit: unit, date: date, completed: completed, total: total,
                                                     sharePercent: share))
            }
        } } catch { throw .csv(error) }
        return result
    }
}
