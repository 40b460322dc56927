import Foundation
import Testing
@testable import WorkSafe

@Suite struct LedgerReaderTests {
    @Test func chineseHeadersInGB18030() throws {
        let r = try LedgerReader.read(folder: fixture("ledger-zh-gb18030"), options: LedgerReadOptions(today: testToday))
        #expect(r.findings.isEmpty, "\(r.findings)")
        let l = r.ledger
        #expect(l.enterprises.map(\.id) == ["91350100M000100Y43", "G123", "91310000607216596U"])
        let small = try #require(l.enterprise(id: "G123"))
        #expect(small.name == "西山小吃店, 二号" && small.size == .micro && small.openedOn == Day(iso: "2024-03-01"))
        #expect(l.enterprises[0].isBenchmark && !small.isBenchmark)
        #expect(l.enterprises[2].closedOn == Day(iso: "2025-06-30"))
        #expect(l.status(of: "G123", on: Day(iso: "2024-10-01")!) == .compliant)   // ids in status.csv normalised
        #expect(l.timelines["91350100M000100Y43"]!.map(\.score) == [nil, 88.5, nil])
        #expect(l.risk.count == 2 && l.risk[1].period == Quarter(year: 2024, number: 4))
        #expect(l.risk[0].elementScores == [80, 81.5, 79, 90, 70.25, 88, 92, 85])
        #expect(l.risk[0].riskPoints == [4, 3, 2, 1])   // blue, yellow, orange, red
        #expect(l.risk[1].hazardsGeneral == 0)          // blank counts are 0
        #expect(l.riskPoints.map(\.method) == [.lec, .ls] && l.riskPoints[1].s == 5)
    }

    @Test func completionOfTheSampleMatchesPandas() throws {
        struct Row: Decodable { var date: String; var unit: String; var completed: Int; var open: Int }
        let reference = try JSONDecoder().decode([Row].self, from: Data(contentsOf: fixture("sample_completion.json")))
        let folder = repositoryRoot.appendingPathComponent("notebooks-data/town-sample")
        let r = try LedgerReader.read(folder: folder, options: LedgerReadOptions(today: testToday))
        #expect(r.findings.isEmpty)
        for row in reference {
            let day = try #require(Day(iso: row.date))
            let c = r.ledger.completion(on: day) { row.unit == "town" || $0.community == row.unit }
            #expect(c.completed == row.completed && c.open == row.open, "\(row.unit) \(row.date)")
        }
    }

    @Test func progressTablesInCountsOrShares() throws {
        let r = try ProgressReader.read(url: fixture("progress.csv"), options: LedgerReadOptions(today: testToday))
        #expect(r.findings.isEmpty)
        #expect(r.records.map(\.unit) == ["东湖社区", "东湖社区", "西山社区"])
        #expect(r.records[1].share == 0.81 && r.records[2].share == 0.655)
        #expect(r.records[2].completed == nil && r.records[0].sharePercent == nil)
    }

    @Test func badProgressRowsAreFound() throws {
        let r = try ProgressReader.read(url: fixture("progress_bad.csv"), options: LedgerReadOptions(today: testToday))
        #expect(r.findings.map(\.rule) == [.inconsistentCounts, .invalidDate, .scoreOutOfRange, .duplicatePeriod, .missingValue])
        #expect(r.records.isEmpty && r.rejects.count == 5)
        #expect(throws: DataError.self) { try r.records(skipInvalid: false) }
    }

    @Test func duplicateRiskPeriodsAreFoundAnywhereInTheFile() throws {
        // Rows of one enterprise far apart, a quarter far outside the others (1990Q1), and
        // duplicates before and after it: each duplicate names the line of the accepted row.
        let scores = Array(repeating: "80", count: 8).joined(separator: ",")
        let header = "id,period," + SafetyElement.allCases.map(\.columnName).joined(separator: ",")
        let risk = [header, "A1,2024Q1,\(scores)", "B2,2024Q1,\(scores)", "A1,2024Q2,\(scores)",
                    "B2,2024Q1,\(scores)", "A1,1990Q1,\(scores)", "A1,2024Q1,\(scores)",
                    "B2,1990Q1,\(scores)", "A1,1990Q1,\(scores)"].joined(separator: "\n") + "\n"
        let files: [LedgerFile: [UInt8]] = [
            .enterprises: Array("id,name,community,department,industry,size\nA1,a,c,d,工贸,small\nB2,b,c,d,工贸,small\n".utf8),
            .status: Array("id,date,status\n".utf8),
            .risk: Array(risk.utf8),
        ]
        let r = try LedgerReader.read(files: files, options: LedgerReadOptions(today: testToday))
        #expect(r.findings.map(\.line) == [5, 7, 9])
        #expect(r.findings.map(\.message) == ["B2 already has a 2024Q1 row on line 3",
                                               "A1 already has a 2024Q1 row on line 2",
                                               "A1 already has a 1990Q1 row on line 6"])
        #expect(r.ledger.risk.count == 5)
    }
}
