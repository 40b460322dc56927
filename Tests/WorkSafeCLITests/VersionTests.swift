import Foundation
import Testing

/// End-to-end tests run the built `worksafe` executable, as a user would.
@Suite struct VersionTests {
    /// Without the user's or a parent's kernel choice.
    static let clean: [String: String?] = ["OPENBLAS_CORETYPE": nil, "WORKSAFE_OPENBLAS_CHOSEN": nil,
                                           "WORKSAFE_KERNEL_PROBE": nil]

    static func version(_ environment: [String: String?]) throws -> [String] {
        let r = try runWorksafe(["--version"], environment: clean.merging(environment) { $1 })
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test func versionAndHelpWork() throws {
        let version = try runWorksafe(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.split(separator: "\n").first == "0.1.0")
        let help = try runWorksafe(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: worksafe"))
        #expect(help.stdout.contains("doctor"))
    }

    @Test func versionNamesTheKernelsThatRun() throws {
        let lines = try Self.version([:])
        #expect(lines.count >= 2)
        #expect(lines[1].hasPrefix("OpenBLAS kernels: "))
        #expect(lines[1].contains("detected by OpenBLAS") || lines[1].contains("chosen by worksafe"))
    }

    @Test func aUsersKernelChoiceIsNeverOverridden() throws {
        // Even on a processor whose features would call for another set.
        let lines = try Self.version(["OPENBLAS_CORETYPE": "Prescott",
                                      "WORKSAFE_KERNEL_PROBE": "corename=Prescott;vendor=GenuineIntel;features=avx,avx2,fma"])
        #expect(lines[1] == "OpenBLAS kernels: Prescott (OPENBLAS_CORETYPE=Prescott, OpenBLAS \(Self.openBLASVersion(lines[1])))")
    }

    @Test func aGenericDetectionOnABetterProcessorRestartsOnceWithBetterKernels() throws {
        let lines = try Self.version(["WORKSAFE_KERNEL_PROBE": "corename=Prescott;vendor=GenuineIntel;features=avx,avx2,fma"])
        #expect(lines[1].hasPrefix("OpenBLAS kernels: Haswell (chosen by worksafe for this processor; OpenBLAS "))
        #expect(lines[1].hasSuffix(" detected Prescott)"))
        // The restarted process does not restart again: with the marker set, the probe is ignored.
        let child = try Self.version(["WORKSAFE_KERNEL_PROBE": "corename=Prescott;vendor=GenuineIntel;features=avx,avx2,fma",
                                      "WORKSAFE_OPENBLAS_CHOSEN": "Sandybridge:Prescott"])
        #expect(child[1].contains("chosen by worksafe"))
        #expect(child[1].contains("asked for Sandybridge"))
    }

    @Test func doctorReportsAndMeasures() throws {
        let r = try runWorksafe(["doctor", "--n", "200"], environment: Self.clean)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("kernels: "))
        #expect(r.stdout.contains("processor: "))
        #expect(r.stdout.contains("dgemm n=200: "))
        #expect(r.stdout.contains("GFLOP/s"))
    }

    static func openBLASVersion(_ line: String) -> String {
        guard let r = line.range(of: "OpenBLAS ", options: .backwards) else { return "" }
        return String(line[r.upperBound...].prefix { $0 != ")" })
    }
}
