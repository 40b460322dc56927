import Foundation
import Linalg
import Testing
@testable import Stats

/// One case of scripts/fixtures/logistic_prior_reference.py (scipy trust-exact on the penalized
/// negative log-likelihood with its analytic gradient and Hessian, then Newton-polished).
private struct PriorCase {
    let link: LogisticRegression.Link
    let x: Matrix
    let y: [Double], weights: [Double], offset: [Double]
    let prior: LogisticRegression.GaussianPrior
    let coefficients: [Double]
    let covariance: [[Double]]
    let logLikelihood: Double
    /// Fisher scoring's linear contraction rate near the mode (0 for the logit link).
    let rate: Double

    init(_ name: String) throws {
        let all = try Fixture.json("logistic_prior_reference.json")
        let c = try #require(all[name] as? [String: Any])
        link = try #require(c["link"] as? String) == "logit" ? .logit : .complementaryLogLog
        let rows = try #require(c["x"] as? [[NSNumber]]).map { $0.map(\.doubleValue) }
        x = try Matrix(rows)
        y = try c.doubles("y"); weights = try c.doubles("weights"); offset = try c.doubles("offset")
        prior = .init(mean: try c.doubles("prior_mean"), precision: try c.doubles("prior_precision"))
        coefficients = try c.doubles("coefficients")
        covariance = try #require(c["covariance"] as? [[NSNumber]]).map { $0.map(\.doubleValue) }
        logLikelihood = try c.double("log_likelihood")
        rate = try c.double("fisher_scoring_rate")
    }

    func fit() throws -> LogisticRegression.Fitted {
        try LogisticRegression(link: link).fit(x: x, y: y, weights: weights, offset: offset, prior: prior)
    }

    /// Compares a fit with the reference.
    ///
    /// Tolerances: the reference's gradient is at rounding level (≈ 1e-14) and its information
    /// is well conditioned (κ ≤ 60), so its error is negligible. `fit` stops when a scoring step
    /// is at most τ = 1e-10·(1 + max|β|) and then takes that step; the error left is at most
    /// ρ/(1 − ρ)·τ with ρ the scoring rate (0 for logit, 0.02 here for cloglog), so below τ.
    /// Coefficients: 10·τ (measured: 3e-12 absolute for cloglog, rounding for logit). The
    /// covariance and log-likelihood are those of the pass before the last step, i.e. at a β
    /// within 2τ of the mode: the weights change by a relative O(|Δη|) ≤ O(max row sum of
    /// |x|·2τ) ≈ 1e-9, so the covariance agrees to 1e-7 of √(CᵢᵢCⱼⱼ) (measured 8e-11); the
    /// log-likelihood moves by |∇ℓ·Δβ| = |Λ(β − m)·Δβ| (the data gradient is the prior's pull
    /// at the mode), ≪ 1e-9·max(|ℓ|, 1), the bound used.
    func check(_ fit: LogisticRegression.Fitted) {
        #expect(fit.converged)
        let p = coefficients.count
        let tau = 1e-10 * (1 + coefficients.map(abs).max()!)
        for j in 0..<p {
            #expect(abs(fit.coefficients[j] - coefficients[j]) <= 10 * tau,
                    "β[\(j)]: \(fit.coefficients[j]) vs \(coefficients[j])")
            for k in 0..<p {
                let scale = (covariance[j][j] * covariance[k][k]).squareRoot()
                #expect(abs(fit.covariance[j, k] - covariance[j][k]) <= 1e-7 * scale,
                        "cov[\(j), \(k)]: \(fit.covariance[j, k]) vs \(covariance[j][k])")
            }
            #expect(abs(fit.standardErrors[j] - covariance[j][j].squareRoot()) <= 1e-7 * covariance[j][j].squareRoot())
        }
        #expect(abs(fit.logLikelihood - logLikelihood) <= 1e-9 * max(abs(logLikelihood), 1),
                "log-likelihood \(fit.logLikelihood) vs \(logLikelihood)")
        #expect(rate < 0.5)   // the bound above assumes a contraction well below 1
    }
}

@Suite struct LogisticPriorTests {
    @Test func logitPosteriorModeWithWeightsOffsetAndAFlatInterceptMatchesScipy() throws {
        let c = try PriorCase("logit_weighted_offset")
        #expect(c.prior.precision.contains(0) && c.prior.mean.contains { $0 != 0 })
        try c.check(c.fit())
    }

    @Test func cloglogPosteriorModeOnBinomialProportionsMatchesScipy() throws {
        let c = try PriorCase("cloglog_binomial_offset")
        #expect(c.link == .complementaryLogLog && c.y.contains { $0 > 0 && $0 < 1 })
        try c.check(c.fit())
    }

    /// Six rows, nine coefficients: the likelihood alone has a flat ridge, the proper prior on
    /// every coefficient makes the mode unique.
    @Test func fewerRowsThanColumnsWorkOnlyWithAProperPriorOnEveryCoefficient() throws {
        let c = try PriorCase("fewer_rows_than_columns")
        #expect(c.x.rows < c.x.columns)
        try c.check(c.fit())
        // Without the prior, or with one flat coefficient, the same data cannot be fitted.
        #expect(throws: LogisticRegressionError.tooFewObservations(rows: 6, columns: 9)) {
            try LogisticRegression().fit(x: c.x, y: c.y)
        }
        var flatOne = c.prior
        flatOne.precision[3] = 0
        #expect(throws: LogisticRegressionError.tooFewObservations(rows: 6, columns: 9)) {
            try LogisticRegression().fit(x: c.x, y: c.y, prior: flatOne)
        }
    }

    /// A prior with all precisions 0 is the flat prior: the fit is the maximum-likelihood one.
    @Test func aFlatPriorGivesTheMaximumLikelihoodFit() throws {
        let c = try PriorCase("logit_weighted_offset")
        let p = c.coefficients.count
        let flat = LogisticRegression.GaussianPrior(mean: c.prior.mean, precision: [Double](repeating: 0, count: p))
        let a = try LogisticRegression().fit(x: c.x, y: c.y, weights: c.weights, offset: c.offset, prior: flat)
        let b = try LogisticRegression().fit(x: c.x, y: c.y, weights: c.weights, offset: c.offset)
        for j in 0..<p { #expect(abs(a.coefficients[j] - b.coefficients[j]) <= 1e-9 * (1 + abs(b.coefficients[j]))) }
    }

    @Test func badPriorsAreTypedErrors() throws {
        let c = try PriorCase("logit_weighted_offset")
        let p = c.coefficients.count
        #expect(throws: LogisticRegressionError.lengthMismatch(what: "prior mean", expected: p, actual: p - 1)) {
            try LogisticRegression().fit(x: c.x, y: c.y, prior: .init(mean: Array(c.prior.mean.dropLast()), precision: c.prior.precision))
        }
        #expect(throws: LogisticRegressionError.lengthMismatch(what: "prior precision", expected: p, actual: p + 1)) {
            try LogisticRegression().fit(x: c.x, y: c.y, prior: .init(mean: c.prior.mean, precision: c.prior.precision + [1]))
        }
        var negative = c.prior
        negative.precision[2] = -1
        #expect(throws: LogisticRegressionError.nonFinite(what: "prior", row: 2, column: 0)) {
            try LogisticRegression().fit(x: c.x, y: c.y, prior: negative)
        }
        var nan = c.prior
        nan.mean[1] = .nan
        #expect(throws: LogisticRegressionError.nonFinite(what: "prior", row: 1, column: 0)) {
            try LogisticRegression().fit(x: c.x, y: c.y, prior: nan)
        }
    }
}
