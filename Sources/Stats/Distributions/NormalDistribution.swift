#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution N(0, 1).
///
/// The CDF is `½·erfc(−z/√2)` (libm), accurate to a few ulps in both tails. The quantile starts
/// from the Abramowitz–Stegun rational approximation 26.2.23 (|error| < 4.5e-4) and refines it
/// with Halley steps on the CDF, which converge cubically: the result is accurate to about 1e-15
/// relative for `1e-300 < p < 1 − 1e-16`.
public enum NormalDistribution {
    /// The density `φ(z) = exp(−z²/2)/√(2π)`.
    public static func density(_ z: Double) -> Double {
        exp(-0.5 * z * z) * 0.398_942_280_401_432_677_94
    }

    /// `P(Z ≤ z)`.
    public static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// `P(Z > z)`, without cancellation in the upper tail.
    public static func survival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// The quantile `z` with `P(Z ≤ z) = p`; `−∞` at 0, `+∞` at 1, NaN outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p > 0.5 { return -lowerQuantile(1 - p) }
        return lowerQuantile(p)
    }

    /// The quantile for `0 < p ≤ ½` (a non-positive z).
    private static func lowerQuantile(_ p: Double) -> Double {
        // Abramowitz & Stegun 26.2.23.
        let t = (-2 * log(p)).squareRoot()
        let numerator = 2.515517 + t * (0.802853 + t * 0.010328)
        let denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
        var z = -(t - numerator / denominator)
        for _ in 0..<6 {
            let f = density(z)
            guard f > 0 else { break }
            let u = (cdf(z) - p) / f
            let step = u / (1 + 0.5 * z * u)
            z -= step
            if abs(step) <= 1e-16 * max(1, abs(z)) { break }
        }
        return z
    }
}
