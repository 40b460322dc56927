import Linalg

/// Nonlinear least squares `min_θ Σᵢ (yᵢ − f(xᵢ, θ))²` by the Levenberg–Marquardt method, with
/// optional box bounds `lower ≤ θ ≤ upper`.
///
/// Each iteration solves the damped Gauss–Newton subproblem
///
///     min_δ ‖J·δ − r‖² + λ·‖D·δ‖²,   r = y − f(x, θ),  J = ∂f/∂θ,
///
/// as the linear least-squares problem `[J·D⁻¹; √λ·I]·z ≈ [r; 0]` in the scaled variables
/// `z = D·δ` by Householder QR (never forming `JᵀJ`; of full rank whatever the rank of `J`, so a
/// Jacobian column that vanishes on the way only stops that parameter from moving). `D` holds the running maximum of the Jacobian's column norms (MINPACK's scaling, so the
/// method is invariant to the units of each parameter). The damping follows Nielsen's rule:
/// with gain ratio ρ = actual / predicted reduction, an accepted step (ρ > 10⁻⁴) multiplies λ
/// by `max(⅓, 1 − (2ρ − 1)³)`, a rejected one by 2, 4, 8, …
///
/// Bounds are handled by projection with an active set: a parameter sitting on a bound whose
/// descent direction points outwards is held for that iteration, the others take the step,
/// and the trial point is clipped into the box.
///
/// Convergence (MINPACK's tests, checked after every trial):
/// - `functionTolerance` (ftol): actual and predicted relative reductions of the sum of squares
///   are both ≤ ftol;
/// - `parameterTolerance` (xtol): the scaled step `‖D·δ‖ ≤ xtol·‖D·θ‖` (θ's parameters whose
///   Jacobian column is zero at the iterate left out of the norm);
/// - `gradientTolerance` (gtol): the cosine between `r` and every free column of `J` is ≤ gtol;
/// - an exact fit (`r = 0`).
///
/// Uncertainty, as NIST StRD and `scipy.optimize.curve_fit` report it: with `J` at the solution,
/// `Cov θ̂ = σ̂²·(JᵀJ)⁻¹ = σ̂²·R⁻¹R⁻ᵀ` from the QR factor of `J`, `σ̂² = RSS / (n − p)`.
/// A parameter that ends on a bound is treated as fixed there: its standard error is NaN
/// (flagged by `atBound`), the others are computed from the remaining columns, and `p` counts
/// only the free parameters.
///
/// The Jacobian is the caller's analytic one when given; otherwise central differences with
/// step `ε^{1/3}·|θⱼ|` (one-sided next to a bound).
///
/// - Complexity: per iteration O(*n·p²*) for the QR plus *n* model calls (2*np* without an
///   analytic Jacobian).
public struct LevenbergMarquardt: Sendable, Hashable {
    /// ftol: relative reduction of the sum of squares below which the fit has converged.
    public var functionTolerance: Double
    /// xtol: relative (scaled) step size below which the fit has converged.
    public var parameterTolerance: Double
    /// gtol: largest cosine between the residual and a Jacobian column at convergence.
    public var gradientTolerance: Double
    /// The maximum number of trial steps (accepted or rejected).
    public var maxIterations: Int
    /// The confidence level of the parameter intervals (Student t with `n − p` df).
    public var confidenceLevel: Double

    /// A configuration; the tolerances' defaults are far tighter than MINPACK's `√ε` so that
    /// the NIST StRD problems reach their certified digits.
    public init(functionTolerance: Double = 1e-15, parameterTolerance: Double = 1e-12,
                gradientTolerance: Double = 1e-12, maxIterations: Int = 1000,
                confidenceLevel: Double = 0.95) {
        self.functionTolerance = functionTolerance
        self.parameterTolerance = parameterTolerance
        self.gradientTolerance = gradientTolerance
        self.maxIterations = maxIterations
        self.confidenceLevel = confidenceLevel
    }

    /// Why the iteration stopped.
    public enum Termination: String, Sendable, Hashable {
        /// The relative reduction of the sum of squares fell below ftol.
        case functionTolerance
        /// The relative step fell below xtol.
        case parameterTolerance
        /// The gradient is orthogonal to the residual within gtol.
        case gradientTolerance
        /// The model fits the data exactly.
        case exactFit
        /// `maxIterations` trials were used up without meeting a test.
        case iterationLimit
        /// No step reduced the sum of squares, however large the damping grew (the model is
        /// not finite, or not differentiable, around the parameters), without meeting a test.
        case dampingLimit

        /// Whether the stop is a convergence (everything but the iteration and damping limits).
        public var isConverged: Bool { self != .iterationLimit && self != .dampingLimit }

        /// Why the iteration stopped, in words.
        public var reason: String {
            switch self {
            case .functionTolerance: "converged: the relative reduction of the sum of squares fell below ftol"
            case .parameterTolerance: "converged: the relative step fell below xtol"
            case .gradientTolerance: "converged: the residuals are orthogonal to the Jacobian within gtol"
            case .exactFit: "converged: the model fits the data exactly"
            case .iterationLimit: "not converged: the iteration limit was reached"
            case .dampingLimit: "not converged: no step reduced the sum of squares, however damped"
            }
        }
    }

    /// Fits `model` to `(x, y)` from `initial`.
    ///
    /// - Parameters:
    ///   - x: the predictor of each observation.
    ///   - y: the response of each observation.
    ///   - initial: the starting parameters (inside the bounds).
    ///   - lower: lower bounds (`-∞` for none); `nil` means unbounded below.
    ///   - upper: upper bounds (`+∞` for none); `nil` means unbounded above.
    ///   - model: `f(x, θ)`.
    ///   - jacobian: `∂f(x, θ)/∂θ` as an array of `p` partial derivatives, or `nil` for
    ///     central differences.
    /// - Returns: the fit, converged or not: at the iteration limit (or when no damping helps)
    ///   it returns the parameters reached with `converged == false` and `termination` saying
    ///   why. A Jacobian that loses rank on the way (a column that vanishes, e.g. when
    ///   `exp(−b·x)` underflows) does not stop the iteration: the damped step exists whatever
    ///   the rank, and the damping grows where no step helps.
    /// - Throws: `RegressionError.dimensionMismatch`, `.nonFinite` (data), `.invalidBounds`,
    ///   `.tooFewObservations` (needs `n > p`), `.nonFiniteModel` (at the start),
    ///   `.invalidConfiguration`; and `StandardErrorsUnavailable` when the Jacobian at the
    ///   parameters found cannot give standard errors (a parameter it does not identify, or a
    ///   Jacobian that is not finite there) — the error carries that fit, parameters, residuals
    ///   and termination included, with NaN standard errors.
    public func fit(
        x: [Double], y: [Double], initial: [Double],
        lower: [Double]? = nil, upper: [Double]? = nil,
        model: (Double, [Double]) -> Double,
        jacobian: ((Double, [Double]) -> [Double])? = nil
    ) throws -> Fitted {
        try withoutActuallyEscaping(model) { model in
            try run(x: x, y: y, initial: initial, lower: lower, upper: upper, model: model, jacobian: jacobian)
        }
    }

    private func run(
        x: [Double], y: [Double], initial: [Double], lower: [Double]?, upper: [Double]?,
        model: @escaping (Double, [Double]) -> Double, jacobian: ((Double, [Double]) -> [Double])?
    ) throws -> Fitted {
        let p = initial.count
        let (lo, hi) = try checkedBounds(x: x, y: y, initial: initial, lower: lower, upper: upper)

        var problem = Problem(x: x, y: y, lower: lo, upper: hi, model: model, jacobian: jacobian)
        var theta = initial
        guard var r = problem.residuals(theta) else {
            throw RegressionError.nonFiniteModel(detail: "the model is not finite at the starting parameters")
        }
        var ss = sumOfSquares(r)
        var scale = [Double](repeating: 0, count: p)
        var lambda = 1e-3, nu = 2.0
        var trials = 0, accepted = 0
        var termination = Termination.iterationLimit

        outer: while trials < maxIterations {
            if ss == 0 { termination = .exactFit; break }
            let jac = problem.jacobianMatrix(theta)
            let (norms, g) = Self.columnNormsAndGradient(jac, r)
            for j in 0..<p { scale[j] = max(scale[j], norms[j] > 0 ? norms[j] : 1) }
            let free = (0..<p).filter { j in
                !((theta[j] <= lo[j] && g[j] < 0) || (theta[j] >= hi[j] && g[j] > 0))
            }
            let rNorm = ss.squareRoot()
            var cosine = 0.0
            for j in free where norms[j] > 0 { cosine = max(cosine, abs(g[j]) / (norms[j] * rNorm)) }
            if cosine <= gradientTolerance { termination = .gradientTolerance; break }

            while trials < maxIterations {
                trials += 1
                guard let stepFree = dampedStep(jac, r, free: free, scale: scale, lambda: lambda) else {
                    lambda *= nu; nu *= 2
                    if !lambda.isFinite { termination = .dampingLimit; break outer }
                    continue
                }
                var trial = theta
                for (k, j) in free.enumerated() { trial[j] = min(max(theta[j] + stepFree[k], lo[j]), hi[j]) }
                let step = (0..<p).map { trial[$0] - theta[$0] }
                let (stepNorm, thetaNorm) = Self.scaledNorms(step: step, theta: theta, scale: scale, columnNorms: norms)
                let predicted = (ss - Self.predictedSumOfSquares(jac, r, step: step)) / ss
                let rTrial = problem.residuals(trial)
                let ssTrial: Double = rTrial.map { sumOfSquares($0) } ?? Double.infinity
                let actual: Double = (ss - ssTrial) / ss
                let rho: Double = predicted > 0 ? actual / predicted : -1
                if rho > 1e-4, let rTrial {
                    theta = trial; r = rTrial; ss = ssTrial; accepted += 1
                    let c: Double = 2 * rho - 1
                    lambda *= max(1.0 / 3, 1 - c * c * c)
                    nu = 2
                } else {
                    lambda *= nu; nu *= 2
                }
                if abs(actual) <= functionTolerance && predicted <= functionTolerance && rho <= 2 {
                    termination = .functionTolerance; break outer
                }
                if stepNorm <= parameterTolerance * thetaNorm || stepNorm == 0 {
                    termination = .parameterTolerance; break outer
                }
                if rho > 1e-4 { continue outer }
                if !lambda.isFinite { termination = .dampingLimit; break outer }
            }
        }

        return try finish(theta: theta, residuals: r, sumOfSquares: ss, lower: lo, upper: hi, problem: &problem,
                          iterations: trials, acceptedSteps: accepted, termination: termination)
    }

    /// The fit at `theta` with its uncertainty (`uncertainty`).
    ///
    /// - Throws: `StandardErrorsUnavailable` carrying the fit when the Jacobian there cannot give
    ///   standard errors.
    private func finish(theta: [Double], residuals r: [Double], sumOfSquares ss: Double, lower lo: [Double],
                        upper hi: [Double], problem: inout Problem, iterations trials: Int, acceptedSteps accepted: Int,
                        termination: Termination) throws -> Fitted {
        let n = r.count
        let (se, intervals, covariance, atBound, dof, sigma2, unavailable) = uncertainty(
            theta: theta, residuals: r, sumOfSquares: ss, lower: lo, upper: hi, problem: &problem)
        let fitted = Fitted(parameters: theta, standardErrors: se, confidenceIntervals: intervals,
                            covariance: covariance, atBound: atBound, residualSumOfSquares: ss,
                            residualStandardError: sigma2.squareRoot(), residualDegreesOfFreedom: dof,
                            observations: n, residuals: r, iterations: trials, acceptedSteps: accepted,
                            modelEvaluations: problem.evaluations, termination: termination)
        if let unavailable {
            throw StandardErrorsUnavailable(fitted: fitted, parameter: unavailable.parameter, reason: unavailable.reason)
        }
        return fitted
    }

    /// The configuration and the data checked, and the bounds filled in (`-∞`, `+∞` for none).
    private func checkedBounds(x: [Double], y: [Double], initial: [Double], lower: [Double]?,
                               upper: [Double]?) throws -> (lower: [Double], upper: [Double]) {
        let n = y.count, p = initial.count
        guard functionTolerance >= 0, parameterTolerance >= 0, gradientTolerance >= 0,
              maxIterations > 0, confidenceLevel > 0, confidenceLevel < 1 else {
            throw RegressionError.invalidConfiguration(
                detail: "tolerances must be ≥ 0, maxIterations > 0, confidence level in (0, 1)")
        }
        guard x.count == n else {
            throw RegressionError.dimensionMismatch(detail: "x has \(x.count) values, y has \(n)")
        }
        guard p > 0 else { throw RegressionError.dimensionMismatch(detail: "no parameters to fit") }
        if let i = x.firstIndex(where: { !$0.isFinite }) { throw RegressionError.nonFinite(row: i, column: 0) }
        if let i = y.firstIndex(where: { !$0.isFinite }) { throw RegressionError.nonFinite(row: i, column: -1) }
        guard n > p else { throw RegressionError.tooFewObservations(observations: n, parameters: p) }
        let lo = lower ?? Array(repeating: -.infinity, count: p)
        let hi = upper ?? Array(repeating: .infinity, count: p)
        guard lo.count == p, hi.count == p else {
            throw RegressionError.dimensionMismatch(detail: "bounds must have \(p) entries")
        }
        for j in 0..<p {
            guard !lo[j].isNaN, !hi[j].isNaN, lo[j] <= hi[j] else {
                throw RegressionError.invalidBounds(parameter: j, detail: "lower \(lo[j]) > upper \(hi[j])")
            }
            guard initial[j].isFinite, initial[j] >= lo[j], initial[j] <= hi[j] else {
                throw RegressionError.invalidBounds(
                    parameter: j, detail: "start \(initial[j]) is outside [\(lo[j]), \(hi[j])]")
            }
        }

        return (lo, hi)
    }

    /// The Jacobian's column norms and `g = Jᵀr`, the descent direction of ‖r‖² (r = y − f).
    static func columnNormsAndGradient(_ jac: Matrix, _ r: [Double]) -> (norms: [Double], g: [Double]) {
        let n = jac.rows, p = jac.columns
        var norms = [Double](repeating: 0, count: p), g = [Double](repeating: 0, count: p)
        for i in 0..<n {
            for j in 0..<p {
                let v: Double = jac[i, j]
                norms[j] += v * v
                g[j] += v * r[i]
            }
        }
        for j in 0..<p { norms[j] = norms[j].squareRoot() }
        return (norms, g)
    }

    /// ‖D·δ‖ and ‖D·θ‖ for the scaling D. A parameter whose Jacobian column is zero here does not
    /// affect the model: its value (e.g. a rate where exp(−b·x) underflowed, however large) is
    /// left out of ‖D·θ‖, or it would make every step of the others look negligible.
    static func scaledNorms(step: [Double], theta: [Double], scale: [Double], columnNorms norms: [Double])
        -> (step: Double, theta: Double)
    {
        var stepNorm = 0.0, thetaNorm = 0.0
        for j in 0..<step.count {
            stepNorm += (scale[j] * step[j]) * (scale[j] * step[j])
            if norms[j] > 0 { thetaNorm += (scale[j] * theta[j]) * (scale[j] * theta[j]) }
        }
        return (stepNorm.squareRoot(), thetaNorm.squareRoot())
    }

    /// The predicted sum of squares ‖r − J·δ‖² of the linearization.
    static func predictedSumOfSquares(_ jac: Matrix, _ r: [Double], step: [Double]) -> Double {
        var predictedSS = 0.0
        for i in 0..<r.count {
            var e = r[i]
            for j in 0..<step.count where step[j] != 0 { e -= jac[i, j] * step[j] }
            predictedSS += e * e
        }
        return predictedSS
    }

    /// Standard errors, intervals and covariance at `theta`, with parameters on a bound held
    /// fixed: `σ̂²·(J_FᵀJ_F)⁻¹` over the free columns F by QR of `J_F`. When `J_F` is not finite or
    /// does not have full rank, every standard error, interval and covariance entry is NaN and
    /// `unavailable` names the parameter to blame and why.
    private func uncertainty(theta: [Double], residuals r: [Double], sumOfSquares ss: Double,
                             lower lo: [Double], upper hi: [Double], problem: inout Problem)
        -> (se: [Double], intervals: [ConfidenceInterval], covariance: Matrix, atBound: [Bool], dof: Int,
            sigma2: Double, unavailable: (parameter: Int?, reason: String)?)
    {
        let n = r.count, p = theta.count
        let atBound = (0..<p).map { theta[$0] <= lo[$0] || theta[$0] >= hi[$0] }
        let freeColumns = (0..<p).filter { !atBound[$0] }
        let jac = problem.jacobianMatrix(theta)
        let dof = n - freeColumns.count
        let sigma2 = ss / Double(dof)
        var covariance = Matrix(rows: p, columns: p, repeating: 0)
        var unavailable: (parameter: Int?, reason: String)? = nil
        if !freeColumns.isEmpty {
            var jFree = Matrix(rows: n, columns: freeColumns.count)
            for i in 0..<n { for (k, j) in freeColumns.enumerated() { jFree[i, k] = jac[i, j] } }
            if let (_, c) = jFree.firstNonFinite {
                unavailable = (freeColumns[c], "the Jacobian is not finite at the parameters found (parameter \(freeColumns[c]))")
            } else {
                do {
                    let unscaled = try QRLeastSquares(jFree, r).unscaledCovariance()
                    for (a, i) in freeColumns.enumerated() {
                        for (b, j) in freeColumns.enumerated() { covariance[i, j] = sigma2 * unscaled[a, b] }
                    }
                } catch let LinalgError.singular(_, index) where index >= 1 && index <= freeColumns.count {
                    let j = freeColumns[index - 1]
                    unavailable = (j, "parameter \(j) is not identified at the parameters found: its Jacobian column is zero or a combination of the others")
                } catch {
                    unavailable = (nil, "the covariance cannot be computed at the parameters found: \(error)")
                }
            }
        }
        if unavailable != nil {
            for i in 0..<p { for j in 0..<p { covariance[i, j] = .nan } }
        }
        for j in 0..<p where atBound[j] { covariance[j, j] = .nan }
        var se = [Double](repeating: .nan, count: p)
        if unavailable == nil {
            for j in 0..<p where !atBound[j] { se[j] = max(covariance[j, j], 0).squareRoot() }
        }
        let crit = StudentTDistribution(degreesOfFreedom: Double(max(dof, 1)))
            .quantile(1 - (1 - confidenceLevel) / 2)
        let intervals = (0..<p).map { (j: Int) -> ConfidenceInterval in
            ConfidenceInterval(lower: theta[j] - crit * se[j], upper: theta[j] + crit * se[j])
        }
        return (se, intervals, covariance, atBound, dof, sigma2, unavailable)
    }

    /// The fit found, without standard errors: the Jacobian at its parameters cannot give them
    /// (`parameter` is not identified — its column is zero or a combination of the others —, or
    /// the Jacobian is not finite there). `fitted` has the parameters, residuals, sum of
    /// squares, iterations and termination of the run, with NaN standard errors, intervals and
    /// covariance. MINPACK (`scipy.optimize.least_squares(method="lm")`) returns the same
    /// parameters from such starts; `curve_fit` then reports an infinite covariance.
    public struct StandardErrorsUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
        /// The fit, with NaN standard errors.
        public let fitted: Fitted
        /// The first parameter (0-based) the Jacobian does not identify, when one is to blame.
        public let parameter: Int?
        /// Why, in words.
        public let reason: String

        public var description: String {
            "nonlinear least squares: no standard errors: \(reason) (\(fitted.termination.reason))"
        }
    }

    /// The solution of `min ‖J_F·δ − r‖² + λ‖D_F·δ‖²` over the free columns `F`, or `nil` when
    /// it cannot be computed (then λ grows).
    ///
    /// It is solved in the scaled variables `z = D_F·δ`, as MINPACK does: `[J_F·D_F⁻¹; √λ·I]·z ≈
    /// [r; 0]`. The scaled columns have norms at most 1 and the `√λ·I` block keeps the system
    /// of full rank whatever the rank of `J` — a column that vanishes, or is a million times
    /// smaller than the others, leaves a well-posed step; QR of the unscaled system would call
    /// such a column rank deficient and stall.
    private func dampedStep(_ jac: Matrix, _ r: [Double], free: [Int], scale: [Double], lambda: Double) -> [Double]? {
        let n = jac.rows, k = free.count
        guard k > 0 else { return nil }
        var a = Matrix(rows: n + k, columns: k)
        for i in 0..<n { for (c, j) in free.enumerated() { a[i, c] = jac[i, j] / scale[j] } }
        let root = lambda.squareRoot()
        for c in 0..<k { a[n + c, c] = root }
        var b = r
        b.append(contentsOf: repeatElement(0, count: k))
        guard a.isFinite, let qr = try? QRLeastSquares(a, b) else { return nil }
        let step = zip(qr.coefficients, free).map { z, j in z / scale[j] }
        return step.allSatisfy(\.isFinite) ? step : nil
    }

    private func sumOfSquares(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }

    /// The data and the model, counting evaluations.
    private struct Problem {
        let x: [Double], y: [Double], lower: [Double], upper: [Double]
        let model: (Double, [Double]) -> Double
        let jacobian: ((Double, [Double]) -> [Double])?
        var evaluations = 0

        /// `y − f(x, θ)`, or `nil` when the model is not finite somewhere.
        mutating func residuals(_ theta: [Double]) -> [Double]? {
            evaluations += 1
            var r = [Double](repeating: 0, count: y.count)
            for i in 0..<y.count {
                let f = model(x[i], theta)
                guard f.isFinite else { return nil }
                r[i] = y[i] - f
            }
            return r
        }

        /// `∂f/∂θ` (n × p): analytic, or central differences.
        mutating func jacobianMatrix(_ theta: [Double]) -> Matrix {
            let n = y.count, p = theta.count
            var jac = Matrix(rows: n, columns: p)
            if let jacobian {
                for i in 0..<n {
                    let row = jacobian(x[i], theta)
                    for j in 0..<min(p, row.count) { jac[i, j] = row[j] }
                }
                return jac
            }
            let cubeRootEpsilon = 6.055_454_452_393_343e-6  // ε^{1/3}
            for j in 0..<p {
                let h = cubeRootEpsilon * (theta[j] != 0 ? abs(theta[j]) : 1)
                var plus = theta, minus = theta
                plus[j] = min(theta[j] + h, upper[j])
                minus[j] = max(theta[j] - h, lower[j])
                let width = plus[j] - minus[j]
                guard width > 0 else { continue }
                evaluations += 2
                for i in 0..<n { jac[i, j] = (model(x[i], plus) - model(x[i], minus)) / width }
            }
            return jac
        }
    }

    /// A fitted nonlinear model: estimates, their uncertainty and how the iteration ended.
    public struct Fitted: Sendable, Hashable {
        /// θ̂.
        public let parameters: [Double]
        /// `√diag(σ̂²(JᵀJ)⁻¹)`; NaN for a parameter on a bound (see `atBound`).
        public let standardErrors: [Double]
        /// `θ̂ ± t_{1−α/2, n−p}·SE`.
        public let confidenceIntervals: [ConfidenceInterval]
        /// `σ̂²(JᵀJ)⁻¹` over the free parameters (zero rows/columns, NaN diagonal, for bound ones).
        public let covariance: Matrix
        /// Whether each parameter ended on one of its bounds (and was held fixed there).
        public let atBound: [Bool]
        /// RSS at θ̂.
        public let residualSumOfSquares: Double
        /// `σ̂ = √(RSS/(n − p))`.
        public let residualStandardError: Double
        /// `n − p` (free parameters).
        public let residualDegreesOfFreedom: Int
        /// n.
        public let observations: Int
        /// `y − f(x, θ̂)`.
        public let residuals: [Double]
        /// Trial steps taken (accepted and rejected).
        public let iterations: Int
        /// Accepted steps.
        public let acceptedSteps: Int
        /// Evaluations of the model over the whole data set (Jacobian columns included).
        public let modelEvaluations: Int
        /// Why the iteration stopped.
        public let termination: Termination

        /// Whether a convergence test was met.
        public var converged: Bool { termination.isConverged }
    }
}
