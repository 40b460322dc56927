import Foundation
import Tabular
import Testing
@testable import Spreadsheet

/// A table shaped like the cluster output, `n` rows: 18-character ids (some with leading
/// zeros, which a number would lose), periods, integers, decimals, numbers and dates.
func clusterTable(_ n: Int) -> (columns: [SheetColumn], rows: [[CSVCell]]) {
    let columns = [SheetColumn("id", kind: .text), SheetColumn("period", kind: .text), SheetColumn("cluster"),
                   SheetColumn("share"), SheetColumn("x"), SheetColumn("since", kind: .date), SheetColumn("颜色")]
    var state: UInt64 = 42
    func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state >> 11 }
    let colours = ["red", "orange", "yellow", "blue", "红色"]
    let rows: [[CSVCell]] = (0..<n).map { i in
        let digits = String(next() % 10_000_000_000)
        let id = (i % 7 == 0 ? "00" : "91") + "350105" + String(repeating: "0", count: 10 - digits.count) + digits
        return [.text(id), .text("2024Q\(1 + i % 4)"), .integer(Int(next() % 8) - 2), .decimal(Double(next() % 100_000) / 997, places: 2),
                i % 5 == 0 ? .empty : .number(Double(next() % 1_000_000) / 7), .text(i % 3 == 0 ? "2024-0\(1 + i % 9)-1\(i % 10)" : ""),
                .text(colours[Int(next() % 5)])]
    }
    return (columns, rows)
}

/// The bytes of a workbook holding `sheets`, written by a writer `configure` has set up.
func workbookBytes(_ sheets: [(String, [SheetColumn], [[CSVCell]])],
                   _ configure: (WorkbookWriter) -> Void = { _ in }) throws -> [UInt8] {
    let writer = try WorkbookWriter()
    configure(writer)
    for (name, columns, rows) in sheets { try writer.addSheet(name, columns: columns, rows: rows) }
    let sink = MemorySink()
    try writer.finish(into: sink)
    return sink.bytes
}

/// The text of part `name` of a workbook.
func part(_ name: String, of book: Workbook) throws -> String {
    var bytes: [UInt8] = []
    try book.stream(name) { bytes.append(contentsOf: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

@Suite struct WorkbookPackageTests {
    @Test func theBytesAreTheSameOnOneThreadAndOnSeveral() throws {
        let (columns, rows) = clusterTable(3_000)
        func bytes(_ threads: Int) throws -> [UInt8] {
            try workbookBytes([("a", columns, rows), ("b", columns, Array(rows.prefix(10)))]) {
                $0.threads = threads
                $0.cellsPerChunk = 997
            }
        }
        let one = try bytes(1)
        #expect(try bytes(2) == one)
        #expect(try bytes(3) == one)
        let book = try Workbook(bytes: one, displayName: "t.xlsx")
        #expect(try readRows(book.rows(of: book.sheets[0])).count == 3_000)
    }

    @Test func aSheetOfSeveralChunksReadsBackCellForCell() throws {
        let (columns, rows) = clusterTable(40_000)   // 280,000 cells: five chunks of 65,536
        let bytes = try workbookBytes([("clusters", columns, rows)])
        let book = try Workbook(bytes: bytes, displayName: "t.xlsx")
        let read = try readRows(book.rows(of: book.sheets[0]))
        #expect(read.count == rows.count)
        var mismatches = 0
        for (i, (line, fields)) in read.enumerated() {
            let row = rows[i]
            guard case .text(let id) = row[0], case .integer(let cluster) = row[2], case .text(let colour) = row[6] else { continue }
            if line != i + 2 || fields[0] != id || fields[2] != String(cluster) || fields[6] != colour { mismatches += 1 }
            if case .number(let x) = row[4], Double(fields[4]) != x { mismatches += 1 }
            if case .text(let day) = row[5], fields[5] != day { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func textIsEscapedAndReadsBackExactly() throws {
        let texts = ["a&b<c>\"d'e", "\u{01}\u{08}\u{0B}\u{0C}\u{1F}x", "line1\r\nline2\rend", "_x0041_ and _X00e9_ and _x12_ and _x00G1_",
                     "\u{FFFE}\u{FFFF}", " lead", "trail ", "\ttab", "emoji 😀 中文", "\u{00}nul", "=1+1", "tab\tinside\nnewline"]
        let bytes = try workbookBytes([("s", [SheetColumn("t", kind: .text)], texts.map { [.text($0)] })])
        let book = try Workbook(bytes: bytes, displayName: "t.xlsx")
        #expect(try readRows(book.rows(of: book.sheets[0])).map { $0.1[0] } == texts)
        let xml = try part(book.sheets[0].part, of: book)
        for escaped in ["a&amp;b&lt;c&gt;&quot;d'e", "_x0001__x0008__x000B__x000C__x001F_x", "line1_x000D_\nline2_x000D_end",
                        "_x005F_x0041_ and _x005F_X00e9_ and _x12_ and _x00G1_", "_xFFFE__xFFFF_", "<t xml:space=\"preserve\"> lead</t>",
                        "<t xml:space=\"preserve\">trail </t>", "_x0000_nul"] {
            #expect(xml.contains(escaped), "\(escaped)")
        }
    }

    @Test func numbersAreWrittenToRoundTrip() throws {
        let values: [Double] = [0.1 + 0.2, 1e300, -5e-324, 123_456_789_012_345_680, 2.5, -0.0, 1e15, 1 / 3]
        let bytes = try workbookBytes([("s", [SheetColumn("x")], values.map { [.number($0)] })])
        let book = try Workbook(bytes: bytes, displayName: "t.xlsx")
        let read = try readRows(book.rows(of: book.sheets[0])).map { Double($0.1[0]) }
        #expect(read == values)
        let xml = try part(book.sheets[0].part, of: book)
        #expect(xml.contains("<v>0.30000000000000004</v>"))
        #expect(xml.contains("<v>1E+300</v>"))
        #expect(xml.contains("<v>0.3333333333333333</v>"))
    }

    @Test func aTextBeyondACellIsRefusedAndTheWorkbookStaysAsItWas() throws {
        let writer = try WorkbookWriter()
        writer.cellsPerChunk = 10
        writer.threads = 2
        var rows: [[CSVCell]] = (0..<100).map { [.integer($0), .text("ok")] }
        rows[56][1] = .text(String(repeating: "a", count: 32_768))
        let error = #expect(throws: WorkbookError.self) {
            try writer.addSheet("bad", columns: [SheetColumn("n"), SheetColumn("t")], rows: rows)
        }
        #expect(error?.description.contains("cell B58") == true, "\(String(describing: error))")
        #expect(error?.description.contains("32768 characters") == true)
        // Excel counts UTF-16 code units: 16,384 emoji are 32,768 of them.
        rows[56][1] = .text(String(repeating: "😀", count: 16_384))
        #expect(throws: WorkbookError.self) { try writer.addSheet("bad", columns: [SheetColumn("n"), SheetColumn("t")], rows: rows) }
        rows[56][1] = .text(String(repeating: "长", count: 32_767))
        try writer.addSheet("good", columns: [SheetColumn("n"), SheetColumn("t")], rows: rows)
        let sink = MemorySink()
        try writer.finish(into: sink)
        let book = try Workbook(bytes: sink.bytes, displayName: "t.xlsx")
        #expect(book.sheets.map(\.name) == ["good"])
        let read = try readRows(book.rows(of: book.sheets[0]))
        #expect(read.count == 100)
        #expect(read[56].1[1].count == 32_767)
    }

    @Test func thePackageHoldsTheFilterNamesWidthsAndFormats() throws {
        let (columns, rows) = clusterTable(20)
        let bytes = try workbookBytes([("它's", columns, rows), ("b", [SheetColumn("h")], [])])
        let book = try Workbook(bytes: bytes, displayName: "t.xlsx")
        #expect(book.sheets.map(\.name) == ["它's", "b"])
        let workbook = try part("xl/workbook.xml", of: book)
        #expect(workbook.contains("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">'它''s'!$A$1:$G$21</definedName>"))
        #expect(workbook.contains("localSheetId=\"1\" hidden=\"1\">'b'!$A$1</definedName>"))
        let sheet = try part(book.sheets[0].part, of: book)
        #expect(sheet.contains("<dimension ref=\"A1:G21\"/>"))
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<autoFilter ref=\"A1:G21\"/>"))
        // id: 18 characters + 2 → 20; "颜色" counts 4, "orange" 6 → 8; "x" at least 6.
        #expect(sheet.contains("<col min=\"1\" max=\"1\" width=\"20.7109375\" style=\"2\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<col min=\"7\" max=\"7\" width=\"8.7109375\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<row r=\"1\"><c s=\"1\" t=\"inlineStr\"><is><t>id</t></is></c><c s=\"1\" t=\"inlineStr\"><is><t>period</t>"))
        // After an empty cell, the next one names its column.
        #expect(sheet.contains("<row r=\"2\"><c s=\"2\" t=\"inlineStr\"><is><t>"))
        #expect(sheet.contains("<c r=\"F2\" s=\"3\"><v>45301</v></c>"))
        let styles = try part("xl/styles.xml", of: book)
        #expect(styles.contains("formatCode=\"yyyy-mm-dd\""))
        #expect(styles.contains("<alignment vertical=\"top\" wrapText=\"1\"/>"))
        let core = try part("docProps/core.xml", of: book)
        #expect(core.contains(">2000-01-01T00:00:00Z</dcterms:created>"))
    }

    @Test func zip64RecordsAreWrittenWhereSizesOrOffsetsPassTheLimit() throws {
        let (columns, rows) = clusterTable(2_000)
        let bytes = try workbookBytes([("a", columns, rows)]) { $0.zip64Threshold = 1_000 }
        // The ZIP64 end record and its locator precede the classic one, which points to them.
        #expect(bytes.count > 98)
        let tail = Array(bytes.suffix(98))
        #expect(tail.prefix(4) == [0x50, 0x4B, 0x06, 0x06])
        #expect(tail[56..<60] == [0x50, 0x4B, 0x06, 0x07])
        #expect(tail.suffix(22).prefix(4) == [0x50, 0x4B, 0x05, 0x06])
        #expect(Array(tail.suffix(22)[(98 - 22 + 16)..<(98 - 22 + 20)]) == [0xFF, 0xFF, 0xFF, 0xFF])
        let book = try Workbook(bytes: bytes, displayName: "t.xlsx")
        #expect(try readRows(book.rows(of: book.sheets[0])).count == 2_000)
        // The same tables below the limit: the same entries, classic records only.
        let plain = try workbookBytes([("a", columns, rows)])
        #expect(!plain.suffix(98).starts(with: [0x50, 0x4B, 0x06, 0x06]))
    }

    @Test func aWorkbookWithoutSheetsGetsAnEmptyOneAndAFinishedWriterRefusesMore() throws {
        let writer = try WorkbookWriter()
        let sink = MemorySink()
        try writer.finish(into: sink)
        let book = try Workbook(bytes: sink.bytes, displayName: "t.xlsx")
        #expect(book.sheets.map(\.name) == ["Sheet1"])
        #expect(try readRows(book.rows(of: book.sheets[0])).isEmpty)
        #expect(!(try part("xl/workbook.xml", of: book)).contains("definedName"))
        #expect(throws: WorkbookError.self) { try writer.addSheet("late", columns: [SheetColumn("a")], rows: []) }
        #expect(throws: WorkbookError.self) { try writer.finish(into: MemorySink()) }
    }
}
