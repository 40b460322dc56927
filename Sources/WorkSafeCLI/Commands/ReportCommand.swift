import ArgumentParser
import Foundation
import Stats
import WorkSafe

/// `worksafe report`: one self-contained HTML file for the committee and the planners.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "One self-contained HTML report: trends, forecast, risk colours, risk groups, bulletin and annual scores.",
        discussion: """
            Everything is computed from what was known on --as-of (default: the latest recorded \
            day): the town and community trends, the hazard forecast of each future milestone, \
            the four-colour distribution and the k-means risk groups of the quarter ending on or \
            before --as-of, that quarter's bulletin, and the annual assessment of --year (default: \
            the last full year before --as-of). A section that cannot be computed (no milestone \
            ahead, too few enterprises for the risk groups, a default year before the campaign…) \
            says why, in the report and on stderr; an explicit --year outside the campaign and \
            the data is refused (exit 64). Inline SVG, no network, prints on A4.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var campaignOptions: CampaignOptions

    @Option(name: .long, help: ArgumentHelp("Report as of this day (default: the latest recorded day).", valueName: "date"))
    var asOf: Day?

    @Option(name: .long, help: ArgumentHelp("Year of the annual assessment (default: the last full year before --as-of).", valueName: "year"))
    var year: Int?

    @Option(name: .long, help: ArgumentHelp("Assessment rules (JSON or TOML); default: built in.", valueName: "file"))
    var rules: String?

    @Option(name: .long, help: "Risk groups (k-means clusters).")
    var k: Int = 4

    @Option(name: .long, help: "Monte Carlo scenarios of the forecast.")
    var scenarios: Int = 1000

    @Option(name: .long, help: "Random seed (forecast and clustering).")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Town name shown in the title.", valueName: "name"))
    var town: String?

    @Option(name: .long, help: ArgumentHelp("Also write every table behind the report to this workbook, one sheet each.", valueName: "file.xlsx"))
    var workbook: String?

    func validate() throws {
        if output.output == nil { throw ValidationError("--output FILE is required (the report is an HTML file)") }
        if let workbook, (try? OutputFormat.of(workbook)) != .workbook {
            throw ValidationError("--workbook needs a file name ending in .xlsx, got '\(workbook)'")
        }
        try SizeLimits.check("--k", k, maximum: SizeLimits.maximumClusters)
        try SizeLimits.scenarios(scenarios)
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let outputs = try CommandOutputs(
                [("--output", output.destination), ("--workbook", workbook), data.rejectsOutput],
                inputs: data.ledgerInputFiles() + InputFile.list(("--rules", rules)))
            let campaign = try campaignOptions.campaign()
            let ruleSet = try AssessRulesFile.load(rules)
            let ledger = try data.loadLedger(outputs: outputs)
            try MemoryBudget.requireForecast(scenarios: scenarios, units: 1 + AssessmentUnit.count(in: ledger),
                                             milestones: campaign.milestones.count)
            let report = CommitteeReport(asOf: asOf, year: year, rules: ruleSet, k: k,
                                         scenarios: scenarios, seed: seed, townName: town,
                                         generator: "worksafe \(WorkSafeVersion.string)", language: output.lang)
            let rendered = try report.render(ledger: ledger, campaign: campaign)
            for note in rendered.notes { Messages.note(note) }
            try outputs.text("--output", rendered.html, excel: output.excel)
            try outputs.tables("--workbook", rendered.tables, excel: false)
            try outputs.publish()
            let annual = rendered.year.map { "annual \($0)" } ?? "no annual assessment"
            Messages.note("report as of \(rendered.asOf): bulletin \(rendered.quarter), \(annual) → \(output.output ?? "stdout")")
        }
    }
}
