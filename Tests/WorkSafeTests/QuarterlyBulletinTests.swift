import Tabular
import Testing
@testable import WorkSafe

/// The 2024Q3 bulletin of `AssessmentFixture`, by hand. Schedule on 2024-09-30:
/// 30 + 50·274/366 = 67.4317 %.
@Suite struct QuarterlyBulletinTests {
    let bulletin = QuarterlyBulletin(
        ledger: AssessmentFixture.ledger(), quarter: Quarter("2024Q3")!,
        riskLevels: ["b4": .red, "a5": .orange, "b5": .red],  // b5 is closed: not counted
        forecastProbabilities: [.community("A"): 0.9, .town: 0.4])

    func row(_ u: AssessmentUnit) throws -> BulletinRow { try #require(bulletin.rows.first { $0.unit == u }) }

    @Test func completionScheduleAndChange() throws {
        let a = try row(.community("A")), b = try row(.community("B"))
        let schedule = 30 + 50.0 * 274 / 366
        #expect(a.enterprises == 5 && a.completed == 4 && a.sharePercent == 80)
        #expect(abs(a.schedulePercent - schedule) < 1e-12 && abs(a.gapPoints! - (80 - schedule)) < 1e-12)
        #expect(a.previousSharePercent == 80 && a.changePoints == 0)
        // B: 30 Jun b1 of b1..b4 (b5 closed) = 25 %; 30 Sep b1, b2 = 50 %.
        #expect(b.enterprises == 4 && b.sharePercent == 50 && b.previousSharePercent == 25 && b.changePoints == 25)
        #expect(a.rank == 1 && b.rank == 2)
        // Town: 6 of 9 open.
        #expect(bulletin.town.enterprises == 9 && bulletin.town.completed == 6 && bulletin.town.rank == nil)
    }

    @Test func hazardsRiskAndForecast() throws {
        let a = try row(.community("A")), b = try row(.community("B"))
        #expect(b.hazardsFound == 4 && b.hazardsRectified == 3 && b.rectificationPercent == 75)
        #expect(a.hazardsFound == 0 && a.rectificationPercent == nil)  // a2's hazards were in Q2
        #expect(b.redEnterprises == 1 && b.orangeEnterprises == 0 && a.orangeEnterprises == 1)
        #expect(a.forecastProbability == 0.9 && b.forecastProbability == nil)
        #expect(bulletin.town.forecastProbability == 0.4)
        #expect(bulletin.nextMilestone == Milestone(date: Day(iso: "2024-12-31")!, targetPercent: 80))
        #expect(a.benchmark.missing == ["危险化学品"] && a.benchmark.isDue)
    }

    @Test func majorHazardsOfTheFourBulletinsAddUpToTheAnnual() throws {
        let ledger = AssessmentFixture.ledger()
        let annual = try AnnualAssessment(ledger: ledger, year: 2024)
        for s in annual.scores {
            let sum = (1...4).map { QuarterlyBulletin(ledger: ledger, quarter: Quarter(year: 2024, number: $0)!) }
                .compactMap { $0.rows.first { $0.unit == s.unit }?.majorHazardsOpen }.reduce(0, +)
            #expect(sum == s.openMajorHazards)
        }
    }

    @Test func tiesShareARankAndTheNextRankSkips() {
        #expect(competitionRanks([50, 80, 50, nil, 10]) == [2, 1, 2, nil, 4])
        #expect(competitionRanks([100.0 / 3, 200.0 / 6]) == [1, 1])
    }

    @Test func tableInBothLanguages() {
        let en = bulletin.table()
        #expect(en.headers.first == "kind" && en.headers.count == QuarterlyBulletin.columns.count)
        #expect(en.rows.count == 1 + bulletin.rows.count)
        #expect(en.rows[0][1] == .text("town"))
        let zh = bulletin.table(language: .zh)
        #expect(zh.rows[0][0] == .text("全镇") && zh.headers.contains("序时进度(%)"))
        let benchmark = zh.headers.firstIndex(of: "重点行业标杆")!
        #expect(zh.rows[1][benchmark] == .text("缺：危险化学品"))
        #expect(en.rows[1][en.headers.firstIndex(of: "gap_points")!].formatted == "12.6")
    }

    @Test func emptyLedgerGivesAnEmptyBulletin() {
        let b = QuarterlyBulletin(ledger: Ledger(enterprises: [], statusEvents: []), quarter: Quarter("2024Q1")!)
        #expect(b.rows.isEmpty && b.town.enterprises == 0 && b.town.sharePercent == nil)
    }

    @Test func fixedPointFormattingIsLocaleFree() {
        #expect(CSVCell.fixed(67.6875, places: 2) == "67.69")
        #expect(CSVCell.fixed(-0.004, places: 2) == "0.00")
        #expect(CSVCell.fixed(-1.25, places: 1) == "-1.3")
        #expect(CSVCell.fixed(3, places: 0) == "3")
        #expect(CSVCell.fixed(0.05, places: 3) == "0.050")
    }
}

@Suite struct ShareSeriesAndBenchmarkTests {
    /// Community A of the fixture: a1 (2023-06-01) → 1/5 = 20 % from June 2023; a2 (2024-02-01)
    /// → 40 % at the end of February 2024; a3, a4 in March → 80 % at the end of March.
    @Test func monthlySeriesFromTheLedger() {
        let s = ShareSeries(ledger: AssessmentFixture.ledger(), unit: .community("A"),
                            from: Day(iso: "2023-05-15")!, through: Day(iso: "2024-04-10")!)
        #expect(s.name == "A")
        #expect(s.points.first == SharePoint(day: Day(iso: "2023-05-31")!, percent: 0))
        #expect(s.points.first { $0.day == Day(iso: "2023-06-30")! }?.percent == 20)
        #expect(s.points.first { $0.day == Day(iso: "2024-02-29")! }?.percent == 40)
        #expect(s.points.first { $0.day == Day(iso: "2024-03-31")! }?.percent == 80)
        #expect(s.points.last?.day == Day(iso: "2024-04-10")!)
        #expect(s.points.count == 12)
    }

    @Test func benchmarkStatusAgreesWithTheBulletin() {
        let ledger = AssessmentFixture.ledger()
        let b = QuarterlyBulletin(ledger: ledger, quarter: Quarter("2023Q3")!)
        for row in b.rows + [b.town] {
            let direct = BenchmarkStatus(unit: row.unit, ledger: ledger, campaign: .townPlan, on: Quarter("2023Q3")!.lastDay)
            #expect(direct == row.benchmark)
        }
        // Before the deadline the missing benchmark is shown but not yet due.
        let a = BenchmarkStatus(unit: .community("A"), ledger: ledger, campaign: .townPlan, on: Day(iso: "2023-09-30")!)
        #expect(a.missing == ["危险化学品"] && !a.isDue && a.countedMissing.isEmpty)
        #expect(a.label(.zh) == "缺：危险化学品（未到期限）")
        #expect(a.label(.en) == "missing: 危险化学品 (not yet due)")
    }
}
