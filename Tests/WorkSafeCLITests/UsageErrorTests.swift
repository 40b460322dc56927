import Foundation
import Testing
import WorkSafe

/// Usage errors (exit 64) follow `--lang`: ArgumentParser's messages and every option check.
@Suite struct UsageErrorTests {
    func isCJK(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

    /// Each `ValidationError("…")` written in the sources, its interpolations replaced by a
    /// value, has a Chinese template: a new check cannot be added in English only.
    @Test func everyOptionCheckHasItsChinese() throws {
        let sources = repositoryRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        let literal = try NSRegularExpression(pattern: #"ValidationError\("((?:[^"\\]|\\.)*)"\)"#)
        let interpolation = try NSRegularExpression(pattern: #"\\\((?:[^()]|\([^()]*\))*\)"#)
        var messages: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for m in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let raw = String(text[Range(m.range(at: 1), in: text)!])
                messages.append(interpolation.stringByReplacingMatches(
                    in: raw, range: NSRange(raw.startIndex..., in: raw), withTemplate: "X7"))
            }
        }
        #expect(messages.count >= 40)
        for message in messages {
            let chinese = ChineseMessages.translate(message)
            #expect(chinese.map(isCJK) == true, "no Chinese for: \(message)")
        }
    }

    @Test func argumentParserErrorsAreChineseUnderLangZh() throws {
        let cases: [([String], String)] = [
            (["plan", "--lang", "zh"], "缺少必需的参数“--as-of <date>”"),
            (["assess", "--lang=zh"], "请给出 --quarter（如 2024Q3）或 --year（如 2024）"),
            (["trend", "--lang", "zh", "--period", "decade"], "“decade”不是“--period <period>”的有效取值，可选：'month'、'quarter'。"),
            (["cluster", "--lang", "zh", "--k", "3", "--k-range", "2...5"], "--k 与 --k-range 只能给出一个"),
            (["forecast", "--lang", "zh", "--bogus"], "未知选项“--bogus”"),
        ]
        for (arguments, message) in cases {
            let r = try runWorksafe(arguments)
            #expect(r.status == 64, "\(arguments)")
            let lines = r.stderr.split(separator: "\n").map(String.init)
            #expect(lines.first == "worksafe: 错误: \(message)", "\(r.stderr)")
            #expect(lines.count > 1 && lines[1].hasPrefix("用法：worksafe \(arguments[0])"), "\(r.stderr)")
            #expect(!r.stderr.contains("Error:") && !r.stderr.contains("Usage:"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func englishAndHelpStayAsArgumentParserWritesThem() throws {
        let r = try runWorksafe(["assess", "--quarter", "2024Q3", "--year", "2024"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("Error: give either --quarter or --year, not both\nUsage: worksafe assess"), "\(r.stderr)")
        let help = try runWorksafe(["assess", "--lang", "zh", "--help"])
        #expect(help.status == 0 && help.stdout.contains("OVERVIEW:"))
        // An English --lang after a Chinese one wins, as ArgumentParser takes the last value.
        let last = try runWorksafe(["assess", "--lang", "zh", "--lang", "en"])
        #expect(last.status == 64 && last.stderr.hasPrefix("Error: give --quarter"), "\(last.stderr)")
    }
}
