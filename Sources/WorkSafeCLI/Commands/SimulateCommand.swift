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
        try SizeLimits.check("--enterprises", enterprises, maximum: SizeLimits.maximumEnterprises)
        guard let s = Day(iso: start) else { throw ValidationError("--start needs a date YYYY-MM-DD") }
        guard let e = Day(iso: end) else { throw ValidationError("--end needs a date YYYY-MM-DD") }
        guard s < e else { throw ValidationError("--start must be before --end") }
    }

    /// Bytes of CSV per simulated enterprise, all four files (1.5 GB for a million, measured
    /// by `scripts/scale.sh`), with a margin.
    static let bytesPerEnterprise = 2_000.0

    func run() throws {
        try WorkSafeExit.guarding {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw UsageRefusal("--out \(out) is a file; --out names the folder to write the ledger into (created if needed)")
            }
            // The files stream to disk (little memory), so what a huge --enterprises needs is
            // disk: a run that clearly cannot fit (over 64 MiB more than is free) is refused
            // before it starts; a small one that runs out is stopped cleanly by the atomic files.
            let needed = Double(enterprises) * Self.bytesPerEnterprise * (riskPoints ? 1 : 0.85)
            if let free = Self.freeDiskBytes(near: out), needed > free + 64 * 1024 * 1024 {
                throw UsageRefusal("\(enterprises) enterprises need about \(MemoryBudget.format(needed)) of disk, but \(MemoryBudget.format(free)) is free where --out \(out) is: use fewer --enterprises or another folder")
            }
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

    /// Free bytes on the file system of `path`, or of its nearest existing ancestor.
    static func freeDiskBytes(near path: String) -> Double? {
        var url = URL(fileURLWithPath: path)
        for _ in 0..<64 {
            if let values = try? FileManager.default.attributesOfFileSystem(forPath: url.path),
               let free = values[.systemFreeSize] as? NSNumber {
                return free.doubleValue
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return nil
    }
}
