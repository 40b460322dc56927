import COpenBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OpenBLAS {
    /// The kernel set OpenBLAS runs (`openblas_get_corename`): `Haswell`, `Zen`, `SkylakeX`,
    /// `Prescott`, …
    public static var coreName: String {
        openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    /// The build configuration (`openblas_get_config`), e.g.
    /// `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`.
    public static var configuration: String {
        openblas_get_config().map { String(cString: $0) } ?? ""
    }

    /// The library's version (`0.3.21`), from `configuration`.
    public static var version: String? {
        let words = configuration.split(separator: " ")
        guard words.count >= 2, words[0] == "OpenBLAS" else { return nil }
        return String(words[1])
    }

    /// The environment variable that forces OpenBLAS's kernel set. OpenBLAS reads it once, when
    /// the library is loaded: it must be set before the process starts.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"

    /// Measures `dgemm` on two `n × n` matrices: the best of `repeats` timed products (after one
    /// untimed), in GFLOP/s (2n³ floating-point operations a product).
    ///
    /// - Complexity: (`repeats` + 1) · 2n³ flops on the OpenBLAS thread pool.
    public static func measureDGEMM(n: Int = 2000, repeats: Int = 3) -> Double {
        precondition(n > 0 && repeats > 0)
        var a = [Double](repeating: 0, count: n * n), b = a
        var c = [Double](repeating: 0, count: n * n)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<(n * n) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            a[i] = Double(state >> 11) * 0x1p-53 - 0.5
            b[(i * 7919) % (n * n)] = a[i]
        }
        let ni = Int32(n)
        var best = Double.infinity
        for round in 0...repeats {
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ni, ni, ni, 1,
                                    pa.baseAddress, ni, pb.baseAddress, ni, 0, pc.baseAddress, ni)
                    }
                }
            }
            clock_gettime(CLOCK_MONOTONIC, &end)
            let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) * 1e-9
            if round > 0 { best = min(best, seconds) }
        }
        return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    }
}

/// Chooses OpenBLAS's kernel set where OpenBLAS's own detection falls short.
///
/// A `DYNAMIC_ARCH` OpenBLAS picks its kernels from the processor's family and model. A
/// processor it does not know — a newer model, or a virtual machine that masks the model, as
/// cloud VMs do — gets a generic set: Debian's OpenBLAS 0.3.21 runs the SSE3 "Prescott" kernels
/// on AVX-512 Intel VMs, about a fifth of the `dgemm` speed of its SkylakeX kernels there. The
/// processor's *features* say what would run: AVX-512 F/BW/VL/DQ → `SkylakeX`, AVX2 with FMA
/// → `Haswell` (`Zen` on AMD processors), AVX alone → `Sandybridge`.
///
/// The rule is deliberately narrow: only a *generic* detected set (an SSE-only one: Prescott,
/// Core2, Penryn, Dunnington, Nehalem, Atom, the old AMD sets; or AVX-only Sandybridge on a
/// processor with AVX2) is replaced, and only by a set of a higher tier the processor supports.
/// A set OpenBLAS chose for a processor it recognises (Haswell, Zen, SkylakeX, …) and any name
/// not in the table are left alone, and a user's `OPENBLAS_CORETYPE` always wins (the caller
/// checks it).
///
/// OpenBLAS reads `OPENBLAS_CORETYPE` when the library loads, so the choice takes effect only in
/// a process started with it set: the `worksafe` executable re-executes itself once with it;
/// a program using the library sets it before starting (see the README, "BLAS kernels").
public struct KernelSelection: Sendable, Hashable {
    /// The instruction-set tier of a kernel set: what it needs of the processor.
    public enum Tier: Int, Comparable, Sendable {
        case sse = 1, avx, avx2, avx512
        public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
    }

    /// The tier of each x86-64 kernel set name OpenBLAS reports (lower-cased).
    static let tiers: [String: Tier] = [
        "katmai": .sse, "coppermine": .sse, "northwood": .sse, "prescott": .sse, "banias": .sse,
        "atom": .sse, "core2": .sse, "penryn": .sse, "dunnington": .sse, "nehalem": .sse,
        "athlon": .sse, "opteron": .sse, "opteron(sse3)": .sse, "barcelona": .sse, "nano": .sse,
        "bobcat": .sse,
        "sandybridge": .avx, "bulldozer": .avx, "piledriver": .avx, "steamroller": .avx,
        "haswell": .avx2, "zen": .avx2, "excavator": .avx2,
        "skylakex": .avx512, "cooperlake": .avx512, "sapphirerapids": .avx512,
    ]

    /// The tier of a kernel set name, `nil` for a name not in the table.
    public static func tier(of coreName: String) -> Tier? { tiers[coreName.lowercased()] }

    /// The kernel set OpenBLAS detected.
    public var detected: String
    /// The processor.
    public var features: ProcessorFeatures
    /// The library's build configuration (`OpenBLAS.configuration`).
    public var configuration: String

    /// A selection for the given state (tests inject any processor and detection).
    public init(detected: String, features: ProcessorFeatures, configuration: String) {
        self.detected = detected; self.features = features; self.configuration = configuration
    }

    /// The running library on this processor.
    public static var current: KernelSelection {
        KernelSelection(detected: OpenBLAS.coreName, features: .current, configuration: OpenBLAS.configuration)
    }

    /// The best kernel set the processor supports (by its features alone), or `nil` when it
    /// has no AVX.
    public var bestSupported: String? {
        if features.hasSkylakeXSet { return "SkylakeX" }
        if features.avx2 && features.fma { return features.vendor == "AuthenticAMD" || features.vendor == "HygonGenuine" ? "Zen" : "Haswell" }
        if features.avx { return "Sandybridge" }
        return nil
    }

    /// The kernel set to ask OpenBLAS for instead of `detected`, or `nil` to keep it: when the
    /// library selects kernels at run time (`DYNAMIC_ARCH`), the detected set is generic (tier
    /// SSE or AVX and known), and the processor supports a set of a higher tier.
    public var preferred: String? {
        guard configuration.contains("DYNAMIC_ARCH"),
              let have = Self.tier(of: detected), have <= .avx,
              let best = bestSupported, let bestTier = Self.tier(of: best), bestTier > have else { return nil }
        return best
    }

    /// The kernel sets this processor can run, from the generic SSE3 set to the best one,
    /// one per tier (to test and measure each): e.g. `Prescott, Sandybridge, Haswell, Zen`.
    public var runnable: [String] {
        var sets = ["Prescott"]
        if features.avx { sets.append("Sandybridge") }
        if features.avx2 && features.fma { sets += ["Haswell", "Zen"] }
        if features.hasSkylakeXSet { sets.append("SkylakeX") }
        return sets
    }
}
