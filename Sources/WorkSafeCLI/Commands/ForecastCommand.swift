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

    @Option(name: .long, help: "Monte Carlo scenarios.")
    var scenarios: Int = 1000

    @Option(name: .long, help: "Random seed (same input and seed, same output).")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Worker threads for the simulation (the output does not depend on it).")
    var threads: Int = 2

    var effectiveMethod: ForecastMethod { progress != nil ? .pool : (method ?? .hazard) }

    func validate() throws {
        if scenarios < 1 { throw ValidationError("--scenarios must be at least 1") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
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

    static func explain(_ r: HazardForecast.Result) {
        let names = ["level", "drift", "deadline_month", "month_before", "two_months_before", "quarter_end", "target_pull"]
        for (i, n) in names.enumerated() {
            Messages.note("pace \(n): \(String(format: "%.3f", r.paceState[i])) ± \(String(format: "%.3f", r.paceStateSD[i]))")
        }
        Messages.note("frailty variance: \(r.hazard.frailty)")
        Messages.note("pace scales: level \(String(format: "%.3f", r.paceScales.level)), irregular \(String(format: "%.3f", r.paceScales.irregular)), community \(String(format: "%.3f", r.paceScales.community)), department \(String(format: "%.3f", r.paceScales.department))")
        for (d, g) in r.futureGaps.sorted(by: { $0.key < $1.key }) {
            Messages.note("target gap at the phase after \(d): \(String(format: "%.3f", g))")
        }
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let campaign = try campaignOptions.campaign()
            let rows: [MilestoneForecast]
            if let path = options.progress {
                let records = try data.loadProgress(path)
                guard let last = records.map(\.date).max() else { throw DataError.other("\(path): no records") }
                rows = try options.poolForecast.forecast(progress: records, milestones: campaign.milestones, asOf: asOf ?? last)
            } else {
                let ledger = try data.loadLedger(files: DataOptions.completionFiles)
                let day = asOf ?? CompletionTrend.latestRecordedDay(in: ledger) ?? campaign.start
                switch options.effectiveMethod {
                case .hazard:
                    let bar = ProgressBar(label: "simulating")
                    defer { bar.finish() }
                    let result = try options.hazardForecast(bar: bar).forecast(ledger: ledger, campaign: campaign, asOf: day)
                    rows = result.rows
                    for note in result.notes { Messages.note(note.text(output.lang)) }
                    if explain { Self.explain(result) }
                case .pool:
                    rows = try options.poolForecast.forecast(
                        progress: ledger.monthlyProgress(campaign: campaign, levels: options.by.levels, through: day),
                        milestones: campaign.milestones, asOf: day)
                }
            }
            if rows.isEmpty { Messages.note("no milestone after the as-of date: nothing to forecast") }
            try output.write(ForecastTable.table(rows, language: output.lang))
        }
    }
}
