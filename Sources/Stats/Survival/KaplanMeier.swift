#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Kaplan–Meier product-limit estimator of a survival function from right-censored
/// durations, with Greenwood's variance and log(−log) ("exponential Greenwood") intervals.
///
/// At each distinct time `tᵢ` with `nᵢ` subjects at risk (duration ≥ tᵢ) and `dᵢ` events:
///
///     S(t)      = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ)
///     Var S(t)  = S(t)² · Σ_{tᵢ ≤ t} dᵢ / (nᵢ(nᵢ − dᵢ))            (Greenwood)
///     interval  = exp(−exp(log(−log S) ± z·√(Σ dᵢ/(nᵢ(nᵢ − dᵢ))) / log S))
///
/// The interval stays inside [0, 1]; where `S = 1` (no event yet) both ends are 1, where
/// `S = 0` both are 0. Ties are handled the usual way: subjects censored at `tᵢ` are still at
/// risk at `tᵢ`. The timeline is 0 followed by every distinct duration (event or censoring),
/// and the median is the first time at which `S ≤ ½` (infinite when never reached); its
/// interval applies the same rule to the interval's ends. All of this matches
/// `lifelines.KaplanMeierFitter` with its defaults (alpha 0.05).
///
/// - Complexity: O(*n* log *n*) for the sort.
public struct KaplanMeier: Sendable, Hashable {
    /// The confidence level of the pointwise intervals, in (0, 1).
    public var confidenceLevel: Double

    /// A configuration.
    public init(confidenceLevel: Double = 0.95) {
        self.confidenceLevel = confidenceLevel
    }

    /// Estimates the survival function.
    ///
    /// - Parameters:
    ///   - durations: time from origin to the event or to censoring, each finite and ≥ 0.
    ///   - observed: `true` where the event happened at the duration, `false` where the subject
    ///     was censored then.
    /// - Throws: `SurvivalError.noSubjects` for empty input, `.dimensionMismatch`,
    ///   `.invalidDuration` (negative or non-finite), `.invalidConfidenceLevel`.
    public func fit(durations: [Double], observed: [Bool]) throws -> Fitted {
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw SurvivalError.invalidConfidenceLevel(confidenceLevel)
        }
        guard durations.count == observed.count else {
            throw SurvivalError.dimensionMismatch(durations: durations.count, observed: observed.count)
        }
        guard !durations.isEmpty else { throw SurvivalError.noSubjects }
        if let i = durations.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw SurvivalError.invalidDuration(index: i, value: durations[i])
        }
        let order = durations.indices.sorted { (durations[$0], $0) < (durations[$1], $1) }
        var times: [Double] = [], atRisk: [Int] = [], events: [Int] = [], censored: [Int] = []
        var k = 0
        var remaining = durations.count
        if durations[order[0]] > 0 {
            times.append(0); atRisk.append(remaining); events.append(0); censored.append(0)
        }
        while k < order.count {
            let t = durations[order[k]]
            var d = 0, c = 0
            while k < order.count && durations[order[k]] == t {
                if observed[order[k]] { d += 1 } else { c += 1 }
                k += 1
            }
            times.append(t); atRisk.append(remaining); events.append(d); censored.append(c)
            remaining -= d + c
        }

        let z = NormalDistribution.quantile(1 - (1 - confidenceLevel) / 2)
        var survival: [Double] = [], variance: [Double] = [], lower: [Double] = [], upper: [Double] = []
        var s = 1.0, greenwood = 0.0
        for i in times.indices {
            let n = atRisk[i], d = events[i]
            if d > 0 {
                s *= 1 - Double(d) / Double(n)
                greenwood += d < n ? Double(d) / (Double(n) * Double(n - d)) : .infinity
            }
            survival.append(s)
            if s <= 0 {
                variance.append(0); lower.append(0); upper.append(0)
            } else if s >= 1 {
                variance.append(0); lower.append(1); upper.append(1)
            } else {
                variance.append(s * s * greenwood)
                // log(−log S) ± z·σ/|log S|, mapped back through exp(−exp(·)) (decreasing).
                let v = log(s), spread = z * greenwood.squareRoot() / v  // negative
                lower.append(exp(-exp(log(-v) - spread)))
                upper.append(exp(-exp(log(-v) + spread)))
            }
        }
        func firstTime(atOrBelow q: Double, _ curve: [Double]) -> Double {
            guard let i = curve.firstIndex(where: { $0 <= q }) else { return .infinity }
            return times[i]
        }
        return Fitted(
            times: times, atRisk: atRisk, events: events, censored: censored, survival: survival,
            greenwoodVariance: variance, lower: lower, upper: upper,
            confidenceLevel: confidenceLevel,
            medianSurvivalTime: firstTime(atOrBelow: 0.5, survival),
            medianInterval: ConfidenceInterval(lower: firstTime(atOrBelow: 0.5, lower),
                                               upper: firstTime(atOrBelow: 0.5, upper)))
    }

    /// A fitted survival curve: a step function on `times`, right-continuous.
    public struct Fitted: Sendable, Hashable {
        /// The timeline: 0, then every distinct duration, ascending.
        public let times: [Double]
        /// Subjects at risk just before each time (duration ≥ time).
        public let atRisk: [Int]
        /// Events at each time.
        public let events: [Int]
        /// Censorings at each time.
        public let censored: [Int]
        /// `S(t)` at each time.
        public let survival: [Double]
        /// Greenwood's `Var S(t)` (0 where `S` is 0 or 1).
        public let greenwoodVariance: [Double]
        /// Lower end of the log(−log) interval at each time.
        public let lower: [Double]
        /// Upper end of the log(−log) interval at each time.
        public let upper: [Double]
        /// The level of the intervals.
        public let confidenceLevel: Double
        /// The first time with `S ≤ ½`; `+∞` when the curve never gets there.
        public let medianSurvivalTime: Double
        /// The median's interval: first times at which the interval's lower and upper ends fall
        /// to ½ (`+∞` when they never do).
        public let medianInterval: ConfidenceInterval

        /// Number of subjects.
        public var subjects: Int { atRisk.first ?? 0 }
        /// Total events.
        public var totalEvents: Int { events.reduce(0, +) }

        /// `S(t)` for any `t ≥ 0` (the step function; 1 before the first time).
        public func survival(at t: Double) -> Double {
            var lo = 0, hi = times.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if times[mid] <= t { lo = mid + 1 } else { hi = mid }
            }
            return lo == 0 ? 1 : survival[lo - 1]
        }
    }
}

/// Errors of the survival estimators.
public enum SurvivalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No subjects at all.
    case noSubjects
    /// `durations` and `observed` differ in length.
    case dimensionMismatch(durations: Int, observed: Int)
    /// A duration is negative or not finite.
    case invalidDuration(index: Int, value: Double)
    /// A confidence level outside (0, 1).
    case invalidConfidenceLevel(Double)

    /// A readable one-line message.
    public var description: String {
        switch self {
        case .noSubjects: "no subjects: a survival curve needs at least one duration"
        case let .dimensionMismatch(d, o): "\(d) durations but \(o) event indicators"
        case let .invalidDuration(i, v): "duration \(i) is \(v): durations must be finite and non-negative"
        case let .invalidConfidenceLevel(c): "confidence level \(c) is not in (0, 1)"
        }
    }
}
