import Tabular
/// Everything the standard assessment report shows, as plain values filled by the caller from
/// the other stages. Any part may be empty: its chart or table then says "no data".
///
/// - `town`: the town's completion share over time (trend table, or
///   `ShareSeries(ledger:unit:.town,from:through:)`).
/// - `communities`: one series per community, in the order to draw.
/// - `forecasts`: one entry per unit × milestone from the forecast (probability, expected share,
///   interval bounds; `intervalLevel` is their coverage).
/// - `riskGroups`: risk-level counts per group (the town, or one per community) from the grading.
/// - `clusterPoints`, `clusterNames`, `clusterCentroids`, `explainedVariance`: the PCA scores of
///   each enterprise with its k-means cluster, and the centroids in the same coordinates.
/// - `bulletin`, `annual`: the assessment's own results.
public struct AssessmentReportInputs: Hashable, Sendable {
    /// The title; `nil` uses a default in the report's language.
    public var title: String?
    /// The town's name, shown in the title line when given.
    public var townName: String?
    /// The day the data describe (shown; never the clock).
    public var asOf: Day
    /// The campaign (milestones, schedule).
    public var campaign: Campaign
    /// The town's share over time.
    public var town: ShareSeries?
    /// One series per community.
    public var communities: [ShareSeries] = []
    /// The forecast.
    public var forecasts: [ForecastEntry] = []
    /// The coverage of the forecast intervals.
    public var intervalLevel: Double = 0.8
    /// How past forecasts of the same model came out: the reliability bins of a backtest from
    /// origins before the as-of date, scored on the milestones already passed (empty: no chart).
    public var reliability: [ReliabilityChart.Bin] = []
    /// Lines under the reliability diagram's title (origins, forecasts scored, scores), separated
    /// by newlines.
    public var reliabilitySummary: String = ""
    /// Risk-level counts per group.
    public var riskGroups: [RiskDistributionGroup] = []
    /// The cluster map's points.
    public var clusterPoints: [ClusterPoint] = []
    /// Cluster names by index.
    public var clusterNames: [Int: String] = [:]
    /// Cluster centroids in PC coordinates.
    public var clusterCentroids: [Int: PlanePoint] = [:]
    /// Cluster colours by index (missing: the categorical palette).
    public var clusterColors: [Int: String] = [:]
    /// Explained-variance ratios of PC1, PC2.
    public var explainedVariance: [Double] = []
    /// The quarterly bulletin.
    public var bulletin: QuarterlyBulletin?
    /// The annual assessment.
    public var annual: AnnualAssessment?
    /// What made the report, for the footer (e.g. `worksafe 0.1.0`); `nil`: `worksafe`.
    public var generator: String?
    /// Why a section could not be computed, by section (shown in the section instead of its
    /// content, and as a note on stderr by `worksafe report`).
    public var sectionNotes: [ReportSectionKind: String] = [:]

    /// Inputs with the required fields; set the others as needed.
    public init(asOf: Day, campaign: Campaign = .townPlan) {
        self.asOf = asOf
        self.campaign = campaign
    }
}

/// The sections of the standard report that can be left out with a reason.
public enum ReportSectionKind: String, Hashable, Sendable, CaseIterable {
    case forecast, reliability, riskLevels, riskGroups, bulletin, annual
}

extension ReportDocument {
    /// The bulletin columns shown in the report (the full table has more; see
    /// `QuarterlyBulletin.columns`). The report splits the table by kind (the town and the
    /// communities, then the departments), so the kind column is left out.
    public static let reportBulletinColumns = [
        "unit", "enterprises", "completed", "share_percent", "schedule_percent", "gap_points",
        "rank", "change_points", "benchmark", "hazards_found", "rectification_percent",
        "major_hazards_open", "red_enterprises", "orange_enterprises", "forecast_probability",
    ]

    /// The annual-score columns shown in the report.
    public static let reportAnnualColumns = [
        "unit", "share_percent", "reached_target", "quarters_early", "quarters_behind",
        "open_major_hazards", "missing_benchmarks", "base_points", "bonus_points", "schedule_deduction",
        "hazard_deduction", "benchmark_deduction", "total", "rank", "vetoed_enterprises", "award_eligible",
    ]

    /// The standard assessment report (what `worksafe report` writes): the town's trend against
    /// the milestones and the schedule, one chart per community, the forecast, the four-colour
    /// distribution, the cluster map, the quarterly bulletin, the annual scores with the vetoed
    /// enterprises, and the rules in effect.
    public init(assessment r: AssessmentReportInputs, language: Language) {
        let L = language
        let pct = Self.pct
        let defaultTitle = L.pick("Work-safety standardization: progress and assessment report",
                                  "安全生产标准化提升工作进展与考评报告")
        let title = (r.townName.map { $0 + L.pick(" — ", "") } ?? "") + (r.title ?? defaultTitle)
        var meta = [L.pick("Data as of ", "数据截至 ") + r.asOf.description]
        meta.append(L.pick("Milestones: ", "时间节点：")
            + r.campaign.milestones.map { "\($0.date) \(CSVCell.fixed($0.targetPercent, places: 0))%" }
                .joined(separator: L.pick(", ", "，")))

        let sections = [Self.overviewSection(r, L), Self.communitiesSection(r, L), Self.forecastSection(r, L),
                        Self.riskSection(r, L), Self.bulletinSection(r, L), Self.annualSection(r, L)]

        let generator = r.generator ?? "worksafe"
        let footer = L.pick("Generated by \(generator) from the ledger as of \(r.asOf)",
                            "由 \(generator) 生成，台账数据截至\(r.asOf)")
        self.init(language: language, title: title, meta: meta, sections: sections, footer: footer)
    }

    /// A percentage with one decimal and the sign, e.g. `80.5%`.
    private static func pct(_ v: Double) -> String { CSVCell.fixed(v, places: 1) + "%" }

    /// The town's share against the milestones and the schedule.
    private static func overviewSection(_ r: AssessmentReportInputs, _ L: Language) -> ReportSection {
        var overview: [ReportBlock] = []
        let schedule = r.campaign.schedulePercent(on: r.asOf)
        if let last = r.town?.drawable.last {
            var text = L.pick("On \(last.day) the town's completion share was \(pct(last.percent)) against a schedule share of \(pct(r.campaign.schedulePercent(on: last.day))).",
                              "截至\(last.day)，全镇完成率为\(pct(last.percent))，序时进度为\(pct(r.campaign.schedulePercent(on: last.day)))。")
            if let next = r.campaign.milestones.first(where: { $0.date > last.day }) {
                text += L.pick(" Next milestone: \(pct(next.targetPercent)) by \(next.date).",
                               "下一节点：\(next.date)前达到\(pct(next.targetPercent))。")
            }
            overview.append(.paragraph(text))
        } else {
            overview.append(.note(L.pick("Schedule share on \(r.asOf): \(pct(schedule)).", "\(r.asOf)序时进度：\(pct(schedule))。")))
        }
        overview.append(.shareLine(ShareLineChart(
            title: L.pick("Town completion share against milestones and schedule", "全镇完成率与时间节点、序时进度"),
            series: r.town.map { [$0] } ?? [], campaign: r.campaign)))
        return ReportSection(heading: L.pick("1. Overall progress", "一、总体进度"), blocks: overview)
    }

    /// One small chart per community.
    private static func communitiesSection(_ r: AssessmentReportInputs, _ L: Language) -> ReportSection {
        return ReportSection(heading: L.pick("2. Progress by community", "二、各社区进度"), blocks: [
            .smallMultiples(ShareSmallMultiples(title: L.pick("Completion share by community", "各社区完成率"),
                                                panels: r.communities, campaign: r.campaign)),
        ])
    }

    /// The forecast chart and the reliability diagram of past forecasts, or why they are missing.
    private static func forecastSection(_ r: AssessmentReportInputs, _ L: Language) -> ReportSection {
        let level = CSVCell.fixed(100 * r.intervalLevel, places: 0)
        var forecastBlocks: [ReportBlock] = []
        if let why = r.sectionNotes[.forecast] {
            forecastBlocks.append(.note(why))
        } else {
            forecastBlocks.append(.forecast(ForecastChart(
                title: L.pick("Probability of reaching each milestone", "各单位达成时间节点的概率"),
                entries: r.forecasts, intervalLevel: r.intervalLevel)))
            forecastBlocks.append(.note(L.pick("Dots: expected share on the milestone date; bars: \(level)% prediction interval; right: probability of reaching the target.",
                                               "圆点为节点日预期完成率，横线为\(level)%预测区间，右侧为达成目标的概率。")))
        }
        if let why = r.sectionNotes[.reliability] {
            forecastBlocks.append(.note(why))
        } else if !r.reliability.isEmpty {
            forecastBlocks.append(.reliability(ReliabilityChart(
                title: L.pick("How past forecasts came out", "以往预测的兑现情况"), bins: r.reliability,
                subtitle: r.reliabilitySummary)))
            forecastBlocks.append(.note(L.pick("Each dot: forecasts of about the same probability made before this date, against how often those milestones were then met; bars: 90% interval; on the diagonal, the probabilities came true as often as they said.",
                                               "每个圆点为此前所作、概率相近的预测与其后实际达标的比例；竖线为90%区间；落在对角线上说明预测概率与实际相符。")))
        }
        return ReportSection(heading: L.pick("3. Milestone forecast", "三、节点达成预测"), blocks: forecastBlocks,
                                      pageBreakBefore: true)
    }

    /// The four-colour distribution and the risk groups' map, or why they are missing.
    private static func riskSection(_ r: AssessmentReportInputs, _ L: Language) -> ReportSection {
        var riskBlocks: [ReportBlock] = []
        if let why = r.sectionNotes[.riskLevels] {
            riskBlocks.append(.note(why))
        } else {
            riskBlocks.append(.riskDistribution(RiskDistributionChart(
                title: L.pick("Four-colour risk distribution", "四色风险分布"), groups: r.riskGroups)))
        }
        if let why = r.sectionNotes[.riskGroups] {
            riskBlocks.append(.note(why))
        } else {
            var map = ClusterMapChart(title: L.pick("Risk groups (k-means) on the first two principal components",
                                                    "风险聚类（k均值）主成分分布图"),
                                      points: r.clusterPoints, clusterNames: r.clusterNames,
                                      centroids: r.clusterCentroids, explainedVariance: r.explainedVariance)
            map.clusterColors = r.clusterColors
            riskBlocks.append(.clusterMap(map))
        }
        return ReportSection(heading: L.pick("4. Risk levels and risk groups", "四、风险分级与风险聚类"),
                                      blocks: riskBlocks)
    }

    /// The quarterly bulletin's tables (town and communities, departments, the plan), or why it is missing.
    private static func bulletinSection(_ r: AssessmentReportInputs, _ L: Language) -> ReportSection {
        var bulletinBlocks: [ReportBlock] = []
        let bulletinHeading: String
        if let b = r.bulletin {
            bulletinHeading = L.pick("5. Quarterly bulletin \(b.quarter)", "五、\(b.quarter.year)年第\(b.quarter.number)季度通报")
            let full = b.table(language: L).selecting(Self.reportBulletinColumns, of: QuarterlyBulletin.columns)
            let kinds = ([b.town] + b.rows).map(\.unit.kind)
            bulletinBlocks.append(.table(ReportTable(
                caption: L.pick("Town and communities on \(b.quarter.lastDay): completion, schedule, hazards and risk",
                                "全镇及各社区完成情况、序时进度、隐患与风险（\(b.quarter.lastDay)）"),
                table: full.keeping(rows: { kinds[$0] != .department }))))
            bulletinBlocks.append(.table(ReportTable(
                caption: L.pick("Departments on \(b.quarter.lastDay)", "各监管部门（\(b.quarter.lastDay)）"),
                table: full.keeping(rows: { kinds[$0] == .department }))))
            let planned = ([b.town] + b.rows).filter { $0.plan != nil && $0.unit.kind != .department }
            if !planned.isEmpty {
                let zh = L == .zh
                bulletinBlocks.append(.table(ReportTable(
                    caption: L.pick("What it takes (worksafe plan as of \(b.quarter.lastDay)): the town and communities, with their first priority enterprises",
                                    "工作建议（截至\(b.quarter.lastDay)）：全镇及各社区，附优先推进企业"),
                    table: OutputTable(
                        name: ("plan", "工作建议"),
                        columns: [TableColumn("unit", "单位"), TableColumn("plan", "工作建议"),
                                  TableColumn("top_priorities", "优先推进企业")],
                        rows: planned.map { r in
                            [.text(r.unit.displayName(L)), .text(PlanSentence.text(r.plan!, language: L)),
                             .text(r.plan!.topPriorities.joined(separator: zh ? "、" : "; "))]
                        }, language: L))))
            }
            if let m = b.nextMilestone {
                bulletinBlocks.append(.note(L.pick("Gap = share − schedule (percentage points); rank by share (ties share a rank); probability of reaching \(pct(m.targetPercent)) by \(m.date).",
                                                   "进度差＝完成率－序时进度（百分点）；按完成率排名（并列同名次）；概率为\(m.date)前达到\(pct(m.targetPercent))的概率。")))
            }
        } else {
            bulletinHeading = L.pick("5. Quarterly bulletin", "五、季度通报")
            bulletinBlocks.append(.note(r.sectionNotes[.bulletin] ?? L.pick("No bulletin: no data", "无季度通报：暂无数据")))
        }
        return ReportSection(heading: bulletinHeading, blocks: bulletinBlocks, pageBreakBefore: true)
    }

    /// The annual scores, the vetoed enterprises and the rules in effect, or why it is missing.
    private static func annualSection(_ r: AssessmentReportInputs, _ L: Language) -> ReportSection {
        var annualBlocks: [ReportBlock] = []
        let annualHeading: String
        if let a = r.annual {
            annualHeading = L.pick("6. Annual assessment \(a.year)", "六、\(a.year)年度考评")
            annualBlocks.append(.paragraph(L.pick(
                "Target: \(pct(a.targetPercent)) by \(a.targetDate). Total = base + bonus − deductions; vetoed enterprises make their unit ineligible for awards.",
                "年度目标：\(a.targetDate)前达到\(pct(a.targetPercent))。总分＝基础分＋提前加分－各项扣分；发生死亡事故的企业一票否决，所在单位不得评优。")))
            let scores = a.scoreTable(language: L).selecting(Self.reportAnnualColumns, of: AnnualAssessment.columns)
            let scoreKinds = a.scores.map(\.unit.kind)
            annualBlocks.append(.table(ReportTable(caption: L.pick("Scores of the communities", "各社区得分"),
                                                   table: scores.keeping(rows: { scoreKinds[$0] == .community }))))
            annualBlocks.append(.table(ReportTable(caption: L.pick("Scores of the departments", "各监管部门得分"),
                                                   table: scores.keeping(rows: { scoreKinds[$0] == .department }))))
            if a.vetoes.isEmpty {
                annualBlocks.append(.note(L.pick("No enterprise was vetoed (no fatal accident).", "本年度无一票否决企业（无死亡事故）。")))
            } else {
                annualBlocks.append(.table(ReportTable(caption: L.pick("Vetoed enterprises (one-vote veto)", "一票否决企业"),
                                                       table: a.vetoTable(language: L))))
            }
            let rules = a.rules
            func p(_ v: Double) -> String { CSVCell.fixed(v, places: 2).replacingOccurrences(of: ".00", with: "") }
            annualBlocks.append(.note(L.pick(
                "Rules: base \(p(rules.basePoints)) for reaching the target (\(rules.proportionalBase ? "in proportion to the share when missed" : "none when missed")); bonus \(p(rules.bonusPerQuarterEarly)) per quarter early (cap \(p(rules.bonusCap))); −\(p(rules.deductionPerQuarterBehind)) per quarter end behind schedule (cap \(p(rules.scheduleDeductionCap))); −\(p(rules.deductionPerOpenMajorHazard)) per open major hazard (cap \(p(rules.hazardDeductionCap))); −\(p(rules.deductionPerMissingBenchmark)) per key industry the unit supervises without a benchmark in the town (cap \(p(rules.benchmarkDeductionCap))); award from \(p(rules.awardMinimumTotal)) points.",
                "考评规则：达到年度目标得基础分\(p(rules.basePoints))分\(rules.proportionalBase ? "，未达到的按完成率与目标之比计分" : "，未达到的不得基础分")；每提前一个季度加\(p(rules.bonusPerQuarterEarly))分（最多\(p(rules.bonusCap))分）；每个季度末落后序时进度扣\(p(rules.deductionPerQuarterBehind))分（最多\(p(rules.scheduleDeductionCap))分）；每项未整改重大隐患扣\(p(rules.deductionPerOpenMajorHazard))分（最多\(p(rules.hazardDeductionCap))分）；所监管的重点行业全镇尚无标杆企业的，每个行业扣\(p(rules.deductionPerMissingBenchmark))分（最多\(p(rules.benchmarkDeductionCap))分）；总分\(p(rules.awardMinimumTotal))分以上方可评优。")))
        } else {
            annualHeading = L.pick("6. Annual assessment", "六、年度考评")
            annualBlocks.append(.note(r.sectionNotes[.annual] ?? L.pick("No annual assessment: no data", "无年度考评：暂无数据")))
        }
        return ReportSection(heading: annualHeading, blocks: annualBlocks, pageBreakBefore: true)
    }
}
