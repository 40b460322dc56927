import Foundation

/// A CSV file read one record at a time: the same dialect and errors as `CSVReader` (RFC 4180
/// quoting with embedded commas, quotes and newlines; LF, CRLF or CR line ends; BOM; UTF-8 or
/// GB18030, transcoded to UTF-8 once when the file is opened), without a field-offset table.
///
/// Opening decodes the file and reads the header; `forEachRow` then scans the records and hands
/// each to the caller as a `CSVRow` — field byte ranges in the buffer, reused from one record to
/// the next. Memory is the decoded file plus one span per field of the widest record, where
/// `CSVTable` adds 4 bytes per field of the whole file; no `String` is made for a cell unless
/// the caller asks for one. Blank lines are skipped.
///
/// Parse errors (an unterminated quote, text after a closing quote, a record longer than
/// `CSVRecordLimit.bytes`) are thrown when the scan reaches them, with the same file, line,
/// column and message as `CSVReader`; rows before it have been handed out by then. A pipe or
/// device is read only until a record passes that limit (see `CSVRecordLimit`).
public struct CSVRowStream: Sendable {
    /// The display name used in errors (e.g. `risk.csv`).
    public let file: String
    /// The encoding the file was decoded from.
    public let encoding: TextEncoding
    /// The header cells, as written (unquoted, not trimmed); empty for an empty file.
    public let header: [String]
    /// Whether the file had no records at all (not even a header).
    public let isEmpty: Bool
    /// The decoded UTF-8 bytes (BOM stripped).
    let bytes: [UInt8]
    /// Where the first record after the header starts, and its line.
    let bodyStart: Int, bodyLine: Int

    /// Opens the file at `url`: reads it, decodes it (see `CSVReader.read(contentsOf:encoding:displayName:)`)
    /// and parses the header.
    ///
    /// - Throws: `CSVError` when the file cannot be read, is not in the encoding, or its header
    ///   record is malformed.
    public init(contentsOf url: URL, encoding: TextEncoding = .auto, displayName: String? = nil) throws(CSVError) {
        try self.init(contentsOf: url, encoding: encoding, displayName: displayName, recordLimit: CSVRecordLimit.bytes)
    }

    /// `init(contentsOf:encoding:displayName:)` with another record limit (tests).
    init(contentsOf url: URL, encoding: TextEncoding, displayName: String?, recordLimit: Int) throws(CSVError) {
        let name = displayName ?? url.lastPathComponent
        var bytes = try FileBytes.read(path: url.path, displayName: name, recordLimit: recordLimit)
        let used = try CSVReader.decode(&bytes, file: name, encoding: encoding)
        try self.init(utf8: bytes, file: name, encoding: used)
    }

    /// A stream over CSV text given as raw bytes in `encoding`.
    ///
    /// - Throws: `CSVError` as for `init(contentsOf:encoding:displayName:)`.
    public init(bytes raw: [UInt8], file: String, encoding: TextEncoding = .auto) throws(CSVError) {
        var bytes = raw
        let used = try CSVReader.decode(&bytes, file: file, encoding: encoding)
        try self.init(utf8: bytes, file: file, encoding: used)
    }

    init(utf8 bytes: [UInt8], file: String, encoding: TextEncoding) throws(CSVError) {
        self.file = file; self.encoding = encoding; self.bytes = bytes
        var header: [String] = []
        var next = 0, nextLine = 1, found = false
        try Self.scan(bytes, file: file, from: 0, line: 1) { row, end, line in
            header = row.fields
            next = end; nextLine = line; found = true
            return false
        }
        self.header = header
        isEmpty = !found
        bodyStart = next; bodyLine = nextLine
    }

    /// Calls `body` with each data record (after the header), in file order.
    ///
    /// The row is valid only during the call. `body` returns normally to continue.
    ///
    /// - Complexity: O(*n*) in the file size; no allocation per record beyond the caller's.
    /// - Throws: `CSVError` at the first malformed record (after handing out the rows before it).
    public func forEachRow(_ body: (CSVRow) -> Void) throws(CSVError) {
        guard !isEmpty else { return }
        try Self.scan(bytes, file: file, header: header, from: bodyStart, line: bodyLine) { row, _, _ in
            body(row)
            return true
        }
    }

    /// A run of whole data records: the bytes `start..<end`, the first record on `line`.
    package struct Part: Sendable, Equatable {
        package let start: Int, line: Int, end: Int
    }

    /// The data records in two parts, for reading them side by side: the first part ends at
    /// the first line end at or after `fraction` of the body's bytes, the second holds the rest.
    /// `nil` when the body is shorter than `minimumBytes`, or when the first part holds a quote
    /// or a carriage return: then only a scan from the start knows where a record begins and
    /// which line a byte is on (without them, every line feed ends a record and a line).
    ///
    /// - Complexity: O(bytes of the first part), one pass.
    package func parts(splittingAt fraction: Double, minimumBytes: Int = 1 << 20) -> (Part, Part)? {
        guard !isEmpty, bytes.count - bodyStart >= max(minimumBytes, 2), fraction > 0, fraction < 1 else { return nil }
        return bytes.withUnsafeBufferPointer { b -> (Part, Part)? in
            let n = b.count
            var cut = bodyStart + Int(Double(n - bodyStart) * fraction)
            while cut < n && b[cut] != 0x0A { cut += 1 }
            guard cut + 1 < n else { return nil }
            cut += 1
            var lines = 0, odd: UInt8 = 0
            for i in bodyStart..<cut {
                let x = b[i]
                lines &+= x == 0x0A ? 1 : 0
                odd |= (x == 0x22 ? 1 : 0) | (x == 0x0D ? 1 : 0)
            }
            guard odd == 0 else { return nil }
            return (Part(start: bodyStart, line: bodyLine, end: cut), Part(start: cut, line: bodyLine + lines, end: n))
        }
    }

    /// Calls `body` with each data record of `part` (from `parts(splittingAt:)`), in file order,
    /// with the lines, errors and limits of `forEachRow`.
    package func forEachRow(in part: Part, _ body: (CSVRow) -> Void) throws(CSVError) {
        guard !isEmpty else { return }
        try Self.scan(bytes, file: file, header: header, from: part.start, line: part.line, to: part.end) { row, _, _ in
            body(row)
            return true
        }
    }

    /// The record scanner: from `start` (at `line`) up to `stop` (the end by default), parses
    /// records and hands each to `visit` with the offset and line just past it; stops when
    /// `visit` returns false.
    static func scan(_ bytes: [UInt8], file: String, header: [String] = [], from start: Int, line startLine: Int,
                     to stop: Int = .max, recordLimit: Int = CSVRecordLimit.bytes,
                     _ visit: (CSVRow, Int, Int) -> Bool) throws(CSVError) {
        let comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var spans = [Int](repeating: 0, count: 2 * max(header.count, 8))
        var failure: CSVError? = nil
        bytes.withUnsafeBufferPointer { buf in
            guard let b = buf.baseAddress else { return }
            let n = min(buf.count, stop)
            var i = start, line = startLine
            records: while i < n {
                // Skip blank lines.
                if b[i] == lf { i += 1; line += 1; continue }
                if b[i] == cr { i += (i + 1 < n && b[i + 1] == lf) ? 2 : 1; line += 1; continue }
                let recordLine = line, recordStart = i
                var fields = 0
                var column = 1
                while true {
                    let fieldStart = i
                    if let error = scanField(b, count: n, at: &i, line: &line, file: file, column: column) {
                        failure = error
                        return
                    }
                    if 2 * fields + 2 > spans.count { spans.append(contentsOf: repeatElement(0, count: spans.count)) }
                    spans[2 * fields] = fieldStart
                    spans[2 * fields + 1] = i
                    fields += 1
                    if i < n && b[i] == comma { i += 1; column += 1; continue }
                    if i < n {
                        i += (b[i] == cr && i + 1 < n && b[i + 1] == lf) ? 2 : 1
                        line += 1
                    }
                    break
                }
                if let error = CSVRecordLimit.check(b, from: recordStart, to: i, line: recordLine, limit: recordLimit,
                                                   file: file) {
                    failure = error
                    return
                }
                let more = spans.withUnsafeBufferPointer { s in
                    visit(CSVRow(file: file, header: header, line: recordLine, fieldCount: fields,
                                 base: b, spans: s.baseAddress!), i, line)
                }
                if !more { return }
            }
        }
        if let failure { throw failure }
    }
}
