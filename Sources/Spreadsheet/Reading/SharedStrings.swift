/// The shared-string table of a workbook (`xl/sharedStrings.xml`): every distinct text of the
/// sheets, referenced from cells by index (`<c t="s"><v>12</v></c>`).
///
/// Held as one UTF-8 byte array and an offset per string (the text of a rich-text string is
/// its runs concatenated; phonetic runs `<rPh>` are left out). Its size is bounded by
/// `WorkbookLimits.maximumSharedStringBytes` and `maximumSharedStrings`.
struct SharedStrings {
    private(set) var bytes: [UInt8] = []
    /// `offsets[k]..<offsets[k + 1]` is string k.
    private(set) var offsets: [Int] = [0]

    var count: Int { offsets.count - 1 }

    /// The range of string `index` in `bytes`, or `nil` when there is no such string.
    @inline(__always)
    func range(_ index: Int) -> Range<Int>? {
        guard index >= 0, index < count else { return nil }
        return offsets[index]..<offsets[index + 1]
    }

    /// Reads the table from a part streamed by `read`.
    static func load(limits: WorkbookLimits,
                     _ read: ((UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void) throws -> SharedStrings {
        var handler = Handler(limits: limits)
        var stream = XMLStream(maximumToken: limits.maximumCellBytes * 6 + 4096)
        try read { chunk in try stream.feed(chunk, final: false, to: &handler) }
        try stream.feed(UnsafeBufferPointer(start: nil, count: 0), final: true, to: &handler)
        try handler.stack.checkClosed()
        return handler.table
    }

    private struct Handler: XMLTokenHandler {
        let limits: WorkbookLimits
        var table = SharedStrings()
        var stack = ElementStack()
        /// Depth of the open `<si>` (0: none); inside `<t>` not within `<rPh>`.
        var inItem = false, inText = false, phonetic = 0

        init(limits: WorkbookLimits) { self.limits = limits }

        mutating func handle(_ token: XMLToken, in b: UnsafeBufferPointer<UInt8>) throws(XMLFailure) -> Bool {
            switch token {
            case .start(let name, _, let selfClosing):
                if !selfClosing { try stack.open(b, name) }
                if XMLTokenizer.equals(b, name, "si") {
                    if selfClosing { try finishItem() } else { inItem = true }
                } else if XMLTokenizer.equals(b, name, "rPh") {
                    if !selfClosing { phonetic += 1 }
                } else if XMLTokenizer.equals(b, name, "t") {
                    inText = inItem && !selfClosing && phonetic == 0
                }
            case .end(let name):
                try stack.close(b, name)
                if XMLTokenizer.equals(b, name, "si") { try finishItem(); inItem = false }
                else if XMLTokenizer.equals(b, name, "rPh") { phonetic -= 1 }
                else if XMLTokenizer.equals(b, name, "t") { inText = false }
            case .text(let range):
                if inText {
                    try XMLTokenizer.appendDecoded(b, range, to: &table.bytes, ooxmlEscapes: true)
                    try checkSize()
                }
            case .cdata(let range):
                if inText {
                    table.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[range]))
                    try checkSize()
                }
            case .skipped: break
            }
            return true
        }

        func checkSize() throws(XMLFailure) {
            if table.bytes.count - table.offsets[table.offsets.count - 1] > limits.maximumCellBytes {
                throw XMLFailure("a shared string longer than \(limits.maximumCellBytes) bytes (Excel allows 32,767 characters)")
            }
            if table.bytes.count > limits.maximumSharedStringBytes {
                throw XMLFailure("the shared strings exceed \(limits.maximumSharedStringBytes) bytes (limit)")
            }
        }

        mutating func finishItem() throws(XMLFailure) {
            let start = table.offsets[table.offsets.count - 1]
            let ok = table.bytes.withUnsafeBufferPointer { XMLTokenizer.isValidUTF8(UnsafeBufferPointer(rebasing: $0[start...])) }
            if !ok { throw XMLFailure("shared string \(table.count) is not valid UTF-8") }
            if table.count >= limits.maximumSharedStrings {
                throw XMLFailure("more than \(limits.maximumSharedStrings) shared strings (limit)")
            }
            table.offsets.append(table.bytes.count)
        }
    }
}

/// Which cell styles show dates, from `xl/styles.xml`: a cell's `s` attribute indexes
/// `<cellXfs>`, whose `numFmtId` is a built-in format (14–22 and the East Asian 27–36, 50–58
/// are dates or times; 45–47 times) or a custom `<numFmt formatCode>` that is a date format
/// (`DateFormatCode.isDate`).
struct CellStyles {
    /// Whether style k shows a date or time.
    var isDate: [Bool] = []

    static func isBuiltInDate(_ id: Int) -> Bool {
        (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
    }

    /// Parses the styles part.
    static func parse(_ bytes: [UInt8]) throws(XMLFailure) -> CellStyles {
        var custom: [Int: Bool] = [:]
        var formats: [Int] = []
        var inCellXfs = false
        try bytes.withUnsafeBufferPointer { (b) throws(XMLFailure) in
            try XMLTokenizer.forEachTag(in: b) { (token) throws(XMLFailure) in
                switch token {
                case .start(let name, let attributes, let selfClosing):
                    if XMLTokenizer.equals(b, name, "numFmt") {
                        var id: Int?, code = ""
                        try XMLTokenizer.attributes(b, attributes) { (n, v) throws(XMLFailure) in
                            if XMLTokenizer.equals(b, n, "numFmtId") { id = XMLTokenizer.decimal(b, v.lowerBound, v.upperBound).map(Int.init) }
                            if XMLTokenizer.equals(b, n, "formatCode") {
                                var out: [UInt8] = []
                                try XMLTokenizer.appendDecoded(b, v, to: &out, ooxmlEscapes: false)
                                code = String(decoding: out, as: UTF8.self)
                            }
                        }
                        if let id { custom[id] = DateFormatCode.isDate(code) }
                    } else if XMLTokenizer.equals(b, name, "cellXfs") {
                        inCellXfs = !selfClosing
                    } else if inCellXfs && XMLTokenizer.equals(b, name, "xf") {
                        var id = 0
                        try XMLTokenizer.attributes(b, attributes) { (n, v) throws(XMLFailure) in
                            if XMLTokenizer.equals(b, n, "numFmtId") { id = XMLTokenizer.decimal(b, v.lowerBound, v.upperBound).map(Int.init) ?? 0 }
                        }
                        formats.append(id)
                    }
                case .end(let name):
                    if XMLTokenizer.equals(b, name, "cellXfs") { inCellXfs = false }
                case .text, .cdata, .skipped: break
                }
            }
        }
        return CellStyles(isDate: formats.map { custom[$0] ?? isBuiltInDate($0) })
    }
}

/// Whether an Excel number format shows a date or time.
enum DateFormatCode {
    /// True when, outside quoted literals, backslash escapes, `[…]` sections (colours,
    /// conditions, locales) and `_x`/`*x` padding, the first section of `code` has a date or
    /// time letter (y, m, d, h, s). `General`, `0.00` and `@` are not dates; `yyyy-mm-dd`,
    /// `yyyy"年"m"月"d"日"` and `[$-804]aaaa` with a date part are.
    static func isDate(_ code: String) -> Bool {
        var inQuote = false, inBracket = false, skipNext = false
        for c in code.lowercased() {
            if skipNext { skipNext = false; continue }
            if inQuote { if c == "\"" { inQuote = false }; continue }
            if inBracket { if c == "]" { inBracket = false }; continue }
            switch c {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": skipNext = true
            case ";": return false
            case "y", "m", "d", "h", "s": return true
            default: break
            }
        }
        return false
    }
}
