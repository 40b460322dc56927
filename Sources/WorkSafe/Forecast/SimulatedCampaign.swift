import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small ledger generator whose completion process is known exactly, for validating the
/// forecasts: each enterprise's monthly completion hazard is
/// `1 − exp(−exp(η))`, `η = baseLogRate + industry + size + community
///  + deadlineEffect·[milestone month] + preDeadlineEffect·[month before a milestone]`,
/// the completion day uniform within the month. Optionally enterprises close at a constant
/// monthly probability and new ones enter. (The team's full simulator lives elsewhere; this one
/// exists so the forecast's calibration can be measured against a known truth.)
public struct SimulatedCampaign: Sendable {
    /// Number of enterprises at the start.
    public var enterprises: Int
    /// Number of communities (社区1…).
    public var communities: Int
    /// Number of departments (部门1…); an enterprise's department follows its industry.
    public var departments: Int
    /// Industry names and their effects on η.
    public var industries: [(name: String, effect: Double)]
    /// Effects of large, medium, small, micro on η.
    public var sizeEffects: [Double]
    /// Standard deviation of the community effects (drawn once per seed).
    public var communityEffectSD: Double
    /// η's baseline: log of the baseline monthly cumulative hazard.
    public var baseLogRate: Double
    /// Effect of a month holding a milestone date.
    public var deadlineEffect: Double
    /// Effect of the month before a milestone month.
    public var preDeadlineEffect: Double
    /// Monthly closure probability.
    public var monthlyClosure: Double
    /// Expected new enterprises per month (town-wide).
    public var monthlyEntries: Double
    /// The campaign (start and milestones drive the hazard's deadline terms).
    public var campaign: Campaign
    /// The last day simulated.
    public var end: Day

    /// A configuration; the defaults give a town of 600 enterprises in 4 communities.
    public init(enterprises: Int = 600, communities: Int = 4, departments: Int = 2,
                industries: [(name: String, effect: Double)] = [("工贸", 0), ("危险化学品", 0.3), ("建筑施工", -0.3), ("城镇燃气", 0.15)],
                sizeEffects: [Double] = [0.3, 0.15, 0, -0.25], communityEffectSD: Double = 0.3,
                baseLogRate: Double = log(0.035), deadlineEffect: Double = 0.9,
                preDeadlineEffect: Double = 0.4, monthlyClosure: Double = 0, monthlyEntries: Double = 0,
                campaign: Campaign = .townPlan, end: Day = Day(year: 2025, month: 12, day: 31)!) {
        self.enterprises = enterprises; self.communities = communities
        self.departments = departments; self.industries = industries; self.sizeEffects = sizeEffects
        self.communityEffectSD = communityEffectSD; self.baseLogRate = baseLogRate
        self.deadlineEffect = deadlineEffect; self.preDeadlineEffect = preDeadlineEffect
        self.monthlyClosure = monthlyClosure; self.monthlyEntries = monthlyEntries
        self.campaign = campaign; self.end = end
    }

    /// The ledger for `seed` (same seed, same ledger).
    public func generate(seed: UInt64) -> Ledger {
        var rng = SeededGenerator(seed: seed)
        let comEffects = (0..<communities).map { _ in communityEffectSD * rng.normal() }
        let deadlineMonths = Set(campaign.milestones.map { MonthIndex.of($0.date) })
        let s = MonthIndex.of(campaign.start), last = MonthIndex.of(end)
        var ents: [Enterprise] = [], events: [StatusEvent] = []
        var etas: [Double] = []
        func newEnterprise(opened: Day?) {
            let k = ents.count
            let ind = rng.index(below: industries.count), sz = rng.index(below: 4)
            let com = rng.index(below: communities)
            let e = Enterprise(id: "E\(100000 + k)", name: "企业\(k)", community: "社区\(com + 1)",
                               department: "部门\(ind % departments + 1)", industry: industries[ind].name,
                               size: EnterpriseSize.allCases[sz], openedOn: opened)
            ents.append(e)
            etas.append(baseLogRate + industries[ind].effect + sizeEffects[sz] + comEffects[com])
            events.append(StatusEvent(enterpriseID: e.id, date: opened ?? campaign.start, status: .notStarted))
        }
        for _ in 0..<enterprises { newEnterprise(opened: nil) }
        var done = [Bool](repeating: false, count: enterprises)
        for m in s...last {
            let first = Day(year: MonthIndex.end(m).year, month: MonthIndex.end(m).month, day: 1)!
            let days = Day.daysIn(year: first.year, month: first.month)
            // Entries during the month: not at risk until the next month.
            if monthlyEntries > 0 {
                for _ in 0..<rng.poisson(monthlyEntries) {
                    newEnterprise(opened: first.adding(days: rng.index(below: days)))
                    done.append(false)
                }
            }
            let bump = (deadlineMonths.contains(m) ? deadlineEffect : 0)
                + (deadlineMonths.contains(m + 1) ? preDeadlineEffect : 0)
            for i in ents.indices where ents[i].closedOn == nil {
                if let o = ents[i].openedOn, MonthIndex.of(o) >= m { continue }
                if monthlyClosure > 0, rng.uniform() < monthlyClosure {
                    ents[i].closedOn = first.adding(days: rng.index(below: days)); continue
                }
                guard !done[i] else { continue }
                let h = -expm1(-exp(etas[i] + bump))
                if rng.uniform() < h {
                    done[i] = true
                    let status: StandardizationStatus = ents[i].size.isSmallOrMicro ? .compliant : .level3
                    events.append(StatusEvent(enterpriseID: ents[i].id,
                                              date: first.adding(days: rng.index(below: days)), status: status))
                }
            }
        }
        return Ledger(enterprises: ents, statusEvents: events)
    }
}
