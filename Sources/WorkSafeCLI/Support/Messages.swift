#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WorkSafe

/// Messages and progress for people, on standard error (data goes to `--output` or stdout).
enum Messages {
    /// Writes one line to stderr.
    static func line(_ text: String) { raw(text + "\n") }

    /// Writes `text` to stderr as is (no newline added).
    static func raw(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let r = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if r <= 0 { if r < 0 && errno == EINTR { continue }; return }
                offset += r
            }
        }
    }

    /// `worksafe: error: …`.
    static func error(_ text: String) { line("worksafe: error: \(text)") }
    /// `worksafe: warning: …`.
    static func warning(_ text: String) { line("worksafe: warning: \(text)") }
    /// `worksafe: …`.
    static func note(_ text: String) { line("worksafe: \(text)") }

    /// How many findings are printed before the rest are summarised.
    static let findingLimit = 40

    /// Prints a data error; for an invalid ledger, its error findings (first `findingLimit`).
    static func report(_ error: DataError) {
        if case .invalidLedger(let findings) = error {
            let errors = findings.filter { $0.severity == .error }
            for f in errors.prefix(findingLimit) { line(f.description) }
            if errors.count > findingLimit {
                line("… and \(errors.count - findingLimit) more; `worksafe validate --output findings.csv` lists them all")
            }
        }
        self.error(error.description)
    }
}
