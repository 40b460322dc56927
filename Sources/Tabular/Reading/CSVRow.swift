/// One record of a CSV file as handed out by `CSVRowStream`: a view of field byte ranges in the
/// file's decoded UTF-8 buffer, with typed accessors.
///
/// No `String` exists for a field until asked for (`string(column:)`); numbers are parsed
/// straight from the bytes and `withBytes(column:_:)` gives the raw text to callers that parse
/// it themselves. A row is valid only inside the `CSVRowStream.forEachRow` call that hands it
/// out: it points into the stream's buffer and into a span table reused for the next record.
/// Ragged records are kept as written: a missing field reads as an empty cell, and
/// `fieldCount` tells the caller, who decides whether that is an error.
public struct CSVRow {
    /// The display name used in errors.
    public let file: String
    /// The worksheet's name when the row comes from a workbook; `nil` for CSV.
    public let sheet: String?
    /// The file's header cells (for messages).
    public let header: [String]
    /// The 1-based line on which the record starts.
    public let line: Int
    /// Number of fields in this record.
    public let fieldCount: Int
    @usableFromInline let base: UnsafePointer<UInt8>
    /// Start and end (exclusive) of each field, interleaved; quotes included.
    @usableFromInline let spans: UnsafePointer<Int>

    /// A row over `fieldCount` fields whose CSV-encoded bytes (a field beginning with `"` is
    /// quoted, with doubled inner quotes) lie in `base` at the interleaved `spans`; `sheet` names
    /// the worksheet when the row comes from a workbook (then `line` is the sheet's row number
    /// and field *j* its column *j*).
    package init(file: String, sheet: String? = nil, header: [String], line: Int, fieldCount: Int,
                 base: UnsafePointer<UInt8>, spans: UnsafePointer<Int>) {
        self.file = file; self.sheet = sheet; self.header = header; self.line = line; self.fieldCount = fieldCount
        self.base = base; self.spans = spans
    }

    /// Where field `column` (0-based; `nil` for the whole row) is, for messages: `企业台账!C17`
    /// in a worksheet; for CSV `nil` (the file and line say it).
    public func location(column: Int?) -> String? {
        sheet.map { Self.sheetLocation($0, line: line, column: column) }
    }

    /// `sheet!C17` (`sheet!17:17` for a whole row, `sheet` for line 0).
    static func sheetLocation(_ sheet: String, line: Int, column: Int?) -> String {
        guard line > 0 else { return sheet }
        guard let column else { return "\(sheet)!\(line):\(line)" }
        var c = column + 1
        var letters: [UInt8] = []
        while c > 0 { letters.append(UInt8(65 + (c - 1) % 26)); c = (c - 1) / 26 }
        return "\(sheet)!\(String(decoding: letters.reversed(), as: UTF8.self))\(line)"
    }

    /// The raw span of `column` (quotes included), or `nil` when the record has no such field.
    @inlinable
    func span(_ column: Int) -> (start: Int, end: Int)? {
        guard column >= 0, column < fieldCount else { return nil }
        return (spans[2 * column], spans[2 * column + 1])
    }

    /// The content span without the enclosing quotes (a quoted number `"12"` parses as 12).
    @inlinable
    func contentSpan(_ column: Int) -> (start: Int, end: Int)? {
        guard let (s, e) = span(column) else { return nil }
        if e - s >= 2 && base[s] == 0x22 { return (s + 1, e - 1) }
        return (s, e)
    }

    /// The text of field `column` (0-based), unquoted; `""` when the record has no such field.
    public func string(column: Int) -> String {
        guard let (s, e) = span(column), s < e else { return "" }
        return withBytes(column: column) { String(decoding: $0, as: UTF8.self) }
    }

    /// All fields of the record as text.
    public var fields: [String] { (0..<fieldCount).map { string(column: $0) } }

    /// Calls `body` with the UTF-8 bytes of field `column` as text: enclosing quotes removed,
    /// doubled quotes undoubled (only then is a temporary copy made); empty for a missing field.
    ///
    /// - Complexity: O(1) for an unquoted field or a quoted one without `""`; O(field) otherwise.
    @inlinable
    public func withBytes<R>(column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let (s, e) = span(column), s < e else { return try body(UnsafeBufferPointer(start: base, count: 0)) }
        if base[s] != 0x22 { return try body(UnsafeBufferPointer(start: base + s, count: e - s)) }
        let stop = e - 1  // the closing quote
        var i = s + 1
        while i < stop && base[i] != 0x22 { i += 1 }
        if i >= stop { return try body(UnsafeBufferPointer(start: base + s + 1, count: max(0, stop - s - 1))) }
        var out: [UInt8] = []
        out.reserveCapacity(e - s)
        i = s + 1
        while i < stop {
            let b = base[i]
            out.append(b)
            i += (b == 0x22 && i + 1 < stop && base[i + 1] == 0x22) ? 2 : 1
        }
        return try out.withUnsafeBufferPointer { try body($0) }
    }

    /// Whether the cell is empty or only spaces and tabs (a missing field counts as empty).
    public func isBlank(column: Int) -> Bool {
        guard let (s, e) = contentSpan(column) else { return true }
        for i in s..<e where base[i] != 0x20 && base[i] != 0x09 { return false }
        return true
    }

    @usableFromInline
    func numberError(column: Int, kind: String) -> CSVError {
        let name = column < header.count ? " in column \"\(header[column])\"" : ""
        return CSVError(file: file, line: line, column: column + 1,
                        message: "not \(kind)\(name): \"\(string(column: column))\"")
    }

    /// The number in field `column`; `nil` for a blank or missing cell. Same rules and messages
    /// as `CSVTable.double(row:column:)`.
    ///
    /// - Throws: `CSVError` naming file, line and column when the cell is not a decimal number.
    @inlinable
    public func double(column: Int) throws(CSVError) -> Double? {
        guard let (s, e) = contentSpan(column) else { return nil }
        if let v = FastNumberParsing.double(base, s, e) { return v }
        if isBlank(column: column) { return nil }
        throw numberError(column: column, kind: "a number")
    }

    /// The integer in field `column` (`3.0` is accepted as 3); `nil` for a blank or missing cell.
    ///
    /// - Throws: `CSVError` when the cell is not an integer.
    @inlinable
    public func int(column: Int) throws(CSVError) -> Int? {
        guard let (s, e) = contentSpan(column) else { return nil }
        if let v = FastNumberParsing.int(base, s, e) { return v }
        if isBlank(column: column) { return nil }
        throw numberError(column: column, kind: "an integer")
    }
}
