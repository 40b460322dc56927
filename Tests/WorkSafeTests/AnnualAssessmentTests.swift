import Testing
@testable import WorkSafe

/// The annual scores of `AssessmentFixture` recomputed by hand from RULES.md (defaults).
///
/// Schedule (序时进度) in 2024, linear from 30 % on 2023-12-31 to 80 % on 2024-12-31 (366 days):
/// 31 Mar (day 91) 30 + 50·91/366 = 42.43; 30 Jun (182) 54.86; 30 Sep (274) 67.43; 31 Dec 80.
@Suite struct AnnualAssessmentTests {
    let assessment = try! AnnualAssessment(ledger: AssessmentFixture.ledger(), year: 2024)

    func score(_ u: AssessmentUnit) throws -> AnnualScore {
        try #require(assessment.scores.first { $0.unit == u })
    }

    @Test func targetIsTheYearsMilestone() {
        #expect(assessment.targetPercent == 80)
        #expect(assessment.targetDate == Day(iso: "2024-12-31")!)
    }

    /// Community A: a1..a4 completed by 20 Mar → 4/5 = 80 % at every quarter end of 2024.
    /// Reached at the end of Q1 and held: 3 quarters early → bonus min(15, 3·5) = 15; base 85.
    /// Never behind (80 ≥ 42.43, 54.86, 67.43, 80). a2: 2 major hazards, 1 rectified → 1 open →
    /// 2 points. Key industries present: 工贸 (a1 benchmark, completed) and 危险化学品 (a2, no
    /// benchmark) → 1 missing → 5 points. Total 85 + 15 − 0 − 2 − 5 = 93 ≥ 90, no veto: eligible.
    @Test func communityAReachedEarly() throws {
        let a = try score(.community("A"))
        #expect(a.enterprises == 5 && a.completed == 4 && a.sharePercent == 80)
        #expect(a.reachedTarget && a.reachedQuarter == Quarter("2024Q1") && a.quartersEarly == 3)
        #expect(a.quartersBehind.isEmpty)
        #expect(a.basePoints == 85 && a.bonusPoints == 15 && a.scheduleDeduction == 0)
        #expect(a.openMajorHazards == 1 && a.hazardDeduction == 2)
        #expect(a.missingBenchmarks == ["危险化学品"] && a.benchmarkDeduction == 5)
        #expect(a.total == 93 && a.vetoedEnterprises == 0 && a.awardEligible && a.rank == 1)
    }

    /// Community B: Q1 b1, b5 of 5 = 40 % (< 42.43); Q2 (b5 closed 1 Jun) 1/4 = 25 %; Q3 2/4 =
    /// 50 %; Q4 3/4 = 75 % < 80: behind at all four → 4·3 = 12. Missed: base 85·75/80 = 79.6875.
    /// b1's 3 major hazards were rectified → 0. b4's death in 2024Q3 vetoes it.
    /// Total 79.6875 − 12 = 67.6875; not eligible (below 90 and vetoed).
    @Test func communityBIsLateAndVetoed() throws {
        let b = try score(.community("B"))
        #expect(b.enterprises == 4 && b.completed == 3 && b.sharePercent == 75)
        #expect(!b.reachedTarget && b.reachedQuarter == nil && b.quartersEarly == 0 && b.bonusPoints == 0)
        #expect(b.quartersBehind.map(\.description) == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"])
        #expect(b.scheduleDeduction == 12 && b.hazardDeduction == 0 && b.benchmarkDeduction == 0)
        #expect(abs(b.basePoints - 79.6875) < 1e-12 && abs(b.total - 67.6875) < 1e-12)
        #expect(b.vetoedEnterprises == 1 && !b.awardEligible && b.rank == 2)
    }

    /// Department D1 = a1..a4: 100 % from the end of Q1 → base 85, bonus 15, hazards 2,
    /// 危险化学品 missing 5 → 93.
    /// Department D2 = a5, b1..b5: Q1 2/6 = 33.3 %, Q2 1/5, Q3 2/5, Q4 3/5 = 60 % → behind 4×
    /// → 12; base 85·60/80 = 63.75; total 51.75; b4 vetoed.
    @Test func departments() throws {
        let d1 = try score(.department("D1")), d2 = try score(.department("D2"))
        #expect(d1.total == 93 && d1.reachedQuarter == Quarter("2024Q1") && d1.awardEligible)
        #expect(d2.sharePercent == 60 && d2.basePoints == 63.75 && d2.scheduleDeduction == 12)
        #expect(d2.total == 51.75 && d2.vetoedEnterprises == 1 && !d2.awardEligible)
        #expect(assessment.scores.map(\.unit.description)
            == ["community:A", "community:B", "department:D1", "department:D2"])
    }

    @Test func vetoListNamesTheAccident() {
        #expect(assessment.vetoes.count == 1)
        let v = assessment.vetoes[0]
        #expect(v.enterpriseID == "b4" && v.name == "企业B4" && v.community == "B" && v.department == "D2")
        #expect(v.quarter == Quarter("2024Q3") && v.deaths == 1 && v.accidents == 1 && v.injuries == 2)
        let zh = assessment.vetoTable(language: .zh)
        #expect(zh.headers.contains("死亡人数"))
        #expect(zh.rows[0][5] == .text("2024年第3季度"))
    }

    /// With `veto_blocks_unit_award = false` and an award threshold of 60, B (67.69) becomes
    /// eligible even with its vetoed enterprise; a lower bonus rate changes A's bonus to 3·2 = 6.
    @Test func rulesChangeTheScore() throws {
        var rules = AssessmentRules()
        rules.vetoBlocksUnitAward = false
        rules.awardMinimumTotal = 60
        rules.bonusPerQuarterEarly = 2
        let a = try AnnualAssessment(ledger: AssessmentFixture.ledger(), year: 2024, rules: rules)
        let b = try #require(a.scores.first { $0.unit == .community("B") })
        let ca = try #require(a.scores.first { $0.unit == .community("A") })
        #expect(b.awardEligible && b.vetoedEnterprises == 1)
        #expect(ca.bonusPoints == 6 && ca.total == 84)
    }

    /// Before the benchmark deadline nothing is deducted for benchmarks; in 2023 the target is
    /// 30 % on 2023-12-31. A on 2023-12-31: a1 only → 1/5 = 20 % → base 85·20/30.
    /// The 2023Q4 fatal accident of a3 vetoes it for 2023.
    @Test func earlierYear() throws {
        let a = try AnnualAssessment(ledger: AssessmentFixture.ledger(), year: 2023)
        let ca = try #require(a.scores.first { $0.unit == .community("A") })
        #expect(a.targetPercent == 30)
        #expect(abs(ca.basePoints - 85.0 * 20 / 30) < 1e-12)
        // 危险化学品 (a2) has no benchmark and the deadline (2023-12-31) is the year end: due.
        #expect(ca.benchmarkDeduction == 5)
        #expect(a.vetoes.map(\.enterpriseID) == ["a3"])
    }

    @Test func tableHasEveryPartAsAColumn() {
        let en = assessment.scoreTable()
        #expect(en.headers.count == AnnualAssessment.columns.count)
        #expect(en.headers.contains("base_points") && en.headers.contains("award_eligible"))
        let b = en.rows[1]
        #expect(b[1] == .text("B"))
        #expect(b[en.headers.firstIndex(of: "total")!].formatted == "67.69")
        #expect(b[en.headers.firstIndex(of: "award_eligible")!] == .text("no"))
        let zh = assessment.scoreTable(language: .zh)
        #expect(zh.headers.contains("总分") && zh.rows[0][zh.headers.firstIndex(of: "评优资格")!] == .text("是"))
        #expect(zh.rows[1][zh.headers.firstIndex(of: "落后序时季度")!]
            == .text("2024年第1季度、2024年第2季度、2024年第3季度、2024年第4季度"))
    }

    @Test func badYearAndBadRulesAreTypedErrors() {
        #expect(throws: AssessmentError.invalidYear(0)) {
            try AnnualAssessment(ledger: AssessmentFixture.ledger(), year: 0)
        }
        var rules = AssessmentRules()
        rules.basePoints = .nan
        #expect(throws: AssessmentError.self) {
            try AnnualAssessment(ledger: AssessmentFixture.ledger(), year: 2024, rules: rules)
        }
    }

    @Test func emptyLedgerScoresNothing() throws {
        let a = try AnnualAssessment(ledger: Ledger(enterprises: [], statusEvents: []), year: 2024)
        #expect(a.scores.isEmpty && a.vetoes.isEmpty)
    }
}
