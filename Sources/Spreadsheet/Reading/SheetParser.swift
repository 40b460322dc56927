/// A row of a worksheet as the parser hands it out: its number, and the text of each non-empty
/// cell (column, byte range in `bytes`), in column order. Valid only during the call.
struct ParsedRow {
    var line: Int
    /// Column, start, end of each cell, flattened.
    var cells: UnsafeBufferPointer<Int>
    var bytes: UnsafeBufferPointer<UInt8>
    var cellCount: Int { cells.count / 3 }
}

/// The streaming parser of a worksheet part: `<sheetData>` → `<row r>` → `<c r t s>` with `<v>`
/// or an inline string `<is>`. Each cell becomes text as a CSV export would hold it, so that
/// CSV and workbook rows go through the same validation:
///
/// | cell | text |
/// |---|---|
/// | shared (`t="s"`) or inline string, formula string (`t="str"`) | the string (rich-text runs joined, phonetic runs left out, `_xHHHH_` escapes decoded); a text beginning with `"` is CSV-quoted |
/// | number in a date style (`CellStyles`) | `YYYY-MM-DD` (with ` HH:MM:SS` when it has a time), in the workbook's date system; serial 60 of the 1900 system is the fictitious `1900-02-29`; a serial below 1 stays a number |
/// | number | as stored (`85.5`, `1E-3`); an integer of more than 15 digits — a credit code Excel took for a number — in scientific notation (`9.13501056680645E+17`), as Excel shows it |
/// | boolean | `TRUE` / `FALSE` |
/// | error (`#N/A`), ISO date (`t="d"`) | as stored |
///
/// Formulas are never evaluated: their cached value is read. Rows come in ascending order, cells
/// in ascending columns (a workbook that breaks this is malformed).
struct SheetParser: XMLTokenHandler {
    let strings: SharedStrings
    let dateStyles: [Bool]
    let system: ExcelDate.System
    let limits: WorkbookLimits
    /// Receives each non-blank row; returns false to stop.
    let emit: (ParsedRow) -> Bool

    var stack = ElementStack()
    private var inSheetData = false
    private var lastLine = 0
    private var line = 0
    private var rowBytes: [UInt8] = []
    private var cells: [Int] = []
    private var nextColumn = 0

    private enum CellType { case number, shared, inline, formulaString, boolean, error, isoDate }
    private var inCell = false
    private var cellColumn = 0
    private var cellType = CellType.number
    private var cellStyle = 0
    /// 0: not capturing; 1: inside `<v>`; 2: inside `<is>…<t>`.
    private var capture = 0
    private var inInline = false
    private var phonetic = 0
    private var value: [UInt8] = []

    init(strings: SharedStrings, dateStyles: [Bool], system: ExcelDate.System, limits: WorkbookLimits,
         emit: @escaping (ParsedRow) -> Bool) {
        self.strings = strings; self.dateStyles = dateStyles; self.system = system; self.limits = limits
        self.emit = emit
        rowBytes.reserveCapacity(4096)
        cells.reserveCapacity(3 * 64)
        value.reserveCapacity(256)
    }

    /// The last row number seen (for locating a failure).
    var currentLine: Int { line }
    /// The column of the cell being read, when inside one.
    var currentColumn: Int? { inCell ? cellColumn : nil }

    mutating func handle(_ token: XMLToken, in b: UnsafeBufferPointer<UInt8>) throws(XMLFailure) -> Bool {
        switch token {
        case .text(let range):
            if capture != 0 && phonetic == 0 {
                try XMLTokenizer.appendDecoded(b, range, to: &value, ooxmlEscapes: capture == 2 || cellType == .formulaString)
                if value.count > limits.maximumCellBytes { throw XMLFailure("a cell longer than \(limits.maximumCellBytes) bytes") }
            }
        case .cdata(let range):
            if capture != 0 && phonetic == 0 { value.append(contentsOf: UnsafeBufferPointer(rebasing: b[range])) }
        case .start(let name, let attributes, let selfClosing):
            if !selfClosing { try stack.open(b, name) }
            guard inSheetData else {
                if XMLTokenizer.equals(b, name, "sheetData") { inSheetData = !selfClosing }
                return true
            }
            let n = name.count, first = b[name.lowerBound]
            if n == 1 && first == 0x63 {  // c
                try startCell(b, attributes)
                if selfClosing { return try endCell() }
            } else if n == 1 && first == 0x76 {  // v
                if inCell && !selfClosing { capture = 1 }
            } else if n == 1 && first == 0x74 {  // t
                if inInline && !selfClosing { capture = 2 }
            } else if n == 3 && first == 0x72 && XMLTokenizer.equals(b, name, "row") {
                try startRow(b, attributes)
                if selfClosing { return try endRow() }
            } else if n == 2 && XMLTokenizer.equals(b, name, "is") {
                if inCell && !selfClosing { inInline = true }
            } else if n == 3 && XMLTokenizer.equals(b, name, "rPh") {
                if !selfClosing { phonetic += 1 }
            }
        case .end(let name):
            try stack.close(b, name)
            guard inSheetData else { return true }
            let n = name.count, first = b[name.lowerBound]
            if n == 1 && first == 0x63 { return try endCell() }
            if n == 1 && (first == 0x76 || first == 0x74) { capture = 0 }
            else if n == 3 && first == 0x72 && XMLTokenizer.equals(b, name, "row") { return try endRow() }
            else if n == 2 && XMLTokenizer.equals(b, name, "is") { inInline = false }
            else if n == 3 && XMLTokenizer.equals(b, name, "rPh") { phonetic -= 1 }
            else if XMLTokenizer.equals(b, name, "sheetData") { inSheetData = false }
        case .skipped: break
        }
        return true
    }

    private mutating func startRow(_ b: UnsafeBufferPointer<UInt8>, _ attributes: Range<Int>) throws(XMLFailure) {
        var number: Int? = nil
        try XMLTokenizer.attributes(b, attributes) { (k, v) throws(XMLFailure) in
            if k.count == 1 && b[k.lowerBound] == 0x72 {
                guard let r = XMLTokenizer.decimal(b, v.lowerBound, v.upperBound), r >= 1, r <= 1_048_576 else {
                    throw XMLFailure("a row number that is not 1–1048576")
                }
                number = Int(r)
            }
        }
        let r = number ?? lastLine + 1
        if r <= lastLine { throw XMLFailure("row \(r) comes after row \(lastLine) (rows out of order)") }
        line = r
        lastLine = r
        rowBytes.removeAll(keepingCapacity: true)
        cells.removeAll(keepingCapacity: true)
        nextColumn = 0
    }

    private mutating func startCell(_ b: UnsafeBufferPointer<UInt8>, _ attributes: Range<Int>) throws(XMLFailure) {
        var column: Int? = nil
        var type = CellType.number
        var style = 0
        try XMLTokenizer.attributes(b, attributes) { (k, v) throws(XMLFailure) in
            guard k.count == 1 else { return }
            switch b[k.lowerBound] {
            case 0x72:  // r
                guard let ref = CellReference.parse(UnsafeBufferPointer(rebasing: b[v])) else {
                    throw XMLFailure("a cell reference that is not A1-style")
                }
                column = ref.column
            case 0x74:  // t
                let t = v
                if XMLTokenizer.equals(b, t, "s") { type = .shared }
                else if XMLTokenizer.equals(b, t, "n") { type = .number }
                else if XMLTokenizer.equals(b, t, "inlineStr") { type = .inline }
                else if XMLTokenizer.equals(b, t, "str") { type = .formulaString }
                else if XMLTokenizer.equals(b, t, "b") { type = .boolean }
                else if XMLTokenizer.equals(b, t, "e") { type = .error }
                else if XMLTokenizer.equals(b, t, "d") { type = .isoDate }
                else { throw XMLFailure("an unknown cell type t=\"\(String(decoding: UnsafeBufferPointer(rebasing: b[t]), as: UTF8.self))\"") }
            case 0x73:  // s
                guard let s = XMLTokenizer.decimal(b, v.lowerBound, v.upperBound) else { throw XMLFailure("a style index that is not a number") }
                style = Int(s)
            default: break
            }
        }
        if line == 0 { throw XMLFailure("a cell outside a row") }
        let c = column ?? nextColumn
        if c < nextColumn { throw XMLFailure("cell \(CellReference.letters(c)) comes after column \(CellReference.letters(nextColumn - 1)) (cells out of order)") }
        inCell = true
        cellColumn = c
        cellType = type
        cellStyle = style
        capture = 0
        inInline = false
        value.removeAll(keepingCapacity: true)
    }

    private mutating func endCell() throws(XMLFailure) -> Bool {
        guard inCell else { return true }
        inCell = false
        capture = 0
        inInline = false
        nextColumn = cellColumn + 1
        let start = rowBytes.count
        switch cellType {
        case .shared:
            guard !value.isEmpty else { return true }
            guard let index = Self.integer(value), let range = strings.range(index) else {
                throw XMLFailure("shared string \(String(decoding: value, as: UTF8.self)) does not exist (the table has \(strings.count))")
            }
            strings.bytes.withUnsafeBufferPointer { appendText(UnsafeBufferPointer(rebasing: $0[range])) }
        case .inline, .formulaString, .error, .isoDate:
            guard value.contains(where: { $0 >= 0x80 }) else {
                value.withUnsafeBufferPointer { appendText($0) }
                break
            }
            guard value.withUnsafeBufferPointer({ XMLTokenizer.isValidUTF8($0) }) else { throw XMLFailure("text that is not valid UTF-8") }
            value.withUnsafeBufferPointer { appendText($0) }
        case .boolean:
            if value == [0x31] { rowBytes.append(contentsOf: [0x54, 0x52, 0x55, 0x45]) }
            else if value == [0x30] { rowBytes.append(contentsOf: [0x46, 0x41, 0x4C, 0x53, 0x45]) }
            else if !value.isEmpty { throw XMLFailure("a boolean cell holding \"\(String(decoding: value, as: UTF8.self))\"") }
        case .number:
            try appendNumber()
        }
        if rowBytes.count > start {
            cells.append(cellColumn); cells.append(start); cells.append(rowBytes.count)
            if rowBytes.count > limits.maximumRowBytes { throw XMLFailure("a row longer than \(limits.maximumRowBytes) bytes") }
        }
        return true
    }

    /// Appends text, CSV-quoted when it begins with a quote (so `CSVRow` reads it back as is).
    private mutating func appendText(_ text: UnsafeBufferPointer<UInt8>) {
        guard let first = text.first else { return }
        if first != 0x22 { rowBytes.append(contentsOf: text); return }
        rowBytes.append(0x22)
        for c in text { rowBytes.append(c); if c == 0x22 { rowBytes.append(0x22) } }
        rowBytes.append(0x22)
    }

    private mutating func appendNumber() throws(XMLFailure) {
        var s = 0, e = value.count
        while s < e && XMLTokenizer.isSpace(value[s]) { s += 1 }
        while e > s && XMLTokenizer.isSpace(value[e - 1]) { e -= 1 }
        guard s < e else { return }
        let isDate = cellStyle < dateStyles.count && dateStyles[cellStyle]
        var digits = 0, plainInteger = true
        for k in s..<e {
            let c = value[k]
            if c &- 0x30 < 10 { digits += 1 } else if !(k == s && c == 0x2D) { plainInteger = false }
        }
        if !isDate && (!plainInteger || digits <= 15) {
            rowBytes.append(contentsOf: value[s..<e])
            return
        }
        let text = String(decoding: value[s..<e], as: UTF8.self)
        guard let x = Double(text), x.isFinite else { throw XMLFailure("a number cell holding \"\(text)\"") }
        if isDate, let iso = Self.isoDateTime(x, system) {
            rowBytes.append(contentsOf: iso.utf8)
        } else if !isDate {
            rowBytes.append(contentsOf: "\(x)".uppercased().utf8)
        } else {
            rowBytes.append(contentsOf: value[s..<e])
        }
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` for serial `x`; `nil` for a serial the system
    /// cannot hold (below 1, or 0 in 1904) or beyond 9999-12-31.
    static func isoDateTime(_ x: Double, _ system: ExcelDate.System) -> String? {
        guard x >= 0, x < 2_958_466 else { return nil }
        var whole = Int(x.rounded(.down))
        var seconds = Int(((x - Double(whole)) * 86_400).rounded())
        if seconds >= 86_400 { whole += 1; seconds -= 86_400 }
        guard let day = ExcelDate(serial: whole, system: system) else { return nil }
        guard seconds > 0 else { return day.description }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    static func integer(_ bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 10 else { return nil }
        var v = 0
        for c in bytes {
            let d = c &- 0x30
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }

    private mutating func endRow() throws(XMLFailure) -> Bool {
        guard line > 0 else { return true }
        defer { line = 0 }
        if inCell { throw XMLFailure("a row ends inside a cell") }
        guard !cells.isEmpty else { return true }
        let row = line
        return cells.withUnsafeBufferPointer { c in
            rowBytes.withUnsafeBufferPointer { bytes in emit(ParsedRow(line: row, cells: c, bytes: bytes)) }
        }
    }
}
