import Foundation
import Testing
@testable import Tabular

/// An input that never ends — a device, a pipe that keeps writing — stops with an error naming
/// the line and field of the record that passed `CSVRecordLimit.bytes`, after reading about
/// that much, in every reader.
@Suite struct RecordLimitTests {
    /// Zeros forever, like `/dev/zero`, counting what was read.
    struct Endless: ByteChunkSource {
        var prefix: [UInt8]
        var delivered = 0
        var sizeHint: Int? { nil }
        mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(CSVError) -> Int {
            for k in 0..<count { buffer[k] = delivered + k < prefix.count ? prefix[delivered + k] : 0x78 }
            delivered += count
            return count
        }
    }

    @Test func numericReaderStopsAnEndlessRecord() throws {
        let tuning = NumericReadTuning(chunkSize: 64, stagingRows: 3, recordLimit: 1000)
        var source = Endless(prefix: Array("a,b\n1,2\n3,4\n5,".utf8))
        #expect(throws: CSVError(file: "z.csv", line: 4, column: 2, message: CSVRecordLimit.error(
            file: "z.csv", line: 4, column: 2, limit: 1000).message)) {
            try CSVReader.numericColumns(from: &source, file: "z.csv", encoding: .auto, tuning: tuning)
        }
        // Bounded: at most about twice the limit was read.
        #expect(source.delivered < 2 * 1000 + 2 * 64)
        var header = Endless(prefix: Array("a,\"".utf8))
        #expect(throws: CSVError(file: "z.csv", line: 1, column: 2, message: CSVRecordLimit.error(
            file: "z.csv", line: 1, column: 2, limit: 1000).message)) {
            try CSVReader.numericColumns(from: &header, file: "z.csv", encoding: .auto, tuning: tuning)
        }
    }

    @Test func aLongRecordUnderTheLimitStillReads() throws {
        let tuning = NumericReadTuning(chunkSize: 16, stagingRows: 2, recordLimit: 1000)
        let wide = (0..<150).map { "\($0)" }.joined(separator: ",")
        let t = try CSVReader.numericColumns(bytes: Array((wide + "\n" + wide + "\n").utf8), file: "w.csv",
                                             encoding: .auto, tuning: tuning)
        #expect(t.columns.count == 150 && t.rowCount == 1 && t.columns[149] == [149])
    }

    @Test func wholeFileReadersStopAtTheLimitToo() throws {
        // A record of 17 MiB in a regular file: the general reader and the row stream refuse it,
        // naming its line and the field in progress at the limit.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("big.csv")
        var bytes = Array("id,name\n1,short\n2,".utf8)
        bytes += [UInt8](repeating: 0x61, count: CSVRecordLimit.bytes + (1 << 20))
        bytes += Array("\n".utf8)
        try Data(bytes).write(to: url)
        let expected = CSVRecordLimit.error(file: "big.csv", line: 3, column: 2, limit: CSVRecordLimit.bytes)
        #expect(throws: expected) { try CSVReader.read(contentsOf: url) }
        let stream = try CSVRowStream(contentsOf: url)
        var rows = 0
        #expect(throws: expected) { try stream.forEachRow { _ in rows += 1 } }
        #expect(rows == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func devZeroStopsEveryReader() throws {
        let zero = URL(fileURLWithPath: "/dev/zero")
        guard FileManager.default.fileExists(atPath: zero.path) else { return }
        // The stated limit in one reader; a smaller one in the others, to keep the test short.
        #expect(throws: CSVRecordLimit.error(file: "zero", line: 1, column: 1, limit: CSVRecordLimit.bytes)) {
            try CSVRowStream(contentsOf: zero)
        }
        let small = 1 << 16
        let expected = CSVRecordLimit.error(file: "zero", line: 1, column: 1, limit: small)
        #expect(throws: expected) {
            try CSVReader.readNumericColumns(contentsOf: zero, encoding: .auto, displayName: nil,
                                             tuning: NumericReadTuning(recordLimit: small))
        }
        #expect(throws: expected) {
            try CSVRowStream(contentsOf: zero, encoding: .auto, displayName: nil, recordLimit: small)
        }
        #expect(throws: expected) {
            try CSVReader.read(contentsOf: zero, encoding: .auto, displayName: nil, recordLimit: small)
        }
    }

    @Test func theGuardFollowsQuotesAndLineEnds() throws {
        var g = RecordLengthGuard(limit: 20)
        let text = Array("a,\"b\r\n,c\"\r\nd,e\n\"x,".utf8)
        try text.withUnsafeBufferPointer { (p) throws(CSVError) in try g.feed(p, at: 0, file: "g.csv") }
        // The open record (line 4, from `"x,`) passes 20 bytes in its first field.
        let more = [UInt8](repeating: 0x79, count: 30)
        #expect(throws: CSVRecordLimit.error(file: "g.csv", line: 4, column: 1, limit: 20)) {
            try more.withUnsafeBufferPointer { (p) throws(CSVError) in try g.feed(p, at: text.count, file: "g.csv") }
        }
    }
}
