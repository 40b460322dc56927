import Stats
import Tabular

/// The single number formatter of the trend tables.
///
/// Fixed-point with a column-specific number of decimals, `.` as the decimal separator whatever
/// the locale, no thousands separator, no exponent, and no negative zero (`-0.00` becomes
/// `0.00`). Non-finite numbers render empty (they never reach a table: values that cannot be
/// computed are `nil` with a note). Places used: percentages 2, paces 3, fitted parameters and
/// standard errors 6, days 1.
public enum TrendFormat {
    public static let percentPlaces = 2
    public static let pacePlaces = 3
    public static let parameterPlaces = 6
    public static let dayPlaces = 1

    /// `x` with `places` decimals.
    public static func fixed(_ x: Double, places: Int) -> String { CSVCell.fixed(x, places: places) }
}

private func percent(_ x: Double?) -> CSVCell { x.map { .decimal($0, places: TrendFormat.percentPlaces) } ?? .empty }
private func parameter(_ x: Double?) -> CSVCell { x.map { .decimal($0, places: TrendFormat.parameterPlaces) } ?? .empty }
private func days(_ x: Double?) -> CSVCell { x.map { .decimal($0, places: TrendFormat.dayPlaces) } ?? .empty }
private func integer(_ x: Int?) -> CSVCell { x.map { .integer($0) } ?? .empty }

extension TrendTable {
    /// The completion-trend columns.
    public static let completionColumns: [TrendColumn] = [
        TrendColumn("grouping", "分组方式", "town, community, department, industry, size, or progress (aggregate input)"),
        TrendColumn("unit", "单位", "the group: community name, department, industry, size class, or town"),
        TrendColumn("period_end", "期末日期", "last day of the month or quarter (the as-of date for a partial period)"),
        TrendColumn("partial_period", "不完整期", "true when the period is cut short by the as-of date"),
        TrendColumn("completed", "已完成企业数", "enterprises open and completed on period_end (numerator)"),
        TrendColumn("open", "在册企业数", "enterprises open on period_end (denominator)"),
        TrendColumn("share_percent", "完成率(%)", "100 × completed / open"),
        TrendColumn("wilson_lower_percent", "完成率95%下限(%)", "Wilson 95% score interval, lower end"),
        TrendColumn("wilson_upper_percent", "完成率95%上限(%)", "Wilson 95% score interval, upper end"),
        TrendColumn("completions", "本期新增完成", "enterprises completed at this period end but not at the previous one"),
        TrendColumn("lapses", "本期失效", "enterprises open throughout, completed at the previous end, not now"),
        TrendColumn("closures", "本期注销(已完成)", "enterprises completed at the previous end that closed in the period"),
        TrendColumn("net_change", "净变化", "completed minus completed at the previous period end"),
        TrendColumn("pace_per_month", "月均完成(近3期)", "completions per month over the last 3 periods"),
        TrendColumn("schedule_percent", "序时进度(%)", "time-proportional schedule share on period_end"),
        TrendColumn("gap_percent", "进度差(百分点)", "share_percent − schedule_percent; negative means behind schedule"),
        TrendColumn("note", "备注", "why a value is missing or how it was derived"),
    ]

    /// The growth-curve columns appended by `--fit`.
    public static func fitColumns(richards: Bool) -> [TrendColumn] {
        [
            TrendColumn("fit_model", "拟合模型", "logistic, gompertz or richards"),
            TrendColumn("fit_share_percent", "拟合完成率(%)", "the fitted curve on period_end"),
            TrendColumn("fit_ceiling_percent", "拟合上限(%)", "ceiling K, bounded by 100%"),
            TrendColumn("fit_ceiling_se_percent", "上限标准误(%)", "standard error of K (empty when held at 100%)"),
            TrendColumn("fit_rate_per_month", "增长速率(每月)", "rate r per month"),
            TrendColumn("fit_rate_se", "速率标准误", "standard error of r"),
            TrendColumn("fit_midpoint_months", "拐点(月)", "midpoint t0 in months since the campaign start"),
            TrendColumn("fit_midpoint_se_months", "拐点标准误(月)", "standard error of t0"),
            TrendColumn("fit_midpoint_date", "拐点日期", "t0 as a date"),
        ] + (richards ? [
            TrendColumn("fit_shape", "形状参数", "Richards shape ν (1 = logistic, → 0 Gompertz)"),
            TrendColumn("fit_shape_se", "形状参数标准误", "standard error of ν"),
        ] : []) + [
            TrendColumn("fit_note", "拟合备注", "why the fit is missing, or remarks"),
        ]
    }

    /// The completion trend as a table; with `curves`, the growth-curve columns are appended
    /// (each unit's parameters repeated on its rows, the fitted share per period end). Labels
    /// (grouping, the town and size units, yes/no, model names, notes) are in `language`.
    public static func completion(_ rows: [CompletionTrendRow], curves: [GroupGrowthCurve]? = nil,
                                  language: Language = .en) -> TrendTable {
        let l = TrendLabels(language)
        let richards = curves?.contains { $0.model == .richards } ?? false
        var columns = completionColumns
        if curves != nil { columns += fitColumns(richards: richards) }
        var byUnit: [String: GroupGrowthCurve] = [:]
        for c in curves ?? [] { byUnit[c.unit] = c }
        let cells = rows.map { r -> [CSVCell] in
            var row: [CSVCell] = [
                .text(l.grouping(r.grouping)), .text(l.unit(r.unit)), .text(r.periodEnd.description), .text(l.flag(r.isPartialPeriod)),
                integer(r.completed), integer(r.open), percent(r.sharePercent),
                percent(r.wilsonLowerPercent), percent(r.wilsonUpperPercent),
                integer(r.completions), integer(r.lapses), integer(r.closures), integer(r.netChange),
                r.pacePerMonth.map { .decimal($0, places: TrendFormat.pacePlaces) } ?? .empty,
                percent(r.schedulePercent), percent(r.gapPercent), .text(l.note(r.note)),
            ]
            if let curves {
                if let c = byUnit[r.unit] {
                    row += [.text(l.model(c.model.rawValue)), percent(c.fittedPercent(on: r.periodEnd)),
                            percent(c.ceilingPercent), percent(c.ceilingSEPercent),
                            parameter(c.ratePerMonth), parameter(c.rateSE),
                            parameter(c.midpointMonths), parameter(c.midpointSEMonths),
                            c.midpointDate.map { .text($0.description) } ?? .empty]
                    if richards { row += [parameter(c.shape), parameter(c.shapeSE)] }
                    row.append(.text(l.note(c.note)))
                } else {
                    let model = curves.first?.model.rawValue ?? ""
                    row += [.text(l.model(model))] + Array(repeating: .empty, count: richards ? 10 : 8)
                        + [.text(l.note("no fit for this unit"))]
                }
            }
            return row
        }
        return TrendTable(name: ("trend", "完成趋势"), columns: columns, rows: cells, language: language)
    }

    /// The key-industry benchmark columns.
    public static let benchmarkColumns: [TrendColumn] = [
        TrendColumn("industry", "重点行业", "the key industry"),
        TrendColumn("deadline", "截止日期", "the benchmark deadline"),
        TrendColumn("evaluated_on", "评估日期", "the deadline, or the as-of date while pending"),
        TrendColumn("benchmarks", "标杆企业数", "benchmark enterprises flagged in the industry"),
        TrendColumn("open_benchmarks", "在册标杆数", "benchmarks open on evaluated_on"),
        TrendColumn("completed_benchmarks", "达标标杆数", "benchmarks open and completed on evaluated_on"),
        TrendColumn("status", "结论", "met, not_met or pending"),
        TrendColumn("benchmark_ids", "标杆企业代码", "ids separated by |"),
        TrendColumn("benchmark_names", "标杆企业名称", "names separated by |"),
        TrendColumn("note", "备注", "the verdict in words"),
    ]

    /// The key-industry benchmark check as a table.
    public static func benchmarks(_ rows: [KeyIndustryBenchmarkRow], language: Language = .en) -> TrendTable {
        let l = TrendLabels(language)
        return TrendTable(name: ("benchmarks", "重点行业标杆"), columns: benchmarkColumns, rows: rows.map { r in
            [.text(r.industry), .text(r.deadline.description), .text(r.evaluatedOn.description), .integer(r.benchmarkIDs.count),
             .integer(r.openBenchmarks), .integer(r.completedBenchmarks), .text(l.verdict(r.status.rawValue)),
             .text(r.benchmarkIDs.joined(separator: "|")), .text(r.benchmarkNames.joined(separator: "|")),
             .text(l.note(r.note))]
        }, language: language)
    }

    /// The time-to-completion summary columns.
    public static let timeToCompletionColumns: [TrendColumn] = [
        TrendColumn("unit", "单位", "the group"),
        TrendColumn("enterprises", "企业数", "enterprises followed"),
        TrendColumn("completions", "已完成数", "first completions observed"),
        TrendColumn("censored", "删失数", "not completed by the as-of date or closure"),
        TrendColumn("median_days", "中位完成天数", "Kaplan–Meier median days from origin to completion"),
        TrendColumn("median_lower_days", "中位数95%下限(天)", "log(−log) Greenwood interval of the median, lower"),
        TrendColumn("median_upper_days", "中位数95%上限(天)", "log(−log) Greenwood interval of the median, upper"),
        TrendColumn("completed_percent_at_end", "期末累计完成率(%)", "1 − S at the end of follow-up, in percent"),
        TrendColumn("note", "备注", "why a value is missing"),
    ]

    /// Time to completion per unit as a table.
    public static func timeToCompletion(_ rows: [TimeToCompletion], language: Language = .en) -> TrendTable {
        let l = TrendLabels(language)
        return TrendTable(name: ("time_to_completion", "完成用时"), columns: timeToCompletionColumns, rows: rows.map { r in
            [.text(l.unit(r.unit)), .integer(r.enterprises), .integer(r.completions), .integer(r.censored),
             days(r.medianDays), days(r.medianLowerDays), days(r.medianUpperDays),
             percent(r.completedPercentAtEnd), .text(l.note(r.note))]
        }, language: language)
    }

    /// The Kaplan–Meier curve columns.
    public static let survivalCurveColumns: [TrendColumn] = [
        TrendColumn("unit", "单位", "the group"),
        TrendColumn("days", "天数", "days since the origin"),
        TrendColumn("at_risk", "风险集", "enterprises not yet completed nor censored just before"),
        TrendColumn("completions", "完成数", "completions on that day"),
        TrendColumn("censored", "删失数", "censorings on that day"),
        TrendColumn("not_completed_percent", "未完成比例(%)", "Kaplan–Meier S(t), in percent"),
        TrendColumn("lower_percent", "95%下限(%)", "log(−log) Greenwood interval, lower"),
        TrendColumn("upper_percent", "95%上限(%)", "log(−log) Greenwood interval, upper"),
    ]

    /// Every unit's Kaplan–Meier curve as a long table.
    public static func survivalCurves(_ rows: [TimeToCompletion], language: Language = .en) -> TrendTable {
        let l = TrendLabels(language)
        var cells: [[CSVCell]] = []
        for r in rows {
            guard let c = r.curve else { continue }
            for i in c.times.indices {
                cells.append([.text(l.unit(r.unit)), days(c.times[i]), .integer(c.atRisk[i]), .integer(c.events[i]),
                              .integer(c.censored[i]), percent(100 * c.survival[i]),
                              percent(100 * c.lower[i]), percent(100 * c.upper[i])])
            }
        }
        return TrendTable(name: ("survival", "生存曲线"), columns: survivalCurveColumns, rows: cells, language: language)
    }
}

/// The labels of the trend tables in one language: grouping names, the town and size units,
/// yes/no, model names, benchmark verdicts and notes (`ChineseMessages`).
struct TrendLabels {
    let language: Language
    init(_ language: Language) { self.language = language }

    func grouping(_ g: String) -> String {
        guard language == .zh else { return g }
        switch g {
        case "town": return "全镇"
        case "community": return "社区"
        case "department": return "部门"
        case "industry": return "行业"
        case "size": return "企业规模"
        case "progress": return "进度表"
        default: return g
        }
    }

    /// The town's unit and size classes in Chinese; other units (names from the ledger) as they are.
    func unit(_ u: String) -> String {
        guard language == .zh else { return u }
        if u == TrendGrouping.townUnit { return "全镇" }
        if u == TrendGrouping.blankUnit { return "（空白）" }
        return EnterpriseSize(rawValue: u)?.chineseLabel ?? u
    }

    func flag(_ b: Bool) -> String { language == .zh ? (b ? "是" : "否") : (b ? "true" : "false") }

    func model(_ m: String) -> String {
        guard language == .zh else { return m }
        switch m {
        case "logistic": return "逻辑斯蒂"
        case "gompertz": return "冈珀茨"
        case "richards": return "理查兹"
        default: return m
        }
    }

    func verdict(_ v: String) -> String {
        guard language == .zh else { return v }
        switch v {
        case "met": return "已达成"
        case "not_met": return "未达成"
        case "pending": return "未到期"
        default: return v
        }
    }

    func note(_ n: String) -> String { ChineseMessages.text(n, language) }
}
