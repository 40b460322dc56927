import CKernels

/// The longest CSV record the readers accept: 16 MiB.
///
/// No ledger, progress or feature table comes near it (their records are well under a
/// kilobyte), but an input that never ends — a pipe that keeps writing, a file linked to
/// `/dev/zero` — would otherwise grow one record without bound. Every reader stops with a
/// `CSVError` at the line where that record starts and the field in progress once a record
/// passes the limit, having held at most about twice the limit in memory (the numeric reader,
/// and the whole-file readers on a pipe or device) or the file (a regular file, whose size is
/// known in advance).
public enum CSVRecordLimit {
    /// Bytes a record may span, its line end included: 16 MiB.
    public static let bytes = 16 << 20

    /// The error for a record that passes `limit` bytes.
    static func error(file: String, line: Int, column: Int, limit: Int) -> CSVError {
        CSVError(file: file, line: line, column: column,
                 message: "a record longer than \(describe(limit)) (the limit); the input may never end "
                    + "(a pipe or device?) or a quote may never close")
    }

    /// The error for the record at `b[start..<end]` (starting on `line`) when it is longer than
    /// `limit`, naming the field in progress at its `limit`-th byte; `nil` when it is not.
    static func check(_ b: UnsafePointer<UInt8>, from start: Int, to end: Int, line: Int, limit: Int,
                      file: String) -> CSVError? {
        guard end - start > limit else { return nil }
        var column = 1, inQuotes = false
        for k in start..<(start + limit) {
            if b[k] == 0x22 { inQuotes.toggle() } else if b[k] == 0x2C && !inQuotes { column += 1 }
        }
        return error(file: file, line: line, column: column, limit: limit)
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}

/// Follows the record structure of bytes as they arrive (quotes, commas, line ends), to stop
/// reading an input whose current record passes the limit before it is all in memory.
///
/// The bytes that structure CSV — `"`, `,`, CR, LF — are the same in UTF-8 and GB18030 and
/// never occur inside a multi-byte character of either, so the raw bytes can be followed
/// before decoding. Lines and fields are counted as the parsers count them.
struct RecordLengthGuard {
    let limit: Int
    /// Offset of the current record's first byte.
    private var recordStart = 0
    /// Line and field (1-based) where the current record starts and the field in progress.
    private var recordLine = 1, line = 1, column = 1
    private var inQuotes = false, afterCR = false

    init(limit: Int) { self.limit = limit }

    /// Follows `bytes`, which start at `offset` of the input (offsets are contiguous).
    ///
    /// - Throws: the `CSVRecordLimit` error when the current record has passed the limit.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, file: String) throws(CSVError) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var k = 0
        while true {
            // Only the structural bytes matter; the vector scan skips the rest.
            let next = worksafe_csv_next_structural(base, k, n)
            if next > k { afterCR = false }
            k = next
            if k >= n { break }
            let c = base[k]
            let position = offset + k
            k += 1
            if c == 0x0A {
                if !afterCR { line += 1 }
                if !inQuotes { recordStart = position + 1; recordLine = line; column = 1 }
            } else if c == 0x0D {
                line += 1
                if !inQuotes { recordStart = position + 1; recordLine = line; column = 1 }
            } else if c == 0x22 {
                inQuotes.toggle()
            } else if c == 0x2C && !inQuotes {
                column += 1
            }
            afterCR = c == 0x0D
        }
        if offset + bytes.count - recordStart > limit {
            throw CSVRecordLimit.error(file: file, line: recordLine, column: column, limit: limit)
        }
    }
}
