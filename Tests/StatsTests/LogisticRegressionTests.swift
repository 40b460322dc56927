import Foundation
import Linalg
import Testing
@testable import Stats

/// Loads the person-period fixture made by scripts/fixtures/logistic_regression.py.
private struct PersonPeriodFixture {
    let x: Matrix
    let y: [Double]
    let reference: [String: Any]

    init() throws {
        let base = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
        let text = try String(contentsOf: base.appendingPathComponent("person_period.csv"), encoding: .utf8)
        var rows: [[Double]] = [], ys: [Double] = []
        for line in text.split(separator: "\n").dropFirst() {
            let v = line.split(separator: ",").map { Double($0)! }
            rows.append(Array(v.prefix(7))); ys.append(v[7])
        }
        x = try Matrix(rows)
        y = ys
        let data = try Data(contentsOf: base.appendingPathComponent("logistic_reference.json"))
        reference = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    func numbers(_ model: String, _ key: String) -> [Double] {
        ((reference[model] as! [String: Any])[key] as! [NSNumber]).map(\.doubleValue)
    }
    func number(_ model: String, _ key: String) -> Double {
        ((reference[model] as! [String: Any])[key] as! NSNumber).doubleValue
    }
}

private func expectRelative(_ a: [Double], _ b: [Double], _ tol: Double, _ what: String) {
    #expect(a.count == b.count, "\(what) length")
    for (u, v) in zip(a, b) {
        #expect(abs(u - v) <= tol * max(abs(v), 1e-12), "\(what): \(u) vs \(v)")
    }
}

@Suite struct LogisticRegressionTests {
    @Test func logitMatchesStatsmodelsLogitOnPersonPeriodData() throws {
        let f = try PersonPeriodFixture()
        let fit = try LogisticRegression(link: .logit).fit(x: f.x, y: f.y)
        #expect(fit.converged)
        expectRelative(fit.coefficients, f.numbers("logit", "params"), 1e-6, "params")
        expectRelative(fit.standardErrors, f.numbers("logit", "bse"), 1e-6, "bse")
        expectRelative(fit.pValues, f.numbers("logit", "pvalues"), 1e-5, "pvalues")
        #expect(abs(fit.logLikelihood - f.number("logit", "llf")) <= 1e-8 * abs(f.number("logit", "llf")))
        #expect(abs(fit.deviance + 2 * fit.logLikelihood) < 1e-9)
        let ci = (f.reference["logit"] as! [String: Any])["ci95"] as! [[NSNumber]]
        expectRelative(fit.lowerConfidenceBounds, ci.map { $0[0].doubleValue }, 1e-6, "ci lower")
        expectRelative(fit.upperConfidenceBounds, ci.map { $0[1].doubleValue }, 1e-6, "ci upper")
    }

    @Test func cloglogMatchesStatsmodelsGLMBinomialCLogLog() throws {
        let f = try PersonPeriodFixture()
        let fit = try LogisticRegression(link: .complementaryLogLog).fit(x: f.x, y: f.y)
        #expect(fit.converged)
        expectRelative(fit.coefficients, f.numbers("cloglog", "params"), 1e-6, "params")
        expectRelative(fit.standardErrors, f.numbers("cloglog", "bse"), 1e-6, "bse")
        #expect(abs(fit.logLikelihood - f.number("cloglog", "llf")) <= 1e-8 * abs(f.number("cloglog", "llf")))
        #expect(abs(fit.deviance - f.number("cloglog", "deviance")) <= 1e-8 * f.number("cloglog", "deviance"))
    }

    @Test func frequencyWeightsAndOffsetMatchStatsmodelsGLM() throws {
        let f = try PersonPeriodFixture()
        let w = f.numbers("logit_weighted_offset", "weights")
        let o = f.numbers("logit_weighted_offset", "offset")
        let fit = try LogisticRegression(blockRows: 1000).fit(x: f.x, y: f.y, weights: w, offset: o)
        expectRelative(fit.coefficients, f.numbers("logit_weighted_offset", "params"), 1e-6, "params")
        expectRelative(fit.standardErrors, f.numbers("logit_weighted_offset", "bse"), 1e-6, "bse")
        #expect(abs(fit.deviance - f.number("logit_weighted_offset", "deviance"))
                <= 1e-8 * f.number("logit_weighted_offset", "deviance"))
    }

    @Test func blockSizeDoesNotChangeTheEstimate() throws {
        let f = try PersonPeriodFixture()
        let a = try LogisticRegression(blockRows: 17).fit(x: f.x, y: f.y)
        let b = try LogisticRegression(blockRows: 100_000).fit(x: f.x, y: f.y)
        expectRelative(a.coefficients, b.coefficients, 1e-10, "params")
    }

    /// One binary covariate: the MLE is saturated, β₀ = logit(p₀), β₁ = logit(p₁) − logit(p₀),
    /// with SE(β₀)² = 1/(n₀p₀(1−p₀)) and SE(β₁)² = SE(β₀)² + 1/(n₁p₁(1−p₁)).
    @Test func saturatedTwoGroupModelHasClosedFormEstimates() throws {
        // group 0: 3 of 10 events; group 1: 6 of 8 events.
        var rows: [[Double]] = [], y: [Double] = []
        for i in 0..<10 { rows.append([1, 0]); y.append(i < 3 ? 1 : 0) }
        for i in 0..<8 { rows.append([1, 1]); y.append(i < 6 ? 1 : 0) }
        let fit = try LogisticRegression().fit(x: try Matrix(rows), y: y)
        let l0 = log(0.3 / 0.7), l1 = log(0.75 / 0.25)
        #expect(abs(fit.coefficients[0] - l0) < 1e-10)
        #expect(abs(fit.coefficients[1] - (l1 - l0)) < 1e-10)
        let v0 = 1 / (10 * 0.3 * 0.7), v1 = 1 / (8 * 0.75 * 0.25)
        #expect(abs(fit.standardErrors[0] - v0.squareRoot()) < 1e-9)
        #expect(abs(fit.standardErrors[1] - (v0 + v1).squareRoot()) < 1e-9)
        // cloglog: β₀ = log(−log(1 − p₀)).
        let c = try LogisticRegression(link: .complementaryLogLog).fit(x: try Matrix(rows), y: y)
        #expect(abs(c.coefficients[0] - log(-log(0.7))) < 1e-10)
        #expect(abs(c.coefficients[0] + c.coefficients[1] - log(-log(0.25))) < 1e-10)
    }

    @Test func perfectSeparationIsATypedError() throws {
        let x = try Matrix((0..<20).map { [1, Double($0)] })
        let y = (0..<20).map { $0 < 10 ? 0.0 : 1.0 }
        #expect(throws: LogisticRegressionError.self) { try LogisticRegression().fit(x: x, y: y) }
        do { _ = try LogisticRegression().fit(x: x, y: y) } catch let e as LogisticRegressionError {
            if case .perfectSeparation = e {} else { Issue.record("expected perfectSeparation, got \(e)") }
        }
    }

    @Test func collinearColumnsAreRankDeficient() throws {
        let x = try Matrix((0..<30).map { [1, Double($0 % 7), 2 * Double($0 % 7)] })
        let y = (0..<30).map { Double(($0 * 7) % 3 == 0 ? 1 : 0) }
        do {
            _ = try LogisticRegression().fit(x: x, y: y)
            Issue.record("expected an error")
        } catch let e as LogisticRegressionError {
            if case .rankDeficient = e {} else { Issue.record("expected rankDeficient, got \(e)") }
        }
    }

    @Test func badInputIsRejectedWithTypedErrors() throws {
        let x = try Matrix([[1, 0], [1, 1], [1, 2], [1, 3]])
        #expect(throws: LogisticRegressionError.responseOutOfRange(row: 1, value: 2)) {
            try LogisticRegression().fit(x: x, y: [0, 2, 1, 0])
        }
        #expect(throws: LogisticRegressionError.lengthMismatch(what: "y", expected: 4, actual: 3)) {
            try LogisticRegression().fit(x: x, y: [0, 1, 0])
        }
        #expect(throws: LogisticRegressionError.negativeWeight(row: 0, value: -1)) {
            try LogisticRegression().fit(x: x, y: [0, 1, 1, 0], weights: [-1, 1, 1, 1])
        }
        let bad = try Matrix([[1, 0], [1, .nan], [1, 2], [1, 3]])
        #expect(throws: LogisticRegressionError.nonFinite(what: "x", row: 1, column: 1)) {
            try LogisticRegression().fit(x: bad, y: [0, 1, 1, 0])
        }
        #expect(throws: LogisticRegressionError.tooFewObservations(rows: 2, columns: 2)) {
            try LogisticRegression().fit(x: try Matrix([[1, 0], [1, 1]]), y: [0, 1])
        }
        // Issue 19, item 13: a message a person can read ("1 rows cannot identify 1 coefficients" before).
        #expect(LogisticRegressionError.tooFewObservations(rows: 1, columns: 1).description
            == "logistic regression: 1 observation cannot determine 1 coefficient (it needs more observations than coefficients)")
    }

    @Test func iterationCapLeavesAFlaggedResult() throws {
        let f = try PersonPeriodFixture()
        let fit = try LogisticRegression(maxIterations: 1).fit(x: f.x, y: f.y)
        #expect(!fit.converged)
        #expect(fit.iterations == 1)
    }

    /// Rare events (monthly hazard ≈ 0.2 %) still converge from the default start, and the
    /// estimate is within 4 SE of the truth; predictions invert the link.
    @Test func rareEventCloglogConvergesAndPredicts() throws {
        var g = SeededGenerator(seed: 99)
        var rows: [[Double]] = [], y: [Double] = []
        for _ in 0..<40_000 {
            let x = g.uniform() < 0.5 ? 1.0 : 0.0
            let h = 1 - exp(-exp(-6.2 + 0.7 * x))
            rows.append([1, x]); y.append(g.uniform() < h ? 1 : 0)
        }
        let design = try Matrix(rows)
        let fit = try LogisticRegression(link: .complementaryLogLog).fit(x: design, y: y)
        #expect(fit.converged)
        #expect(abs(fit.coefficients[0] + 6.2) < 4 * fit.standardErrors[0])
        #expect(abs(fit.coefficients[1] - 0.7) < 4 * fit.standardErrors[1])
        let p = try fit.predictProbabilities(try Matrix([[1, 0], [1, 1]]))
        #expect(abs(p[0] - (1 - exp(-exp(fit.coefficients[0])))) < 1e-15)
        #expect(abs(p[1] - (1 - exp(-exp(fit.coefficients[0] + fit.coefficients[1])))) < 1e-15)
    }
}
