import Foundation
import Testing
@testable import Stats

/// A NIST StRD nonlinear regression problem read from its .dat file.
struct NISTProblem {
    var name: String
    var starts: [[Double]]            // Start 1, Start 2
    var certified: [Double]
    var certifiedSD: [Double]
    var x: [Double], y: [Double]

    init(_ name: String) throws {
        self.name = name
        let text = try String(contentsOf: Fixture.url("NIST/\(name).dat"), encoding: .ascii)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var start1: [Double] = [], start2: [Double] = [], cert: [Double] = [], sd: [Double] = []
        for line in lines {
            let t = line.split(whereSeparator: \.isWhitespace)
            // "  b1 =   500   250   2.3894212918E+02  2.7070075241E+00"
            if t.count == 6, t[0].hasPrefix("b"), t[1] == "=" {
                let v = try t[2...].map { try #require(Double($0)) }
                start1.append(v[0]); start2.append(v[1]); cert.append(v[2]); sd.append(v[3])
            }
        }
        starts = [start1, start2]; certified = cert; certifiedSD = sd
        let header = try #require(lines.lastIndex { $0.hasPrefix("Data:") && $0.contains("y") && $0.contains("x") })
        var xs: [Double] = [], ys: [Double] = []
        for line in lines[(header + 1)...] {
            let t = line.split(whereSeparator: \.isWhitespace)
            guard t.count == 2 else { continue }
            ys.append(try #require(Double(t[0]))); xs.append(try #require(Double(t[1])))
        }
        x = xs; y = ys
    }
}

/// The five NIST models with their analytic Jacobians.
enum NISTModel {
    static func model(_ name: String) -> (f: (Double, [Double]) -> Double, j: (Double, [Double]) -> [Double]) {
        switch name {
        case "Misra1a":
            return ({ x, b in b[0] * (1 - exp(-b[1] * x)) },
                    { x, b in [1 - exp(-b[1] * x), b[0] * x * exp(-b[1] * x)] })
        case "Chwirut2":
            return ({ x, b in exp(-b[0] * x) / (b[1] + b[2] * x) },
                    { x, b in
                        let e = exp(-b[0] * x), d = b[1] + b[2] * x
                        return [-x * e / d, -e / (d * d), -x * e / (d * d)]
                    })
        case "Rat42":
            return ({ x, b in b[0] / (1 + exp(b[1] - b[2] * x)) },
                    { x, b in
                        let e = exp(b[1] - b[2] * x), d = (1 + e) * (1 + e)
                        return [1 / (1 + e), -b[0] * e / d, b[0] * x * e / d]
                    })
        case "DanWood":
            return ({ x, b in b[0] * pow(x, b[1]) },
                    { x, b in [pow(x, b[1]), b[0] * pow(x, b[1]) * log(x)] })
        case "Eckerle4":
            return ({ x, b in b[0] / b[1] * exp(-0.5 * ((x - b[2]) / b[1]) * ((x - b[2]) / b[1])) },
                    { x, b in
                        let u = (x - b[2]) / b[1], g = exp(-0.5 * u * u)
                        return [g / b[1], b[0] * g / (b[1] * b[1]) * (u * u - 1), b[0] / b[1] * g * u / b[1]]
                    })
        default:
            fatalError("unknown NIST model \(name)")
        }
    }
}

@Suite struct LevenbergMarquardtTests {
    static let problems = ["Misra1a", "Chwirut2", "Rat42", "DanWood", "Eckerle4"]

    @Test(arguments: problems, [0, 1])
    func reproducesNISTCertifiedValuesWithAnalyticJacobian(name: String, start: Int) throws {
        let problem = try NISTProblem(name)
        #expect(problem.certified.count == problem.starts[start].count && !problem.x.isEmpty)
        let (f, j) = NISTModel.model(name)
        let fit = try LevenbergMarquardt().fit(
            x: problem.x, y: problem.y, initial: problem.starts[start], model: f, jacobian: j)
        #expect(fit.converged, "\(name) start \(start + 1): \(fit.termination)")
        for k in problem.certified.indices {
            #expect(significantDigits(fit.parameters[k], problem.certified[k]) >= 6,
                    "\(name) start \(start + 1) b\(k + 1): \(fit.parameters[k]) vs \(problem.certified[k])")
            #expect(significantDigits(fit.standardErrors[k], problem.certifiedSD[k]) >= 6,
                    "\(name) start \(start + 1) SD b\(k + 1): \(fit.standardErrors[k]) vs \(problem.certifiedSD[k])")
        }
    }

    @Test(arguments: problems, [0, 1])
    func reproducesNISTCertifiedValuesWithFiniteDifferences(name: String, start: Int) throws {
        let problem = try NISTProblem(name)
        let (f, _) = NISTModel.model(name)
        let fit = try LevenbergMarquardt().fit(x: problem.x, y: problem.y, initial: problem.starts[start], model: f)
        #expect(fit.converged)
        for k in problem.certified.indices {
            #expect(significantDigits(fit.parameters[k], problem.certified[k]) >= 6,
                    "\(name) start \(start + 1) b\(k + 1): \(fit.parameters[k]) vs \(problem.certified[k])")
            #expect(significantDigits(fit.standardErrors[k], problem.certifiedSD[k]) >= 6,
                    "\(name) start \(start + 1) SD b\(k + 1): \(fit.standardErrors[k]) vs \(problem.certifiedSD[k])")
        }
    }

    /// A straight line by LM against OLS, with tolerances from the problem rather than from one
    /// machine's kernels (issue 19, item 15).
    ///
    /// For a linear model r(θ) = y − Jθ, the distance to the OLS solution θ* is exact:
    /// e = θ − θ*, ‖J·e‖² = RSS(θ) − RSS*. The stopping rules bound it. The tightest that can
    /// fire, ftol, stops when the predicted reduction of the last step is ≤ ftol·RSS; near the
    /// solution (damping λ far below the curvature) that step is e itself, so ‖J·e‖² ≲ ftol·RSS,
    /// and by Cauchy–Schwarz in the JᵀJ metric |e_k| ≤ √(ftol·RSS·[(JᵀJ)⁻¹]_kk). (xtol and gtol
    /// stops leave e smaller.) A factor 4 covers the damping left in the step. Both solutions
    /// are computed in floating point, by different factorizations: the first-order bounds of
    /// Householder least squares (Higham, *Accuracy and Stability of Numerical Algorithms*,
    /// ch. 20) are c·m·n·ε·κ(J) for the solution and c·m·n·ε·κ(J)² for (JᵀJ)⁻¹, with m × n the
    /// shape of J (6 × 2), κ(J) ≈ 5.8 here and a modest constant, c = 100. The standard errors
    /// depend on θ only through RSS(θ) = RSS*(1 + O(ftol)) and on (JᵀJ)⁻¹: their relative
    /// difference is at most ftol + c·m·n·ε·κ².
    @Test func exactFitStopsAndLinearModelMatchesOLS() throws {
        // y = 3 + 2x exactly: an exact fit, whose residuals vanish to rounding.
        let x: [Double] = [0, 1, 2, 3, 4, 5]
        let exact = try LevenbergMarquardt().fit(x: x, y: x.map { 3 + 2 * $0 }, initial: [0, 0],
                                                 model: { x, b in b[0] + b[1] * x })
        #expect(exact.converged)
        #expect(abs(exact.parameters[0] - 3) < 1e-10 && abs(exact.parameters[1] - 2) < 1e-10)

        let y: [Double] = [3.1, 4.8, 7.2, 9.1, 10.7, 13.3]
        let solver = LevenbergMarquardt()
        let lm = try solver.fit(x: x, y: y, initial: [1, 1], model: { x, b in b[0] + b[1] * x })
        let ols = try LinearRegression().fit(x, y)
        #expect(lm.converged)
        // JᵀJ = [[n, Σx], [Σx, Σx²]] and its inverse; κ(J) from its eigenvalues.
        let n = Double(x.count), sx = x.reduce(0, +), sxx = x.reduce(0) { $0 + $1 * $1 }
        let det = n * sxx - sx * sx
        let inverseDiagonal = [sxx / det, n / det]
        let mean = (n + sxx) / 2, spread = ((n - sxx) * (n - sxx) / 4 + sx * sx).squareRoot()
        let kappa = ((mean + spread) / (mean - spread)).squareRoot()
        let rss = ols.residuals.reduce(0) { $0 + $1 * $1 }
        let eps = Double.ulpOfOne * 2 * n, c = 100.0  // m·n·ε with m = n observations, 2 columns
        let ftol = solver.functionTolerance
        for k in 0..<2 {
            let stopping = 4 * (ftol * rss * inverseDiagonal[k]).squareRoot()
            let rounding = c * kappa * eps * abs(ols.coefficients[k])
            let parameterTolerance = stopping + rounding
            #expect(abs(lm.parameters[k] - ols.coefficients[k]) <= parameterTolerance,
                    "b\(k): |Δ| = \(abs(lm.parameters[k] - ols.coefficients[k])) > \(parameterTolerance)")
            let seTolerance = (ftol + c * kappa * kappa * eps) * ols.standardErrors[k]
            #expect(abs(lm.standardErrors[k] - ols.standardErrors[k]) <= seTolerance,
                    "SE b\(k): |Δ| = \(abs(lm.standardErrors[k] - ols.standardErrors[k])) > \(seTolerance)")
            let t = StudentTDistribution(degreesOfFreedom: n - 2).quantile(0.975)
            #expect(abs(lm.confidenceIntervals[k].lower - ols.confidenceIntervals[k].lower)
                    <= parameterTolerance + t * seTolerance + c * eps * abs(ols.confidenceIntervals[k].lower))
        }
    }

    @Test func boundsHoldAndABoundParameterIsFixed() throws {
        // Data rising to 1.2 but the ceiling is bounded by 1: the ceiling ends on its bound,
        // flagged, with NaN SE; the rate is still estimated.
        let x: [Double] = [0, 1, 2, 3, 4, 5, 6, 7]
        let y = x.map { 1.2 * (1 - exp(-0.5 * $0)) }
        let fit = try LevenbergMarquardt().fit(
            x: x, y: y, initial: [0.5, 1], lower: [0, 0], upper: [1, 10],
            model: { x, b in b[0] * (1 - exp(-b[1] * x)) })
        #expect(fit.parameters[0] == 1)
        #expect(fit.atBound == [true, false])
        #expect(fit.standardErrors[0].isNaN && fit.standardErrors[1] > 0)
        #expect(fit.residualDegreesOfFreedom == x.count - 1)
    }

    @Test func rejectsBadInput() {
        let lm = LevenbergMarquardt()
        let f: (Double, [Double]) -> Double = { x, b in b[0] * x }
        #expect(throws: RegressionError.tooFewObservations(observations: 1, parameters: 1)) {
            try lm.fit(x: [1], y: [1], initial: [1], model: f)
        }
        #expect(throws: RegressionError.nonFinite(row: 1, column: -1)) {
            try lm.fit(x: [1, 2], y: [1, .nan], initial: [1], model: f)
        }
        #expect(throws: RegressionError.self) {
            try lm.fit(x: [1, 2, 3], y: [1, 2, 3], initial: [5], lower: [0], upper: [1], model: f)
        }
        #expect(throws: RegressionError.nonFiniteModel(detail: "the model is not finite at the starting parameters")) {
            try lm.fit(x: [1, 2, 3], y: [1, 2, 3], initial: [0], model: { x, b in 1 / b[0] })
        }
        // A parameter the model ignores is not identified: the fit of the other comes back
        // inside the error, without standard errors.
        do {
            _ = try lm.fit(x: [1, 2, 3], y: [1, 2, 3.5], initial: [1, 1], model: { x, b in b[0] * x })
            Issue.record("expected StandardErrorsUnavailable")
        } catch let e as LevenbergMarquardt.StandardErrorsUnavailable {
            #expect(e.parameter == 1)
            #expect(abs(e.fitted.parameters[0] - 15.5 / 14) < 1e-9 && e.fitted.parameters[1] == 1)
            #expect(e.fitted.standardErrors.allSatisfy { $0.isNaN })
        } catch {
            Issue.record("\(error)")
        }
    }
}
