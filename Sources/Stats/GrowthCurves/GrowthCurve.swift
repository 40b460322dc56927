#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Linalg

/// A sigmoid growth curve for a cumulative share over time, fitted by Levenberg–Marquardt with
/// the ceiling bounded: `0 < K ≤ maximumCeiling` (1 = 100 % by default).
///
/// With `u = r·(t − t₀)`:
///
/// | model     | share(t)                       | parameters            |
/// |-----------|--------------------------------|-----------------------|
/// | logistic  | `K / (1 + e^{−u})`             | K, r, t₀ (inflection at K/2) |
/// | Gompertz  | `K·exp(−e^{−u})`               | K, r, t₀ (inflection at K/e) |
/// | Richards  | `K·(1 + ν·e^{−u})^{−1/ν}`      | K, r, t₀, ν > 0 |
///
/// Richards nests the other two with the same `K, r, t₀`: ν = 1 is the logistic, ν → 0 the
/// Gompertz curve. Bounds: `r ≥ 0` (growth), `10⁻³ ≤ ν ≤ 50`. Standard errors are LM's
/// `σ̂²(JᵀJ)⁻¹` with the analytic Jacobian; a ceiling that ends on its bound is held there (NaN
/// standard error, `atBound`), as `scipy.optimize.curve_fit` would report for the model with
/// that ceiling fixed.
///
/// Without a starting point, one comes from linearizing the curve at a ceiling slightly above
/// the largest share (`logit(y/K)` resp. `−log(−log(y/K))` against `t` by OLS).
public struct GrowthCurve: Sendable, Hashable {
    /// The curve family.
    public enum Model: String, CaseIterable, Sendable, Hashable {
        case logistic, gompertz, richards

        /// Parameter names, in order: `ceiling, rate, midpoint` (+ `shape` for Richards).
        public var parameterNames: [String] {
            self == .richards ? ["ceiling", "rate", "midpoint", "shape"] : ["ceiling", "rate", "midpoint"]
        }

        /// The curve at `t` for parameters `θ` (in `parameterNames` order).
        public func value(at t: Double, _ theta: [Double]) -> Double {
            let k = theta[0], e = exp(-theta[1] * (t - theta[2]))
            switch self {
            case .logistic: return k / (1 + e)
            case .gompertz: return k * exp(-e)
            case .richards:
                let nu = theta[3]
                return k * exp(-log1p(nu * e) / nu)
            }
        }

        /// `∂ value / ∂θ` at `t` (0 where `e^{−u}` overflows and the curve is flat at 0).
        public func gradient(at t: Double, _ theta: [Double]) -> [Double] {
            let k = theta[0], r = theta[1], d = t - theta[2]
            let e = exp(-r * d)
            guard e.isFinite else { return Array(repeating: 0, count: parameterNames.count) }
            let du: Double  // ∂ value / ∂u
            let dk: Double
            var extra: [Double] = []
            switch self {
            case .logistic:
                let l = 1 / (1 + e)
                dk = l; du = k * l * (1 - l)
            case .gompertz:
                let g = exp(-e)
                dk = g; du = k * g * e
            case .richards:
                let nu = theta[3], logB = log1p(nu * e), b = 1 + nu * e
                let base = exp(-logB / nu)            // B^{−1/ν}
                dk = base; du = k * base / b * e      // K·B^{−1/ν−1}·e^{−u}
                let y = k * base
                extra = [y * (logB / (nu * nu) - e / (nu * b))]
            }
            return [dk, du * d, -du * r] + extra
        }
    }

    /// The curve family.
    public var model: Model
    /// The largest ceiling allowed (1 for a share of 100 %).
    public var maximumCeiling: Double
    /// The nonlinear least-squares solver and its tolerances.
    public var solver: LevenbergMarquardt

    /// A configuration.
    public init(model: Model, maximumCeiling: Double = 1, solver: LevenbergMarquardt = LevenbergMarquardt()) {
        self.model = model
        self.maximumCeiling = maximumCeiling
        self.solver = solver
    }

    /// Fits the curve to shares observed at times.
    ///
    /// - Parameters:
    ///   - times: observation times (any unit, e.g. months since the campaign start).
    ///   - shares: the cumulative share at each time, as a fraction (0.42, not 42).
    ///   - initial: a starting point in `parameterNames` order, or `nil` for the automatic one.
    /// - Throws: `GrowthCurveError.noGrowth` when no share is positive, `.invalidCeiling`, the
    ///   solver's `RegressionError`s (too few points: needs more points than parameters), and
    ///   `LevenbergMarquardt.StandardErrorsUnavailable` when a parameter is not identified at
    ///   the fit (e.g. a flat series, where the rate and midpoint are not): it carries the fit.
    public func fit(times: [Double], shares: [Double], initial: [Double]? = nil) throws -> Fitted {
        guard maximumCeiling > 0, maximumCeiling.isFinite else { throw GrowthCurveError.invalidCeiling(maximumCeiling) }
        guard times.count == shares.count else {
            throw RegressionError.dimensionMismatch(detail: "\(times.count) times but \(shares.count) shares")
        }
        let p = model.parameterNames.count
        guard times.count > p else { throw RegressionError.tooFewObservations(observations: times.count, parameters: p) }
        if let i = times.firstIndex(where: { !$0.isFinite }) { throw RegressionError.nonFinite(row: i, column: 0) }
        if let i = shares.firstIndex(where: { !$0.isFinite }) { throw RegressionError.nonFinite(row: i, column: -1) }
        guard shares.contains(where: { $0 > 0 }) else { throw GrowthCurveError.noGrowth }
        let lower: [Double] = [1e-9, 0, -.infinity] + (model == .richards ? [1e-3] : [])
        let upper: [Double] = [maximumCeiling, .infinity, .infinity] + (model == .richards ? [50] : [])
        let start = try initial ?? startingPoint(times: times, shares: shares)
        let clipped = (0..<p).map { min(max(start[$0], lower[$0]), upper[$0]) }
        let m = model
        let nls = try solver.fit(x: times, y: shares, initial: clipped, lower: lower, upper: upper,
                                 model: { m.value(at: $0, $1) }, jacobian: { m.gradient(at: $0, $1) })
        return Fitted(model: model, nls: nls)
    }

    /// The linearized starting point described in the type's documentation.
    func startingPoint(times: [Double], shares: [Double]) throws -> [Double] {
        let top = shares.max() ?? 0
        let k = min(maximumCeiling, max(top * 1.05, 1e-6))
        var ts: [Double] = [], zs: [Double] = []
        for (t, y) in zip(times, shares) {
            let q = min(max(y / k, 0.01), 0.99)
            ts.append(t)
            zs.append(model == .gompertz ? -log(-log(q)) : log(q / (1 - q)))
        }
        let span = max((times.max() ?? 1) - (times.min() ?? 0), 1e-9)
        var r = 4 / span, t0 = times.sorted()[times.count / 2]
        if let ols = try? LinearRegression().fit(ts, zs), ols.coefficients[1] > 0 {
            r = ols.coefficients[1]
            t0 = -ols.coefficients[0] / r
        }
        return [k, r, t0] + (model == .richards ? [1] : [])
    }

    /// A fitted growth curve.
    public struct Fitted: Sendable, Hashable {
        /// The curve family.
        public let model: Model
        /// The solver's result: parameters, standard errors, intervals, convergence.
        public let nls: LevenbergMarquardt.Fitted

        /// θ̂ in `model.parameterNames` order.
        public var parameters: [Double] { nls.parameters }
        /// Standard errors in the same order (NaN for a parameter held on its bound).
        public var standardErrors: [Double] { nls.standardErrors }
        /// The ceiling K (a fraction).
        public var ceiling: Double { nls.parameters[0] }
        /// The rate r (per time unit).
        public var rate: Double { nls.parameters[1] }
        /// The midpoint t₀.
        public var midpoint: Double { nls.parameters[2] }
        /// Richards' shape ν (`nil` for the other models).
        public var shape: Double? { model == .richards ? nls.parameters[3] : nil }
        /// Whether the ceiling ended on its upper bound.
        public var ceilingAtBound: Bool { nls.atBound[0] }

        /// The fitted share at time `t`.
        public func share(at t: Double) -> Double { model.value(at: t, nls.parameters) }
    }
}

/// Errors of the growth-curve fit beyond the solver's.
public enum GrowthCurveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Every share is zero: there is no growth to fit.
    case noGrowth
    /// The maximum ceiling is not a positive finite number.
    case invalidCeiling(Double)

    /// A readable one-line message.
    public var description: String {
        switch self {
        case .noGrowth: "no share is above zero: there is no growth curve to fit"
        case let .invalidCeiling(c): "maximum ceiling \(c) must be positive and finite"
        }
    }
}
