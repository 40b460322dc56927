import Testing
import Stats
@testable import Tabular

/// The numeric reader parses plain records (numbers and blanks, no quotes or spaces) in a C loop
/// and hands every other record to the general path. Whatever path a cell takes, its value is
/// the one the general reader gives, bit for bit, and errors keep their line and column.
@Suite struct PlainNumberFastPathTests {
    static func sameAsTableReader(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = Array(text.utf8)
        let fast = try CSVReader.numericColumns(bytes: bytes, file: "p.csv")
        let table = try CSVReader.parse(bytes: bytes, file: "p.csv")
        #expect(fast.header == table.header, sourceLocation: sourceLocation)
        for c in table.header.indices {
            let a = fast.columns[c], b = try table.doubles(column: c)
            #expect(a.count == b.count, sourceLocation: sourceLocation)
            for (r, (x, y)) in zip(a, b).enumerated() where x.bitPattern != y.bitPattern {
                Issue.record("row \(r) column \(c): \(x) vs \(y)", sourceLocation: sourceLocation)
            }
        }
    }

    /// A random plain decimal: sign, leading zeros, up to 20 integer and 24 fraction digits.
    static func plainNumber(_ g: inout SeededGenerator) -> String {
        let digits = Array("0123456789")
        var s = g.bernoulli(0.2) ? "-" : (g.bernoulli(0.05) ? "+" : "")
        if g.bernoulli(0.1) { s += String(repeating: "0", count: 1 + g.index(below: 3)) }
        let whole = g.index(below: 21), fraction = g.bernoulli(0.6) ? g.index(below: 25) : 0
        for _ in 0..<whole { s += String(digits[g.index(below: 10)]) }
        if fraction > 0 || (whole > 0 && g.bernoulli(0.05)) {
            s += "."
            for _ in 0..<fraction { s += String(digits[g.index(below: 10)]) }
        }
        if whole == 0 && fraction == 0 { s += "0" }
        return s
    }

    @Test(arguments: 0..<20)
    func randomPlainDecimalsReadAsTheGeneralReaderReadsThem(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(31_000 + seed))
        let columns = 1 + g.index(below: 5)
        var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
        for _ in 0..<300 {
            text += (0..<columns).map { _ in g.bernoulli(0.1) ? "" : Self.plainNumber(&g) }.joined(separator: ",")
            text += g.bernoulli(0.2) ? "\r\n" : "\n"
            if g.bernoulli(0.03) { text += "\n" }
        }
        try Self.sameAsTableReader(text)
    }

    @Test func recordsTheFastPathDoesNotTakeStillRead() throws {
        // Exponents, spaces, quotes, tabs, 19+ digits, inf/nan words, a CR line end, no final
        // line end: each record goes to the general path, the plain ones around it do not.
        let text = "a,b\n1,2\n3e2,4\n5, 6 \n\"7\",8\n9,\t10\n12345678901234567890,1\n0.1,-0\n"
            + "inf,-nan\n1.5,2.5\r3,4\n" + String(repeating: "1.25,-7\n", count: 50) + "0.000000000000000000000001,2"
        try Self.sameAsTableReader(text)
        let t = try CSVReader.numericColumns(bytes: Array(text.utf8), file: "p.csv")
        #expect(t.rowCount == 61)
        #expect(t.columns[1][6].sign == .minus && t.columns[1][6] == 0)
    }

    @Test func errorsAfterPlainRecordsKeepTheirLineAndColumn() {
        let plain = String(repeating: "1,2,3\n", count: 5000)
        #expect(throws: CSVError(file: "p.csv", line: 5002, column: 2, message: "not a number in column \"b\": \"-\"")) {
            try CSVReader.numericColumns(bytes: Array(("a,b,c\n" + plain + "4,-,6\n").utf8), file: "p.csv")
        }
        #expect(throws: CSVError(file: "p.csv", line: 5003, column: 2, message: "row has 2 field(s), the header has 3")) {
            try CSVReader.numericColumns(bytes: Array(("a,b,c\n" + plain + "\n4,5\n").utf8), file: "p.csv")
        }
        #expect(throws: CSVError(file: "p.csv", line: 5002, column: 4, message: "row has more fields than the header (3)")) {
            try CSVReader.numericColumns(bytes: Array(("a,b,c\n" + plain + "4,5,6,7\n").utf8), file: "p.csv")
        }
        #expect(throws: CSVError(file: "p.csv", line: 5002, column: 3, message: "not a number in column \"c\": \"6.\"\"")) {
            try CSVReader.numericColumns(bytes: Array(("a,b,c\n" + plain + "4,5,6.\"\n").utf8), file: "p.csv")
        }
    }
}
