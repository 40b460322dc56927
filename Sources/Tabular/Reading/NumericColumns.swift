import Foundation

/// A CSV file of numbers read straight into columns: the header and one `[Double]` a column.
public struct NumericColumns: Sendable {
    /// The header cells.
    public let header: [String]
    /// The columns, in header order, each `rowCount` long; blank cells are NaN.
    public let columns: [[Double]]
    /// Number of data rows.
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// The column named `name` (exact header text), if any.
    public func column(named name: String) -> [Double]? {
        header.firstIndex(of: name).map { columns[$0] }
    }
}

extension CSVReader {
    /// Reads an all-numeric CSV file into columns in one pass, with no field-offset table and
    /// no `String` for any cell: the fastest and leanest way to load a numeric table.
    ///
    /// Same text handling as `read(contentsOf:)` (quotes, CRLF, BOM, UTF-8/GB18030, blank lines
    /// skipped). Blank cells are NaN. Memory: the decoded file plus the columns (8 bytes a cell).
    ///
    /// - Complexity: O(*n*) in the file size: one pass to count lines, one to parse.
    /// - Throws: `CSVError` naming line and column for a cell that is not a number, a row with
    ///   more or fewer fields than the header, or malformed quoting.
    public static func readNumericColumns(contentsOf url: URL, encoding: TextEncoding = .auto,
                                          displayName: String? = nil) throws(CSVError) -> NumericColumns {
        let name = displayName ?? url.lastPathComponent
        var bytes = try FileBytes.read(path: url.path, displayName: name)
        let used = try decode(&bytes, file: name, encoding: encoding)
        _ = used
        return try numericColumnsUTF8(bytes, file: name)
    }

    /// `readNumericColumns` on bytes in memory.
    public static func numericColumns(bytes raw: [UInt8], file: String, encoding: TextEncoding = .auto)
        throws(CSVError) -> NumericColumns {
        var bytes = raw
        _ = try decode(&bytes, file: file, encoding: encoding)
        return try numericColumnsUTF8(bytes, file: file)
    }

    static func numericColumnsUTF8(_ bytes: [UInt8], file: String) throws(CSVError) -> NumericColumns {
        // The header, through the general parser on the first record only.
        var headerEnd = 0
        var failure: CSVError? = nil
        var header: [String] = []
        var columnCount = 0
        var rows = 0
        var pointers: [UnsafeMutablePointer<Double>] = []
        defer { for p in pointers { p.deallocate() } }

        bytes.withUnsafeBufferPointer { buf in
            guard let b = buf.baseAddress else { return }
            let n = buf.count
            let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
            var i = 0, line = 1

            /// Scans one field from `i`; returns its raw span end, or -1 after setting `failure`.
            func scanField(_ column: Int) -> Int {
                if i < n && b[i] == quote {
                    let fieldLine = line
                    i += 1
                    let end = scanQuotedField(b, count: n, at: &i, line: &line)
                    if end != .closed {
                        failure = CSVError(file: file, line: end == .unterminated ? fieldLine : line,
                                           column: column, message: end.message)
                        return -1
                    }
                } else {
                    while i < n {
                        let c = b[i]
                        if c == comma || c == lf || c == cr { break }
                        i += 1
                    }
                }
                return i
            }

            func skipBlankLines() {
                while i < n {
                    if b[i] == lf { i += 1; line += 1 } else if b[i] == cr { i += (i + 1 < n && b[i + 1] == lf) ? 2 : 1; line += 1 } else { break }
                }
            }

            /// After a field: true if another field of the same record follows.
            func advance() -> Bool {
                if i >= n { return false }
                if b[i] == comma { i += 1; return true }
                i += (b[i] == cr && i + 1 < n && b[i + 1] == lf) ? 2 : 1
                line += 1
                return false
            }

            skipBlankLines()
            guard i < n else { return }
            var column = 1
            while true {
                let start = i
                let end = scanField(column)
                if end < 0 { return }
                header.append(CSVTable.decode(bytes, start, end))
                column += 1
                if !advance() { break }
            }
            headerEnd = i
            columnCount = header.count

            // Upper bound on the rows: line ends after the header (+1 for a last line without one).
            var capacity = 1
            var k = headerEnd
            while k < n { if b[k] == lf || b[k] == cr { capacity += 1 }; k += 1 }
            pointers = (0..<columnCount).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: capacity) }

            pointers.withUnsafeBufferPointer { cols in
                while true {
                    skipBlankLines()
                    if i >= n { break }
                    let recordLine = line
                    var column = 0
                    while true {
                        if column >= columnCount {
                            failure = CSVError(file: file, line: recordLine, column: column + 1,
                                               message: "row has more fields than the header (\(columnCount))")
                            return
                        }
                        let fieldLine = line
                        var s = i
                        var e = scanField(column + 1)
                        if e < 0 { return }
                        if e - s >= 2 && b[s] == quote { s += 1; e -= 1 }
                        var value = Double.nan
                        if s < e {
                            if let v = FastNumberParsing.double(b, s, e) {
                                value = v
                            } else {
                                var blank = true
                                for x in s..<e where b[x] != 0x20 && b[x] != 0x09 { blank = false; break }
                                if !blank {
                                    let text = String(decoding: UnsafeBufferPointer(start: b + s, count: e - s), as: UTF8.self)
                                    failure = CSVError(file: file, line: fieldLine, column: column + 1,
                                                       message: "not a number in column \"\(header[column])\": \"\(text)\"")
                                    return
                                }
                            }
                        }
                        cols[column][rows] = value
                        column += 1
                        if !advance() { break }
                    }
                    if column != columnCount {
                        failure = CSVError(file: file, line: recordLine, column: column,
                                           message: "row has \(column) field(s), the header has \(columnCount)")
                        return
                    }
                    rows += 1
                }
            }
        }
        if let failure { throw failure }
        if header.isEmpty { return NumericColumns(header: [], columns: []) }
        var columns: [[Double]] = []
        columns.reserveCapacity(columnCount)
        for c in 0..<columnCount {
            columns.append(Array(UnsafeBufferPointer(start: pointers[c], count: rows)))
            pointers[c].deallocate()
            pointers[c] = UnsafeMutablePointer<Double>.allocate(capacity: 1)   // keeps the deferred deallocation valid
        }
        return NumericColumns(header: header, columns: columns)
    }
}
