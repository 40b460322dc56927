import Foundation

/// Reads CSV files: RFC 4180 quoting (with embedded commas, quotes and newlines), LF, CRLF or
/// CR line ends, a UTF-8 BOM, and UTF-8 or GB18030 text (detected or forced).
///
/// The parser works on the decoded UTF-8 bytes: one pass records where each field ends, and
/// cells are decoded only when accessed (see `CSVTable`).
public enum CSVReader {
    /// Reads and parses the file at `url`.
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - encoding: `.auto` (default) detects UTF-8 (BOM or valid UTF-8) and otherwise decodes
    ///     GB18030; `.utf8` or `.gb18030` force one.
    ///   - displayName: the name used in errors; the file's last path component by default.
    /// - Complexity: O(*n*) in the file size.
    /// - Throws: `CSVError` when the file cannot be read, is not in the encoding, or has an
    ///   unterminated quote, text after a closing quote or a record longer than
    ///   `CSVRecordLimit.bytes` (a pipe or device is read only until a record passes it).
    public static func read(contentsOf url: URL, encoding: TextEncoding = .auto,
                            displayName: String? = nil) throws(CSVError) -> CSVTable {
        try read(contentsOf: url, encoding: encoding, displayName: displayName, recordLimit: CSVRecordLimit.bytes)
    }

    /// `read(contentsOf:encoding:displayName:)` with another record limit (tests).
    static func read(contentsOf url: URL, encoding: TextEncoding, displayName: String?,
                     recordLimit: Int) throws(CSVError) -> CSVTable {
        let name = displayName ?? url.lastPathComponent
        var bytes = try FileBytes.read(path: url.path, displayName: name, recordLimit: recordLimit)
        let used = try decode(&bytes, file: name, encoding: encoding)
        return try parseUTF8(bytes, file: name, encoding: used, recordLimit: recordLimit)
    }

    /// Parses CSV text given as raw bytes in `encoding`.
    ///
    /// - Throws: `CSVError` as for `read(contentsOf:encoding:displayName:)`.
    public static func parse(bytes raw: [UInt8], file: String, encoding: TextEncoding = .auto)
        throws(CSVError) -> CSVTable
    {
        var bytes = raw
        let used = try decode(&bytes, file: file, encoding: encoding)
        return try parseUTF8(bytes, file: file, encoding: used)
    }


    /// The bytes as UTF-8 (BOM stripped) and the encoding they were in.
    static func decode(_ bytes: inout [UInt8], file: String, encoding: TextEncoding) throws(CSVError)
        -> TextEncoding
    {
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        if hasBOM { bytes.removeFirst(3) }
        let used: TextEncoding
        (bytes, used) = try utf8(bytes, hasBOM: hasBOM, requested: encoding, file: file)
        guard bytes.count < Int(UInt32.max) else {
            throw CSVError(file: file, line: 0, column: 0, message: "files over 4 GiB are not supported")
        }
        return used
    }

    /// Text bytes (without their BOM) as UTF-8, and the encoding they were in: GB18030 when
    /// requested (transcoded; a UTF-8 BOM in front, a mis-saved file, is ignored), UTF-8 when
    /// the file had a BOM or `requested` is `.utf8` (checked), and for `.auto` UTF-8 when the
    /// bytes are valid UTF-8, GB18030 otherwise.
    ///
    /// - Throws: `CSVError` at the first byte that is not valid text in the encoding in force,
    ///   naming the encodings that would help; for UTF-16 text (a UTF-16 byte-order mark, or,
    ///   when detecting, the zero bytes of ASCII in UTF-16), an error that says so.
    static func utf8(_ bytes: [UInt8], hasBOM: Bool, requested: TextEncoding, file: String)
        throws(CSVError) -> (bytes: [UInt8], encoding: TextEncoding)
    {
        if !hasBOM, let form = TextDecoding.utf16Form(bytes, guessing: requested == .auto) {
            throw CSVError(file: file, line: 0, column: 0,
                           message: "the file is \(form) text, which worksafe does not read; save it as UTF-8 (Excel: \"CSV UTF-8\") or GB18030")
        }
        switch hasBOM && requested != .gb18030 ? .utf8 : requested {
        case .utf8:
            if let bad = bytes.withUnsafeBufferPointer({ TextDecoding.firstInvalidUTF8($0) }) {
                throw invalidText(bytes, at: bad, file: file, encoding: "UTF-8", offsetBase: hasBOM ? 3 : 0,
                                  advice: hasBOM
                                    ? "it starts with a UTF-8 byte-order mark, but if it is GB18030 (GBK) text saved with a wrong mark, pass --encoding gb18030"
                                    : "if it is GB18030 (GBK) text, pass --encoding gb18030 (or auto)")
            }
            return (bytes, .utf8)
        case .auto:
            guard let bad = bytes.withUnsafeBufferPointer({ TextDecoding.firstInvalidUTF8($0) }) else {
                return (bytes, .utf8)
            }
            guard let decoded = TextDecoding.utf8FromGB18030(bytes) else {
                throw invalidText(bytes, at: bad, file: file, encoding: "UTF-8 or GB18030", offsetBase: 0,
                                  advice: "save it as UTF-8 (Excel: \"CSV UTF-8\") or GB18030")
            }
            return (decoded, .gb18030)
        case .gb18030:
            guard let decoded = TextDecoding.utf8FromGB18030(bytes) else {
                throw CSVError(file: file, line: 0, column: 0,
                               message: "the file is not valid GB18030 text; if it is UTF-8, pass --encoding utf-8 (or auto)")
            }
            return (decoded, .gb18030)
        }
    }

    static func invalidText(_ bytes: [UInt8], at offset: Int, file: String, encoding: String,
                            offsetBase: Int = 0, advice: String) -> CSVError {
        var line = 1, lastNewline = -1
        for i in 0..<offset where bytes[i] == 0x0A { line += 1; lastNewline = i }
        let column = bytes[(lastNewline + 1)..<offset].reduce(1) { $0 + ($1 == 0x2C ? 1 : 0) }
        return CSVError(file: file, line: line, column: column,
                        message: "the file is not valid \(encoding) text (byte offset \(offset + offsetBase)); \(advice)")
    }

    /// The field-offset pass over UTF-8 bytes.
    static func parseUTF8(_ bytes: [UInt8], file: String, encoding: TextEncoding,
                          recordLimit: Int = CSVRecordLimit.bytes) throws(CSVError) -> CSVTable {
        var fieldEnds: [UInt32] = []
        var recordStarts: [UInt32] = []
        var recordFirstField: [UInt32] = []
        var recordLines: [UInt32] = []
        // Rough capacity guesses to avoid repeated growth on large files.
        fieldEnds.reserveCapacity(bytes.count / 6 + 16)
        recordStarts.reserveCapacity(bytes.count / 64 + 16)
        recordFirstField.reserveCapacity(bytes.count / 64 + 16)
        recordLines.reserveCapacity(bytes.count / 64 + 16)

        let comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var failure: CSVError? = nil
        bytes.withUnsafeBufferPointer { buf in
            guard let b = buf.baseAddress else { return }
            let n = buf.count
            var i = 0, line = 1
            records: while i < n {
                // Skip blank lines.
                if b[i] == lf { i += 1; line += 1; continue }
                if b[i] == cr { i += (i + 1 < n && b[i + 1] == lf) ? 2 : 1; line += 1; continue }
                let recordStart = i, recordLine = line
                recordStarts.append(UInt32(i))
                recordFirstField.append(UInt32(fieldEnds.count))
                recordLines.append(UInt32(line))
                var column = 1
                while true {
                    if let error = scanField(b, count: n, at: &i, line: &line, file: file, column: column) {
                        failure = error
                        return
                    }
                    fieldEnds.append(UInt32(i))
                    if i < n && b[i] == comma { i += 1; column += 1; continue }
                    if i < n {
                        i += (b[i] == cr && i + 1 < n && b[i + 1] == lf) ? 2 : 1
                        line += 1
                    }
                    if let error = CSVRecordLimit.check(b, from: recordStart, to: i, line: recordLine,
                                                        limit: recordLimit, file: file) {
                        failure = error
                        return
                    }
                    if i >= n { break records }
                    continue records
                }
            }
        }
        if let failure { throw failure }
        recordFirstField.append(UInt32(fieldEnds.count))
        return CSVTable(file: file, encoding: encoding, bytes: bytes, fieldEnds: fieldEnds,
                        recordStarts: recordStarts, recordFirstField: recordFirstField,
                        recordLines: recordLines)
    }
}
