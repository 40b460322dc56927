import Foundation
import Testing
@testable import WorkSafe

@Suite struct TownSimulationTests {
    @Test func roundTripSimulateWriteReadGivesTheSameLedger() throws {
        for language in Language.allCases {
            let sim = TownSimulation(enterprises: 150, seed: 42)
            let folder = try temporaryFolder()
            let writer = try LedgerWriter(folder: folder, language: language, byteOrderMark: language == .zh)
            _ = try sim.run(into: writer)
            try writer.commit()
            let read = try LedgerReader.read(folder: folder, options: LedgerReadOptions(today: testToday))
            #expect(read.findings.filter { $0.severity == .error }.isEmpty)
            let expected = sim.ledger()
            #expect(read.ledger.enterprises == expected.enterprises)
            #expect(read.ledger.allStatusEvents == expected.allStatusEvents)
            #expect(read.ledger.risk == expected.risk)
            #expect(read.ledger.riskPoints == expected.riskPoints)
        }
    }

    @Test func ledgerWriterRoundTripsAnyLedger() throws {
        let ledger = try LedgerReader.read(folder: fixture("ledger-zh-gb18030"), options: LedgerReadOptions(today: testToday)).ledger
        let folder = try temporaryFolder()
        try LedgerWriter.write(ledger, to: folder)
        let again = try LedgerReader.read(folder: folder, options: LedgerReadOptions(today: testToday))
        #expect(again.findings.isEmpty)
        #expect(again.ledger.enterprises == ledger.enterprises && again.ledger.allStatusEvents == ledger.allStatusEvents)
        #expect(again.ledger.risk == ledger.risk && again.ledger.riskPoints == ledger.riskPoints)
    }

    @Test func sameSeedSameTownDifferentSeedDifferentTown() {
        let a = TownSimulation(enterprises: 60, seed: 7), b = TownSimulation(enterprises: 60, seed: 7)
        #expect((0..<60).map { a.enterprise(at: $0) } == (0..<60).map { b.enterprise(at: $0) })
        let c = TownSimulation(enterprises: 60, seed: 8)
        #expect(a.enterprise(at: 10) != c.enterprise(at: 10))
        // Enterprise i does not depend on the town's size (streaming).
        #expect(TownSimulation(enterprises: 1000, seed: 7).enterprise(at: 30) == a.enterprise(at: 30))
    }

    @Test func idsAreUniqueValidCreditCodesOrLegacyNumbers() {
        let sim = TownSimulation(enterprises: 2000, seed: 3)
        var seen = Set<String>()
        for i in 0..<2000 {
            let id = sim.enterprise(at: i).enterprise.id
            #expect(seen.insert(id).inserted)
            let check = EnterpriseID.checkCreditCode(id)
            #expect(check == .valid || (check == .notACreditCode && id.count == 15))
        }
    }

    @Test func timelinesAreOrderedInsideTheWindowAndTheOpenPeriod() {
        let sim = TownSimulation(enterprises: 400, seed: 11)
        for i in 0..<400 {
            let s = sim.enterprise(at: i)
            let dates = s.events.map(\.date)
            #expect(dates == dates.sorted() && Set(dates).count == dates.count)
            #expect(dates.allSatisfy { $0 <= sim.end })
            if let closed = s.enterprise.closedOn { #expect(dates.allSatisfy { $0 < closed }) }
            #expect(s.risk.allSatisfy { $0.period.lastDay <= sim.end })
            #expect(s.events.allSatisfy { ($0.score ?? 80) >= 0 && ($0.score ?? 80) <= 100 })
        }
    }

    @Test func theTownHasWhatEveryAnalysisNeeds() {
        let ledger = TownSimulation(enterprises: 800, seed: 20230101).ledger()
        let plan = Campaign.townPlan
        // Every key industry has a benchmark completed before the benchmark deadline.
        for industry in plan.keyIndustries {
            #expect(ledger.enterprises.contains {
                $0.industry == industry && $0.isBenchmark && ledger.isCompleted($0, on: plan.benchmarkDeadline)
            }, "\(industry)")
        }
        let events = ledger.allStatusEvents
        #expect(events.contains { $0.status == .lapsed })
        #expect(ledger.enterprises.contains { $0.openedOn != nil } && ledger.enterprises.contains { $0.closedOn != nil })
        #expect(ledger.risk.contains { $0.deaths > 0 })
        #expect(Set(ledger.enterprises.map(\.community)).count == 8)
        #expect(Set(ledger.enterprises.map(\.department)).count == 5)
        // Completion grows through the milestones but communities differ.
        let shares = plan.milestones.map { m -> Double in
            let c = ledger.completion(on: m.date); return Double(c.completed) / Double(c.open)
        }
        #expect(shares[0] > 0.15 && shares[0] < 0.5 && shares[1] > shares[0] && shares[2] > shares[1])
        let byCommunity = Set(ledger.enterprises.map(\.community)).map { name -> Double in
            let c = ledger.completion(on: plan.milestones[0].date) { $0.community == name }
            return Double(c.completed) / Double(c.open)
        }
        #expect(byCommunity.max()! - byCommunity.min()! > 0.1)
        // Completions bunch in the last weeks before the first milestone.
        let completions = events.filter { $0.status.countsAsCompleted && $0.date.year == 2023 }
        let lastMonths = completions.filter { $0.date.month >= 11 }.count
        #expect(Double(lastMonths) / Double(completions.count) > 2.0 / 12.0 * 1.5)
        // Completed enterprises report fewer hazards.
        let done = ledger.risk.filter { ledger.isCompleted(ledger.enterprise(id: $0.enterpriseID)!, on: $0.period.lastDay) }
        let notDone = ledger.risk.filter { !ledger.isCompleted(ledger.enterprise(id: $0.enterpriseID)!, on: $0.period.lastDay) }
        let mean: ([RiskObservation]) -> Double = { Double($0.map(\.hazardsGeneral).reduce(0, +)) / Double($0.count) }
        #expect(mean(done) < mean(notDone))
    }

    @Test func dirtyTownTriggersEveryInjectedRule() throws {
        let sim = TownSimulation(enterprises: 250, seed: 5, dirty: true)
        let folder = try temporaryFolder()
        let writer = try LedgerWriter(folder: folder)
        let summary = try sim.run(into: writer)
        try writer.commit()
        #expect(Set(summary.defects) == Set(DirtyDefect.allCases))
        let r = try LedgerReader.read(folder: folder, options: LedgerReadOptions(today: testToday))
        let found = Set(r.findings.map(\.rule))
        for defect in DirtyDefect.allCases { #expect(found.contains(defect.rule), "\(defect)") }
        #expect(r.findings.filter { $0.rule == .creditCodeCheck }.allSatisfy { $0.severity == .warning })
        #expect(r.hasErrors)
    }
}
