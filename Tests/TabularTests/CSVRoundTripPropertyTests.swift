import Foundation
import Stats
import Testing
@testable import Tabular

/// Property: whatever table `CSVWriter` writes, `CSVReader` reads back, cell for cell.
///
/// Random tables (seeded, 300 cases) mix text drawn from an alphabet of CJK, emoji, quotes,
/// commas, CR, LF, CRLF, tabs, spaces, a BOM character and formula starters (`= + - @`) with
/// numbers (integral, fractional, tiny, huge, negative zero, NaN, infinities), integers and
/// empty cells. The documented transformations are the only differences allowed:
/// - with the formula guard on, text beginning with `=`, `+`, `-`, `@`, tab or CR comes back
///   with a leading `'`;
/// - NaN and infinities are written as empty cells (read back as `nil`);
/// - `-0.0` comes back as `0.0` (equal under `==`);
/// - numbers otherwise round-trip exactly (shortest round-trip formatting, correctly rounded
///   parsing).
@Suite struct CSVRoundTripPropertyTests {
    static let alphabet: [String] = [
        "a", "Z", "7", " ", ",", "\"", "\n", "\r", "\r\n", "\t", "'", "=", "+", "-", "@", ".", "e",
        "中", "社区", "统一社会信用代码", "🏭", "é", "\u{FEFF}", "\u{3000}", "Ｉ", "；", "“",
    ]

    static func randomText(_ g: inout SeededGenerator) -> String {
        var s = ""
        for _ in 0..<g.index(below: 9) { s += alphabet[g.index(below: alphabet.count)] }
        return s
    }

    static func randomNumber(_ g: inout SeededGenerator) -> Double {
        switch g.index(below: 10) {
        case 0: return Double(g.index(below: 2_000_001) - 1_000_000)
        case 1: return g.normal() * 1e-300
        case 2: return g.normal() * 1e300
        case 3: return [-0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                        -.leastNormalMagnitude, 1e15, 1e15 - 1, 0.1][g.index(below: 10)]
        case 4: return Double(bitPattern: g.next())   // any bit pattern, NaNs included
        default: return g.normal() * pow(10, Double(g.index(below: 40) - 20))
        }
    }

    static func randomCell(_ g: inout SeededGenerator) -> CSVCell {
        switch g.index(below: 8) {
        case 0: return .empty
        case 1: return .integer(Int(bitPattern: UInt(truncatingIfNeeded: g.next())) >> g.index(below: 64))
        case 2, 3: return .number(randomNumber(&g))
        default: return .text(randomText(&g))
        }
    }

    /// The text the reader should give back for `cell` written with the formula guard `guarded`.
    static func expectedText(_ cell: CSVCell, guarded: Bool) -> String {
        switch cell {
        case .empty: return ""
        case .integer(let v): return String(v)
        case .number(let x): return CSVCell.format(x)
        case .decimal(let x, let places): return CSVCell.fixed(x, places: places)
        case .text(let s):
            guard guarded, let first = s.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return s }
            return "'" + s
        }
    }

    @Test(arguments: 0..<300)
    func writeThenReadGivesTheTableBack(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(seed))
        let columns = 1 + g.index(below: 6)
        let header = (0..<columns).map { _ in CSVCell.text(Self.randomText(&g)) }
        let rows = (0..<g.index(below: 12)).map { _ in (0..<columns).map { _ in Self.randomCell(&g) } }
        let guarded = g.bernoulli(0.8), bom = g.bernoulli(0.5)

        let sink = MemorySink()
        let writer = CSVWriter(to: sink, byteOrderMark: bom, guardsFormulas: guarded)
        try writer.writeRow(header)
        for row in rows { try writer.writeRow(row) }
        try writer.flush()

        let table = try CSVReader.parse(bytes: sink.bytes, file: "round-trip.csv")
        #expect(table.encoding == .utf8)
        #expect(table.header == header.map { Self.expectedText($0, guarded: guarded) })
        try #require(table.rowCount == rows.count)
        for (r, row) in rows.enumerated() {
            #expect(table.fieldCount(row: r) == columns)
            for (c, cell) in row.enumerated() {
                #expect(table.string(row: r, column: c) == Self.expectedText(cell, guarded: guarded))
                switch cell {
                case .number(let x):
                    let back = try table.double(row: r, column: c)
                    if x.isFinite { #expect(back == x, "row \(r) column \(c): \(x) came back as \(String(describing: back))") }
                    else { #expect(back == nil) }
                case .integer(let v):
                    #expect(try table.int(row: r, column: c) == v)
                default: break
                }
            }
        }
    }

    /// The one-pass numeric reader agrees with the general parser on written numeric tables.
    @Test(arguments: 0..<100)
    func numericTablesReadTheSameBothWays(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(1000 + seed))
        let columns = 1 + g.index(below: 5)
        let sink = MemorySink()
        let writer = CSVWriter(to: sink, byteOrderMark: g.bernoulli(0.5))
        try writer.writeHeader((0..<columns).map { "x\($0)" })
        var written: [[Double]] = Array(repeating: [], count: columns)
        for _ in 0..<g.index(below: 30) {
            let row = (0..<columns).map { _ in Self.randomNumber(&g) }
            try writer.writeRow(row.map { .number($0) })
            for (c, x) in row.enumerated() { written[c].append(x.isFinite ? x : .nan) }
        }
        try writer.flush()
        let numeric = try CSVReader.numericColumns(bytes: sink.bytes, file: "n.csv")
        let table = try CSVReader.parse(bytes: sink.bytes, file: "n.csv").numericColumns()
        #expect(numeric.header == (0..<columns).map { "x\($0)" })
        for c in 0..<columns {
            for (k, x) in written[c].enumerated() {
                let a = numeric.columns[c][k], b = table[c][k]
                #expect((x.isNaN && a.isNaN && b.isNaN) || (a == x && b == x), "column \(c) row \(k): \(x) → \(a), \(b)")
            }
        }
    }
}
