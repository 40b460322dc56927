import Foundation
import Stats
import Testing
@testable import Tabular

/// The numeric reader streams its input in chunks and appends rows to its columns a staging
/// block at a time. These tests shrink both (chunks of 4–17 bytes, blocks of 1–3 rows) so that
/// boundaries fall inside every kind of token, and check that the result — numbers, header,
/// or the exact error with its line and column — is the one of a single-window read, and
/// agrees with the general reader.
@Suite struct NumericColumnsStreamingTests {
    static let whole = NumericReadTuning(chunkSize: 1 << 20, stagingRows: 4096)
    static let tunings: [NumericReadTuning] = (4...17).map {
        NumericReadTuning(chunkSize: $0, stagingRows: 1 + $0 % 3)
    }

    typealias Outcome = Result<NumericColumns, CSVError>

    static func read(_ text: String, _ tuning: NumericReadTuning, encoding: TextEncoding = .auto) -> Outcome {
        read(Array(text.utf8), tuning, encoding: encoding)
    }

    static func read(_ bytes: [UInt8], _ tuning: NumericReadTuning, encoding: TextEncoding = .auto) -> Outcome {
        Result { () throws(CSVError) in
            try CSVReader.numericColumns(bytes: bytes, file: "s.csv", encoding: encoding, tuning: tuning)
        }
    }

    /// Same header, same numbers bit for bit (NaN for NaN), or the same error.
    static func same(_ a: Outcome, _ b: Outcome) -> Bool {
        switch (a, b) {
        case (.failure(let x), .failure(let y)): return x == y
        case (.success(let x), .success(let y)):
            guard x.header == y.header, x.columns.count == y.columns.count else { return false }
            for (p, q) in zip(x.columns, y.columns) {
                guard p.count == q.count else { return false }
                for (u, v) in zip(p, q) where u.bitPattern != v.bitPattern { return false }
            }
            return true
        default: return false
        }
    }

    /// Every small tuning gives the single-window outcome.
    static func expectChunkingInvariant(_ bytes: [UInt8], encoding: TextEncoding = .auto,
                                        sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        let reference = read(bytes, whole, encoding: encoding)
        for t in tunings {
            let o = read(bytes, t, encoding: encoding)
            #expect(same(o, reference), "chunk \(t.chunkSize), staging \(t.stagingRows): \(o) vs \(reference)",
                    sourceLocation: sourceLocation)
        }
        return reference
    }

    @Test func rowsCRLFAndQuotedFieldsSplitAcrossChunks() throws {
        let text = "\u{FEFF}\"x \"\"1\"\"\",\"y\r\nz\",w\r\n\r\n1,\"2.5\",-3e2\r\n\"4\",, 5 \r\r\n6,7,8\n"
        let t = try Self.expectChunkingInvariant(Array(text.utf8)).get()
        #expect(t.header == ["x \"1\"", "y\r\nz", "w"])
        #expect(t.rowCount == 3)
        #expect(t.columns[0] == [1, 4, 6] && t.columns[2] == [-300, 5, 8])
        #expect(t.columns[1][0] == 2.5 && t.columns[1][1].isNaN && t.columns[1][2] == 7)
    }

    @Test func errorLineAndColumnAfterABoundary() {
        // A quoted cell on lines 4–5 that is not a number: the error names the line it starts on.
        let text = "a,b,c\n1,2,3\r\n\n4,\"\",\"\n\"\n7,8,x9\n"
        let expected = CSVError(file: "s.csv", line: 4, column: 3, message: "not a number in column \"c\": \"\n\"")
        #expect(throws: expected) { try Self.expectChunkingInvariant(Array(text.utf8)).get() }
        let later = "a,b,c\n1,2,3\r\n\n4,\"\",5\n7,8,x9\n"
        #expect(throws: CSVError(file: "s.csv", line: 5, column: 3, message: "not a number in column \"c\": \"x9\"")) {
            try Self.expectChunkingInvariant(Array(later.utf8)).get()
        }
        #expect(throws: CSVError(file: "s.csv", line: 3, column: 2, message: "row has 2 field(s), the header has 3")) {
            try Self.expectChunkingInvariant(Array("a,b,c\r\n1,2,3\r\n4,5\r\n".utf8)).get()
        }
        #expect(throws: CSVError(file: "s.csv", line: 3, column: 4, message: "row has more fields than the header (3)")) {
            try Self.expectChunkingInvariant(Array("a,b,c\n1,2,3\n4,5,6,7\n".utf8)).get()
        }
        #expect(throws: CSVError(file: "s.csv", line: 3, column: 2, message: QuotedFieldEnd.unterminated.message)) {
            try Self.expectChunkingInvariant(Array("a,b\n\r\n1,\"2\n\n".utf8)).get()
        }
        #expect(throws: CSVError(file: "s.csv", line: 3, column: 2, message: QuotedFieldEnd.textAfterClosingQuote.message)) {
            try Self.expectChunkingInvariant(Array("a,b\n1,2\n3,\"4\"5\n".utf8)).get()
        }
    }

    @Test func lastRowWithoutLineEnd() throws {
        for text in ["a,b\n1,2\n3,4", "a,b\r\n1,2\r\n3,4\r", "a,b\n1,2\n3,", "a,b\n1,2\n3,\"4\""] {
            let t = try Self.expectChunkingInvariant(Array(text.utf8)).get()
            #expect(t.rowCount == 2 && t.columns[0] == [1, 3], "\(text.debugDescription)")
        }
    }

    @Test func emptyBlankAndHeaderOnly() throws {
        for text in ["", "\u{FEFF}", "\n\r\n\r", "\u{FEFF}\r\n"] {
            let t = try Self.expectChunkingInvariant(Array(text.utf8)).get()
            #expect(t.header.isEmpty && t.columns.isEmpty && t.rowCount == 0)
        }
        for text in ["id,score", "id,score\n", "\r\nid,score\r\n\r\n", "\u{FEFF}id,\"score\""] {
            let t = try Self.expectChunkingInvariant(Array(text.utf8)).get()
            #expect(t.header == ["id", "score"] && t.columns == [[], []] && t.rowCount == 0)
        }
    }

    @Test func gb18030HeaderSplitInsideItsCharacters() throws {
        let header = "编号,得分,䶮\r\n"
        var bytes = try #require(header.data(using: TextEncoding.foundationGB18030)).map { $0 }
        bytes += Array("1,2.5,3\r\n4,5,6\r\n".utf8)
        #expect(bytes.withUnsafeBufferPointer { TextDecoding.firstInvalidUTF8($0) } != nil)
        for encoding in [TextEncoding.auto, .gb18030] {
            let t = try Self.expectChunkingInvariant(bytes, encoding: encoding).get()
            #expect(t.header == ["编号", "得分", "䶮"] && t.columns == [[1, 4], [2.5, 5], [3, 6]])
        }
        #expect(throws: CSVError.self) { try Self.expectChunkingInvariant(bytes, encoding: .utf8).get() }

        // A non-number in the file's encoding is shown decoded.
        bytes += try #require("7,得分,9\r\n".data(using: TextEncoding.foundationGB18030)).map { $0 }
        #expect(throws: CSVError(file: "s.csv", line: 4, column: 2, message: "not a number in column \"得分\": \"得分\"")) {
            try Self.expectChunkingInvariant(bytes).get()
        }
    }

    @Test func invalidUTF8InACellNamesItsLineAndColumn() {
        let bytes = Array("\u{FEFF}a,b\n1,2\n3,".utf8) + [0xFF, 0x0A]
        let error = CSVError(file: "s.csv", line: 3, column: 2,
                             message: "the file is not valid UTF-8 text (byte offset 10); force another encoding with --encoding")
        #expect(throws: error) { try Self.expectChunkingInvariant(bytes).get() }
    }

    /// Random small files built from the tokens that matter at a boundary (quotes, doubled
    /// quotes, CR, LF, CRLF, commas, blanks, numbers): every tuning agrees with the single
    /// window, and an accepted file reads the same through the general reader.
    @Test(arguments: 0..<200)
    func randomFilesReadTheSameAtEveryChunking(seed: Int) {
        var g = SeededGenerator(seed: UInt64(7000 + seed))
        let columns = 1 + g.index(below: 3)
        let ends = ["\n", "\r\n", "\r"]
        let cells = ["1", "-2.5", "3e2", " 4 ", "", "\"5\"", "\"\"", "\" 6\"", "\"7\n\"", "\"8\"\"\"", "x", "\t"]
        var text = g.bernoulli(0.3) ? "\u{FEFF}" : ""
        text += (0..<columns).map { g.bernoulli(0.3) ? "\"h\($0)\r\n\"\"\"" : "h\($0)" }.joined(separator: ",")
        for _ in 0..<g.index(below: 6) {
            text += ends[g.index(below: 3)]
            if g.bernoulli(0.15) { text += ends[g.index(below: 3)] }
            var n = columns
            if g.bernoulli(0.08) { n += g.bernoulli(0.5) ? 1 : -1 }
            text += (0..<max(1, n)).map { _ in g.bernoulli(0.9) ? cells[g.index(below: 4)] : cells[g.index(below: cells.count)] }
                .joined(separator: ",")
        }
        if g.bernoulli(0.5) { text += ends[g.index(below: 3)] }
        let bytes = Array(text.utf8)
        let reference = Self.expectChunkingInvariant(bytes)
        if case .success(let t) = reference {
            let table = Result { () throws(CSVError) in try CSVReader.parse(bytes: bytes, file: "s.csv").numericColumns() }
            #expect(Self.same(reference, table.map { NumericColumns(header: t.header, columns: $0) }), "\(text.debugDescription)")
        }
    }

    @Test func readsAFileInChunks() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("chunks.csv")
        var text = "id,value\r\n"
        for k in 0..<1000 { text += "\(k),\"\(Double(k) / 8)\"\r\n" }
        text += "1000,oops\r\n"
        try Data(text.utf8).write(to: url)
        for tuning in [NumericReadTuning(chunkSize: 7, stagingRows: 3), NumericReadTuning(chunkSize: 64, stagingRows: 100)] {
            #expect(throws: CSVError(file: "chunks.csv", line: 1002, column: 2, message: "not a number in column \"value\": \"oops\"")) {
                try CSVReader.readNumericColumns(contentsOf: url, encoding: .auto, displayName: nil, tuning: tuning)
            }
        }
        try Data(text.utf8.dropLast(11)).write(to: url)
        let t = try CSVReader.readNumericColumns(contentsOf: url, encoding: .auto, displayName: nil,
                                                 tuning: NumericReadTuning(chunkSize: 7, stagingRows: 3))
        #expect(t.rowCount == 1000 && t.columns[1] == (0..<1000).map { Double($0) / 8 })
    }

    /// The columns are reserved from the file size and the first rows' length: no doubling
    /// slack, and still right when later rows are longer than the first (the estimate is low).
    @Test func columnsAreReservedFromAnEstimate() throws {
        var text = "id,x\n"
        for k in 0..<20_000 { text += "\(10_000 + k),\(k % 7)\n" }
        let t = try CSVReader.numericColumns(bytes: Array(text.utf8), file: "e.csv", encoding: .auto,
                                             tuning: NumericReadTuning(chunkSize: 4096, stagingRows: 256))
        #expect(t.rowCount == 20_000 && t.columns[0] == (10_000..<30_000).map(Double.init))
        for column in t.columns { #expect(column.capacity < 20_000 * 21 / 20, "capacity \(column.capacity)") }

        // Rows ten times longer after the first block: the columns grow, in steps of at least 1/8.
        var growing = "id,x\n"
        for k in 0..<300 { growing += "\(k),1\n" }
        for k in 300..<3000 { growing += "\(k),1.000000000000000000001\n" }
        let g = try CSVReader.numericColumns(bytes: Array(growing.utf8), file: "g.csv", encoding: .auto,
                                             tuning: NumericReadTuning(chunkSize: 100, stagingRows: 300))
        #expect(g.rowCount == 3000 && g.columns[0] == (0..<3000).map(Double.init) && g.columns[1].allSatisfy { $0 == 1 })

        // Size unknown (a pipe): no estimate, the columns grow as arrays do.
        struct Unsized: ByteChunkSource {
            var inner: MemoryByteChunks
            var sizeHint: Int? { nil }
            mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(CSVError) -> Int {
                try inner.read(into: buffer, count: min(count, 5))  // short reads, as from a pipe
            }
        }
        var source = Unsized(inner: MemoryByteChunks(Array(growing.utf8)))
        let u = try CSVReader.numericColumns(from: &source, file: "u.csv", encoding: .auto,
                                             tuning: NumericReadTuning(chunkSize: 100, stagingRows: 7))
        #expect(Self.same(.success(u), .success(g)))
    }
}
