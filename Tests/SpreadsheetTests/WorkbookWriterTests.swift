import Foundation
import Tabular
import Testing
@testable import Spreadsheet

@Suite struct WorkbookWriterTests {
    /// Writes one sheet and reads it back.
    func roundTrip(_ columns: [SheetColumn], _ rows: [[CSVCell]], name: String = "表") throws -> (Workbook, [(Int, [String])]) {
        let writer = try WorkbookWriter()
        try writer.addSheet(name, columns: columns, rows: rows)
        let sink = MemorySink()
        try writer.finish(into: sink)
        let book = try Workbook(bytes: sink.bytes, displayName: "t.xlsx")
        return (book, try readRows(try book.rows(of: book.sheets[0])))
    }

    @Test func cellsKeepTheirTypesThroughAWorkbook() throws {
        let columns = [SheetColumn("id", kind: .text), SheetColumn("date", kind: .date), SheetColumn("n"),
                       SheetColumn("x"), SheetColumn("note")]
        let rows: [[CSVCell]] = [
            [.text("913501056680645000"), .text("2024-03-31"), .integer(42), .decimal(67.6875, places: 2), .text("=cmd|' /C calc'!A0")],
            [.text("000123"), .text("not a date"), .integer(-7), .number(0.1), .text("+1")],
            [.text("E9"), .empty, .empty, .decimal(-0.004, places: 2), .text("@x")],
        ]
        let (book, read) = try roundTrip(columns, rows)
        #expect(book.sheets.map(\.name) == ["表"])
        #expect(read.map(\.0) == [2, 3, 4])
        #expect(read[0].1 == ["913501056680645000", "2024-03-31", "42", "67.69", "=cmd|' /C calc'!A0"])
        #expect(read[1].1 == ["000123", "not a date", "-7", "0.1", "+1"])
        #expect(read[2].1 == ["E9", "", "", "0", "@x"])
    }

    @Test func formulaLookingTextIsStoredAsAString() throws {
        let writer = try WorkbookWriter()
        try writer.addSheet("s", columns: [SheetColumn("a")], rows: [[.text("=1+1")], [.text("-2")], [.text("@SUM(A1)")]])
        let sink = MemorySink()
        try writer.finish(into: sink)
        let book = try Workbook(bytes: sink.bytes, displayName: "t.xlsx")
        var part: [UInt8] = []
        try book.stream(book.sheets[0].part) { part.append(contentsOf: $0) }
        let xml = String(decoding: part, as: UTF8.self)
        #expect(!xml.contains("<f>"))
        #expect(xml.contains("=1+1"))
    }

    @Test func theSameTablesGiveTheSameBytes() throws {
        func bytes() throws -> [UInt8] {
            let writer = try WorkbookWriter()
            try writer.addSheet("趋势", columns: [SheetColumn("unit"), SheetColumn("d", kind: .date)],
                                rows: [[.text("全镇"), .text("2024-06-30")]])
            let sink = MemorySink()
            try writer.finish(into: sink)
            return sink.bytes
        }
        #expect(try bytes() == bytes())
    }

    @Test func sheetNamesAreMadeLegal() {
        #expect(SheetName.legal("a/b:c*d?e[f]g\\h") == "a_b_c_d_e_f_g_h")
        #expect(SheetName.legal("'quoted'") == "quoted")
        #expect(SheetName.legal("") == "Sheet")
        #expect(SheetName.legal("history") == "history_")
        let long = String(repeating: "风", count: 40)
        #expect(SheetName.legal(long).count == 31)
        #expect(SheetName.legal("Trend", taken: ["trend"]) == "Trend (2)")
        #expect(SheetName.legal(long, taken: [String(repeating: "风", count: 31)]).count == 31)
        #expect(SheetName.legal(long, taken: [String(repeating: "风", count: 31)]).hasSuffix(" (2)"))
    }

    @Test func displayWidthCountsCJKDouble() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("企业名称") == 8)
        #expect(DisplayWidth.of("完成率(%)") == 9)
        #expect(DisplayWidth.of("ＡＢ") == 4)
    }

    @Test func aTableTooLargeForASheetIsRefusedAndNothingIsLeft() throws {
        let writer = try WorkbookWriter()
        let rows = [[CSVCell]](repeating: [.integer(1)], count: WorkbookWriter.maximumRows)
        #expect(throws: WorkbookError.self) { try writer.addSheet("big", columns: [SheetColumn("n")], rows: rows) }
    }

    @Test func cellReferencesRoundTrip() {
        for (column, letters) in [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA"), (16_383, "XFD")] {
            #expect(CellReference.letters(column) == letters)
            #expect(CellReference.parse(Array("\(letters)17".utf8))! == (17, column))
        }
        #expect(CellReference.parse(Array("17".utf8)) == nil)
        #expect(CellReference.parse(Array("XFE1".utf8)) == nil)
        #expect(CellReference.parse(Array("A0".utf8)) == nil)
    }
}
