import Foundation
import ArgumentParser
import WorkSafe

extension ForecastMethod: ExpressibleByArgument {}

/// Which units a forecast reports.
enum ForecastLevels: String, CaseIterable, ExpressibleByArgument {
    case town, community, department, all

    var levels: [ForecastUnit.Level] {
        switch self {
        case .town: [.town]
        case .community: [.town, .community]
        case .department: [.town, .department]
        case .all: [.town, .community, .department]
        }
    }
}

/// Flags shared by `forecast` and `backtest`.
struct ForecastOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use this aggregate progress.csv instead of a ledger folder (implies --method pool).", valueName: "file"))
    var progress: String?

    @Option(name: .long, help: "Units: town, community, department or all (ledger only).")
    var by: ForecastLevels = .all

    @Option(name: .long, help: "hazard (enterprise-level, default with a ledger) or pool (binomial hazard on the remaining pool).")
    var method: ForecastMethod?

    @OptionGroup var simulation: SimulationOptions

    var scenarios: Int { simulation.scenarios }
    var seed: UInt64 { simulation.seed }
    var threads: Int { simulation.threads }

    var effectiveMethod: ForecastMethod { progress != nil ? .pool : (method ?? .hazard) }

    func validate() throws {
        if progress != nil && method == .hazard {
            throw ValidationError("--method hazard needs a ledger folder; a progress table supports --method pool")
        }
    }

    /// The hazard forecaster, with a progress bar on stderr when it is a terminal.
    func hazardForecast(bar: ProgressBar?) -> HazardForecast {
        var report: (@Sendable (Int, Int) -> Void)? = nil
        if let bar {
            report = { @Sendable (done: Int, total: Int) in bar.update(done: done, total: total) }
        }
        return HazardForecast(scenarios: scenarios, seed: seed, threadCount: threads, levels: by.levels,
                              progress: report)
    }

    /// The pool forecaster.
    var poolForecast: AggregateForecast { AggregateForecast(scenarios: scenarios, seed: seed) }

    /// The command's input files, for `CommandOutputs`: `--progress`, or the ledger folder's.
    func inputFiles(_ data: DataOptions) -> [InputFile] {
        progress.map { [InputFile("--progress", $0)] } ?? data.ledgerInputFiles()
    }

    /// Refuses a run whose forecasts (one at a time) would not fit in memory: the hazard
    /// method's per-scenario results for the town and every community and department of
    /// `ledger`, or the pool method's for one unit at a time.
    func requireMemory(ledger: Ledger?, milestones: Int) throws {
        let units = effectiveMethod == .hazard ? 1 + (ledger.map(AssessmentUnit.count(in:)) ?? 0) : 1
        try MemoryBudget.requireForecast(scenarios: scenarios, units: units, milestones: milestones)
    }
}

/// `worksafe forecast`: the probability that each unit reaches each future milestone.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Probability, expected share and 80% interval of reaching each milestone, per unit, with pace baselines.",
        discussion: """
            One row per unit × future milestone: unit, milestone_date, target_percent, probability, \
            expected_percent, lower_percent, upper_percent (10th and 90th percentiles of the \
            simulated share), median_date_reached (empty: not within the horizon), and the \
            baselines recent_pace_per_month, linear_projection_percent, required_pace_per_month. \
            --as-of DATE ignores everything recorded after DATE. Columns: docs/forecast.md.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var campaignOptions: CampaignOptions
    @OptionGroup var options: ForecastOptions

    @Option(name: .long, help: ArgumentHelp("Forecast as of this day (default: the latest recorded day).", valueName: "date"))
    var asOf: Day?

    @Flag(name: .long, help: "Print the pace model's estimates to standard error.")
    var explain = false

    func validate() throws {
        if options.progress != nil && data.data != nil { throw ValidationError("give either --data or --progress, not both") }
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let outputs = try CommandOutputs([("--output", output.destination), data.rejectsOutput],
                                             inputs: options.inputFiles(data))
            let campaign = try campaignOptions.campaign()
            var rows: [MilestoneForecast] = []
            try Self.unlessHistoryIsTooShort {
                if let path = options.progress {
                    let records = try data.loadProgress(path, outputs: outputs)
                    guard let last = records.map(\.date).max() else { throw DataError.other("\(path): no records") }
                    let day = asOf ?? last
                    try options.requireMemory(ledger: nil, milestones: campaign.milestones.filter { $0.date > day }.count)
                    rows = try options.poolForecast.forecast(progress: records, milestones: campaign.milestones, asOf: day)
                } else {
                    let ledger = try data.loadLedger(files: DataOptions.completionFiles, outputs: outputs)
                    let day = asOf ?? CompletionTrend.latestRecordedDay(in: ledger) ?? campaign.start
                    try options.requireMemory(ledger: ledger, milestones: campaign.milestones.filter { $0.date > day }.count)
                    for line in ForecastExplanation.passedMilestones(campaign, ledger: ledger, asOf: day, language: output.lang) {
                        Messages.note(line)
                    }
                    switch options.effectiveMethod {
                    case .hazard:
                        let bar = ProgressBar(label: "simulating")
                        defer { bar.finish() }
                        let result = try options.hazardForecast(bar: bar).forecast(ledger: ledger, campaign: campaign, asOf: day)
                        rows = result.rows
                        for note in result.notes { Messages.note(note.text(output.lang)) }
                        if explain { ForecastExplanation.lines(result, language: output.lang).forEach { Messages.note($0) } }
                    case .pool:
                        rows = try options.poolForecast.forecast(
                            progress: ledger.monthlyProgress(campaign: campaign, levels: options.by.levels, through: day),
                            milestones: campaign.milestones, asOf: day)
                    }
                }
            }
            try output.write(ForecastTable.table(rows, language: output.lang), to: outputs)
            try outputs.publish()
        }
    }

    /// Runs `body`; when the history cannot support a forecast (`ForecastError.insufficientHistory`:
    /// a town whose enterprises all completed before the campaign, a ledger of one month), says
    /// why on standard error (`No forecast: …`) and carries on, so that the command writes its
    /// tables with their headers alone and exits 0: the data were read and are valid, they just
    /// hold nothing a forecast can be estimated from.
    static func unlessHistoryIsTooShort(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ForecastError {
            guard case .insufficientHistory = error else { throw error }
            Messages.note("No forecast: \(error)")
        }
    }
}
