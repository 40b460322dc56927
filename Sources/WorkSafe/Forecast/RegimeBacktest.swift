/// The forecasts' test bed: towns simulated under each `CampaignRegime`, backtested from the
/// default origins, scored per regime (`worksafe backtest --regimes`).
///
/// For each regime and seed a town of `enterprises` enterprises is simulated from the campaign
/// start to `end` (`TownSimulation`), forecast from every default origin (`ForecastBacktest
/// .defaultOrigins`) with the hazard method on the ledger and, when asked, the pool method on
/// the town's monthly progress records (`Ledger.monthlyProgress`), and every milestone that has
/// passed by `end` is scored. Scores pool the seeds of a regime.
public struct RegimeBacktest: Sendable {
    /// The regimes, in output order.
    public var regimes: [CampaignRegime]
    /// The towns' seeds.
    public var seeds: [UInt64]
    /// Enterprises per town.
    public var enterprises: Int
    /// The methods scored.
    public var methods: [ForecastMethod]
    /// The campaign (the towns are simulated under it).
    public var campaign: Campaign
    /// The last simulated day.
    public var end: Day
    /// The forecasts' configuration (scenarios, seed, threads).
    public var hazard: HazardForecast
    public var pool: AggregateForecast
    /// Bins of the reliability tables.
    public var bins: Int

    /// A configuration.
    public init(regimes: [CampaignRegime], seeds: [UInt64], enterprises: Int = 3000,
                methods: [ForecastMethod] = [.hazard], campaign: Campaign = .townPlan,
                end: Day = Day(year: 2026, month: 9, day: 30)!, hazard: HazardForecast = HazardForecast(),
                pool: AggregateForecast = AggregateForecast(), bins: Int = 5) {
        self.regimes = regimes; self.seeds = seeds; self.enterprises = enterprises
        self.methods = methods; self.campaign = campaign; self.end = end
        self.hazard = hazard; self.pool = pool; self.bins = bins
    }

    /// One regime × method: the scored records and scores over all seeds.
    public struct Result: Sendable {
        public let regime: CampaignRegime
        public let method: ForecastMethod
        public let report: BacktestReport
    }

    /// Runs every regime, seed and method. `progress` is called after each town and method.
    ///
    /// - Throws: the forecasts' errors; `CalibrationError.empty` when nothing can be scored.
    public func run(progress: ((_ regime: CampaignRegime, _ seed: UInt64, _ method: ForecastMethod) -> Void)? = nil)
        throws -> [Result]
    {
        var results: [Result] = []
        for regime in regimes {
            var records: [ForecastMethod: [BacktestRecord]] = [:]
            for seed in seeds {
                let town = TownSimulation(enterprises: enterprises, seed: seed, start: campaign.start, end: end,
                                          campaign: campaign, regime: regime).ledger()
                let origins = ForecastBacktest.defaultOrigins(campaign: campaign, end: end)
                for method in methods {
                    switch method {
                    case .hazard:
                        records[method, default: []] += try ForecastBacktest.run(
                            ledger: town, campaign: campaign, origins: origins, forecast: hazard,
                            observedThrough: end, binCount: bins).records
                    case .pool:
                        records[method, default: []] += try ForecastBacktest.run(
                            progress: town.monthlyProgress(campaign: campaign, levels: hazard.levels, through: end),
                            milestones: campaign.milestones, origins: origins, forecast: pool, binCount: bins).records
                    }
                    progress?(regime, seed, method)
                }
            }
            for method in methods {
                let r = records[method] ?? []
                results.append(Result(regime: regime, method: method,
                                      report: BacktestReport(records: r, scores: try ForecastBacktest.score(r, binCount: bins))))
            }
        }
        return results
    }
}

extension ForecastBacktest {
    /// The default backtest origins: each quarter end from the campaign start up to one year
    /// before `end` (so every origin has at least a year of outcomes to score).
    public static func defaultOrigins(campaign: Campaign, end: Day) -> [Day] {
        var days: [Day] = []
        var q = campaign.start.quarter
        while q.lastDay <= end.adding(months: -12) { days.append(q.lastDay); q = q.next }
        return days
    }
}

extension Ledger {
    /// The ledger as monthly progress records (completed and open at each month end) per unit —
    /// the town (named `town`), and the communities and departments when `levels` holds them —
    /// for the pool method on a ledger. Counts come from `CompletionTrend`, so they obey the
    /// ledger's definitions of open and completed.
    public func monthlyProgress(campaign: Campaign, levels: [ForecastUnit.Level], through day: Day) -> [ProgressRecord] {
        var groupings: [TrendGrouping] = [.town]
        if levels.contains(.community) { groupings.append(.community) }
        if levels.contains(.department) { groupings.append(.department) }
        return groupings.flatMap { g in
            CompletionTrend(campaign: campaign, grouping: g, period: .month, asOf: day).rows(from: self)
                .compactMap { row -> ProgressRecord? in
                    guard let c = row.completed, let o = row.open, o > 0 else { return nil }
                    let unit = g == .town ? ForecastUnit.town.name : row.unit
                    return ProgressRecord(unit: unit, date: row.periodEnd, completed: c, total: o)
                }
        }
    }
}
