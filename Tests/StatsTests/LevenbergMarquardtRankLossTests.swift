import Foundation
import Testing
@testable import Stats

/// Issue 19, item 16: Levenberg–Marquardt from starts where the Jacobian loses rank, against
/// MINPACK (`scipy.optimize.least_squares(method="lm")`, fixture by
/// `scripts/fixtures/lm_minpack_reference.py`).
///
/// Model y = b1·(1 − exp(−b2·x)). Where `exp(−b2·x)` underflows for every x, ∂y/∂b2 = 0: the
/// damped step still exists, b1 moves to the mean of y (the best constant) and b2 stays where the
/// column vanished. The fit then cannot give standard errors: `fit` throws
/// `StandardErrorsUnavailable` carrying the parameters, which agree with MINPACK's. Where no
/// minimum exists (exactly linear data: the sum of squares falls towards 0 as b2 → 0), the run
/// ends at its iteration limit with `converged == false` and the parameters reached.
@Suite struct LevenbergMarquardtRankLossTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var start: [Double], budget: Int, status: Int, evaluations: Int, parameters: [Double], rss: Double
        var column_norms: [Double], data: String, kind: String
        var testDescription: String { "\(kind) from \(start)" }
    }
    struct Reference: Decodable, Sendable {
        var linear_x: [Double], linear_y: [Double], cases: [Case]
    }

    static let reference: Reference = {
        let data = try! Data(contentsOf: try! Fixture.url("lm_minpack_reference.json"))
        return try! JSONDecoder().decode(Reference.self, from: data)
    }()

    static func f(_ x: Double, _ b: [Double]) -> Double { b[0] * (1 - exp(-b[1] * x)) }
    static func j(_ x: Double, _ b: [Double]) -> [Double] { [1 - exp(-b[1] * x), b[0] * x * exp(-b[1] * x)] }

    /// The run of `c`: the fit, and the reason when it came without standard errors.
    func run(_ c: Case) throws -> (fit: LevenbergMarquardt.Fitted, unavailable: LevenbergMarquardt.StandardErrorsUnavailable?) {
        let (x, y): ([Double], [Double])
        if c.data == "linear" {
            (x, y) = (Self.reference.linear_x, Self.reference.linear_y)
        } else {
            let p = try NISTProblem("Misra1a")
            (x, y) = (p.x, p.y)
        }
        do {
            let fit = try LevenbergMarquardt(maxIterations: c.budget).fit(x: x, y: y, initial: c.start, model: Self.f, jacobian: Self.j)
            return (fit, nil)
        } catch let e as LevenbergMarquardt.StandardErrorsUnavailable {
            return (e.fitted, e)
        }
    }

    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    @Test(arguments: reference.cases.filter { $0.kind == "certified_minimum" })
    func ordinaryStartsReachMINPACKsMinimum(c: Case) throws {
        let (fit, unavailable) = try run(c)
        #expect(unavailable == nil)
        #expect(fit.converged, "\(fit.termination)")
        for k in 0..<2 { #expect(Self.relative(fit.parameters[k], c.parameters[k]) < 1e-7, "\(c.start) b\(k + 1): \(fit.parameters[k]) vs \(c.parameters[k])") }
        #expect(Self.relative(fit.residualSumOfSquares, c.rss) < 1e-10)
        #expect(fit.standardErrors.allSatisfy { $0.isFinite && $0 > 0 })
    }

    @Test(arguments: reference.cases.filter { $0.kind == "vanished_from_start" || $0.kind == "vanishes_on_the_way" })
    func aVanishedColumnLeavesTheParametersFoundWithoutStandardErrors(c: Case) throws {
        let (fit, unavailable) = try run(c)
        // MINPACK's b2 column is zero at its end; so is ours, and b2 is named.
        #expect(c.column_norms[1] == 0)
        let e = try #require(unavailable, "expected StandardErrorsUnavailable, got \(fit.termination)")
        #expect(e.parameter == 1, "\(e)")
        #expect(e.description.contains("parameter 1 is not identified"), "\(e)")
        #expect(fit.standardErrors.allSatisfy { $0.isNaN })
        #expect(fit.converged, "\(fit.termination)")
        // b1 is the mean of y, as MINPACK's; the sum of squares the same. With the b2 column
        // zero the model is the constant b1 (column of ones, norm √n): the ftol stop leaves
        // n·(b1 − ȳ)² ≲ ftol·RSS, so |b1 − ȳ| ≤ 4·√(ftol·RSS / n) (4 for the damping left in
        // the last step), and RSS within 2·ftol relative.
        let n = Double(try NISTProblem("Misra1a").y.count)
        let ftol = LevenbergMarquardt().functionTolerance
        #expect(abs(fit.parameters[0] - c.parameters[0]) <= 4 * (ftol * c.rss / n).squareRoot(),
                "\(fit.parameters) vs \(c.parameters)")
        #expect(Self.relative(fit.residualSumOfSquares, c.rss) <= 2 * ftol)
        let x = try NISTProblem("Misra1a").x
        let b2 = fit.parameters[1]
        #expect(x.allSatisfy { exp(-b2 * $0) == 0 }, "b2 = \(b2)")
    }

    @Test(arguments: reference.cases.filter { $0.kind == "tiny_column" })
    func aTinyColumnEndsNoWorseThanMINPACK(c: Case) throws {
        // MINPACK stops at the start (xtol: its column scaling makes every step tiny). This
        // implementation moves b1 to the mean of y, which MINPACK's sum of squares cannot beat.
        let (fit, _) = try run(c)
        #expect(fit.residualSumOfSquares <= c.rss * (1 + 1e-12), "\(fit.residualSumOfSquares) vs MINPACK \(c.rss)")
        #expect(fit.parameters.allSatisfy { $0.isFinite })
    }

    @Test(arguments: reference.cases.filter { $0.kind == "drift" })
    func withoutAMinimumTheRunEndsUnconvergedWithTheParametersReached(c: Case) throws {
        let (fit, _) = try run(c)
        #expect(c.status == 0, "MINPACK exhausts its budget too")
        #expect(!fit.converged && fit.termination == .iterationLimit, "\(fit.termination)")
        #expect(fit.termination.reason == "not converged: the iteration limit was reached")
        #expect(fit.iterations == c.budget)
        // Drifting as MINPACK does: b2 towards 0 with b1·b2 near the slope 2, the sum of
        // squares far below the start's.
        let start = zip(Self.reference.linear_x, Self.reference.linear_y).reduce(0.0) { s, p in
            let r = p.1 - Self.f(p.0, c.start); return s + r * r
        }
        #expect(fit.parameters[1] > 0 && fit.parameters[1] < 0.01, "\(fit.parameters)")
        #expect(abs(fit.parameters[0] * fit.parameters[1] - 2) < 0.05, "\(fit.parameters)")
        #expect(fit.residualSumOfSquares < 1e-3 * start)
        #expect(fit.residualSumOfSquares < 10 * c.rss, "\(fit.residualSumOfSquares) vs MINPACK \(c.rss)")
    }
}
