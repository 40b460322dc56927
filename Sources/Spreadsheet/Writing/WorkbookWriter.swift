#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXLSXWriter
import Foundation
import Tabular

/// One column of a worksheet: its header and how its cells are stored.
public struct SheetColumn: Hashable, Sendable {
    /// How a column's cells are stored.
    public enum Kind: Hashable, Sendable {
        /// Each cell by its type: text as text, numbers as numbers.
        case general
        /// Text (ids, codes): cells stored as text, and the column formatted as text (`@`) so
        /// that values typed in later stay text too.
        case text
        /// Dates: a text cell written `YYYY-MM-DD` (a real day from 1900-03-01 on) is stored as
        /// a date serial number formatted `yyyy-mm-dd`; other cells as in `general`.
        case date
    }

    /// The header cell.
    public var header: String
    /// How the cells are stored.
    public var kind: Kind

    /// A column.
    public init(_ header: String, kind: Kind = .general) { self.header = header; self.kind = kind }
}

/// Writes an Excel workbook (.xlsx) through libxlsxwriter: one sheet per table, the header row
/// bold and frozen with an autofilter, column widths fitted to the contents, cells typed.
///
/// Cell types (`CSVCell`): `.text` is always a string cell — text beginning with `=`, `+`, `-`
/// or `@` is stored as the string it is and never becomes a formula (no apostrophe is needed, unlike CSV);
/// `.integer` a number formatted `0`; `.decimal(x, places:)` the number as the CSV shows it (x
/// rounded to `places` decimals) formatted with that many decimals; `.number` a number in
/// General format; `.empty`, NaN and infinities an empty cell. Date columns (`SheetColumn.Kind.date`)
/// hold real dates. libxlsxwriter prints numbers with 16 significant digits (`%.16G`): a
/// `.number` needing 17 to round-trip loses its last digit (Excel itself shows 15).
///
/// The workbook is built in a private scratch file (libxlsxwriter's constant-memory mode: rows
/// go to disk as they are written, memory stays flat whatever the row count) and copied into
/// the destination by `finish(into:)`; the scratch file is removed in every case. Output is
/// deterministic: the document's creation time is fixed (2000-01-01T00:00:00Z) and the zip
/// entries carry libxlsxwriter's fixed 1980 timestamps, so the same tables give the same bytes.
///
/// Column widths count display width: CJK characters count two (`DisplayWidth`), and widths lie
/// between 6 and 60 characters.
public final class WorkbookWriter {
    /// The most rows a worksheet holds, header included.
    public static let maximumRows = 1_048_576
    /// The most columns a worksheet holds.
    public static let maximumColumns = 16_384
    /// The document creation time written into every workbook (2000-01-01T00:00:00Z), so that
    /// output is byte for byte reproducible.
    public static let creationTime = 946_684_800

    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private let scratchPath: String
    private var sheetNames: [String] = []
    private var formats = Formats()
    private var properties = lxw_doc_properties()

    private struct Formats {
        var header: UnsafeMutablePointer<lxw_format>?
        var text: UnsafeMutablePointer<lxw_format>?
        var date: UnsafeMutablePointer<lxw_format>?
        var integer: UnsafeMutablePointer<lxw_format>?
        var decimals: [Int: UnsafeMutablePointer<lxw_format>] = [:]
    }

    /// Starts a workbook in a scratch file under `scratchFolder` (default: `$TMPDIR` or `/tmp`).
    ///
    /// - Throws: `WorkbookError.write` when the scratch file cannot be created.
    public init(scratchFolder: String? = nil) throws {
        let folder = scratchFolder ?? ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array((folder + "/worksafe-workbook-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw WorkbookError.write("cannot create a scratch file in \(folder): \(String(cString: strerror(errno)))")
        }
        close(fd)
        scratchPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var options = lxw_workbook_options(constant_memory: 1, tmpdir: nil, use_zip64: 1)
        workbook = workbook_new_opt(scratchPath, &options)
        guard let wb = workbook else {
            unlink(scratchPath)
            throw WorkbookError.write("libxlsxwriter could not start a workbook")
        }
        properties.created = time_t(Self.creationTime)
        workbook_set_properties(wb, &properties)
        formats.header = workbook_add_format(wb)
        format_set_bold(formats.header)
        format_set_bottom(formats.header, UInt8(LXW_BORDER_THIN.rawValue))
        format_set_text_wrap(formats.header)
        format_set_align(formats.header, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        formats.text = workbook_add_format(wb)
        format_set_num_format(formats.text, "@")
        formats.date = workbook_add_format(wb)
        format_set_num_format(formats.date, "yyyy-mm-dd")
        formats.integer = workbook_add_format(wb)
        format_set_num_format(formats.integer, "0")
    }

    deinit {
        if let wb = workbook { workbook_close(wb) }
        unlink(scratchPath)
    }

    /// The format of numbers with `places` decimals (`0.00` for 2).
    private func decimalFormat(_ places: Int) -> UnsafeMutablePointer<lxw_format>? {
        if let f = formats.decimals[places] { return f }
        let f = workbook_add_format(workbook)
        format_set_num_format(f, places == 0 ? "0" : "0." + String(repeating: "0", count: min(places, 15)))
        formats.decimals[places] = f
        return f
    }

    /// Adds a worksheet holding `columns` (the header row) and `rows`.
    ///
    /// The sheet is named `SheetName.legal(name, taken:)` (so any text works); the name used is
    /// returned.
    ///
    /// - Complexity: O(cells): each cell is written once and measured once for the width.
    /// - Throws: `WorkbookError.write` when the table exceeds a worksheet (1,048,575 data rows,
    ///   16,384 columns), a text exceeds 32,767 characters, or libxlsxwriter fails.
    @discardableResult
    public func addSheet(_ name: String, columns: [SheetColumn], rows: [[CSVCell]]) throws -> String {
        guard let wb = workbook else { throw WorkbookError.write("the workbook is already finished") }
        guard rows.count < Self.maximumRows else {
            throw WorkbookError.write("sheet \"\(name)\": \(rows.count) rows do not fit in a worksheet (at most \(Self.maximumRows - 1) below the header); write CSV instead")
        }
        guard columns.count <= Self.maximumColumns else {
            throw WorkbookError.write("sheet \"\(name)\": \(columns.count) columns do not fit in a worksheet (at most \(Self.maximumColumns))")
        }
        let sheetName = SheetName.legal(name, taken: sheetNames)
        guard let ws = workbook_add_worksheet(wb, sheetName) else {
            throw WorkbookError.write("libxlsxwriter refused the sheet name \"\(sheetName)\"")
        }
        sheetNames.append(sheetName)

        var widths = columns.map { DisplayWidth.of($0.header) }
        for (j, column) in columns.enumerated() {
            try check(column.header.withCString { worksheet_write_string(ws, 0, lxw_col_t(j), $0, formats.header) },
                      sheet: sheetName, row: 0, column: j)
        }
        for (i, row) in rows.enumerated() {
            let r = lxw_row_t(i + 1)
            for (j, cell) in row.enumerated() where j < columns.count {
                let c = lxw_col_t(j)
                let kind = columns[j].kind
                let error: lxw_error
                var width = 0
                switch cell {
                case .empty:
                    continue
                case .text(let s):
                    if s.isEmpty { continue }
                    if kind == .date, let day = ExcelDate(iso: s), let serial = day.serial(), serial >= 61 {
                        error = worksheet_write_number(ws, r, c, Double(serial), formats.date)
                        width = 10
                    } else {
                        error = s.withCString { worksheet_write_string(ws, r, c, $0, kind == .text ? formats.text : nil) }
                        width = DisplayWidth.of(s)
                    }
                case .integer(let v):
                    error = worksheet_write_number(ws, r, c, Double(v), formats.integer)
                    width = Self.digits(v)
                case .number(let x):
                    guard x.isFinite else { continue }
                    error = worksheet_write_number(ws, r, c, x, nil)
                    width = min(11, Self.digits(Int(x.magnitude.rounded(.down))) + (x == x.rounded() ? 0 : 7))
                case .decimal(let x, let places):
                    guard x.isFinite else { continue }
                    error = worksheet_write_number(ws, r, c, Self.rounded(x, places: places), decimalFormat(places))
                    width = Self.digits(Int(min(x.magnitude, 1e15))) + (x < 0 ? 1 : 0) + (places > 0 ? places + 1 : 0)
                }
                try check(error, sheet: sheetName, row: i + 1, column: j)
                if width > widths[j] { widths[j] = width }
            }
        }
        for (j, column) in columns.enumerated() {
            let width = Double(min(60, max(6, widths[j] + 2)))
            let format = column.kind == .text ? formats.text : nil
            try check(worksheet_set_column(ws, lxw_col_t(j), lxw_col_t(j), width, format), sheet: sheetName, row: 0, column: j)
        }
        worksheet_freeze_panes(ws, 1, 0)
        if !columns.isEmpty {
            try check(worksheet_autofilter(ws, 0, 0, lxw_row_t(rows.count), lxw_col_t(columns.count - 1)),
                      sheet: sheetName, row: 0, column: 0)
        }
        return sheetName
    }

    /// Closes the workbook and copies its bytes into `sink` (an atomic file, standard output…).
    /// The scratch file is removed whether or not this succeeds.
    ///
    /// - Throws: `WorkbookError.write` when libxlsxwriter cannot complete the file (a workbook
    ///   without sheets gets an empty one named `Sheet1`), `TabularIOError` from the sink.
    public func finish(into sink: ByteSink) throws {
        guard let wb = workbook else { throw WorkbookError.write("the workbook is already finished") }
        defer { unlink(scratchPath) }
        if sheetNames.isEmpty { _ = workbook_add_worksheet(wb, nil) }
        workbook = nil
        let error = workbook_close(wb)
        guard error == LXW_NO_ERROR else {
            throw WorkbookError.write("libxlsxwriter: \(String(cString: lxw_strerror(error)))")
        }
        let fd = open(scratchPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WorkbookError.write("cannot reopen the scratch workbook: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WorkbookError.write("cannot read the scratch workbook: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            try buffer.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }

    private func check(_ error: lxw_error, sheet: String, row: Int, column: Int) throws {
        guard error != LXW_NO_ERROR else { return }
        throw WorkbookError.write("sheet \"\(sheet)\" cell \(CellReference.name(row: row + 1, column: column)): libxlsxwriter: \(String(cString: lxw_strerror(error)))")
    }

    /// `x` rounded to `places` decimals as `CSVCell.fixed` rounds it (half away from zero): the
    /// double nearest the decimal the CSV shows.
    static func rounded(_ x: Double, places: Int) -> Double {
        let p = max(0, min(15, places))
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

/// A1-style cell names.
public enum CellReference {
    /// The letters of 0-based column `column`: 0 → `A`, 25 → `Z`, 26 → `AA`.
    public static func letters(_ column: Int) -> String {
        var c = column + 1
        var out: [UInt8] = []
        while c > 0 {
            let r = (c - 1) % 26
            out.append(UInt8(65 + r))
            c = (c - 1) / 26
        }
        return String(decoding: out.reversed(), as: UTF8.self)
    }

    /// `C17` for 1-based `row` 17 and 0-based `column` 2.
    public static func name(row: Int, column: Int) -> String { letters(column) + String(row) }

    /// The 0-based column and 1-based row of a reference such as `C17` (`nil` if malformed).
    public static func parse(_ bytes: some Collection<UInt8>) -> (row: Int, column: Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for b in bytes {
            if digits == 0, b >= 0x41 && b <= 0x5A || b >= 0x61 && b <= 0x7A {
                column = column * 26 + Int((b | 0x20) - 0x61) + 1
                letters += 1
                if letters > 3 { return nil }
            } else if b >= 0x30 && b <= 0x39, letters > 0 {
                row = row * 10 + Int(b - 0x30)
                digits += 1
                if digits > 7 { return nil }
            } else {
                return nil
            }
        }
        guard letters > 0, digits > 0, row >= 1, column <= WorkbookWriter.maximumColumns else { return nil }
        return (row, column - 1)
    }
}
