/// One unit's line of the quarterly bulletin (一季一通报).
public struct BulletinRow: Hashable, Sendable, RankedUnitRow {
    /// The unit.
    public var unit: AssessmentUnit
    /// Enterprises open on the quarter's last day (the denominator).
    public var enterprises: Int
    /// Of them, completed on that day.
    public var completed: Int
    /// `100 × completed / enterprises`, `nil` when no enterprise is open.
    public var sharePercent: Double?
    /// The schedule share (序时进度) on the quarter's last day, in percent.
    public var schedulePercent: Double
    /// `sharePercent − schedulePercent` in percentage points (negative: behind schedule).
    public var gapPoints: Double?
    /// Rank among units of the same kind by share, largest first; ties share a rank (1, 2, 2, 4);
    /// `nil` for a unit without open enterprises, and for the town.
    public var rank: Int?
    /// The share on the previous quarter's last day (with that day's open enterprises).
    public var previousSharePercent: Double?
    /// `sharePercent − previousSharePercent`, in percentage points.
    public var changePoints: Double?
    /// The key-industry benchmark requirement on the quarter's last day.
    public var benchmark: BenchmarkStatus
    /// Hazards found in the quarter (general + major) by the unit's enterprises, from `risk.csv`.
    public var hazardsFound: Int
    /// Hazards rectified in the quarter.
    public var hazardsRectified: Int
    /// `100 × rectified / found`, `nil` when nothing was found.
    public var rectificationPercent: Double?
    /// Major hazards found in the quarter and not rectified (Σ `openMajorHazards`).
    public var majorHazardsOpen: Int
    /// Open enterprises graded red (红) in the caller's risk levels.
    public var redEnterprises: Int
    /// Open enterprises graded orange (橙).
    public var orangeEnterprises: Int
    /// The caller's forecast probability (0–1) that the unit reaches the next milestone.
    public var forecastProbability: Double?
    /// The plan for the next milestone (`CampaignPlanner`), when the caller made one: the
    /// bulletin prints its sentence (`PlanSentence`) and its top priority enterprises.
    public var plan: RequiredPace? = nil
}

/// The quarterly bulletin (一季一通报) of every community and department, plus the town.
///
/// Completion numbers come straight from the ledger (`Ledger.isCompleted`), hazards from
/// `ledger.risk` rows of the quarter. Risk levels and forecast probabilities are not computed
/// here: the caller passes the risk grading's levels per enterprise id and the forecast's
/// probability per unit for `nextMilestone`.
public struct QuarterlyBulletin: Hashable, Sendable {
    /// The quarter.
    public var quarter: Quarter
    /// The campaign used for the schedule and the benchmark requirement.
    public var campaign: Campaign
    /// The first milestone strictly after the quarter's last day (what the forecast probability
    /// refers to), if any.
    public var nextMilestone: Milestone?
    /// The town's line (rank `nil`).
    public var town: BulletinRow
    /// Communities, then departments; within each kind by rank, then by name, units without
    /// open enterprises last.
    public var rows: [BulletinRow]

    /// Builds the bulletin for `quarter`.
    ///
    /// - Parameters:
    ///   - ledger: the ledger (completion, openings and closings, `risk.csv` rows).
    ///   - quarter: the quarter; shares are those of its last day.
    ///   - campaign: the schedule, the next milestone and the key industries.
    ///   - riskLevels: each enterprise's overall risk level by enterprise id (from the risk
    ///     grading); enterprises without a level count in neither red nor orange.
    ///   - forecastProbabilities: probability (0–1) of reaching `nextMilestone`, per unit
    ///     (use `AssessmentUnit.town` for the town); missing units get an empty cell.
    ///   - plans: each unit's plan for `nextMilestone` (`LinkedAnalyses.nextMilestonePlans`);
    ///     missing units get empty plan cells.
    /// - Complexity: O(*n* log *e* + *r*) for *n* enterprises and *r* risk rows.
    public init(ledger: Ledger, quarter: Quarter, campaign: Campaign = .townPlan,
                riskLevels: [String: RiskLevel] = [:],
                forecastProbabilities: [AssessmentUnit: Double] = [:],
                plans: [AssessmentUnit: RequiredPace] = [:]) {
        let day = quarter.lastDay
        let keyIndustries = Set(campaign.keyIndustries)
        var tallies: [AssessmentUnit: UnitTally] = [:]
        for e in ledger.enterprises {
            let units = unitsOf(e)
            for u in units where tallies[u] == nil { tallies[u] = UnitTally() }
            guard e.isOpen(on: day) else { continue }
            let done = ledger.isCompleted(e, on: day)
            let level = riskLevels[e.id]
            let isKey = keyIndustries.contains(e.industry)
            for u in units {
                tallies[u]!.open += 1
                if done { tallies[u]!.completed += 1 }
                if level == .red { tallies[u]!.red += 1 }
                if level == .orange { tallies[u]!.orange += 1 }
                if isKey {
                    tallies[u]!.keyIndustriesPresent.insert(e.industry)
                    if e.isBenchmark && done { tallies[u]!.keyIndustriesCovered.insert(e.industry) }
                }
            }
        }
        for obs in ledger.risk where obs.period == quarter {
            guard let e = ledger.enterprise(id: obs.enterpriseID) else { continue }
            for u in unitsOf(e) {
                tallies[u]!.hazardsFound += obs.hazardsGeneral + obs.hazardsMajor
                tallies[u]!.hazardsRectified += obs.hazardsRectified
                tallies[u]!.majorHazardsOpen += obs.openMajorHazards
            }
        }
        let townCovered = tallies[.town]?.keyIndustriesCovered ?? []
        let previous = completionTallies(ledger, on: quarter.previous.lastDay)
        let schedule = campaign.schedulePercent(on: day)

        func row(_ u: AssessmentUnit) -> BulletinRow {
            let t = tallies[u] ?? UnitTally()
            let share = t.sharePercent
            let prev = sharePercent(previous[u])
            let found = t.hazardsFound
            return BulletinRow(
                unit: u, enterprises: t.open, completed: t.completed, sharePercent: share,
                schedulePercent: schedule, gapPoints: share.map { $0 - schedule }, rank: nil,
                previousSharePercent: prev,
                changePoints: share.flatMap { s in prev.map { s - $0 } },
                benchmark: t.benchmark(campaign, on: day, townCovered: townCovered), hazardsFound: found,
                hazardsRectified: t.hazardsRectified,
                rectificationPercent: found > 0 ? 100 * Double(t.hazardsRectified) / Double(found) : nil,
                majorHazardsOpen: t.majorHazardsOpen, redEnterprises: t.red,
                orangeEnterprises: t.orange, forecastProbability: forecastProbabilities[u], plan: plans[u])
        }

        var rows: [BulletinRow] = []
        for kind in [UnitKind.community, .department] {
            let group = tallies.keys.filter { $0.kind == kind }.sorted().map(row)
            rows += rankedByCompetition(group) { $0.sharePercent }
        }
        self.quarter = quarter
        self.campaign = campaign
        self.nextMilestone = campaign.milestones.first { $0.date > day }
        self.town = row(.town)
        self.rows = rows
    }

    /// The bulletin's columns (English key, Chinese header), in table order.
    public static let columns: [TableColumn] = [
        TableColumn("kind", "类型"), TableColumn("unit", "单位"),
        TableColumn("enterprises", "企业数"), TableColumn("completed", "已完成数"),
        TableColumn("share_percent", "完成率(%)"), TableColumn("schedule_percent", "序时进度(%)"),
        TableColumn("gap_points", "进度差(百分点)"), TableColumn("rank", "排名"),
        TableColumn("previous_share_percent", "上季度完成率(%)"),
        TableColumn("change_points", "较上季度变化(百分点)"),
        TableColumn("benchmark", "重点行业标杆"), TableColumn("hazards_found", "排查隐患数"),
        TableColumn("hazards_rectified", "整改隐患数"), TableColumn("rectification_percent", "整改率(%)"),
        TableColumn("major_hazards_open", "未整改重大隐患数"), TableColumn("red_enterprises", "红色企业数"),
        TableColumn("orange_enterprises", "橙色企业数"), TableColumn("next_milestone", "下一节点"),
        TableColumn("forecast_probability", "节点达成概率"),
        TableColumn("plan", "工作建议"), TableColumn("top_priorities", "优先推进企业"),
    ]

    /// The bulletin as a table: the town first, then `rows`. Percentages and points with 1
    /// decimal, probabilities with 3; empty cells where a value does not exist.
    public func table(language: Language = .en) -> LabeledTable {
        let milestone: TableValue = nextMilestone.map { .text($0.description) } ?? .empty
        let body = ([town] + rows).map { r -> [TableValue] in
            [.text(r.unit.kind.label(language)), .text(r.unit.displayName(language)),
             .integer(r.enterprises), .integer(r.completed), .decimal(r.sharePercent, 1),
             .decimal(r.schedulePercent, 1), .decimal(r.gapPoints, 1), .integer(r.rank),
             .decimal(r.previousSharePercent, 1), .decimal(r.changePoints, 1),
             .text(r.benchmark.label(language)), .integer(r.hazardsFound),
             .integer(r.hazardsRectified), .decimal(r.rectificationPercent, 1),
             .integer(r.majorHazardsOpen), .integer(r.redEnterprises), .integer(r.orangeEnterprises),
             milestone, .decimal(r.forecastProbability, 3),
             r.plan.map { TableValue.text(PlanSentence.text($0, language: language)) } ?? .empty,
             r.plan.map { TableValue.text($0.topPriorities.joined(separator: language == .zh ? "、" : "; ")) } ?? .empty]
        }
        return OutputTable(name: ("bulletin", "季度通报"), columns: Self.columns, rows: body, language: language)
    }
}
