import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws the forecasting code needs beyond `SeededGenerator`'s own (gamma, beta, binomial).
extension SeededGenerator {
    /// A Gamma(shape, rate = 1) draw: Marsaglia–Tsang (2000) for shape ≥ 1, boosted by
    /// `U^{1/shape}` below 1.
    mutating func gamma(shape: Double) -> Double {
        if shape <= 0 { return 0 }
        if shape < 1 { return gamma(shape: shape + 1) * pow(uniform(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A Beta(a, b) draw as `Ga/(Ga + Gb)`.
    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a), y = gamma(shape: b)
        return x + y > 0 ? x / (x + y) : 0.5
    }

    /// A Binomial(n, p) draw: inversion by the waiting-time method when `n·min(p,1−p) < 25`,
    /// otherwise a normal approximation with continuity rounding, clamped to 0…n.
    mutating func binomial(_ n: Int, _ p: Double) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        let q = Swift.min(p, 1 - p)
        var k: Int
        if Double(n) * q < 25 {
            // Geometric waiting times between successes.
            let lq = log1p(-q)
            k = 0
            var pos = 0
            while true {
                pos += Int(log(uniform()) / lq) + 1
                if pos > n { break }
                k += 1
            }
        } else {
            let mean = Double(n) * q, sd = (mean * (1 - q)).squareRoot()
            k = Swift.min(n, Swift.max(0, Int((mean + sd * normal()).rounded())))
        }
        return p <= 0.5 ? k : n - k
    }
}
