import Foundation
import Stats

/// The records the simulator produces for one enterprise.
public struct SimulatedEnterprise: Hashable, Sendable {
    /// The enterprise.
    public var enterprise: Enterprise
    /// Its status events in date order.
    public var events: [StatusEvent]
    /// Its quarterly risk observations in quarter order.
    public var risk: [RiskObservation]
    /// Its risk points.
    public var points: [RiskPoint]
}

/// A synthetic town's ledger, deterministic for a seed and generated one enterprise at a time.
///
/// Each enterprise draws from its own stream `SeededGenerator(seed:).split(stream: index)`, so
/// enterprise *i* is the same whatever the town's size, and the simulation streams: memory is
/// O(1) in the number of enterprises.
///
/// The model:
/// - **Make-up**: community, industry and size drawn from `TownProfile` weights; the department
///   is the industry's usual one (10 % another). 12 % enter mid-campaign (纳入日期), 7 % close.
/// - **Completion**: a weekly hazard h = base(year) · pace · bump, where pace multiplies the
///   community's, department's, industry's and size's paces with a log-normal frailty, base
///   rises year by year of the campaign, and bump is ×4 in the 8 weeks before a milestone and
///   ×2 in the last 3 weeks of a quarter — so completions bunch before deadlines and quarter
///   ends. Before completing an enterprise passes not_started → in_progress → self_assessed
///   (with a self-assessment score). Large and medium enterprises get a grade (三级/二级/一级),
///   small and micro ones 达标 or 已完成提升.
/// - **Validity**: a completion lapses after `campaign.validityMonths` unless renewed (75 %);
///   6 % of large and medium enterprises hold a grade from 2020–2022 that lapses during the
///   campaign unless renewed.
/// - **Risk**: a latent risk (industry × size × log-normal, ×3 for the 1.5 % troubled enterprises
///   of high-risk industries) drives quarterly hazards, violations, accidents and risk-point
///   counts, all lower once standardization is complete; element scores rise with quality and
///   completion. Troubled enterprises have accidents, some fatal.
/// - **Benchmarks**: the first enterprises (one per key industry) are large benchmark enterprises
///   completed in 2023; other key-industry large/medium enterprises completed before the
///   benchmark deadline are benchmarks with probability 0.2.
public struct TownSimulation: Sendable {
    /// Number of enterprises.
    public var enterprises: Int
    /// The seed.
    public var seed: UInt64
    /// First day simulated (the campaign start by default).
    public var start: Day
    /// Last day simulated: no record is dated after it.
    public var end: Day
    /// The campaign (milestones, key industries, validity).
    public var campaign: Campaign
    /// The town's make-up.
    public var profile: TownProfile
    /// Inject the defects `worksafe validate` must catch (see `DirtyDefect`).
    public var dirty: Bool
    /// How completions move through time (`CampaignRegime`; `.standard` is the sample's).
    public var regime: CampaignRegime

    /// A simulation of `enterprises` enterprises.
    public init(enterprises: Int, seed: UInt64, start: Day = Day(year: 2023, month: 1, day: 1)!,
                end: Day = Day(year: 2026, month: 9, day: 30)!, campaign: Campaign = .townPlan,
                profile: TownProfile = .standard, dirty: Bool = false, regime: CampaignRegime = .standard) {
        self.enterprises = enterprises; self.seed = seed; self.start = start; self.end = end
        self.campaign = campaign; self.profile = profile; self.dirty = dirty; self.regime = regime
    }

    /// The regime's per-town draws (cheap: a few per community and quarter).
    var dynamics: RegimeDynamics {
        RegimeDynamics(regime: regime, seed: seed, communityCount: profile.communities.count,
                       start: start, end: end, campaign: campaign)
    }

    /// Counts of what `run` wrote.
    public struct Summary: Hashable, Sendable {
        public var enterprises = 0, statusEvents = 0, riskObservations = 0, riskPoints = 0
        /// The defects injected (empty unless `dirty`).
        public var defects: [DirtyDefect] = []
    }

    /// Generates the town into `writer`, one enterprise at a time (then injects defects when
    /// `dirty`). The caller commits the writer.
    ///
    /// - Complexity: O(enterprises × (weeks + quarters)) time, O(1) memory.
    /// - Throws: what the writer throws.
    public func run(into writer: LedgerWriter, includeRiskPoints: Bool = true) throws -> Summary {
        var summary = Summary()
        let defects = dirty ? DirtyDefect.plan(enterprises: enterprises) : [:]
        let dynamics = dynamics
        for index in 0..<enterprises {
            let sim = enterprise(at: index, dynamics: dynamics)
            if let defect = defects[index] {
                try defect.write(sim, writer: writer, simulation: self)
                summary.defects.append(defect)
            } else {
                try writer.write(sim.enterprise)
                for e in sim.events { try writer.write(e) }
                for r in sim.risk { try writer.write(r) }
                if includeRiskPoints { for p in sim.points { try writer.write(p) } }
            }
            summary.enterprises += 1
            summary.statusEvents += sim.events.count
            summary.riskObservations += sim.risk.count
            summary.riskPoints += includeRiskPoints ? sim.points.count : 0
        }
        summary.defects.sort { $0.rawValue < $1.rawValue }
        return summary
    }

    /// The whole town in memory (for tests and small towns).
    public func ledger() -> Ledger {
        var ents: [Enterprise] = [], events: [StatusEvent] = [], risk: [RiskObservation] = [], points: [RiskPoint] = []
        let dynamics = dynamics
        for i in 0..<enterprises {
            let s = enterprise(at: i, dynamics: dynamics)
            ents.append(s.enterprise); events += s.events; risk += s.risk; points += s.points
        }
        return Ledger(enterprises: ents, statusEvents: events, risk: risk, riskPoints: points)
    }

    // MARK: - One enterprise

    /// Enterprise `index` (0-based) of the town, with all its records (clean, without defects,
    /// except the wrong check character of the `creditCodeCheck` defect's enterprise when dirty).
    public func enterprise(at index: Int) -> SimulatedEnterprise {
        enterprise(at: index, dynamics: dynamics)
    }

    func enterprise(at index: Int, dynamics: RegimeDynamics) -> SimulatedEnterprise {
        var rng = SeededGenerator(seed: seed).split(stream: UInt64(index))
        let keys = campaign.keyIndustries
        // Make-up.
        var industryIndex = pick(profile.industries.map(\.weight), &rng)
        var sizeIndex = pick(profile.sizes.map(\.weight), &rng)
        var isFoundingBenchmark = false
        if index < keys.count, enterprises >= 4 * keys.count,
           let k = profile.industries.firstIndex(where: { $0.name == keys[index] }) {
            industryIndex = k
            sizeIndex = profile.sizes.firstIndex { $0.size == .large } ?? sizeIndex
            isFoundingBenchmark = true
        }
        let industry = profile.industries[industryIndex]
        let size = profile.sizes[sizeIndex]
        let communityIndex = rng.index(below: profile.communities.count)
        let community = profile.communities[communityIndex]
        let departmentIndex = rng.bernoulli(0.1) ? rng.index(below: profile.departments.count) : industry.department
        let department = profile.departments[departmentIndex]

        let corrupt = dirty && DirtyDefect.plan(enterprises: enterprises)[index] == .creditCodeCheck
        let id = rng.bernoulli(0.02) && !isFoundingBenchmark && !corrupt
            ? SyntheticIDs.legacyNumber(index: index, seed: seed)
            : SyntheticIDs.creditCode(index: index, seed: seed, corruptCheck: corrupt)
        let name = EnterpriseNames.name(industry: industry.name, size: size.size, rng: &rng)

        let span = end.ordinal - start.ordinal
        var opened: Day? = nil
        if !isFoundingBenchmark && rng.bernoulli(0.12) && span > 120 {
            opened = start.adding(days: 30 + rng.index(below: span - 90))
        }
        let entry = opened ?? start
        var closed: Day? = nil
        if !isFoundingBenchmark && rng.bernoulli(0.07) && end.ordinal - entry.ordinal > 90 {
            closed = entry.adding(days: 60 + rng.index(below: end.ordinal - entry.ordinal - 59))
        }
        let lastDay = closed.map { min(end, $0.adding(days: -1)) } ?? end

        let troubled = industry.risk >= 0.7 && !isFoundingBenchmark && rng.bernoulli(0.015)
        let frailty = (0.45 * rng.normal() - 0.1)
        var pace = community.pace * department.pace * industry.ease * size.ease * exp(frailty)
        if troubled { pace *= 0.6 }
        if keys.contains(industry.name) { pace *= 1.1 }
        if dynamics.isHoldout(community: communityIndex, size: size.size, &rng) {
            pace *= RegimeDynamics.Constants.holdoutPace
        }
        let quality = 0.6 * frailty / 0.45 + 0.8 * rng.normal()

        // Status timeline.
        var events: [StatusEvent] = []
        var intervals: [(from: Day, to: Day)] = []   // completed on [from, to)
        let validity = campaign.validityMonths
        let graded = !size.size.isSmallOrMicro
        func completionStatus(_ rng: inout SeededGenerator) -> StandardizationStatus {
            if graded {
                let u = rng.uniform()
                if size.size == .large && u < 0.08 { return .level1 }
                return u < 0.35 ? .level2 : .level3
            }
            return rng.bernoulli(0.75) ? .compliant : .completed
        }

        var cursor = entry
        var status: StandardizationStatus? = nil
        if graded && opened == nil && !isFoundingBenchmark && rng.bernoulli(0.06) {
            // A grade held from before the campaign.
            let earliest = Day(year: start.year - 3, month: 1, day: 1)!
            let gradedOn = earliest.adding(days: rng.index(below: max(1, start.ordinal - earliest.ordinal)))
            status = completionStatus(&rng)
            events.append(StatusEvent(enterpriseID: id, date: gradedOn, status: status!))
            cursor = gradedOn
        } else if rng.bernoulli(0.6) {
            events.append(StatusEvent(enterpriseID: id, date: entry, status: .notStarted))
        }

        var completedSince: Day? = status != nil ? cursor : nil
        var guardSteps = 0
        while cursor <= lastDay && guardSteps < 100 {
            guardSteps += 1
            if let since = completedSince {
                let expiry = since.adding(months: validity)
                if expiry > lastDay { intervals.append((since, lastDay.adding(days: 1))); break }
                if rng.bernoulli(0.75) {
                    // Renewal review shortly before expiry.
                    let renewOn = Day(ordinal: max(events.last!.date.ordinal + 1, expiry.ordinal - 1 - rng.index(below: 45)))
                    events.append(StatusEvent(enterpriseID: id, date: renewOn, status: events.last(where: { $0.status.countsAsCompleted })?.status ?? .completed))
                    intervals.append((since, renewOn))
                    completedSince = renewOn
                    cursor = renewOn
                } else {
                    events.append(StatusEvent(enterpriseID: id, date: expiry, status: .lapsed))
                    intervals.append((since, expiry))
                    completedSince = nil
                    cursor = expiry.adding(days: 1)
                }
                continue
            }
            // Not completed: step weekly until the hazard fires.
            var completion: Day? = nil
            if isFoundingBenchmark && events.allSatisfy({ !$0.status.countsAsCompleted }) {
                let latest = min(campaign.benchmarkDeadline, lastDay)
                let from = max(cursor.ordinal + 90, latest.ordinal - 200)
                completion = Day(ordinal: min(latest.ordinal, from + rng.index(below: max(1, latest.ordinal - from))))
            } else {
                var week = cursor
                while week <= lastDay {
                    let weekly = dynamics.weekly(week, community: communityIndex, standardBase: baseHazard)
                    let h = weekly.hazard * pace
                    let cap = weekly.cap.map { min(lastDay, $0) } ?? lastDay
                    if rng.uniform() < 1 - exp(-h) {
                        completion = Day(ordinal: min(cap.ordinal, week.ordinal + rng.index(below: 7)))
                        break
                    }
                    week = week.adding(days: 7)
                }
            }
            guard let done = completion, done <= lastDay else {
                // Never completes in the window: maybe starts work.
                if rng.bernoulli(0.5) {
                    let remaining = lastDay.ordinal - cursor.ordinal
                    if remaining > 30 {
                        let began = cursor.adding(days: 1 + rng.index(below: remaining))
                        events.append(StatusEvent(enterpriseID: id, date: began, status: .inProgress))
                        if rng.bernoulli(0.3), lastDay.ordinal - began.ordinal > 20 {
                            let assessed = began.adding(days: 10 + rng.index(below: lastDay.ordinal - began.ordinal - 9))
                            events.append(StatusEvent(enterpriseID: id, date: assessed, status: .selfAssessed,
                                                      score: selfScore(quality, &rng)))
                        }
                    }
                }
                break
            }
            // The path to completion: in_progress, self_assessed, then the grade.
            let floor = (events.last?.date ?? cursor).ordinal
            let began = max(floor + 1, done.ordinal - 30 - Int(rng.exponential(rate: 1.0 / 60)))
            let assessed = max(began + 1, done.ordinal - 7 - Int(rng.exponential(rate: 1.0 / 20)))
            if began < done.ordinal { events.append(StatusEvent(enterpriseID: id, date: Day(ordinal: began), status: .inProgress)) }
            if assessed < done.ordinal {
                events.append(StatusEvent(enterpriseID: id, date: Day(ordinal: assessed), status: .selfAssessed,
                                          score: selfScore(quality, &rng)))
            }
            let doneDay = Day(ordinal: max(done.ordinal, (events.last?.date.ordinal ?? 0) + 1))
            guard doneDay <= lastDay else { break }
            events.append(StatusEvent(enterpriseID: id, date: doneDay, status: completionStatus(&rng)))
            completedSince = doneDay
            cursor = doneDay
        }
        events = events.filter { $0.date <= lastDay }

        let benchmark = isFoundingBenchmark
            || (keys.contains(industry.name) && graded
                && intervals.contains { $0.from <= campaign.benchmarkDeadline } && rng.bernoulli(0.2))
        let enterprise = Enterprise(id: id, name: name, community: community.name, department: department.name,
                                    industry: industry.name, size: size.size, openedOn: opened, closedOn: closed,
                                    isBenchmark: benchmark)

        // Quarterly risk observations.
        var latent = industry.risk * exp(0.35 * rng.normal()) * (size.size == .large ? 1.3 : size.size == .medium ? 1.1 : size.size == .small ? 1.0 : 0.8)
        if troubled { latent *= 3 }
        var risk: [RiskObservation] = []
        var q = entry.quarter
        while q.lastDay <= end && q.firstDay <= lastDay {
            let done = intervals.contains { $0.from <= q.lastDay && q.lastDay < $0.to }
            risk.append(observation(id: id, quarter: q, latent: latent, quality: quality, completed: done,
                                    troubled: troubled, scale: size.scale, rng: &rng))
            q = q.next
        }

        // Risk points.
        var points: [RiskPoint] = []
        let pointCount = 1 + rng.poisson(1.5 * size.scale)
        for k in 0..<pointCount {
            let place = industry.points[rng.index(below: industry.points.count)]
            let name = "\(place)\(k + 1)"
            let severe = troubled && k == 0
            let lift = min(1.0, 0.3 * latent)
            if severe || rng.bernoulli(0.7) {
                let ls: [Double] = [0.1, 0.2, 0.5, 1, 3, 6, 10], es: [Double] = [0.5, 1, 2, 3, 6, 10]
                let cs: [Double] = [1, 3, 7, 15, 40, 100]
                let l = severe ? 6 : ls[min(6, rng.index(below: 4) + (rng.bernoulli(lift) ? 2 : 0))]
                let e = severe ? 6 : es[min(5, rng.index(below: 4) + (rng.bernoulli(lift) ? 2 : 0))]
                let c = severe ? 15 : cs[min(5, rng.index(below: 3) + (rng.bernoulli(lift) ? 2 : 0))]
                points.append(RiskPoint(enterpriseID: id, name: name, method: .lec, l: l, e: e, c: c))
            } else {
                let l = Double(1 + min(4, rng.index(below: 3) + (rng.bernoulli(lift) ? 2 : 0)))
                let s = Double(1 + min(4, rng.index(below: 3) + (rng.bernoulli(lift) ? 2 : 0)))
                points.append(RiskPoint(enterpriseID: id, name: name, method: .ls, l: l, s: s))
            }
        }
        return SimulatedEnterprise(enterprise: enterprise, events: events, risk: risk, points: points)
    }

    /// The weekly base hazard: rising through the campaign's years (the milestones' pressure),
    /// lower for stragglers after the last milestone.
    func baseHazard(_ day: Day) -> Double {
        let ms = campaign.milestones
        if ms.count >= 1 && day <= ms[0].date { return 0.0038 }
        if ms.count >= 2 && day <= ms[1].date { return 0.02 }
        if ms.count >= 3 && day <= ms[2].date { return 0.03 }
        return 0.02
    }

    func selfScore(_ quality: Double, _ rng: inout SeededGenerator) -> Double {
        (min(100, max(60, 82 + 5 * quality + 5 * rng.normal())) * 2).rounded() / 2
    }

    func observation(id: String, quarter: Quarter, latent: Double, quality: Double, completed: Bool,
                     troubled: Bool, scale: Double, rng: inout SeededGenerator) -> RiskObservation {
        let cf = completed ? 0.6 : 1.0
        var scores: [Double] = []
        for k in 0..<8 {
            let offset = [2.0, 0, 1, -3, -4, -1, 3, -2][k]
            let v = 72 + 5 * quality - 10 * (latent - 0.6) + (completed ? 9 : 0) + offset + 5 * rng.normal()
            scores.append((min(100, max(0, v)) * 10).rounded() / 10)
        }
        let general = rng.poisson(2.5 * latent * cf * scale)
        let major = rng.poisson(0.06 * latent * cf * (troubled ? 4 : 1))
        var majorRectified = 0
        for _ in 0..<major where rng.bernoulli(0.8) { majorRectified += 1 }
        var rectified = majorRectified
        for _ in 0..<general where rng.bernoulli(0.9) { rectified += 1 }
        let violations = rng.poisson(0.8 * latent * cf * scale)
        let accidents = rng.poisson(troubled ? 0.25 : 0.004 * latent * scale)
        var deaths = 0, injuries = 0
        for _ in 0..<accidents {
            if rng.bernoulli(troubled ? 0.2 : 0.05) { deaths += 1 }
            injuries += rng.poisson(1.0)
        }
        var points = [0, 0, 0, 0]
        points[RiskLevel.red.rawValue] = rng.poisson(0.15 * latent * (troubled ? 6 : 1))
        points[RiskLevel.orange.rawValue] = rng.poisson(0.6 * latent * scale * cf)
        points[RiskLevel.yellow.rawValue] = rng.poisson(1.5 * latent * scale)
        points[RiskLevel.blue.rawValue] = rng.poisson(3 * scale)
        return RiskObservation(enterpriseID: id, period: quarter, elementScores: scores, hazardsGeneral: general,
                               hazardsMajor: major, hazardsRectified: rectified, majorHazardsRectified: majorRectified,
                               violations: violations, accidents: accidents, deaths: deaths, injuries: injuries,
                               riskPoints: points)
    }

    func pick(_ weights: [Double], _ rng: inout SeededGenerator) -> Int {
        let total = weights.reduce(0, +)
        var u = rng.uniform() * total
        for (i, w) in weights.enumerated() { u -= w; if u < 0 { return i } }
        return weights.count - 1
    }
}
