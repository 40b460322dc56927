import Stats
import Testing
@testable import WorkSafe

/// Random ledgers: the trend never traps, its accounting identity holds, and every table cell
/// is a number, a date, text or empty — never NaN.
@Suite struct CompletionTrendPropertyTests {
    static func randomLedger(seed: UInt64) -> Ledger {
        var g = SeededGenerator(seed: seed)
        let start = Day(iso: "2023-01-01")!
        var enterprises: [Enterprise] = [], events: [StatusEvent] = []
        let statuses = StandardizationStatus.allCases
        for i in 0..<(1 + g.index(below: 40)) {
            let opened: Day? = g.uniform() < 0.3 ? start.adding(days: g.index(below: 700) - 100) : nil
            let closed: Day? = g.uniform() < 0.2 ? start.adding(days: g.index(below: 900)) : nil
            enterprises.append(Enterprise(
                id: "R\(i)", name: "R\(i)", community: ["东村", "西村", "", "南村"][g.index(below: 4)],
                department: ["应急办", "住建"][g.index(below: 2)], industry: ["工贸", "消防"][g.index(below: 2)],
                size: EnterpriseSize.allCases[g.index(below: 4)], openedOn: opened, closedOn: closed,
                isBenchmark: g.uniform() < 0.2))
            for _ in 0..<g.index(below: 5) {
                events.append(StatusEvent(enterpriseID: "R\(i)", date: start.adding(days: g.index(below: 900) - 60),
                                          status: statuses[g.index(below: statuses.count)]))
            }
        }
        return Ledger(enterprises: enterprises, statusEvents: events)
    }

    @Test(arguments: 0..<8)
    func randomLedgersGiveConsistentRows(seed: Int) {
        let ledger = Self.randomLedger(seed: UInt64(seed))
        let asOf = Day(iso: "2023-01-01")!.adding(days: 30 * (seed % 30))
        for grouping in TrendGrouping.allCases {
            for period in TrendPeriod.allCases {
                let trend = CompletionTrend(campaign: .townPlan, grouping: grouping, period: period, asOf: asOf)
                let rows = trend.rows(from: ledger)
                for r in rows {
                    #expect(r.netChange == r.completions! - r.lapses! - r.closures!)
                    #expect(r.completed! <= r.open!)
                    if let s = r.sharePercent { #expect(s >= 0 && s <= 100) } else { #expect(!r.note.isEmpty) }
                }
                // Independent recount of every row with Ledger.completion on the as-of ledger.
                let known = ledger.asOf(asOf)
                for r in rows {
                    let counts = known.completion(on: r.periodEnd) { grouping.unit(of: $0) == r.unit }
                    #expect(counts.completed == r.completed && counts.open == r.open)
                }
                let fit = GroupGrowthCurve.fit(.gompertz, rows: rows, campaign: .townPlan)
                let table = TrendTable.completion(rows, curves: fit)
                for line in table.textRows {
                    #expect(!line.contains { $0.lowercased().contains("nan") || $0.lowercased().contains("inf") })
                }
            }
            let ttc = TimeToCompletion.estimate(ledger: ledger, campaign: .townPlan, grouping: grouping, asOf: asOf)
            for line in TrendTable.timeToCompletion(ttc).textRows + TrendTable.survivalCurves(ttc).textRows {
                #expect(!line.contains { $0.lowercased().contains("nan") || $0.lowercased().contains("inf") })
            }
        }
        _ = KeyIndustryBenchmarkCheck.rows(ledger: ledger, campaign: .townPlan, asOf: asOf)
    }
}
