import Foundation
import Testing
@testable import Tabular

/// The streaming row reader gives the same fields, lines and errors as `CSVReader` (itself
/// checked against Python's `csv` module) on every fixture and edge case.
@Suite struct CSVRowStreamTests {
    /// Every record of `stream` as (line, fields).
    private func records(_ stream: CSVRowStream) throws -> [(line: Int, fields: [String])] {
        var out: [(Int, [String])] = []
        try stream.forEachRow { out.append(($0.line, $0.fields)) }
        return out
    }

    /// The stream and the table reader agree on header, fields and lines.
    private func expectSameAsTable(_ stream: CSVRowStream, _ table: CSVTable) throws {
        #expect(stream.header == table.header)
        #expect(stream.isEmpty == table.isEmpty)
        let rows = try records(stream)
        #expect(rows.count == table.rowCount)
        for (r, row) in rows.enumerated() {
            #expect(row.fields == table.fields(row: r))
            #expect(row.line == table.line(row: r))
        }
    }

    @Test func quotedFieldsMatchPythonsCSVModule() throws {
        let stream = try CSVRowStream(contentsOf: fixture("quoted.csv"))
        let reference = try JSONDecoder().decode([[String]].self, from: Data(contentsOf: fixture("quoted.json")))
        #expect(stream.header == reference[0])
        let rows = try records(stream)
        #expect(rows.map(\.fields) == Array(reference.dropFirst()))
        try expectSameAsTable(stream, try CSVReader.read(contentsOf: fixture("quoted.csv")))
    }

    @Test func embeddedNewlinesAdvanceTheLineOfLaterRecords() throws {
        let text = "a,b\n\"one\ntwo\",1\r\n\"x\r\ny\",2\n3,\"\"\"q\"\"\"\n"
        let stream = try CSVRowStream(bytes: Array(text.utf8), file: "n.csv")
        let rows = try records(stream)
        #expect(rows.map(\.line) == [2, 4, 6])
        #expect(rows.map(\.fields) == [["one\ntwo", "1"], ["x\r\ny", "2"], ["3", "\"q\""]])
        try expectSameAsTable(stream, try CSVReader.parse(bytes: Array(text.utf8), file: "n.csv"))
    }

    @Test func crlfBareCRBlankLinesAndNoFinalNewline() throws {
        for text in ["a,b\r\n1,2\r\n\r\n3,4", "a,b\r1,2\r3,4\r", "a,b\n\n1,2\n\n\n3,4\n"] {
            let stream = try CSVRowStream(bytes: Array(text.utf8), file: "e.csv")
            #expect(try records(stream).map(\.fields) == [["1", "2"], ["3", "4"]])
            try expectSameAsTable(stream, try CSVReader.parse(bytes: Array(text.utf8), file: "e.csv"))
        }
    }

    @Test func bomIsStrippedAndGB18030Transcoded() throws {
        let bom = try CSVRowStream(contentsOf: fixture("bom.csv"))
        let gb = try CSVRowStream(contentsOf: fixture("gb18030.csv"))
        #expect(bom.encoding == .utf8 && gb.encoding == .gb18030)
        #expect(gb.header == ["统一社会信用代码", "企业名称", "所属社区", "企业规模"])
        let gbRows = try records(gb)
        #expect(gbRows[1].fields[1] == "䶮字号商贸")  // 4-byte GB18030 sequence
        #expect(try records(bom).map(\.fields) == gbRows.map(\.fields))
        try expectSameAsTable(gb, try CSVReader.read(contentsOf: fixture("gb18030.csv")))
        let forced = try CSVRowStream(contentsOf: fixture("gb18030.csv"), encoding: .gb18030)
        #expect(try records(forced).map(\.fields) == gbRows.map(\.fields))
    }

    @Test func forcedUTF8OnGB18030FailsLikeTheTableReader() throws {
        var expected: CSVError? = nil
        do { _ = try CSVReader.read(contentsOf: fixture("gb18030.csv"), encoding: .utf8) } catch { expected = error }
        let error = try #require(expected)
        #expect(error.file == "gb18030.csv" && error.line == 1 && error.column == 1)
        #expect(throws: error) { try CSVRowStream(contentsOf: fixture("gb18030.csv"), encoding: .utf8) }
    }

    @Test func raggedRowsKeepTheirFieldCount() throws {
        let stream = try CSVRowStream(contentsOf: fixture("ragged.csv"))
        var counts: [Int] = [], missing: [String] = [], ints: [Int?] = []
        try stream.forEachRow { row in
            counts.append(row.fieldCount)
            missing.append(row.string(column: 2))
            ints.append(try? row.int(column: 2))
        }
        #expect(counts == [3, 2, 4])
        #expect(missing[1] == "" && ints[1] == nil)
        try expectSameAsTable(stream, try CSVReader.read(contentsOf: fixture("ragged.csv")))
    }

    @Test func emptyAndHeaderOnlyFiles() throws {
        let empty = try CSVRowStream(contentsOf: fixture("empty.csv"))
        #expect(empty.isEmpty && empty.header.isEmpty)
        #expect(try records(empty).isEmpty)
        #expect(throws: CSVError.self) { try CSVSchema([CSVColumn("id")]).bind(empty) }
        let headerOnly = try CSVRowStream(contentsOf: fixture("header_only.csv"))
        #expect(headerOnly.header == ["id", "date", "status"])
        #expect(try records(headerOnly).isEmpty)
        #expect(throws: CSVError(file: "header_only.csv", line: 1, column: 0,
                                 message: "missing required column \"name\" (accepted names: name, 企业名称)")) {
            try CSVSchema([CSVColumn("id"), CSVColumn("name", aliases: ["企业名称"])]).bind(headerOnly)
        }
    }

    @Test func unterminatedQuoteIsThrownWhereItOpensAfterTheRowsBefore() throws {
        let stream = try CSVRowStream(contentsOf: fixture("unterminated.csv"))
        var seen = 0
        #expect(throws: CSVError(file: "unterminated.csv", line: 3, column: 2,
                                 message: "unterminated quoted field (a \" opens here and never closes)")) {
            try stream.forEachRow { _ in seen += 1 }
        }
        #expect(seen == 1)
    }

    @Test func textAfterClosingQuoteNamesLineAndColumn() throws {
        let text = "a,b\n1,2\n\"x\ny\",\"z\"w\n"
        let stream = try CSVRowStream(bytes: Array(text.utf8), file: "q.csv")
        #expect(throws: CSVError(file: "q.csv", line: 4, column: 2, message: "unexpected text after a closing quote")) {
            try stream.forEachRow { _ in }
        }
        #expect(throws: CSVError(file: "q.csv", line: 4, column: 2, message: "unexpected text after a closing quote")) {
            try CSVReader.parse(bytes: Array(text.utf8), file: "q.csv")
        }
    }

    @Test func malformedHeaderFailsOnOpening() {
        #expect(throws: CSVError(file: "h.csv", line: 1, column: 2,
                                 message: "unterminated quoted field (a \" opens here and never closes)")) {
            try CSVRowStream(bytes: Array("a,\"b\n".utf8), file: "h.csv")
        }
    }

    @Test func numbersParseFromBytesExactlyLikeTheTableReader() throws {
        let table = try CSVReader.read(contentsOf: fixture("numbers.csv"))
        let xs = try table.doubles(column: 0)
        var ys: [Double] = []
        try CSVRowStream(contentsOf: fixture("numbers.csv")).forEachRow { row in
            ys.append((try? row.double(column: 0)).flatMap { $0 } ?? .nan)
        }
        #expect(xs.map(\.bitPattern) == ys.map(\.bitPattern))
    }

    @Test func numberErrorsNameFileLineAndColumn() throws {
        let text = "x,y\n1,\" 2 \"\n3,abc\n\n4, \n5,3.0\n6,2.5\n"
        let stream = try CSVRowStream(bytes: Array(text.utf8), file: "risk.csv")
        var errors: [CSVError] = [], values: [Double?] = [], ints: [Int?] = []
        try stream.forEachRow { row in
            do throws(CSVError) { values.append(try row.double(column: 1)) } catch { errors.append(error) }
            do throws(CSVError) { ints.append(try row.int(column: 1)) } catch { errors.append(error) }
        }
        #expect(values == [2, nil, 3, 2.5])
        #expect(ints == [2, nil, 3])
        #expect(errors == [
            CSVError(file: "risk.csv", line: 3, column: 2, message: "not a number in column \"y\": \"abc\""),
            CSVError(file: "risk.csv", line: 3, column: 2, message: "not an integer in column \"y\": \"abc\""),
            CSVError(file: "risk.csv", line: 7, column: 2, message: "not an integer in column \"y\": \"2.5\""),
        ])
    }

    @Test func blankCellsAndRawBytes() throws {
        let text = "a,b,c\n \t,\"\",\"say \"\"hi\"\"\"\n"
        var blank: [Bool] = [], raw: [[UInt8]] = []
        try CSVRowStream(bytes: Array(text.utf8), file: "b.csv").forEachRow { row in
            blank = (0..<4).map { row.isBlank(column: $0) }
            raw = (0..<4).map { row.withBytes(column: $0) { Array($0) } }
        }
        #expect(blank == [true, true, false, true])
        #expect(raw == [Array(" \t".utf8), [], Array("say \"hi\"".utf8), []])
    }
}
