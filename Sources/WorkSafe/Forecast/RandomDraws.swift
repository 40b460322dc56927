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

/// The tables of the exponential ziggurat (Marsaglia & Tsang, 2000): 256 layers of equal area
/// `v` under `exp(−x)`, the base layer reaching `r`, in the 53-bit form numpy's
/// `standard_exponential` uses. Computed once, the same way on every run.
///
/// The tables live in one buffer allocated for the life of the process (`shared`), so the value
/// is three plain pointers: copying it (as every `CompletionSimulation.Table` and its copies do,
/// once per draw in the simulation's inner loop) costs no reference counting.
struct ExponentialZiggurat: @unchecked Sendable {
    static let r = 7.69711747013104972
    static let area = 3.949659822581572e-3
    /// `k[i]`: acceptance limit of layer i for the 53-bit integer; `w[i]`: its width per unit;
    /// `f[i] = exp(−xᵢ)`. Read-only after `init`.
    let k: UnsafePointer<UInt64>, w: UnsafePointer<Double>, f: UnsafePointer<Double>

    /// The tables, computed once and never freed.
    static let shared = ExponentialZiggurat()

    private init() {
        let m = 0x1.0p53
        var k = [UInt64](repeating: 0, count: 256), w = [Double](repeating: 0, count: 256)
        var f = [Double](repeating: 0, count: 256)
        var de = Self.r, te = de
        let q = Self.area / exp(-de)
        k[0] = UInt64((de / q) * m); k[1] = 0
        w[0] = q / m; w[255] = de / m
        f[0] = 1; f[255] = exp(-de)
        for i in stride(from: 254, through: 1, by: -1) {
            de = -log(Self.area / de + exp(-de))
            k[i + 1] = UInt64((de / te) * m)
            te = de
            f[i] = exp(-de)
            w[i] = de / m
        }
        let kp = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        let wp = UnsafeMutablePointer<Double>.allocate(capacity: 256)
        let fp = UnsafeMutablePointer<Double>.allocate(capacity: 256)
        kp.initialize(from: k, count: 256); wp.initialize(from: w, count: 256); fp.initialize(from: f, count: 256)
        self.k = UnsafePointer(kp); self.w = UnsafePointer(wp); self.f = UnsafePointer(fp)
    }
}

extension SeededGenerator {
    /// A standard exponential draw (rate 1) by the ziggurat: one 64-bit draw, a multiply and a
    /// comparison about 99% of the time — no logarithm — with the exact tail and wedge
    /// corrections otherwise (`r − log U` beyond the base layer).
    @inline(__always)
    mutating func standardExponential(_ z: ExponentialZiggurat) -> Double {
        while true {
            var ri = next() >> 3
            let idx = Int(ri & 0xFF)
            ri >>= 8
            let x = Double(ri) * z.w[idx]
            if ri < z.k[idx] { return x }
            if let tail = standardExponentialSlow(z, idx: idx, x: x) { return tail }
        }
    }

    /// The rare cases of the ziggurat: the tail beyond `r` (layer 0) and the wedges.
    @inline(never)
    mutating func standardExponentialSlow(_ z: ExponentialZiggurat, idx: Int, x: Double) -> Double? {
        if idx == 0 { return ExponentialZiggurat.r - log1p(-uniform()) }
        if (z.f[idx - 1] - z.f[idx]) * uniform() + z.f[idx] < exp(-x) { return x }
        return nil
    }
}
