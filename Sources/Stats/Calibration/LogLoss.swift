#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The log loss (cross-entropy) `−(1/n)·Σ [oᵢ log pᵢ + (1 − oᵢ) log(1 − pᵢ)]`.
///
/// Probabilities are clipped to `[ε, 1 − ε]` with `ε = clip` (default the machine epsilon
/// 2.22·10⁻¹⁶, as scikit-learn's `log_loss` does for float64), so a confident miss costs about
/// 36 nats rather than infinity. Lower is better; the constant forecast ½ earns log 2.
///
/// - Complexity: O(*n*).
/// - Throws: `CalibrationError` for empty or mismatched inputs or probabilities outside [0, 1].
public func logLoss(probabilities: [Double], outcomes: [Bool],
                    clip: Double = Double.ulpOfOne) throws -> Double {
    try validateProbabilities(probabilities, outcomes: outcomes.count)
    var s = 0.0
    for (p, o) in zip(probabilities, outcomes) {
        let q = Swift.min(Swift.max(p, clip), 1 - clip)
        s -= o ? log(q) : log1p(-q)
    }
    return s / Double(probabilities.count)
}
