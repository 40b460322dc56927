/// Writes CSV (RFC 4180, LF line ends) to a `ByteSink`, buffered.
///
/// Text cells are quoted when they contain a comma, quote, CR or LF (quotes doubled); a row of
/// one empty cell is written as `""` (an empty line would be skipped by readers). With the
/// formula guard on (the default), a text cell beginning with `=`, `+`, `-`, `@`, tab or CR gets
/// a leading apostrophe, so Excel and WPS show it as text instead of evaluating it (OWASP's
/// CSV-injection advice); numeric cells are never altered. An optional UTF-8 BOM makes Excel
/// and WPS detect UTF-8 (`--excel`).
public final class CSVWriter {
    private let sink: ByteSink
    private var buffer: [UInt8] = []
    private let guardsFormulas: Bool
    private let flushThreshold = 1 << 16

    /// A writer to `sink`; writes the BOM immediately when `byteOrderMark` is set.
    public init(to sink: ByteSink, byteOrderMark: Bool = false, guardsFormulas: Bool = true) {
        self.sink = sink
        self.guardsFormulas = guardsFormulas
        buffer.reserveCapacity(flushThreshold + 4096)
        if byteOrderMark { buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    }

    /// Writes a header row (text cells).
    public func writeHeader(_ names: [String]) throws {
        try writeRow(names.map { CSVCell.text($0) })
    }

    /// Writes one row.
    ///
    /// - Throws: `TabularIOError` from the sink.
    public func writeRow(_ cells: [CSVCell]) throws {
        let start = buffer.count
        for (k, cell) in cells.enumerated() {
            if k > 0 { buffer.append(0x2C) }
            append(cell)
        }
        // A row of one empty cell would be an empty line, which readers skip as blank: write
        // it as `""` so the row survives the round trip.
        if cells.count == 1 && buffer.count == start { buffer.append(contentsOf: [0x22, 0x22]) }
        buffer.append(0x0A)
        if buffer.count >= flushThreshold { try flush() }
    }

    private func append(_ cell: CSVCell) {
        switch cell {
        case .empty: break
        case .integer(let v): buffer.append(contentsOf: String(v).utf8)
        case .number(let x): buffer.append(contentsOf: CSVCell.format(x).utf8)
        case .decimal(let x, let places): buffer.append(contentsOf: CSVCell.fixed(x, places: places).utf8)
        case .text(let s): appendText(s)
        }
    }

    private func appendText(_ s: String) {
        var needsQuotes = false
        var guarded = false
        var first = true
        for b in s.utf8 {
            if first {
                first = false
                if guardsFormulas && (b == 0x3D || b == 0x2B || b == 0x2D || b == 0x40 || b == 0x09 || b == 0x0D) {
                    guarded = true
                }
            }
            if b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { needsQuotes = true }
        }
        // Text starting with U+FEFF at the start of a file would be read as a byte-order mark
        // and dropped; quoted, it survives.
        if s.utf8.starts(with: [0xEF, 0xBB, 0xBF]) { needsQuotes = true }
        if needsQuotes { buffer.append(0x22) }
        if guarded { buffer.append(0x27) }
        if needsQuotes {
            for b in s.utf8 {
                buffer.append(b)
                if b == 0x22 { buffer.append(0x22) }
            }
            buffer.append(0x22)
        } else {
            buffer.append(contentsOf: s.utf8)
        }
    }

    /// Sends buffered bytes to the sink.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try sink.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The quoted, guarded form of one text cell (for tests and messages).
    public static func encode(_ cell: CSVCell, guardsFormulas: Bool = true) -> String {
        let w = CSVWriter(to: MemorySink(), guardsFormulas: guardsFormulas)
        w.append(cell)
        return String(decoding: w.buffer, as: UTF8.self)
    }
}
