import ArgumentParser
import Foundation
import WorkSafe

extension CampaignRegime: ExpressibleByArgument {}

/// `worksafe backtest`: forecasts from past origins scored against what happened — on the data,
/// or on towns simulated under each campaign regime (`--regimes`).
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Score past forecasts: Brier score, log loss, reliability, interval coverage, confident misses; model vs baselines.",
        discussion: """
            For each origin, forecasts with --as-of that origin and scores every milestone that \
            has passed by the end of the data. --output gets the scores per method (model, \
            linear_pace, linear_pace_smoothed); --reliability and --records get the reliability \
            table and every scored forecast. --regimes simulates towns of --enterprises under each \
            regime for each of --seeds and scores them per regime (both methods with --method all). \
            Columns: docs/forecast.md.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var campaignOptions: CampaignOptions
    @OptionGroup var options: ForecastOptions

    @Option(name: .long, help: ArgumentHelp("Comma-separated origin dates (default: each quarter end from the campaign start to a year before the data ends).", valueName: "dates"))
    var origins: String?

    @Option(name: .long, help: "Bins of the reliability table.")
    var bins: Int = 5

    @Option(name: .long, help: ArgumentHelp("Also write the reliability table here.", valueName: "file"))
    var reliability: String?

    @Option(name: .long, help: ArgumentHelp("Also write every scored forecast here.", valueName: "file"))
    var records: String?

    @Option(name: .long, help: ArgumentHelp("Backtest simulated towns instead of the data: comma-separated regimes, or all.", valueName: "names"))
    var regimes: String?

    @Option(name: .long, help: ArgumentHelp("With --regimes: comma-separated town seeds.", valueName: "seeds"))
    var seeds: String = "1,2,3"

    @Option(name: .long, help: "With --regimes: enterprises per simulated town.")
    var enterprises: Int = 3000

    func validate() throws {
        if options.progress != nil && data.data != nil { throw ValidationError("give either --data or --progress, not both") }
        if bins < 1 || bins > 100 { throw ValidationError("--bins must be between 1 and 100") }
        _ = try parsedOrigins()
        if regimes != nil {
            if options.progress != nil || data.data != nil {
                throw ValidationError("--regimes simulates its own towns: give neither --data nor --progress")
            }
            _ = try parsedRegimes()
            _ = try parsedSeeds()
            guard (100...200_000).contains(enterprises) else { throw ValidationError("--enterprises must be between 100 and 200000") }
        }
    }

    private func parsedOrigins() throws -> [Day]? {
        guard let origins else { return nil }
        return try origins.split(separator: ",").map { text in
            guard let d = Day(iso: text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--origins: '\(text)' is not a date YYYY-MM-DD")
            }
            return d
        }
    }

    private func parsedRegimes() throws -> [CampaignRegime] {
        guard let regimes else { return [] }
        if regimes == "all" { return CampaignRegime.allCases }
        return try regimes.split(separator: ",").map { name in
            guard let r = CampaignRegime(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--regimes: '\(name)' is not a regime (\(CampaignRegime.allCases.map(\.rawValue).joined(separator: ", ")), all)")
            }
            return r
        }
    }

    private func parsedSeeds() throws -> [UInt64] {
        let seeds = try self.seeds.split(separator: ",").map { text in
            guard let s = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--seeds: '\(text)' is not a whole number")
            }
            return s
        }
        guard !seeds.isEmpty, Set(seeds).count == seeds.count else { throw ValidationError("--seeds needs distinct seeds") }
        return seeds
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let campaign = try campaignOptions.campaign()
            if regimes != nil { return try runRegimes(campaign: campaign) }
            let report: BacktestReport
            if let path = options.progress {
                let progress = try data.loadProgress(path)
                guard let end = progress.map(\.date).max() else { throw DataError.other("\(path): no records") }
                let days = try parsedOrigins() ?? ForecastBacktest.defaultOrigins(campaign: campaign, end: end)
                report = try ForecastBacktest.run(progress: progress, milestones: campaign.milestones, origins: days,
                                                  forecast: options.poolForecast, binCount: bins)
            } else {
                let ledger = try data.loadLedger(files: DataOptions.completionFiles)
                let end = CompletionTrend.latestRecordedDay(in: ledger) ?? campaign.start
                let days = try parsedOrigins() ?? ForecastBacktest.defaultOrigins(campaign: campaign, end: end)
                switch options.effectiveMethod {
                case .hazard:
                    report = try ForecastBacktest.run(ledger: ledger, campaign: campaign, origins: days,
                                                      forecast: options.hazardForecast(bar: nil), binCount: bins)
                case .pool:
                    report = try ForecastBacktest.run(
                        progress: ledger.monthlyProgress(campaign: campaign, levels: options.by.levels, through: end),
                        milestones: campaign.milestones, origins: days, forecast: options.poolForecast, binCount: bins)
                }
            }
            try output.write(BacktestTable.scoreTable(report, language: output.lang))
            try OutputOptions.write(BacktestTable.reliabilityTable(report, language: output.lang), to: reliability,
                                    excel: output.excel)
            try OutputOptions.write(BacktestTable.recordTable(report, language: output.lang), to: records, excel: output.excel)
        }
    }

    /// `--regimes`: one row per regime × forecast method × scored method.
    private func runRegimes(campaign: Campaign) throws {
        let methods: [ForecastMethod] = options.method.map { [$0] } ?? [.hazard, .pool]
        var hazard = options.hazardForecast(bar: nil)
        hazard.levels = [.town, .community, .department]
        let backtest = RegimeBacktest(regimes: try parsedRegimes(), seeds: try parsedSeeds(), enterprises: enterprises,
                                      methods: methods, campaign: campaign, hazard: hazard,
                                      pool: options.poolForecast, bins: bins)
        let results = try backtest.run { regime, seed, method in
            Messages.note("backtested \(regime.rawValue) town \(seed) (\(method.rawValue))")
        }
        try output.write(BacktestTable.regimeTable(results, language: output.lang))
        try OutputOptions.write(BacktestTable.regimeReliabilityTable(results, language: output.lang), to: reliability,
                                excel: output.excel)
        try OutputOptions.write(BacktestTable.regimeRecordTable(results, language: output.lang), to: records,
                                excel: output.excel)
    }
}
