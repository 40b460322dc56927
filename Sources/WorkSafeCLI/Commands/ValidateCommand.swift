import ArgumentParser
import Foundation
import WorkSafe

/// `worksafe validate`: the findings table of a ledger folder (or a progress table).
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a ledger folder and list every problem found.",
        discussion: """
            Writes a findings table (file, line, column, enterprise_id, severity, rule, message). \
            Exits 65 when there is at least one error, 0 when there are only warnings or nothing. \
            Rules: \(LedgerRule.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Validate this aggregate progress.csv instead of a ledger folder.", valueName: "file"))
    var progress: String?

    func run() throws {
        try WorkSafeExit.guarding {
            let outputs = try CommandOutputs(
                [("--output", output.destination), data.rejectsOutput],
                inputs: progress.map { [InputFile("--progress", $0)] } ?? data.ledgerInputFiles())
            let findings: [LedgerFinding], rejects: [RejectedRow], rows: String
            if let progress {
                let r = try data.readProgress(progress)
                findings = r.findings; rejects = r.rejects; rows = "\(r.records.count) record(s) accepted"
            } else {
                let r = try LedgerReader.read(folder: try data.dataFolder(), options: data.readOptions)
                findings = r.findings; rejects = r.rejects
                rows = "\(r.ledger.enterprises.count) enterprise(s), \(r.ledger.allStatusEvents.count) status event(s), "
                    + "\(r.ledger.risk.count) risk row(s), \(r.ledger.riskPoints.count) risk point(s) accepted"
            }
            try output.write(FindingsTable.table(findings, language: output.lang), to: outputs)
            // Under --skip-invalid the rejects file is always rewritten: a header alone when
            // nothing was rejected, so that no stale list survives a clean run.
            try output.write(FindingsTable.rejectsTable(rejects, language: output.lang), to: outputs, as: "--rejects")
            try outputs.publish()
            let errors = findings.filter { $0.severity == .error }.count
            Messages.note("\(errors) error(s), \(findings.count - errors) warning(s); \(rows)")
            if errors > 0 { throw WorkSafeExit.badData }
        }
    }
}
