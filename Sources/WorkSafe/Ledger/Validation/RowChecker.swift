import Tabular

/// Reads one row of a bound CSV file, collecting findings instead of stopping at the first.
///
/// Cells are read from the row's bytes: the common shapes (plain ASCII or CJK text without
/// surrounding spaces, `YYYY-MM-DD` dates, numbers) are recognised without going through the
/// general `String` path, which handles everything else and produces every message.
struct RowChecker {
    let row: CSVRow
    let map: CSVColumnMap
    let today: Day
    var enterpriseID = ""
    var findings: [LedgerFinding] = []

    init(row: CSVRow, map: CSVColumnMap, today: Day) {
        self.row = row; self.map = map; self.today = today
    }

    var file: String { row.file }
    var line: Int { row.line }
    var hasErrors: Bool { findings.contains { $0.severity == .error } }
    var firstError: LedgerFinding? { findings.first { $0.severity == .error } }

    mutating func add(_ key: String, _ severity: FindingSeverity, _ rule: LedgerRule, _ message: String) {
        findings.append(LedgerFinding(file: row.file, line: line, column: key.isEmpty ? "" : map.name(of: key),
                                      enterpriseID: enterpriseID, severity: severity, rule: rule, message: message,
                                      cell: row.location(column: key.isEmpty ? nil : map[key]) ?? ""))
    }

    /// Whether the file has the column.
    func has(_ key: String) -> Bool { map[key] != nil }

    /// For the `column:` parameters: look the key up in `map` (the default). Hot loops pass the
    /// index resolved once per file instead (`resolve`), or −1 for an absent column.
    static let lookUp = Int.min

    /// The column index of `key` once per file: −1 when the file lacks it.
    static func resolve(_ key: String, in map: CSVColumnMap) -> Int { map[key] ?? -1 }

    @inline(__always)
    func index(_ key: String, _ given: Int) -> Int? {
        given == Self.lookUp ? map[key] : (given >= 0 ? given : nil)
    }

    /// The trimmed text of a cell; a leading apostrophe that guards a formula character (as
    /// written by `CSVWriter`) is removed. `nil` when the column is absent.
    func text(_ key: String, column: Int = lookUp) -> String? {
        guard let c = index(key, column) else { return nil }
        if let plain = row.withBytes(column: c, { Self.plainText($0) }) { return plain }
        var s = row.string(column: c).trimmingWhitespace()
        if s.count >= 2, s.first == "'", let second = s.dropFirst().first, "=+-@\t\r".contains(second) {
            s.removeFirst()
        }
        return s
    }

    /// The text of `bytes` when trimming and the formula-guard rule cannot change it: empty, or
    /// starting and ending with a printable ASCII character (not an apostrophe at the start) or a
    /// CJK ideograph (lead byte E4–E9, never a space); `nil` otherwise (the general path decides).
    static func plainText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = bytes.first else { return "" }
        func plain(_ lead: UInt8) -> Bool { (lead > 0x20 && lead < 0x7F) || (lead >= 0xE4 && lead <= 0xE9) }
        guard plain(first), first != 0x27 else { return nil }
        var k = bytes.count - 1
        while k > 0 && bytes[k] & 0xC0 == 0x80 { k -= 1 }
        guard plain(bytes[k]) else { return nil }
        if bytes[k] >= 0x80 && bytes.count - k != 3 { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func checkShape() {
        let n = row.fieldCount, h = row.header.count
        if n != h { add("", .error, .raggedRow, "row has \(n) field(s), the header has \(h)") }
    }

    /// A required non-blank text cell.
    mutating func required(_ key: String, column: Int = lookUp) -> String? {
        guard let s = text(key, column: column) else { return nil }
        if s.isEmpty { add(key, .error, .missingValue, "\(map.name(of: key)) is empty"); return nil }
        return s
    }

    /// Reads and normalises the id, checking for Excel damage and the credit-code check character.
    mutating func readID(checkCreditCode: Bool, column: Int = lookUp) -> String? {
        guard let raw = text("id", column: column) else { return nil }
        if Self.isCanonicalID(raw) {
            // Already normal (digits and upper-case letters only): no normalisation, and only
            // the checks that can fire on such text.
            enterpriseID = raw
            if raw.utf8.contains(0x45) && EnterpriseID.looksLikeScientificNotation(raw) {
                add("id", .error, .excelMangledNumber,
                    "id \"\(raw)\" is a number in scientific notation (Excel stored the code as a number); the code is lost — re-export with the column formatted as text")
                return nil
            }
            return finishID(raw, raw: raw, checkCreditCode: checkCreditCode)
        }
        if raw.isEmpty { add("id", .error, .missingValue, "the id is empty"); return nil }
        if EnterpriseID.looksLikeScientificNotation(raw) {
            enterpriseID = raw
            add("id", .error, .excelMangledNumber,
                "id \"\(raw)\" is a number in scientific notation (Excel stored the code as a number); the code is lost — re-export with the column formatted as text")
            return nil
        }
        let id = EnterpriseID.normalize(raw)
        enterpriseID = id
        return finishID(id, raw: raw, checkCreditCode: checkCreditCode)
    }

    /// Whether `text` is non-empty and only ASCII digits and upper-case letters, so that
    /// `EnterpriseID.normalize` would return it unchanged.
    static func isCanonicalID(_ text: String) -> Bool {
        var any = false
        for b in text.utf8 {
            guard (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) else { return false }
            any = true
        }
        return any
    }

    private mutating func finishID(_ id: String, raw: String, checkCreditCode: Bool) -> String {
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
    mutating func date(_ key: String, required: Bool, column: Int = lookUp) -> Day? {
        guard let c = index(key, column) else { return nil }
        if let d = row.withBytes(column: c, { Self.isoDay($0) }) {
            if d > today { add(key, .error, .futureDate, "\(d) is in the future (today is \(today))"); return nil }
            return d
        }
        guard let s = text(key, column: c) else { return nil }
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

    /// The day of a cell written exactly `YYYY-MM-DD`, when it is a real day from 1900 on;
    /// `nil` otherwise (the general path decides, with its messages).
    static func isoDay(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        @inline(__always) func digits(_ from: Int, _ to: Int) -> Int? {
            var v = 0
            for i in from..<to {
                let d = b[i] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let year = digits(0, 4), let month = digits(5, 7), let day = digits(8, 10), year >= 1900 else { return nil }
        return Day(year: year, month: month, day: day)
    }

    /// The quarter of a cell written exactly `YYYYQn` (or `YYYYqn`) with n in 1–4; `nil`
    /// otherwise (then `Quarter(_:)` on the text decides).
    func plainQuarter(_ key: String, column: Int = lookUp) -> Quarter? {
        guard let c = index(key, column) else { return nil }
        return row.withBytes(column: c) { b -> Quarter? in
            guard b.count == 6, b[4] | 0x20 == 0x71 else { return nil }
            var y = 0
            for i in 0..<4 {
                let d = b[i] &- 0x30
                guard d < 10 else { return nil }
                y = y * 10 + Int(d)
            }
            return Quarter(year: y, number: Int(b[5]) - 0x30)
        }
    }

    /// A number cell; blank gives `nil` (an error when `required`); outside `range` is an error.
    mutating func number(_ key: String, required: Bool, range: ClosedRange<Double>? = nil,
                         rangeText: String = "", column: Int = lookUp) -> Double? {
        guard let c = index(key, column) else { return nil }
        let value: Double?
        do { value = try row.double(column: c) } catch {
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
    mutating func count(_ key: String, column: Int = lookUp) -> Int {
        guard let c = index(key, column) else { return 0 }
        let value: Int?
        do { value = try row.int(column: c) } catch {
            add(key, .error, .invalidNumber, "\(map.name(of: key)) \"\(text(key) ?? "")\" is not a whole number"); return 0
        }
        guard let v = value else { return 0 }
        if v < 0 { add(key, .error, .negativeCount, "\(map.name(of: key)) \(v) is negative"); return 0 }
        return v
    }

    /// All fields of the row, for the rejects file.
    var fields: [String] { row.fields }
}
