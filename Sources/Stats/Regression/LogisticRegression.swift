import COpenBLAS
import Linalg

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Binary-response regression (a binomial GLM) fitted by iteratively reweighted least squares.
///
/// The model is `P(yᵢ = 1) = μᵢ = g⁻¹(ηᵢ)`, `ηᵢ = xᵢᵀβ + offsetᵢ`, with the logit link
/// `μ = 1/(1 + e^{−η})` or the complementary log-log link `μ = 1 − exp(−e^{η})`. The latter is
/// the natural link for a discrete-time hazard: a monthly hazard `1 − exp(−e^{η})` is a
/// continuous-time proportional hazard integrated over the month.
///
/// Each IRLS (Fisher-scoring) iteration makes **one pass** over the data in row blocks: per
/// block, `η = X_b β` (dgemv), the working weights `wᵢ = pwᵢ·(dμ/dη)²/(μ(1−μ))` and working
/// response `zᵢ = ηᵢ − offsetᵢ + (yᵢ − μᵢ)/(dμ/dη)`, then `√W·X_b` is formed in a scratch block and
/// accumulated into `XᵀWX` by a symmetric rank-k update (BLAS-3 `dsyrk`), and `XᵀWz` by dgemv.
/// The update `β ← (XᵀWX)⁻¹XᵀWz` uses a Cholesky solve. Standard errors come from the inverse of
/// the (expected) information `XᵀWX` at the estimate — for the logit link that is also the
/// observed information, and it is what statsmodels `Logit` and `GLM(Binomial)` report.
///
/// Starting values are R's `glm` start (`μ₀ = (y + ½)/2`), and a step that lowers the
/// log-likelihood is halved (up to 30 times).
///
/// - Complexity: per iteration *n·p²* flops in `dsyrk` plus *4·n·p* in the two `dgemv`s and one
///   transcendental evaluation per row; memory traffic is one read of `X` per iteration.
public struct LogisticRegression: Sendable {
    /// The link function `g` with `η = g(μ)`.
    public enum Link: String, Sendable, CaseIterable {
        /// `η = log(μ/(1 − μ))`.
        case logit
        /// `η = log(−log(1 − μ))`.
        case complementaryLogLog
    }

    /// The link.
    public var link: Link
    /// Maximum IRLS iterations.
    public var maxIterations: Int
    /// Convergence when the IRLS step satisfies `max|Δβⱼ| ≤ tolerance·(1 + max|βⱼ|)`.
    public var tolerance: Double
    /// Rows per block of the data pass (the scratch block is `blockRows × p` doubles).
    public var blockRows: Int

    /// A configuration.
    public init(link: Link = .logit, maxIterations: Int = 50, tolerance: Double = 1e-10,
                blockRows: Int = 4096) {
        self.link = link
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.blockRows = max(1, blockRows)
    }

    /// An independent Gaussian prior on the coefficients, `βⱼ ~ N(meanⱼ, 1/precisionⱼ)`
    /// (precision 0: flat). With a prior, `fit` returns the posterior mode (penalized maximum
    /// likelihood: `ℓ(β) − ½·Σ precisionⱼ·(βⱼ − meanⱼ)²`) and its Laplace covariance
    /// `(XᵀWX + diag(precision))⁻¹` — a ridge regression when the means are 0.
    public struct GaussianPrior: Sendable, Equatable {
        /// Prior means, one per coefficient.
        public var mean: [Double]
        /// Prior precisions (1/variance), one per coefficient, ≥ 0.
        public var precision: [Double]

        /// A prior.
        public init(mean: [Double], precision: [Double]) {
            self.mean = mean
            self.precision = precision
        }
    }

    /// The fitted model.
    public struct Fitted: Sendable {
        /// The link used.
        public let link: Link
        /// Estimated coefficients β̂ (one per column of `x`).
        public let coefficients: [Double]
        /// Estimated covariance of β̂: `(XᵀWX)⁻¹` at the estimate.
        public let covariance: Matrix
        /// Standard errors `√diag(Cov)`.
        public let standardErrors: [Double]
        /// Wald statistics `β̂ⱼ / SEⱼ`.
        public let zScores: [Double]
        /// Two-sided normal p-values `2·(1 − Φ(|z|))`.
        public let pValues: [Double]
        /// 95 % Wald intervals `β̂ ± 1.959964·SE`, lower ends.
        public let lowerConfidenceBounds: [Double]
        /// 95 % Wald intervals, upper ends.
        public let upperConfidenceBounds: [Double]
        /// Log-likelihood `Σ wᵢ[yᵢ log μᵢ + (1 − yᵢ) log(1 − μᵢ)]` at the estimate.
        public let logLikelihood: Double
        /// Deviance `2·Σ wᵢ[yᵢ log(yᵢ/μᵢ) + (1 − yᵢ) log((1 − yᵢ)/(1 − μᵢ))]` (−2·logLikelihood for
        /// 0/1 responses).
        public let deviance: Double
        /// IRLS iterations used.
        public let iterations: Int
        /// Whether the convergence criterion was met within `maxIterations`.
        public let converged: Bool
        /// Number of rows fitted.
        public let observationCount: Int

        /// The linear predictor `xᵀβ̂ (+ offset)` for each row of `x`.
        ///
        /// - Throws: `LinalgError.dimensionMismatch` when `x` has the wrong number of columns.
        public func linearPredictor(_ x: Matrix, offset: [Double]? = nil) throws -> [Double] {
            var eta = try x.multiplied(by: coefficients)
            if let offset {
                guard offset.count == eta.count else {
                    throw LogisticRegressionError.lengthMismatch(what: "offset", expected: eta.count, actual: offset.count)
                }
                for i in eta.indices { eta[i] += offset[i] }
            }
            return eta
        }

        /// Predicted probabilities `g⁻¹(xᵀβ̂ + offset)`.
        public func predictProbabilities(_ x: Matrix, offset: [Double]? = nil) throws -> [Double] {
            try linearPredictor(x, offset: offset).map { LogisticRegression.inverseLink(link, $0) }
        }
    }

    /// `g⁻¹(η)` for `link`.
    @inlinable
    public static func inverseLink(_ link: Link, _ eta: Double) -> Double {
        switch link {
        case .logit: return 1 / (1 + exp(-eta))
        case .complementaryLogLog: return -expm1(-exp(eta))
        }
    }

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - x: the `n × p` design (include a column of ones for an intercept).
    ///   - y: responses in [0, 1] (0/1 for binary data; proportions with `weights` = trials).
    ///   - weights: optional non-negative prior weights (frequency weights).
    ///   - offset: optional known part of the linear predictor.
    ///   - prior: optional Gaussian prior (then the estimate is the posterior mode, the
    ///     covariance its Laplace approximation, and `logLikelihood` still the data's alone).
    /// - Throws: `LogisticRegressionError` for bad input (`lengthMismatch`, `nonFinite`,
    ///   `responseOutOfRange`, `negativeWeight`, `tooFewObservations`), `.rankDeficient` when
    ///   `XᵀWX` is singular (collinear columns), `.perfectSeparation` when the likelihood has no
    ///   finite maximum (fitted probabilities run to 0 or 1).
    public func fit(x: Matrix, y: [Double], weights: [Double]? = nil,
                    offset: [Double]? = nil, prior: GaussianPrior? = nil) throws -> Fitted {
        try LogisticRegression.validate(x: x, y: y, weights: weights, offset: offset, prior: prior)
        let n = x.rows, p = x.columns
        let informative = prior.map { $0.precision.allSatisfy { $0 > 0 } } ?? false
        var beta = [Double](repeating: 0, count: p)
        var pass = try irlsPass(x: x, y: y, weights: weights, offset: offset, prior: prior, beta: nil)
        var next = try solveStep(pass, p: p, maxAbsEta: pass.maxAbsEta)
        beta = next
        var iterations = 0
        var converged = false
        var previous: PassResult? = nil
        while iterations < maxIterations {
            iterations += 1
            pass = try irlsPass(x: x, y: y, weights: weights, offset: offset, prior: prior, beta: beta)
            // Step halving when the log-likelihood dropped (never on the starting pass).
            if let prev = previous, pass.objective < prev.objective - 1e-12 * abs(prev.objective) {
                var halvings = 0
                while pass.objective < prev.objective - 1e-12 * abs(prev.objective), halvings < 30 {
                    halvings += 1
                    for j in 0..<p { beta[j] = 0.5 * (beta[j] + prev.beta[j]) }
                    pass = try irlsPass(x: x, y: y, weights: weights, offset: offset, prior: prior, beta: beta)
                }
            }
            if !informative && pass.deviance < 1e-8 * Double(n) && pass.maxAbsEta > 15 {
                throw LogisticRegressionError.perfectSeparation(iterations: iterations)
            }
            next = try solveStep(pass, p: p, maxAbsEta: pass.maxAbsEta)
            var stepMax = 0.0, betaMax = 0.0
            for j in 0..<p {
                stepMax = Swift.max(stepMax, abs(next[j] - beta[j]))
                betaMax = Swift.max(betaMax, abs(beta[j]))
            }
            previous = pass
            if stepMax <= tolerance * (1 + betaMax) {
                converged = true
                beta = next
                break
            }
            beta = next
        }
        if !converged, !informative, pass.maxAbsEta > 15, pass.boundaryFraction > 0 {
            throw LogisticRegressionError.perfectSeparation(iterations: iterations)
        }
        return try fitted(pass, beta: beta, iterations: iterations, converged: converged)
    }

    /// The fitted value at `beta`: the covariance from the information of the last pass, the
    /// standard errors, z statistics, p values and 95 % Wald intervals.
    private func fitted(_ pass: PassResult, beta: [Double], iterations: Int,
                        converged: Bool) throws -> Fitted {
        let p = beta.count
        let chol: Cholesky
        do { chol = try Cholesky(pass.information) } catch {
            throw LogisticRegressionError.rankDeficient(detail: "\(error)")
        }
        let cov = try chol.inverse()
        let se = (0..<p).map { Swift.max(cov[$0, $0], 0).squareRoot() }
        let z = (0..<p).map { beta[$0] / se[$0] }
        let pv = z.map { erfc(abs($0) / 2.0.squareRoot()) }
        let q = 1.959963984540054
        return Fitted(
            link: link, coefficients: beta, covariance: cov, standardErrors: se, zScores: z,
            pValues: pv, lowerConfidenceBounds: (0..<p).map { beta[$0] - q * se[$0] },
            upperConfidenceBounds: (0..<p).map { beta[$0] + q * se[$0] },
            logLikelihood: pass.logLikelihood, deviance: pass.deviance, iterations: iterations,
            converged: converged, observationCount: pass.observations)
    }

    /// Checks the shapes and values `fit` documents.
    private static func validate(x: Matrix, y: [Double], weights: [Double]?,
                                 offset: [Double]?, prior: GaussianPrior?) throws {
        let n = x.rows, p = x.columns
        guard y.count == n else {
            throw LogisticRegressionError.lengthMismatch(what: "y", expected: n, actual: y.count)
        }
        if let w = weights, w.count != n {
            throw LogisticRegressionError.lengthMismatch(what: "weights", expected: n, actual: w.count)
        }
        if let o = offset, o.count != n {
            throw LogisticRegressionError.lengthMismatch(what: "offset", expected: n, actual: o.count)
        }
        if let prior {
            guard prior.mean.count == p else {
                throw LogisticRegressionError.lengthMismatch(what: "prior mean", expected: p, actual: prior.mean.count)
            }
            guard prior.precision.count == p else {
                throw LogisticRegressionError.lengthMismatch(what: "prior precision", expected: p, actual: prior.precision.count)
            }
            for j in 0..<p where !(prior.mean[j].isFinite && prior.precision[j].isFinite && prior.precision[j] >= 0) {
                throw LogisticRegressionError.nonFinite(what: "prior", row: j, column: 0)
            }
        }
        // With a proper prior on every coefficient the posterior mode exists for any n ≥ 1.
        let informative = prior.map { $0.precision.allSatisfy { $0 > 0 } } ?? false
        guard p > 0, n > p || (n > 0 && informative) else {
            throw LogisticRegressionError.tooFewObservations(rows: n, columns: p)
        }
        if let bad = x.firstNonFinite {
            throw LogisticRegressionError.nonFinite(what: "x", row: bad.row, column: bad.column)
        }
        for i in 0..<n {
            guard y[i].isFinite, y[i] >= 0, y[i] <= 1 else {
                throw LogisticRegressionError.responseOutOfRange(row: i, value: y[i])
            }
            if let w = weights {
                guard w[i].isFinite else { throw LogisticRegressionError.nonFinite(what: "weights", row: i, column: 0) }
                guard w[i] >= 0 else { throw LogisticRegressionError.negativeWeight(row: i, value: w[i]) }
            }
            if let o = offset, !o[i].isFinite {
                throw LogisticRegressionError.nonFinite(what: "offset", row: i, column: 0)
            }
        }

    }

    // MARK: - The data pass

    struct PassResult {
        var beta: [Double]
        var information: Matrix      // XᵀWX
        var rhs: [Double]            // XᵀWz
        var logLikelihood: Double
        /// The log-likelihood plus the log prior (up to a constant): what IRLS climbs.
        var objective: Double
        var deviance: Double
        var maxAbsEta: Double
        var boundaryFraction: Double // share of rows with μ within 1e-10 of 0 or 1
        var observations: Int
    }

    private func solveStep(_ pass: PassResult, p: Int, maxAbsEta: Double) throws -> [Double] {
        do {
            return try Cholesky(pass.information).solve(pass.rhs)
        } catch {
            if maxAbsEta > 15 { throw LogisticRegressionError.perfectSeparation(iterations: 0) }
            throw LogisticRegressionError.rankDeficient(detail: "\(error)")
        }
    }

    /// One pass: with `beta == nil` the starting pass (η from μ₀ = (y + ½)/2).
    private func irlsPass(x: Matrix, y: [Double], weights: [Double]?, offset: [Double]?,
                          prior: GaussianPrior?, beta: [Double]?) throws -> PassResult {
        let n = x.rows, p = x.columns
        let block = Swift.min(blockRows, n)
        var info = [Double](repeating: 0, count: p * p)
        var rhs = [Double](repeating: 0, count: p)
        var scratch = [Double](repeating: 0, count: block * p)
        var eta = [Double](repeating: 0, count: block)
        var wz = [Double](repeating: 0, count: block)
        var ll = 0.0, dev = 0.0, maxEta = 0.0
        var boundary = 0
        let betaVec = beta ?? [Double](repeating: 0, count: p)
        let pi = Int32(p)
        let link = self.link
        x.withUnsafeBufferPointer { px in
            scratch.withUnsafeMutableBufferPointer { ps in
            eta.withUnsafeMutableBufferPointer { pe in
            wz.withUnsafeMutableBufferPointer { pwz in
            info.withUnsafeMutableBufferPointer { pinfo in
            rhs.withUnsafeMutableBufferPointer { prhs in
            betaVec.withUnsafeBufferPointer { pb in
            y.withUnsafeBufferPointer { py in
            withOptionalBuffer(weights) { pwts in
            withOptionalBuffer(offset) { poff in
                var r0 = 0
                while r0 < n {
                    let r1 = Swift.min(r0 + block, n), m = r1 - r0
                    let xb = px.baseAddress! + r0 * p
                    if beta != nil {
                        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(m), pi, 1, xb, pi,
                                    pb.baseAddress, 1, 0, pe.baseAddress, 1)
                    }
                    for k in 0..<m {
                        let i = r0 + k
                        let yi = py[i], pw = pwts.map { $0[i] } ?? 1
                        let off = poff.map { $0[i] } ?? 0
                        var e: Double
                        if beta != nil {
                            e = pe[k] + off
                        } else {
                            let mu0 = (pw * yi + 0.5) / (pw + 1)
                            e = link == .logit ? log(mu0 / (1 - mu0)) : log(-log1p(-mu0))
                        }
                        // Keep η in a range where μ and the weights are representable.
                        e = Swift.min(Swift.max(e, -40), link == .logit ? 40 : 3.6)
                        maxEta = Swift.max(maxEta, abs(e))
                        let row = LogisticRegression.workingRow(eta: e, y: yi, weight: pw, offset: off, link: link)
                        if row.atBoundary { boundary += 1 }
                        let sw = row.w.squareRoot()
                        let src = xb + k * p, dst = ps.baseAddress! + k * p
                        for j in 0..<p { dst[j] = sw * src[j] }
                        pwz[k] = row.w * row.z
                        ll += pw * row.logLikelihood
                        dev += row.deviance
                    }
                    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, pi, Int32(m), 1,
                                ps.baseAddress, pi, 1, pinfo.baseAddress, pi)
                    cblas_dgemv(CblasRowMajor, CblasTrans, Int32(m), pi, 1, xb, pi,
                                pwz.baseAddress, 1, 1, prhs.baseAddress, 1)
                    r0 = r1
                }
            }}}}}}}}}
        }
        for i in 0..<p { for j in 0..<i { info[i * p + j] = info[j * p + i] } }
        var objective = ll
        prior?.addToScoring(beta: betaVec, information: &info, rhs: &rhs, objective: &objective)
        return PassResult(beta: betaVec, information: try Matrix(rows: p, columns: p, elements: info),
                          rhs: rhs, logLikelihood: ll, objective: objective, deviance: dev, maxAbsEta: maxEta,
                          boundaryFraction: Double(boundary) / Double(n), observations: n)
    }
}

extension LogisticRegression {
    /// One row's IRLS quantities at the (clamped) linear predictor `eta`: the working weight
    /// `w = pw·(dμ/dη)²/(μ(1 − μ))` and response `z = η − offset + (y − μ)/(dμ/dη)`, the row's
    /// log-likelihood `y·log μ + (1 − y)·log(1 − μ)` (unweighted), its weighted deviance
    /// contribution `2·pw·(saturated − log-likelihood)` (the saturated log-likelihood is 0 for a
    /// 0/1 response), and whether μ is within 1e-10 of 0 or 1.
    @inline(__always)
    static func workingRow(eta e: Double, y yi: Double, weight pw: Double, offset off: Double, link: Link)
        -> (w: Double, z: Double, logLikelihood: Double, deviance: Double, atBoundary: Bool)
    {
        let (mu, dmu, logMu, log1mMu) = mean(eta: e, y: yi, link: link)
        let variance = mu * (1 - mu)
        let w = variance > 0 ? pw * dmu * dmu / variance : 0
        let z = (e - off) + (dmu > 0 ? (yi - mu) / dmu : 0)
        let rowLL = (yi > 0 ? yi * logMu : 0) + (yi < 1 ? (1 - yi) * log1mMu : 0)
        var sat = 0.0
        if yi > 0 && yi < 1 { sat = yi * log(yi) + (1 - yi) * log1p(-yi) }
        return (w, z, rowLL, 2 * pw * (sat - rowLL), mu < 1e-10 || mu > 1 - 1e-10)
    }
}

extension LogisticRegression.GaussianPrior {
    /// Adds the prior to one Fisher-scoring step for the posterior mode,
    /// `(XᵀWX + Λ)·β = XᵀWz + Λ·m` (Λ = diag(precision), m the means), and its log density at
    /// `beta` up to a constant, `−½·Σ λⱼ(βⱼ − mⱼ)²`, to `objective`.
    func addToScoring(beta: [Double], information info: inout [Double], rhs: inout [Double],
                      objective: inout Double) {
        let p = rhs.count
        for j in 0..<p {
            let lambda = precision[j]
            info[j * p + j] += lambda
            rhs[j] += lambda * mean[j]
            let d = beta[j] - mean[j]
            objective -= 0.5 * lambda * d * d
        }
    }
}

extension LogisticRegression {
    /// At the linear predictor `eta`: the mean μ, dμ/dη, log μ and log(1 − μ), computed without
    /// cancellation (log μ only when `y > 0` for the complementary log-log link, where binary
    /// data need it for events only).
    @inline(__always)
    static func mean(eta e: Double, y yi: Double, link: Link)
        -> (mu: Double, dmu: Double, logMu: Double, log1mMu: Double) {
        switch link {
        case .logit:
            let ex = exp(-abs(e)), l = log1p(ex)
            let mu = e >= 0 ? 1 / (1 + ex) : ex / (1 + ex)
            let (logMu, log1mMu) = e >= 0 ? (-l, -e - l) : (e - l, -l)
            return (mu, mu * (1 - mu), logMu, log1mMu)
        case .complementaryLogLog:
            let ee = exp(e), em = expm1(-ee)
            let mu = -em
            return (mu, ee * (1 + em), yi > 0 ? log(mu) : 0, -ee)
        }
    }
}

/// Calls `body` with the buffer of `array`, or `nil`.
@inline(__always)
private func withOptionalBuffer<R>(_ array: [Double]?, _ body: (UnsafeBufferPointer<Double>?) -> R) -> R {
    if let array { return array.withUnsafeBufferPointer { body($0) } }
    return body(nil)
}

/// Errors from `LogisticRegression.fit`.
public enum LogisticRegressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An input vector's length differs from the number of rows.
    case lengthMismatch(what: String, expected: Int, actual: Int)
    /// A NaN or infinity in `what` at `(row, column)`.
    case nonFinite(what: String, row: Int, column: Int)
    /// A response outside [0, 1].
    case responseOutOfRange(row: Int, value: Double)
    /// A negative prior weight.
    case negativeWeight(row: Int, value: Double)
    /// Not more rows than columns (or no columns).
    case tooFewObservations(rows: Int, columns: Int)
    /// `XᵀWX` is singular: collinear or constant columns.
    case rankDeficient(detail: String)
    /// The classes are (quasi-)perfectly separated: the maximum-likelihood estimate is infinite.
    case perfectSeparation(iterations: Int)

    public var description: String {
        switch self {
        case let .lengthMismatch(what, expected, actual):
            return "logistic regression: \(what) has \(actual) entries, expected \(expected)"
        case let .nonFinite(what, row, column):
            return "logistic regression: \(what) holds a non-finite value at row \(row), column \(column)"
        case let .responseOutOfRange(row, value):
            return "logistic regression: response \(value) at row \(row) is outside [0, 1]"
        case let .negativeWeight(row, value):
            return "logistic regression: weight \(value) at row \(row) is negative"
        case let .tooFewObservations(rows, columns):
            return "logistic regression: \(rows) observation\(rows == 1 ? "" : "s") cannot determine \(columns) coefficient\(columns == 1 ? "" : "s") (it needs more observations than coefficients)"
        case let .rankDeficient(detail):
            return "logistic regression: the design is rank deficient (collinear columns): \(detail)"
        case let .perfectSeparation(iterations):
            return "logistic regression: perfect separation detected after \(iterations) iterations; the estimates are infinite"
        }
    }
}
