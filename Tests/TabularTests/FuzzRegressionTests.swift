import Foundation
import Testing
@testable import Tabular

/// Inputs the fuzzer (scripts/fuzz.sh, fuzz/Targets/CSVReaderFuzz.swift) found, kept under
/// Fixtures/fuzz/ byte for byte, each with the behaviour it pins down.
@Suite struct FuzzRegressionTests {
    /// `,\n""\n\r\n3,`: a record of one empty quoted field. Re-written, it used to become an
    /// empty line, which the reader skips as blank: the row was lost in the round trip.
    /// The writer now writes a row of one empty cell as `""`.
    @Test func aRowOfOneEmptyFieldSurvivesTheRoundTrip() throws {
        let bytes = Array(try Data(contentsOf: fixture("fuzz/single-empty-quoted-field.csv")))
        let table = try CSVReader.parse(bytes: bytes, file: "fuzz.csv")
        #expect(table.header == ["", ""])
        #expect(table.rowCount == 2)
        #expect(table.fields(row: 0) == [""])
        #expect(table.fields(row: 1) == ["3", ""])

        let sink = MemorySink()
        let writer = CSVWriter(to: sink, guardsFormulas: false)
        try writer.writeRow(table.header.map { .text($0) })
        for r in 0..<table.rowCount { try writer.writeRow(table.fields(row: r).map { .text($0) }) }
        try writer.flush()
        #expect(sink.text == ",\n\"\"\n3,\n")
        let again = try CSVReader.parse(bytes: sink.bytes, file: "again.csv")
        #expect(again.rowCount == 2)
        #expect(again.fields(row: 0) == [""])
    }

    @Test func aRowOfOneEmptyCellIsWrittenAsTwoQuotes() throws {
        for cell in [CSVCell.empty, .text(""), .number(.nan)] {
            let sink = MemorySink()
            let writer = CSVWriter(to: sink)
            try writer.writeRow([cell])
            try writer.writeRow([cell, cell])
            try writer.flush()
            #expect(sink.text == "\"\"\n,\n")
        }
        // A single cell's own encoding is unchanged.
        #expect(CSVWriter.encode(.empty) == "")
    }

    /// Met while writing the round-trip property (its alphabet has U+FEFF): text beginning with
    /// U+FEFF written first in a file is read back as a byte-order mark and lost unless quoted.
    /// The writer now quotes such text.
    @Test func leadingByteOrderMarkCharacterIsQuoted() throws {
        let sink = MemorySink()
        let writer = CSVWriter(to: sink)
        try writer.writeRow([.text("\u{FEFF}id"), .text("x")])
        try writer.flush()
        let table = try CSVReader.parse(bytes: sink.bytes, file: "bom-text.csv")
        #expect(table.header == ["\u{FEFF}id", "x"])
    }
}
