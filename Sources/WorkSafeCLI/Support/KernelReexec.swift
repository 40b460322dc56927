#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Linalg

/// Puts OpenBLAS on the processor's best kernel set before any work starts.
///
/// OpenBLAS reads `OPENBLAS_CORETYPE` once, when the library loads, which is before `main`.
/// So when `KernelSelection` prefers another kernel set than the one OpenBLAS detected (a
/// generic set on a processor it does not recognise), `worksafe` re-executes itself once with
/// the variable set. It never overrides a user's `OPENBLAS_CORETYPE`, and never re-executes
/// twice: the child finds `WORKSAFE_OPENBLAS_CHOSEN` (`chosen:detected`) and keeps whatever
/// OpenBLAS then runs, which `--version` and `worksafe doctor` report.
///
/// For tests, `WORKSAFE_KERNEL_PROBE` replaces the probe: `corename=Prescott;vendor=GenuineIntel;
/// features=avx,avx2,fma,avx512f,avx512bw,avx512vl,avx512dq` (any subset).
enum KernelReexec {
    /// Set in the re-executed process: `chosen:detected`.
    static let chosenVariable = "WORKSAFE_OPENBLAS_CHOSEN"
    /// A test hook replacing the detected kernel set and the processor's features.
    static let probeVariable = "WORKSAFE_KERNEL_PROBE"

    /// How the running kernel set came to be.
    enum Origin: Equatable {
        /// OpenBLAS's own detection.
        case detected
        /// The user's `OPENBLAS_CORETYPE`.
        case user(String)
        /// worksafe asked for `chosen` because OpenBLAS detected `detected`.
        case chosen(chosen: String, detected: String)
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The selection, from the running library or from the test hook.
    static func selection() -> KernelSelection {
        guard let probe = environment(probeVariable), !probe.isEmpty else { return .current }
        var fields: [String: String] = [:]
        for part in probe.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
        }
        let flags = Set((fields["features"] ?? "").split(separator: ",").map(String.init))
        let features = ProcessorFeatures(
            vendor: fields["vendor"] ?? "", avx: flags.contains("avx"), fma: flags.contains("fma"),
            avx2: flags.contains("avx2"), avx512f: flags.contains("avx512f"), avx512bw: flags.contains("avx512bw"),
            avx512vl: flags.contains("avx512vl"), avx512dq: flags.contains("avx512dq"))
        return KernelSelection(detected: fields["corename"] ?? OpenBLAS.coreName, features: features,
                               configuration: OpenBLAS.configuration)
    }

    /// The origin of the kernels running now.
    static var origin: Origin {
        if let chosen = environment(chosenVariable) {
            let parts = chosen.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2 { return .chosen(chosen: parts[0], detected: parts[1]) }
        }
        if let user = environment(OpenBLAS.coreTypeVariable), !user.isEmpty { return .user(user) }
        return .detected
    }

    /// The kernel set in use, as `--version` prints it: `Zen (detected by OpenBLAS 0.3.21)`.
    static var summary: String {
        let running = OpenBLAS.coreName
        let version = OpenBLAS.version.map { "OpenBLAS \($0)" } ?? "OpenBLAS"
        switch origin {
        case .detected:
            return "\(running) (detected by \(version))"
        case .user(let requested):
            return requested.lowercased() == running.lowercased()
                ? "\(running) (\(OpenBLAS.coreTypeVariable)=\(requested), \(version))"
                : "\(running) (\(OpenBLAS.coreTypeVariable)=\(requested) not available, \(version))"
        case .chosen(let chosen, let detected):
            let note = chosen.lowercased() == running.lowercased() ? "" : ", asked for \(chosen)"
            return "\(running) (chosen by worksafe for this processor; \(version) detected \(detected)\(note))"
        }
    }

    /// Re-executes the process with `OPENBLAS_CORETYPE` set when that gives better kernels;
    /// returns otherwise (also when the re-execution fails: the detected kernels still work).
    static func reexecIfBetterKernels() {
        #if os(Linux)
        if let user = environment(OpenBLAS.coreTypeVariable), !user.isEmpty { return }
        if environment(chosenVariable) != nil { return }
        let selection = selection()
        guard let preferred = selection.preferred else { return }
        setenv(OpenBLAS.coreTypeVariable, preferred, 1)
        setenv(chosenVariable, "\(preferred):\(selection.detected)", 1)
        let arguments = CommandLine.unsafeArgv
        execv("/proc/self/exe", arguments)
        // Still here: the exec failed. Carry on with the detected kernels.
        unsetenv(OpenBLAS.coreTypeVariable)
        unsetenv(chosenVariable)
        #endif
    }
}
