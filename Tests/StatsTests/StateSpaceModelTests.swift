import Foundation
import Testing
@testable import Stats

/// One model of scripts/fixtures/state_space_reference.py with statsmodels' filter output.
private struct StateSpaceCase {
    let model: StateSpaceModel
    let k: Int
    let reference: [String: Any]

    init(_ name: String) throws {
        let all = try Fixture.json("state_space_reference.json")
        let c = try #require(all[name] as? [String: Any])
        reference = c
        k = try #require(c["k"] as? Int)
        let n = try #require(c["n"] as? Int)
        let obs = try #require(c["observations"] as? [Any])
        let design = try rows(c, "design"), transition = try rows(c, "transition")
        let intercept = try rows(c, "intercept"), q = try rows(c, "state_covariance")
        let h = try c.doubles("observation_variance")
        let steps = (0..<n).map { t in
            StateSpaceModel.Step(observation: (obs[t] as? NSNumber)?.doubleValue, design: design[t],
                                 observationVariance: h[t], transition: transition[t],
                                 intercept: intercept[t], stateCovariance: q[t])
        }
        model = try StateSpaceModel(initialMean: try c.doubles("initial_mean"),
                                    initialCovariance: try c.doubles("initial_covariance"), steps: steps)
    }

    /// Compares the filter with statsmodels.
    ///
    /// Tolerances: the Kalman filter is backward stable, so each step's filtered mean and
    /// covariance carry rounding errors of order n·k·ε relative to the scale of the predicted
    /// state (√diag of the pre-update covariance; the filtered variance itself can be 0 after an
    /// exact observation). Joseph form (here) and the conventional update (statsmodels) differ
    /// only by such rounding. With n ≤ 30, k ≤ 7, n·k·ε ≈ 5e-14; the bounds are 1e-10 of the
    /// scale — a numpy transcription of this filter agrees with statsmodels to 4e-15. The
    /// log-likelihood is a sum of n terms each O(1) with relative error O(n·k·ε): 1e-10·n.
    func check() throws {
        let f = try model.filter()
        let n = model.steps.count
        let means = try rows(reference, "filtered_means"), covs = try rows(reference, "filtered_covariances")
        let scale = try rows(reference, "predicted_sd").map { $0.map { max($0, 1e-12) } }
        #expect(f.observedCount == (reference["observed_count"] as? Int))
        let ll = try reference.double("log_likelihood")
        #expect(abs(f.logLikelihood - ll) <= 1e-10 * Double(n), "log-likelihood \(f.logLikelihood) vs \(ll)")
        #expect(f.filteredMeans.count == n && f.filteredCovariances.count == n)
        for t in 0..<n {
            for i in 0..<k {
                #expect(abs(f.filteredMeans[t][i] - means[t][i]) <= 1e-10 * scale[t][i],
                        "step \(t + 1), a[\(i)]: \(f.filteredMeans[t][i]) vs \(means[t][i])")
                for j in 0..<k {
                    #expect(abs(f.filteredCovariances[t][i * k + j] - covs[t][i * k + j]) <= 1e-10 * scale[t][i] * scale[t][j],
                            "step \(t + 1), P[\(i), \(j)]: \(f.filteredCovariances[t][i * k + j]) vs \(covs[t][i * k + j])")
                }
            }
        }
        let a = try reference.doubles("predicted_mean"), p = try reference.doubles("predicted_covariance")
        for i in 0..<k {
            #expect(abs(f.predictedMean[i] - a[i]) <= 1e-10 * scale[n][i], "predicted a[\(i)]")
            for j in 0..<k {
                #expect(abs(f.predictedCovariance[i * k + j] - p[i * k + j]) <= 1e-10 * scale[n][i] * scale[n][j],
                        "predicted P[\(i), \(j)]")
            }
        }
    }
}

private func rows(_ c: [String: Any], _ key: String) throws -> [[Double]] {
    try #require(c[key] as? [[NSNumber]]).map { $0.map(\.doubleValue) }
}

@Suite struct StateSpaceModelTests {
    /// Level, damped slope and a regression coefficient; missing steps, a known intervention,
    /// a turbulent month and an exact observation (h = 0).
    @Test func localLinearTrendWithARegressionEffectMatchesStatsmodels() throws {
        try StateSpaceCase("local_linear_trend_regression").check()
    }

    /// The pace model's 7-dimensional state with static coefficients, calendar dummies, the
    /// target pull at two phase starts and missing months.
    @Test func paceLikeSevenStateModelMatchesStatsmodels() throws {
        let c = try StateSpaceCase("pace_like_7")
        #expect(c.k == 7)
        try c.check()
    }

    /// A full initial covariance, correlated disturbances and one step with another transition.
    @Test func aStepWithADifferentTransitionMatchesStatsmodels() throws {
        try StateSpaceCase("regime_change_2").check()
    }

    @Test func badInputIsATypedError() throws {
        let good = StateSpaceModel.Step(observation: 1, design: [1, 0], observationVariance: 0.5,
                                        transition: [1, 1, 0, 1], intercept: [0, 0], stateCovariance: [0.1, 0, 0, 0.01])
        let a1 = [0.0, 0.0], p1 = [1.0, 0, 0, 1]
        #expect(throws: StateSpaceError.dimensionMismatch(detail: "the state needs at least one entry")) {
            try StateSpaceModel(initialMean: [], initialCovariance: [], steps: [])
        }
        #expect(throws: StateSpaceError.dimensionMismatch(detail: "initial covariance has 3 entries, expected 4")) {
            try StateSpaceModel(initialMean: a1, initialCovariance: [1, 0, 1], steps: [good])
        }
        var short = good
        short.design = [1]
        #expect(throws: StateSpaceError.dimensionMismatch(detail: "step 2: system matrices do not have dimension 2")) {
            try StateSpaceModel(initialMean: a1, initialCovariance: p1, steps: [good, short])
        }
        var wideQ = good
        wideQ.stateCovariance = [0.1, 0, 0]
        #expect(throws: StateSpaceError.dimensionMismatch(detail: "step 1: system matrices do not have dimension 2")) {
            try StateSpaceModel(initialMean: a1, initialCovariance: p1, steps: [wideQ])
        }
        let invalid = StateSpaceError.invalidValue(detail: "step 3: a value is not finite or a variance is negative")
        var negative = good
        negative.observationVariance = -0.1
        #expect(throws: invalid) { try StateSpaceModel(initialMean: a1, initialCovariance: p1, steps: [good, good, negative]) }
        var nanY = good
        nanY.observation = .nan
        #expect(throws: invalid) { try StateSpaceModel(initialMean: a1, initialCovariance: p1, steps: [good, good, nanY]) }
        var infT = good
        infT.transition[1] = .infinity
        #expect(throws: invalid) { try StateSpaceModel(initialMean: a1, initialCovariance: p1, steps: [good, good, infT]) }
        #expect(throws: StateSpaceError.invalidValue(detail: "initial state is not finite")) {
            try StateSpaceModel(initialMean: [0, .nan], initialCovariance: p1, steps: [good])
        }
        // An observation the model calls exact (h = 0, nothing uncertain about zᵀα): F = 0.
        var exact = good
        exact.observationVariance = 0
        let degenerate = try StateSpaceModel(initialMean: a1, initialCovariance: [0, 0, 0, 0], steps: [exact])
        #expect(throws: StateSpaceError.degenerate(detail: "step 1: prediction-error variance 0.0")) { try degenerate.filter() }
    }

    /// A missing observation leaves the state as predicted and adds nothing to the
    /// log-likelihood.
    @Test func missingStepsOnlyPredict() throws {
        let step = StateSpaceModel.Step(observation: nil, design: [1], observationVariance: 1,
                                        transition: [0.5], intercept: [2], stateCovariance: [3])
        let f = try StateSpaceModel(initialMean: [4], initialCovariance: [8], steps: [step, step]).filter()
        #expect(f.logLikelihood == 0 && f.observedCount == 0)
        #expect(f.filteredMeans == [[4], [4]] && f.filteredCovariances == [[8], [5]])
        #expect(f.predictedMean == [4] && f.predictedCovariance == [4.25])
    }
}
