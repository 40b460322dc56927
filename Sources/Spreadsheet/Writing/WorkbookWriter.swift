#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib
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

/// Writes an Excel workbook (.xlsx): one sheet per table, the header row bold and frozen with an
/// autofilter, column widths fitted to the contents, cells typed.
///
/// Cell types (`CSVCell`): `.text` is always a string cell — text beginning with `=`, `+`, `-`
/// or `@` is stored as the string it is and never becomes a formula (no apostrophe is needed,
/// unlike CSV); `.integer` a number formatted `0`; `.decimal(x, places:)` the number as the CSV
/// shows it (x rounded to `places` decimals) formatted with that many decimals; `.number` a
/// number in General format, written in the shortest form that reads back as the same double
/// (`CSVCell.format`: every one of its 17 significant digits when it needs them; Excel itself
/// shows 15); `.empty`, NaN and infinities an empty cell. Date columns
/// (`SheetColumn.Kind.date`) hold real dates. Text is stored as inline strings, escaped as XML
/// requires; control characters, carriage returns, U+FFFE and U+FFFF as Office's `_xHHHH_`
/// escape, and a literal `_xHHHH_` with its underscore escaped, so every reader that decodes
/// the escapes (Excel, LibreOffice, openpyxl, `Workbook`) reads back the exact text.
///
/// How it is written: `addSheet` generates the sheet's XML straight into byte buffers and
/// deflates it at once, in chunks of about 65,536 cells compressed independently on all
/// cores (pigz's scheme: each chunk a raw deflate stream ended on a byte boundary with
/// `Z_SYNC_FLUSH`, the CRC-32s joined with `crc32_combine`); the chunks go in order into a
/// private scratch file, so memory stays bounded by a few chunks whatever the row count.
/// `finish(into:)` streams the package into the sink: the small parts, then each sheet's
/// head (which needs the column widths, known only after the rows), its chunks from the scratch
/// file and its tail. Chunk boundaries depend only on the table, so the bytes are the same on
/// any number of threads; the document's creation time is fixed (2000-01-01T00:00:00Z) and
/// the ZIP entries are dated 1980-01-01, so the same tables give the same bytes.
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

    /// The zlib level of the worksheets (chosen by measurement: see benchmarks/README.md).
    static let defaultLevel: Int32 = 3
    /// zlib level of the worksheets.
    var level = WorkbookWriter.defaultLevel
    /// Threads compressing a sheet (the output does not depend on it).
    var threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
    /// Cells per compressed chunk (a chunk ends after the row that reaches it).
    var cellsPerChunk = 1 << 16
    /// Sizes and offsets from which the ZIP container switches to ZIP64 records (lowered only
    /// in tests).
    var zip64Threshold: UInt64 = 0xFFFF_FFFF

    private struct Sheet {
        var name: String
        var head: [UInt8]
        var body: Range<UInt64>
        var bodyCRC: UInt32
        var bodyLength: UInt64
        var tail: [UInt8]
        var filter: String?
    }

    private let scratch: ScratchFile
    private var sheets: [Sheet] = []
    private var finished = false

    /// Starts a workbook whose compressed sheets wait in a scratch file under `scratchFolder`
    /// (default: `$TMPDIR` or `/tmp`); the file is unlinked at once, so nothing is left behind.
    ///
    /// - Throws: `WorkbookError.write` when the scratch file cannot be created.
    public init(scratchFolder: String? = nil) throws {
        let folder = scratchFolder ?? ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        scratch = try ScratchFile(folder: folder)
    }

    /// Adds a worksheet holding `columns` (the header row) and `rows`.
    ///
    /// The sheet is named `SheetName.legal(name, taken:)` (so any text works); the name used is
    /// returned. When this throws, the workbook is as it was before the call.
    ///
    /// - Complexity: O(cells), on all cores: each cell is written once and measured once.
    /// - Throws: `WorkbookError.write` when the table exceeds a worksheet (1,048,575 data rows,
    ///   16,384 columns), a text exceeds 32,767 characters, or the scratch file cannot be
    ///   written.
    @discardableResult
    public func addSheet(_ name: String, columns: [SheetColumn], rows: [[CSVCell]]) throws -> String {
        guard !finished else { throw WorkbookError.write("the workbook is already finished") }
        guard rows.count < Self.maximumRows else {
            throw WorkbookError.write("sheet \"\(name)\": \(rows.count) rows do not fit in a worksheet (at most \(Self.maximumRows - 1) below the header); write CSV instead")
        }
        guard columns.count <= Self.maximumColumns else {
            throw WorkbookError.write("sheet \"\(name)\": \(columns.count) columns do not fit in a worksheet (at most \(Self.maximumColumns))")
        }
        let sheetName = SheetName.legal(name, taken: sheets.map(\.name))
        var encoder = SheetEncoder(sheet: sheetName, kinds: columns.map(\.kind))
        var header = XMLBytes(capacity: 1 << 12)
        defer { header.free() }
        try encoder.appendRow(1, columns.map { .text($0.header) }, style: CellStyle.header, to: &header)
        let start = scratch.size
        let body: (crc: UInt32, length: UInt64, widths: [Int])
        do {
            body = try compressRows(rows, encoder: SheetEncoder(sheet: sheetName, kinds: encoder.kinds))
        } catch {
            scratch.truncate(to: start)
            throw error
        }
        let widths = zip(encoder.widths, body.widths).map { min(60, max(6, max($0, $1) + 2)) }
        let last = CellReference.letters(max(columns.count, 1) - 1) + String(rows.count + 1)
        let range = last == "A1" ? "A1" : "A1:" + last
        let filter: String? = columns.isEmpty ? nil : range
        var head = PackageParts.sheetHead(range: range, selected: sheets.isEmpty, frozen: !columns.isEmpty,
                                          widths: widths, textColumns: columns.map { $0.kind == .text })
        head.append(contentsOf: header.bytes)
        sheets.append(Sheet(name: sheetName, head: head, body: start..<scratch.size, bodyCRC: body.crc,
                            bodyLength: body.length, tail: PackageParts.sheetTail(filter: filter),
                            filter: filter.map(Self.absolute)))
        return sheetName
    }

    /// `$A$1:$E$11` for `A1:E11`.
    static func absolute(_ range: String) -> String {
        range.split(separator: ":").map { ref in
            let letters = ref.prefix { $0.isLetter }
            return "$" + letters + "$" + ref.dropFirst(letters.count)
        }.joined(separator: ":")
    }

    /// The rows below the header, deflated chunk by chunk into the scratch file (as the type's
    /// documentation describes): their CRC-32, XML length and the widest cell of each column.
    private func compressRows(_ rows: [[CSVCell]], encoder template: SheetEncoder) throws
        -> (crc: UInt32, length: UInt64, widths: [Int]) {
        var starts = [0]
        var cells = 0
        for (i, row) in rows.enumerated() {
            cells += max(1, min(row.count, template.kinds.count))
            if cells >= cellsPerChunk, i + 1 < rows.count { starts.append(i + 1); cells = 0 }
        }
        starts.append(rows.count)
        var crc = UInt32(0), length: UInt64 = 0
        var widths = template.widths
        let level = self.level, scratch = self.scratch
        let jobs = OrderedJobs<(xml: XMLBytes, deflater: Deflater), CompressedChunk>(
            count: rows.isEmpty ? 0 : starts.count - 1, window: 2 * threads,
            makeState: { (XMLBytes(capacity: 1 << 20), Deflater(level: level)) },
            releaseState: { $0.xml.free() },
            job: { state, k in
                try Self.compress(rows, starts[k]..<starts[k + 1], template, xml: &state.xml, deflater: state.deflater)
            },
            consume: { chunk in
                try chunk.bytes.withUnsafeBufferPointer { try scratch.append($0) }
                crc = Deflater.combine(crc, chunk.crc, length: chunk.length)
                length += chunk.length
                for j in widths.indices where chunk.widths[j] > widths[j] { widths[j] = chunk.widths[j] }
            })
        try jobs.run(threads: threads)
        return (crc, length, widths)
    }

    /// One chunk of rows, compressed.
    private struct CompressedChunk {
        var bytes: [UInt8]
        var crc: UInt32
        var length: UInt64
        var widths: [Int]
    }

    /// Rows `range` as XML, deflated into one raw stream ended with `Z_SYNC_FLUSH`.
    private static func compress(_ rows: [[CSVCell]], _ range: Range<Int>, _ template: SheetEncoder,
                                 xml buffer: inout XMLBytes, deflater: Deflater) throws -> CompressedChunk {
        var encoder = template
        var xml = buffer
        defer { buffer = xml }
        xml.count = 0
        deflater.reset()
        var crc = UInt32(0), length: UInt64 = 0
        func feed(_ flush: Int32) {
            crc = Deflater.combine(crc, UInt32(crc32(0, xml.base, uInt(xml.count))), length: UInt64(xml.count))
            length += UInt64(xml.count)
            deflater.compress(xml.bytes, flush: flush)
            xml.count = 0
        }
        for i in range {
            try encoder.appendRow(i + 2, rows[i], to: &xml)
            if xml.count >= 1 << 19 { feed(Z_NO_FLUSH) }
        }
        feed(Z_SYNC_FLUSH)
        return CompressedChunk(bytes: Array(deflater.output.bytes), crc: crc, length: length, widths: encoder.widths)
    }

    /// Writes the workbook into `sink` (an atomic file, standard output…). The writer cannot be
    /// used afterwards; the scratch file goes with it.
    ///
    /// - Throws: `WorkbookError.write` when the scratch file cannot be read (a workbook without
    ///   sheets gets an empty one named `Sheet1`), `TabularIOError` from the sink.
    public func finish(into sink: ByteSink) throws {
        guard !finished else { throw WorkbookError.write("the workbook is already finished") }
        if sheets.isEmpty { try addSheet("Sheet1", columns: [], rows: []) }
        finished = true
        let names = sheets.map(\.name)
        var zip = ZipWriter(sink: sink, zip64Threshold: zip64Threshold)
        let small = Z_DEFAULT_COMPRESSION
        try zip.add("[Content_Types].xml", PackageParts.contentTypes(sheets: sheets.count), level: small)
        try zip.add("_rels/.rels", PackageParts.rootRelationships(), level: small)
        try zip.add("docProps/app.xml", PackageParts.appProperties(sheetNames: names), level: small)
        try zip.add("docProps/core.xml", PackageParts.coreProperties(created: "2000-01-01T00:00:00Z"), level: small)
        try zip.add("xl/workbook.xml", PackageParts.workbook(sheetNames: names, filters: sheets.map(\.filter)), level: small)
        try zip.add("xl/_rels/workbook.xml.rels", PackageParts.workbookRelationships(sheets: sheets.count), level: small)
        try zip.add("xl/styles.xml", PackageParts.styles(), level: small)
        for (k, sheet) in sheets.enumerated() {
            let head = Deflater.whole(sheet.head, level: level, final: false)
            let tail = Deflater.whole(sheet.tail, level: level)
            var crc = Deflater.combine(head.crc, sheet.bodyCRC, length: sheet.bodyLength)
            crc = Deflater.combine(crc, tail.crc, length: UInt64(sheet.tail.count))
            try zip.begin("xl/worksheets/sheet\(k + 1).xml", crc: crc,
                          compressed: UInt64(head.bytes.count + tail.bytes.count) + UInt64(sheet.body.count),
                          uncompressed: UInt64(sheet.head.count + sheet.tail.count) + sheet.bodyLength)
            try zip.write(head.bytes)
            try scratch.read(sheet.body) { try zip.write($0) }
            try zip.write(tail.bytes)
        }
        try zip.finish()
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
