import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import WorkSafe

/// Parses a document with Foundation's XMLParser and counts, per chart (`<svg data-chart>`),
/// the drawing elements, plus tables, rows and all text.
final class DocumentProbe: NSObject, XMLParserDelegate {
    var counts: [String: [String: Int]] = [:]   // chart kind → element name → count
    var classCounts: [String: [String: Int]] = [:]  // chart kind → class → count
    var chartKinds: [String] = []
    var tables = 0, bodyRows: [Int] = []
    var text = ""
    var htmlLang: String?
    var error: Error?
    private var chart: String?, inTbody = false

    static func parse(_ html: String) -> DocumentProbe {
        let probe = DocumentProbe()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = probe
        if !parser.parse() { probe.error = parser.parserError ?? NSError(domain: "xml", code: 1) }
        return probe
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "html" { htmlLang = attributes["lang"] }
        if name == "svg", let kind = attributes["data-chart"] { chart = kind; chartKinds.append(kind) }
        if name == "table" { tables += 1; bodyRows.append(0) }
        if name == "tbody" { inTbody = true }
        if name == "tr" && inTbody { bodyRows[bodyRows.count - 1] += 1 }
        if let chart {
            counts[chart, default: [:]][name, default: 0] += 1
            if let c = attributes["class"] { classCounts[chart, default: [:]][c, default: 0] += 1 }
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "svg" { chart = nil }
        if name == "tbody" { inTbody = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func count(_ kind: String, _ element: String) -> Int { counts[kind]?[element] ?? 0 }
    func classCount(_ kind: String, _ cls: String) -> Int { classCounts[kind]?[cls] ?? 0 }
}

@Suite struct ReportDocumentTests {
    static let ledger = ReportSample.ledger()
    static let inputs = try! ReportSample.inputs(ledger: ledger)

    @Test(arguments: [Language.zh, .en])
    func fullReportIsWellFormedWithEveryChart(language: Language) throws {
        let html = ReportDocument(assessment: Self.inputs, language: language).html()
        let doc = DocumentProbe.parse(html)
        #expect(doc.error == nil)
        #expect(doc.htmlLang == language.pick("en", "zh-CN"))
        #expect(doc.chartKinds == ["line", "small-multiples", "forecast", "reliability", "risk-bars", "cluster-map"])
        #expect(!doc.classCounts.values.contains { $0["no-data"] != nil })
        let r = Self.inputs
        // Line chart: the town's series and the schedule path; three milestone diamonds; one dot a month.
        #expect(doc.classCount("line", "series") == 1 && doc.classCount("line", "schedule") == 1)
        #expect(doc.classCount("line", "marker") == 3 + 1)  // + the legend's diamond
        #expect(doc.count("line", "circle") == r.town!.points.count)
        // One panel per community, each with its series and schedule.
        #expect(doc.classCount("small-multiples", "panel") == ReportSample.communities.count)
        #expect(doc.classCount("small-multiples", "series") == ReportSample.communities.count)
        // Forecast: one dot per entry (+1 in the legend).
        #expect(doc.classCount("forecast", "forecast") == r.forecasts.count)
        #expect(doc.count("forecast", "circle") == r.forecasts.count + 1)
        // Reliability: one dot per bin (+1 in the legend).
        #expect(doc.count("reliability", "circle") == r.reliability.count + 1)
        // Bars: 4 per community + 4 legend boxes.
        #expect(doc.count("risk-bars", "rect") == 4 * ReportSample.communities.count + 4)
        // Cluster map: one dot per enterprise + 3 legend dots, 3 centroids.
        #expect(doc.count("cluster-map", "circle") == r.clusterPoints.count + 3)
        #expect(doc.classCount("cluster-map", "centroid") == 3)
        // Tables: bulletin (town + communities, departments), scores (communities, departments),
        // vetoes (two fatal accidents).
        let communities = ReportSample.communities.count, departments = ReportSample.departments.count
        #expect(r.bulletin!.rows.count == communities + departments)
        #expect(doc.tables == 5)
        #expect(doc.bodyRows == [1 + communities, departments, communities, departments, 2])
        // Every chart has a title and a legend.
        #expect(doc.chartKinds.allSatisfy { doc.count($0, "title") >= 1 && doc.classCount($0, "legend") == 1 })
    }

    @Test func chineseReportDeclaresCJKFontsAndIsSelfContained() {
        let html = ReportDocument(assessment: Self.inputs, language: .zh).html()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\""))
        #expect(html.contains("<meta charset=\"utf-8\"/>"))
        #expect(html.contains("\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", \"Microsoft YaHei\", sans-serif"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("东城社区") && html.contains("一票否决企业") && html.contains("序时进度"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("url("))
    }

    @Test func sameInputSameBytes() throws {
        let a = ReportDocument(assessment: Self.inputs, language: .zh).html()
        let again = try ReportSample.inputs(ledger: ReportSample.ledger())
        let b = ReportDocument(assessment: again, language: .zh).html()
        #expect(a == b)
    }

    @Test func textIsEscaped() throws {
        let evil = "R&D <\"园区\"> 'x'"
        var r = AssessmentReportInputs(asOf: Day(iso: "2024-06-30")!)
        r.title = evil
        r.communities = [ShareSeries(name: evil, points: [SharePoint(day: Day(iso: "2024-03-31")!, percent: 40)])]
        r.forecasts = [ForecastEntry(unit: evil, milestone: Campaign.townPlan.milestones[1], probability: 0.4,
                                     expectedPercent: 70, lowerPercent: 60, upperPercent: 79)]
        r.riskGroups = [RiskDistributionGroup(label: evil, counts: [.red: 1])]
        r.clusterPoints = [ClusterPoint(x: 0, y: 0, cluster: 0, label: evil)]
        r.clusterNames = [0: evil]
        let ledger = Ledger(enterprises: [Enterprise(id: "X1", name: evil, community: evil, department: "D&D",
                                                     industry: "工贸", size: .small)],
                            statusEvents: [], risk: [RiskObservation(
                                enterpriseID: "X1", period: Quarter("2024Q1")!, elementScores: [], hazardsGeneral: 0,
                                hazardsMajor: 0, hazardsRectified: 0, majorHazardsRectified: 0, violations: 0,
                                accidents: 1, deaths: 1, injuries: 0, riskPoints: [])])
        r.bulletin = QuarterlyBulletin(ledger: ledger, quarter: Quarter("2024Q2")!)
        r.annual = try AnnualAssessment(ledger: ledger, year: 2024)
        let html = ReportDocument(assessment: r, language: .en).html()
        #expect(!html.contains(evil))
        #expect(html.contains("R&amp;D &lt;&quot;园区&quot;&gt; &#39;x&#39;"))
        let doc = DocumentProbe.parse(html)
        #expect(doc.error == nil)
        #expect(doc.text.contains(evil))
        #expect(Markup.escape("a\u{1}b\u{0}c\td") == "abc\td")
    }

    @Test func emptyInputsGiveNoDataNotes() {
        let html = ReportDocument(assessment: AssessmentReportInputs(asOf: Day(iso: "2024-06-30")!), language: .zh).html()
        let doc = DocumentProbe.parse(html)
        #expect(doc.error == nil)
        #expect(doc.chartKinds == ["line", "small-multiples", "forecast", "risk-bars", "cluster-map"])
        for kind in doc.chartKinds {
            #expect(doc.classCount(kind, "no-data") == 1)
            #expect(doc.count(kind, "polyline") == 0 && doc.count(kind, "circle") == 0)
        }
        #expect(doc.tables == 0)
        #expect(doc.text.contains("暂无数据"))
    }

    @Test func chartsSkipNonFiniteValues() {
        let s = ShareSeries(name: "x", points: [SharePoint(day: Day(iso: "2024-01-31")!, percent: .nan)])
        let svg = ShareLineChart(title: "t", series: [s]).svg(language: .en)
        #expect(svg.contains("No data"))
        let f = ForecastChart(title: "t", entries: [ForecastEntry(unit: "u", milestone: Campaign.townPlan.milestones[0],
                                                                   probability: .infinity, expectedPercent: 1,
                                                                   lowerPercent: 0, upperPercent: 2)])
        #expect(f.svg(language: .en).contains("No data"))
        #expect(ClusterMapChart(title: "t", points: [ClusterPoint(x: .nan, y: 1, cluster: 0)]).svg(language: .en).contains("No data"))
        #expect(RiskDistributionChart(title: "t", groups: [RiskDistributionGroup(label: "g", counts: [:])]).svg(language: .en).contains("No data"))
    }

    /// Many units with long names, for a visual check of label truncation and rotation.
    static func stressInputs() -> AssessmentReportInputs {
        var r = Self.inputs
        let names = (1...14).map { "第\($0)号经济开发区工业园区管理委员会社区" }
        r.communities = names.enumerated().map { i, n in
            ShareSeries(name: n, points: Self.inputs.communities[i % 6].points)
        }
        r.riskGroups = names.enumerated().map { i, n in RiskDistributionGroup(label: n, counts: Self.inputs.riskGroups[i % 6].counts) }
        r.forecasts = Self.inputs.forecasts.map { f in var g = f; g.unit = f.unit + "（含经济开发区与工业园区）"; return g }
        return r
    }

    @Test func longLabelsAreTruncated() throws {
        #expect(Markup.truncated("短", maxWidth: 100, fontSize: 10) == "短")
        let t = Markup.truncated("第1号经济开发区工业园区管理委员会社区", maxWidth: 60, fontSize: 10)
        #expect(t.hasSuffix("…") && Markup.textWidth(t, fontSize: 10) <= 60)
        let html = ReportDocument(assessment: Self.stressInputs(), language: .zh).html()
        let doc = DocumentProbe.parse(html)
        #expect(doc.error == nil)
        #expect(doc.classCount("small-multiples", "panel") == 14)
        #expect(doc.count("risk-bars", "rect") == 14 * 4 + 4)
    }

    @Test func niceTicksCoverTheRange() {
        #expect(niceTicks(0, 37, maxCount: 6).ticks == [0, 10, 20, 30, 40])
        #expect(niceTicks(-2.3, 2.6, maxCount: 6).ticks == [-3, -2, -1, 0, 1, 2, 3])
        #expect(niceTicks(5, 5).ticks.count >= 2)
    }

    /// Writes the sample report (zh and en) to `$WORKSAFE_REPORT_SAMPLE_DIR` when it is set;
    /// `scripts/render-report.sh` uses it to render the PNG.
    @Test func writeSampleWhenAsked() throws {
        guard let dir = ProcessInfo.processInfo.environment["WORKSAFE_REPORT_SAMPLE_DIR"], !dir.isEmpty else { return }
        let url = URL(fileURLWithPath: dir, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for language in Language.allCases {
            let html = ReportDocument(assessment: Self.inputs, language: language).html()
            try Data(html.utf8).write(to: url.appendingPathComponent("report-sample-\(language.rawValue).html"))
        }
        try Data(ReportDocument(assessment: Self.stressInputs(), language: .zh).html().utf8)
            .write(to: url.appendingPathComponent("report-stress-zh.html"))
    }
}
