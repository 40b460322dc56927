import Foundation
import Testing
@testable import WorkSafe

/// Issue 19, items 7, 11 and 12 in the committee report: every section that can be computed is,
/// the others say why; nothing outside the campaign is scored; the cluster map draws each risk
/// group in its colour; the footer names the generator once.
@Suite struct ReportRobustnessTests {
    static var sample: Ledger { AssessmentRobustnessTests.sample }

    /// A copy of `ledger` keeping only the enterprises whose ids pass `keep`.
    static func subset(_ ledger: Ledger, _ keep: (String) -> Bool) -> Ledger {
        Ledger(enterprises: ledger.enterprises.filter { keep($0.id) },
               statusEvents: ledger.allStatusEvents.filter { keep($0.enterpriseID) },
               risk: ledger.risk.filter { keep($0.enterpriseID) },
               riskPoints: ledger.riskPoints.filter { keep($0.enterpriseID) })
    }

    @Test func aReportBeforeTheFirstFullCampaignYearHasNoAnnualAssessmentAndSaysWhy() throws {
        let report = CommitteeReport(asOf: Day(iso: "2023-09-30"), scenarios: 50, language: .zh)
        let rendered = try report.render(ledger: Self.sample, campaign: .townPlan)
        #expect(rendered.year == nil)
        #expect(!rendered.html.contains("2022年度考评"))
        #expect(rendered.html.contains("无年度考评：2022年早于本次提升行动"))
        #expect(rendered.notes.contains { $0.contains("No annual assessment") && $0.contains("2022") })
    }

    @Test func anExplicitYearOutsideTheDataIsRefused() {
        #expect(throws: AssessmentError.self) {
            try CommitteeReport(year: 2030, scenarios: 50).render(ledger: Self.sample, campaign: .townPlan)
        }
        #expect(throws: AssessmentError.self) {
            try CommitteeReport(year: 2019, scenarios: 50).render(ledger: Self.sample, campaign: .townPlan)
        }
    }

    @Test func aOneEnterpriseTownGetsAReportWithTheSectionsThatCanBeComputed() throws {
        let first = try #require(Self.sample.enterprises.first { e in Self.sample.risk.contains { $0.enterpriseID == e.id } })
        let one = Self.subset(Self.sample) { $0 == first.id }
        for k in [4, 1] {
            let rendered = try CommitteeReport(k: k, scenarios: 50, language: .en).render(ledger: one, campaign: .townPlan)
            #expect(rendered.notes.contains { $0.hasPrefix("No risk groups:") }, "\(rendered.notes)")
            #expect(rendered.html.contains("No risk groups:"))
            #expect(rendered.html.contains("Quarterly bulletin"))
        }
    }

    @Test func aTownThatCompletedBeforeTheCampaignGetsAReport() throws {
        let enterprises = Self.sample.enterprises.map { e -> Enterprise in
            var copy = e; copy.openedOn = nil; copy.closedOn = nil; return copy
        }
        let events = enterprises.map { StatusEvent(enterpriseID: $0.id, date: Day(iso: "2022-06-01")!, status: .completed) }
        let ledger = Ledger(enterprises: enterprises, statusEvents: events, risk: Self.sample.risk,
                            riskPoints: Self.sample.riskPoints)
        let rendered = try CommitteeReport(asOf: Day(iso: "2024-09-30"), scenarios: 50).render(ledger: ledger, campaign: .townPlan)
        #expect(rendered.year == 2023)
        #expect(rendered.html.contains("Quarterly bulletin 2024Q3"))
        // The hazard model has nothing to learn from (no completion during the campaign): the
        // forecast section and the bulletin's probabilities say why instead of failing the report.
        #expect(rendered.notes.contains { $0.hasPrefix("No forecast:") }, "\(rendered.notes)")
        let bulletin = QuarterlyBulletin(ledger: ledger, quarter: Quarter("2024Q3")!)
        #expect(bulletin.town.sharePercent == 100)
        let linked = LinkedAnalyses.nextMilestoneForecast(ledger: ledger, campaign: .townPlan,
                                                          asOf: Day(iso: "2024-09-30")!, forecast: HazardForecast(scenarios: 20))
        #expect(linked.probabilities.isEmpty && linked.note != nil)
    }

    @Test func eachRiskGroupIsDrawnInItsColourAndTheFooterNamesTheGeneratorOnce() throws {
        let report = CommitteeReport(asOf: Day(iso: "2024-09-30"), scenarios: 50, generator: "worksafe 0.1.0", language: .zh)
        let html = try report.render(ledger: Self.sample, campaign: .townPlan).html
        #expect(html.contains("由 worksafe 0.1.0 生成"))
        #expect(!html.contains("worksafe worksafe"))
        #expect(!html.contains("未达到按比例计：是"))
        #expect(html.contains("未达到的按完成率与目标之比计分"))
        // Every legend entry of the cluster map: a dot of the group's colour before its name.
        let colours = ["红": "#d62828", "橙": "#f08c00", "黄": "#f2c200", "蓝": "#1f6fd1"]
        let map = try #require(html.range(of: "cluster-map")).lowerBound
        let svg = String(html[map...].prefix(while: { _ in true }))
        for (name, colour) in colours {
            guard let label = svg.range(of: "类·\(name)") else { continue }
            let before = svg[svg.startIndex..<label.lowerBound]
            let lastFill = try #require(before.range(of: "fill=\"#", options: .backwards))
            let fill = String(before[lastFill.upperBound...].prefix(6))
            #expect("#" + fill == colour || "#" + fill == ChartPalette.lightRisk[RiskLevel.allCases.first { $0.chineseName == name }!.rawValue],
                    "cluster ·\(name) drawn \(fill)")
        }
    }
}
