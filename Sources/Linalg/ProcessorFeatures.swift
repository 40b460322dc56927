import COpenBLAS

/// The x86-64 vector features that decide which OpenBLAS kernel sets a processor can run,
/// read with `cpuid` (and `xgetbv` for what the operating system saves on a context switch:
/// an instruction set is usable only when the processor has it *and* the OS enabled its
/// registers).
///
/// On other architectures every flag is false.
public struct ProcessorFeatures: Sendable, Hashable, CustomStringConvertible {
    /// The cpuid vendor string: `GenuineIntel`, `AuthenticAMD`, `HygonGenuine`, … (empty when
    /// unknown).
    public var vendor: String
    /// AVX (256-bit floating point) with its registers enabled by the OS.
    public var avx: Bool
    /// FMA3 fused multiply–add (usable only with `avx`).
    public var fma: Bool
    /// AVX2 (256-bit integer operations and gathers), with AVX enabled.
    public var avx2: Bool
    /// AVX-512 Foundation, with the opmask and 512-bit registers enabled by the OS.
    public var avx512f: Bool
    /// AVX-512 byte/word, vector length, doubleword/quadword extensions (what OpenBLAS's
    /// SkylakeX kernels need with `avx512f`).
    public var avx512bw: Bool, avx512vl: Bool, avx512dq: Bool

    /// Features given flag by flag (tests inject processors this way).
    public init(vendor: String = "", avx: Bool = false, fma: Bool = false, avx2: Bool = false,
                avx512f: Bool = false, avx512bw: Bool = false, avx512vl: Bool = false,
                avx512dq: Bool = false) {
        self.vendor = vendor; self.avx = avx; self.fma = fma; self.avx2 = avx2
        self.avx512f = avx512f; self.avx512bw = avx512bw; self.avx512vl = avx512vl
        self.avx512dq = avx512dq
    }

    /// Features decoded from raw `cpuid` registers and XCR0.
    ///
    /// - Parameters:
    ///   - vendor: the 12-character vendor string (leaf 0: ebx, edx, ecx).
    ///   - leaf1ECX: leaf 1 ecx (bit 12 FMA, 27 OSXSAVE, 28 AVX).
    ///   - leaf7EBX: leaf 7 subleaf 0 ebx (bit 5 AVX2, 16 AVX-512F, 17 DQ, 30 BW, 31 VL).
    ///   - xcr0: the OS-enabled state: bits 1–2 (SSE, AVX upper halves) for AVX, bits 5–7
    ///     (opmask, upper ZMM0–15, ZMM16–31) as well for AVX-512.
    public init(vendor: String, leaf1ECX: UInt32, leaf7EBX: UInt32, xcr0: UInt64) {
        func bit(_ r: UInt32, _ k: UInt32) -> Bool { r & (1 << k) != 0 }
        let osYMM = bit(leaf1ECX, 27) && xcr0 & 0x6 == 0x6
        let osZMM = osYMM && xcr0 & 0xE0 == 0xE0
        let avx = osYMM && bit(leaf1ECX, 28)
        let f = avx && osZMM && bit(leaf7EBX, 16)
        self.init(vendor: vendor, avx: avx, fma: avx && bit(leaf1ECX, 12), avx2: avx && bit(leaf7EBX, 5),
                  avx512f: f, avx512bw: f && bit(leaf7EBX, 30), avx512vl: f && bit(leaf7EBX, 31),
                  avx512dq: f && bit(leaf7EBX, 17))
    }

    /// This processor's features.
    public static let current: ProcessorFeatures = {
        var r: [UInt32] = [0, 0, 0, 0]
        worksafe_cpuid(0, 0, &r)
        let maxLeaf = r[0]
        var vendorBytes: [UInt8] = []
        for word in [r[1], r[3], r[2]] {
            for k in 0..<4 { vendorBytes.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(k)))) }
        }
        let vendor = String(decoding: vendorBytes.filter { $0 != 0 }, as: UTF8.self)
        worksafe_cpuid(1, 0, &r)
        let leaf1ECX = r[2]
        var leaf7EBX: UInt32 = 0
        if maxLeaf >= 7 {
            worksafe_cpuid(7, 0, &r)
            leaf7EBX = r[1]
        }
        return ProcessorFeatures(vendor: vendor, leaf1ECX: leaf1ECX, leaf7EBX: leaf7EBX,
                                 xcr0: UInt64(worksafe_xcr0()))
    }()

    /// Whether every AVX-512 extension of OpenBLAS's SkylakeX kernels is usable.
    public var hasSkylakeXSet: Bool { avx512f && avx512bw && avx512vl && avx512dq }

    /// `AuthenticAMD: AVX2 FMA` and the like.
    public var description: String {
        var names: [String] = []
        if avx { names.append("AVX") }
        if avx2 { names.append("AVX2") }
        if fma { names.append("FMA") }
        if avx512f { names.append("AVX-512F") }
        if avx512bw { names.append("BW") }
        if avx512vl { names.append("VL") }
        if avx512dq { names.append("DQ") }
        let vendorText = vendor.isEmpty ? "unknown vendor" : vendor
        return "\(vendorText): " + (names.isEmpty ? "no AVX" : names.joined(separator: " "))
    }
}
