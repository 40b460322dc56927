import Testing
@testable import Linalg

/// Which OpenBLAS kernel set worksafe asks for, on injected processors and detections.
@Suite struct KernelSelectionTests {
    static let dynamic = "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64"
    static let avx512 = ProcessorFeatures(vendor: "GenuineIntel", avx: true, fma: true, avx2: true, avx512f: true,
                                          avx512bw: true, avx512vl: true, avx512dq: true)
    static let avx2Intel = ProcessorFeatures(vendor: "GenuineIntel", avx: true, fma: true, avx2: true)
    static let avx2AMD = ProcessorFeatures(vendor: "AuthenticAMD", avx: true, fma: true, avx2: true)

    static func preferred(_ detected: String, _ features: ProcessorFeatures, config: String = dynamic) -> String? {
        KernelSelection(detected: detected, features: features, configuration: config).preferred
    }

    @Test func genericKernelsOnAnAVX512ProcessorBecomeSkylakeX() {
        for generic in ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Barcelona", "Sandybridge", "prescott"] {
            #expect(Self.preferred(generic, Self.avx512) == "SkylakeX", "\(generic)")
        }
    }

    @Test func genericKernelsOnAnAVX2ProcessorBecomeHaswellOnIntelAndZenOnAMD() {
        #expect(Self.preferred("Prescott", Self.avx2Intel) == "Haswell")
        #expect(Self.preferred("Sandybridge", Self.avx2Intel) == "Haswell")
        #expect(Self.preferred("Prescott", Self.avx2AMD) == "Zen")
        #expect(Self.preferred("Barcelona", ProcessorFeatures(vendor: "HygonGenuine", avx: true, fma: true, avx2: true)) == "Zen")
    }

    @Test func aSetOpenBLASChoseForAKnownProcessorIsKept() {
        for known in ["Haswell", "Zen", "SkylakeX", "CooperLake", "SapphireRapids", "Excavator"] {
            #expect(Self.preferred(known, Self.avx512) == nil, "\(known)")
        }
        // Names OpenBLAS may add later are not second-guessed.
        #expect(Self.preferred("Zen5", Self.avx512) == nil)
        #expect(Self.preferred("unknown", Self.avx512) == nil)
    }

    @Test func noChangeWithoutABetterTierOrWithoutRunTimeSelection() {
        // AVX without AVX2 or FMA: Sandybridge, which is no better than a detected Sandybridge.
        let avxOnly = ProcessorFeatures(vendor: "GenuineIntel", avx: true)
        #expect(Self.preferred("Prescott", avxOnly) == "Sandybridge")
        #expect(Self.preferred("Sandybridge", avxOnly) == nil)
        #expect(Self.preferred("Bulldozer", ProcessorFeatures(vendor: "AuthenticAMD", avx: true, fma: true)) == nil)
        #expect(Self.preferred("Prescott", ProcessorFeatures(vendor: "GenuineIntel")) == nil)
        // AVX2 without FMA is not enough for the Haswell kernels.
        #expect(Self.preferred("Prescott", ProcessorFeatures(vendor: "GenuineIntel", avx: true, avx2: true)) == "Sandybridge")
        // A library built for one processor ignores OPENBLAS_CORETYPE.
        #expect(Self.preferred("Prescott", Self.avx512, config: "OpenBLAS 0.3.21 NO_LAPACKE Prescott MAX_THREADS=64") == nil)
        // Part of AVX-512 only: the AVX2 set.
        var partial = Self.avx512
        partial.avx512bw = false
        #expect(Self.preferred("Prescott", partial) == "Haswell")
    }

    @Test func featuresNeedTheProcessorAndTheOperatingSystem() {
        let osxsave: UInt32 = 1 << 27, avx: UInt32 = 1 << 28, fma: UInt32 = 1 << 12
        let avx2: UInt32 = 1 << 5, f: UInt32 = 1 << 16, dq: UInt32 = 1 << 17, bw: UInt32 = 1 << 30, vl: UInt32 = 1 << 31
        let all = ProcessorFeatures(vendor: "GenuineIntel", leaf1ECX: osxsave | avx | fma,
                                    leaf7EBX: avx2 | f | dq | bw | vl, xcr0: 0xE7)
        #expect(all == Self.avx512)
        #expect(all.hasSkylakeXSet)
        // The OS saves only the AVX state (no opmask or ZMM): AVX2 and FMA, no AVX-512.
        let noZMM = ProcessorFeatures(vendor: "GenuineIntel", leaf1ECX: osxsave | avx | fma,
                                      leaf7EBX: avx2 | f | dq | bw | vl, xcr0: 0x7)
        #expect(noZMM == Self.avx2Intel)
        // No OSXSAVE: nothing beyond SSE is usable, whatever the feature bits say.
        let noOS = ProcessorFeatures(vendor: "GenuineIntel", leaf1ECX: avx | fma, leaf7EBX: avx2 | f, xcr0: 0xE7)
        #expect(noOS == ProcessorFeatures(vendor: "GenuineIntel"))
        #expect(KernelSelection(detected: "Prescott", features: noOS, configuration: Self.dynamic).preferred == nil)
    }

    @Test func runnableSetsFollowTheFeatures() {
        #expect(KernelSelection(detected: "Zen", features: Self.avx2AMD, configuration: Self.dynamic).runnable
                == ["Prescott", "Sandybridge", "Haswell", "Zen"])
        #expect(KernelSelection(detected: "Prescott", features: Self.avx512, configuration: Self.dynamic).runnable.last
                == "SkylakeX")
        #expect(KernelSelection(detected: "Prescott", features: ProcessorFeatures(), configuration: Self.dynamic).runnable
                == ["Prescott"])
    }

    @Test func thisMachineReportsItsKernels() {
        // Whatever the machine: a non-empty kernel name, and a configuration naming OpenBLAS.
        #expect(!OpenBLAS.coreName.isEmpty)
        #expect(OpenBLAS.configuration.hasPrefix("OpenBLAS"))
        #expect(OpenBLAS.version != nil)
        // The processor decoded from cpuid agrees with itself: AVX2 implies AVX.
        let f = ProcessorFeatures.current
        #expect(!f.avx2 || f.avx)
        #expect(!f.avx512f || f.avx2)
    }

    @Test func dgemmMeasurementIsAPositiveRate() {
        #expect(OpenBLAS.measureDGEMM(n: 64, repeats: 1) > 0)
    }
}
