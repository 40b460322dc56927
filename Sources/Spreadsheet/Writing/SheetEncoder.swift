import Tabular

/// The cell formats of `xl/styles.xml` (indexes into its `cellXfs`).
enum CellStyle {
    static let general = 0, header = 1, text = 2, date = 3, integer = 4
    /// The most decimals a number format shows.
    static let maximumPlaces = 15
    /// The format showing `places` decimals: `0` for none, `0.00` for 2 (at most 15).
    static func decimal(_ places: Int) -> Int { places <= 0 ? integer : integer + min(places, maximumPlaces) }
}

/// Writes the rows of a worksheet as SpreadsheetML (`<row>` and `<c>` elements, strings
/// inline) into an `XMLBytes`, and measures each column's display width on the way.
///
/// How each `CSVCell` is stored is documented on `WorkbookWriter`.
struct SheetEncoder {
    /// The sheet's name, for messages.
    let sheet: String
    let kinds: [SheetColumn.Kind]
    /// The widest cell seen in each column, in `DisplayWidth` units.
    var widths: [Int]
    /// The column a cell without a reference would be in: the one after the row's last cell.
    private var nextColumn = 0

    init(sheet: String, kinds: [SheetColumn.Kind]) {
        self.sheet = sheet
        self.kinds = kinds
        widths = Array(repeating: 0, count: kinds.count)
    }

    /// The most characters (UTF-16 code units, as Excel counts) a cell holds.
    static let maximumCharacters = 32_767

    /// Appends row `number` (1-based) holding `cells` (cells beyond the columns are left out);
    /// a row without a non-empty cell is not written. A cell carries its reference (`r="C17"`)
    /// only after a gap: the schema makes it optional, a cell without one being in the column
    /// after the previous cell's, and leaving it out makes the XML a fifth shorter.
    ///
    /// - Throws: `WorkbookError` for a text longer than 32,767 characters.
    mutating func appendRow(_ number: Int, _ cells: [CSVCell], style: Int? = nil, to out: inout XMLBytes) throws(WorkbookError) {
        let start = out.count
        out.append("<row r=\"")
        out.append(integer: number)
        out.append("\">")
        let opened = out.count
        nextColumn = 0
        for j in 0..<min(cells.count, kinds.count) {
            try appendCell(cells[j], row: number, column: j, style: style, to: &out)
        }
        if out.count == opened { out.count = start; return }
        out.append("</row>")
    }

    /// `<c`, ` r="C17"` after a gap, and ` s="N"` unless the style is 0.
    @inline(__always)
    private mutating func open(row: Int, column: Int, style: Int, to out: inout XMLBytes) {
        if column == nextColumn {
            out.append("<c")
        } else {
            out.append("<c r=\"")
            out.append(raw: CellReference.letters(column))
            out.append(integer: row)
            out.append("\"")
        }
        nextColumn = column + 1
        switch style {
        case CellStyle.general: break
        case CellStyle.text: out.append(" s=\"2\"")
        case CellStyle.integer: out.append(" s=\"4\"")
        default:
            out.append(" s=\"")
            out.append(integer: style)
            out.append("\"")
        }
    }

    private mutating func appendCell(_ cell: CSVCell, row: Int, column j: Int, style fixed: Int?,
                                     to out: inout XMLBytes) throws(WorkbookError) {
        let kind = kinds[j]
        var width = 0
        switch cell {
        case .empty:
            return
        case .text(let s):
            let n = s.utf8.count
            if n == 0 { return }
            if kind == .date, fixed == nil, n == 10, let day = ExcelDate(iso: s), let serial = day.serial(), serial >= 61 {
                open(row: row, column: j, style: CellStyle.date, to: &out)
                out.append("><v>")
                out.append(integer: serial)
                out.append("</v></c>")
                width = 10
            } else {
                if n > Self.maximumCharacters, s.utf16.count > Self.maximumCharacters {
                    throw WorkbookError.write("sheet \"\(sheet)\" cell \(CellReference.name(row: row, column: j)): a text of \(s.utf16.count) characters is longer than a cell holds (\(Self.maximumCharacters))")
                }
                open(row: row, column: j, style: fixed ?? (kind == .text ? CellStyle.text : CellStyle.general), to: &out)
                appendInlineString(s, to: &out)
                if n > widths[j] { width = DisplayWidth.of(s) }
            }
        case .integer(let v):
            open(row: row, column: j, style: fixed ?? CellStyle.integer, to: &out)
            out.append("><v>")
            width = out.append(integer: v)
            out.append("</v></c>")
        case .number(let x):
            guard x.isFinite else { return }
            open(row: row, column: j, style: fixed ?? CellStyle.general, to: &out)
            appendNumber(x, to: &out)
            width = min(11, Self.digits(Int(min(x.magnitude, 1e15).rounded(.down))) + (x == x.rounded() ? 0 : 7))
        case .decimal(let x, let places):
            guard x.isFinite else { return }
            open(row: row, column: j, style: fixed ?? CellStyle.decimal(places), to: &out)
            appendNumber(Self.rounded(x, places: places), to: &out)
            width = Self.digits(Int(min(x.magnitude, 1e15))) + (x < 0 ? 1 : 0) + (places > 0 ? min(places, CellStyle.maximumPlaces) + 1 : 0)
        }
        if width > widths[j] { widths[j] = width }
    }

    /// ` t="inlineStr"><is><t>…</t></is></c>`, with `xml:space="preserve"` when the text begins
    /// or ends with white space (which Excel would otherwise trim).
    @inline(__always)
    private func appendInlineString(_ s: String, to out: inout XMLBytes) {
        func write(_ b: UnsafeBufferPointer<UInt8>, _ out: inout XMLBytes) {
            let first = b[0], last = b[b.count - 1]
            if first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D
                || last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D {
                out.append(" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
            } else {
                out.append(" t=\"inlineStr\"><is><t>")
            }
            out.append(escaped: b)
            out.append("</t></is></c>")
        }
        if s.utf8.withContiguousStorageIfAvailable({ write($0, &out) }) == nil {
            var copy = s
            copy.withUTF8 { write($0, &out) }
        }
    }

    /// `><v>x</v></c>` with `x` in the shortest form that reads back as the same double
    /// (`CSVCell.format`: integral values below 10^15 without a decimal point), the exponent
    /// marked `E` as Excel writes it (`9.13501056680645E+17`).
    private func appendNumber(_ x: Double, to out: inout XMLBytes) {
        out.append("><v>")
        if x == x.rounded() && x.magnitude < 1e15 {
            out.append(integer: Int(x))
        } else {
            let start = out.count
            out.append(raw: CSVCell.format(x))
            for k in start..<out.count where out.base[k] == 0x65 { out.base[k] = 0x45 }
        }
        out.append("</v></c>")
    }

    /// `x` rounded to `places` decimals as `CSVCell.fixed` rounds it (half away from zero): the
    /// double nearest the decimal the CSV shows.
    static func rounded(_ x: Double, places: Int) -> Double {
        let p = max(0, min(CellStyle.maximumPlaces, places))
        var scale = 1.0
        for _ in 0..<p { scale *= 10 }
        let scaled = (x.magnitude * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else { return x }
        let value = scaled / scale
        return x < 0 && value != 0 ? -value : value
    }

    /// Decimal digits of `v` (with its sign).
    static func digits(_ v: Int) -> Int {
        var n = v < 0 ? 2 : 1
        var m = v.magnitude
        while m >= 10 { m /= 10; n += 1 }
        return n
    }
}
