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

    /// Enterprise `index` under `dynamics`: its make-up, status timeline, quarterly risk
    /// observations and risk points, drawn in that order from the enterprise's own stream.
    func enterprise(at index: Int, dynamics: RegimeDynamics) -> SimulatedEnterprise {
        let r = profile.rates
        var rng = SeededGenerator(seed: seed).split(stream: UInt64(index))
        let e = makeUp(index: index, dynamics: dynamics, &rng)
        let (events, intervals) = statusTimeline(e, dynamics: dynamics, &rng)
        let keys = campaign.keyIndustries
        let benchmark = e.isFoundingBenchmark
            || (keys.contains(e.industry.name) && e.graded
                && intervals.contains { $0.from <= campaign.benchmarkDeadline } && rng.bernoulli(r.benchmark))
        let enterprise = Enterprise(id: e.id, name: e.name, community: e.community.name, department: e.department.name,
                                    industry: e.industry.name, size: e.size.size, openedOn: e.opened, closedOn: e.closed,
                                    isBenchmark: benchmark)
        var latent = e.industry.risk * exp(r.latentRiskSD * rng.normal()) * (r.sizeRisk[e.size.size] ?? 1)
        if e.troubled { latent *= r.troubledRisk }
        let risk = riskObservations(e, latent: latent, intervals: intervals, &rng)
        let points = riskPoints(e, latent: latent, &rng)
        return SimulatedEnterprise(enterprise: enterprise, events: events, risk: risk, points: points)
    }

    /// What a simulated enterprise is and how fast it moves.
    struct MakeUp {
        let industry: TownProfile.Industry, size: TownProfile.Size
        let communityIndex: Int, community: TownProfile.Community, department: TownProfile.Department
        let id: String, name: String
        /// Opening and closing days (nil: before the simulation, not closed), the day it enters
        /// the campaign and its last open day.
        let opened: Day?, closed: Day?, entry: Day, lastDay: Day
        /// One of the first enterprises of a key industry, made a large benchmark early on.
        let isFoundingBenchmark: Bool
        /// A high-risk enterprise with a slow pace and poor risk records.
        let troubled: Bool
        /// The multiplier of the regime's weekly hazard, and the latent quality of its records.
        let pace: Double, quality: Double
        /// Whether it receives a grade (large and medium) rather than a 达标 status.
        var graded: Bool { !size.size.isSmallOrMicro }
    }

    /// The make-up draws of enterprise `index`.
    func makeUp(index: Int, dynamics: RegimeDynamics, _ rng: inout SeededGenerator) -> MakeUp {
        let r = profile.rates
        let keys = campaign.keyIndustries
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
        let departmentIndex = rng.bernoulli(r.otherDepartment) ? rng.index(below: profile.departments.count) : industry.department
        let department = profile.departments[departmentIndex]

        let corrupt = dirty && DirtyDefect.plan(enterprises: enterprises)[index] == .creditCodeCheck
        let id = rng.bernoulli(r.legacyID) && !isFoundingBenchmark && !corrupt
            ? SyntheticIDs.legacyNumber(index: index, seed: seed)
            : SyntheticIDs.creditCode(index: index, seed: seed, corruptCheck: corrupt)
        let name = EnterpriseNames.name(industry: industry.name, size: size.size, rng: &rng)

        let span = end.ordinal - start.ordinal
        var opened: Day? = nil
        if !isFoundingBenchmark && rng.bernoulli(r.opensDuring) && span > 120 {
            opened = start.adding(days: 30 + rng.index(below: span - 90))
        }
        let entry = opened ?? start
        var closed: Day? = nil
        if !isFoundingBenchmark && rng.bernoulli(r.closes) && end.ordinal - entry.ordinal > 90 {
            closed = entry.adding(days: 60 + rng.index(below: end.ordinal - entry.ordinal - 59))
        }
        let lastDay = closed.map { min(end, $0.adding(days: -1)) } ?? end

        let troubled = industry.risk >= r.troubledMinimumRisk && !isFoundingBenchmark && rng.bernoulli(r.troubled)
        let frailty = (r.frailtySD * rng.normal() + r.frailtyMean)
        var pace = community.pace * department.pace * industry.ease * size.ease * exp(frailty)
        if troubled { pace *= r.troubledPace }
        if keys.contains(industry.name) { pace *= r.keyIndustryPace }
        if dynamics.isHoldout(community: communityIndex, size: size.size, &rng) {
            pace *= RegimeDynamics.Constants.holdoutPace
        }
        let quality = r.qualityFromFrailty * frailty / r.frailtySD + r.qualityNoise * rng.normal()
        return MakeUp(industry: industry, size: size, communityIndex: communityIndex, community: community,
                      department: department, id: id, name: name, opened: opened, closed: closed, entry: entry,
                      lastDay: lastDay, isFoundingBenchmark: isFoundingBenchmark, troubled: troubled,
                      pace: pace, quality: quality)
    }

    /// The grade or 达标 status a completion gives.
    func completionStatus(_ e: MakeUp, _ rng: inout SeededGenerator) -> StandardizationStatus {
        let r = profile.rates
        if e.graded {
            let u = rng.uniform()
            if e.size.size == .large && u < r.levelOne { return .level1 }
            return u < r.levelTwoOrBetter ? .level2 : .level3
        }
        return rng.bernoulli(r.compliant) ? .compliant : .completed
    }

    /// The status events of an enterprise and the intervals `[from, to)` in which it counts as
    /// completed: an optional grade held from before the campaign, then completions (each after
    /// in-progress and self-assessed steps), renewals or lapses at the end of each validity.
    func statusTimeline(_ e: MakeUp, dynamics: RegimeDynamics, _ rng: inout SeededGenerator)
        -> (events: [StatusEvent], intervals: [(from: Day, to: Day)])
    {
        let r = profile.rates
        var events: [StatusEvent] = []
        var intervals: [(from: Day, to: Day)] = []
        let validity = campaign.validityMonths, id = e.id, lastDay = e.lastDay
        var cursor = e.entry
        var status: StandardizationStatus? = nil
        if e.graded && e.opened == nil && !e.isFoundingBenchmark && rng.bernoulli(r.gradeBeforeCampaign) {
            // A grade held from before the campaign.
            let earliest = Day(year: start.year - 3, month: 1, day: 1)!
            let gradedOn = earliest.adding(days: rng.index(below: max(1, start.ordinal - earliest.ordinal)))
            status = completionStatus(e, &rng)
            events.append(StatusEvent(enterpriseID: id, date: gradedOn, status: status!))
            cursor = gradedOn
        } else if rng.bernoulli(r.notStartedRecord) {
            events.append(StatusEvent(enterpriseID: id, date: e.entry, status: .notStarted))
        }

        var completedSince: Day? = status != nil ? cursor : nil
        var guardSteps = 0
        while cursor <= lastDay && guardSteps < 100 {
            guardSteps += 1
            if let since = completedSince {
                let expiry = since.adding(months: validity)
                if expiry > lastDay { intervals.append((since, lastDay.adding(days: 1))); break }
                if rng.bernoulli(r.renewal) {
                    // Renewal review shortly before expiry.
                    let renewOn = Day(ordinal: max(events.last!.date.ordinal + 1, expiry.ordinal - 1 - rng.index(below: r.renewalWindowDays)))
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
            let completion = completionDay(e, from: cursor, hasCompleted: events.contains { $0.status.countsAsCompleted },
                                           dynamics: dynamics, &rng)
            guard let done = completion, done <= lastDay else {
                workWithoutCompleting(e, from: cursor, into: &events, &rng)
                break
            }
            // The path to completion: in_progress, self_assessed, then the grade.
            let floor = (events.last?.date ?? cursor).ordinal
            let began = max(floor + 1, done.ordinal - 30 - Int(rng.exponential(rate: 1.0 / 60)))
            let assessed = max(began + 1, done.ordinal - 7 - Int(rng.exponential(rate: 1.0 / 20)))
            if began < done.ordinal { events.append(StatusEvent(enterpriseID: id, date: Day(ordinal: began), status: .inProgress)) }
            if assessed < done.ordinal {
                events.append(StatusEvent(enterpriseID: id, date: Day(ordinal: assessed), status: .selfAssessed,
                                          score: selfScore(e.quality, &rng)))
            }
            let doneDay = Day(ordinal: max(done.ordinal, (events.last?.date.ordinal ?? 0) + 1))
            guard doneDay <= lastDay else { break }
            events.append(StatusEvent(enterpriseID: id, date: doneDay, status: completionStatus(e, &rng)))
            completedSince = doneDay
            cursor = doneDay
        }
        return (events.filter { $0.date <= lastDay }, intervals)
    }

    /// The day an enterprise not completed on `cursor` completes (nil: not by its last day):
    /// a founding benchmark before the benchmark deadline, the others by stepping weekly until
    /// the regime's hazard fires.
    func completionDay(_ e: MakeUp, from cursor: Day, hasCompleted: Bool, dynamics: RegimeDynamics,
                       _ rng: inout SeededGenerator) -> Day? {
        let lastDay = e.lastDay
        if e.isFoundingBenchmark && !hasCompleted {
            let latest = min(campaign.benchmarkDeadline, lastDay)
            let from = max(cursor.ordinal + 90, latest.ordinal - 200)
            return Day(ordinal: min(latest.ordinal, from + rng.index(below: max(1, latest.ordinal - from))))
        }
        var week = cursor
        while week <= lastDay {
            let weekly = dynamics.weekly(week, community: e.communityIndex, standardBase: baseHazard)
            let h = weekly.hazard * e.pace
            let cap = weekly.cap.map { min(lastDay, $0) } ?? lastDay
            if rng.uniform() < 1 - exp(-h) {
                return Day(ordinal: min(cap.ordinal, week.ordinal + rng.index(below: 7)))
            }
            week = week.adding(days: 7)
        }
        return nil
    }

    /// An enterprise that does not complete by its last day: half of them begin work (and some
    /// of those self-assess) at a random day after `cursor`.
    func workWithoutCompleting(_ e: MakeUp, from cursor: Day, into events: inout [StatusEvent],
                               _ rng: inout SeededGenerator) {
        let r = profile.rates
        guard rng.bernoulli(r.startsWithoutCompleting) else { return }
        let remaining = e.lastDay.ordinal - cursor.ordinal
        guard remaining > 30 else { return }
        let began = cursor.adding(days: 1 + rng.index(below: remaining))
        events.append(StatusEvent(enterpriseID: e.id, date: began, status: .inProgress))
        if rng.bernoulli(r.selfAssessesWithoutCompleting), e.lastDay.ordinal - began.ordinal > 20 {
            let assessed = began.adding(days: 10 + rng.index(below: e.lastDay.ordinal - began.ordinal - 9))
            events.append(StatusEvent(enterpriseID: e.id, date: assessed, status: .selfAssessed,
                                      score: selfScore(e.quality, &rng)))
        }
    }

    /// One risk observation per quarter the enterprise is open, from its entry quarter.
    func riskObservations(_ e: MakeUp, latent: Double, intervals: [(from: Day, to: Day)],
                          _ rng: inout SeededGenerator) -> [RiskObservation] {
        var risk: [RiskObservation] = []
        var q = e.entry.quarter
        while q.lastDay <= end && q.firstDay <= e.lastDay {
            let done = intervals.contains { $0.from <= q.lastDay && q.lastDay < $0.to }
            risk.append(observation(id: e.id, quarter: q, latent: latent, quality: e.quality, completed: done,
                                    troubled: e.troubled, scale: e.size.scale, rng: &rng))
            q = q.next
        }
        return risk
    }

    /// The enterprise's risk points: LEC (70 %) or LS ratings, higher with its latent risk; a
    /// troubled enterprise's first point is severe.
    func riskPoints(_ e: MakeUp, latent: Double, _ rng: inout SeededGenerator) -> [RiskPoint] {
        let r = profile.rates
        var points: [RiskPoint] = []
        let pointCount = 1 + rng.poisson(r.riskPointsPerScale * e.size.scale)
        for k in 0..<pointCount {
            let place = e.industry.points[rng.index(below: e.industry.points.count)]
            let name = "\(place)\(k + 1)"
            let severe = e.troubled && k == 0
            let lift = min(1.0, r.ratingLift * latent)
            if severe || rng.bernoulli(r.lecShare) {
                let ls: [Double] = [0.1, 0.2, 0.5, 1, 3, 6, 10], es: [Double] = [0.5, 1, 2, 3, 6, 10]
                let cs: [Double] = [1, 3, 7, 15, 40, 100]
                let l = severe ? 6 : ls[min(6, rng.index(below: 4) + (rng.bernoulli(lift) ? 2 : 0))]
                let e2 = severe ? 6 : es[min(5, rng.index(below: 4) + (rng.bernoulli(lift) ? 2 : 0))]
                let c = severe ? 15 : cs[min(5, rng.index(below: 3) + (rng.bernoulli(lift) ? 2 : 0))]
                points.append(RiskPoint(enterpriseID: e.id, name: name, method: .lec, l: l, e: e2, c: c))
            } else {
                let l = Double(1 + min(4, rng.index(below: 3) + (rng.bernoulli(lift) ? 2 : 0)))
                let s = Double(1 + min(4, rng.index(below: 3) + (rng.bernoulli(lift) ? 2 : 0)))
                points.append(RiskPoint(enterpriseID: e.id, name: name, method: .ls, l: l, s: s))
            }
        }
        return points
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

    /// One quarter's risk record: element scores around the enterprise's quality and risk,
    /// hazards, violations, accidents and risk points by colour as Poisson counts with the
    /// rates of `profile.rates` (fewer once it has completed).
    func observation(id: String, quarter: Quarter, latent: Double, quality: Double, completed: Bool,
                     troubled: Bool, scale: Double, rng: inout SeededGenerator) -> RiskObservation {
        let r = profile.rates
        let cf = completed ? r.completedHazardFactor : 1.0
        var scores: [Double] = []
        for k in 0..<8 {
            let offset = [2.0, 0, 1, -3, -4, -1, 3, -2][k]
            let v = 72 + 5 * quality - 10 * (latent - 0.6) + (completed ? 9 : 0) + offset + 5 * rng.normal()
            scores.append((min(100, max(0, v)) * 10).rounded() / 10)
        }
        let general = rng.poisson(r.generalHazards * latent * cf * scale)
        let major = rng.poisson(r.majorHazards * latent * cf * (troubled ? r.troubledMajorHazards : 1))
        var majorRectified = 0
        for _ in 0..<major where rng.bernoulli(r.majorRectified) { majorRectified += 1 }
        var rectified = majorRectified
        for _ in 0..<general where rng.bernoulli(r.generalRectified) { rectified += 1 }
        let violations = rng.poisson(r.violations * latent * cf * scale)
        let accidents = rng.poisson(troubled ? r.troubledAccidents : r.accidents * latent * scale)
        var deaths = 0, injuries = 0
        for _ in 0..<accidents {
            if rng.bernoulli(troubled ? r.troubledFatality : r.fatality) { deaths += 1 }
            injuries += rng.poisson(r.injuriesPerAccident)
        }
        var points = [0, 0, 0, 0]
        points[RiskLevel.red.rawValue] = rng.poisson(r.redPoints * latent * (troubled ? r.troubledRedPoints : 1))
        points[RiskLevel.orange.rawValue] = rng.poisson(r.orangePoints * latent * scale * cf)
        points[RiskLevel.yellow.rawValue] = rng.poisson(r.yellowPoints * latent * scale)
        points[RiskLevel.blue.rawValue] = rng.poisson(r.bluePoints * scale)
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
