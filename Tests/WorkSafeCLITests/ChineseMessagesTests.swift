import Foundation
import Tabular
import Testing

/// Under `--lang zh` every finding, reason and stderr summary is Chinese.
@Suite struct ChineseMessagesTests {
    func table(_ path: URL) throws -> CSVTable { try CSVReader.read(contentsOf: path) }

    @Test func everyFindingOfTheDirtyTownHasItsChinese() throws {
        let town = try simulatedTown(250, seed: 5, dirty: true)
        let folder = town.deletingLastPathComponent()
        let en = folder.appendingPathComponent("en.csv"), zh = folder.appendingPathComponent("zh.csv")
        _ = try runWorksafe(["validate", "--data", town.path, "--output", en.path, "--today", "2026-11-29"])
        let r = try runWorksafe(["validate", "--data", town.path, "--output", zh.path, "--today", "2026-11-29", "--lang", "zh"])
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("worksafe: 错误 "), "\(r.stderr)")
        let english = try table(en), chinese = try table(zh)
        #expect(chinese.header == ["文件", "行", "列", "统一社会信用代码", "严重程度", "规则", "说明"])
        #expect(english.rowCount == chinese.rowCount && english.rowCount >= 16)
        func isCJK(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        var rules = Set<String>()
        for i in 0..<chinese.rowCount {
            let message = chinese.string(row: i, column: 6), rule = chinese.string(row: i, column: 5)
            rules.insert(english.string(row: i, column: 5))
            #expect(isCJK(message) && message != english.string(row: i, column: 6), "untranslated: \(english.string(row: i, column: 6))")
            #expect(isCJK(rule), "rule \(rule)")
            #expect(["错误", "警告"].contains(chinese.string(row: i, column: 4)))
        }
        #expect(rules.count >= 16)
    }

    @Test func rejectReasonsAndSummariesAreChinese() throws {
        let town = try simulatedTown(200, seed: 9, dirty: true)
        let rejects = town.deletingLastPathComponent().appendingPathComponent("剔除.csv")
        let r = try runWorksafe(["trend", "--data", town.path, "--skip-invalid", "--rejects", rejects.path,
                                 "--lang", "zh", "--today", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("已跳过") && r.stderr.contains("行无效数据"), "\(r.stderr)")
        let t = try table(rejects)
        #expect(t.header == ["文件", "行", "统一社会信用代码", "规则", "原因", "原始行"])
        for i in 0..<t.rowCount {
            let reason = t.string(row: i, column: 4)
            #expect(reason.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(reason)")
        }
        // Values of the trend table: grouping, town, yes/no.
        #expect(r.stdout.contains("\n全镇,全镇,") && r.stdout.contains(",否,"), "\(r.stdout.prefix(300))")
    }
}
