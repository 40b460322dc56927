import Tabular
import Foundation
import Stats
import Testing
@testable import WorkSafe

@Suite struct TrendTableTests {
    typealias X = TrendExample

    /// 120 enterprises in 东村 completing along a logistic path (deterministic), 4 in 西村 that
    /// never complete, and 南村 opening late with a single enterprise.
    static func syntheticLedger() -> Ledger {
        var enterprises: [Enterprise] = [], events: [StatusEvent] = []
        let start = X.d("2023-01-01")
        for i in 0..<120 {
            let id = "E\(i)"
            enterprises.append(Enterprise(id: id, name: id, community: "东村", department: "应急办", industry: "工贸", size: .small))
            // The i-th enterprise completes when a logistic with K = 0.85, r = 0.3, t0 = 10 months
            // passes (i + 0.5) / 120; beyond the ceiling it never does.
            let q = (Double(i) + 0.5) / 120
            guard q < 0.85 else { continue }
            let months = 10 - log(0.85 / q - 1) / 0.3
            events.append(StatusEvent(enterpriseID: id, date: start.adding(days: max(0, Int(months * averageDaysPerMonth))),
                                      status: .completed))
        }
        for i in 0..<4 {
            enterprises.append(Enterprise(id: "W\(i)", name: "W\(i)", community: "西村", department: "应急办",
                                          industry: "工贸", size: .micro))
        }
        enterprises.append(Enterprise(id: "S0", name: "S0", community: "南村", department: "应急办", industry: "工贸",
                                      size: .small, openedOn: X.d("2024-11-01")))
        events.append(StatusEvent(enterpriseID: "S0", date: X.d("2024-11-20"), status: .compliant))
        return Ledger(enterprises: enterprises, statusEvents: events)
    }

    func monthlyRows() -> [CompletionTrendRow] {
        CompletionTrend(campaign: X.campaign, grouping: .community, period: .month, asOf: X.d("2024-12-31"))
            .rows(from: Self.syntheticLedger())
    }

    @Test func growthCurvePerGroupFitsOrSaysWhyNot() throws {
        let rows = monthlyRows()
        let curves = GroupGrowthCurve.fit(.logistic, rows: rows, campaign: X.campaign)
        #expect(curves.map(\.unit) == ["东村", "南村", "西村"])
        let east = try #require(curves[0].fitted)
        #expect(east.nls.converged && curves[0].note.isEmpty)
        #expect(abs(curves[0].ceilingPercent! - 85) < 2, "\(curves[0].ceilingPercent!)")
        #expect(abs(curves[0].midpointMonths! - 10) < 0.5, "\(curves[0].midpointMonths!)")
        // The same fit straight from Stats on the same points.
        let points = rows.filter { $0.unit == "东村" }.map {
            (Double($0.periodEnd.ordinal - X.campaign.start.ordinal) / averageDaysPerMonth, $0.sharePercent! / 100)
        }
        let direct = try GrowthCurve(model: .logistic).fit(times: points.map(\.0), shares: points.map(\.1))
        #expect(direct.parameters == east.parameters)
        // 南村 has only two months with anyone open; 西村 never completes.
        #expect(curves[1].fitted == nil && curves[1].note.contains("too few periods"))
        #expect(curves[2].fitted == nil && curves[2].note.contains("no share is above zero"))
    }

    @Test func completionTableHasBilingualHeadersAndNoNonNumbers() throws {
        let rows = monthlyRows()
        for fit in [TrendFit.logistic, .gompertz, .richards] {
            let curves = GroupGrowthCurve.fit(fit.model!, rows: rows, campaign: X.campaign)
            let table = TrendTable.completion(rows, curves: curves)
            #expect(table.header(.en).count == table.header(.zh).count)
            #expect(table.header(.en).first == "grouping" && table.header(.zh).first == "分组方式")
            #expect(table.header(.en).contains("fit_shape") == (fit == .richards))
            for line in table.textRows {
                #expect(line.count == table.columns.count)
                #expect(!line.contains { $0.lowercased().contains("nan") || $0.lowercased().contains("inf") })
            }
            // A missing share always comes with a note.
            let share = try #require(table.column("share_percent")), note = try #require(table.column("note"))
            for (s, n) in zip(share, note) where s == .empty { #expect(n.formatted != "") }
            // A missing fitted value always comes with a fit note.
            let fitted = try #require(table.column("fit_ceiling_percent")), fitNote = try #require(table.column("fit_note"))
            for (f, n) in zip(fitted, fitNote) where f == .empty { #expect(n.formatted != "") }
        }
        let plain = TrendTable.completion(rows)
        #expect(plain.columns == TrendTable.completionColumns)
    }

    @Test func renderedRowReadsAsExpected() throws {
        let rows = CompletionTrend(campaign: X.campaign, grouping: .community, asOf: X.d("2024-03-31")).rows(from: X.ledger)
        let table = TrendTable.completion(rows)
        let i = try #require(rows.firstIndex { $0.unit == "东村" && $0.periodEnd == X.d("2023-09-30") })
        let w = try WilsonInterval(successes: 2, trials: 3)
        let schedule = X.campaign.schedulePercent(on: X.d("2023-09-30"))
        #expect(table.textRows[i] == [
            "community", "东村", "2023-09-30", "false", "2", "3", "66.67",
            TrendFormat.fixed(100 * w.lower, places: 2), TrendFormat.fixed(100 * w.upper, places: 2),
            "0", "1", "0", "-1", TrendFormat.fixed(3 / (273 / averageDaysPerMonth), places: 3),
            TrendFormat.fixed(schedule, places: 2), TrendFormat.fixed(200.0 / 3 - schedule, places: 2), "",
        ])
    }

    @Test func otherTables() {
        let bench = TrendTable.benchmarks(KeyIndustryBenchmarkCheck.rows(ledger: X.ledger, campaign: X.campaign,
                                                                          asOf: X.d("2024-03-31")))
        #expect(bench.rows.count == 6 && bench.textRows.allSatisfy { $0.count == bench.columns.count })
        let ttc = TimeToCompletion.estimate(ledger: X.ledger, campaign: X.campaign, grouping: .size, asOf: X.d("2024-03-31"))
        let summary = TrendTable.timeToCompletion(ttc)
        #expect(summary.rows.count == 4)
        let curves = TrendTable.survivalCurves(ttc)
        #expect(curves.rows.count == ttc.compactMap(\.curve).reduce(0) { $0 + $1.times.count })
        for line in summary.textRows + curves.textRows {
            #expect(!line.contains { $0.lowercased().contains("nan") || $0.lowercased().contains("inf") })
        }
    }

    @Test func numberFormatterIsFixedPointWithoutNegativeZero() {
        #expect(TrendFormat.fixed(100.0 / 3, places: 2) == "33.33")
        #expect(TrendFormat.fixed(-0.0001, places: 2) == "0.00")
        #expect(TrendFormat.fixed(-1.5, places: 1) == "-1.5")
        #expect(TrendFormat.fixed(1234567.891, places: 3) == "1234567.891")
        #expect(TrendFormat.fixed(.nan, places: 2) == "")
        #expect(CSVCell.empty.formatted == "" && CSVCell.decimal(-0.001, places: 2).formatted == "0.00")
    }
}
