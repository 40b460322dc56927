import ArgumentParser
import WorkSafe

extension TrendGrouping: ExpressibleByArgument {}
extension TrendPeriod: ExpressibleByArgument {}
extension TrendFit: ExpressibleByArgument {}

/// `worksafe trend`: completion share over time for a grouping, with the schedule gap.
struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Completion share at each period end, with Wilson intervals, pace and the gap to the schedule.",
        discussion: """
            Views: completion (default; one row per unit and period end), benchmarks (the \
            key-industry benchmark check), time-to-completion (Kaplan–Meier median time from \
            campaign start or opening to completion, per unit), survival (the Kaplan–Meier curves). \
            Columns are documented in docs/trends.md.
            """)

    enum View: String, CaseIterable, ExpressibleByArgument {
        case completion, benchmarks, timeToCompletion = "time-to-completion", survival
    }

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var campaignOptions: CampaignOptions

    @Option(name: .long, help: ArgumentHelp("Use this aggregate progress.csv instead of a ledger folder.", valueName: "file"))
    var progress: String?

    @Option(name: .long, help: "Grouping: town, community, department, industry or size.")
    var by: TrendGrouping = .town

    @Option(name: .long, help: "Period: month or quarter.")
    var period: TrendPeriod = .quarter

    @Option(name: .long, help: ArgumentHelp("Use only what was known on this day (default: the latest recorded day).", valueName: "date"))
    var asOf: Day?

    @Option(name: .long, help: "Growth curve per unit: none, logistic, gompertz or richards.")
    var fit: TrendFit = .none

    @Option(name: .long, help: "Which table: completion, benchmarks, time-to-completion or survival.")
    var view: View = .completion

    func validate() throws {
        if progress != nil && data.data != nil { throw ValidationError("give either --data or --progress, not both") }
        if progress != nil && view != .completion {
            throw ValidationError("--view \(view.rawValue) needs a ledger folder, not a progress table")
        }
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let outputs = try CommandOutputs(
                [("--output", output.destination), data.rejectsOutput],
                inputs: progress.map { [InputFile("--progress", $0)] } ?? data.ledgerInputFiles())
            let campaign = try campaignOptions.campaign()
            let table: TrendTable
            if let progress {
                let records = try data.loadProgress(progress, outputs: outputs)
                guard let last = records.map(\.date).max() else { throw DataError.other("\(progress): no records") }
                let trend = CompletionTrend(campaign: campaign, grouping: by, period: period, asOf: asOf ?? last)
                let rows = trend.rows(from: records)
                table = TrendTable.completion(rows, curves: curves(rows, campaign), language: output.lang)
            } else {
                let ledger = try data.loadLedger(files: DataOptions.completionFiles, outputs: outputs)
                let day = asOf ?? CompletionTrend.latestRecordedDay(in: ledger) ?? campaign.start
                switch view {
                case .completion:
                    let rows = CompletionTrend(campaign: campaign, grouping: by, period: period, asOf: day).rows(from: ledger)
                    table = TrendTable.completion(rows, curves: curves(rows, campaign), language: output.lang)
                case .benchmarks:
                    table = TrendTable.benchmarks(KeyIndustryBenchmarkCheck.rows(ledger: ledger, campaign: campaign, asOf: day),
                                                  language: output.lang)
                case .timeToCompletion:
                    table = TrendTable.timeToCompletion(
                        TimeToCompletion.estimate(ledger: ledger, campaign: campaign, grouping: by, asOf: day),
                        language: output.lang)
                case .survival:
                    table = TrendTable.survivalCurves(
                        TimeToCompletion.estimate(ledger: ledger, campaign: campaign, grouping: by, asOf: day),
                        language: output.lang)
                }
            }
            try output.write(table, to: outputs)
            try outputs.publish()
        }
    }

    private func curves(_ rows: [CompletionTrendRow], _ campaign: Campaign) -> [GroupGrowthCurve]? {
        fit.model.map { GroupGrowthCurve.fit($0, rows: rows, campaign: campaign) }
    }
}
