import Foundation
import Testing
@testable import Stats

@Suite struct GrowthCurveTests {
    @Test func matchesScipyCurveFit() throws {
        for c in try Fixture.json("growth_curve_reference.json").objects("cases") {
            let label = "\(c["series"] ?? "?") \(c["model"] ?? "?")"
            let modelName = try #require(c["model"] as? String)
            let model = try #require(GrowthCurve.Model(rawValue: modelName))
            let fit = try GrowthCurve(model: model).fit(times: try c.doubles("times"), shares: try c.doubles("shares"))
            #expect(fit.nls.converged, "\(label): \(fit.nls.termination)")
            let params = try c.doubles("params")
            for (k, b) in params.enumerated() {
                #expect(close(fit.parameters[k], b, relative: 1e-6), "\(label) θ\(k): \(fit.parameters[k]) vs \(b)")
            }
            let ses = try #require(c["se"] as? [Any])
            for (k, value) in ses.enumerated() {
                if let b = (value as? NSNumber)?.doubleValue {
                    #expect(close(fit.standardErrors[k], b, relative: 1e-6), "\(label) SE\(k): \(fit.standardErrors[k]) vs \(b)")
                } else {
                    #expect(fit.standardErrors[k].isNaN && fit.nls.atBound[k], "\(label) SE\(k) should be held at its bound")
                }
            }
            #expect(close(fit.nls.residualSumOfSquares, try c.double("rss"), relative: 1e-9), "\(label)")
            #expect(fit.ceiling <= 1)
            #expect(fit.ceilingAtBound == (c["ceiling_fixed"] as? Bool ?? false), "\(label)")
        }
    }

    @Test func richardsNestsLogisticAndGompertz() {
        let theta = [0.8, 0.3, 12.0]
        for t in stride(from: 0.0, through: 30, by: 2.5) {
            let logistic = GrowthCurve.Model.logistic.value(at: t, theta)
            #expect(abs(GrowthCurve.Model.richards.value(at: t, theta + [1]) - logistic) < 1e-15)
            let gompertz = GrowthCurve.Model.gompertz.value(at: t, theta)
            #expect(abs(GrowthCurve.Model.richards.value(at: t, theta + [1e-7]) - gompertz) < 1e-6)
        }
    }

    @Test func analyticGradientMatchesFiniteDifferences() {
        for model in GrowthCurve.Model.allCases {
            let theta = [0.7, 0.25, 10.0] + (model == .richards ? [0.6] : [])
            for t in [0.0, 5, 10, 17.5, 40] {
                let g = model.gradient(at: t, theta)
                for j in theta.indices {
                    let h = 1e-6 * max(abs(theta[j]), 1)
                    var plus = theta, minus = theta
                    plus[j] += h; minus[j] -= h
                    let fd = (model.value(at: t, plus) - model.value(at: t, minus)) / (2 * h)
                    #expect(abs(g[j] - fd) < 1e-7, "\(model) t=\(t) θ\(j)")
                }
            }
        }
    }

    @Test func extremeTimesStayFinite() {
        for model in GrowthCurve.Model.allCases {
            let theta = [0.9, 2.0, 0.0] + (model == .richards ? [0.5] : [])
            for t in [-1e4, 1e4] {
                #expect(model.value(at: t, theta).isFinite)
                #expect(model.gradient(at: t, theta).allSatisfy { $0.isFinite })
            }
        }
    }

    @Test func rejectsSeriesWithoutGrowthOrTooShort() {
        #expect(throws: GrowthCurveError.noGrowth) {
            try GrowthCurve(model: .logistic).fit(times: [0, 1, 2, 3], shares: [0, 0, 0, 0])
        }
        #expect(throws: RegressionError.tooFewObservations(observations: 3, parameters: 3)) {
            try GrowthCurve(model: .gompertz).fit(times: [0, 1, 2], shares: [0.1, 0.2, 0.3])
        }
        #expect(throws: GrowthCurveError.invalidCeiling(0)) {
            try GrowthCurve(model: .logistic, maximumCeiling: 0).fit(times: [0, 1, 2, 3], shares: [0.1, 0.2, 0.3, 0.4])
        }
    }
}

@Suite struct GrowthCurveEdgeCaseTests {
    @Test(arguments: GrowthCurve.Model.allCases)
    func flatSeriesAtOneHundredPercentFailsWithATypedError(model: GrowthCurve.Model) {
        // Already complete from the first period: the rate and midpoint are not identified.
        let times = (0..<8).map(Double.init)
        do {
            let fit = try GrowthCurve(model: model).fit(times: times, shares: Array(repeating: 1, count: 8))
            // If a solver does return, the curve must still be a valid one at 100 %.
            #expect(fit.ceiling <= 1 && abs(fit.share(at: 7) - 1) < 1e-6)
        } catch let e as LevenbergMarquardt.StandardErrorsUnavailable {
            // The fit comes back without standard errors, the unidentified parameter named;
            // its curve is still a valid one at 100 %.
            #expect(e.parameter != nil)
            #expect(e.fitted.parameters[0] <= 1 && abs(model.value(at: 7, e.fitted.parameters) - 1) < 1e-6)
        } catch {
            #expect(error is RegressionError, "\(error)")
        }
    }

    @Test(arguments: GrowthCurve.Model.allCases)
    func stepSeriesNeverTrapsAndStaysBounded(model: GrowthCurve.Model) {
        let times = (0..<10).map(Double.init)
        let shares: [Double] = [0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
        if let fit = try? GrowthCurve(model: model).fit(times: times, shares: shares) {
            #expect(fit.ceiling <= 1 && fit.ceiling > 0)
            #expect(fit.parameters.allSatisfy { $0.isFinite })
        }
    }
}
