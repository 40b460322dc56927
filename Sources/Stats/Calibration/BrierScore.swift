/// The Brier score `(1/n)·Σ (pᵢ − oᵢ)²` of probability forecasts `pᵢ` for binary outcomes `oᵢ`.
///
/// 0 is perfect, 0.25 is what the constant forecast ½ earns; lower is better. Equals
/// scikit-learn's `brier_score_loss`.
///
/// - Complexity: O(*n*).
/// - Throws: `CalibrationError` for empty or mismatched inputs or probabilities outside [0, 1].
public func brierScore(probabilities: [Double], outcomes: [Bool]) throws -> Double {
    try validateProbabilities(probabilities, outcomes: outcomes.count)
    var s = 0.0
    for (p, o) in zip(probabilities, outcomes) {
        let d = p - (o ? 1 : 0)
        s += d * d
    }
    return s / Double(probabilities.count)
}
