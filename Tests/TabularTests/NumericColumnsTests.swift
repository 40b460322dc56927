import Foundation
import Testing
@testable import Tabular

@Suite struct NumericColumnsTests {
    @Test func matchesPythonBitForBit() throws {
        struct Reference: Decodable { var hex: [String] }
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: fixture("numbers.json")))
        let t = try CSVReader.readNumericColumns(contentsOf: fixture("numbers.csv"))
        #expect(t.header == ["x", "y"] && t.rowCount == reference.hex.count)
        for (x, hex) in zip(t.columns[0], reference.hex) {
            #expect(x.bitPattern == Double(hex)!.bitPattern, "\(x) vs \(hex)")
        }
        #expect(t.column(named: "y") == (0..<t.rowCount).map(Double.init))
    }

    @Test func agreesWithTheTableReader() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"2.5\",\r\n\r\n-3e2, 4 ,5\n"
        let t = try CSVReader.numericColumns(bytes: Array(text.utf8), file: "n.csv")
        let table = try CSVReader.parse(bytes: Array(text.utf8), file: "n.csv")
        #expect(t.header == table.header)
        for c in 0..<3 {
            let a = t.columns[c], b = try table.doubles(column: c)
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) { #expect(x.bitPattern == y.bitPattern) }
        }
        #expect(t.columns[2][0].isNaN && t.columns[0][1] == -300)
    }

    @Test func eiselLemirePathIsCorrectlyRounded() throws {
        // 17-significant-digit values (beyond Clinger's fast path) and extreme exponents,
        // checked against Swift's own correctly rounded parser.
        var text = "v\n"
        var expected: [Double] = []
        var g = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let x = Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF)
            text += "\(x)\n"; expected.append(x)
        }
        for s in ["9007199254740993", "1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324", "1e-400", "123456789012345678e-5"] {
            text += s + "\n"; expected.append(Double(s)!)
        }
        let t = try CSVReader.numericColumns(bytes: Array(text.utf8), file: "r.csv")
        for (x, y) in zip(t.columns[0], expected) { #expect(x.bitPattern == y.bitPattern, "\(y)") }
    }

    @Test func errorsNameLineAndColumn() {
        #expect(throws: CSVError(file: "e.csv", line: 3, column: 2, message: "not a number in column \"b\": \"x\"")) {
            try CSVReader.numericColumns(bytes: Array("a,b\n1,2\n3,x\n".utf8), file: "e.csv")
        }
        #expect(throws: CSVError(file: "e.csv", line: 2, column: 1, message: "row has 1 field(s), the header has 2")) {
            try CSVReader.numericColumns(bytes: Array("a,b\n1\n".utf8), file: "e.csv")
        }
        #expect(throws: CSVError.self) { try CSVReader.numericColumns(bytes: Array("a,b\n1,2,3\n".utf8), file: "e.csv") }
        #expect(throws: CSVError.self) { try CSVReader.numericColumns(bytes: Array("a,b\n1,\"2\n".utf8), file: "e.csv") }
    }

    @Test func emptyAndHeaderOnly() throws {
        #expect(try CSVReader.readNumericColumns(contentsOf: fixture("empty.csv")).header.isEmpty)
        let h = try CSVReader.readNumericColumns(contentsOf: fixture("header_only.csv"))
        #expect(h.header == ["id", "date", "status"] && h.rowCount == 0 && h.columns.count == 3)
    }
}
