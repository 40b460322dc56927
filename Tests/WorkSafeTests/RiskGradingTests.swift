import Foundation
import Testing
@testable import WorkSafe

private func lec(_ l: Double, _ e: Double, _ c: Double, id: String = "E1", name: String = "p") -> RiskPoint {
    RiskPoint(enterpriseID: id, name: name, method: .lec, l: l, e: e, c: c)
}

private func ls(_ l: Double, _ s: Double, id: String = "E1", name: String = "p") -> RiskPoint {
    RiskPoint(enterpriseID: id, name: name, method: .ls, l: l, s: s)
}

private func observation(id: String = "E1", period: String = "2024Q3", counts: [Int] = [0, 0, 0, 0],
                         major: Int = 0, majorRectified: Int = 0, deaths: Int = 0) -> RiskObservation {
    RiskObservation(enterpriseID: id, period: Quarter(period)!, elementScores: Array(repeating: 80, count: 8),
                    hazardsGeneral: 2, hazardsMajor: major, hazardsRectified: 2 + majorRectified,
                    majorHazardsRectified: majorRectified, violations: 0, accidents: deaths > 0 ? 1 : 0,
                    deaths: deaths, injuries: 0, riskPoints: counts)
}

@Suite struct RiskBandsTests {
    @Test("LEC bands: a value on a boundary takes the higher colour",
          arguments: [(400.0, RiskLevel.red), (320, .red), (319.99, .orange), (160, .orange),
                      (159.99, .yellow), (70, .yellow), (69.99, .blue), (0.1, .blue)])
    func lecBoundaries(d: Double, expected: RiskLevel) {
        #expect(RiskBands.lecDefault.level(of: d) == expected)
    }

    @Test("LS bands: 20–25 red, 15–19 orange, 9–14 yellow, 1–8 blue",
          arguments: [(25.0, RiskLevel.red), (20, .red), (19, .orange), (16, .orange), (15, .orange),
                      (14, .yellow), (12, .yellow), (9, .yellow), (8, .blue), (1, .blue)])
    func lsBoundaries(r: Double, expected: RiskLevel) {
        #expect(RiskBands.lsDefault.level(of: r) == expected)
    }

    @Test func pointScoresAreProductsOfTheFactors() throws {
        let grader = RiskGrader()
        let d = try grader.grade(lec(3, 6, 15))  // 270
        #expect(d.score == 270 && d.level == .orange)
        #expect(d.formula == "LEC D = 3 × 6 × 15 = 270")
        #expect(try grader.grade(lec(1, 6, 40)).level == .orange)  // 240
        #expect(try grader.grade(lec(10, 2, 16)).level == .red)   // exactly 320
        #expect(try grader.grade(lec(1, 7, 10)).level == .yellow) // exactly 70
        let r = try grader.grade(ls(4, 5))
        #expect(r.score == 20 && r.level == .red && r.formula == "LS R = 4 × 5 = 20")
        #expect(try grader.grade(ls(3, 3)).level == .yellow)      // 9
        #expect(try grader.grade(ls(2, 4)).level == .blue)        // 8
    }

    @Test func missingOrNonPositiveFactorsAreTypedErrors() {
        let grader = RiskGrader()
        #expect(throws: RiskError.invalidRiskPoint(enterpriseID: "E1", point: "p", detail: "LEC needs E")) {
            try grader.grade(RiskPoint(enterpriseID: "E1", name: "p", method: .lec, l: 3, c: 7))
        }
        #expect(throws: RiskError.self) { try grader.grade(ls(0, 3)) }
        #expect(throws: RiskError.self) { try grader.grade(ls(.nan, 3)) }
        #expect(throws: RiskError.self) { try grader.grade(RiskPoint(enterpriseID: "E1", name: "p", method: .ls, l: 3)) }
    }

    @Test func customBandsMoveTheBoundaries() throws {
        var rules = GradingRules()
        rules.lec = RiskBands(red: 400, orange: 200, yellow: 70)
        let grader = RiskGrader(rules: rules)
        #expect(try grader.grade(lec(10, 2, 16)).level == .orange)  // 320 < 400
        #expect(try grader.grade(lec(10, 2, 20)).level == .red)     // 400
    }
}

@Suite struct EnterpriseGradingTests {
    let grader = RiskGrader()

    @Test func highestPointLevelByDefault() throws {
        let points = [lec(1, 6, 7, name: "仓库"), lec(3, 6, 40, name: "液氨储罐"), ls(2, 3, name: "配电房")]
        let g = try grader.grade(enterpriseID: "E1", points: points, observation: nil, status: .level2)
        #expect(g.source == .riskPoints)
        #expect(g.pointCounts == [2, 0, 0, 1])  // 42 blue, 720 red, 6 blue
        #expect(g.level == .red && g.baseLevel == .red)
        #expect(g.topPoint?.point.name == "液氨储罐")
        #expect(g.reason.contains("LEC D = 3 × 6 × 40 = 720 (D ≥ 320) → red"))
        #expect(g.chineseReason.contains("液氨储罐"))
        #expect(g.inspectionsPerYear == 10)  // red × level 2
    }

    @Test func countingRuleNeedsTwoRedPointsForRed() throws {
        var rules = GradingRules()
        rules.aggregation = .counting(red: 2, orange: 1, yellow: 1)
        let counting = RiskGrader(rules: rules)
        let oneRed = [lec(3, 6, 40), lec(1, 6, 7), lec(1, 6, 7), lec(1, 6, 7)]
        #expect(try counting.grade(enterpriseID: "E1", points: oneRed, observation: nil, status: nil).level == .orange)
        let twoRed = oneRed + [lec(10, 2, 16)]
        #expect(try counting.grade(enterpriseID: "E1", points: twoRed, observation: nil, status: nil).level == .red)
        // With (1, 1, 1) the counting rule is the highest rule.
        #expect(AggregationRule.counting(red: 1, orange: 1, yellow: 1).level(fromCounts: [3, 1, 0, 0]) == .yellow)
        #expect(AggregationRule.counting(red: 1, orange: 2, yellow: 3).level(fromCounts: [5, 2, 0, 0]) == .blue)
        // blue 5, yellow 2, orange 1: one point at orange or above (< 2), three at yellow or above.
        #expect(AggregationRule.counting(red: 1, orange: 2, yellow: 3).level(fromCounts: [5, 2, 1, 0]) == .yellow)
        #expect(AggregationRule.counting(red: 1, orange: 2, yellow: 3).level(fromCounts: [5, 0, 1, 1]) == .red)
        #expect(AggregationRule.counting(red: 2, orange: 2, yellow: 3).level(fromCounts: [5, 0, 1, 1]) == .orange)
    }

    @Test func colourCountsOfRiskCsvWhenThereAreNoPoints() throws {
        let o = observation(counts: [4, 1, 2, 0])
        let g = try grader.grade(enterpriseID: "E1", points: [], observation: o, status: .compliant)
        #expect(g.source == .colourCounts && g.level == .orange && g.pointCounts == [4, 1, 2, 0])
        #expect(g.reason.contains("risk.csv 2024Q3 counts red 0, orange 2, yellow 1, blue 4"))
        #expect(g.inspectionsPerYear == 6)
        let none = try grader.grade(enterpriseID: "E1", points: [], observation: nil, status: nil)
        #expect(none.source == .none && none.level == .blue && none.inspectionsPerYear == 2)
        let zero = try grader.grade(enterpriseID: "E1", points: [], observation: observation(), status: nil)
        #expect(zero.source == .colourCounts && zero.level == .blue)
    }

    @Test func openMajorHazardOrFatalAccidentUpgradesOneLevel() throws {
        let open = observation(counts: [0, 3, 0, 0], major: 2, majorRectified: 1)
        let g = try grader.grade(enterpriseID: "E1", points: [], observation: open, status: nil)
        #expect(g.baseLevel == .yellow && g.level == .orange)
        #expect(g.upgrades == [.openMajorHazards(count: 1)])
        #expect(g.reason.contains("upgraded one level to orange: 1 major hazard not rectified in 2024Q3"))
        let rectified = observation(counts: [0, 3, 0, 0], major: 2, majorRectified: 2)
        #expect(try grader.grade(enterpriseID: "E1", points: [], observation: rectified, status: nil).level == .yellow)
        // Both causes: still one level only.
        let both = observation(counts: [0, 3, 0, 0], major: 1, deaths: 1)
        let b = try grader.grade(enterpriseID: "E1", points: [], observation: both, status: nil)
        #expect(b.level == .orange && b.upgrades.count == 2)
        // Red stays red.
        let red = observation(counts: [0, 0, 0, 1], deaths: 2)
        let r = try grader.grade(enterpriseID: "E1", points: [], observation: red, status: nil)
        #expect(r.level == .red && r.reason.contains("already red"))
        // Switched off in the rules.
        var rules = GradingRules()
        rules.upgradeForFatalAccident = false
        rules.upgradeForOpenMajorHazard = false
        #expect(try RiskGrader(rules: rules).grade(enterpriseID: "E1", points: [], observation: both, status: nil).level == .yellow)
    }

    @Test func methodSelectsThePointsAndFallsBackToCounts() throws {
        let points = [lec(3, 6, 40), ls(2, 4)]
        let o = observation(counts: [0, 1, 0, 0])
        #expect(try RiskGrader(method: .ls).grade(enterpriseID: "E1", points: points, observation: o, status: nil).level == .blue)
        #expect(try RiskGrader(method: .lec).grade(enterpriseID: "E1", points: points, observation: o, status: nil).level == .red)
        let onlyLS = try RiskGrader(method: .lec).grade(enterpriseID: "E1", points: [ls(5, 5)], observation: o, status: nil)
        #expect(onlyLS.source == .colourCounts && onlyLS.level == .yellow)
    }

    @Test func supervisionTableByColourAndGrade() {
        let t = SupervisionTable.default
        #expect(t.inspectionsPerYear(level: .red, grade: .none) == 12)
        #expect(t.inspectionsPerYear(level: .red, grade: .level1) == 8)
        #expect(t.inspectionsPerYear(level: .orange, grade: .level3) == 6)
        #expect(t.inspectionsPerYear(level: .yellow, grade: .level1) == 1)
        #expect(t.inspectionsPerYear(level: .blue, grade: .none) == 2)
        #expect(SupervisionGrade(status: .completed) == .compliant)
        #expect(SupervisionGrade(status: .lapsed) == SupervisionGrade.none)
        #expect(SupervisionGrade(status: nil) == SupervisionGrade.none)
    }

    @Test func ledgerGradingUsesTheLatestPeriodAndTheStatusAtItsEnd() throws {
        let e1 = Enterprise(id: "E1", name: "甲", community: "c", department: "d", industry: "工贸", size: .small)
        let e2 = Enterprise(id: "E2", name: "乙", community: "c", department: "d", industry: "工贸", size: .large)
        let e3 = Enterprise(id: "E3", name: "丙", community: "c", department: "d", industry: "工贸", size: .large)
        let events = [StatusEvent(enterpriseID: "E2", date: Day(year: 2024, month: 9, day: 30)!, status: .level2),
                      StatusEvent(enterpriseID: "E2", date: Day(year: 2024, month: 10, day: 1)!, status: .level1)]
        let risk = [observation(id: "E2", period: "2024Q3", counts: [0, 0, 1, 0]),
                    observation(id: "E2", period: "2024Q2", counts: [0, 0, 0, 5]),
                    observation(id: "E3", period: "2024Q2", counts: [1, 0, 0, 0])]
        let ledger = Ledger(enterprises: [e1, e2, e3], statusEvents: events, risk: risk,
                            riskPoints: [lec(3, 6, 40, id: "E1")])
        let grades = try RiskGrader().grade(ledger: ledger)
        #expect(grades.map(\.enterpriseID) == ["E1", "E2", "E3"])
        #expect(grades[0].source == .riskPoints && grades[0].level == .red && grades[0].period == nil)
        #expect(grades[1].period == Quarter("2024Q3") && grades[1].level == .orange)
        #expect(grades[1].standardization == .level2)  // status on 2024-09-30, not the later level1
        #expect(grades[2].level == .blue)
        let q2 = try RiskGrader().grade(ledger: ledger, period: Quarter("2024Q2"))
        #expect(q2[1].level == .red && q2[1].standardization == SupervisionGrade.none)
    }
}

@Suite struct GradingRulesTests {
    @Test func partialJSONOverridesOnlyWhatItNames() throws {
        let json = #"{"lec": {"red": 400, "orange": 200, "yellow": 80}, "aggregation": {"rule": "counting", "red": 2}}"#
        let rules = try GradingRules.load(json: Data(json.utf8))
        #expect(rules.lec == RiskBands(red: 400, orange: 200, yellow: 80))
        #expect(rules.ls == .lsDefault)
        #expect(rules.aggregation == .counting(red: 2, orange: 1, yellow: 1))
        #expect(rules.supervision == .default && rules.upgradeForFatalAccident)
    }

    @Test func defaultsRoundTripThroughJSON() throws {
        let data = try GradingRules.default.jsonData()
        #expect(try GradingRules.load(json: data) == .default)
        #expect(try GradingRules.load(json: Data("{}".utf8)) == .default)
    }

    @Test func badRulesAreTypedErrorsNamingTheProblem() throws {
        #expect(throws: RiskError.invalidRules(detail: "lec bands must satisfy red > orange > yellow, got 100, 160, 70")) {
            try GradingRules.load(json: Data(#"{"lec": {"red": 100, "orange": 160, "yellow": 70}}"#.utf8))
        }
        #expect(throws: RiskError.self) { try GradingRules.load(json: Data(#"{"lecc": {}}"#.utf8)) }
        #expect(throws: RiskError.self) { try GradingRules.load(json: Data(#"{"aggregation": {"rule": "mean"}}"#.utf8)) }
        #expect(throws: RiskError.self) { try GradingRules.load(json: Data(#"{"aggregation": {"rule": "counting", "red": 0}}"#.utf8)) }
        #expect(throws: RiskError.self) { try GradingRules.load(json: Data("not json".utf8)) }
        #expect(throws: RiskError.self) { try GradingRules.load(json: Data(#"{"lec": {"red": "high"}}"#.utf8)) }
        do {
            _ = try GradingRules.load(json: Data(#"{"lecc": {}}"#.utf8))
        } catch let error as RiskError {
            #expect(error.description.contains("unknown key \"lecc\""))
        }
    }

    /// Issue 19, item 14: nested objects are partial too, as the docs say.
    @Test func partialNestedRulesKeepTheOtherDefaults() throws {
        let rules = try GradingRules.load(json: Data(#"{"lec": {"red": 400}, "supervision": {"red": {"none": 24}}}"#.utf8))
        #expect(rules.lec == RiskBands(red: 400, orange: 160, yellow: 70))
        #expect(rules.ls == .lsDefault)
        #expect(rules.supervision.red.none == 24 && rules.supervision.red.level1 == 8)
        #expect(rules.supervision.orange == SupervisionTable.default.orange)
        // Unknown keys inside a nested object are still refused, with the path.
        #expect(throws: RiskError.self) { try GradingRules.load(json: Data(#"{"lec": {"redd": 400}}"#.utf8)) }
        #expect(throws: RiskError.self) { try GradingRules.load(json: Data(#"{"supervision": {"purple": {}}}"#.utf8)) }
        #expect(throws: RiskError.self) { try GradingRules.load(json: Data(#"{"supervision": {"red": {"level4": 1}}}"#.utf8)) }
        // A partial band that breaks the order is refused.
        #expect(throws: RiskError.self) { try GradingRules.load(json: Data(#"{"lec": {"orange": 500}}"#.utf8)) }
    }

    /// Issue 19, item 10: with a period, only enterprises open on some day of it are graded.
    @Test func onlyEnterprisesOpenInThePeriodAreGraded() throws {
        let q = Quarter("2024Q3")!
        func ent(_ id: String, opened: String? = nil, closed: String? = nil) -> Enterprise {
            Enterprise(id: id, name: id, community: "c", department: "d", industry: "工贸", size: .small,
                       openedOn: opened.flatMap { Day(iso: $0) }, closedOn: closed.flatMap { Day(iso: $0) })
        }
        let enterprises = [
            ent("always"), ent("openedOnLastDay", opened: "2024-09-30"), ent("openedAfter", opened: "2024-10-01"),
            ent("closedOnFirstDay", closed: "2024-07-01"), ent("closedInside", closed: "2024-08-15"),
            ent("closedBefore", closed: "2024-05-01"),
        ]
        let grades = try RiskGrader().grade(ledger: Ledger(enterprises: enterprises, statusEvents: []), period: q)
        #expect(grades.map(\.enterpriseID) == ["always", "openedOnLastDay", "closedInside"])
        let all = try RiskGrader().grade(ledger: Ledger(enterprises: enterprises, statusEvents: []))
        #expect(all.count == enterprises.count)
    }
}
