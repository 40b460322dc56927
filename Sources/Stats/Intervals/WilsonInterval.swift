/// The Wilson score interval for a binomial proportion (Wilson, 1927): the set of `p` that a
/// two-sided score test at level `1 − confidenceLevel` does not reject,
///
///     center = (p̂ + z²/(2n)) / (1 + z²/n)
///     half   = z·√(p̂(1 − p̂)/n + z²/(4n²)) / (1 + z²/n)
///
/// with `p̂ = k/n` and `z` the standard normal `1 − α/2` quantile. Unlike the Wald interval it
/// stays inside [0, 1] and keeps a non-zero width at `k = 0` and `k = n`. It matches
/// `statsmodels.stats.proportion.proportion_confint(k, n, method="wilson")`; the ends are
/// clamped to [0, 1] against rounding (at `k = 0` the lower end is exactly 0).
public struct WilsonInterval: Sendable, Hashable {
    /// Successes `k`.
    public let successes: Int
    /// Trials `n`.
    public let trials: Int
    /// The confidence level, e.g. 0.95.
    public let confidenceLevel: Double
    /// The point estimate `k/n`.
    public let proportion: Double
    /// The interval.
    public let interval: ConfidenceInterval

    /// The interval for `successes` out of `trials`.
    ///
    /// - Complexity: O(1).
    /// - Throws: `IntervalError.noTrials` when `trials == 0`, `.invalidCounts` when
    ///   `successes < 0`, `trials < 0` or `successes > trials`, `.invalidConfidenceLevel` unless
    ///   the level is in (0, 1).
    public init(successes: Int, trials: Int, confidenceLevel: Double = 0.95) throws {
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw IntervalError.invalidConfidenceLevel(confidenceLevel)
        }
        guard successes >= 0, trials >= 0, successes <= trials else {
            throw IntervalError.invalidCounts(successes: successes, trials: trials)
        }
        guard trials > 0 else { throw IntervalError.noTrials }
        self.successes = successes
        self.trials = trials
        self.confidenceLevel = confidenceLevel
        let n = Double(trials), p = Double(successes) / n
        let z = NormalDistribution.quantile(1 - (1 - confidenceLevel) / 2)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        proportion = p
        let lower = successes == 0 ? 0 : min(max(center - half, 0), 1)
        let upper = successes == trials ? 1 : min(max(center + half, 0), 1)
        interval = ConfidenceInterval(lower: lower, upper: upper)
    }

    /// The lower end.
    public var lower: Double { interval.lower }
    /// The upper end.
    public var upper: Double { interval.upper }
}

/// Errors of the interval estimators.
public enum IntervalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No trials: a proportion of nothing has no interval.
    case noTrials
    /// Negative counts or more successes than trials.
    case invalidCounts(successes: Int, trials: Int)
    /// A confidence level outside (0, 1).
    case invalidConfidenceLevel(Double)

    /// A readable one-line message.
    public var description: String {
        switch self {
        case .noTrials: "no trials: the proportion is undefined"
        case let .invalidCounts(k, n): "invalid counts: \(k) successes out of \(n) trials"
        case let .invalidConfidenceLevel(c): "confidence level \(c) is not in (0, 1)"
        }
    }
}
