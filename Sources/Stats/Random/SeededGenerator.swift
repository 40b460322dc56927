#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fast, seedable pseudo-random generator: xoshiro256** (Blackman & Vigna, 2018), seeded
/// through SplitMix64 so that any 64-bit seed, including 0, gives a well-mixed state.
///
/// The same seed always yields the same stream on every platform, which is what makes
/// `worksafe` output reproducible byte for byte. Independent streams for parallel work come from
/// `split(stream:)`, which derives a new seed from this generator's seed and a stream index.
///
/// - Complexity: O(1) per draw, a handful of shifts and rotates.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The seed this generator was created with.
    public let seed: UInt64

    /// A generator whose stream is determined by `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm); s1 = splitMix(&sm); s2 = splitMix(&sm); s3 = splitMix(&sm)
    }

    /// An independent generator for stream `stream`, deterministic in `(seed, stream)`.
    public func split(stream: UInt64) -> SeededGenerator {
        var g = SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        _ = g.next()
        return g
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform draw in the open interval (0, 1): 53 random bits, never exactly 0 or 1, so
    /// `log(u)` and `log(1 − u)` are always finite.
    @inlinable
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A standard normal draw (Marsaglia's polar method; the spare value is discarded so the
    /// generator's state stays a plain value with no hidden cache).
    @inlinable
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// A normal draw with mean `mean` and standard deviation `sd`.
    @inlinable
    public mutating func normal(mean: Double, sd: Double) -> Double { mean + sd * normal() }

    /// An exponential draw with rate `rate` (mean `1/rate`).
    @inlinable
    public mutating func exponential(rate: Double) -> Double { -log(uniform()) / rate }

    /// A Bernoulli draw: `true` with probability `p`.
    @inlinable
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// A Poisson draw with mean `lambda` (Knuth's multiplication method for small means, a
    /// normal approximation rounded at zero above 30, adequate for simulation inputs).
    public mutating func poisson(_ lambda: Double) -> Int {
        if lambda <= 0 { return 0 }
        if lambda > 30 { return max(0, Int((lambda + lambda.squareRoot() * normal()).rounded())) }
        let l = exp(-lambda)
        var k = 0, p = 1.0
        repeat { k += 1; p *= uniform() } while p > l
        return k - 1
    }

    /// A uniform integer in `0..<n` without modulo bias (Lemire's method).
    @inlinable
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0, "index(below:) needs n > 0")
        return Int(next(upperBound: UInt64(n)))
    }
}
