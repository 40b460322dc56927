import CKernels
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

/// Buffer sizes of the streaming numeric reader. Tests shrink them so that chunk and staging
/// boundaries fall everywhere.
struct NumericReadTuning: Sendable {
    /// Bytes read from the file at a time (at least 4, to see a byte-order mark in the first).
    var chunkSize = 1 << 20
    /// Rows parsed into the staging block before it is appended to the columns.
    var stagingRows = 4096
    /// The longest record accepted (`CSVRecordLimit.bytes`).
    var recordLimit = CSVRecordLimit.bytes

    static let standard = NumericReadTuning()
}

extension CSVReader {
    /// Reads an all-numeric CSV file into columns in one streaming pass, with no field-offset
    /// table and no `String` for any cell: the fastest and leanest way to load a numeric table.
    ///
    /// Same text handling as `read(contentsOf:)` (quotes, CRLF, BOM, UTF-8/GB18030, blank lines
    /// skipped). Blank cells are NaN. The file is read in 1 MiB chunks (a record cut by a chunk
    /// boundary is carried over to the next one), so it is never in memory whole; the columns
    /// are reserved once from the file size and the bytes per row of the first chunk. Memory:
    /// the columns (8 bytes a cell, a few percent of slack) plus about 1.5 MiB.
    ///
    /// Encoding: a UTF-8 byte-order mark means UTF-8; otherwise the header record decides
    /// (`.auto`: valid UTF-8, else GB18030). Data cells must be numbers, which are ASCII and the
    /// same in both encodings; a cell with other bytes is an error, reported in the file's text
    /// when it decodes, as invalid text otherwise.
    ///
    /// - Complexity: O(*n*) in the file size, one pass; a record longer than a chunk is
    ///   rescanned O(log(length / chunk)) times.
    /// - Throws: `CSVError` when the file cannot be read, and naming line and column for a
    ///   cell that is not a number, a row with more or fewer fields than the header, malformed
    ///   quoting, text not in the encoding, or a record longer than `CSVRecordLimit.bytes` (the
    ///   reader holds at most about twice that: an input that never ends stops there).
    public static func readNumericColumns(contentsOf url: URL, encoding: TextEncoding = .auto,
                                          displayName: String? = nil) throws(CSVError) -> NumericColumns {
        try readNumericColumns(contentsOf: url, encoding: encoding, displayName: displayName, tuning: .standard)
    }

    static func readNumericColumns(contentsOf url: URL, encoding: TextEncoding, displayName: String?,
                                   tuning: NumericReadTuning) throws(CSVError) -> NumericColumns {
        let name = displayName ?? url.lastPathComponent
        var source = try FileByteChunks(path: url.path, displayName: name)
        defer { source.close() }
        return try numericColumns(from: &source, file: name, encoding: encoding, tuning: tuning)
    }

    /// `readNumericColumns` on bytes in memory.
    ///
    /// - Throws: `CSVError` as `readNumericColumns(contentsOf:encoding:displayName:)` does.
    public static func numericColumns(bytes raw: [UInt8], file: String, encoding: TextEncoding = .auto)
        throws(CSVError) -> NumericColumns {
        try numericColumns(bytes: raw, file: file, encoding: encoding, tuning: .standard)
    }

    static func numericColumns(bytes raw: [UInt8], file: String, encoding: TextEncoding,
                               tuning: NumericReadTuning) throws(CSVError) -> NumericColumns {
        var source = MemoryByteChunks(raw)
        return try numericColumns(from: &source, file: file, encoding: encoding, tuning: tuning)
    }

    /// How the scan of the header record ended.
    private enum HeaderScan {
        /// The record (and its line end) ends just before this window index.
        case complete(Int)
        /// The record may go on past the window: read more and scan again.
        case needMore
        /// No record at all: the input is empty or blank.
        case empty
    }

    /// Finds the end of the header record in `b[start..<n]`, counting lines, without decoding it
    /// (the bytes that structure CSV — quote, comma, CR, LF — are the same in UTF-8 and GB18030
    /// and never occur inside a multi-byte character of either).
    private static func scanHeader(_ b: UnsafePointer<UInt8>, count n: Int, from start: Int, atEnd: Bool,
                                   line: inout Int, file: String) throws(CSVError) -> HeaderScan {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var i = start
        while i < n {
            if b[i] == lf { i += 1; line += 1; continue }
            if b[i] != cr { break }
            if i + 1 < n { i += b[i + 1] == lf ? 2 : 1 } else if atEnd { i += 1 } else { return .needMore }
            line += 1
        }
        if i >= n { return atEnd ? .empty : .needMore }
        var column = 1
        while true {
            if i < n && b[i] == quote {
                let fieldLine = line
                i += 1
                let end = scanQuotedField(b, count: n, at: &i, line: &line)
                switch end {
                case .closed: if i >= n && !atEnd { return .needMore }
                case .unterminated:
                    if !atEnd { return .needMore }
                    throw CSVError(file: file, line: fieldLine, column: column, message: end.message)
                case .textAfterClosingQuote:
                    throw CSVError(file: file, line: line, column: column, message: end.message)
                }
            } else {
                while i < n && b[i] != comma && b[i] != lf && b[i] != cr { i += 1 }
                if i >= n && !atEnd { return .needMore }
            }
            if i >= n { return .complete(i) }
            if b[i] == comma { i += 1; column += 1; continue }
            if b[i] == cr {
                if i + 1 < n { i += b[i + 1] == lf ? 2 : 1 } else if atEnd { i += 1 } else { return .needMore }
            } else {
                i += 1
            }
            line += 1
            return .complete(i)
        }
    }

    /// The rows expected in the whole input, from the bytes per row so far; `nil` when the
    /// size is unknown. A margin of 1/64 absorbs rows a little shorter than the first; when
    /// the rest are longer, the estimate is high by as much (the ledger's ids grow from 1 to 7
    /// digits: about 2% on a million rows); when they are shorter, the columns grow later.
    private static func expectedRows(size: Int?, dataStart: Int, committedEnd: Int, rows: Int) -> Int? {
        guard let size, rows > 0, committedEnd > dataStart else { return nil }
        let bytesPerRow = Double(committedEnd - dataStart) / Double(rows)
        let more = Double(max(0, size - committedEnd)) / bytesPerRow
        return rows + Int((more * (1 + 1.0 / 64)).rounded(.up)) + 16
    }

    /// The streaming reader behind `readNumericColumns` and `numericColumns(bytes:)`.
    static func numericColumns<Source: ByteChunkSource>(from source: inout Source, file: String,
                                                        encoding requested: TextEncoding,
                                                        tuning: NumericReadTuning) throws(CSVError) -> NumericColumns {
        try numericColumns(from: &source, file: file, encoding: requested, tuning: tuning, labelColumn: nil).table
    }

    /// The streaming reader, with column `labelColumn` (when given) read as text: its cells are
    /// the `labels` (its numeric column is all NaN).
    static func numericColumns<Source: ByteChunkSource>(from source: inout Source, file: String,
                                                        encoding requested: TextEncoding, tuning: NumericReadTuning,
                                                        labelColumn: Int?) throws(CSVError)
        -> (table: NumericColumns, labels: [String]) {
        var window = ChunkWindow(chunkSize: tuning.chunkSize)
        try window.refill(keepingFrom: 0, from: &source)

        // A UTF-8 byte-order mark, then the header record (kept whole in the window).
        var start = 0
        let hasBOM = window.count >= 3 && window.base[0] == 0xEF && window.base[1] == 0xBB && window.base[2] == 0xBF
        if hasBOM { start = 3 }
        var line = 1
        var headerEnd = 0
        header: while true {
            line = 1
            switch try scanHeader(window.base, count: window.count, from: start, atEnd: window.isAtEnd,
                                  line: &line, file: file) {
            case .complete(let end): headerEnd = end; break header
            case .empty: return (NumericColumns(header: [], columns: []), [])
            case .needMore:
                if let error = CSVRecordLimit.check(window.base, from: start, to: window.count, line: 1,
                                                    limit: tuning.recordLimit, file: file) {
                    throw error
                }
                try window.refill(keepingFrom: start, from: &source)
                start = 0
            }
        }

        // The header's encoding decides the file's (data cells are ASCII numbers).
        let headerBytes = Array(UnsafeBufferPointer(start: window.base + start, count: headerEnd - start))
        let (headerUTF8, used) = try CSVReader.utf8(headerBytes, hasBOM: hasBOM, requested: requested, file: file)
        let header = try parseUTF8(headerUTF8, file: file, encoding: used).header
        let columnCount = header.count
        let lenientUTF8 = used == .utf8 && requested == .auto && !hasBOM
        let bomLength = hasBOM ? 3 : 0

        /// The error for a cell that is not a number: its text in the file's encoding, or
        /// invalid text when it does not decode.
        /// The text of `b[s..<e]` in the file's encoding, or the error naming its byte offset.
        func decodedText(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int, line: Int, column: Int,
                         offset: Int) -> Result<String, CSVError> {
            var ascii = true
            for k in s..<e where b[k] >= 0x80 { ascii = false; break }
            if ascii { return .success(String(decoding: UnsafeBufferPointer(start: b + s, count: e - s), as: UTF8.self)) }
            let bytes = Array(UnsafeBufferPointer(start: b + s, count: e - s))
            let bad = bytes.withUnsafeBufferPointer { TextDecoding.firstInvalidUTF8($0) }
            if used == .utf8 && bad == nil {
                return .success(String(decoding: bytes, as: UTF8.self))
            } else if used == .gb18030 || lenientUTF8, let decoded = TextDecoding.utf8FromGB18030(bytes) {
                return .success(String(decoding: decoded, as: UTF8.self))
            }
            let name = used == .gb18030 ? "GB18030" : lenientUTF8 ? "UTF-8 or GB18030" : "UTF-8"
            return .failure(CSVError(file: file, line: line, column: column,
                                     message: "the file is not valid \(name) text (byte offset \(offset + (bad ?? 0))); "
                                         + "force another encoding with --encoding"))
        }

        func cellError(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int, line: Int, column: Int, offset: Int) -> CSVError {
            switch decodedText(b, s, e, line: line, column: column, offset: offset) {
            case .failure(let error): return error
            case .success(let text):
                return CSVError(file: file, line: line, column: column,
                                message: "not a number in column \"\(header[column - 1])\": \"\(text)\"")
            }
        }

        // Text labels of `labelColumn`: spans from the C loop, one entry per staged row.
        let label = labelColumn.map { $0 < columnCount ? $0 : -1 } ?? -1
        var labels: [String] = []
        var labelSpans = [Int](repeating: 0, count: label >= 0 ? 2 * tuning.stagingRows : 2)

        // The data records, chunk by chunk. A record that reaches the end of the window before
        // the input ends is rolled back (its line count too) and carried into the next window;
        // a line end's CR at the window's end waits for the next byte (CRLF counts once), and so
        // does a quote there (it may be the first of an escaped "").
        var columns = StagedColumns(columnCount: columnCount, stagingRows: tuning.stagingRows)
        defer { columns.deallocate() }
        let size = source.sizeHint
        let dataStart = window.offset + headerEnd
        var committedEnd = dataStart
        let stride = columns.stagingRows
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var position = headerEnd
        chunks: while true {
            let b = UnsafePointer(window.base), n = window.count, atEnd = window.isAtEnd
            var i = position
            var resume = 0
            records: while true {
                while i < n {
                    let c = b[i]
                    if c == lf { i += 1; line += 1; continue }
                    if c != cr || i + 1 >= n && !atEnd { break }
                    i += (i + 1 < n && b[i + 1] == lf) ? 2 : 1
                    line += 1
                }
                if i >= n {
                    if atEnd { break chunks }
                    resume = i
                    break records
                }
                if b[i] == cr { resume = i; break records }  // a CR at the window's end
                if columns.isFull {
                    // Estimated once a chunk's worth of rows is in: a longer sample than a block.
                    let sampled = committedEnd - dataStart >= tuning.chunkSize
                    columns.flush(expectedRows: sampled ? expectedRows(size: size, dataStart: dataStart,
                                                                       committedEnd: committedEnd,
                                                                       rows: columns.rowCount) : nil)
                }
                // Plain records (numbers or blanks, no quotes or spaces) in one C loop; the
                // general path below takes the record it stops at.
                var fastEnd = i, fastLines = 0
                let staged = columns.staged
                let fastRows = labelSpans.withUnsafeMutableBufferPointer { spans in
                    worksafe_csv_plain_numeric_rows(b, n, &fastEnd, columnCount, label, spans.baseAddress!,
                                                    columns.staging, stride, staged, stride - staged, &fastLines)
                }
                if fastLines > 0 {
                    if label >= 0 {
                        for r in staged..<(staged + fastRows) {
                            let (s, e) = (labelSpans[2 * r], labelSpans[2 * r + 1])
                            switch decodedText(b, s, e, line: 0, column: label + 1, offset: window.offset + s - bomLength) {
                            case .success(let text): labels.append(text)
                            case .failure(var error):
                                // Its line: the plain records before it are one line each, as
                                // are the blank lines between them.
                                error.line = line + (i..<s).reduce(0) { $0 + (b[$1] == lf ? 1 : 0) }
                                throw error
                            }
                        }
                    }
                    columns.commitRows(fastRows)
                    line += fastLines
                    i = fastEnd
                    committedEnd = window.offset + i
                    continue records
                }
                let recordStart = i, recordLine = line
                let out = columns.staging + columns.staged
                var column = 0
                var rowLabel = ""
                fields: while true {
                    if column == columnCount {
                        throw CSVError(file: file, line: recordLine, column: column + 1,
                                       message: "row has more fields than the header (\(columnCount))")
                    }
                    let fieldLine = line
                    var s = i, e: Int
                    let quoted = i < n && b[i] == quote
                    if quoted {
                        i += 1
                        let end = scanQuotedField(b, count: n, at: &i, line: &line)
                        switch end {
                        case .closed:
                            if i >= n && !atEnd { resume = recordStart; line = recordLine; break records }
                        case .unterminated:
                            if !atEnd { resume = recordStart; line = recordLine; break records }
                            throw CSVError(file: file, line: fieldLine, column: column + 1, message: end.message)
                        case .textAfterClosingQuote:
                            throw CSVError(file: file, line: line, column: column + 1, message: end.message)
                        }
                        s += 1
                        e = i - 1
                    } else {
                        while i < n {
                            let c = b[i]
                            if c == comma || c == lf || c == cr { break }
                            i += 1
                        }
                        if i >= n && !atEnd { resume = recordStart; line = recordLine; break records }
                        e = i
                    }
                    var value = Double.nan
                    if column == label {
                        rowLabel = try decodedText(b, s, e, line: fieldLine, column: column + 1,
                                                   offset: window.offset + s - bomLength).get()
                        if quoted && rowLabel.utf8.contains(quote) {
                            rowLabel = rowLabel.replacingOccurrences(of: "\"\"", with: "\"")
                        }
                    } else if s < e {
                        if let v = FastNumberParsing.double(b, s, e) {
                            value = v
                        } else {
                            var k = s
                            while k < e && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
                            if k < e {
                                throw cellError(b, s, e, line: fieldLine, column: column + 1,
                                                offset: window.offset + s - bomLength)
                            }
                        }
                    }
                    out[column &* stride] = value
                    column += 1
                    if i >= n { break fields }
                    let c = b[i]
                    if c == comma { i += 1; continue fields }
                    if c == cr {
                        if i + 1 < n { i += b[i + 1] == lf ? 2 : 1 } else if atEnd { i += 1 } else {
                            resume = recordStart; line = recordLine; break records
                        }
                    } else {
                        i += 1
                    }
                    line += 1
                    break fields
                }
                if column != columnCount {
                    throw CSVError(file: file, line: recordLine, column: column,
                                   message: "row has \(column) field(s), the header has \(columnCount)")
                }
                if label >= 0 { labels.append(rowLabel) }
                columns.commitRow()
                committedEnd = window.offset + i
            }
            if let error = CSVRecordLimit.check(b, from: resume, to: n, line: line, limit: tuning.recordLimit,
                                                file: file) {
                throw error
            }
            try window.refill(keepingFrom: resume, from: &source)
            position = 0
        }
        columns.flush(expectedRows: nil, isLast: true)
        return (NumericColumns(header: header, columns: columns.columns), labels)
    }
}
