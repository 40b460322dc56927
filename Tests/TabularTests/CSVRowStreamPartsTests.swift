import Testing
@testable import Tabular

/// `CSVRowStream.parts(splittingAt:)`: two runs of whole records whose rows, lines and errors are
/// those of one scan.
@Suite struct CSVRowStreamPartsTests {
    func rows(_ stream: CSVRowStream, _ part: CSVRowStream.Part? = nil) throws -> [String] {
        var out: [String] = []
        let body: (CSVRow) -> Void = { out.append("\($0.line):\($0.fields.joined(separator: "|"))") }
        if let part { try stream.forEachRow(in: part, body) } else { try stream.forEachRow(body) }
        return out
    }

    @Test func partsReadAsOneScan() throws {
        var text = "a,b\n"
        for i in 0..<200 { text += i % 17 == 0 ? "\n" : "x\(i),\(i)\n" }
        text += "\"q,1\",\"2\r\n3\"\nlast,1"
        let stream = try CSVRowStream(bytes: Array(text.utf8), file: "t.csv")
        for fraction in [0.1, 0.5, 0.8] {
            let (first, second) = try #require(stream.parts(splittingAt: fraction, minimumBytes: 0))
            #expect(first.end == second.start && second.end == text.utf8.count)
            #expect(try rows(stream, first) + rows(stream, second) == rows(stream))
        }
        // A quote or carriage return in the first part: no split.
        #expect(stream.parts(splittingAt: 0.99, minimumBytes: 0) == nil)
        #expect(stream.parts(splittingAt: 0.5) == nil)   // shorter than 1 MiB
    }

    @Test func anErrorInTheSecondPartIsTheOneScanSees() throws {
        var text = "a,b\n"
        for i in 0..<100 { text += "x\(i),\(i)\n" }
        text += "\"ab\"c,1\n"
        let stream = try CSVRowStream(bytes: Array(text.utf8), file: "t.csv")
        let (_, second) = try #require(stream.parts(splittingAt: 0.5, minimumBytes: 0))
        var whole: CSVError? = nil, part: CSVError? = nil
        do { _ = try rows(stream) } catch { whole = error as? CSVError }
        do { _ = try rows(stream, second) } catch { part = error as? CSVError }
        #expect(whole != nil && whole?.line == part?.line && whole?.column == part?.column && whole?.message == part?.message)
    }
}
