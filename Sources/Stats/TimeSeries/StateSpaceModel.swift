#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A linear Gaussian state-space model with a univariate observation and time-varying system
/// matrices, and its Kalman filter.
///
/// For steps `t = 1 … n`, with a state `αₜ` of dimension k:
///
///     yₜ = zₜᵀ·αₜ + εₜ,            εₜ ~ N(0, hₜ)        (yₜ may be missing)
///     αₜ₊₁ = Tₜ·αₜ + cₜ + ηₜ,       ηₜ ~ N(0, Qₜ)
///     α₁ ~ N(a₁, P₁)
///
/// `filter()` runs the Kalman filter and returns the Gaussian log-likelihood
/// `Σₜ −½·(log 2π + log Fₜ + vₜ²/Fₜ)` over the observed steps (`vₜ` the one-step prediction error,
/// `Fₜ` its variance), the filtered state `αₜ | y₁…yₜ` of every step and the prediction of the state
/// after the last step. The conventions (and the log-likelihood) are statsmodels' `MLEModel` with
/// a known initialization and the selection matrix equal to the identity; the tests compare with
/// it. The covariance update uses the Joseph form, which keeps `P` symmetric and positive
/// semi-definite in floating point.
///
/// - Complexity: O(n·k³) time and O(n·k²) memory (the filtered covariances are kept).
public struct StateSpaceModel: Sendable, Equatable {
    /// One step's observation and system matrices (row-major k × k matrices).
    public struct Step: Sendable, Equatable {
        /// `yₜ`, or nil when missing.
        public var observation: Double?
        /// `zₜ` (k entries).
        public var design: [Double]
        /// `hₜ ≥ 0`.
        public var observationVariance: Double
        /// `Tₜ` (k × k, row-major).
        public var transition: [Double]
        /// `cₜ` (k entries).
        public var intercept: [Double]
        /// `Qₜ` (k × k, row-major, symmetric positive semi-definite).
        public var stateCovariance: [Double]

        /// A step.
        public init(observation: Double?, design: [Double], observationVariance: Double,
                    transition: [Double], intercept: [Double], stateCovariance: [Double]) {
            self.observation = observation; self.design = design
            self.observationVariance = observationVariance; self.transition = transition
            self.intercept = intercept; self.stateCovariance = stateCovariance
        }
    }

    /// The state dimension k.
    public let stateCount: Int
    /// `a₁`.
    public var initialMean: [Double]
    /// `P₁` (k × k, row-major).
    public var initialCovariance: [Double]
    /// The steps.
    public var steps: [Step]

    /// A model.
    ///
    /// - Throws: `StateSpaceError.dimensionMismatch` when a vector or matrix does not have the
    ///   state's dimension, `.invalidValue` for a non-finite entry or a negative variance.
    public init(initialMean: [Double], initialCovariance: [Double], steps: [Step]) throws {
        let k = initialMean.count
        guard k >= 1 else { throw StateSpaceError.dimensionMismatch(detail: "the state needs at least one entry") }
        guard initialCovariance.count == k * k else {
            throw StateSpaceError.dimensionMismatch(detail: "initial covariance has \(initialCovariance.count) entries, expected \(k * k)")
        }
        guard (initialMean + initialCovariance).allSatisfy(\.isFinite) else {
            throw StateSpaceError.invalidValue(detail: "initial state is not finite")
        }
        for (t, s) in steps.enumerated() {
            guard s.design.count == k, s.intercept.count == k, s.transition.count == k * k,
                  s.stateCovariance.count == k * k else {
                throw StateSpaceError.dimensionMismatch(detail: "step \(t + 1): system matrices do not have dimension \(k)")
            }
            guard (s.design + s.intercept + s.transition + s.stateCovariance).allSatisfy(\.isFinite),
                  s.observation?.isFinite ?? true, s.observationVariance.isFinite, s.observationVariance >= 0 else {
                throw StateSpaceError.invalidValue(detail: "step \(t + 1): a value is not finite or a variance is negative")
            }
        }
        stateCount = k
        self.initialMean = initialMean; self.initialCovariance = initialCovariance; self.steps = steps
    }

    /// The filter's output.
    public struct Filtered: Sendable, Equatable {
        /// The log-likelihood of the observed steps.
        public let logLikelihood: Double
        /// Observed steps.
        public let observedCount: Int
        /// `E[αₜ | y₁…yₜ]` for each step.
        public let filteredMeans: [[Double]]
        /// `Var[αₜ | y₁…yₜ]` for each step (row-major).
        public let filteredCovariances: [[Double]]
        /// `E[αₙ₊₁ | y₁…yₙ]`.
        public let predictedMean: [Double]
        /// `Var[αₙ₊₁ | y₁…yₙ]` (row-major).
        public let predictedCovariance: [Double]
    }

    /// Runs the Kalman filter.
    ///
    /// - Throws: `StateSpaceError.degenerate` when a prediction-error variance is not positive
    ///   (an observation the model says is exact but does not match).
    public func filter() throws -> Filtered {
        let k = stateCount
        var a = initialMean, P = initialCovariance
        var ll = 0.0, observed = 0
        var means: [[Double]] = [], covs: [[Double]] = []
        means.reserveCapacity(steps.count); covs.reserveCapacity(steps.count)
        var pz = [Double](repeating: 0, count: k), gain = pz
        var m = [Double](repeating: 0, count: k * k), tmp = m
        for (t, s) in steps.enumerated() {
            if let y = s.observation {
                // v = y − zᵀa, F = zᵀPz + h, K = Pz/F.
                var pred = 0.0
                for i in 0..<k { pred += s.design[i] * a[i] }
                for i in 0..<k {
                    var v = 0.0
                    for j in 0..<k { v += P[i * k + j] * s.design[j] }
                    pz[i] = v
                }
                var F = s.observationVariance
                for i in 0..<k { F += s.design[i] * pz[i] }
                guard F > 0, F.isFinite else {
                    throw StateSpaceError.degenerate(detail: "step \(t + 1): prediction-error variance \(F)")
                }
                let v = y - pred
                ll += -0.5 * (log(2 * Double.pi) + log(F) + v * v / F)
                observed += 1
                for i in 0..<k { gain[i] = pz[i] / F; a[i] += gain[i] * v }
                // Joseph form: P ← (I − K zᵀ) P (I − K zᵀ)ᵀ + K h Kᵀ.
                for i in 0..<k { for j in 0..<k { m[i * k + j] = (i == j ? 1 : 0) - gain[i] * s.design[j] } }
                multiply(m, P, &tmp, k)
                multiplyTransposed(tmp, m, &P, k)
                for i in 0..<k { for j in 0..<k { P[i * k + j] += gain[i] * s.observationVariance * gain[j] } }
                symmetrize(&P, k)
            }
            means.append(a); covs.append(P)
            // Predict: a ← T a + c, P ← T P Tᵀ + Q.
            var next = s.intercept
            for i in 0..<k { for j in 0..<k { next[i] += s.transition[i * k + j] * a[j] } }
            a = next
            multiply(s.transition, P, &tmp, k)
            multiplyTransposed(tmp, s.transition, &P, k)
            for i in 0..<(k * k) { P[i] += s.stateCovariance[i] }
            symmetrize(&P, k)
        }
        return Filtered(logLikelihood: ll, observedCount: observed, filteredMeans: means,
                        filteredCovariances: covs, predictedMean: a, predictedCovariance: P)
    }
}

/// `c = a·b` for k × k row-major matrices.
private func multiply(_ a: [Double], _ b: [Double], _ c: inout [Double], _ k: Int) {
    for i in 0..<k {
        for j in 0..<k {
            var v = 0.0
            for l in 0..<k { v += a[i * k + l] * b[l * k + j] }
            c[i * k + j] = v
        }
    }
}

/// `c = a·bᵀ` for k × k row-major matrices.
private func multiplyTransposed(_ a: [Double], _ b: [Double], _ c: inout [Double], _ k: Int) {
    for i in 0..<k {
        for j in 0..<k {
            var v = 0.0
            for l in 0..<k { v += a[i * k + l] * b[j * k + l] }
            c[i * k + j] = v
        }
    }
}

private func symmetrize(_ p: inout [Double], _ k: Int) {
    for i in 0..<k {
        for j in (i + 1)..<Swift.max(i + 1, k) {
            let v = 0.5 * (p[i * k + j] + p[j * k + i])
            p[i * k + j] = v; p[j * k + i] = v
        }
    }
}

/// Errors of `StateSpaceModel`.
public enum StateSpaceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A vector or matrix of the wrong size.
    case dimensionMismatch(detail: String)
    /// A non-finite value or a negative variance.
    case invalidValue(detail: String)
    /// A prediction-error variance that is not positive.
    case degenerate(detail: String)

    public var description: String {
        switch self {
        case let .dimensionMismatch(detail): "state-space model: \(detail)"
        case let .invalidValue(detail): "state-space model: \(detail)"
        case let .degenerate(detail): "state-space model: \(detail)"
        }
    }
}
