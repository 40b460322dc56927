import Stats

/// One scored forecast: a forecast row made at `origin` and what happened on its milestone date.
public struct BacktestRecord: Hashable, Sendable {
    /// The forecast origin (its as-of date).
    public var origin: Day
    /// The forecast row.
    public var forecast: MilestoneForecast
    /// The realised share on the milestone date, percent.
    public var realizedPercent: Double
    /// Whether the realised share reached the target.
    public var reached: Bool
}

/// The scores of one forecasting method over a backtest.
public struct BacktestScore: Sendable {
    /// `model` (the forecast's own probability), `linear_pace` (0/1) or `linear_pace_smoothed`.
    public var method: String
    /// Forecasts scored.
    public var count: Int
    /// Brier score (lower is better).
    public var brierScore: Double
    /// Log loss (lower is better; 0/1 forecasts are clipped at machine epsilon as in scikit-learn).
    public var logLoss: Double
    /// Reliability table of the probabilities (uniform bins).
    public var reliability: ReliabilityTable
    /// Coverage of the 80 % interval (the model only).
    public var coverage: IntervalCoverage?
    /// Coverage of the 50 % interval (the model only).
    public var coverage50: IntervalCoverage?
    /// Confidently wrong forecasts: probability below `confidenceThreshold` for a milestone that
    /// was met, or above 1 − `confidenceThreshold` for one that was missed.
    public var confidentlyWrong: Int

    /// The threshold of a confident forecast.
    public static let confidenceThreshold = 0.02

    /// `confidentlyWrong` over `count`.
    public var confidentlyWrongRate: Double { count > 0 ? Double(confidentlyWrong) / Double(count) : 0 }
}

/// A backtest's records and per-method scores.
public struct BacktestReport: Sendable {
    /// Every scored forecast, by origin, then unit and milestone.
    public var records: [BacktestRecord]
    /// Scores for `model`, `linear_pace` and `linear_pace_smoothed`.
    public var scores: [BacktestScore]
    /// Origins at which the history could not support a forecast, with the reason
    /// (`ForecastError.insufficientHistory`'s detail); nothing was scored from them.
    public var skipped: [(origin: Day, reason: String)]

    /// A report; `skipped` empty by default.
    public init(records: [BacktestRecord], scores: [BacktestScore], skipped: [(origin: Day, reason: String)] = []) {
        self.records = records; self.scores = scores; self.skipped = skipped
    }
}

/// Backtesting: forecast as of each origin date (everything after it ignored), then score the
/// probabilities against what happened, for the model and for the baselines.
///
/// The linear-pace baseline scores twice: as its hard 0/1 answer (projection reaches the target
/// or not) and as its smoothed probability (see `PaceBaseline`). Only milestones after the origin
/// and on or before the last date the data can show are scored. Each origin is scored once,
/// however often it is listed. An origin whose history cannot support a forecast (before the
/// first completion month, nobody at risk) is skipped and listed in `BacktestReport.skipped`.
public enum ForecastBacktest {
    /// Scores records.
    ///
    /// - Throws: `CalibrationError.empty` when there is nothing to score.
    public static func score(_ records: [BacktestRecord], binCount: Int = 5) throws -> [BacktestScore] {
        let outcomes = records.map(\.reached)
        var scores: [BacktestScore] = []
        let methods: [(String, (MilestoneForecast) -> Double)] = [
            ("model", { $0.probability }), ("linear_pace", { $0.paceProbability }),
            ("linear_pace_smoothed", { $0.smoothedPaceProbability }),
        ]
        for (name, prob) in methods {
            let p = records.map { prob($0.forecast) }
            let t = BacktestScore.confidenceThreshold
            let wrong = zip(p, outcomes).filter { ($0 < t && $1) || ($0 > 1 - t && !$1) }.count
            scores.append(BacktestScore(
                method: name, count: records.count,
                brierScore: try brierScore(probabilities: p, outcomes: outcomes),
                logLoss: try logLoss(probabilities: p, outcomes: outcomes),
                reliability: try ReliabilityTable(probabilities: p, outcomes: outcomes, binCount: binCount),
                coverage: name == "model"
                    ? try IntervalCoverage(lower: records.map(\.forecast.lowerPercent),
                                           upper: records.map(\.forecast.upperPercent),
                                           realized: records.map(\.realizedPercent))
                    : nil,
                coverage50: name == "model"
                    ? try IntervalCoverage(lower: records.map(\.forecast.lower50Percent),
                                           upper: records.map(\.forecast.upper50Percent),
                                           realized: records.map(\.realizedPercent))
                    : nil,
                confidentlyWrong: wrong))
        }
        return scores
    }

    /// Backtests the enterprise-level hazard forecast on a ledger.
    ///
    /// - Parameters:
    ///   - observedThrough: the last date the ledger describes (default: its latest status event).
    /// - Throws: the forecast's errors, `CalibrationError.empty` when no milestone can be scored.
    public static func run(ledger: Ledger, campaign: Campaign, origins: [Day],
                           forecast: HazardForecast, observedThrough: Day? = nil,
                           binCount: Int = 5) throws -> BacktestReport {
        let through = observedThrough ?? ledger.timelines.values.compactMap { $0.last?.date }.max()
            ?? Day(ordinal: Int.min / 2)
        let index = UnitIndex(enterprises: ledger.enterprises)
        let position = Dictionary(uniqueKeysWithValues: index.units.enumerated().map { ($1, $0) })
        var realizedCache: [Day: (completed: [Int], open: [Int])] = [:]
        var records: [BacktestRecord] = []
        var skipped: [(origin: Day, reason: String)] = []
        for origin in Array(Set(origins)).sorted() {
            let result: HazardForecast.Result
            do {
                result = try forecast.forecast(ledger: ledger, campaign: campaign, asOf: origin)
            } catch ForecastError.insufficientHistory(let detail) {
                skipped.append((origin, detail))
                continue
            }
            for row in result.rows where row.milestoneDate <= through {
                guard let u = position[row.unit] else { continue }
                if realizedCache[row.milestoneDate] == nil {
                    realizedCache[row.milestoneDate] = index.tally(ledger, on: row.milestoneDate)
                }
                let t = realizedCache[row.milestoneDate]!
                guard t.open[u] > 0 else { continue }
                let realized = 100 * Double(t.completed[u]) / Double(t.open[u])
                records.append(BacktestRecord(origin: origin, forecast: row, realizedPercent: realized,
                                              reached: Milestone.isReached(realized, target: row.targetPercent)))
            }
        }
        return try report(records, skipped: skipped, binCount: binCount)
    }

    /// The report of `records`. With none: `ForecastError.insufficientHistory` when origins were
    /// skipped (naming the last one and why), else `CalibrationError.empty`.
    static func report(_ records: [BacktestRecord], skipped: [(origin: Day, reason: String)],
                       binCount: Int) throws -> BacktestReport {
        if records.isEmpty, let last = skipped.last {
            throw ForecastError.insufficientHistory(
                detail: "no origin could be forecast (\(skipped.count) skipped); at \(last.origin): \(last.reason)")
        }
        return BacktestReport(records: records, scores: try score(records, binCount: binCount), skipped: skipped)
    }

    /// Backtests the aggregate (binomial pool) forecast on progress records. A milestone is scored
    /// for a unit when the unit has a record in the milestone's month on or before its date (the
    /// latest such record is the realised share).
    ///
    /// - Throws: the forecast's errors, `CalibrationError.empty` when nothing can be scored.
    public static func run(progress: [ProgressRecord], milestones: [Milestone], origins: [Day],
                           forecast: AggregateForecast, binCount: Int = 5) throws -> BacktestReport {
        var records: [BacktestRecord] = []
        var byUnit: [String: [ProgressRecord]] = [:]
        for r in progress { byUnit[r.unit, default: []].append(r) }
        var skipped: [(origin: Day, reason: String)] = []
        for origin in Array(Set(origins)).sorted() {
            let rows: [MilestoneForecast]
            do {
                rows = try forecast.forecast(progress: progress, milestones: milestones, asOf: origin)
            } catch ForecastError.insufficientHistory(let detail) {
                skipped.append((origin, detail))
                continue
            }
            for row in rows {
                let d = row.milestoneDate
                let candidates = (byUnit[row.unit.name] ?? []).filter {
                    $0.date <= d && $0.date.year == d.year && $0.date.month == d.month && $0.share != nil
                }
                guard let latestDate = candidates.map(\.date).max(),
                      let share = candidates.last(where: { $0.date == latestDate })?.share else { continue }
                let realized = 100 * share
                records.append(BacktestRecord(origin: origin, forecast: row, realizedPercent: realized,
                                              reached: Milestone.isReached(realized, target: row.targetPercent)))
            }
        }
        return try report(records, skipped: skipped, binCount: binCount)
    }
}
