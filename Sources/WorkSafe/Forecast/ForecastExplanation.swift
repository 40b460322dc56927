import Tabular

/// What `worksafe forecast --explain` prints: the pace model's estimates in words, in English or
/// Chinese, one line each.
public enum ForecastExplanation {
    /// The pace state's components in `HazardForecast.Result.paceState` order, `(English, Chinese)`.
    public static let components: [(String, String)] = [
        ("level (log monthly hazard)", "进度水平（月完成风险的对数）"),
        ("drift per month", "每月趋势"),
        ("deadline month", "节点当月效应"),
        ("month before the deadline", "节点前一月效应"),
        ("two months before the deadline", "节点前两月效应"),
        ("quarter end", "季末效应"),
        ("target pull", "目标牵引系数"),
    ]

    /// The lines: each component's posterior mean ± SD, the frailty variance, the posterior
    /// means of the variances, and the target gap projected for each phase still to start.
    public static func lines(_ r: HazardForecast.Result, language: Language) -> [String] {
        var out: [String] = []
        for (i, name) in components.enumerated() where i < r.paceState.count {
            let value = "\(CSVCell.fixed(r.paceState[i], places: 3)) ± \(CSVCell.fixed(r.paceStateSD[i], places: 3))"
            out.append(language.pick("pace \(name.0): \(value)", "进度模型 \(name.1)：\(value)"))
        }
        let theta = CSVCell.fixed(r.hazard.frailty, places: 2)
        out.append(language.pick("frailty variance θ: \(theta)", "个体异质性方差 θ：\(theta)"))
        let s = r.paceScales
        let (level, irregular) = (CSVCell.fixed(s.level, places: 3), CSVCell.fixed(s.irregular, places: 3))
        let (community, department) = (CSVCell.fixed(s.community, places: 3), CSVCell.fixed(s.department, places: 3))
        out.append(language.pick(
            "pace variation per month (posterior means): level \(level), irregular \(irregular), community \(community), department \(department)",
            "进度每月变化幅度（后验均值）：水平 \(level)，不规则 \(irregular)，社区 \(community)，部门 \(department)"))
        for (day, gap) in r.futureGaps.sorted(by: { $0.key < $1.key }) {
            let g = CSVCell.fixed(gap, places: 3)
            let month = day.description.prefix(7)
            out.append(language.pick("target gap of the phase from \(month): \(g)", "自 \(month) 起新阶段的目标差距：\(g)"))
        }
        return out
    }

    /// One line per milestone on or before `asOf`: it is not forecast, and what the unit held on
    /// its date (the town, from `ledger`, grades valid for the campaign's validity as in `trend`).
    public static func passedMilestones(_ campaign: Campaign, ledger: Ledger, asOf: Day, language: Language) -> [String] {
        campaign.milestones.filter { $0.date <= asOf }.sorted { $0.date < $1.date }.map { m in
            let tally = ledger.completion(on: m.date, validityMonths: campaign.validityMonths)
            let share = tally.open > 0 ? 100 * Double(tally.completed) / Double(tally.open) : 0
            let held = CSVCell.fixed(share, places: 2), target = CSVCell.fixed(m.targetPercent, places: 0)
            let reached = m.isReached(byPercent: share)
            return language.pick(
                "milestone \(m.date) (\(target)%) passed before the as-of date: the town held \(held)% (\(reached ? "reached" : "missed")); not forecast",
                "节点 \(m.date)（\(target)%）已在截至日期前到期：全镇当时为 \(held)%（\(reached ? "已达标" : "未达标")），不再预测")
        }
    }
}
