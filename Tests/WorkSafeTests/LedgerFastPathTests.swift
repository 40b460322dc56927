import Foundation
import Testing
@testable import WorkSafe

/// The reader's and grader's faster paths give what the general ones give: ids matched by their
/// bytes, the files after enterprises.csv validated side by side, enterprises graded in two halves.
@Suite struct LedgerFastPathTests {
    @Test func acceptedIDTableMatchesExactBytesOnly() {
        var table = AcceptedIDTable()
        let ids = (0..<5_000).map { String(format: "91350100M%09dY", $0) }
        for (i, id) in ids.enumerated() where AcceptedIDTable.isStorable(id) { table.insert(id, index: i) }
        func look(_ text: String) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { table.index(of: $0) }
        }
        #expect(look(ids[0]) == 0 && look(ids[4_999]) == 4_999 && look(ids[1_234]) == 1_234)
        #expect(look("91350100M000000000") == nil)     // a prefix
        #expect(look(ids[7] + "0") == nil)             // longer
        #expect(look(" " + ids[7]) == nil)             // spaces are the general path's business
        #expect(look(ids[7].lowercased()) == nil)      // so is normalisation
        #expect(look("") == nil)
        #expect(!AcceptedIDTable.isStorable("9135010000000000"))   // looks truncated by Excel: warns each time
        #expect(!AcceptedIDTable.isStorable("91350100m000100y43") && !AcceptedIDTable.isStorable(""))
    }

    /// An id whose every row warns (truncated by Excel) still warns on every row of every file,
    /// and rows of other files find their enterprise whether or not the cell is written as stored.
    @Test func idsOutsideTheTableKeepTheirFindings() throws {
        var text = LedgerText()
        text.enterprises += "\n9135010000000000,丙厂,东湖社区,应急管理办,工贸,small,,,false"
        text.status += "\n9135010000000000,2024-02-01,completed,\n\" 91310000607216596u\",2024-03-01,level2,"
        text.risk += "\n9135010000000000,2024Q1,80,80,80,80,80,80,80,80,0,0,0,0,0,0,0,0,0,0,0,1"
        let r = try text.read()
        let truncated = r.findings.filter { $0.rule == .excelMangledNumber }
        #expect(truncated.map(\.file) == ["enterprises.csv", "status.csv", "risk.csv"])
        #expect(r.ledger.status(of: "9135010000000000", on: Day(iso: "2024-06-30")!) == .completed)
        #expect(r.ledger.status(of: "91310000607216596U", on: Day(iso: "2024-06-30")!) == .level2)
        #expect(r.ledger.risk.count == 2)
    }

    /// Findings come in file order (status, risk, risk points) although the files are validated
    /// side by side; when two files cannot be parsed, the first in file order is the error.
    @Test func laterFilesKeepTheirOrder() throws {
        var text = LedgerText()
        text.status += "\nG999,2024-01-01,completed,"
        text.risk += "\nG998,2024Q1,80,80,80,80,80,80,80,80,0,0,0,0,0,0,0,0,0,0,0,1"
        text.riskPoints! += "\nG997,x,lec,1,1,1,"
        let r = try text.read()
        #expect(r.findings.map(\.file) == ["status.csv", "risk.csv", "risk_points.csv"])
        #expect(r.rejects.map(\.line) == [5, 3, 4])

        var broken = LedgerText()
        broken.status += "\n\"unterminated,2024-01-01,completed,"
        broken.risk += "\n\"unterminated too"
        #expect(throws: DataError.self) { try broken.read() }
        do {
            _ = try broken.read()
        } catch let DataError.csv(error) {
            #expect(error.file == "status.csv")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Above 20,000 enterprises the grader splits them in two halves: the grades are those of
    /// grading each enterprise on its own.
    @Test func gradingInHalvesIsGradingEachEnterprise() throws {
        let n = 20_003
        var enterprises: [Enterprise] = [], events: [StatusEvent] = [], risk: [RiskObservation] = []
        var points: [RiskPoint] = []
        for i in 0..<n {
            let id = "G\(i)"
            enterprises.append(Enterprise(id: id, name: "e\(i)", community: "c\(i % 7)", department: "d",
                                          industry: "i", size: .small))
            if i % 3 != 0 {
                events.append(StatusEvent(enterpriseID: id, date: Day(iso: "2024-0\(1 + i % 9)-01")!,
                                          status: i % 2 == 0 ? .completed : .inProgress))
            }
            for q in stride(from: 1, through: i % 4, by: 1) {
                risk.append(RiskObservation(enterpriseID: id, period: Quarter(year: 2024, number: q)!,
                                            elementScores: Array(repeating: 70, count: 8), hazardsGeneral: 1,
                                            hazardsMajor: i % 11 == 0 ? 1 : 0, hazardsRectified: 1,
                                            majorHazardsRectified: 0, violations: 0, accidents: i % 13 == 0 ? 1 : 0,
                                            deaths: i % 13 == 0 ? 1 : 0, injuries: 0, riskPoints: [i % 5, i % 3, 0, q % 2]))
            }
            for p in 0..<(i % 3) {
                points.append(RiskPoint(enterpriseID: id, name: "p\(p)", method: p == 0 ? .lec : .ls,
                                        l: Double(1 + i % 5), e: p == 0 ? 6 : nil, c: p == 0 ? Double(1 + i % 40) : nil,
                                        s: p == 0 ? nil : Double(1 + i % 5)))
            }
        }
        let ledger = Ledger(enterprises: enterprises, statusEvents: events, risk: risk, riskPoints: points)
        let grader = RiskGrader()
        for period in [nil, Quarter(year: 2024, number: 2)] {
            let all = try grader.grade(ledger: ledger, period: period)
            #expect(all.count == n)
            for i in [0, 1, 2, 3, 10_000, 10_001, 10_002, 13 * 11 * 7, n - 1] {
                let id = "G\(i)"
                let rows = ledger.risk.filter { $0.enterpriseID == id && (period == nil || $0.period == period) }
                let o = rows.max { $0.period < $1.period }
                let day = (o?.period ?? period)?.lastDay
                let status = day.map { ledger.status(of: id, on: $0) } ?? ledger.timelines[id]?.last?.status
                let alone = try grader.grade(enterpriseID: id, points: ledger.riskPoints.filter { $0.enterpriseID == id },
                                             observation: o, status: status)
                #expect(all[i] == alone, "\(id) \(String(describing: period))")
            }
        }
    }
}

/// risk.csv read in two parts on two threads (a file over 1 MiB without quotes in its first
/// part): line numbers, duplicates across the parts and the order of findings are those of one
/// reading in file order.
@Suite struct RiskPartsTests {
    @Test(arguments: [true, false]) func duplicatesAcrossThePartsAreFound(acrossParts: Bool) throws {
        let n = 9_000
        var text = LedgerText()
        text.enterprises = "id,name,community,department,industry,size,opened_on,closed_on,benchmark\n"
            + (0..<n).map { "G\($0),e\($0),东湖社区,应急管理办,工贸,small,,," }.joined(separator: "\n")
        text.status = "id,date,status,score\nG1,2024-01-01,completed,"
        text.riskPoints = nil
        let header = text.risk.split(separator: "\n")[0]
        var lines = [String(header)]
        for q in 1...2 {
            for i in 0..<n { lines.append("G\(i),2024Q\(q),80,80,80,80,80,80,80,80,0,0,0,0,0,0,0,0,0,0,0,1") }
        }
        if acrossParts { lines.append("G5,2024Q1,70,70,70,70,70,70,70,70,0,0,0,0,0,0,0,0,0,0,0,1") }  // repeats line 7
        lines.append("G8999,2024Q2,70,70,70,70,70,70,70,70,0,0,0,0,0,0,0,0,0,0,0,1")     // repeats the second part
        lines.append("G77777,2024Q2,70,70,70,70,70,70,70,70,0,0,0,0,0,0,0,0,0,0,0,1")    // unknown
        text.risk = lines.joined(separator: "\n")
        #expect(text.risk.utf8.count > 1 << 20)
        let r = try text.read()
        let risk = r.findings.filter { $0.file == "risk.csv" }
        let extra = acrossParts ? 1 : 0
        #expect(risk.map(\.line) == Array((2 * n + 2)...(2 * n + 3 + extra)))
        #expect(risk.map(\.rule) == (acrossParts ? [.duplicatePeriod] : []) + [.duplicatePeriod, .unknownEnterprise])
        #expect(!acrossParts || risk[0].message.hasSuffix("line 7"))
        #expect(risk[extra].message.hasSuffix("line \(2 * n + 1)"))
        #expect(r.ledger.risk.count == 2 * n)
        #expect(r.ledger.risk.map(\.enterpriseID) == (1...2).flatMap { _ in (0..<n).map { "G\($0)" } })
    }
}
