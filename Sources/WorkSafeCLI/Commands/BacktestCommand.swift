import ArgumentParser
import Foundation
import Stats
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
            regime for each of --seeds and scores them per regime (both methods unless --method names one). \
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
        try SizeLimits.check("--bins", bins, maximum: 100)
        if let origins = try parsedOrigins() {
            if origins.count > SizeLimits.maximumOrigins {
                throw ValidationError("--origins must be at most \(SizeLimits.maximumOrigins) dates, got \(origins.count)")
            }
        }
        if regimes != nil {
            if options.progress != nil || data.data != nil {
                throw ValidationError("--regimes simulates its own towns: give neither --data nor --progress")
            }
            _ = try parsedRegimes()
            _ = try parsedSeeds()
            try SizeLimits.check("--enterprises", enterprises, maximum: SizeLimits.maximumRegimeEnterprises, minimum: 100)
        }
    }

    private func parsedOrigins() throws -> [Day]? {
        guard let origins else { return nil }
        return try origins.split(separator: ",", omittingEmptySubsequences: false).map { text in
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
        let seeds = try self.seeds.split(separator: ",", omittingEmptySubsequences: false).map { text in
            guard let s = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--seeds: '\(text)' is not a seed (a whole number from 0 to \(UInt64.max))")
            }
            return s
        }
        guard !seeds.isEmpty, Set(seeds).count == seeds.count else { throw ValidationError("--seeds needs distinct seeds") }
        if seeds.count > SizeLimits.maximumSeeds {
            throw ValidationError("--seeds must be at most \(SizeLimits.maximumSeeds) seeds, got \(seeds.count)")
        }
        return seeds
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let outputs = try CommandOutputs(
                [("--output", output.destination), ("--reliability", reliability), ("--records", records),
                 regimes == nil ? data.rejectsOutput : ("--rejects", nil)],
                inputs: regimes == nil ? options.inputFiles(data) : [])
            let campaign = try campaignOptions.campaign()
            if regimes != nil { return try runRegimes(campaign: campaign, outputs: outputs) }
            var report = BacktestReport(records: [], scores: [])
            try unlessNothingCanBeScored {
                if let path = options.progress {
                    let progress = try data.loadProgress(path, outputs: outputs)
                    guard let end = progress.map(\.date).max() else { throw DataError.other("\(path): no records") }
                    let days = try parsedOrigins() ?? ForecastBacktest.defaultOrigins(campaign: campaign, end: end)
                    try options.requireMemory(ledger: nil, milestones: campaign.milestones.count)
                    report = try ForecastBacktest.run(progress: progress, milestones: campaign.milestones, origins: days,
                                                      forecast: options.poolForecast, binCount: bins)
                } else {
                    let ledger = try data.loadLedger(files: DataOptions.completionFiles, outputs: outputs)
                    let end = CompletionTrend.latestRecordedDay(in: ledger) ?? campaign.start
                    let days = try parsedOrigins() ?? ForecastBacktest.defaultOrigins(campaign: campaign, end: end)
                    try options.requireMemory(ledger: ledger, milestones: campaign.milestones.count)
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
            }
            for (origin, reason) in report.skipped { Messages.note("backtest origin \(origin) skipped: \(reason)") }
            try output.write(BacktestTable.scoreTable(report, language: output.lang), to: outputs)
            try output.write(BacktestTable.reliabilityTable(report, language: output.lang), to: outputs, as: "--reliability")
            try output.write(BacktestTable.recordTable(report, language: output.lang), to: outputs, as: "--records")
            try outputs.publish()
        }
    }

    /// Runs `body`; when the data hold nothing to score from the default origins (a town whose
    /// enterprises all completed before the campaign, data shorter than a year), says why on
    /// standard error (`No backtest: …`) and carries on, so that the tables are written with their
    /// headers alone and the command exits 0. Origins given with `--origins` that cannot be
    /// scored stay an error (exit 65): the user asked for them.
    private func unlessNothingCanBeScored(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ForecastError {
            guard case .insufficientHistory = error, origins == nil else { throw error }
            Messages.note("No backtest: \(error)")
        } catch let error as CalibrationError {
            guard error == .empty, origins == nil else { throw error }
            Messages.note("No backtest: no forecast from the default origins (each quarter end from the campaign start to a year before the data end) has a milestone to score")
        }
    }

    /// `--regimes`: one row per regime × forecast method × scored method.
    private func runRegimes(campaign: Campaign, outputs: CommandOutputs) throws {
        let methods: [ForecastMethod] = options.method.map { [$0] } ?? [.hazard, .pool]
        var hazard = options.hazardForecast(bar: nil)
        hazard.levels = [.town, .community, .department]
        let profile = TownProfile.standard
        try MemoryBudget.requireForecast(scenarios: options.scenarios,
                                         units: 1 + profile.communities.count + profile.departments.count,
                                         milestones: campaign.milestones.count)
        let backtest = RegimeBacktest(regimes: try parsedRegimes(), seeds: try parsedSeeds(), enterprises: enterprises,
                                      methods: methods, campaign: campaign, hazard: hazard,
                                      pool: options.poolForecast, bins: bins)
        let results = try backtest.run { regime, seed, method in
            Messages.note(output.lang.pick("backtested \(regime.rawValue) town \(seed) (\(method.rawValue))",
                                           "已回测：\(regime.chineseName) 模拟镇 \(seed)（\(method.chineseName)）"))
        }
        try output.write(BacktestTable.regimeTable(results, language: output.lang), to: outputs)
        try output.write(BacktestTable.regimeReliabilityTable(results, language: output.lang), to: outputs,
                         as: "--reliability")
        try output.write(BacktestTable.regimeRecordTable(results, language: output.lang), to: outputs, as: "--records")
        try outputs.publish()
    }
}
