import Foundation
import Testing
@testable import WorkSafe

/// One test per validation rule: a valid ledger with one line broken.
@Suite struct LedgerValidationTests {
    let base = LedgerText()

    func replacing(_ keyPath: WritableKeyPath<LedgerText, String>, _ old: String, _ new: String) -> LedgerText {
        var t = base
        precondition(t[keyPath: keyPath].contains(old), "fixture text lacks \(old)")
        t[keyPath: keyPath] = t[keyPath: keyPath].replacingOccurrences(of: old, with: new)
        return t
    }

    func appending(_ keyPath: WritableKeyPath<LedgerText, String>, _ line: String) -> LedgerText {
        var t = base
        t[keyPath: keyPath] += "\n" + line
        return t
    }

    @Test func baseLedgerIsClean() throws {
        let r = try base.read()
        #expect(r.findings.isEmpty)
        #expect(r.ledger.enterprises.count == 2 && r.ledger.allStatusEvents.count == 3)
        #expect(r.ledger.risk.count == 1 && r.ledger.riskPoints.count == 2)
    }

    @Test func wrongCheckCharacterIsOnlyAWarning() throws {
        let r = try replacing(\.enterprises, "91350100M000100Y43,甲", "91350100M000100Y44,甲")
            .read()
        #expect(r.warningRules == [.creditCodeCheck] && r.errorRules.contains(.unknownEnterprise))
        #expect(r.ledger.enterprise(id: "91350100M000100Y44") != nil)
        let finding = try #require(r.findings.first)
        #expect(finding.file == "enterprises.csv" && finding.line == 2 && finding.column == "id")
    }

    @Test func duplicateIDsAfterNormalisation() throws {
        let r = try appending(\.enterprises, " ９１３５０１００ｍ０００１００ｙ４３ ,重复,东湖社区,应急管理办,工贸,small,,,").read()
        #expect(r.errorRules == [.duplicateID])
        #expect(r.findings[0].line == 4 && r.findings[0].message.contains("line 2"))
        #expect(r.ledger.enterprises.count == 2)
        #expect(r.rejects.map(\.line) == [4])
    }

    @Test func unknownSizeStatusBenchmarkAndMethod() throws {
        #expect(try replacing(\.enterprises, ",large,", ",huge,").read().errorRules == [.unknownCategory])
        #expect(try replacing(\.status, "level3", "done").read().errorRules == [.unknownCategory])
        #expect(try replacing(\.enterprises, ",true", ",maybe").read().errorRules == [.unknownCategory])
        #expect(try replacing(\.riskPoints!, ",lec,", ",hazop,").read().errorRules == [.unknownCategory])
    }

    @Test func impossibleDatesAndExcelSerials() throws {
        #expect(try replacing(\.status, "2024-01-10", "2023-02-29").read().errorRules == [.invalidDate])
        #expect(try replacing(\.status, "2024-01-10", "45300").read().findings[0].message.contains("Excel date serial"))
        #expect(try replacing(\.enterprises, "2023-05-01", "1850-05-01").read().errorRules == [.invalidDate])
        #expect(try replacing(\.status, "2024-01-10", "yesterday").read().errorRules == [.invalidDate])
    }

    @Test func futureDatesAndPeriods() throws {
        #expect(try replacing(\.status, "2024-01-10", "2026-11-30").read().errorRules == [.futureDate])
        #expect(try replacing(\.status, "2024-01-10", "2026-11-29").read().errorRules.isEmpty)
        #expect(try replacing(\.risk, "2024Q1", "2027Q1").read().errorRules == [.futureDate])
    }

    @Test func closedBeforeOpened() throws {
        let r = try replacing(\.enterprises, "2023-05-01,,", "2023-05-01,2023-04-30,").read()
        #expect(r.errorRules == [.closedBeforeOpened])
        // Its status row is rejected with it, as a consequence, not as a second finding.
        #expect(r.rejects.count == 2 && r.rejects[1].file == "status.csv")
        #expect(try replacing(\.enterprises, "2023-05-01,,", "2023-05-01,2023-05-01,").read().errorRules == [.closedBeforeOpened])
    }

    @Test func statusForUnknownEnterprise() throws {
        let r = try appending(\.status, "91440300708461136T,2024-02-01,in_progress,").read()
        #expect(r.errorRules == [.unknownEnterprise])
        #expect(r.findings[0].enterpriseID == "91440300708461136T" && r.findings[0].line == 5)
        #expect(try appending(\.risk, "X1,2024Q1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0").read().errorRules == [.unknownEnterprise])
        #expect(try appending(\.riskPoints!, "X1,配电,lec,1,1,1,").read().errorRules == [.unknownEnterprise])
    }

    @Test func scoresOutOfRange() throws {
        #expect(try replacing(\.status, "self_assessed,90", "self_assessed,100.5").read().errorRules == [.scoreOutOfRange])
        #expect(try replacing(\.status, "self_assessed,90", "self_assessed,100").read().errorRules.isEmpty)
        #expect(try replacing(\.risk, "2024Q1,80,", "2024Q1,-1,").read().errorRules == [.scoreOutOfRange])
        #expect(try replacing(\.riskPoints!, "lec,6,6,15", "lec,6,6,150").read().errorRules == [.scoreOutOfRange])
        #expect(try replacing(\.riskPoints!, "ls,3,,,4", "ls,3,,,6").read().errorRules == [.scoreOutOfRange])
    }

    @Test func excelMangledIDs() throws {
        let r = try appending(\.status, "9.13501E+17,2024-02-01,in_progress,").read()
        #expect(r.errorRules == [.excelMangledNumber])
        let w = try replacing(\.enterprises, "91310000607216596U,乙", "913100006072165000,乙").read()
        #expect(w.warningRules.contains(.excelMangledNumber))
    }

    @Test func numbersCountsAndConsistency() throws {
        #expect(try replacing(\.risk, ",3,1,4,1,0,", ",three,1,4,1,0,").read().errorRules == [.invalidNumber])
        #expect(try replacing(\.risk, ",3,1,4,1,0,", ",3,1,4,1,-1,").read().errorRules == [.negativeCount])
        #expect(try replacing(\.risk, ",3,1,4,1,0,", ",3,1,4,2,0,").read().errorRules == [.inconsistentCounts])
        #expect(try replacing(\.risk, ",3,1,4,1,0,", ",3,1,5,1,0,").read().errorRules == [.inconsistentCounts])
        let deaths = try replacing(\.risk, ",0,0,0,0,0,1,2,3", ",0,0,1,0,0,1,2,3").read()
        #expect(deaths.errorRules.isEmpty && deaths.warningRules == [.inconsistentCounts])
    }

    @Test func periodsMustBeQuartersOncePerEnterprise() throws {
        #expect(try replacing(\.risk, "2024Q1", "2024Q5").read().errorRules == [.invalidPeriod])
        let line = base.risk.split(separator: "\n").last!
        #expect(try appending(\.risk, String(line)).read().errorRules == [.duplicatePeriod])
    }

    @Test func missingValuesAndRaggedRows() throws {
        #expect(try replacing(\.enterprises, ",东湖社区,", ",,").read().errorRules == [.missingValue])
        #expect(try replacing(\.status, "2024-01-10,level3,", "2024-01-10,level3,,extra").read().errorRules == [.raggedRow])
        #expect(try replacing(\.risk, "2024Q1,80,", "2024Q1,,").read().errorRules == [.missingValue])
        #expect(try replacing(\.riskPoints!, "lec,6,6,15", "lec,6,,15").read().errorRules == [.missingValue])
    }

    @Test func statusBeforeOpeningIsAWarning() throws {
        let r = try replacing(\.status, "2024-01-10,level3", "2023-04-01,level3").read()
        #expect(r.errorRules.isEmpty && r.warningRules == [.statusBeforeOpening])
    }

    /// Issue 19, item 14: a status after the closing was accepted without a word.
    @Test func statusAfterClosingIsAWarning() throws {
        let r = try replacing(\.enterprises, ",medium,2023-05-01,,", ",medium,2023-05-01,2024-01-01,").read()
        #expect(r.errorRules.isEmpty && r.warningRules == [.statusAfterClosing])
        #expect(r.findings.first?.message.contains("after the enterprise closed on 2024-01-01") == true)
        // On the closing day itself: no warning.
        let same = try replacing(\.enterprises, ",medium,2023-05-01,,", ",medium,2023-05-01,2024-01-10,").read()
        #expect(same.findings.isEmpty)
    }

    @Test func missingRequiredFileOrColumnIsADataError() throws {
        var t = base
        t.status = "id,date\n"
        #expect(throws: DataError.self) { try t.read() }
        let folder = try temporaryFolder()
        #expect(throws: DataError.self) { try LedgerReader.read(folder: folder) }
    }

    @Test func errorsRefuseUnlessSkipping() throws {
        let r = try replacing(\.enterprises, ",large,", ",huge,").read()
        #expect(throws: DataError.self) { try r.ledger(skipInvalid: false) }
        let ledger = try r.ledger(skipInvalid: true)
        #expect(ledger.enterprises.map(\.id) == ["91310000607216596U"])
        // Every row of the rejected enterprise is accounted for in the rejects.
        #expect(r.rejects.map(\.file) == ["enterprises.csv", "status.csv", "status.csv", "risk.csv",
                                          "risk_points.csv", "risk_points.csv"])
        #expect(r.rejects[0].reason.contains("huge") && r.rejects[0].fields[0] == "91350100M000100Y43")
    }

    @Test func everyRuleHasATest() {
        // The rules exercised above; a new rule must be added here with its test.
        let tested: Set<LedgerRule> = [.raggedRow, .missingValue, .invalidNumber, .unknownCategory, .invalidDate,
                                       .futureDate, .closedBeforeOpened, .duplicateID, .unknownEnterprise,
                                       .scoreOutOfRange, .negativeCount, .inconsistentCounts, .invalidPeriod,
                                       .duplicatePeriod, .excelMangledNumber, .creditCodeCheck, .statusBeforeOpening,
                                       .statusAfterClosing]
        #expect(tested == Set(LedgerRule.allCases))
    }
}
