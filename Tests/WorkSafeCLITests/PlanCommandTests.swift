import Foundation
import Testing

/// `worksafe plan` as a user runs it: the priority list against an independent recount from the
/// raw CSV files, the required table's columns, Chinese and workbook output, and bad requests
/// (exit 64, nothing written).
@Suite struct PlanCommandTests {
    /// A simulated town on disk (shared, read only) and its plan as of 2024-06-30 with a
    /// 12-month validity, so that some grades have run out by then.
    static let asOf = "2024-06-30"
    static let validity = 12
    static let town: URL = try! simulatedTown(400, seed: 8)

    /// A minimal CSV reader for the simulated files (quoted fields with doubled quotes), written
    /// here so the recount shares no code with the ledger reader.
    static func records(_ url: URL) throws -> [[String: String]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [[String]] = [], field = "", row: [String] = [], quoted = false
        var chars = Array(text.unicodeScalars)[...]
        if chars.first == "\u{FEFF}" { chars = chars.dropFirst() }
        var i = chars.startIndex
        while i < chars.endIndex {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if chars.index(after: i) < chars.endIndex, chars[chars.index(after: i)] == "\"" {
                        field.unicodeScalars.append("\""); i = chars.index(after: i)
                    } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r", chars.index(after: i) < chars.endIndex, chars[chars.index(after: i)] == "\n" { i = chars.index(after: i) }
                row.append(field); field = ""; rows.append(row); row = []
            } else { field.unicodeScalars.append(c) }
            i = chars.index(after: i)
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// `date` + `months` calendar months (day clamped to the month's end), from ISO text.
    static func addMonths(_ date: String, _ months: Int) -> String {
        let parts = date.split(separator: "-").map { Int($0)! }
        let total = parts[0] * 12 + parts[1] - 1 + months
        let y = total / 12, m = total % 12 + 1
        let days = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return String(format: "%04d-%02d-%02d", y, m, min(parts[2], days))
    }

    /// The recount: every enterprise open on the date whose latest status on or before it is not
    /// a completion still within its validity, with its stage.
    static func recount(asOf: String, validity: Int) throws -> [String: (community: String, department: String, industry: String, stage: String)] {
        let enterprises = try records(town.appendingPathComponent("enterprises.csv"))
        var latest: [String: (date: String, status: String)] = [:]
        for s in try records(town.appendingPathComponent("status.csv")) where s["date"]! <= asOf {
            let id = s["id"]!
            if let l = latest[id], l.date > s["date"]! { continue }
            latest[id] = (s["date"]!, s["status"]!)
        }
        let completions: Set = ["completed", "level1", "level2", "level3", "compliant"]
        var out: [String: (String, String, String, String)] = [:]
        for e in enterprises {
            let opened = e["opened_on"]!, closed = e["closed_on"]!
            guard opened.isEmpty || opened <= asOf, closed.isEmpty || closed > asOf else { continue }
            let stage: String
            if let l = latest[e["id"]!] {
                if completions.contains(l.status) {
                    if asOf < addMonths(l.date, validity) { continue }
                    stage = "lapsed"
                } else {
                    stage = l.status
                }
            } else {
                stage = "not_started"
            }
            out[e["id"]!] = (e["community"]!, e["department"]!, e["industry"]!, stage)
        }
        return out
    }

    static func plan(_ extra: [String], in folder: URL) throws -> RunResult {
        try runWorksafe(["plan", "--data", town.path, "--as-of", asOf, "--validity-months", "\(validity)",
                         "--scenarios", "60", "--seed", "3"] + extra, in: folder)
    }

    @Test func thePriorityListHoldsExactlyTheEnterprisesOpenAndNotCompleted() throws {
        let folder = try temporaryFolder()
        let r = try Self.plan(["--output", "required.csv", "--priorities", "priorities.csv", "--expiring", "expiring.csv"], in: folder)
        try #require(r.status == 0, "\(r.stderr)")
        let expected = try Self.recount(asOf: Self.asOf, validity: Self.validity)
        let listed = try Self.records(folder.appendingPathComponent("priorities.csv"))
        #expect(expected.values.contains { $0.stage == "lapsed" })   // the validity matters here
        #expect(listed.count == expected.count)
        #expect(Set(listed.map { $0["id"]! }) == Set(expected.keys))
        var ranks: [String: [Int]] = [:]
        for row in listed {
            let id = row["id"]!
            guard let e = expected[id] else { continue }
            #expect(row["community"] == e.community && row["department"] == e.department && row["industry"] == e.industry, "\(id)")
            #expect(row["stage"] == e.stage, "\(id): \(row["stage"] ?? "") vs \(e.stage)")
            #expect(row["level"] == "community" && row["unit"] == e.community)
            let gain = try #require(Double(row["probability_gain"]!))
            #expect(gain >= 0 && gain <= 1)
            ranks[row["unit"]!, default: []].append(Int(row["rank"]!)!)
        }
        for (unit, r) in ranks { #expect(r == Array(1...r.count), "\(unit)") }

        // The required table: its pool per community is the recount's, and its columns.
        let required = try Self.records(folder.appendingPathComponent("required.csv"))
        for column in ["level", "unit", "milestone_date", "target_percent", "confidence", "probability_as_is",
                       "expected_completions_per_month_as_is", "required_completions_per_month", "status"] {
            #expect(required.first?[column] != nil, "\(column)")
        }
        var pool: [String: Int] = [:]
        for e in expected.values { pool[e.community, default: 0] += 1 }
        for row in required where row["level"] == "community" {
            #expect(Int(row["not_completed"]!) == pool[row["unit"]!] ?? 0, "\(row["unit"]!)")
            switch row["status"] {
            case "already_likely": #expect(row["required_completions_per_month"] == "0")
            case "required": #expect(Int(row["required_completions_per_month"]!)! > 0)
            case "out_of_reach": #expect(row["required_completions_per_month"] == "")
            default: break
            }
        }
        #expect(required.filter { $0["level"] == "town" }.count == 2)   // 2024-12-31 and 2025-12-31 ahead
        #expect(r.stderr.contains("at the current pace"))
    }

    @Test func chineseAndWorkbookOutputs() throws {
        let folder = try temporaryFolder()
        let zh = try Self.plan(["--lang", "zh", "--excel", "--output", "required.csv", "--priorities", "priorities.csv"], in: folder)
        try #require(zh.status == 0, "\(zh.stderr)")
        let bytes = try Data(contentsOf: folder.appendingPathComponent("required.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])   // --excel: a BOM
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("所需月均新增完成") && text.contains("全镇") && !text.contains("already_likely"))
        let priorities = try String(contentsOf: folder.appendingPathComponent("priorities.csv"), encoding: .utf8)
        #expect(priorities.contains("所处阶段") && priorities.contains("未启动"))
        #expect(zh.stderr.contains("全镇：按当前进度，2024年底达到"))

        let book = try Self.plan(["--output", "plan.xlsx"], in: folder)
        try #require(book.status == 0, "\(book.stderr)")
        let xlsx = try Data(contentsOf: folder.appendingPathComponent("plan.xlsx"))
        #expect(Array(xlsx.prefix(2)) == Array("PK".utf8))
    }

    /// Bad requests: a clear message, exit 64, and no output file.
    @Test(arguments: [
        (["--confidence", "0"], "--confidence"), (["--confidence", "1"], "--confidence"),
        (["--confidence", "1.5"], "--confidence"), (["--confidence", "-0.1"], "--confidence"),
        (["--horizon-months", "-1"], "--horizon-months"),
        (["--as-of", "2020-01-01"], "before the data"), (["--as-of", "2025-12-31"], "last milestone"),
        (["--as-of", "2026-03-01"], "last milestone"),
    ])
    func badRequestsAreUsageErrors(arguments: [String], message: String) throws {
        let folder = try temporaryFolder()
        let r = try runWorksafe(["plan", "--data", Self.town.path, "--as-of", Self.asOf, "--scenarios", "20",
                                 "--output", "required.csv", "--priorities", "priorities.csv"] + arguments, in: folder)
        #expect(r.status == 64, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        #expect(try listing(folder).isEmpty, "\(arguments)")
    }

    @Test func theOutputIsRequiredAndMessagesAreChinese() throws {
        let folder = try temporaryFolder()
        let missing = try runWorksafe(["plan", "--data", Self.town.path, "--as-of", Self.asOf], in: folder)
        #expect(missing.status == 64 && missing.stderr.contains("--output"))
        let early = try runWorksafe(["plan", "--data", Self.town.path, "--as-of", "2020-01-01", "--lang", "zh",
                                     "--output", "required.csv"], in: folder)
        #expect(early.status == 64 && early.stderr.contains("早于数据"), "\(early.stderr)")
        #expect(try listing(folder).isEmpty)
    }
}
