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
    @Option(name: .long, help: ArgumentHelp("Write the table to this file instead of standard output: replaced atomically (through a symbolic link, its target), or written in place when it is a named pipe or a device such as /dev/null. Never an input file of the command.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: "Header and label language: en (English snake_case) or zh (Chinese).")
    var lang: Language = .en

    @Flag(name: .long, help: "Write UTF-8 with a byte-order mark, so Excel and WPS detect the encoding.")
    var excel = false

    /// Where `--output` goes: its path, or `-` (standard output) when not given; for
    /// `CommandOutputs`: `[("--output", output.destination), …]`.
    var destination: String { output ?? "-" }

    /// Opens the output (`--output` or stdout), hands `body` a `CSVWriter` (with BOM under
    /// `--excel`, formula guard on), then flushes and publishes. If `body` throws, nothing is
    /// published. A command with several outputs uses `CommandOutputs` instead, so that they are
    /// published together and checked against its inputs.
    func withCSVWriter(_ body: @escaping (CSVWriter) throws -> Void) throws {
        try Self.withCSVWriter(path: output, excel: excel, body)
    }

    /// The same for any path (`nil` or `-` is stdout), e.g. a second output such as `--summary`.
    /// A regular file is replaced atomically (through symbolic links), a FIFO or character
    /// device written in place; a directory, socket or block device is refused (exit 64).
    static func withCSVWriter(path: String?, excel: Bool, _ body: @escaping (CSVWriter) throws -> Void) throws {
        let outputs = try CommandOutputs([("--output", path ?? "-")])
        try outputs.csv("--output", excel: excel, body)
        try outputs.publish()
    }

    /// Writes non-CSV text (HTML, JSON…) to `--output` atomically or to stdout.
    func writeText(_ text: String) throws {
        let outputs = try CommandOutputs([("--output", destination)])
        try outputs.text("--output", text, excel: excel)
        try outputs.publish()
    }
}
