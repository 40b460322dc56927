#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Tabular
import WorkSafe

/// Every file one run of a command writes, declared before anything is read and published
/// together: all of them or none.
///
///     func run() throws {
///         try WorkSafeExit.guarding {
///             let outputs = try CommandOutputs(
///                 [("--output", output.destination), ("--crosstab", crosstab)],
///                 inputs: data.inputFiles() + InputFile.list(("--rules", rules)))
///             let ledger = try data.loadLedger(outputs: outputs)   // stages --rejects
///             ...                                                  // compute everything
///             try outputs.csv("--output", excel: output.excel) { w in ... }
///             try outputs.csv("--crosstab", excel: output.excel) { w in ... }
///             try outputs.publish()
///         }
///     }
///
/// Declaring checks each path at once (exit 64 through `UsageRefusal`, before any input is
/// read): it must not be a directory, socket or block device; it must not be, through
/// symbolic links or as a hard link, one of the command's input files (`inputs`) or the same
/// file as another output; at most one output goes to standard output. Each output to a file
/// opens its temporary file right away (an unwritable folder fails before the work starts).
///
/// Writing: an output to a file (new or regular) is written to its temporary file when
/// `csv`/`bytes` is called; an output to standard output (`-`), a FIFO or a character device
/// (`/dev/null`) is kept as a closure and written by `publish()`. A flag declared with a `nil`
/// path was not asked for: writing it does nothing.
///
/// `publish()` flushes every temporary file to disk, then writes the streams, then renames
/// the files into place. If anything fails before the renames, no file is published (the
/// temporary files are removed). An error thrown anywhere before `publish()` — or dropping the
/// value — discards everything. Only a rename failing after another rename succeeded (the
/// destination replaced by a folder meanwhile) could publish a subset.
final class CommandOutputs {
    private struct Entry {
        let flag: String
        let path: String
        /// `nil`: standard output.
        let destination: OutputPath?
        var file: (any OutputSink)?
        var deferred: ((any ByteSink) throws -> Void)?
        var written = false
    }

    private var entries: [Entry] = []
    private var published = false

    /// Declares the outputs (`flag`, path; `nil`: not asked for; `-`: standard output) and
    /// checks them against each other and against `inputs`.
    ///
    /// - Throws: `UsageRefusal` (exit 64) for a path that cannot or must not be written;
    ///   `TabularIOError` (exit 1) when a temporary file cannot be created.
    init(_ outputs: [(flag: String, path: String?)], inputs: [InputFile] = []) throws {
        var seen: [(flag: String, path: String, canonical: String?, id: OutputPath.FileID?)] = []
        let inputIDs = inputs.map { input -> (InputFile, String?, OutputPath.FileID?) in
            let p = try? OutputPath(input.path)
            return (input, p?.canonicalTarget, Self.sharedFileID(input.path))
        }
        for (flag, path) in outputs {
            guard let path else { continue }
            guard !path.isEmpty else { throw UsageRefusal("\(flag) needs a file name, got an empty one") }
            if path != "-" { _ = try OutputFormat.of(path) }
            var destination: OutputPath? = nil
            // What the output could clash on: its file (nil for a character device, which
            // several outputs may share) and, for a file path, its canonical name.
            var canonical: String? = nil
            var id: OutputPath.FileID?
            if path == "-" {
                id = Self.sharedFileID(descriptor: 1)
            } else {
                let d = try OutputPath(path)
                guard d.isWritable else { throw UsageRefusal("\(flag) \(path) \(d.refusal)") }
                destination = d
                id = Self.sharedFileID(path)
                if d.kind == .absent || d.kind == .regularFile || d.kind == .fifo { canonical = d.canonicalTarget }
                for (input, inputCanonical, inputID) in inputIDs {
                    let sameID = id != nil && id == inputID
                    if sameID || (canonical != nil && canonical == inputCanonical) {
                        throw UsageRefusal(
                            "\(flag) \(path) is the input file \(input.path) (\(input.flag)); writing it would destroy the input: choose another output path")
                    }
                }
            }
            for other in seen {
                let sameID = id != nil && id == other.id
                let sameName = canonical != nil && canonical == other.canonical
                let bothStandardOutput = path == "-" && other.path == "-"
                if sameID || sameName || bothStandardOutput {
                    let what = destination == nil || Self.isStandardOutput(id) ? "standard output" : "the same file"
                    throw UsageRefusal("\(other.flag) \(other.path) and \(flag) \(path) both write to \(what); give them different files")
                }
            }
            seen.append((flag, path, canonical, id))
            var entry = Entry(flag: flag, path: path, destination: destination)
            if let destination, !destination.isStream { entry.file = try destination.open() }
            entries.append(entry)
        }
    }

    deinit { discard() }

    /// Whether `flag` was declared with a path (the user asked for that output).
    func isRequested(_ flag: String) -> Bool { entries.contains { $0.flag == flag } }

    /// The path of `flag` as given, if it was asked for.
    func path(of flag: String) -> String? { entries.first { $0.flag == flag }?.path }

    /// Writes a CSV output: `body` gets a `CSVWriter` (formula guard on, BOM when `excel`).
    /// Nothing happens when `flag` was not asked for.
    func csv(_ flag: String, excel: Bool, _ body: @escaping (CSVWriter) throws -> Void) throws {
        try write(flag) { sink in
            let writer = CSVWriter(to: sink, byteOrderMark: excel)
            try body(writer)
            try writer.flush()
        }
    }

    /// Writes tables to `flag`'s output: an Excel workbook, one sheet per table, when its path
    /// ends in `.xlsx`; otherwise CSV, which holds exactly one table (BOM when `excel`).
    func tables(_ flag: String, _ tables: [OutputTable], excel: Bool) throws {
        guard let path = path(of: flag) else { return }
        if path != "-", try OutputFormat.of(path) == .workbook {
            try write(flag) { sink in try OutputOptions.writeWorkbook(tables, to: sink) }
        } else {
            precondition(tables.count == 1, "a CSV output holds one table")
            let table = tables[0]
            try csv(flag, excel: excel) { w in try OutputOptions.write(table, to: w) }
        }
    }

    /// Writes bytes (JSON, HTML, text) to `flag`'s output; with `excel`, a UTF-8 BOM first.
    func bytes(_ flag: String, _ bytes: [UInt8], excel: Bool = false) throws {
        try write(flag) { sink in
            let all = excel ? [0xEF, 0xBB, 0xBF] + bytes : bytes
            try all.withUnsafeBytes { try sink.write($0) }
        }
    }

    /// Writes text as UTF-8 (see `bytes`).
    func text(_ flag: String, _ text: String, excel: Bool = false) throws {
        try bytes(flag, Array(text.utf8), excel: excel)
    }

    private func write(_ flag: String, _ body: @escaping (any ByteSink) throws -> Void) throws {
        guard let i = entries.firstIndex(where: { $0.flag == flag }) else { return }
        precondition(!entries[i].written && !published, "\(flag) written twice")
        entries[i].written = true
        if let file = entries[i].file {
            do { try body(file) } catch { discard(); throw error }
        } else {
            entries[i].deferred = body
        }
    }

    /// Publishes every output written: flushes the files, writes the streams, renames the files
    /// into place. Outputs declared but never written are dropped.
    ///
    /// - Throws: the first failure; then nothing is published (see the type's documentation).
    func publish() throws {
        precondition(!published, "published twice")
        published = true
        do {
            for e in entries where e.written { try e.file?.finishWriting() }
            for e in entries where e.written && e.file == nil {
                guard let body = e.deferred else { continue }
                if let destination = e.destination {
                    let stream = try destination.open()
                    do { try body(stream); try stream.commit() } catch { stream.discard(); throw error }
                } else {
                    try body(StandardOutputSink())
                }
            }
            for e in entries {
                if e.written { try e.file?.commit() } else { e.file?.discard() }
            }
        } catch {
            discard()
            throw error
        }
    }

    /// Abandons every output not yet published. Idempotent.
    func discard() {
        for e in entries { e.file?.discard() }
    }

    // MARK: - Identities

    /// Device and inode of what `path` names (links followed), unless it is a character device
    /// (`/dev/null`, a terminal), which any number of outputs may share.
    private static func sharedFileID(_ path: String) -> OutputPath.FileID? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return fileID(st)
    }

    /// The same for what descriptor `fd` has open.
    private static func sharedFileID(descriptor fd: Int32) -> OutputPath.FileID? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return fileID(st)
    }

    private static func fileID(_ st: stat) -> OutputPath.FileID? {
        st.st_mode & S_IFMT == S_IFCHR ? nil : OutputPath.FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    private static func isStandardOutput(_ id: OutputPath.FileID?) -> Bool {
        id != nil && id == sharedFileID(descriptor: 1)
    }
}

/// An input file of a command, named by the flag it came from (for messages).
struct InputFile: Sendable {
    var flag: String
    var path: String

    init(_ flag: String, _ path: String) { self.flag = flag; self.path = path }

    /// The inputs among `(flag, path)` pairs whose path is given.
    static func list(_ pairs: (String, String?)...) -> [InputFile] {
        pairs.compactMap { flag, path in path.map { InputFile(flag, $0) } }
    }
}

/// A usage problem found while running (not by the argument parser): printed as
/// `worksafe: error: …`, exit 64 (see `WorkSafeExit.guarding`).
struct UsageRefusal: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
