import ArgumentParser
import Foundation
import WorkSafe


/// `worksafe simulate`: a synthetic town's ledger folder.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate a synthetic town's ledger (deterministic for a seed).",
        discussion: """
            Writes enterprises.csv, status.csv, risk.csv and risk_points.csv into --out, streaming \
            one enterprise at a time. --dirty adds one of each defect `worksafe validate` reports.
            """)

    @Option(name: .long, help: "Number of enterprises.")
    var enterprises: Int

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64

    @Option(name: .long, help: ArgumentHelp("Output folder (created if needed).", valueName: "dir"))
    var out: String

    @Flag(name: .long, help: "Inject defects that validation must catch.")
    var dirty = false

    @Option(name: .long, help: ArgumentHelp("How completions move through time (standard: the sample's dynamic).", valueName: "name"))
    var regime: CampaignRegime = .standard

    @Option(name: .long, help: ArgumentHelp("First simulated day.", valueName: "date"))
    var start: String = "2023-01-01"

    @Option(name: .long, help: ArgumentHelp("Last simulated day.", valueName: "date"))
    var end: String = "2026-09-30"

    @Flag(name: .long, inversion: .prefixedNo, help: "Write risk_points.csv.")
    var riskPoints = true

    @Option(name: .long, help: "Header and label language: en or zh.")
    var lang: Language = .en

    @Flag(name: .long, help: "Write UTF-8 with a byte-order mark.")
    var excel = false

    func validate() throws {
        guard enterprises >= 1 else { throw ValidationError("--enterprises must be at least 1") }
        guard enterprises <= 100_000_000 else { throw ValidationError("--enterprises must be at most 100000000") }
        guard let s = Day(iso: start) else { throw ValidationError("--start needs a date YYYY-MM-DD") }
        guard let e = Day(iso: end) else { throw ValidationError("--end needs a date YYYY-MM-DD") }
        guard s < e else { throw ValidationError("--start must be before --end") }
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let simulation = TownSimulation(enterprises: enterprises, seed: seed, start: Day(iso: start)!,
                                            end: Day(iso: end)!, dirty: dirty, regime: regime)
            let writer = try LedgerWriter(folder: URL(fileURLWithPath: out), language: lang, byteOrderMark: excel,
                                          includeRiskPoints: riskPoints)
            do {
                let summary = try simulation.run(into: writer, includeRiskPoints: riskPoints)
                try writer.commit()
                Messages.note("wrote \(summary.enterprises) enterprises, \(summary.statusEvents) status events, "
                    + "\(summary.riskObservations) risk rows, \(summary.riskPoints) risk points to \(out)"
                    + (summary.defects.isEmpty ? "" : "; defects: \(summary.defects.map(\.rawValue).joined(separator: ", "))"))
            } catch {
                writer.discard()
                throw error
            }
        }
    }
}
