import Foundation
import Testing
@testable import Tabular

/// The numeric reader with a text label column: labels as the general reader decodes them,
/// numbers bit for bit, at every chunking.
@Suite struct LabeledNumericTableTests {
    static func read(_ bytes: [UInt8], _ tuning: NumericReadTuning = .standard) throws(CSVError) -> LabeledNumericTable {
        var source = MemoryByteChunks(bytes)
        return try CSVReader.labeledNumericColumns(from: &source, file: "l.csv", encoding: .auto, tuning: tuning)
    }

    /// Labels and numbers equal to the general reader's, at chunk sizes 4…40.
    static func expectSameAsTableReader(_ text: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let table = try CSVReader.parse(bytes: text, file: "l.csv")
        for chunk in [1 << 20] + Array(4...40) {
            let t = try read(text, NumericReadTuning(chunkSize: chunk, stagingRows: 1 + chunk % 5))
            #expect(t.header == table.header, sourceLocation: sourceLocation)
            #expect(t.labels == (0..<table.rowCount).map { table.string(row: $0, column: 0) }, "chunk \(chunk)",
                    sourceLocation: sourceLocation)
            for c in 1..<table.header.count {
                let expected = try table.doubles(column: c)
                #expect(t.columns[c - 1].map(\.bitPattern) == expected.map(\.bitPattern), sourceLocation: sourceLocation)
            }
        }
    }

    @Test func labelsQuotedUnquotedAndEmpty() throws {
        let text = "id,x,y\r\nE1,1.5,2\r\n\"E,2\",3,\r\n\"say \"\"hi\"\"\",4,5\n,6,7\nab\"c,8,9\n\n\"multi\nline\",10,11\nE7,12,13"
        try Self.expectSameAsTableReader(Array(text.utf8))
        let t = try Self.read(Array(text.utf8))
        #expect(t.labels == ["E1", "E,2", "say \"hi\"", "", "ab\"c", "multi\nline", "E7"])
        #expect(t.numericNames == ["x", "y"] && t.rowCount == 7)
        #expect(t.columns[1][1].isNaN)
        #expect(Array(t.rowMajor()[0..<3]) == [1.5, 2, 3] && t.rowMajor()[3].isNaN)
    }

    @Test func chineseLabelsInUTF8AndGB18030() throws {
        let text = "编号,得分\n东湖社区一号,1\n新城社区,2.5\n"
        try Self.expectSameAsTableReader(Array(text.utf8))
        let gb = Array(text.data(using: TextEncoding.foundationGB18030)!)
        let t = try Self.read(gb)
        #expect(t.header == ["编号", "得分"])
        #expect(t.labels == ["东湖社区一号", "新城社区"])
        #expect(t.columns[0] == [1, 2.5])
    }

    @Test func invalidTextInALabelNamesItsLine() {
        // UTF-8 header (valid), then a label byte that is neither UTF-8 nor GB18030 text.
        var bytes = Array("id,x\nA,1\n\nB,2\n".utf8)
        bytes += [0xFF, 0x2C, 0x33, 0x0A]
        #expect(throws: CSVError.self) { try Self.read(bytes) }
        do { _ = try Self.read(bytes) } catch { #expect(error.line == 5 && error.column == 1, "\(error)") }
    }

    @Test func numbersInTheLabelColumnStayText() throws {
        let t = try Self.read(Array("id,v\n007,1\n1e3,2\n".utf8))
        #expect(t.labels == ["007", "1e3"])
    }
}
