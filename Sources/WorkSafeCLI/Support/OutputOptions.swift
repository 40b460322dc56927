import ArgumentParser
import Foundation
import Tabular
import WorkSafe

extension Language: ExpressibleByArgument {}

/// Output flags shared by every command that writes a table.
///
///     @OptionGroup var output: OutputOptions
///     ...
///     try output.withCSVWriter { writer in try writer.writeHeader(...); try writer.writeRow(...) }
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write the table to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: "Header and label language: en (English snake_case) or zh (Chinese).")
    var lang: Language = .en

    @Flag(name: .long, help: "Write UTF-8 with a byte-order mark, so Excel and WPS detect the encoding.")
    var excel = false

    /// Opens the output (an `AtomicFile` for `--output`, stdout otherwise), hands `body` a
    /// `CSVWriter` (with BOM under `--excel`, formula guard on), then flushes and commits. If
    /// `body` throws, the file is discarded: no partial output remains.
    func withCSVWriter(_ body: (CSVWriter) throws -> Void) throws {
        try Self.withCSVWriter(path: output, excel: excel, body)
    }

    /// The same for any path (`nil` or `-` is stdout), e.g. a second output such as `--summary`.
    static func withCSVWriter(path: String?, excel: Bool, _ body: (CSVWriter) throws -> Void) throws {
        if let path, path != "-" {
            let file = try AtomicFile(url: URL(fileURLWithPath: path))
            do {
                let writer = CSVWriter(to: file, byteOrderMark: excel)
                try body(writer)
                try writer.flush()
                try file.commit()
            } catch {
                file.discard()
                throw error
            }
        } else {
            let writer = CSVWriter(to: StandardOutputSink(), byteOrderMark: excel)
            try body(writer)
            try writer.flush()
        }
    }

    /// Writes non-CSV text (HTML, JSON…) to `--output` atomically or to stdout.
    func writeText(_ text: String) throws {
        if let output, output != "-" {
            let file = try AtomicFile(url: URL(fileURLWithPath: output))
            var bytes = Array(text.utf8)
            if excel { bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) }
            do { try bytes.withUnsafeBytes { try file.write($0) }; try file.commit() } catch { file.discard(); throw error }
        } else {
            try Array(text.utf8).withUnsafeBytes { try StandardOutputSink().write($0) }
        }
    }
}
