import Foundation
import Testing
@testable import Tabular

@Suite struct CSVReaderTests {
    @Test func quotedFieldsMatchPythonsCSVModule() throws {
        let table = try CSVReader.read(contentsOf: fixture("quoted.csv"))
        let reference = try JSONDecoder().decode([[String]].self, from: Data(contentsOf: fixture("quoted.json")))
        #expect(table.header == reference[0])
        #expect(table.rowCount == reference.count - 1)
        for r in 0..<table.rowCount { #expect(table.fields(row: r) == reference[r + 1]) }
    }

    @Test func linesCountEmbeddedNewlines() throws {
        let table = try CSVReader.read(contentsOf: fixture("quoted.csv"))
        #expect(table.line(row: 0) == 2)
        #expect(table.line(row: 1) == 3)   // "Line one\r\nline two" spans lines 3–4
        #expect(table.line(row: 2) == 5)
    }

    @Test func gb18030IsDetectedAndDecoded() throws {
        let table = try CSVReader.read(contentsOf: fixture("gb18030.csv"))
        #expect(table.encoding == .gb18030)
        #expect(table.header == ["统一社会信用代码", "企业名称", "所属社区", "企业规模"])
        #expect(table.string(row: 0, column: 1) == "福州示范化工有限公司")
        #expect(table.string(row: 1, column: 1) == "䶮字号商贸")  // 4-byte GB18030 sequence
    }

    @Test func forcedUTF8OnGB18030FailsWithLineAndColumn() {
        #expect(throws: CSVError.self) { try CSVReader.read(contentsOf: fixture("gb18030.csv"), encoding: .utf8) }
        do {
            _ = try CSVReader.read(contentsOf: fixture("gb18030.csv"), encoding: .utf8)
        } catch {
            #expect(error.file == "gb18030.csv")
            #expect(error.line == 1 && error.column == 1)
        }
    }

    @Test func forcedGB18030Works() throws {
        let table = try CSVReader.read(contentsOf: fixture("gb18030.csv"), encoding: .gb18030)
        #expect(table.string(row: 0, column: 2) == "东湖社区")
    }

    @Test func utf8BOMIsStripped() throws {
        let table = try CSVReader.read(contentsOf: fixture("bom.csv"))
        #expect(table.encoding == .utf8)
        #expect(table.header.first == "统一社会信用代码")
        let gb = try CSVReader.read(contentsOf: fixture("gb18030.csv"))
        for r in 0..<2 { #expect(table.fields(row: r) == gb.fields(row: r)) }
    }

    @Test func chineseHeadersBindThroughAliases() throws {
        let schema = CSVSchema([
            CSVColumn("id", aliases: ["统一社会信用代码"]),
            CSVColumn("size", aliases: ["企业规模"]),
            CSVColumn("opened_on", aliases: ["纳入日期"], required: false),
        ])
        let map = try schema.bind(try CSVReader.read(contentsOf: fixture("gb18030.csv")))
        #expect(map["id"] == 0 && map["size"] == 3 && map["opened_on"] == nil)
        #expect(map.name(of: "id") == "统一社会信用代码")
    }

    @Test func headerNamesMatchLoosely() throws {
        let table = try CSVReader.parse(bytes: Array(" Opened On ,ＩＤ\n2024-01-01,x\n".utf8), file: "t.csv")
        let map = try CSVSchema([CSVColumn("id"), CSVColumn("opened_on")]).bind(table)
        #expect(map["opened_on"] == 0 && map["id"] == 1)
    }

    @Test func missingRequiredColumnNamesIt() throws {
        let table = try CSVReader.read(contentsOf: fixture("header_only.csv"))
        #expect(throws: CSVError(file: "header_only.csv", line: 1, column: 0,
                                 message: "missing required column \"name\" (accepted names: name, 企业名称)")) {
            try CSVSchema([CSVColumn("id"), CSVColumn("name", aliases: ["企业名称"])]).bind(table)
        }
    }

    @Test func duplicateHeaderMeaningIsAnError() throws {
        let table = try CSVReader.parse(bytes: Array("id,统一社会信用代码\n1,2\n".utf8), file: "e.csv")
        #expect(throws: CSVError.self) { try CSVSchema([CSVColumn("id", aliases: ["统一社会信用代码"])]).bind(table) }
    }

    @Test func raggedRowsAreVisible() throws {
        let table = try CSVReader.read(contentsOf: fixture("ragged.csv"))
        #expect(table.rowCount == 3)
        #expect((0..<3).map { table.fieldCount(row: $0) } == [3, 2, 4])
        #expect(table.string(row: 1, column: 2) == "")
        #expect(try table.int(row: 1, column: 2) == nil)
        #expect(table.string(row: 2, column: 3) == "9")
    }

    @Test func emptyFileHasNoHeaderAndBindingFails() throws {
        let table = try CSVReader.read(contentsOf: fixture("empty.csv"))
        #expect(table.isEmpty && table.rowCount == 0 && table.header.isEmpty)
        #expect(throws: CSVError.self) { try CSVSchema([CSVColumn("id")]).bind(table) }
    }

    @Test func headerOnlyFileHasNoRows() throws {
        let table = try CSVReader.read(contentsOf: fixture("header_only.csv"))
        #expect(table.header == ["id", "date", "status"])
        #expect(table.rowCount == 0)
        #expect(try table.doubles(column: 0).isEmpty)
    }

    @Test func unterminatedQuoteNamesWhereItOpened() {
        #expect(throws: CSVError(file: "unterminated.csv", line: 3, column: 2,
                                 message: "unterminated quoted field (a \" opens here and never closes)")) {
            try CSVReader.read(contentsOf: fixture("unterminated.csv"))
        }
    }

    @Test func textAfterClosingQuoteIsAnError() {
        #expect(throws: CSVError.self) { try CSVReader.parse(bytes: Array("a,b\n\"x\"y,1\n".utf8), file: "q.csv") }
    }

    @Test func blankLinesAndMissingFinalNewlineAreFine() throws {
        let table = try CSVReader.parse(bytes: Array("a,b\n\n1,2\r\n\r\n3,4".utf8), file: "b.csv")
        #expect(table.rowCount == 2)
        #expect(table.fields(row: 1) == ["3", "4"])
        #expect(table.line(row: 1) == 5)
    }

    @Test func bareCarriageReturnsEndRecords() throws {
        let table = try CSVReader.parse(bytes: Array("a,b\r1,2\r3,4\r".utf8), file: "mac.csv")
        #expect(table.rowCount == 2 && table.fields(row: 1) == ["3", "4"])
    }

    @Test func numbersParseExactlyLikePython() throws {
        struct Reference: Decodable { var hex: [String] }
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: fixture("numbers.json")))
        let table = try CSVReader.read(contentsOf: fixture("numbers.csv"))
        let xs = try table.doubles(column: 0)
        #expect(xs.count == reference.hex.count)
        for (x, hex) in zip(xs, reference.hex) {
            // Python's float.hex(): compare bit for bit through Swift's hex-float parser.
            let expected = Double(hexPython(hex))!
            #expect(x.bitPattern == expected.bitPattern, "\(x) vs \(hex)")
        }
        for r in 0..<table.rowCount { #expect(try table.double(row: r, column: 0)?.bitPattern == xs[r].bitPattern) }
    }

    @Test func nonNumericCellNamesFileLineAndColumn() throws {
        let table = try CSVReader.parse(bytes: Array("x,y\n1,2\n3,abc\n".utf8), file: "risk.csv")
        #expect(throws: CSVError(file: "risk.csv", line: 3, column: 2, message: "not a number in column \"y\": \"abc\"")) {
            try table.doubles(column: 1)
        }
        #expect(throws: CSVError.self) { try table.int(row: 1, column: 1) }
        #expect(try table.int(row: 0, column: 1) == 2)
    }

    @Test func blankNumericCellsAreNaNOrNil() throws {
        let table = try CSVReader.parse(bytes: Array("x\n1\n \n\"\"\n".utf8), file: "n.csv")
        let xs = try table.doubles(column: 0)
        #expect(xs[0] == 1 && xs[1].isNaN && xs[2].isNaN)
        #expect(try table.double(row: 1, column: 0) == nil)
    }

    @Test func integersAcceptIntegralDecimals() throws {
        let table = try CSVReader.parse(bytes: Array("n\n3.0\n-12\n2.5\n".utf8), file: "i.csv")
        #expect(try table.int(row: 0, column: 0) == 3)
        #expect(try table.int(row: 1, column: 0) == -12)
        #expect(throws: CSVError.self) { try table.int(row: 2, column: 0) }
    }

    @Test func encodingLabels() {
        #expect(TextEncoding(label: "GBK") == .gb18030)
        #expect(TextEncoding(label: "utf8") == .utf8)
        #expect(TextEncoding(label: "latin1") == nil)
    }
}

/// Python writes `0x1.8000000000000p+1`; Swift's `Double(String)` reads the same hex-float form,
/// but `-0x0.0p+0` and `0x0.0p+0` need no change either. Infinity/NaN do not occur here.
private func hexPython(_ s: String) -> String { s }
