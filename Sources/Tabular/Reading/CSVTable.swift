import Foundation

/// A parsed CSV file: its UTF-8 bytes and a field-offset table, with typed accessors.
///
/// Parsing records only where each field ends (4 bytes a field, 12 bytes a record); cells are
/// decoded on access, so a numeric column becomes `[Double]` without one `String` per cell.
/// The first record is the header. Blank lines are skipped. Records may be ragged (have more or
/// fewer fields than the header): accessors return an empty cell for a missing field, and
/// `fieldCount(row:)` tells the caller, who decides whether that is an error.
public struct CSVTable: Sendable {
    /// The display name used in errors (e.g. `status.csv`).
    public let file: String
    /// The encoding the file was decoded from.
    public let encoding: TextEncoding
    /// The decoded UTF-8 bytes (BOM stripped).
    @usableFromInline let bytes: [UInt8]
    /// End offset (exclusive) of every field of every record, header included.
    @usableFromInline let fieldEnds: [UInt32]
    /// Start offset of every record.
    @usableFromInline let recordStarts: [UInt32]
    /// Index into `fieldEnds` of each record's first field; one extra entry at the end.
    @usableFromInline let recordFirstField: [UInt32]
    /// 1-based line on which each record starts.
    @usableFromInline let recordLines: [UInt32]
    /// The header cells, as written (unquoted, not trimmed).
    public let header: [String]

    init(file: String, encoding: TextEncoding, bytes: [UInt8], fieldEnds: [UInt32],
         recordStarts: [UInt32], recordFirstField: [UInt32], recordLines: [UInt32]) {
        self.file = file; self.encoding = encoding; self.bytes = bytes; self.fieldEnds = fieldEnds
        self.recordStarts = recordStarts; self.recordFirstField = recordFirstField
        self.recordLines = recordLines
        var h: [String] = []
        if !recordStarts.isEmpty {
            let n = Int(recordFirstField[1] - recordFirstField[0])
            h.reserveCapacity(n)
            for c in 0..<n { h.append(Self.cell(bytes, recordStarts, recordFirstField, fieldEnds, 0, c)) }
        }
        header = h
    }

    /// Number of data rows (records after the header).
    public var rowCount: Int { max(0, recordStarts.count - 1) }

    /// Whether the file had no records at all (not even a header).
    public var isEmpty: Bool { recordStarts.isEmpty }

    /// The 1-based line on which data row `row` (0-based) starts.
    public func line(row: Int) -> Int { Int(recordLines[row + 1]) }

    /// The number of fields in data row `row`.
    public func fieldCount(row: Int) -> Int {
        Int(recordFirstField[row + 2] - recordFirstField[row + 1])
    }

    @usableFromInline
    func span(record: Int, column: Int) -> Range<Int>? {
        let first = Int(recordFirstField[record])
        guard column >= 0, column < Int(recordFirstField[record + 1]) - first else { return nil }
        let start = column == 0 ? Int(recordStarts[record]) : Int(fieldEnds[first + column - 1]) + 1
        return start..<Int(fieldEnds[first + column])
    }

    private static func cell(_ bytes: [UInt8], _ starts: [UInt32], _ firsts: [UInt32],
                             _ ends: [UInt32], _ record: Int, _ column: Int) -> String {
        let first = Int(firsts[record])
        guard column < Int(firsts[record + 1]) - first else { return "" }
        let start = column == 0 ? Int(starts[record]) : Int(ends[first + column - 1]) + 1
        return decode(bytes, start, Int(ends[first + column]))
    }

    /// A raw field span as text: quotes removed and doubled quotes undoubled.
    static func decode(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        if bytes[start] != 0x22 {
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start + 1
        let stop = end - 1  // the closing quote
        while i < stop {
            let b = bytes[i]
            out.append(b)
            i += (b == 0x22 && i + 1 < stop && bytes[i + 1] == 0x22) ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text of data row `row`, field `column` (both 0-based), unquoted; `""` when the row
    /// has no such field.
    public func string(row: Int, column: Int) -> String {
        guard let s = span(record: row + 1, column: column) else { return "" }
        return Self.decode(bytes, s.lowerBound, s.upperBound)
    }

    /// All fields of data row `row` as text.
    public func fields(row: Int) -> [String] {
        (0..<fieldCount(row: row)).map { string(row: row, column: $0) }
    }

    /// Whether the cell is empty or only spaces (a missing field counts as empty).
    public func isBlank(row: Int, column: Int) -> Bool {
        guard var s = span(record: row + 1, column: column) else { return true }
        if s.count >= 2 && bytes[s.lowerBound] == 0x22 { s = (s.lowerBound + 1)..<(s.upperBound - 1) }
        for i in s where bytes[i] != 0x20 && bytes[i] != 0x09 { return false }
        return true
    }

    /// Content span without the enclosing quotes (a quoted number `"12"` parses as 12).
    func contentSpan(record: Int, column: Int) -> Range<Int>? {
        guard let s = span(record: record, column: column) else { return nil }
        if s.count >= 2 && bytes[s.lowerBound] == 0x22 { return (s.lowerBound + 1)..<(s.upperBound - 1) }
        return s
    }

    func numberError(row: Int, column: Int, kind: String) -> CSVError {
        let text = string(row: row, column: column)
        let name = column < header.count ? " in column \"\(header[column])\"" : ""
        return CSVError(file: file, line: line(row: row), column: column + 1,
                        message: "not \(kind)\(name): \"\(text)\"")
    }

    /// The number in data row `row`, field `column`; `nil` for a blank or missing cell.
    ///
    /// - Throws: `CSVError` naming file, line and column when the cell is not a decimal number.
    public func double(row: Int, column: Int) throws(CSVError) -> Double? {
        guard let s = contentSpan(record: row + 1, column: column) else { return nil }
        let v: Double? = bytes.withUnsafeBufferPointer { FastNumberParsing.double($0.baseAddress!, s.lowerBound, s.upperBound) }
        if let v { return v }
        if isBlank(row: row, column: column) { return nil }
        throw numberError(row: row, column: column, kind: "a number")
    }

    /// The integer in data row `row`, field `column` (`3.0` is accepted as 3); `nil` for a blank
    /// or missing cell.
    ///
    /// - Throws: `CSVError` when the cell is not an integer.
    public func int(row: Int, column: Int) throws(CSVError) -> Int? {
        guard let s = contentSpan(record: row + 1, column: column) else { return nil }
        let v: Int? = bytes.withUnsafeBufferPointer { FastNumberParsing.int($0.baseAddress!, s.lowerBound, s.upperBound) }
        if let v { return v }
        if isBlank(row: row, column: column) { return nil }
        throw numberError(row: row, column: column, kind: "an integer")
    }

    /// A whole numeric column as `[Double]`, blank or missing cells as NaN.
    ///
    /// No `String` is created for any cell: each field's bytes are parsed in place.
    ///
    /// - Complexity: O(*rows*); one allocation.
    /// - Throws: `CSVError` for the first cell that is not a number.
    public func doubles(column: Int) throws(CSVError) -> [Double] {
        let n = rowCount
        var bad = -1
        let result = [Double](unsafeUninitializedCapacity: n) { out, count in
            bytes.withUnsafeBufferPointer { buf in
                let base = buf.baseAddress!
                fieldEnds.withUnsafeBufferPointer { ends in
                    recordFirstField.withUnsafeBufferPointer { firsts in
                        recordStarts.withUnsafeBufferPointer { starts in
                            for r in 0..<n {
                                let rec = r + 1
                                let first = Int(firsts[rec])
                                let fieldsInRow = Int(firsts[rec + 1]) - first
                                if column >= fieldsInRow { out[r] = .nan; continue }
                                var s = column == 0 ? Int(starts[rec]) : Int(ends[first + column - 1]) + 1
                                var e = Int(ends[first + column])
                                if e - s >= 2 && base[s] == 0x22 { s += 1; e -= 1 }
                                if s == e { out[r] = .nan; continue }
                                if let v = FastNumberParsing.double(base, s, e) {
                                    out[r] = v
                                } else {
                                    var blank = true
                                    for k in s..<e where base[k] != 0x20 && base[k] != 0x09 { blank = false; break }
                                    if blank { out[r] = .nan } else { bad = r; out[r] = .nan; return }
                                }
                            }
                        }
                    }
                }
            }
            count = bad >= 0 ? bad + 1 : n
        }
        if bad >= 0 { throw numberError(row: bad, column: column, kind: "a number") }
        return result
    }

    /// Every column as `[Double]` (blank cells NaN), in header order. For an all-numeric file
    /// `CSVReader.readNumericColumns(contentsOf:)` is faster and leaner (one pass, no offset table).
    ///
    /// - Throws: `CSVError` for the first non-numeric cell.
    public func numericColumns() throws(CSVError) -> [[Double]] {
        var columns: [[Double]] = []
        columns.reserveCapacity(header.count)
        for c in 0..<header.count { columns.append(try doubles(column: c)) }
        return columns
    }
}
