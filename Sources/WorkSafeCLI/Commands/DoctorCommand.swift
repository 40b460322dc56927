import ArgumentParser
import Foundation
import Linalg
import WorkSafe

/// `worksafe doctor`: which BLAS kernels run, what the processor supports, and how fast
/// `dgemm` is with them.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show which OpenBLAS kernels run and what the processor supports; measure dgemm.",
        discussion: """
            worksafe picks OpenBLAS's kernel set before any work starts: when OpenBLAS detects a \
            generic set (Prescott, Core2, …) on a processor whose features support a better one \
            (AVX-512 → SkylakeX, AVX2 + FMA → Haswell or Zen), worksafe restarts itself once with \
            OPENBLAS_CORETYPE set. A user's OPENBLAS_CORETYPE is never overridden. \
            --compare measures every kernel set the processor can run, each in its own process.
            """)

    @Option(name: .long, help: ArgumentHelp("Matrix size of the dgemm measurement.", valueName: "n"))
    var n: Int = 2000

    @Flag(name: .long, help: "Do not measure dgemm.")
    var noMeasure = false

    @Flag(name: .long, help: "Measure dgemm under every kernel set this processor can run.")
    var compare = false

    @Flag(name: .long, help: "Print the kernel sets this processor can run, one a line, and exit.")
    var listKernels = false

    @Flag(name: .long, help: .hidden)
    var gflopsOnly = false

    func validate() throws {
        if n < 1 || n > 20_000 { throw ValidationError("--n must be 1…20000") }
    }

    func run() throws {
        if gflopsOnly {
            print(String(format: "%.1f", OpenBLAS.measureDGEMM(n: n)))
            return
        }
        let selection = KernelReexec.selection()
        if listKernels {
            for kernels in selection.runnable { print(kernels) }
            return
        }
        print("worksafe \(WorkSafeVersion.string)")
        print("OpenBLAS: \(OpenBLAS.configuration), \(OpenBLAS.threadCount) thread(s)")
        print("kernels: \(KernelReexec.summary)")
        print("processor: \(selection.features)")
        print("best kernel set for this processor: \(selection.bestSupported ?? "generic (no AVX)")")
        if !noMeasure {
            print(String(format: "dgemm n=%d: %.1f GFLOP/s (%@ kernels, best of 3)", n,
                         OpenBLAS.measureDGEMM(n: n), OpenBLAS.coreName))
        }
        if compare {
            for kernels in selection.runnable {
                print("dgemm n=\(n) with \(kernels): \(try measure(kernels)) GFLOP/s")
            }
        }
    }

    /// GFLOP/s of this executable re-run with `OPENBLAS_CORETYPE=kernels`.
    private func measure(_ kernels: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["doctor", "--gflops-only", "--n", "\(n)"]
        var environment = ProcessInfo.processInfo.environment
        environment[OpenBLAS.coreTypeVariable] = kernels
        environment[KernelReexec.chosenVariable] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return "failed (exit \(process.terminationStatus))" }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
