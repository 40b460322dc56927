import Stats
import Testing
@testable import WorkSafe

/// A small hand-built ledger whose numbers can be checked by hand.
enum TrendExample {
    static func d(_ s: String) -> Day { Day(iso: s)! }

    static let enterprises: [Enterprise] = [
        Enterprise(id: "A1", name: "甲一", community: "东村", department: "应急办", industry: "工贸", size: .small),
        Enterprise(id: "A2", name: "甲二", community: "东村", department: "住建", industry: "建筑施工", size: .medium),
        Enterprise(id: "A3", name: "甲三", community: "东村", department: "应急办", industry: "工贸", size: .small,
                   openedOn: d("2023-04-15"), closedOn: d("2023-10-01")),
        Enterprise(id: "A4", name: "乙一", community: "西村", department: "应急办", industry: "工贸", size: .micro),
        Enterprise(id: "A5", name: "乙二", community: "西村", department: "应急办", industry: "危险化学品", size: .large,
                   isBenchmark: true),
        Enterprise(id: "A6", name: "乙三", community: "西村", department: "交通", industry: "道路运输", size: .small,
                   closedOn: d("2023-06-30"), isBenchmark: true),
        Enterprise(id: "A7", name: "丙一", community: "南村", department: "燃气办", industry: "城镇燃气", size: .small,
                   openedOn: d("2024-02-01")),
    ]

    static let events: [StatusEvent] = [
        StatusEvent(enterpriseID: "A1", date: d("2023-03-10"), status: .completed),
        StatusEvent(enterpriseID: "A2", date: d("2023-02-01"), status: .inProgress),
        StatusEvent(enterpriseID: "A2", date: d("2023-05-20"), status: .level3),
        StatusEvent(enterpriseID: "A2", date: d("2023-08-15"), status: .lapsed),
        StatusEvent(enterpriseID: "A2", date: d("2023-11-02"), status: .level3),
        StatusEvent(enterpriseID: "A3", date: d("2023-06-01"), status: .compliant),
        StatusEvent(enterpriseID: "A5", date: d("2023-09-30"), status: .level2),
        StatusEvent(enterpriseID: "A6", date: d("2023-02-01"), status: .completed),
        StatusEvent(enterpriseID: "A7", date: d("2024-02-10"), status: .compliant),
        StatusEvent(enterpriseID: "A4", date: d("2024-05-01"), status: .completed),
        StatusEvent(enterpriseID: "ZZ", date: d("2023-03-01"), status: .completed),  // unknown id
    ]

    static let ledger = Ledger(enterprises: enterprises, statusEvents: events)
    static let campaign = Campaign.townPlan

    /// The share of `community` on `day` by a plain loop over the raw rows (no Ledger).
    static func independentCount(community: String, on day: Day, knownBy asOf: Day) -> (completed: Int, open: Int) {
        var completed = 0, open = 0
        for e in enterprises where e.community == community {
            if let o = e.openedOn, o > day || o > asOf { continue }
            if let c = e.closedOn, c <= day, c <= asOf { continue }
            open += 1
            var latest: StatusEvent? = nil
            for ev in events where ev.enterpriseID == e.id && ev.date <= day && ev.date <= asOf {
                if latest == nil || ev.date >= latest!.date { latest = ev }
            }
            if let s = latest?.status, [.completed, .compliant, .level1, .level2, .level3].contains(s) { completed += 1 }
        }
        return (completed, open)
    }
}

@Suite struct CompletionTrendTests {
    typealias X = TrendExample

    func trend(_ grouping: TrendGrouping, _ period: TrendPeriod = .quarter, asOf: String = "2024-03-31") -> [CompletionTrendRow] {
        CompletionTrend(campaign: X.campaign, grouping: grouping, period: period, asOf: X.d(asOf)).rows(from: X.ledger)
    }

    @Test func shareForOneCommunityAtOneQuarterEndMatchesAnIndependentLoop() throws {
        let rows = trend(.community)
        for end in ["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31"] {
            let row = try #require(rows.first { $0.unit == "东村" && $0.periodEnd == X.d(end) })
            let (c, n) = X.independentCount(community: "东村", on: X.d(end), knownBy: X.d("2024-03-31"))
            #expect(row.completed == c && row.open == n, "\(end)")
            #expect(row.sharePercent == 100 * Double(c) / Double(n))
        }
        // By hand on 2023-09-30: A1 completed, A2 lapsed, A3 compliant and open → 2 of 3.
        let q3 = try #require(rows.first { $0.unit == "东村" && $0.periodEnd == X.d("2023-09-30") })
        #expect(q3.completed == 2 && q3.open == 3)
        let wilson = try WilsonInterval(successes: 2, trials: 3)
        #expect(q3.wilsonLowerPercent == 100 * wilson.lower && q3.wilsonUpperPercent == 100 * wilson.upper)
        #expect(q3.schedulePercent == X.campaign.schedulePercent(on: X.d("2023-09-30")))
        #expect(q3.gapPercent == q3.sharePercent! - q3.schedulePercent)
    }

    @Test func changesBetweenPeriodEndsAddUp() throws {
        let rows = trend(.community)
        for r in rows {
            #expect(r.netChange == r.completions! - r.lapses! - r.closures!, "\(r.unit) \(r.periodEnd)")
        }
        let east = rows.filter { $0.unit == "东村" }
        // Q2: A2 level3 and A3 compliant; Q3: A2 lapsed; Q4: A2 renewed, A3 closed while completed.
        #expect(east.map(\.completions) == [1, 2, 0, 1, 0])
        #expect(east.map(\.lapses) == [0, 0, 1, 0, 0])
        #expect(east.map(\.closures) == [0, 0, 0, 1, 0])
        #expect(east.map(\.netChange) == [1, 2, -1, 0, 0])
    }

    @Test func paceIsCompletionsPerMonthOverTheLastThreePeriods() throws {
        let town = trend(.town)
        let q3 = try #require(town.first { $0.periodEnd == X.d("2023-09-30") })
        // Completions Q1..Q3 in the town: A1, A6 | A2, A3 | A5 = 5 over 273 days.
        let expected = 5 / (273 / averageDaysPerMonth)
        #expect(abs(q3.pacePerMonth! - expected) < 1e-12)
        let q4 = try #require(town.first { $0.periodEnd == X.d("2023-12-31") })
        // Q2..Q4: A2, A3 | A5 | A2 again = 4 completions from 2023-03-31 to 2023-12-31 (275 days).
        #expect(abs(q4.pacePerMonth! - 4 / (275 / averageDaysPerMonth)) < 1e-12)
    }

    @Test func asOfUsesOnlyWhatWasKnownThen() throws {
        let known = trend(.community, asOf: "2024-03-31")
        #expect(known.last?.periodEnd == X.d("2024-03-31") && known.last?.isPartialPeriod == false)
        let west = try #require(known.first { $0.unit == "西村" && $0.periodEnd == X.d("2024-03-31") })
        #expect(west.completed == 1 && west.open == 2)  // A4's completion of 2024-05-01 is unknown
        let later = trend(.community, asOf: "2024-05-15")
        let partial = try #require(later.first { $0.unit == "西村" && $0.periodEnd == X.d("2024-05-15") })
        #expect(partial.isPartialPeriod && partial.notes.contains(TrendNote.partialPeriod))
        #expect(partial.completed == 2)
        // A closure after the as-of date is not known yet: A3 still counts on 2023-09-30.
        let early = trend(.community, asOf: "2023-09-30")
        #expect(early.first { $0.unit == "东村" && $0.periodEnd == X.d("2023-09-30") }?.open == 3)
    }

    @Test func emptyGroupHasNoShareAndSaysWhy() throws {
        let south = trend(.community).filter { $0.unit == "南村" }
        let q4 = try #require(south.first { $0.periodEnd == X.d("2023-12-31") })
        #expect(q4.open == 0 && q4.completed == 0)
        #expect(q4.sharePercent == nil && q4.wilsonLowerPercent == nil && q4.gapPercent == nil)
        #expect(q4.notes.contains(TrendNote.noEnterprisesOpen))
    }

    @Test func oneEnterpriseAlreadyComplete() throws {
        let south = try #require(trend(.community).first { $0.unit == "南村" && $0.periodEnd == X.d("2024-03-31") })
        #expect(south.completed == 1 && south.open == 1 && south.sharePercent == 100)
        #expect(south.wilsonUpperPercent == 100 && south.wilsonLowerPercent! > 0)
        #expect(south.notes.contains(TrendNote.allCompleted))
        #expect(south.completions == 1)  // opened and completed within the quarter
    }

    @Test func periodsBeforeAnyDataAreSensible() throws {
        let months = trend(.town, .month)
        let january = try #require(months.first)
        #expect(january.periodEnd == X.d("2023-01-31"))
        #expect(january.sharePercent == 0 && january.notes.contains(TrendNote.noStatusRecordedYet))
        let beforeStart = trend(.town, asOf: "2022-12-15")
        #expect(beforeStart.count == 1)
        #expect(beforeStart[0].periodEnd == X.d("2022-12-15") && beforeStart[0].schedulePercent == 0)
        #expect(beforeStart[0].notes.contains(TrendNote.noStatusRecordedYet))
    }

    @Test func sizeGroupingListsEveryClassInOrder() {
        let rows = trend(.size)
        var units: [String] = []
        for r in rows where !units.contains(r.unit) { units.append(r.unit) }
        #expect(units == ["large", "medium", "small", "micro"])
        let periods = Set(rows.map(\.periodEnd)).count
        #expect(rows.count == 4 * periods)
    }

    @Test func aggregateProgressRecords() throws {
        let records = [
            ProgressRecord(unit: "东村", date: X.d("2023-03-31"), completed: 1, total: 3),
            ProgressRecord(unit: "东村", date: X.d("2023-08-20"), completed: 2, total: 3),
            ProgressRecord(unit: "北村", date: X.d("2023-06-15"), sharePercent: 25),
            ProgressRecord(unit: "北村", date: X.d("2024-06-15"), sharePercent: 99),  // after as-of
        ]
        let rows = CompletionTrend(campaign: X.campaign, asOf: X.d("2023-12-31")).rows(from: records)
        let north = rows.filter { $0.unit == "北村" }
        #expect(north.map(\.sharePercent) == [nil, 25, 25, 25])
        #expect(north[0].notes == [TrendNote.beforeFirstReport])
        #expect(north[1].notes.contains(TrendNote.carriedForward(from: X.d("2023-06-15"))))
        #expect(north[1].notes.contains(TrendNote.shareOnly) && north[1].open == nil)
        let east = rows.filter { $0.unit == "东村" }
        #expect(east.map(\.completed) == [1, 1, 2, 2])
        #expect(east[0].notes.contains(TrendNote.noChangesAtFirstReport))
        #expect(east.map(\.netChange) == [nil, 0, 1, 0])
        #expect(east[2].wilsonLowerPercent != nil)
        #expect(east.allSatisfy { $0.completions == nil && $0.lapses == nil })
    }

    @Test func keyIndustryBenchmarks() throws {
        let rows = KeyIndustryBenchmarkCheck.rows(ledger: X.ledger, campaign: X.campaign, asOf: X.d("2024-03-31"))
        #expect(rows.map(\.industry) == X.campaign.keyIndustries)
        let chemicals = try #require(rows.first { $0.industry == "危险化学品" })
        #expect(chemicals.status == .met && chemicals.benchmarkIDs == ["A5"] && chemicals.completedBenchmarks == 1)
        let transport = try #require(rows.first { $0.industry == "道路运输" })
        #expect(transport.status == .notMet && transport.benchmarkIDs == ["A6"] && transport.openBenchmarks == 0)
        let trade = try #require(rows.first { $0.industry == "工贸" })
        #expect(trade.status == .notMet && trade.benchmarkIDs.isEmpty)
        let pending = KeyIndustryBenchmarkCheck.rows(ledger: X.ledger, campaign: X.campaign, asOf: X.d("2023-06-30"))
        #expect(pending.allSatisfy { $0.status == .pending })
        #expect(pending.first { $0.industry == "危险化学品" }?.completedBenchmarks == 0)
    }

    @Test func timeToCompletionMatchesKaplanMeierOnHandDurations() throws {
        let result = TimeToCompletion.estimate(ledger: X.ledger, campaign: X.campaign, grouping: .community,
                                               asOf: X.d("2024-03-31"))
        #expect(result.map(\.unit) == ["东村", "南村", "西村"])
        // 东村: A1 completed after 68 days; A2 after 139 (2023-05-20); A3 opened 2023-04-15,
        // compliant 47 days later.
        let east = result[0]
        let km = try KaplanMeier().fit(durations: [68, 139, 47], observed: [true, true, true])
        #expect(east.curve == km && east.medianDays == 68)
        // 西村: A4 censored at the as-of date (455 days), A5 after 272, A6 after 31.
        let west = result[2]
        #expect(west.curve == (try KaplanMeier().fit(durations: [455, 272, 31], observed: [false, true, true])))
        #expect(west.censored == 1 && west.completions == 2)
        // Before any completion: everyone censored, no median, and a note.
        let early = TimeToCompletion.estimate(ledger: X.ledger, campaign: X.campaign, grouping: .town,
                                              asOf: X.d("2023-01-20"))
        #expect(early[0].completions == 0 && early[0].medianDays == nil && !early[0].note.isEmpty)
    }
}
