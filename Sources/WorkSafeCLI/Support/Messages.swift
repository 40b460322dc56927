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

    /// Writes `text` to stderr (no newline added), with control characters other than line
    /// feeds and tabs made visible (`visible(_:)`).
    static func raw(_ text: String) {
        let bytes = Array(visible(text).utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let r = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if r <= 0 { if r < 0 && errno == EINTR { continue }; return }
                offset += r
            }
        }
    }

    /// `text` with control characters shown instead of sent to the terminal: a NUL as `\0`, a
    /// carriage return as `\r`, others (escape, DEL, C1 controls…) as `\u{1B}`. Line feeds and
    /// tabs pass. Data echoed in a message (a cell's text) can hold anything.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            guard isHidden(u) else { out.append(u); continue }
            let escape = u.value == 0 ? "\\0" : u.value == 0x0D ? "\\r" : "\\u{\(String(u.value, radix: 16, uppercase: true))}"
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }

    private static func isHidden(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u.value != 0x0A && u.value != 0x09) || (0x7F...0x9F).contains(u.value)
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
