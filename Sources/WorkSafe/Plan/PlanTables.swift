import Tabular

/// The plan's output tables (`worksafe plan --output`, `--priorities`, `--expiring`), in English
/// or Chinese; the columns are documented in `docs/plan.md`.
extension CampaignPlan {
    /// The fixed columns of `required.csv`; the quarter-end columns `required_by_YYYY-MM-DD`
    /// follow them.
    public static let requiredColumns: [TableColumn] = [
        TableColumn("level", "层级"), TableColumn("unit", "单位"),
        TableColumn("milestone_date", "节点日期"), TableColumn("target_percent", "目标比例"),
        TableColumn("as_of", "截至日期"), TableColumn("confidence", "把握程度"),
        TableColumn("current_percent", "当前比例"), TableColumn("current_open", "当前在册企业数"),
        TableColumn("not_completed", "未完成企业数"),
        TableColumn("expiring_before_milestone", "节点前到期未续企业数"),
        TableColumn("probability_as_is", "按当前进度达标概率"),
        TableColumn("expected_percent_as_is", "按当前进度预期比例"),
        TableColumn("expected_completions_per_month_as_is", "按当前进度月均新增完成"),
        TableColumn("required_completions_per_month", "所需月均新增完成"),
        TableColumn("probability_at_required", "按所需进度达标概率"),
        TableColumn("first_month", "起始月份", kind: .date), TableColumn("months", "月数"),
        TableColumn("status", "判断"), TableColumn("top_priorities", "优先推进企业"),
    ]

    /// `required.csv`: one row per unit × future milestone, then one column per quarter end up
    /// to the last milestone with the cumulative new completions the required pace asks for by
    /// then (empty after the row's milestone, and when out of reach).
    public func requiredTable(language: Language = .en) -> OutputTable {
        let zh = language == .zh
        let quarterEnds = Array(Set(required.flatMap { $0.requiredByQuarterEnd.map(\.quarterEnd) })).sorted()
        let columns = Self.requiredColumns + quarterEnds.map {
            TableColumn("required_by_\($0)", "截至\($0)需新增完成", kind: .general)
        }
        let rows = required.map { r -> [CSVCell] in
            var cells: [CSVCell] = [
                .text(zh ? r.unit.level.chineseLabel : r.unit.level.rawValue),
                .text(r.unit.level == .town && zh ? "全镇" : r.unit.name),
                .text(r.milestone.date.description), .decimal(r.milestone.targetPercent, places: 2),
                .text(r.asOf.description), .decimal(r.confidence, places: 4),
                .decimal(r.currentPercent, places: 2), .integer(r.currentOpen), .integer(r.notCompleted),
                .integer(r.expiringBeforeMilestone),
                .decimal(r.probabilityAsIs, places: 4), .decimal(r.expectedPercentAsIs, places: 2),
                .decimal(r.expectedCompletionsPerMonthAsIs, places: 2),
                r.requiredCompletionsPerMonth.map { .integer($0) } ?? .empty,
                r.probabilityAtRequired.map { .decimal($0, places: 4) } ?? .empty,
                r.firstMonth.map { .text($0.description) } ?? .empty, .integer(r.months),
                .text(zh ? r.status.chineseLabel : r.status.rawValue),
                .text(r.topPriorities.joined(separator: zh ? "、" : "; ")),
            ]
            let byQuarter = Dictionary(uniqueKeysWithValues: r.requiredByQuarterEnd.map { ($0.quarterEnd, $0.completions) })
            cells += quarterEnds.map { q in byQuarter[q].map { .integer($0) } ?? .empty }
            return cells
        }
        return OutputTable(name: ("required", "所需进度"), columns: columns, rows: rows, language: language)
    }

    /// The columns of the priority list.
    public static let priorityColumns: [TableColumn] = [
        TableColumn("level", "层级"), TableColumn("unit", "单位"), TableColumn("rank", "排序"),
        TableColumn("id", "统一社会信用代码"), TableColumn("name", "企业名称"),
        TableColumn("community", "所属社区"), TableColumn("department", "监管部门"),
        TableColumn("industry", "行业"), TableColumn("size", "企业规模"),
        TableColumn("stage", "所处阶段"), TableColumn("months_in_stage", "阶段持续月数"),
        TableColumn("risk_level", "风险等级"),
        TableColumn("weakest_element_1", "最弱要素1"), TableColumn("gap_1", "与行业中位数差1"),
        TableColumn("weakest_element_2", "最弱要素2"), TableColumn("gap_2", "与行业中位数差2"),
        TableColumn("open_hazards", "未整改隐患数"), TableColumn("open_major_hazards", "未整改重大隐患数"),
        TableColumn("next_milestone", "下一节点"), TableColumn("probability_gain", "完成后概率提升"),
        TableColumn("urgent", "高风险未启动"), TableColumn("reason", "理由"),
    ]

    /// `--priorities`: every enterprise open and not completed on the as-of date, by unit and
    /// rank.
    public func prioritiesTable(language: Language = .en) -> OutputTable {
        let zh = language == .zh
        let rows = priorities.map { p -> [CSVCell] in
            func element(_ j: Int) -> [CSVCell] {
                guard j < p.weakest.count else { return [.empty, .empty] }
                let w = p.weakest[j]
                return [.text(zh ? w.element.chineseName : w.element.columnName), .decimal(w.gap, places: 1)]
            }
            return [
                .text(zh ? p.unit.level.chineseLabel : p.unit.level.rawValue),
                .text(p.unit.level == .town && zh ? "全镇" : p.unit.name), .integer(p.rank),
                .text(p.enterprise.id), .text(p.enterprise.name), .text(p.enterprise.community),
                .text(p.enterprise.department), .text(p.enterprise.industry),
                .text(zh ? p.enterprise.size.chineseLabel : p.enterprise.size.rawValue),
                .text(p.stage.label(language)), .decimal(p.monthsInStage, places: 1),
                .text(zh ? p.riskLevel.chineseName : p.riskLevel.name),
            ] + element(0) + element(1) + [
                .integer(p.openHazards), .integer(p.openMajorHazards),
                p.nextMilestone.map { .text($0.description) } ?? .empty,
                .decimal(p.probabilityGain, places: 4), .text(language.yesNo(p.urgent)),
                .text(p.reason(language)),
            ]
        }
        return OutputTable(name: ("priorities", "一企一策"), columns: Self.priorityColumns, rows: rows, language: language)
    }

    /// The columns of the expiring grades.
    public static let expiringColumns: [TableColumn] = [
        TableColumn("id", "统一社会信用代码"), TableColumn("name", "企业名称"),
        TableColumn("community", "所属社区"), TableColumn("department", "监管部门"),
        TableColumn("industry", "行业"), TableColumn("status", "等级"),
        TableColumn("granted_on", "评定或复评日期"), TableColumn("expires_on", "到期日期"),
        TableColumn("months_left", "剩余月数"), TableColumn("risk_level", "风险等级"),
        TableColumn("renewal_probability", "续期概率"),
    ]

    /// `--expiring`: grades expiring within the horizon with no renewal recorded.
    public func expiringTable(language: Language = .en) -> OutputTable {
        let zh = language == .zh
        let rows = expiring.map { g -> [CSVCell] in
            [.text(g.enterprise.id), .text(g.enterprise.name), .text(g.enterprise.community),
             .text(g.enterprise.department), .text(g.enterprise.industry),
             .text(zh ? g.status.chineseLabel : g.status.rawValue), .text(g.grantedOn.description),
             .text(g.expiresOn.description), .decimal(g.monthsLeft, places: 1),
             .text(zh ? g.riskLevel.chineseName : g.riskLevel.name), .decimal(g.renewalProbability, places: 4)]
        }
        return OutputTable(name: ("expiring", "即将到期"), columns: Self.expiringColumns, rows: rows, language: language)
    }
}
