import ArgumentParser
import WorkSafe

/// Usage errors (exit 64) in the language of `--lang`: ArgumentParser writes its own messages
/// in English (`Error: Missing expected argument…`, the checks of every `validate()`), before
/// any option is known to the command, so under `--lang zh` they are caught here and written in
/// Chinese through `ChineseMessages`, with the usage line after `用法：`. Help and `--version`
/// (clean exits), other languages and messages without a Chinese template keep ArgumentParser's
/// own output. The exit code is ArgumentParser's either way.
enum UsageErrors {
    /// The language `arguments` ask for: the last `--lang X` or `--lang=X` before a `--`
    /// (English when none, or when X is not a language).
    static func language(of arguments: [String]) -> Language {
        var language = Language.en
        var i = 0
        while i < arguments.count, arguments[i] != "--" {
            let a = arguments[i]
            if a == "--lang", i + 1 < arguments.count {
                language = Language(rawValue: arguments[i + 1]) ?? language
                i += 1
            } else if a.hasPrefix("--lang=") {
                language = Language(rawValue: String(a.dropFirst("--lang=".count))) ?? language
            }
            i += 1
        }
        return language
    }

    /// The Chinese of ArgumentParser's report of `error` (`nil`: keep its own): the message
    /// through the catalog, then the usage line and the pointer to `--help`.
    ///
    /// - Parameters:
    ///   - message: `ParsableCommand.message(for:)`, the message alone.
    ///   - full: `ParsableCommand.fullMessage(for:)`, message, help line and usage.
    static func chinese(message: String, full: String) -> String? {
        guard !message.isEmpty, var translated = ChineseMessages.translate(message) else { return nil }
        // ArgumentParser lists allowed values as 'a', 'b' and 'c'.
        translated = translated.replacingOccurrences(of: "' and '", with: "'、'")
        var text = "worksafe: 错误: \(translated)\n"
        if let usage = full.range(of: "Usage: ") {
            for line in full[usage.lowerBound...].split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("Usage: ") {
                    text += "用法：" + line.dropFirst("Usage: ".count) + "\n"
                } else if line.hasPrefix("  See '"), line.hasSuffix("' for more information."),
                          let end = line.range(of: "' for more information.") {
                    let command = line[line.index(line.startIndex, offsetBy: "  See '".count)..<end.lowerBound]
                    text += "  运行“\(command)”可查看全部选项。\n"
                } else if !line.isEmpty {
                    text += line + "\n"
                }
            }
        }
        return text
    }

    /// Exits for `error` raised while parsing or running `arguments`: in Chinese when they ask
    /// for it and the catalog has the message, else as ArgumentParser does.
    static func exit(_ error: Error, arguments: [String]) -> Never {
        if language(of: arguments) == .zh, !(error is CleanExit),
           let text = chinese(message: WorkSafeCommand.message(for: error), full: WorkSafeCommand.fullMessage(for: error)) {
            Messages.raw(text)
            WorkSafeCommand.exit(withError: ExitCode(WorkSafeCommand.exitCode(for: error).rawValue))
        }
        WorkSafeCommand.exit(withError: error)
    }
}
