#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WorkSafe

/// Messages and progress for people, on standard error (data goes to `--output` or stdout),
/// in the language of `--lang` (`ChineseMessages` has the Chinese of each English message).
enum Messages {
    /// The language of the messages: set from `--lang` when the command's options are
    /// validated (`OutputOptions.validate()`), before anything is printed.
    nonisolated(unsafe) static var language: Language = .en

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

    /// `worksafe: error: …` (`worksafe: 错误: …`).
    static func error(_ text: String) {
        line("worksafe: \(language.pick("error", "错误")): \(ChineseMessages.text(text, language))")
    }
    /// `worksafe: warning: …` (`worksafe: 警告: …`).
    static func warning(_ text: String) {
        line("worksafe: \(language.pick("warning", "警告")): \(ChineseMessages.text(text, language))")
    }
    /// `worksafe: …`.
    static func note(_ text: String) { line("worksafe: \(ChineseMessages.text(text, language))") }

    /// How many findings are printed before the rest are summarised.
    static let findingLimit = 40

    /// Prints a data error; for an invalid ledger, its error findings (first `findingLimit`).
    static func report(_ error: DataError) {
        if case .invalidLedger(let findings) = error {
            let errors = findings.filter { $0.severity == .error }
            for f in errors.prefix(findingLimit) { line(f.description(language)) }
            if errors.count > findingLimit {
                line(ChineseMessages.text("… and \(errors.count - findingLimit) more; `worksafe validate --output findings.csv` lists them all", language))
            }
        }
        self.error(error.description)
    }
}
