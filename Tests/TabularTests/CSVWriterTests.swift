import Foundation
import Testing
@testable import Tabular

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhenNeeded() {
        #expect(CSVWriter.encode("plain") == "plain")
        #expect(CSVWriter.encode("a,b") == "\"a,b\"")
        #expect(CSVWriter.encode("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.encode("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.encode("中文") == "中文")
    }

    @Test func formulaGuardPrefixesDangerousText() {
        #expect(CSVWriter.encode("=SUM(A1:A9)") == "'=SUM(A1:A9)")
        #expect(CSVWriter.encode("+86 591") == "'+86 591")
        #expect(CSVWriter.encode("-1+2") == "'-1+2")
        #expect(CSVWriter.encode("@cmd") == "'@cmd")
        #expect(CSVWriter.encode("\tx") == "'\tx")
        #expect(CSVWriter.encode("\rx") == "\"'\rx\"")
        #expect(CSVWriter.encode("=1,2") == "\"'=1,2\"")
        #expect(CSVWriter.encode("=x", guardsFormulas: false) == "=x")
    }

    @Test func numbersStayNumbers() {
        #expect(CSVWriter.encode(.number(-3.5)) == "-3.5")
        #expect(CSVWriter.encode(.integer(-7)) == "-7")
        #expect(CSVWriter.encode(.number(80)) == "80")
        #expect(CSVWriter.encode(.number(0.1)) == "0.1")
        #expect(CSVWriter.encode(.number(.nan)) == "")
        #expect(CSVWriter.encode(.empty) == "")
    }

    @Test func writtenFileReadsBackIdentically() throws {
        let sink = MemorySink()
        let w = CSVWriter(to: sink)
        let rows: [[String]] = [["a", "b,c", "d\"e"], ["多行\n文本", "", "x"]]
        try w.writeHeader(["h1", "h2", "h3"])
        for r in rows { try w.writeRow(r.map { .text($0) }) }
        try w.flush()
        let table = try CSVReader.parse(bytes: sink.bytes, file: "m.csv")
        #expect(table.header == ["h1", "h2", "h3"])
        #expect(table.fields(row: 0) == rows[0] && table.fields(row: 1) == rows[1])
    }

    @Test func byteOrderMarkIsWrittenFirst() throws {
        let sink = MemorySink()
        let w = CSVWriter(to: sink, byteOrderMark: true)
        try w.writeRow(["x"])
        try w.flush()
        #expect(sink.bytes == [0xEF, 0xBB, 0xBF, 0x78, 0x0A])
    }

    @Test func atomicFileAppearsOnlyOnCommit() throws {
        let folder = try temporaryFolder()
        let target = folder.appendingPathComponent("out.csv")
        let file = try AtomicFile(url: target)
        let w = CSVWriter(to: file)
        try w.writeRow(["a", 1])
        try w.flush()
        #expect(!FileManager.default.fileExists(atPath: target.path))
        try file.commit()
        #expect(try String(contentsOf: target, encoding: .utf8) == "a,1\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
    }

    @Test func abandonedWriteLeavesNothingAndKeepsTheOldFile() throws {
        let folder = try temporaryFolder()
        let target = folder.appendingPathComponent("out.csv")
        try "old\n".write(to: target, atomically: false, encoding: .utf8)
        do {
            let file = try AtomicFile(url: target)
            try CSVWriter(to: file).writeRow(["new"])
            // The command fails here: the file is never committed.
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
    }

    @Test func missingFolderFailsWithoutCreatingAnything() throws {
        let folder = try temporaryFolder()
        let target = folder.appendingPathComponent("no/such/dir/out.csv")
        #expect(throws: TabularIOError.self) { try AtomicFile(url: target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}

@Suite struct DecimalCellTests {
    @Test func decimalsAreFixedPointLocaleFreeAndNeverNegativeZero() {
        #expect(CSVWriter.encode(.decimal(2.5, places: 2)) == "2.50")
        #expect(CSVWriter.encode(.decimal(2, places: 0)) == "2")
        #expect(CSVWriter.encode(.decimal(-0.001, places: 2)) == "0.00")
        #expect(CSVWriter.encode(.decimal(-3.5, places: 1)) == "-3.5")  // a number: no formula guard
        #expect(CSVWriter.encode(.decimal(1e20, places: 0)) == "100000000000000000000")
        #expect(CSVWriter.encode(.decimal(.nan, places: 2)) == "")
    }
}
