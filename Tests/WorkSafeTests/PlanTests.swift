import Stats
import Testing
@testable import WorkSafe

#if canImport(Glibc)
import Glibc
#endif

/// `worksafe plan`: the required pace is the inverse problem solved on the model's own
/// scenarios, the shortcut equals a real forced simulation, the pace holds on fresh scenarios,
/// the as-is figures are the forecast's, and the probability gain agrees with re-running the
/// forecast with the enterprise completed.
@Suite struct PlanTests {
    static let asOf = Day(year: 2024, month: 1, day: 31)!
    /// A town with closures and entrants; milestones 2024-06-30 (45 %) and 2024-12-31 (65 %) ahead.
    static let town = SimulatedCampaign(enterprises: 500, monthlyClosure: 0.006, monthlyEntries: 2,
                                        campaign: simulatedPlan).generate(seed: 21)
    static func forecast(scenarios: Int, seed: UInt64) -> HazardForecast {
        HazardForecast(scenarios: scenarios, seed: seed, hazard: CompletionHazard(frailtyVariances: [0.3]))
    }

    /// Per scenario, the plan's count-based outcome of forcing N a month equals the counts of a
    /// second simulation of the same scenarios in which the forcing rule was applied enterprise
    /// by enterprise — so the shortcut is exact, not approximate.
    @Test func theShortcutEqualsARealForcedSimulationScenarioByScenario() throws {
        let cfg = Self.forecast(scenarios: 120, seed: 5)
        let (result, recorder) = try observedForecast(cfg, ledger: Self.town, campaign: simulatedPlan, asOf: Self.asOf) {
            ScenarioRecorder(simulation: $0, scenarios: 120)
        }
        let (_, natural) = try observedForecast(cfg, ledger: Self.town, campaign: simulatedPlan, asOf: Self.asOf) {
            EnterpriseMonths($0, scenarios: 120)
        }
        let pop = result.simulation.population
        let community = pop.index.communityBase + 1
        for (u, k, n) in [(0, 0, 12), (0, 1, 4), (community, 0, 3), (community, 1, 1), (community, 0, 40)] {
            let target = simulatedPlan.milestones[k + 1].targetPercent
            let forced = forcedRun(cfg, result: result,
                                   forced: natural.forcing(unit: u, milestone: k, perMonth: n, population: pop))
            var natural = [Int](), reached = 0, moved = 0
            for s in 0..<120 {
                let r = recorder.counts(s, unit: u, milestone: k)
                recorder.cumulativeNatural(s, unit: u, milestone: k, into: &natural)
                let shortcut = r.completed + ForcedCompletions.completedByMilestone(natural: natural, pool: r.pool, perMonth: n)
                    - natural.last!
                let real = forced.counts(s, unit: u, milestone: k)
                #expect(real.completed == shortcut && real.open == r.open, "unit \(u) milestone \(k) N \(n) scenario \(s)")
                if Milestone.isReached(100 * Double(real.completed) / Double(real.open), target: target) { reached += 1 }
                if shortcut > r.completed { moved += 1 }
            }
            let problem = RequiredPaceProblem(recorder: recorder, unit: u, milestone: k, target: target)
            #expect(problem.reached(perMonth: n) == reached)
            #expect(moved > 0)   // the forcing did something in these cases
        }
    }

    /// The plan's required pace, forced in scenarios it was not solved on (another seed),
    /// reaches the target in at least `confidence` of them within Monte Carlo error, and one
    /// fewer a month falls short of it within the error of both runs.
    @Test(arguments: [false, true])
    func theRequiredPaceHoldsOnFreshScenarios(sampleSimulator: Bool) throws {
        let ledger: Ledger, campaign: Campaign, asOf: Day
        if sampleSimulator {
            ledger = TownSimulation(enterprises: 700, seed: 4).ledger()
            campaign = .townPlan; asOf = Day(year: 2024, month: 6, day: 30)!
        } else {
            ledger = Self.town; campaign = simulatedPlan; asOf = Self.asOf
        }
        let confidence = 0.8, planned = 300, fresh = 600
        let plan = try CampaignPlanner(confidence: confidence, forecast: Self.forecast(scenarios: planned, seed: 1))
            .plan(ledger: ledger, campaign: campaign, asOf: asOf)
        let rows = plan.required.filter { $0.status == .required && $0.unit.level != .department }
        try #require(!rows.isEmpty)
        let cfg = Self.forecast(scenarios: fresh, seed: 2)
        let (result, natural) = try observedForecast(cfg, ledger: ledger, campaign: campaign, asOf: asOf) {
            EnterpriseMonths($0, scenarios: fresh)
        }
        let pop = result.simulation.population
        let position = Dictionary(uniqueKeysWithValues: pop.index.units.enumerated().map { ($1, $0) })
        let sd = (confidence * (1 - confidence)).squareRoot()
        for row in rows.prefix(3) {
            let u = position[row.unit]!, k = campaign.milestones.filter { $0.date > asOf }.firstIndex(of: row.milestone)!
            let n = row.requiredCompletionsPerMonth!
            func share(_ perMonth: Int) -> Double {
                let run = forcedRun(cfg, result: result,
                                    forced: natural.forcing(unit: u, milestone: k, perMonth: perMonth, population: pop))
                var hits = 0
                for s in 0..<fresh {
                    let c = run.counts(s, unit: u, milestone: k)
                    if c.open > 0 && Milestone.isReached(100 * Double(c.completed) / Double(c.open), target: row.milestone.targetPercent) { hits += 1 }
                }
                return Double(hits) / Double(fresh)
            }
            let atRequired = share(n), below = share(n - 1)
            #expect(atRequired >= confidence - 3 * sd / Double(fresh).squareRoot(), "\(row.unit) N=\(n): \(atRequired)")
            #expect(below < confidence + 3 * sd * (1 / Double(planned).squareRoot() + 1 / Double(fresh).squareRoot()),
                    "\(row.unit) N−1=\(n - 1): \(below)")
        }
    }

    /// The as-is columns are the forecast's: the same probability and expected share as
    /// `worksafe forecast` with the same seed; the expected natural completions equal the
    /// model's exact expectation (coefficients at β̂, the pace at its mean path, no frailty).
    @Test func theAsIsFiguresAreTheForecasts() throws {
        let cfg = Self.forecast(scenarios: 200, seed: 3)
        let forecast = try cfg.forecast(ledger: Self.town, campaign: simulatedPlan, asOf: Self.asOf)
        let plan = try CampaignPlanner(forecast: cfg).plan(ledger: Self.town, campaign: simulatedPlan, asOf: Self.asOf)
        #expect(plan.required.count == forecast.rows.count)
        for (r, f) in zip(plan.required, forecast.rows) {
            #expect(r.unit == f.unit && r.milestone.date == f.milestoneDate)
            #expect(r.probabilityAsIs == f.probability && r.expectedPercentAsIs == f.expectedPercent)
            #expect(r.currentPercent == f.currentPercent && r.currentOpen == f.currentOpen)
        }

        // Exact expectation of the natural completions (closures and entrants off).
        let quiet = SimulatedCampaign(enterprises: 400, campaign: simulatedPlan).generate(seed: 9)
        let asOf = Day(year: 2024, month: 2, day: 10)!
        let S = 2000
        let exact = HazardForecast(scenarios: S, seed: 4, drawCoefficients: false, structuralUncertainty: false,
                                   hazard: CompletionHazard(frailtyVariances: [0]), levels: [.town])
        let (result, recorder) = try observedForecast(exact, ledger: quiet, campaign: simulatedPlan, asOf: asOf) {
            ScenarioRecorder(simulation: $0, scenarios: S)
        }
        let sim = result.simulation
        let exactness = ExactExpectation(result)
        let known = quiet.asOf(asOf)
        for k in 0..<sim.K {
            var expected = 0.0, variance = 0.0
            for e in known.enterprises where e.isOpen(on: asOf) && !known.isCompleted(e, on: asOf, validityMonths: 36) {
                let p = exactness.probability(of: e, before: sim.slotOf[k])
                expected += p; variance += p * (1 - p)
            }
            let problem = RequiredPaceProblem(recorder: recorder, unit: 0, milestone: k, target: sim.targets[k])
            let tolerance = 4 * variance.squareRoot() / Double(S).squareRoot()
            #expect(abs(problem.meanNaturalCompletions - expected) < tolerance,
                    "milestone \(k): \(problem.meanNaturalCompletions) vs \(expected)")
            // The recorded counts are the forecast's shares.
            var mean = 0.0
            for s in 0..<S {
                let n = recorder.counts(s, unit: 0, milestone: k)
                mean += 100 * Double(n.completed) / Double(n.open)
            }
            #expect(abs(mean / Double(S) - result.rows[k].expectedPercent) < 1e-9)
        }
    }

    /// `probability_gain` against brute force: the forecast re-run with the enterprise completed
    /// on the as-of date (mid-month, so the fitted model is the same), on a small town.
    @Test func probabilityGainAgreesWithRerunningTheForecast() throws {
        let small = SimulatedCampaign(enterprises: 150, communities: 2, campaign: simulatedPlan).generate(seed: 31)
        let asOf = Day(year: 2024, month: 2, day: 12)!
        let S = 4000
        let cfg = Self.forecast(scenarios: S, seed: 7)
        let plan = try CampaignPlanner(forecast: cfg).plan(ledger: small, campaign: simulatedPlan, asOf: asOf)
        let base = try cfg.forecast(ledger: small, campaign: simulatedPlan, asOf: asOf)
        // The community whose next milestone is most in doubt.
        let next = base.rows.filter { $0.unit.level == .community && $0.milestoneDate == plan.required[0].milestone.date }
        let unit = try #require(next.min { abs($0.probability - 0.5) < abs($1.probability - 0.5) })
        let members = plan.priorities.filter { $0.unit == unit.unit }.sorted { $0.probabilityGain > $1.probabilityGain }
        try #require(members.count >= 3 && members[0].probabilityGain > 0.02)
        for p in [members[0], members[members.count / 2], members.last!] {
            var events = small.allStatusEvents
            events.append(StatusEvent(enterpriseID: p.enterprise.id, date: asOf, status: .completed))
            let completed = Ledger(enterprises: small.enterprises, statusEvents: events)
            let rerun = try cfg.forecast(ledger: completed, campaign: simulatedPlan, asOf: asOf)
            let after = try #require(rerun.rows.first { $0.unit == unit.unit && $0.milestoneDate == unit.milestoneDate })
            let brute = after.probability - unit.probability
            // Two runs whose draws part after the enterprise: at most √2 × one run's error.
            let se = (2 * unit.probability * (1 - unit.probability) / Double(S)).squareRoot()
            #expect(abs(p.probabilityGain - brute) < 4 * se, "\(p.enterprise.id): estimate \(p.probabilityGain), brute force \(brute)")
        }
    }

    /// More confidence never asks for less: the required pace is non-decreasing in the
    /// confidence (out of reach above any number), for every unit and milestone.
    @Test func theRequiredPaceNeverFallsAsTheConfidenceRises() throws {
        let (_, recorder) = try observedForecast(Self.forecast(scenarios: 200, seed: 11), ledger: Self.town,
                                                 campaign: simulatedPlan, asOf: Self.asOf) {
            ScenarioRecorder(simulation: $0, scenarios: 200)
        }
        var rng = SeededGenerator(seed: 99)
        let levels = ([0.05, 0.5, 0.9, 0.99] + (0..<12).map { _ in 0.01 + 0.98 * rng.uniform() }).sorted()
        for u in 0..<recorder.units {
            for k in 0..<recorder.milestones {
                let problem = RequiredPaceProblem(recorder: recorder, unit: u, milestone: k,
                                                  target: simulatedPlan.milestones[k + 1].targetPercent)
                let paces = levels.map { problem.smallestSufficient(confidence: $0)?.perMonth ?? Int.max }
                #expect(paces == paces.sorted(), "unit \(u) milestone \(k): \(paces)")
                for (c, n) in zip(levels, paces) where n != Int.max {
                    #expect(problem.probability(perMonth: n) >= c)
                    if n > 0 { #expect(problem.probability(perMonth: n - 1) < c) }
                }
                let probabilities = (0...8).map { problem.probability(perMonth: $0 * 3) }
                #expect(probabilities == probabilities.sorted())
            }
        }
    }

    /// Grades listed as expiring are those the forecast lets lapse unless renewed: each one's
    /// expiry month is its standing in the forecast's population, and every grade the
    /// population has expiring within the horizon is listed.
    @Test func expiringGradesAreTheForecastsExpiries() throws {
        var campaign = simulatedPlan
        campaign.validityMonths = 12
        let cfg = Self.forecast(scenarios: 40, seed: 1)
        let plan = try CampaignPlanner(horizonMonths: 4, forecast: cfg).plan(ledger: Self.town, campaign: campaign, asOf: Self.asOf)
        let result = try cfg.forecast(ledger: Self.town, campaign: campaign, asOf: Self.asOf)
        let pop = result.simulation.population, a = MonthIndex.of(Self.asOf)
        var expiryOf: [String: Int] = [:]
        for i in 0..<pop.count {
            if case let .completed(e?) = pop.standing[i] { expiryOf[result.knownLedger.enterprises[Int(pop.ledgerIndex[i])].id] = e }
        }
        #expect(!plan.expiring.isEmpty)
        for g in plan.expiring {
            #expect(expiryOf[g.enterprise.id] == MonthIndex.of(g.expiresOn) - a)
            #expect(g.expiresOn > Self.asOf && g.expiresOn <= Self.asOf.adding(months: 4))
            #expect(g.grantedOn.adding(months: 12) == g.expiresOn)
        }
        let last = MonthIndex.of(Self.asOf.adding(months: 4)) - a
        let listed = Set(plan.expiring.map(\.enterprise.id))
        for (id, e) in expiryOf where e < last { #expect(listed.contains(id)) }
        // And the required rows count them against each milestone.
        let town = try #require(plan.required.first { $0.unit == .town })
        #expect(town.expiringBeforeMilestone == expiryOf.values.filter { $0 <= MonthIndex.of(town.milestone.date) - a }.count)
    }

    @Test func badRequestsAreUsageErrors() throws {
        let ledger = Self.town
        for (planner, expected) in [
            (CampaignPlanner(confidence: 0), "confidence"), (CampaignPlanner(confidence: 1), "confidence"),
            (CampaignPlanner(confidence: -0.2), "confidence"), (CampaignPlanner(horizonMonths: -1), "horizon"),
        ] {
            #expect { try planner.validate(ledger: ledger, campaign: simulatedPlan, asOf: Self.asOf) } throws: { error in
                guard case let PlanError.invalidConfiguration(detail) = error else { return false }
                return detail.contains(expected)
            }
        }
        let early = Day(year: 2022, month: 6, day: 30)!
        #expect(throws: PlanError.asOfBeforeData(asOf: early, firstRecorded: CompletionTrend.firstRecordedDay(in: ledger))) {
            try CampaignPlanner().plan(ledger: ledger, campaign: simulatedPlan, asOf: early)
        }
        let late = Day(year: 2025, month: 1, day: 1)!
        #expect(throws: PlanError.asOfAfterLastMilestone(asOf: late, lastMilestone: Day(year: 2024, month: 12, day: 31)!)) {
            try CampaignPlanner().plan(ledger: ledger, campaign: simulatedPlan, asOf: late)
        }
    }

    @Test func theSentenceReadsLikeTheBulletin() {
        var row = RequiredPace(
            unit: ForecastUnit(level: .community, name: "北苑社区"),
            milestone: Milestone(date: Day(year: 2024, month: 12, day: 31)!, targetPercent: 80),
            asOf: Day(year: 2024, month: 6, day: 30)!, confidence: 0.9, currentPercent: 52, currentOpen: 80,
            notCompleted: 38, expiringBeforeMilestone: 0, probabilityAsIs: 0.0812, expectedPercentAsIs: 70,
            expectedCompletionsPerMonthAsIs: 2.4, requiredCompletionsPerMonth: 5, probabilityAtRequired: 0.91,
            firstMonth: Day(year: 2024, month: 7, day: 31)!, months: 6, requiredByQuarterEnd: [], status: .required,
            topPriorities: [])
        #expect(PlanSentence.text(row, language: .zh)
                == "北苑社区：按当前进度，2024年底达到80%的概率约为8%；自7月起每月新增完成不少于5家，方有九成把握。")
        #expect(PlanSentence.text(row, language: .en)
                == "北苑社区: at the current pace, the probability of reaching 80% by 2024-12-31 is about 8%; at least 5 new completions a month from July 2024 give 90% confidence.")
        row.status = .alreadyLikely; row.probabilityAsIs = 0.996; row.confidence = 0.95
        #expect(PlanSentence.text(row, language: .zh) == "北苑社区：按当前进度，2024年底达到80%的概率超过99%，已有95%把握。")
        row.status = .outOfReach; row.probabilityAsIs = 0.004; row.unit = .town
        #expect(PlanSentence.text(row, language: .zh).hasPrefix("全镇：按当前进度，2024年底达到80%的概率不足1%；即使"))
    }

    /// Red and orange enterprises that have not started come first, then the probability gain.
    @Test func urgentEnterprisesRankFirstThenByGain() {
        func row(_ id: String, _ level: RiskLevel, _ stage: PriorityEnterprise.Stage, gain: Double, major: Int = 0) -> PriorityEnterprise {
            PriorityEnterprise(
                enterprise: Enterprise(id: id, name: id, community: "东村", department: "应急办", industry: "工贸", size: .small),
                unit: ForecastUnit(level: .community, name: "东村"), stage: stage, monthsInStage: 3, riskLevel: level,
                weakest: [], openHazards: 0, openMajorHazards: major, probabilityGain: gain, rank: 0,
                urgent: level >= .orange && (stage == .notStarted || stage == .lapsed), nextMilestone: nil)
        }
        var rows = [row("A", .blue, .selfAssessed, gain: 0.09), row("B", .orange, .notStarted, gain: 0.01),
                    row("C", .red, .inProgress, gain: 0.05), row("D", .red, .lapsed, gain: 0.02),
                    row("E", .yellow, .notStarted, gain: 0.05, major: 1)]
        PriorityList.rank(&rows)
        #expect(rows.map(\.enterprise.id) == ["D", "B", "A", "E", "C"])
        #expect(rows.map(\.rank) == [1, 2, 3, 4, 5])
        #expect(rows[0].reason(.zh).hasPrefix("红色风险且已失效"))
    }
}
