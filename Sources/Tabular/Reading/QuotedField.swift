import CKernels

/// How a quoted CSV field ended.
enum QuotedFieldEnd {
    /// Closed by a quote followed by a comma, a line break or the end of the input.
    case closed
    /// The input ended inside the quotes.
    case unterminated
    /// Text follows the closing quote (`"ab"c`).
    case textAfterClosingQuote

    /// The error message for a field that did not close properly.
    var message: String {
        switch self {
        case .closed: ""
        case .unterminated: "unterminated quoted field (a \" opens here and never closes)"
        case .textAfterClosingQuote: "unexpected text after a closing quote"
        }
    }
}

/// Scans the body of a quoted field (RFC 4180), shared by the general and the numeric reader.
///
/// On entry `i` is just past the opening quote; on return it is just past the closing quote
/// (`""` inside is an escaped quote). Line breaks inside the field advance `line` (CRLF counts
/// once). The field is `.closed` only when a comma, a line break or the end follows.
///
/// - Complexity: O(field length), one pass over the bytes, 16 at a time between quotes and line
///   ends.
@inline(__always)
func scanQuotedField(_ b: UnsafePointer<UInt8>, count n: Int, at i: inout Int, line: inout Int) -> QuotedFieldEnd {
    let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
    while true {
        // The vector scan stops at quotes and line ends (and commas, which are text here).
        i = worksafe_csv_next_structural(b, i, n)
        guard i < n else { return .unterminated }
        let c = b[i]
        if c == quote {
            if i + 1 < n && b[i + 1] == quote { i += 2; continue }
            i += 1
            break
        }
        if c == lf || (c == cr && !(i + 1 < n && b[i + 1] == lf)) { line += 1 }
        i += 1
    }
    if i < n && b[i] != comma && b[i] != lf && b[i] != cr { return .textAfterClosingQuote }
    return .closed
}

/// Scans one field, quoted or not, shared by the general reader and the row stream.
///
/// On entry `i` is at the field's first byte; on return it is at the comma, line break or end
/// that follows the field. A quoted field that does not close properly gives the `CSVError`
/// (the line where its quote opened when it never closes, else the current line, and `column`).
///
/// - Complexity: O(field length), one pass over the bytes.
@inline(__always)
func scanField(_ b: UnsafePointer<UInt8>, count n: Int, at i: inout Int, line: inout Int,
               file: String, column: Int) -> CSVError? {
    let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
    if i < n && b[i] == quote {
        let fieldLine = line
        i += 1
        let end = scanQuotedField(b, count: n, at: &i, line: &line)
        if end != .closed {
            return CSVError(file: file, line: end == .unterminated ? fieldLine : line,
                            column: column, message: end.message)
        }
    } else {
        // Most fields are short: a byte loop first, then the vector scan (which also stops at a
        // quote, text inside an unquoted field).
        let stop = min(n, i + 16)
        while i < stop {
            let c = b[i]
            if c == comma || c == lf || c == cr { return nil }
            i += 1
        }
        while i < n {
            i = worksafe_csv_next_structural(b, i, n)
            if i >= n || b[i] != quote { break }
            i += 1
        }
    }
    return nil
}
