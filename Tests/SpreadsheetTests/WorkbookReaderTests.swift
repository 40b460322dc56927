import Foundation
import Tabular
import Testing
@testable import Spreadsheet

/// The expectations of `scripts/fixtures/make_workbook_fixtures.py`.
struct ExpectedSheet: Decodable {
    var sheets: [String]
    var header_line: Int
    var header: [String]
    var rows: [[Row]]

    enum Row: Decodable {
        case line(Int), cells([String])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { self = .line(n) } else { self = .cells(try c.decode([String].self)) }
        }
    }
}

func expectations() -> [String: ExpectedSheet] {
    try! JSONDecoder().decode([String: ExpectedSheet].self, from: Data(fixtureBytes("expected.json")))
}

/// Every data row of the first sheet: line and fields with trailing empty fields dropped.
func readRows(_ source: some TableRowSource) throws -> [(Int, [String])] {
    var out: [(Int, [String])] = []
    try source.forEachRow { row in
        var fields = row.fields
        while fields.last == "" { fields.removeLast() }
        out.append((row.line, fields))
    }
    return out
}

@Suite struct WorkbookReaderTests {
    @Test(arguments: ["typed.xlsx", "date1904.xlsx", "inline.xlsx", "shared.xlsx"])
    func cellsReadAsACSVExportWouldHoldThem(_ name: String) throws {
        let expected = expectations()[name]!
        let book = try Workbook(path: fixturePath(name))
        #expect(book.sheets.map(\.name) == expected.sheets)
        let source = try book.rows(of: book.sheets[0])
        #expect(source.header == expected.header)
        #expect(source.headerLine == expected.header_line)
        #expect(source.sheet == expected.sheets[0])
        let rows = try readRows(source)
        #expect(rows.count == expected.rows.count)
        for (got, want) in zip(rows, expected.rows) {
            guard case .line(let line) = want[0], case .cells(var cells) = want[1] else { Issue.record("bad fixture"); continue }
            while cells.last == "" { cells.removeLast() }
            #expect(got.0 == line)
            #expect(got.1 == cells, "row \(line)")
        }
    }

    @Test func theDateSystemAndHiddenSheetsAreRead() throws {
        let book = try Workbook(path: fixturePath("date1904.xlsx"))
        #expect(book.dateSystem == .excel1904)
        #expect(book.sheets.map(\.isHidden) == [false, true])
        #expect(try Workbook(path: fixturePath("typed.xlsx")).dateSystem == .excel1900)
    }

    @Test func rowsOfAWorkbookLocateTheirCells() throws {
        let book = try Workbook(path: fixturePath("typed.xlsx"))
        let source = try book.rows(of: book.sheets[0])
        var locations: [String] = []
        try source.forEachRow { row in locations.append(row.location(column: 2) ?? "") }
        #expect(locations == ["企业台账!C3", "企业台账!C4", "企业台账!C5", "企业台账!C6"])
    }

    @Test(arguments: [
        ("bad-nesting.xlsx", "closes no open element"),
        ("bad-entity.xlsx", "unknown entity &bogus;"),
        ("bad-order.xlsx", "rows out of order"),
        ("bad-shared-index.xlsx", "shared string 5 does not exist"),
        ("bad-doctype.xlsx", "document type declaration"),
        ("bad-truncated.xlsx", "the part ends inside"),
    ])
    func aMalformedPartGetsAClearError(_ name: String, _ message: String) throws {
        // Found while looking for the header (WorkbookError) or while reading rows (CSVError).
        let error = #expect(throws: (any Error).self) {
            let book = try Workbook(path: fixturePath(name))
            let source = try book.rows(of: book.sheets[0])
            _ = try readRows(source)
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains(message), "\(text)")
        #expect(text.hasPrefix("\(name): Data & more"), "\(text)")
        #expect(text.contains("xl/worksheets/sheet1.xml"), "\(text)")
    }

    @Test func aZipBombStopsAtTheRatioLimit() throws {
        let error = #expect(throws: WorkbookError.self) {
            let book = try Workbook(path: fixturePath("bomb.xlsx"))
            _ = try readRows(try book.rows(of: book.sheets[0]))
        }
        #expect(error?.message.contains("inflates more than 500 times") == true, "\(error?.description ?? "")")
    }

    @Test func thePartSizeLimitHolds() throws {
        let limits = WorkbookLimits(maximumPartBytes: 4 << 20, maximumCompressionRatio: 1 << 40)
        let error = #expect(throws: WorkbookError.self) {
            let book = try Workbook(path: fixturePath("bomb.xlsx"), limits: limits)
            _ = try readRows(try book.rows(of: book.sheets[0]))
        }
        #expect(error?.message.contains("more than 4194304 bytes") == true, "\(error?.description ?? "")")
    }

    @Test func aSharedStringTableBeyondTheLimitsIsRefused() throws {
        let count = #expect(throws: WorkbookError.self) {
            _ = try Workbook(path: fixturePath("shared.xlsx"), limits: WorkbookLimits(maximumSharedStrings: 3))
        }
        #expect(count?.description == "shared.xlsx: xl/sharedStrings.xml: more than 3 shared strings (limit)")
        let bytes = #expect(throws: WorkbookError.self) {
            _ = try Workbook(path: fixturePath("shared.xlsx"), limits: WorkbookLimits(maximumSharedStringBytes: 8))
        }
        #expect(bytes?.message.contains("exceed 8 bytes") == true)
    }

    @Test func aDeflateStreamThatNeverEndsIsAnErrorNotAHang() throws {
        let archive = try ZipArchive(path: fixturePath("unterminated-deflate.zip"))
        let entry = try #require(archive.entry("a.xml"))
        #expect(throws: ZipArchive.Failure.self) {
            try archive.read(entry, maximumBytes: 1 << 20, maximumRatio: 1000) { _ in }
        }
    }

    @Test func filesThatAreNotWorkbooksAreNamed() throws {
        let old = #expect(throws: WorkbookError.self) { _ = try Workbook(path: fixturePath("old-format.xls")) }
        #expect(old?.message.contains("old-format .xls") == true)
        let text = #expect(throws: WorkbookError.self) { _ = try Workbook(path: fixturePath("expected.json")) }
        #expect(text?.message == "not an .xlsx file (no ZIP archive inside)")
    }

    @Test func aWorkbookInMemoryReadsLikeOneOnDisk() throws {
        let book = try Workbook(bytes: fixtureBytes("typed.xlsx"), displayName: "typed.xlsx")
        let rows = try readRows(try book.rows(of: book.sheets[0]))
        #expect(rows.count == 4)
    }

    @Test func dateFormatCodesAreRecognised() {
        for code in ["yyyy-mm-dd", "m/d/yy", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]yyyy/m/d", "h:mm:ss", "dd-mmm"] {
            #expect(DateFormatCode.isDate(code), "\(code)")
        }
        for code in ["General", "0.00", "@", "#,##0", "0.00\"m\"", "[Red]0.00", "\\d0", "0;[Red]-0"] {
            #expect(!DateFormatCode.isDate(code), "\(code)")
        }
    }
}
