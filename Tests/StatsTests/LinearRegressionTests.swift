import Linalg
import Testing
@testable import Stats

@Suite struct LinearRegressionTests {
    func dataset() throws -> (x: Matrix, y: [Double]) {
        let (header, rows) = try Fixture.csv("ols_dataset.csv")
        #expect(header == ["y", "x1", "x2", "x3"])
        return (try Matrix(rows.map { Array($0[1...]) }), rows.map { $0[0] })
    }

    @Test(arguments: [true, false])
    func matchesStatsmodels(intercept: Bool) throws {
        let (x, y) = try dataset()
        let ref = try Fixture.json("ols_reference.json").objects("fits")
            .first { ($0["label"] as? String) == (intercept ? "with_intercept" : "without_intercept") }!
        let fit = try LinearRegression(fitIntercept: intercept).fit(x, y)
        func agree(_ mine: [Double], _ key: String) throws {
            let theirs = try ref.doubles(key)
            #expect(mine.count == theirs.count)
            for (a, b) in zip(mine, theirs) { #expect(close(a, b, relative: 1e-9), "\(key): \(a) vs \(b)") }
        }
        try agree(fit.coefficients, "params")
        try agree(fit.standardErrors, "bse")
        try agree(fit.tStatistics, "tvalues")
        try agree(fit.pValues, "pvalues")
        try agree(fit.confidenceIntervals.map(\.lower), "ci_lower")
        try agree(fit.confidenceIntervals.map(\.upper), "ci_upper")
        #expect(close(fit.rSquared, try ref.double("rsquared"), relative: 1e-10))
        #expect(close(fit.adjustedRSquared, try ref.double("rsquared_adj"), relative: 1e-10))
        #expect(close(fit.residualStandardError, try ref.double("resid_se"), relative: 1e-10))
        #expect(close(fit.residualSumOfSquares, try ref.double("ssr"), relative: 1e-10))
        #expect(Double(fit.residualDegreesOfFreedom) == (try ref.double("df_resid")))
    }

    @Test func reproducesNISTLongleyToNineDigits() throws {
        let (header, rows) = try Fixture.csv("longley.csv")
        #expect(header.first == "TOTEMP")
        let x = try Matrix(rows.map { Array($0[1...]) })
        let y = rows.map { $0[0] }
        let cert = try Fixture.json("longley_certified.json")
        let fit = try LinearRegression().fit(x, y)
        for (a, b) in zip(fit.coefficients, try cert.doubles("params")) {
            #expect(significantDigits(a, b) >= 9, "coefficient \(a) vs certified \(b)")
        }
        for (a, b) in zip(fit.standardErrors, try cert.doubles("bse")) {
            #expect(significantDigits(a, b) >= 9, "SE \(a) vs certified \(b)")
        }
        #expect(significantDigits(fit.residualStandardError, try cert.double("residual_sd")) >= 9)
        #expect(significantDigits(fit.rSquared, try cert.double("rsquared")) >= 9)
    }

    @Test func exactLineByHand() throws {
        // y = 1 + 2x with residuals (+1, −2, +1) around it: β̂ = (1, 2), RSS = 6, σ̂² = 6/1.
        let fit = try LinearRegression().fit([0, 1, 2], [2, 1, 6])
        #expect(abs(fit.coefficients[0] - 1) < 1e-12 && abs(fit.coefficients[1] - 2) < 1e-12)
        #expect(abs(fit.residualSumOfSquares - 6) < 1e-12)
        // Var(slope) = σ̂² / Σ(x − x̄)² = 6 / 2.
        #expect(abs(fit.standardErrors[1] - 3.0.squareRoot()) < 1e-12)
        let predicted = try fit.predict(Matrix(column: [10]))
        #expect(abs(predicted[0] - 21) < 1e-10)
    }

    @Test func rejectsBadInput() throws {
        let ols = LinearRegression()
        #expect(throws: RegressionError.dimensionMismatch(detail: "X has 3 rows, y has 2 values")) {
            try ols.fit([1, 2, 3], [1, 2])
        }
        #expect(throws: RegressionError.tooFewObservations(observations: 2, parameters: 2)) {
            try ols.fit([1, 2], [1, 2])
        }
        #expect(throws: RegressionError.nonFinite(row: 1, column: -1)) {
            try ols.fit([1, 2, 3], [1, .nan, 3])
        }
        #expect(throws: RegressionError.nonFinite(row: 2, column: 0)) {
            try ols.fit([1, 2, .infinity], [1, 2, 3])
        }
        // A constant column duplicates the intercept.
        #expect(throws: RegressionError.self) {
            try ols.fit([5, 5, 5, 5], [1, 2, 3, 4])
        }
        #expect(throws: RegressionError.self) {
            try LinearRegression(confidenceLevel: 1).fit([1, 2, 3], [1, 2, 4])
        }
    }
}
