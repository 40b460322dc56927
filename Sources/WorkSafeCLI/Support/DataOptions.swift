import ArgumentParser
import Foundation
import Tabular
import WorkSafe

/// Input flags shared by every command that reads the ledger.
///
///     @OptionGroup var data: DataOptions
///     ...
///     let ledger = try data.loadLedger()          // validated; refuses (exit 65) on errors
///     let records = try data.loadProgress(path)   // the same for progress.csv
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger folder (enterprises.csv, status.csv, risk.csv, risk_points.csv). Default: the bundled sample town.", valueName: "dir"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Input encoding: auto (UTF-8, else GB18030), utf-8 or gb18030.", valueName: "encoding"),
            transform: { text in
                guard let e = TextEncoding(label: text) else {
                    throw ValidationError("unknown encoding '\(text)'; use auto, utf-8 or gb18030")
                }
                return e
            })
    var encoding: TextEncoding = .auto

    @Flag(name: .long, help: "Leave rows with errors out instead of refusing; they are written to the rejects file with the reason.")
    var skipInvalid = false

    @Option(name: .long, help: ArgumentHelp("Where --skip-invalid writes rejected rows (always rewritten: a header alone when nothing was rejected).", valueName: "file"))
    var rejects: String = "rejects.csv"

    @Option(name: .long, help: .hidden, transform: { text in
        guard let d = Day(iso: text) else { throw ValidationError("--today needs YYYY-MM-DD") }
        return d
    })
    var today: Day?

    /// The data folder: `--data`, or the bundled sample town.
    ///
    /// - Throws: `DataError.other` when `--data` is not a folder.
    func dataFolder() throws -> URL {
        guard let data else { return try BundledSample.folder() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory) else {
            throw DataError.other("\(data): no such folder (--data names the folder that holds enterprises.csv and status.csv)")
        }
        guard isDirectory.boolValue else {
            throw DataError.other("\(data): is a file, not a folder (--data names the folder that holds enterprises.csv and status.csv)")
        }
        return URL(fileURLWithPath: data)
    }

    /// Read options from the flags.
    var readOptions: LedgerReadOptions { LedgerReadOptions(encoding: encoding, today: today ?? .today) }

    /// The ledger files that analyses of completion alone (trend, forecast, backtest) read:
    /// risk data is neither read nor validated for them (`worksafe validate` checks it).
    static let completionFiles: Set<LedgerFile> = [.enterprises, .status]

    /// The files of the ledger folder, as inputs for `CommandOutputs`: the four tables' CSV
    /// files and workbooks of their own (`status.csv`, `status.xlsx`), present or not — an
    /// output must not become part of the ledger either — and every other workbook in the
    /// folder (any of them may hold a table's sheet). Nothing is read.
    func ledgerInputFiles() -> [InputFile] {
        guard let folder = data ?? (try? BundledSample.folder())?.path else { return [] }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let flag = data == nil ? "the bundled sample" : "--data"
        let own = LedgerFile.allCases.flatMap { [$0.rawValue, $0.stem + ".xlsx"] }
        let workbooks = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.lowercased().hasSuffix(".xlsx") && !own.contains($0) }.sorted()
        return (own + workbooks).map { InputFile(flag, prefix + $0) }
    }

    /// `--rejects` as an output declaration for `CommandOutputs` (asked for under `--skip-invalid`).
    var rejectsOutput: (flag: String, path: String?) { ("--rejects", skipInvalid ? rejects : nil) }

    /// Reads and validates the ledger folder (the `files` of it; all by default).
    ///
    /// With errors and no `--skip-invalid`: throws `DataError.invalidLedger` (→ findings on
    /// stderr, exit 65 under `WorkSafeExit.guarding`). With `--skip-invalid`: writes the rejected
    /// rows to `--rejects` (a header alone when nothing was rejected, so no stale file survives)
    /// and returns the ledger of accepted rows. Warnings are counted on stderr.
    ///
    /// With `outputs`, the rejects file is one of the command's outputs, published with the
    /// others (declare `rejectsOutput`); without, it is written at once.
    func loadLedger(files: Set<LedgerFile> = Set(LedgerFile.allCases), outputs: CommandOutputs? = nil) throws -> Ledger {
        let folder = try dataFolder()
        var options = readOptions
        options.files = files
        let result = try LedgerReader.read(folder: folder, options: options)
        try handle(findings: result.findings, rejects: result.rejects, outputs: outputs)
        return try result.ledger(skipInvalid: skipInvalid)
    }

    /// Reads and validates an aggregate `progress.csv`, with the same policy as `loadLedger()`.
    func loadProgress(_ path: String, outputs: CommandOutputs? = nil) throws -> [ProgressRecord] {
        let result = try readProgress(path)
        try handle(findings: result.findings, rejects: result.rejects, outputs: outputs)
        return try result.records(skipInvalid: skipInvalid)
    }

    /// Reads `progress.csv` (no policy applied).
    ///
    /// - Throws: `DataError.other` when the path is missing or a folder.
    func readProgress(_ path: String) throws -> ProgressReadResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError.other("\(path): no such file")
        }
        if isDirectory.boolValue { throw DataError.other("\(path): is a folder, not a progress table") }
        return try ProgressReader.read(url: URL(fileURLWithPath: path), options: readOptions)
    }

    private func handle(findings: [LedgerFinding], rejects: [RejectedRow], outputs: CommandOutputs?) throws {
        let warnings = findings.filter { $0.severity == .warning }.count
        if warnings > 0 {
            Messages.note("\(warnings) warning(s) in the data; `worksafe validate` lists them")
        }
        guard skipInvalid else { return }
        let table = FindingsTable.rejectsTable(rejects, language: Messages.language)
        if let outputs {
            try outputs.tables("--rejects", [table], excel: false)
        } else {
            try OutputOptions.write(table, to: self.rejects, excel: false)
        }
        if !rejects.isEmpty {
            Messages.warning("left out \(rejects.count) invalid row(s); see \(self.rejects)")
        }
    }
}
