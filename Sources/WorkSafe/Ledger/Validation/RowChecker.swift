import Tabular

/// Reads one row of a bound CSV file, collecting findings instead of stopping at the first.
struct RowChecker {
    let table: CSVTable
    let map: CSVColumnMap
    let row: Int
    let today: Day
    var enterpriseID = ""
    var findings: [LedgerFinding] = []

    init(table: CSVTable, map: CSVColumnMap, row: Int, today: Day) {
        self.table = table; self.map = map; self.row = row; self.today = today
    }

    var line: Int { table.line(row: row) }
    var hasErrors: Bool { findings.contains { $0.severity == .error } }
    var firstError: LedgerFinding? { findings.first { $0.severity == .error } }

    mutating func add(_ key: String, _ severity: FindingSeverity, _ rule: LedgerRule, _ message: String) {
        findings.append(LedgerFinding(file: table.file, line: line, column: key.isEmpty ? "" : map.name(of: key),
                                      enterpriseID: enterpriseID, severity: severity, rule: rule, message: message))
    }

    /// Whether the file has the column.
    func has(_ key: String) -> Bool { map[key] != nil }

    /// The trimmed text of a cell; a leading apostrophe that guards a formula character (as
    /// written by `CSVWriter`) is removed. `nil` when the column is absent.
    func text(_ key: String) -> String? {
        guard let c = map[key] else { return nil }
        var s = table.string(row: row, column: c).trimmingWhitespace()
        if s.count >= 2, s.first == "'", let second = s.dropFirst().first, "=+-@\t\r".contains(second) {
            s.removeFirst()
        }
        return s
    }

    mutating func checkShape() {
        let n = table.fieldCount(row: row), h = table.header.count
        if n != h { add("", .error, .raggedRow, "row has \(n) field(s), the header has \(h)") }
    }

    /// A required non-blank text cell.
    mutating func required(_ key: String) -> String? {
        guard let s = text(key) else { return nil }
        if s.isEmpty { add(key, .error, .missingValue, "\(map.name(of: key)) is empty"); return nil }
        return s
    }

    /// Reads and normalises the id, checking for Excel damage and the credit-code check character.
    mutating func readID(checkCreditCode: Bool) -> String? {
        guard let raw = text("id") else { return nil }
        if raw.isEmpty { add("id", .error, .missingValue, "the id is empty"); return nil }
        if EnterpriseID.looksLikeScientificNotation(raw) {
            enterpriseID = raw
            add("id", .error, .excelMangledNumber,
                "id \"\(raw)\" is a number Excel wrote in scientific notation; the code is lost — re-export with the column formatted as text")
            return nil
        }
        let id = EnterpriseID.normalize(raw)
        enterpriseID = id
        if EnterpriseID.looksTruncatedByExcel(id) {
            add("id", .warning, .excelMangledNumber,
                "id \"\(raw)\" may have been stored as a number by Excel (only 15 digits survive)")
        }
        if checkCreditCode {
            switch EnterpriseID.checkCreditCode(id) {
            case .valid, .notACreditCode: break
            case .invalidCharacter(let p, let c):
                add("id", .warning, .creditCodeCheck, "\(id): character \(p) '\(c)' is not allowed in a 统一社会信用代码")
            case .wrongCheckCharacter(let expected, let found):
                add("id", .warning, .creditCodeCheck,
                    "\(id): check character is '\(found)', GB 32100-2015 gives '\(expected)'")
            }
        }
        return id
    }

    /// A date cell; blank gives `nil` (an error when `required`).
    mutating func date(_ key: String, required: Bool) -> Day? {
        guard let s = text(key) else { return nil }
        if s.isEmpty {
            if required { add(key, .error, .missingValue, "\(map.name(of: key)) is empty") }
            return nil
        }
        switch LedgerDateParsing.parse(s) {
        case .invalid(let why): add(key, .error, .invalidDate, why); return nil
        case .day(let d):
            if d > today { add(key, .error, .futureDate, "\(d) is in the future (today is \(today))"); return nil }
            return d
        }
    }

    /// A number cell; blank gives `nil` (an error when `required`); outside `range` is an error.
    mutating func number(_ key: String, required: Bool, range: ClosedRange<Double>? = nil,
                         rangeText: String = "") -> Double? {
        guard let c = map[key] else { return nil }
        let value: Double?
        do { value = try table.double(row: row, column: c) } catch {
            add(key, .error, .invalidNumber, "\(map.name(of: key)) \"\(text(key) ?? "")\" is not a number"); return nil
        }
        guard let v = value else {
            if required { add(key, .error, .missingValue, "\(map.name(of: key)) is empty") }
            return nil
        }
        if !v.isFinite { add(key, .error, .invalidNumber, "\(map.name(of: key)) \"\(text(key) ?? "")\" is not a finite number"); return nil }
        if let range, !range.contains(v) {
            add(key, .error, .scoreOutOfRange, "\(map.name(of: key)) \(CSVCell.format(v)) is outside \(rangeText.isEmpty ? "\(CSVCell.format(range.lowerBound))–\(CSVCell.format(range.upperBound))" : rangeText)")
            return nil
        }
        return v
    }

    /// A count cell: a missing column or blank cell is 0; not an integer or negative is an error.
    mutating func count(_ key: String) -> Int {
        guard let c = map[key] else { return 0 }
        let value: Int?
        do { value = try table.int(row: row, column: c) } catch {
            add(key, .error, .invalidNumber, "\(map.name(of: key)) \"\(text(key) ?? "")\" is not a whole number"); return 0
        }
        guard let v = value else { return 0 }
        if v < 0 { add(key, .error, .negativeCount, "\(map.name(of: key)) \(v) is negative"); return 0 }
        return v
    }

    /// All fields of the row, for the rejects file.
    var fields: [String] { table.fields(row: row) }
}
