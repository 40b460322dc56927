/// The forecasting methods.
public enum ForecastMethod: String, Hashable, Sendable, CaseIterable {
    /// Enterprise-level completion hazard with a structural pace model and Monte Carlo
    /// (`HazardForecast`); needs a ledger.
    case hazard
    /// The pace model on each unit's remaining pool (`AggregateForecast`); works on any
    /// cumulative share with milestones.
    case pool

    /// The Chinese name.
    public var chineseName: String {
        switch self {
        case .hazard: "企业级风险模型"
        case .pool: "剩余企业池模型"
        }
    }
}

/// One forecast row: a unit and a milestone, the model's answer and the baselines beside it.
///
/// Percentages are shares of open enterprises in percent (0–100). The intervals are the 10th–90th
/// (80 %) and 25th–75th (50 %) percentile ranges of the simulated share on the milestone date.
public struct MilestoneForecast: Hashable, Sendable {
    /// The unit.
    public var unit: ForecastUnit
    /// The milestone's date.
    public var milestoneDate: Day
    /// The milestone's target share, percent.
    public var targetPercent: Double
    /// The as-of date of the forecast.
    public var asOf: Day
    /// The observed share on the as-of date, percent.
    public var currentPercent: Double
    /// Open enterprises (or the reported total) on the as-of date.
    public var currentOpen: Int
    /// The method that produced the probability.
    public var method: ForecastMethod
    /// P(share on the milestone date ≥ target).
    public var probability: Double
    /// The mean simulated share on the milestone date, percent.
    public var expectedPercent: Double
    /// The 10th percentile of the simulated share, percent.
    public var lowerPercent: Double
    /// The 90th percentile of the simulated share, percent.
    public var upperPercent: Double
    /// The 25th percentile of the simulated share, percent.
    public var lower50Percent: Double
    /// The 75th percentile of the simulated share, percent.
    public var upper50Percent: Double
    /// The median date the target is first reached (the month end by which at least half of the
    /// scenarios reached it; the as-of date when already reached), or `nil` when not within the
    /// horizon.
    public var medianDateReached: Day?
    /// The recent pace: mean change of the share per month over the recent window, percentage
    /// points per month.
    public var recentPacePerMonth: Double
    /// The current share plus the recent pace times the months left, clamped to 0–100.
    public var linearProjectionPercent: Double
    /// The pace needed to reach the target in the time left, points per month (0 when reached).
    public var requiredPacePerMonth: Double
    /// The linear-pace baseline as a probability: 1 if the linear projection reaches the target,
    /// else 0.
    public var paceProbability: Double
    /// The smoothed linear-pace baseline: `Φ((projection − target)/(σ·√months))`, σ the standard
    /// deviation of the monthly change over the recent window (0/1 when σ = 0).
    public var smoothedPaceProbability: Double

    /// A row.
    public init(unit: ForecastUnit, milestoneDate: Day, targetPercent: Double, asOf: Day,
                currentPercent: Double, currentOpen: Int, method: ForecastMethod, probability: Double,
                expectedPercent: Double, lowerPercent: Double, upperPercent: Double,
                lower50Percent: Double? = nil, upper50Percent: Double? = nil,
                medianDateReached: Day?, recentPacePerMonth: Double,
                linearProjectionPercent: Double, requiredPacePerMonth: Double,
                paceProbability: Double, smoothedPaceProbability: Double) {
        self.unit = unit; self.milestoneDate = milestoneDate; self.targetPercent = targetPercent
        self.asOf = asOf; self.currentPercent = currentPercent; self.currentOpen = currentOpen
        self.method = method; self.probability = probability
        self.expectedPercent = expectedPercent; self.lowerPercent = lowerPercent
        self.upperPercent = upperPercent; self.medianDateReached = medianDateReached
        self.lower50Percent = lower50Percent ?? lowerPercent
        self.upper50Percent = upper50Percent ?? upperPercent
        self.recentPacePerMonth = recentPacePerMonth
        self.linearProjectionPercent = linearProjectionPercent
        self.requiredPacePerMonth = requiredPacePerMonth; self.paceProbability = paceProbability
        self.smoothedPaceProbability = smoothedPaceProbability
    }
}
