import Testing
@testable import WorkSafe

@Suite struct DayTests {
    @Test func epochIsOrdinalZero() {
        #expect(Day(year: 1970, month: 1, day: 1)!.ordinal == 0)
        #expect(Day(ordinal: 0).description == "1970-01-01")
    }

    @Test func roundTripsEveryDayOverDecades() {
        for ordinal in -800_000...80_000 where ordinal % 97 == 0 {
            let d = Day(ordinal: ordinal)
            let (y, m, dd) = d.components
            #expect(Day(year: y, month: m, day: dd)!.ordinal == ordinal)
        }
    }

    @Test func rejectsImpossibleDays() {
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2024-13-01") == nil)
        #expect(Day(iso: "2024-04-31") == nil)
        #expect(Day(iso: "24-01-01") == nil)
        #expect(Day(iso: "2024/01/01") == nil)
        #expect(Day(iso: "1900-02-29") == nil)
        #expect(Day(iso: "2000-02-29") != nil)
    }

    @Test func monthArithmeticClampsToMonthEnd() {
        #expect(Day(iso: "2024-01-31")!.adding(months: 1).description == "2024-02-29")
        #expect(Day(iso: "2023-12-15")!.adding(months: 36).description == "2026-12-15")
        #expect(Day(iso: "2024-03-31")!.months(since: Day(iso: "2024-01-01")!) == 2)
        #expect(Day(iso: "2024-01-10")!.adding(months: -1).description == "2023-12-10")
    }

    @Test func quartersParseAndBound() {
        let q = Quarter("2024Q3")!
        #expect(q.firstDay.description == "2024-07-01")
        #expect(q.lastDay.description == "2024-09-30")
        #expect(Quarter("2024年第3季度") == q)
        #expect(Quarter("2024-q3") == q)
        #expect(Quarter("2024Q5") == nil)
        #expect(Quarter("2024Q1")!.previous.description == "2023Q4")
        #expect(Day(iso: "2024-11-05")!.endOfQuarter.description == "2024-12-31")
    }
}

@Suite struct CampaignScheduleTests {
    let plan = Campaign.townPlan

    @Test func scheduleIsZeroAtStartAndHitsEachMilestone() {
        #expect(plan.schedulePercent(on: plan.start) == 0)
        for m in plan.milestones { #expect(plan.schedulePercent(on: m.date) == m.targetPercent) }
        #expect(plan.schedulePercent(on: Day(iso: "2030-01-01")!) == 100)
    }

    @Test func scheduleIsLinearBetweenMilestones() {
        // 2024-07-01 is 183 of 366 days after 2023-12-31: 30 + 50·183/366.
        let d = Day(iso: "2024-07-01")!
        #expect(abs(plan.schedulePercent(on: d) - (30 + 50 * 183.0 / 366.0)) < 1e-12)
    }

    @Test func milestoneArgumentsParse() {
        #expect(Milestone(argument: "2024-12-31:80") == Milestone(date: Day(iso: "2024-12-31")!, targetPercent: 80))
        #expect(Milestone(argument: "2024-12-31:180") == nil)
        #expect(Milestone(argument: "2024-12-31") == nil)
    }

    @Test func aShareRoundedJustBelowTheTargetReachesIt() {
        let m = Milestone(date: Day(iso: "2024-12-31")!, targetPercent: 29)
        #expect(m.isReached(byPercent: 29.0 / 100.0 * 100.0))   // 28.999999999999996
        #expect(m.isReached(byPercent: 29) && m.isReached(byPercent: 100))
        #expect(!m.isReached(byPercent: 29 - 1e-6))
        #expect(!m.isReached(byPercent: 29 - 2 * Milestone.reachedTolerancePoints))
        #expect(Milestone.isReached(80 - Milestone.reachedTolerancePoints / 2, target: 80))
    }
}

@Suite struct LedgerDefinitionTests {
    let d = { (s: String) in Day(iso: s)! }

    func ledger() -> Ledger {
        let a = Enterprise(id: "A", name: "a", community: "c1", department: "d", industry: "工贸", size: .small)
        let b = Enterprise(id: "B", name: "b", community: "c1", department: "d", industry: "工贸", size: .large,
                           openedOn: d("2024-03-01"), closedOn: d("2025-06-30"))
        return Ledger(enterprises: [a, b], statusEvents: [
            StatusEvent(enterpriseID: "A", date: d("2023-05-01"), status: .compliant),
            StatusEvent(enterpriseID: "A", date: d("2026-05-01"), status: .lapsed),
            StatusEvent(enterpriseID: "B", date: d("2024-04-01"), status: .level3),
            StatusEvent(enterpriseID: "Z", date: d("2024-04-01"), status: .level3),
        ])
    }

    @Test func completedFollowsLatestStatusAndLapses() {
        let l = ledger()
        let a = l.enterprise(id: "A")!
        #expect(!l.isCompleted(a, on: d("2023-04-30")))
        #expect(l.isCompleted(a, on: d("2023-05-01")))
        #expect(l.isCompleted(a, on: d("2026-04-30")))
        #expect(!l.isCompleted(a, on: d("2026-05-01")))
    }

    @Test func denominatorCountsOnlyOpenEnterprises() {
        let l = ledger()
        #expect(l.completion(on: d("2024-02-29")) == (1, 1))
        #expect(l.completion(on: d("2024-04-01")) == (2, 2))
        #expect(l.completion(on: d("2025-06-29")) == (2, 2))
        #expect(l.completion(on: d("2025-06-30")) == (1, 1))
    }

    @Test func asOfForgetsTheFuture() {
        let l = ledger().asOf(d("2024-01-01"))
        #expect(l.enterprises.count == 1)
        #expect(l.status(of: "A", on: d("2030-01-01")) == .compliant)
    }
}
