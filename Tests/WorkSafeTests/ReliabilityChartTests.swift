import Stats
import Testing
@testable import WorkSafe

@Suite struct ReliabilityChartTests {
    /// Forecasts of 0.1 (20, none met), 0.5 (10, half met) and 0.9 (5, all met), in 5 bins.
    static let table = try! ReliabilityTable(
        probabilities: Array(repeating: 0.1, count: 20) + Array(repeating: 0.5, count: 10) + Array(repeating: 0.9, count: 5),
        outcomes: Array(repeating: false, count: 20) + (0..<10).map { $0 < 5 } + Array(repeating: true, count: 5),
        binCount: 5)

    @Test(arguments: [Language.zh, .en])
    func oneDotPerNonEmptyBinWithItsCountAndFrequency(language: Language) {
        let chart = ReliabilityChart(title: "t", table: Self.table, subtitle: "s")
        #expect(chart.bins.count == 3)
        #expect(chart.bins.map(\.count) == [20, 10, 5])
        let doc = DocumentProbe.parse(chart.svg(language: language))
        #expect(doc.error == nil)
        #expect(doc.chartKinds == ["reliability"])
        #expect(doc.count("reliability", "circle") == 3 + 1)  // and the legend's error-bar symbol
        let tip = language.pick("forecast 0.50, met 0.50, 10 forecasts", "预测概率 0.50，实际达标 0.50，共 10 次预测")
        #expect(doc.text.contains(tip))
        #expect(doc.text.contains(language.pick("perfect calibration", "完全校准")))
    }

    /// The error bar of a bin spans its 90 % Wilson interval: 5 of 10 met gives
    /// 0.5 ± 0.2307 (statsmodels `proportion_confint(5, 10, 0.1, "wilson")`: 0.269272, 0.730728).
    @Test func errorBarsAreWilsonIntervals() throws {
        let w = try WilsonInterval(successes: 5, trials: 10, confidenceLevel: 0.9).interval
        #expect(abs(w.lower - 0.26927182113826714) < 1e-12 && abs(w.upper - 0.7307281788617328) < 1e-12)
        let chart = ReliabilityChart(title: "t", bins: [.init(meanPredicted: 0.5, observedFrequency: 0.5, count: 10)])
        let svg = chart.svg(language: .en)
        // The plot's y scale maps 0…1 onto [top + side, top]; the bar's ends sit at the interval.
        let left = 46.0, top = 34.0, side = chart.width - left - 14
        let y = { (v: Double) in Markup.num(top + side * (1 - v)) }
        #expect(svg.contains("y1=\"\(y(w.lower))\" x2=\"\(Markup.num(left + side / 2))\" y2=\"\(y(w.upper))\""))
    }

    /// The report's diagram is the backtest of the same forecast from the quarter ends before
    /// the milestones passed by its date, on data up to that date only.
    @Test func theCommitteeReportShowsHowItsPastForecastsCameOut() throws {
        let sample = AssessmentRobustnessTests.sample, asOf = Day(iso: "2024-09-30")!
        let rendered = try CommitteeReport(asOf: asOf, scenarios: 60, language: .en).render(ledger: sample, campaign: .townPlan)
        let direct = try ForecastBacktest.run(
            ledger: sample.asOf(asOf), campaign: .townPlan,
            origins: ["2023-03-31", "2023-06-30", "2023-09-30"].map { Day(iso: $0)! },
            forecast: HazardForecast(scenarios: 60, seed: 1, levels: [.town, .community]), observedThrough: asOf)
        let model = try #require(direct.scores.first { $0.method == "model" })
        let doc = DocumentProbe.parse(rendered.html)
        #expect(doc.chartKinds.contains("reliability"))
        #expect(doc.count("reliability", "circle") == model.reliability.bins.filter { $0.count > 0 }.count + 1)
        #expect(doc.text.contains("\(model.count) forecasts made from 2023-03-31 to 2023-09-30"))
        #expect(rendered.tables.contains { $0.name.en == "backtest_records" })
    }

    @Test func aReportBeforeAnyMilestoneSaysThereIsNoBacktestYet() throws {
        let rendered = try CommitteeReport(asOf: Day(iso: "2023-09-30"), scenarios: 30, language: .zh)
            .render(ledger: AssessmentRobustnessTests.sample, campaign: .townPlan)
        #expect(rendered.html.contains("暂无回测：截至2023-09-30尚无到期的时间节点。"))
        #expect(!rendered.html.contains("data-chart=\"reliability\""))
    }

    @Test func noScoredForecastSaysSo() {
        let empty = ReliabilityChart(title: "t", bins: [])
        #expect(empty.svg(language: .zh).contains("暂无数据"))
        let nan = ReliabilityChart(title: "t", bins: [.init(meanPredicted: .nan, observedFrequency: 0, count: 3)])
        #expect(nan.svg(language: .en).contains("No data"))
    }
}
