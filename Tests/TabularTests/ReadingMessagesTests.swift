import Foundation
import Testing
@testable import Tabular

/// Issue 19, item 13: a file that cannot be read says what it is and what would help — UTF-16,
/// a wrong byte-order mark, another separator — and locations without a column say so.
@Suite struct ReadingMessagesTests {
    static let text = "id,name,size\n91350100M000100Y43,甲化工,large\n"

    func error(_ bytes: [UInt8], encoding: TextEncoding = .auto) -> CSVError? {
        do {
            let table = try CSVReader.parse(bytes: bytes, file: "enterprises.csv", encoding: encoding)
            _ = try CSVSchema([CSVColumn("id"), CSVColumn("name")]).bind(table)
            return nil
        } catch {
            return error
        }
    }

    @Test func utf16IsNamed() throws {
        for (bytes, form) in [([0xFF, 0xFE] + Self.utf16LE(Self.text), "UTF-16 (little-endian)"),
                              (Self.utf16LE(Self.text), "UTF-16 (little-endian)"),
                              ([0xFE, 0xFF] + Self.utf16BE(Self.text), "UTF-16 (big-endian)")] {
            let e = try #require(error(bytes))
            #expect(e.description == "enterprises.csv: the file is \(form) text, which worksafe does not read; save it as UTF-8 (Excel: \"CSV UTF-8\") or GB18030")
        }
    }

    /// Found by the fuzzer: `\0\x10\0`, re-written and read back as UTF-8, was taken for UTF-16.
    /// A declared UTF-8 file is not second-guessed, and a guess needs text-like bytes.
    @Test func nulBytesInDeclaredOrShortTextAreNotUTF16() throws {
        let written: [UInt8] = [0x00, 0x10, 0x00, 0x0A]
        #expect(error(written, encoding: .utf8)?.message.contains("UTF-16") != true)
        #expect(TextDecoding.utf16Form(written, guessing: true) == nil)
        #expect(TextDecoding.utf16Form(Array("\0a\0b\0c\0\u{10}".utf8), guessing: true) == nil)
        #expect(TextDecoding.utf16Form(Self.utf16BE("id,name"), guessing: true) == "UTF-16 (big-endian)")
        #expect(TextDecoding.utf16Form(Self.utf16BE("id,name"), guessing: false) == nil)
        #expect(TextDecoding.utf16Form([0xFF, 0xFE] + Self.utf16LE("id"), guessing: false) == "UTF-16 (little-endian)")
        let bytes = Array(try Data(contentsOf: fixture("fuzz/nul-dle-nul.csv")))
        let table = try CSVReader.parse(bytes: bytes, file: "fuzz.csv")
        let sink = MemorySink()
        let writer = CSVWriter(to: sink, guardsFormulas: false)
        try writer.writeRow(table.header.map { .text($0) })
        try writer.flush()
        let again = try CSVReader.parse(bytes: sink.bytes, file: "again.csv", encoding: .utf8)
        #expect(again.header == table.header)
    }

    @Test func gb18030BehindAUTF8MarkReadsWhenAskedAndSaysHowOtherwise() throws {
        let gb = Array(Self.text.data(using: String.Encoding(rawValue: 0x8000_0632))!)  // GB18030
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + gb
        let e = try #require(error(bytes))
        #expect(e.message.contains("byte-order mark") && e.message.contains("--encoding gb18030"), "\(e)")
        #expect(error(bytes, encoding: .gb18030) == nil)
        let table = try CSVReader.parse(bytes: bytes, file: "enterprises.csv", encoding: .gb18030)
        #expect(table.string(row: 0, column: 1) == "甲化工")
    }

    @Test func otherSeparatorsAreNamed() throws {
        for (sep, name) in [(";", "semicolons (;)"), ("\t", "tabs"), ("|", "vertical bars (|)")] {
            let e = try #require(error(Array(Self.text.replacingOccurrences(of: ",", with: sep).utf8)))
            #expect(e.description == "enterprises.csv:1: the header is one field holding 2 \(name): the file seems separated by \(name), not commas; save it as comma-separated CSV")
        }
        // A genuinely missing column is still called that, without a column number of 0.
        let e = try #require(error(Array("name,size\nx,large\n".utf8)))
        #expect(e.description.hasPrefix("enterprises.csv:1: missing required column \"id\""))
    }

    @Test func locationsLeaveOutWhatIsUnknown() {
        #expect(CSVError(file: "a.csv", line: 0, column: 0, message: "m").description == "a.csv: m")
        #expect(CSVError(file: "a.csv", line: 3, column: 0, message: "m").description == "a.csv:3: m")
        #expect(CSVError(file: "a.csv", line: 3, column: 2, message: "m").description == "a.csv:3:2: m")
    }

    static func utf16LE(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
    static func utf16BE(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
}
