/// What the forecasts assume about campaigns before the data can say: the priors of the pace
/// model (`PaceModel`) and the grids its variances are averaged over.
///
/// Every prior is a normal distribution on the log-hazard scale (a coefficient of 0.3 multiplies
/// the monthly completion hazard by e^0.3 ≈ 1.35). They are deliberately wide: they stand for
/// what is known of such campaigns in general, and the data override them once a component has
/// been seen (a deadline passed, a phase begun, several quarter ends). `docs/forecast.md` gives
/// the reasoning for each value.
public struct CampaignPractice: Sendable, Hashable {
    /// A normal prior.
    public struct Normal: Sendable, Hashable {
        /// The mean.
        public var mean: Double
        /// The standard deviation.
        public var sd: Double
        /// A prior.
        public init(mean: Double, sd: Double) { self.mean = mean; self.sd = sd }
    }

    /// A grid of standard deviations and a log-normal prior over it: the forecast averages over
    /// the grid with the posterior weights instead of plugging in one estimate.
    public struct ScaleGrid: Sendable, Hashable {
        /// The grid values.
        public var values: [Double]
        /// Prior median.
        public var median: Double
        /// Prior standard deviation of the log.
        public var logSD: Double
        /// A grid.
        public init(values: [Double], median: Double, logSD: Double) {
            self.values = values; self.median = median; self.logSD = logSD
        }

        /// The log prior density of grid value `v` (up to a constant).
        func logPrior(_ v: Double) -> Double {
            let z = (log(v) - log(median)) / logSD
            return -0.5 * z * z
        }
    }

    /// Effects of the months of a deadline window on the log pace: the milestone's own month,
    /// the month before it and the one before that.
    public var deadlineResponse: [Normal]
    /// Effect of a quarter-end month outside a deadline window (quarterly bulletins).
    public var quarterEnd: Normal
    /// The target pull κ: at the start of a new phase (the month after a milestone) the log
    /// pace moves by κ·g, g the log of the pace the next target requires over the pace before.
    public var targetPull: Normal
    /// The standard deviation of the rest of a phase jump (beyond the pull).
    public var phaseJumpSD: ScaleGrid
    /// Prior of the drift (log pace per month) at the campaign start.
    public var drift: Normal
    /// The drift's damping per month (|φ| < 1: a trend does not go on for ever).
    public var driftDamping: Double
    /// The drift's innovation standard deviation per month.
    public var driftInnovationSD: Double
    /// The level's prior standard deviation around its first observation.
    public var initialLevelSD: Double
    /// The level's innovation (random-walk) standard deviation per month.
    public var levelSD: ScaleGrid
    /// Month-to-month variation of the log pace beyond the binomial noise.
    public var irregularSD: ScaleGrid
    /// The pool method's depletion exponent θ: a pool's hazard scales as (remaining share)^θ —
    /// what a gamma frailty of variance θ does to a cohort (the quick complete first).
    public var poolDepletion: Normal
    /// Sudden shifts of the pace (a stall, a push) that the history cannot show in advance: in
    /// each future month, with probability `shiftProbability`, the level (and, independently,
    /// each unit's deviation) moves by a normal step of standard deviation `shiftSD`.
    public var shiftProbability: Double
    /// See `shiftProbability`.
    public var shiftSD: Double
    /// A unit's deviation from the town's pace: its prior at the campaign start.
    public var unitInitialSD: Double
    /// A unit's deviation: its random-walk standard deviation per month.
    public var unitDeviationSD: ScaleGrid
    /// A unit's own month-to-month variation beyond the binomial noise.
    public var unitIrregularSD: ScaleGrid
    /// The extra standard deviation of a unit's deviation at a phase start (units answer a new
    /// target differently).
    public var unitPhaseJumpSD: ScaleGrid

    /// The defaults (see `docs/forecast.md`).
    public static let standard = CampaignPractice(
        deadlineResponse: [Normal(mean: 0.4, sd: 0.6), Normal(mean: 0.3, sd: 0.6), Normal(mean: 0.15, sd: 0.5)],
        quarterEnd: Normal(mean: 0, sd: 0.4),
        targetPull: Normal(mean: 0.3, sd: 0.35),
        phaseJumpSD: ScaleGrid(values: [0.08, 0.18, 0.3, 0.5], median: 0.25, logSD: 0.8),
        drift: Normal(mean: 0, sd: 0.03),
        driftDamping: 0.9,
        driftInnovationSD: 0.01,
        initialLevelSD: 1.5,
        levelSD: ScaleGrid(values: [0.02, 0.04, 0.07, 0.1, 0.15, 0.22, 0.32], median: 0.08, logSD: 0.8),
        irregularSD: ScaleGrid(values: [0.02, 0.05, 0.1, 0.2, 0.35], median: 0.1, logSD: 1.0),
        poolDepletion: Normal(mean: 0.5, sd: 0.4),
        shiftProbability: 0.02, shiftSD: 0.6,
        unitInitialSD: 0.35,
        unitDeviationSD: ScaleGrid(values: [0.01, 0.03, 0.06, 0.1, 0.15, 0.25], median: 0.06, logSD: 0.8),
        unitIrregularSD: ScaleGrid(values: [0.02, 0.1, 0.25, 0.5], median: 0.1, logSD: 1.0),
        unitPhaseJumpSD: ScaleGrid(values: [0.05, 0.12, 0.25, 0.45], median: 0.18, logSD: 0.8))

    /// A configuration.
    public init(deadlineResponse: [Normal], quarterEnd: Normal, targetPull: Normal, phaseJumpSD: ScaleGrid,
                drift: Normal, driftDamping: Double, driftInnovationSD: Double, initialLevelSD: Double,
                levelSD: ScaleGrid, irregularSD: ScaleGrid, poolDepletion: Normal,
                shiftProbability: Double, shiftSD: Double, unitInitialSD: Double,
                unitDeviationSD: ScaleGrid, unitIrregularSD: ScaleGrid, unitPhaseJumpSD: ScaleGrid) {
        self.deadlineResponse = deadlineResponse; self.quarterEnd = quarterEnd
        self.targetPull = targetPull; self.phaseJumpSD = phaseJumpSD; self.drift = drift
        self.driftDamping = driftDamping; self.driftInnovationSD = driftInnovationSD
        self.initialLevelSD = initialLevelSD; self.levelSD = levelSD; self.irregularSD = irregularSD
        self.poolDepletion = poolDepletion
        self.shiftProbability = shiftProbability; self.shiftSD = shiftSD
        self.unitInitialSD = unitInitialSD; self.unitDeviationSD = unitDeviationSD
        self.unitIrregularSD = unitIrregularSD; self.unitPhaseJumpSD = unitPhaseJumpSD
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
