import Foundation
import Testing

/// Parses CSV text (RFC 4180 quoting, LF line ends, an optional UTF-8 BOM) into records.
func parseCSVRecords(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
    if chars.last != "\n" { chars.append("\n") }
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if quoted {
            if c == "\"" {
                if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            record.append(field); field = ""
        } else if c == "\n" {
            record.append(field); field = ""
            records.append(record); record = []
        } else if c != "\r" {
            field.append(c)
        }
        i += 1
    }
    return records
}

/// The ids of the bundled sample's enterprises, in file order.
func sampleEnterpriseIDs() throws -> [String] {
    let url = repositoryRoot.appendingPathComponent("Sources/WorkSafeCLI/Resources/town-sample/enterprises.csv")
    return parseCSVRecords(try String(contentsOf: url, encoding: .utf8)).dropFirst().map { $0[0] }
}

/// `worksafe grade`, end to end through the built executable.
@Suite struct GradeCommandTests {
    static let englishHeader = "id,period,level,base_level,source,red_points,orange_points,yellow_points,blue_points,top_point,top_score,upgrade,standardization,inspections_per_year,reason"

    @Test func gradesEveryEnterpriseOfTheSampleWithAReason() throws {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("grades.csv")
        let r = try runWorksafe(["grade", "--output", out.path, "--today", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.hasPrefix(Self.englishHeader + "\n"))
        let records = parseCSVRecords(text)
        let rows = records.dropFirst()
        // One row per enterprise, in the ledger's order.
        #expect(rows.map { $0[0] } == (try sampleEnterpriseIDs()))
        for row in rows {
            #expect(row.count == 15)
            #expect(["red", "orange", "yellow", "blue"].contains(row[2]), "\(row)")
            #expect(["red", "orange", "yellow", "blue"].contains(row[3]), "\(row)")
            #expect(["risk_points", "risk_counts", "none"].contains(row[4]), "\(row)")
            #expect(Int(row[13]).map { $0 >= 0 } == true, "\(row)")
            #expect(!row[14].isEmpty)
            // An upgrade is the only way the final level differs from the base level.
            #expect((row[2] != row[3]) == !row[11].isEmpty || row[3] == "red", "\(row)")
        }
        // The counts of a graded row add up to at least one point when graded from points.
        for row in rows where row[4] == "risk_points" {
            #expect((5...8).map { Int(row[$0])! }.reduce(0, +) >= 1)
        }
    }

    @Test func chineseHeadersAndLevels() throws {
        let r = try runWorksafe(["grade", "--lang", "zh", "--today", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        let records = parseCSVRecords(r.stdout)
        #expect(records[0] == ["统一社会信用代码", "期间", "风险等级", "基础等级", "分级依据", "红色风险点", "橙色风险点",
                               "黄色风险点", "蓝色风险点", "最高风险点", "最高分值", "升级原因", "标准化等级",
                               "年检查次数", "理由"])
        #expect(records.count == 801)
        for row in records.dropFirst() { #expect(["红", "橙", "黄", "蓝"].contains(row[2]), "\(row)") }
    }

    @Test func periodSelectsTheQuarter() throws {
        let r = try runWorksafe(["grade", "--period", "2024Q3", "--today", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSVRecords(r.stdout).dropFirst()
        // 800 enterprises, of which 51 opened after 2024Q3 and 12 closed before it: not graded.
        #expect(rows.count == 737)
        #expect(r.stderr.contains("63 enterprise(s) not open in 2024Q3"), "\(r.stderr)")
        #expect(rows.allSatisfy { $0[1] == "2024Q3" || $0[1].isEmpty })
        #expect(rows.contains { $0[1] == "2024Q3" })
    }

    @Test func anEnterpriseOpenedAfterThePeriodIsNotGraded() throws {
        // Issue 19 item 10: opened 2024-12-04, it was graded red with 12 inspections a year for 2024Q3.
        let r = try runWorksafe(["grade", "--period", "2024Q3", "--today", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("91350105097330611W"))
        let later = try runWorksafe(["grade", "--period", "2024Q4", "--today", "2026-11-29"])
        #expect(later.stdout.contains("91350105097330611W"))
    }

    @Test func rulesFileTurnsUpgradesOff() throws {
        let folder = try temporaryFolder()
        let rules = folder.appendingPathComponent("rules.json")
        try #"{"upgrade_for_open_major_hazard": false, "upgrade_for_fatal_accident": false}"#
            .write(to: rules, atomically: true, encoding: .utf8)
        let r = try runWorksafe(["grade", "--rules", rules.path, "--today", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSVRecords(r.stdout).dropFirst()
        #expect(rows.count == 800)
        #expect(rows.allSatisfy { $0[11].isEmpty && $0[2] == $0[3] })
        // --print-rules shows the file's rules merged with the defaults.
        let p = try runWorksafe(["grade", "--rules", rules.path, "--print-rules"])
        #expect(p.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(p.stdout.utf8)) as? [String: Any])
        #expect(json["upgrade_for_fatal_accident"] as? Bool == false)
        #expect(Set(json.keys) == ["lec", "ls", "aggregation", "upgrade_for_open_major_hazard",
                                   "upgrade_for_fatal_accident", "supervision"])
    }

    @Test("a bad rules file exits 65 naming the file, and writes nothing",
          arguments: [#"{"lec": {"red": 100, "orange": 200, "yellow": 70}}"#,  // bands not decreasing
                      #"{"lecc": {}}"#,                                         // unknown key
                      #"{"lec": "#])                                            // not JSON
    func badRulesFileExits65(content: String) throws {
        let folder = try temporaryFolder()
        let rules = folder.appendingPathComponent("bad-rules.json")
        try content.write(to: rules, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("grades.csv")
        let r = try runWorksafe(["grade", "--rules", rules.path, "--output", out.path, "--today", "2026-11-29"])
        #expect(r.status == 65)
        #expect(r.stderr.contains(rules.path), "\(r.stderr)")
        #expect(try listing(folder) == ["bad-rules.json"])
        // A missing rules file too.
        let missing = folder.appendingPathComponent("missing.json")
        let m = try runWorksafe(["grade", "--rules", missing.path, "--output", out.path])
        #expect(m.status == 65 && m.stderr.contains(missing.path))
        #expect(try listing(folder) == ["bad-rules.json"])
    }

    @Test func usageErrorsExit64() throws {
        #expect(try runWorksafe(["grade", "--method", "fmea"]).status == 64)
        #expect(try runWorksafe(["grade", "--period", "2024Q5"]).status == 64)
        #expect(try runWorksafe(["grade", "--lang", "fr"]).status == 64)
    }
}
