import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a simulated town's completions move through time: the test bed for the forecasts
/// (`worksafe simulate --regime NAME`, `worksafe backtest`).
///
/// Every regime keeps the enterprise-level make-up of `TownSimulation` (community, department,
/// industry and size paces, a log-normal frailty per enterprise, entries, closures, lapses and
/// renewals); what differs is the weekly completion hazard of an enterprise of pace 1. The
/// regimes other than `standard` also give each community a pace of its own for the seed
/// (`log` of it normal with standard deviation `communityEffectSD`), so that seeds differ in which
/// community leads.
public enum CampaignRegime: String, CaseIterable, Sendable, Hashable {
    /// The bundled sample's dynamic: a base pace that rises with each campaign year (the
    /// milestones' pressure), ×4 in the 8 weeks before a milestone and ×2 in the last 3 weeks
    /// of a quarter.
    case standard
    /// A constant pace from start to end: no deadline or quarter-end response.
    case steady
    /// A low pace between deadlines and a strong surge (×6, ×3.5–×10 by community) in the
    /// 12 weeks before each milestone.
    case deadlineSurge = "deadline-surge"
    /// A brisk start, then each community stalls (×0.25) from a month of its own between
    /// September 2023 and September 2024.
    case stall
    /// A fast pace, but a hard core of holdouts (12–35 % by size) that almost never complete,
    /// so shares level off.
    case saturation
    /// Quarters follow a chain per community: normal, then with probability 0.25 a bad quarter
    /// (×0.35), after which the community is pushed (×2.5) for a quarter.
    case push
    /// Each community follows one of the other regimes, drawn for the seed.
    case mixed

    /// The Chinese name.
    public var chineseName: String {
        switch self {
        case .standard: "标准"
        case .steady: "匀速"
        case .deadlineSurge: "节点突击"
        case .stall: "中途停滞"
        case .saturation: "饱和（顽固户）"
        case .push: "通报后加压"
        case .mixed: "混合"
        }
    }
}

/// The per-town draws of a regime (which regime each community follows, its pace, when it
/// stalls, its quarters' states) and the weekly hazard they give.
///
/// The draws come from streams of the town's seed that no enterprise uses
/// (`SeededGenerator(seed).split(stream: communityStreamBase + community)`), so the simulation
/// still streams one enterprise at a time and enterprise *i* does not depend on the town's size.
struct RegimeDynamics: Sendable {
    /// Named constants of the regimes (weekly hazards of an enterprise of pace 1, multipliers).
    enum Constants {
        static let communityEffectSD = 0.3
        static let steadyWeekly = 0.016
        static let surgeBaseWeekly = 0.006
        static let surgeFactor = 6.0, surgeFactorSD = 0.3, surgeWeeks = 12
        static let stallBaseWeekly = 0.013, stallFactor = 0.25, stallQuarterEndFactor = 1.5
        static let saturationWeekly = 0.02, saturationQuarterEndFactor = 1.5
        /// P(holdout) for large, medium, small, micro; a holdout's pace is multiplied by
        /// `holdoutPace`.
        static let holdoutShare: [EnterpriseSize: Double] = [.large: 0.05, .medium: 0.08, .small: 0.14, .micro: 0.2]
        static let holdoutPace = 0.03
        static let pushBaseWeekly = 0.011, badQuarterProbability = 0.25
        static let badQuarterFactor = 0.35, pushFactor = 2.5
        static let pushDeadlineFactor = 2.0, pushDeadlineWeeks = 8
        /// First stream of the per-community draws (far from the enterprises' streams).
        static let communityStreamBase: UInt64 = 0xC0_0000_0000
    }

    /// What one community does.
    struct Community: Sendable {
        var regime: CampaignRegime
        /// The seed's pace multiplier of the community (1 under `standard`).
        var effect: Double
        /// `deadlineSurge`: the community's surge factor.
        var surge: Double
        /// `stall`: the first day of the stall.
        var stallFrom: Day
        /// `push`: the multiplier of each quarter from the start's quarter on.
        var quarterFactors: [Double]
    }

    let town: CampaignRegime
    let communities: [Community]
    let campaign: Campaign
    let firstQuarter: Quarter

    init(regime: CampaignRegime, seed: UInt64, communityCount: Int, start: Day, end: Day, campaign: Campaign) {
        town = regime
        self.campaign = campaign
        firstQuarter = start.quarter
        let pool: [CampaignRegime] = [.standard, .steady, .deadlineSurge, .stall, .saturation, .push]
        var list: [Community] = []
        let stallStart = Day(year: 2023, month: 9, day: 1)!, stallEnd = Day(year: 2024, month: 9, day: 30)!
        for c in 0..<communityCount {
            var rng = SeededGenerator(seed: seed).split(stream: Constants.communityStreamBase + UInt64(c))
            let own = regime == .mixed ? pool[rng.index(below: pool.count)] : regime
            let effect = regime == .standard ? 1 : exp(Constants.communityEffectSD * rng.normal())
            let surge = Constants.surgeFactor * exp(Constants.surgeFactorSD * rng.normal())
            let stallFrom = stallStart.adding(days: rng.index(below: stallEnd.ordinal - stallStart.ordinal + 1))
            var factors: [Double] = []
            var q = start.quarter, previousBad = false
            while q.firstDay <= end {
                let bad = !previousBad && rng.bernoulli(Constants.badQuarterProbability)
                factors.append(previousBad ? Constants.pushFactor : (bad ? Constants.badQuarterFactor : 1))
                previousBad = bad
                q = q.next
            }
            list.append(Community(regime: own, effect: effect, surge: surge, stallFrom: stallFrom,
                                  quarterFactors: factors))
        }
        communities = list
    }

    /// Whether an enterprise of this size and community is a holdout: one uniform draw from
    /// its stream when its community saturates (none otherwise, so other regimes' draws stay put).
    func isHoldout(community: Int, size: EnterpriseSize, _ rng: inout SeededGenerator) -> Bool {
        guard communities[community].regime == .saturation else { return false }
        return rng.bernoulli(Constants.holdoutShare[size] ?? 0.25)
    }

    /// The weekly hazard of an enterprise of pace 1 in `community` for the week starting `week`,
    /// and the latest day a completion in that week may carry (a deadline or quarter end that
    /// the week's push aims at). `standardBase` is `TownSimulation.baseHazard`.
    func weekly(_ week: Day, community: Int, standardBase: (Day) -> Double) -> (hazard: Double, cap: Day?) {
        let c = communities[community]
        let nextMilestone = campaign.milestones.first { $0.date >= week }
        func withinWeeks(_ weeks: Int) -> Day? {
            guard let m = nextMilestone, m.date.ordinal - week.ordinal < 7 * weeks else { return nil }
            return m.date
        }
        let quarterEnd = week.endOfQuarter
        let nearQuarterEnd = quarterEnd.ordinal - week.ordinal < 21
        switch c.regime {
        case .standard, .mixed:
            let base = standardBase(week) * c.effect
            if let d = withinWeeks(8) { return (base * 4, d) }
            if nearQuarterEnd { return (base * 2, quarterEnd) }
            return (base, nil)
        case .steady:
            return (Constants.steadyWeekly * c.effect, nil)
        case .deadlineSurge:
            let base = Constants.surgeBaseWeekly * c.effect
            if let d = withinWeeks(Constants.surgeWeeks) { return (base * c.surge, d) }
            return (base, nil)
        case .stall:
            var base = Constants.stallBaseWeekly * c.effect
            if week >= c.stallFrom { base *= Constants.stallFactor }
            return nearQuarterEnd ? (base * Constants.stallQuarterEndFactor, quarterEnd) : (base, nil)
        case .saturation:
            let base = Constants.saturationWeekly * c.effect
            return nearQuarterEnd ? (base * Constants.saturationQuarterEndFactor, quarterEnd) : (base, nil)
        case .push:
            let k = quarterIndex(week)
            let factor = k >= 0 && k < c.quarterFactors.count ? c.quarterFactors[k] : 1
            let base = Constants.pushBaseWeekly * c.effect * factor
            if let d = withinWeeks(Constants.pushDeadlineWeeks) { return (base * Constants.pushDeadlineFactor, d) }
            return (base, nil)
        }
    }

    private func quarterIndex(_ day: Day) -> Int {
        let q = day.quarter
        return (q.year - firstQuarter.year) * 4 + (q.number - firstQuarter.number)
    }
}
