import ArgumentParser
import Foundation
import WorkSafe

/// `worksafe assess`: the quarterly bulletin (一季一通报) or the annual assessment (年度总考评).
struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Quarterly bulletin (--quarter 2024Q3) or annual scores (--year 2024) per community and department.",
        discussion: """
            The annual score follows a rules file (JSON or TOML; --print-rules prints the built-in \
            defaults, documented in Sources/WorkSafe/Assessment/RULES.md). Every score has its \
            breakdown in columns. --vetoes FILE writes the enterprises vetoed by a fatal accident. \
            A year or quarter that ends before the campaign starts, or starts after the last day \
            the data record anything, is refused (exit 64): there is nothing to score.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var campaignOptions: CampaignOptions

    @Option(name: .long, help: ArgumentHelp("The quarter of the bulletin, e.g. 2024Q3.", valueName: "quarter"))
    var quarter: String?

    @Option(name: .long, help: ArgumentHelp("The year of the annual assessment, e.g. 2024.", valueName: "year"))
    var year: Int?

    @Option(name: .long, help: ArgumentHelp("Assessment rules (JSON or TOML); default: built in.", valueName: "file"))
    var rules: String?

    @Option(name: .long, help: "Monte Carlo scenarios for the bulletin's forecast probability.")
    var scenarios: Int = 1000

    @Option(name: .long, help: "Random seed for the bulletin's forecast probability.")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Print the built-in rules as JSON and exit.")
    var printRules = false

    @Option(name: .long, help: ArgumentHelp("With --year: also write the vetoed enterprises to this file.", valueName: "file"))
    var vetoes: String?

    func validate() throws {
        if printRules { return }
        switch (quarter, year) {
        case (nil, nil): throw ValidationError("give --quarter (e.g. 2024Q3) or --year (e.g. 2024)")
        case (.some, .some): throw ValidationError("give either --quarter or --year, not both")
        default: break
        }
        if let quarter, Quarter(quarter) == nil { throw ValidationError("--quarter needs a quarter like 2024Q3, got '\(quarter)'") }
        if vetoes != nil && year == nil { throw ValidationError("--vetoes goes with --year") }
        try SizeLimits.scenarios(scenarios)
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let outputs = try CommandOutputs(
                [("--output", output.destination), ("--vetoes", vetoes), data.rejectsOutput],
                inputs: printRules ? [] : data.ledgerInputFiles() + InputFile.list(("--rules", rules)))
            if printRules {
                try outputs.text("--output", AssessmentRules.defaults.jsonText)
                try outputs.publish()
                return
            }
            let campaign = try campaignOptions.campaign()
            let ruleSet = try AssessRulesFile.load(rules)
            let ledger = try data.loadLedger(outputs: outputs)
            let language = output.lang
            if let quarter, let q = Quarter(quarter) {
                try AssessmentPeriod.check(q, ledger: ledger, campaign: campaign)
                try MemoryBudget.requireForecast(
                    scenarios: scenarios, units: 1 + AssessmentUnit.count(in: ledger),
                    milestones: campaign.milestones.filter { $0.date > q.lastDay }.count)
                let linked = LinkedAnalyses.nextMilestoneForecast(
                    ledger: ledger, campaign: campaign, asOf: q.lastDay,
                    forecast: HazardForecast(scenarios: scenarios, seed: seed))
                if let note = linked.note { Messages.note("forecast_probability left empty: \(note)") }
                let bulletin = QuarterlyBulletin(
                    ledger: ledger, quarter: q, campaign: campaign,
                    riskLevels: try LinkedAnalyses.riskLevels(ledger: ledger, period: q),
                    forecastProbabilities: linked.probabilities)
                try output.write(bulletin.table(language: language), to: outputs)
            } else if let year {
                try AssessmentPeriod.check(year: year, ledger: ledger, campaign: campaign)
                let annual = try AnnualAssessment(ledger: ledger, year: year, campaign: campaign, rules: ruleSet)
                try output.write(annual.scoreTable(language: language), to: outputs)
                try output.write(annual.vetoTable(language: language), to: outputs, as: "--vetoes")
            }
            try outputs.publish()
        }
    }
}

/// Reads an assessment rules file (`--rules`), or the built-in defaults.
enum AssessRulesFile {
    /// The rules in `path` (JSON, or TOML by extension), or the defaults when `path` is nil.
    ///
    /// - Throws: `DataError.other` naming the file when it cannot be read or parsed.
    static func load(_ path: String?) throws -> AssessmentRules {
        guard let path else { return .defaults }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw DataError.other("\(path): cannot read the rules file")
        }
        do {
            return try AssessmentRules.parse(bytes, fileName: path)
        } catch {
            throw DataError.other("\(path): \(error)")
        }
    }
}
