import Linalg

/// Ordinary least squares `y = X·β + ε`, solved by Householder QR of the design so that the
/// accuracy depends on cond(X), not cond(X)² (this reproduces the NIST StRD Longley certified
/// values to 9+ significant digits).
///
/// Inference follows the classical homoscedastic model, as `statsmodels.OLS(...).fit()`:
/// - residual variance `σ̂² = RSS / (n − p)`, residual standard error `σ̂`;
/// - `Cov(β̂) = σ̂²·(XᵀX)⁻¹ = σ̂²·R⁻¹R⁻ᵀ`, computed from the triangular factor, never from `XᵀX`;
/// - `t = β̂ / SE`, two-sided p-values and `β̂ ± t_{1−α/2, n−p}·SE` intervals from Student's t;
/// - with an intercept, `R² = 1 − RSS/TSS` around the mean and adjusted
///   `R̄² = 1 − (n − 1)/(n − p)·(1 − R²)`; without one, the uncentered `R² = 1 − RSS/Σy²` and
///   `R̄² = 1 − n/(n − p)·(1 − R²)` (statsmodels' convention).
///
/// ```swift
/// let fit = try LinearRegression().fit(x, y)   // x: n × k, an intercept column is added
/// fit.coefficients[0]                            // the intercept
/// ```
public struct LinearRegression: Sendable, Hashable {
    /// Whether to prepend an intercept column of ones to the design.
    public var fitIntercept: Bool
    /// The confidence level of the coefficient intervals, in (0, 1).
    public var confidenceLevel: Double

    /// A configuration.
    public init(fitIntercept: Bool = true, confidenceLevel: Double = 0.95) {
        self.fitIntercept = fitIntercept
        self.confidenceLevel = confidenceLevel
    }

    /// Fits `y` on the columns of `x` (plus an intercept when `fitIntercept`).
    ///
    /// - Complexity: O(*n·p²*) for the QR factorization, *p* = columns (+1).
    /// - Throws: `RegressionError.dimensionMismatch` (`x.rows != y.count`), `.nonFinite`,
    ///   `.tooFewObservations` (needs `n > p`), `.rankDeficient` (collinear columns),
    ///   `.invalidConfiguration` (confidence level outside (0, 1)).
    public func fit(_ x: Matrix, _ y: [Double]) throws -> Fitted {
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw RegressionError.invalidConfiguration(detail: "confidence level \(confidenceLevel) is not in (0, 1)")
        }
        let n = x.rows
        guard y.count == n else {
            throw RegressionError.dimensionMismatch(detail: "X has \(n) rows, y has \(y.count) values")
        }
        if let (r, c) = x.firstNonFinite { throw RegressionError.nonFinite(row: r, column: c) }
        if let r = y.firstIndex(where: { !$0.isFinite }) { throw RegressionError.nonFinite(row: r, column: -1) }
        let design = fitIntercept ? Self.withIntercept(x) : x
        let p = design.columns
        guard n > p else { throw RegressionError.tooFewObservations(observations: n, parameters: p) }

        let qr: QRLeastSquares
        let unscaled: Matrix
        do {
            qr = try QRLeastSquares(design, y)
            unscaled = try qr.unscaledCovariance()
        } catch { throw RegressionError.fromLinalg(error) }

        let beta = qr.coefficients
        var fitted = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for j in 0..<p { s += design[i, j] * beta[j] }
            fitted[i] = s
        }
        let residuals = (0..<n).map { y[$0] - fitted[$0] }
        // RSS from the residuals themselves (QR's tail norm agrees to rounding).
        let rss = residuals.reduce(0) { $0 + $1 * $1 }
        let dfResidual = n - p
        let sigma2 = rss / Double(dfResidual)
        var covariance = unscaled
        for i in 0..<p { for j in 0..<p { covariance[i, j] *= sigma2 } }
        let se = (0..<p).map { max(covariance[$0, $0], 0).squareRoot() }
        let t = (0..<p).map { se[$0] > 0 ? beta[$0] / se[$0] : (beta[$0] == 0 ? 0 : .infinity) }
        let dist = StudentTDistribution(degreesOfFreedom: Double(dfResidual))
        let pValues = t.map { dist.twoSidedPValue($0) }
        let crit = dist.quantile(1 - (1 - confidenceLevel) / 2)
        let intervals = (0..<p).map { ConfidenceInterval(lower: beta[$0] - crit * se[$0], upper: beta[$0] + crit * se[$0]) }

        let total: Double
        if fitIntercept {
            let mean = y.reduce(0, +) / Double(n)
            total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        } else {
            total = y.reduce(0) { $0 + $1 * $1 }
        }
        let r2 = total > 0 ? 1 - rss / total : (rss == 0 ? 1 : 0)
        let adjusted = 1 - Double(fitIntercept ? n - 1 : n) / Double(dfResidual) * (1 - r2)

        return Fitted(coefficients: beta, standardErrors: se, tStatistics: t, pValues: pValues,
                      confidenceIntervals: intervals, confidenceLevel: confidenceLevel,
                      covariance: covariance, rSquared: r2, adjustedRSquared: adjusted,
                      residualStandardError: sigma2.squareRoot(), residualSumOfSquares: rss,
                      residualDegreesOfFreedom: dfResidual, observations: n,
                      hasIntercept: fitIntercept, fittedValues: fitted, residuals: residuals)
    }

    /// Fits a simple regression `y = a + b·x` (or `y = b·x` without intercept).
    ///
    /// - Throws: as `fit(_:_:)`.
    public func fit(_ x: [Double], _ y: [Double]) throws -> Fitted {
        try fit(Matrix(column: x), y)
    }

    static func withIntercept(_ x: Matrix) -> Matrix {
        var d = Matrix(rows: x.rows, columns: x.columns + 1, repeating: 1)
        for i in 0..<x.rows { for j in 0..<x.columns { d[i, j + 1] = x[i, j] } }
        return d
    }

    /// A fitted linear model: estimates with their uncertainty and goodness of fit.
    public struct Fitted: Sendable, Hashable {
        /// β̂, intercept first when the model has one.
        public let coefficients: [Double]
        /// Standard errors `√diag(Cov β̂)`.
        public let standardErrors: [Double]
        /// `β̂ / SE`.
        public let tStatistics: [Double]
        /// Two-sided p-values of `β = 0` against Student's t with `n − p` degrees of freedom.
        public let pValues: [Double]
        /// `β̂ ± t_{1−α/2}·SE`.
        public let confidenceIntervals: [ConfidenceInterval]
        /// The level of `confidenceIntervals`.
        public let confidenceLevel: Double
        /// `σ̂²·(XᵀX)⁻¹`.
        public let covariance: Matrix
        /// R² (centered with an intercept, uncentered without).
        public let rSquared: Double
        /// Adjusted R².
        public let adjustedRSquared: Double
        /// `σ̂ = √(RSS/(n − p))`.
        public let residualStandardError: Double
        /// RSS.
        public let residualSumOfSquares: Double
        /// `n − p`.
        public let residualDegreesOfFreedom: Int
        /// n.
        public let observations: Int
        /// Whether `coefficients[0]` is an intercept.
        public let hasIntercept: Bool
        /// `X·β̂` on the training data.
        public let fittedValues: [Double]
        /// `y − X·β̂`.
        public let residuals: [Double]

        /// Predictions `X·β̂` for new rows (without the intercept column; it is added).
        ///
        /// - Throws: `RegressionError.dimensionMismatch` when `x` has the wrong number of columns.
        public func predict(_ x: Matrix) throws -> [Double] {
            let k = coefficients.count - (hasIntercept ? 1 : 0)
            guard x.columns == k else {
                throw RegressionError.dimensionMismatch(detail: "the model has \(k) variables, X has \(x.columns) columns")
            }
            return (0..<x.rows).map { i in
                var s = hasIntercept ? coefficients[0] : 0
                for j in 0..<k { s += x[i, j] * coefficients[j + (hasIntercept ? 1 : 0)] }
                return s
            }
        }
    }
}
