import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A component of the pace model that the history could not inform, so the forecast uses the
/// campaign-practice prior for it (said on stderr and in `HazardForecast.Result.notes`).
public enum PaceNote: Hashable, Sendable {
    /// No month of a deadline window lies in the history.
    case deadlineResponseFromPrior
    /// Fewer than two quarter-end months outside deadline windows lie in the history.
    case quarterEndFromPrior
    /// No phase has started in the history, so the target pull κ is the prior's.
    case targetPullFromPrior
    /// Fewer than six months of history: the pace's variances are mostly the prior's.
    case shortHistory(months: Int)

    /// The note in English or Chinese.
    public func text(_ language: Language) -> String {
        let zh = language == .zh
        switch self {
        case .deadlineResponseFromPrior:
            return zh ? "历史中尚无节点月份：节点前突击效应采用经验先验"
                : "no deadline month in the history yet: the deadline response is the campaign-practice prior"
        case .quarterEndFromPrior:
            return zh ? "历史中季末月份不足两个：季末效应采用经验先验"
                : "fewer than two quarter ends in the history: the quarter-end effect is the campaign-practice prior"
        case .targetPullFromPrior:
            return zh ? "历史中尚无新阶段开始：目标牵引系数采用经验先验"
                : "no phase has started in the history yet: the target pull is the campaign-practice prior"
        case let .shortHistory(months):
            return zh ? "历史仅\(months)个月：进度变化幅度主要来自经验先验"
                : "only \(months) months of history: how fast the pace changes comes mostly from the campaign-practice prior"
        }
    }
}

/// The target pull's regressor: the log of the monthly hazard that takes a unit from `share`
/// (a fraction) to `target` (percent, capped at `cap`) in `months` months, over `currentHazard`,
/// clamped to [−0.5, 2].
func targetGap(share: Double, target: Double, months: Int, currentHazard: Double, cap: Double = 95) -> Double {
    guard months > 0, currentHazard > 0 else { return 0 }
    let goal = Swift.min(target, cap) / 100
    let remaining = Swift.max(1e-6, 1 - Swift.min(share, 0.999_999))
    let needed = goal <= 1 - remaining ? 1e-6 : -log((1 - goal) / remaining) / Double(months)
    return Swift.min(2, Swift.max(-0.5, log(Swift.max(needed, 1e-6) / currentHazard)))
}

/// The realised monthly pool hazard `−log(1 − completions/at risk)` averaged over the months
/// `months` that lie outside deadline windows (nil when none has anyone at risk).
func baselineHazard(events: [Int], atRisk: [Int], firstMonth: Int, months: Range<Int>, calendar: PaceCalendar) -> Double? {
    var sum = 0.0, n = 0
    for m in months where calendar.deadlineOffset(m) == nil {
        let k = m - firstMonth
        guard k >= 0, k < atRisk.count, atRisk[k] > 0 else { continue }
        sum += -log1p(-Swift.min(Double(events[k]) / Double(atRisk[k]), 0.999))
        n += 1
    }
    return n > 0 ? sum / Double(n) : nil
}

/// The third step of the hazard forecast: the pace models fitted on the completion hazard's
/// month effects (the town's pace) and on each community's and department's departures.
struct PaceFit {
    let town: PacePosterior
    let communities: [String: PacePosterior]
    let departments: [String: PacePosterior]
    /// The target pull's regressor at each future phase start (month → g).
    let futureGaps: [Int: Double]
    let notes: [PaceNote]

    init(fitted: CompletionHazard.Fitted, ledger: Ledger, index: UnitIndex, campaign: Campaign,
         asOf: Day, practice: CampaignPractice) throws {
        let calendar = PaceCalendar(campaign: campaign)
        let first = fitted.firstMonth, months = fitted.months
        let history = first..<(first + months)
        // Town series: the month effects γ̂ₘ with their variances given the static coefficients
        // (the common part of their marginal variances is β's, drawn in the simulation); g at past
        // phase starts.
        let given = fitted.monthEffectsGivenStatic()
        var y: [Double?] = [], v: [Double] = []
        for (k, m) in history.enumerated() {
            y.append(fitted.monthEffect(m)!.value); v.append(given.variances[k])
        }
        var gaps: [Int: Double] = [:]
        for m in history where m > first {
            guard let k = calendar.phaseStart(m) else { continue }
            let milestone = campaign.milestones[k], next = campaign.milestones[k + 1]
            let tally = ledger.completion(on: milestone.date, validityMonths: campaign.validityMonths)
            let share = tally.open > 0 ? Double(tally.completed) / Double(tally.open) : 0
            guard let h = baselineHazard(events: fitted.monthlyEvents, atRisk: fitted.monthlyAtRisk,
                                         firstMonth: first, months: Swift.max(first, m - 7)..<m, calendar: calendar)
            else { continue }
            gaps[m] = targetGap(share: share, target: next.targetPercent,
                                months: calendar.milestoneMonths[k + 1] - m + 1, currentHazard: h)
        }
        let townModel = PaceModel(kind: .full, practice: practice, calendar: calendar)
        town = try townModel.fit([PaceSeries(first: first, y: y, variance: v, phaseGap: gaps)])[0]

        // Units' departures share their variances within each level.
        let unitModel = PaceModel(kind: .deviation, practice: practice, calendar: calendar)
        func fitUnits(_ departures: [String: CompletionHazard.UnitDepartures]) throws -> [String: PacePosterior] {
            let names = departures.keys.sorted()
            let series = names.map { name in
                PaceSeries(first: first, y: departures[name]!.effects.map { Optional($0) },
                           variance: departures[name]!.variances, phaseGap: [:])
            }
            guard !series.isEmpty else { return [:] }
            let posts = try unitModel.fit(series)
            return Dictionary(uniqueKeysWithValues: zip(names, posts))
        }
        communities = try fitUnits(fitted.communityDepartures)
        departments = try fitUnits(fitted.departmentDepartures)

        // Future phase starts: g from a projection of the town at the posterior mean.
        let townNow = ledger.completion(on: asOf, validityMonths: campaign.validityMonths)
        let recent = baselineHazard(events: fitted.monthlyEvents, atRisk: fitted.monthlyAtRisk, firstMonth: first,
                                    months: Swift.max(first, first + months - 6)..<(first + months), calendar: calendar)
        futureGaps = PaceFit.projectGaps(
            state: town.meanState, calendar: calendar, campaign: campaign, lastMonth: first + months - 1,
            share: townNow.open > 0 ? Double(townNow.completed) / Double(townNow.open) : 0,
            hazard: recent ?? 0, practice: practice)

        var notes: [PaceNote] = []
        if !history.contains(where: { calendar.deadlineOffset($0) != nil }) { notes.append(.deadlineResponseFromPrior) }
        if history.filter({ calendar.isQuarterEnd($0) }).count < 2 { notes.append(.quarterEndFromPrior) }
        if gaps.isEmpty { notes.append(.targetPullFromPrior) }
        if months < 6 { notes.append(.shortHistory(months: months)) }
        self.notes = notes
    }

    /// The target pull's regressor at each phase start after `lastMonth`: the share and the pool
    /// hazard are projected month by month at the state's mean (level drift, deadline and
    /// quarter-end effects, the mean pull at earlier phase starts).
    static func projectGaps(state: [Double], calendar: PaceCalendar, campaign: Campaign, lastMonth: Int,
                            share: Double, hazard: Double, practice: CampaignPractice) -> [Int: Double] {
        guard hazard > 0, let lastMilestone = calendar.milestoneMonths.last, lastMilestone > lastMonth else { return [:] }
        var gaps: [Int: Double] = [:]
        var level = 0.0, drift = state[1], remaining = 1 - share
        for m in (lastMonth + 1)...lastMilestone {
            level += drift
            drift *= practice.driftDamping
            if let k = calendar.phaseStart(m) {
                let months = calendar.milestoneMonths[k + 1] - m + 1
                let g = targetGap(share: 1 - remaining, target: campaign.milestones[k + 1].targetPercent,
                                  months: months, currentHazard: hazard * exp(level))
                gaps[m] = g
                level += state[6] * g
            }
            var effect = level
            if let d = calendar.deadlineOffset(m) { effect += state[2 + d] }
            else if calendar.isQuarterEnd(m) { effect += state[5] }
            remaining *= exp(-hazard * exp(effect))
        }
        return gaps
    }
}
