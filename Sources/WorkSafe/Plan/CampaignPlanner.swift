/// `worksafe plan`: from the calibrated hazard forecast to what it takes — per unit and future
/// milestone the new completions per month that reach the target with a given confidence (the
/// inverse problem on the model, `ForcedCompletions`), the priority list (一企一策) with each
/// enterprise's probability gain (`ProbabilityGain`), and the grades about to lapse.
///
/// It runs the forecast once with a `ScenarioRecorder` watching (the forecast's rows are
/// unchanged by it: same seed, same probabilities) and solves everything else on the recorded
/// scenarios. `docs/plan.md` has the definitions.
///
/// - Complexity: the forecast's, plus O(S·n) for recording, O(S·M·log P) per unit and milestone
///   for the bisection, O(S) per unit and O(Sᵤ) per enterprise for the gains.
public struct CampaignPlanner: Sendable {
    /// The probability the required pace must reach, strictly between 0 and 1.
    public var confidence: Double
    /// Months ahead for the expiring grades (≥ 0).
    public var horizonMonths: Int
    /// Priority enterprises named per unit in `RequiredPace.topPriorities` and the sentences.
    public var top: Int
    /// The units the priority list ranks within: community, department or town.
    public var priorityLevel: ForecastUnit.Level
    /// The forecast (scenarios, seed, threads, levels reported).
    public var forecast: HazardForecast
    /// The risk grading for the colours.
    public var grader: RiskGrader

    /// A configuration; the defaults are those of `worksafe plan`.
    public init(confidence: Double = 0.9, horizonMonths: Int = 6, top: Int = 5,
                priorityLevel: ForecastUnit.Level = .community, forecast: HazardForecast = HazardForecast(),
                grader: RiskGrader = RiskGrader()) {
        self.confidence = confidence; self.horizonMonths = horizonMonths; self.top = top
        self.priorityLevel = priorityLevel; self.forecast = forecast; self.grader = grader
    }

    /// Checks the settings and the as-of date against the ledger and the campaign.
    ///
    /// - Throws: `PlanError` (confidence outside (0, 1), a negative horizon or top, an as-of date
    ///   before the first recorded status or on or after the last milestone).
    public func validate(ledger: Ledger, campaign: Campaign, asOf: Day) throws {
        guard confidence > 0, confidence < 1 else {
            throw PlanError.invalidConfiguration(detail: "--confidence must be strictly between 0 and 1, got \(confidence)")
        }
        guard horizonMonths >= 0 else {
            throw PlanError.invalidConfiguration(detail: "--horizon-months must be 0 or more, got \(horizonMonths)")
        }
        guard top >= 0 else { throw PlanError.invalidConfiguration(detail: "--top must be 0 or more, got \(top)") }
        guard priorityLevel != .reported else {
            throw PlanError.invalidConfiguration(detail: "priorities rank within a town, community or department")
        }
        let first = CompletionTrend.firstRecordedDay(in: ledger)
        guard let first, asOf >= first else { throw PlanError.asOfBeforeData(asOf: asOf, firstRecorded: first) }
        guard campaign.milestones.contains(where: { $0.date > asOf }) else {
            throw PlanError.asOfAfterLastMilestone(asOf: asOf, lastMilestone: campaign.milestones.last?.date)
        }
    }

    /// Makes the plan as of `asOf`.
    ///
    /// - Throws: `PlanError` (see `validate`), the forecast's `ForecastError`s, `RiskError`.
    public func plan(ledger: Ledger, campaign: Campaign, asOf: Day) throws -> CampaignPlan {
        try validate(ledger: ledger, campaign: campaign, asOf: asOf)
        final class Box: @unchecked Sendable { var recorder: ScenarioRecorder? }
        let box = Box()
        let scenarios = forecast.scenarios
        var config = forecast
        if !config.levels.contains(priorityLevel) { config.levels.append(priorityLevel) }
        let result = try config.forecast(ledger: ledger, campaign: campaign, asOf: asOf, observer: { sim in
            let r = ScenarioRecorder(simulation: sim, scenarios: scenarios)
            box.recorder = r
            return r
        })
        let recorder = box.recorder!
        let milestones = campaign.milestones.filter { $0.date > asOf }
        let priorities = try priorityList(result: result, recorder: recorder, campaign: campaign, asOf: asOf,
                                          next: milestones.first)
        let required = requiredPaces(result: result, recorder: recorder, milestones: milestones, asOf: asOf,
                                     priorities: priorities, reported: Set(forecast.levels))
        let expiring = try expiringGrades(result: result, campaign: campaign, asOf: asOf)
        return CampaignPlan(asOf: asOf, confidence: confidence, required: required,
                            priorities: priorities, expiring: expiring,
                            forecastRows: result.rows.filter { forecast.levels.contains($0.unit.level) },
                            horizonMonths: horizonMonths)
    }

    /// The required pace of every reported unit and milestone.
    func requiredPaces(result: HazardForecast.Result, recorder: ScenarioRecorder, milestones: [Milestone],
                       asOf: Day, priorities: [PriorityEnterprise], reported: Set<ForecastUnit.Level>) -> [RequiredPace] {
        let sim = result.simulation, pop = sim.population
        let position = Dictionary(uniqueKeysWithValues: pop.index.units.enumerated().map { ($1, $0) })
        let a = MonthIndex.of(asOf)
        var topNames: [ForecastUnit: [String]] = [:]
        for p in priorities where p.rank <= top { topNames[p.unit, default: []].append(p.enterprise.name) }
        // Pool and expiring grades per unit on the as-of date.
        var notCompleted = [Int](repeating: 0, count: sim.U)
        var expiries = [[Int]](repeating: [], count: sim.U)
        for i in 0..<pop.count {
            let units = [0, Int(pop.community[i]), Int(pop.department[i])]
            switch pop.standing[i] {
            case .notCompleted: for u in units { notCompleted[u] += 1 }
            case let .completed(expiry?) where sim.validity > 0: for u in units { expiries[u].append(expiry) }
            case .completed: break
            }
        }
        return result.rows.compactMap { row -> RequiredPace? in
            guard reported.contains(row.unit.level), let u = position[row.unit],
                  let k = milestones.firstIndex(where: { $0.date == row.milestoneDate }) else { return nil }
            let lastMonth = recorder.lastMonth[k]
            let problem = RequiredPaceProblem(recorder: recorder, unit: u, milestone: k, target: row.targetPercent)
            let exposureMonths = sim.exposure[0] + Double(Swift.max(0, lastMonth))
            var status: RequiredPace.Status
            var perMonth: Int?, atRequired: Double?
            if row.probability >= confidence {
                // Already likely (the forecast's probability, which also knows decided milestones).
                status = .alreadyLikely; perMonth = 0; atRequired = row.probability
            } else if lastMonth < 1 {
                status = .noMonthLeft
            } else if let solved = problem.smallestSufficient(confidence: confidence) {
                status = solved.perMonth == 0 ? .alreadyLikely : .required
                perMonth = solved.perMonth; atRequired = solved.probability
            } else {
                status = .outOfReach
            }
            var quarters: [QuarterTarget] = []
            if let n = perMonth {
                var q = MonthIndex.end(a + 1).quarter
                while q.lastDay <= row.milestoneDate {
                    let months = MonthIndex.of(q.lastDay) - a
                    if months >= 1 && months <= lastMonth {
                        quarters.append(QuarterTarget(quarterEnd: q.lastDay, completions: Swift.min(notCompleted[u], n * months)))
                    }
                    q = q.next
                }
            }
            return RequiredPace(
                unit: row.unit, milestone: Milestone(date: row.milestoneDate, targetPercent: row.targetPercent),
                asOf: asOf, confidence: confidence, currentPercent: row.currentPercent, currentOpen: row.currentOpen,
                notCompleted: notCompleted[u],
                expiringBeforeMilestone: expiries[u].filter { $0 <= lastMonth }.count,
                probabilityAsIs: row.probability, expectedPercentAsIs: row.expectedPercent,
                expectedCompletionsPerMonthAsIs: exposureMonths > 0 ? problem.meanNaturalCompletions / exposureMonths : 0,
                requiredCompletionsPerMonth: perMonth, probabilityAtRequired: atRequired,
                firstMonth: lastMonth >= 1 ? MonthIndex.end(a + 1) : nil, months: Swift.max(0, lastMonth),
                requiredByQuarterEnd: quarters, status: status,
                topPriorities: row.unit.level == priorityLevel ? topNames[row.unit] ?? [] : [])
        }
    }

    /// Every enterprise open and not completed on the as-of date, ranked within its unit.
    func priorityList(result: HazardForecast.Result, recorder: ScenarioRecorder, campaign: Campaign, asOf: Day,
                      next: Milestone?) throws -> [PriorityEnterprise] {
        let sim = result.simulation, pop = sim.population, ledger = result.knownLedger
        var byUnit: [Int: [Int]] = [:]
        for i in 0..<pop.count where pop.standing[i] == .notCompleted {
            let u: Int
            switch priorityLevel {
            case .town, .reported: u = 0
            case .community: u = Int(pop.community[i])
            case .department: u = Int(pop.department[i])
            }
            byUnit[u, default: []].append(i)
        }
        let ids = Set(byUnit.values.joined().map { ledger.enterprises[Int(pop.ledgerIndex[$0])].id })
        let facts = try PriorityList.RiskFacts(ledger: ledger, ids: ids, grader: grader)
        var all: [PriorityEnterprise] = []
        for u in byUnit.keys.sorted() {
            let members = byUnit[u]!
            let gains = next.map {
                ProbabilityGain.estimate(recorder: recorder, simulation: sim, unit: u, target: $0.targetPercent, members: members)
            } ?? members.map { _ in 0 }
            var rows = zip(members, gains).map { i, gain -> PriorityEnterprise in
                let e = ledger.enterprises[Int(pop.ledgerIndex[i])]
                let (stage, since) = PriorityList.stage(of: e, ledger: ledger, campaign: campaign, asOf: asOf)
                let level = facts.grades[e.id] ?? .blue
                let o = facts.latest[e.id]
                let open = o.map { Swift.max(0, $0.hazardsGeneral + $0.hazardsMajor - $0.hazardsRectified) } ?? 0
                return PriorityEnterprise(
                    enterprise: e, unit: pop.index.units[u], stage: stage,
                    monthsInStage: Double(Swift.max(0, asOf.ordinal - since.ordinal)) / PaceBaseline.daysPerMonth,
                    riskLevel: level, weakest: facts.weakest(e), openHazards: open,
                    openMajorHazards: o?.openMajorHazards ?? 0, probabilityGain: gain, rank: 0,
                    urgent: level >= .orange && (stage == .notStarted || stage == .lapsed), nextMilestone: next)
            }
            PriorityList.rank(&rows)
            all += rows
        }
        all.sort { ($0.unit, $0.rank) < ($1.unit, $1.rank) }
        return all
    }

    /// Grades valid on the as-of date that expire within the horizon (no renewal recorded).
    func expiringGrades(result: HazardForecast.Result, campaign: Campaign, asOf: Day) throws -> [ExpiringGrade] {
        let ledger = result.knownLedger, validity = campaign.validityMonths
        guard validity > 0 else { return [] }
        let until = asOf.adding(months: horizonMonths)
        var found: [(Enterprise, StatusEvent, Day)] = []
        for e in ledger.enterprises where e.isOpen(on: asOf) {
            guard let event = ledger.latestEvent(of: e.id, on: asOf),
                  GradeValidity.counts(event, on: asOf, validityMonths: validity),
                  let end = GradeValidity.expiry(of: event, validityMonths: validity), end <= until else { continue }
            found.append((e, event, end))
        }
        let facts = try PriorityList.RiskFacts(ledger: ledger, ids: Set(found.map { $0.0.id }), grader: grader)
        let renewal = (1 + Double(result.renewedGrades)) / (2 + Double(result.expiredGrades))
        return found.map { e, event, end in
            ExpiringGrade(enterprise: e, status: event.status, grantedOn: event.date, expiresOn: end,
                          monthsLeft: Double(end.ordinal - asOf.ordinal) / PaceBaseline.daysPerMonth,
                          riskLevel: facts.grades[e.id] ?? .blue, renewalProbability: renewal)
        }.sorted { ($0.expiresOn, $0.enterprise.id) < ($1.expiresOn, $1.enterprise.id) }
    }
}
