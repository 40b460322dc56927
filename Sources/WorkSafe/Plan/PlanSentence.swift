import Tabular

/// The plan in one plain sentence per unit, for the bulletin and the report:
///
///     北苑社区：按当前进度，2024年底达到80%的概率约为8%；自7月起每月新增完成不少于5家，方有九成把握。
///     北苑社区: at the current pace, the probability of reaching 80% by 2024-12-31 is about 8%;
///     at least 5 new completions a month from July 2024 give 90% confidence.
///
/// Probabilities are rounded to whole percent ("不足1%" / "below 1%" and "超过99%" / "above 99%"
/// at the ends); the month is the first month of the required pace.
public enum PlanSentence {
    /// The sentence for `row` in `language`.
    public static func text(_ row: RequiredPace, language: Language) -> String {
        language == .zh ? chinese(row) : english(row)
    }

    static func chinese(_ row: RequiredPace) -> String {
        let unit = row.unit.level == .town ? "全镇" : row.unit.name
        let when = chineseDate(row.milestone.date)
        let target = CSVCell.fixed(row.milestone.targetPercent, places: 0) + "%"
        let head = "\(unit)：按当前进度，\(when)达到\(target)的概率\(chinesePercent(row.probabilityAsIs))"
        let sure = chineseConfidence(row.confidence)
        switch row.status {
        case .alreadyLikely:
            return head + "，已有\(sure)把握。"
        case .required:
            let n = row.requiredCompletionsPerMonth ?? 0
            var from = ""
            if let m = row.firstMonth {
                from = m.year == row.asOf.year ? "自\(m.month)月起" : "自\(m.year)年\(m.month)月起"
            }
            return head + "；\(from)每月新增完成不少于\(n)家，方有\(sure)把握。"
        case .outOfReach:
            return head + "；即使未完成企业全部立即完成，也难有\(sure)把握。"
        case .noMonthLeft:
            return head + "；距节点已不足一个整月，难有\(sure)把握。"
        }
    }

    static func english(_ row: RequiredPace) -> String {
        let unit = row.unit.level == .town ? "The town" : row.unit.name
        let target = CSVCell.fixed(row.milestone.targetPercent, places: 0) + "%"
        let head = "\(unit): at the current pace, the probability of reaching \(target) by \(row.milestone.date) is \(englishPercent(row.probabilityAsIs))"
        let sure = CSVCell.fixed(100 * row.confidence, places: 0) + "%"
        switch row.status {
        case .alreadyLikely:
            return head + ", already \(sure) confidence."
        case .required:
            let n = row.requiredCompletionsPerMonth ?? 0
            let from = row.firstMonth.map { " from \(monthNames[$0.month - 1]) \($0.year)" } ?? ""
            return head + "; at least \(n) new completion\(n == 1 ? "" : "s") a month\(from) give \(sure) confidence."
        case .outOfReach:
            return head + "; even if every enterprise not yet completed completed now, \(sure) confidence is out of reach."
        case .noMonthLeft:
            return head + "; less than a whole month is left, so \(sure) confidence is out of reach."
        }
    }

    /// 2024年底, 2024年6月底, 2024年6月15日.
    static func chineseDate(_ d: Day) -> String {
        if d.month == 12 && d.components.day == 31 { return "\(d.year)年底" }
        return d == d.endOfMonth ? "\(d.year)年\(d.month)月底" : "\(d.year)年\(d.month)月\(d.components.day)日"
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    static func chinesePercent(_ p: Double) -> String {
        let v = (100 * p).rounded()
        if 100 * p < 1 { return "不足1%" }
        if 100 * p > 99 { return "超过99%" }
        return "约为" + CSVCell.fixed(v, places: 0) + "%"
    }

    static func englishPercent(_ p: Double) -> String {
        if 100 * p < 1 { return "below 1%" }
        if 100 * p > 99 { return "above 99%" }
        return "about " + CSVCell.fixed((100 * p).rounded(), places: 0) + "%"
    }

    /// 九成 for 0.9, 八成 for 0.8…; other values as a percentage (95%).
    static func chineseConfidence(_ c: Double) -> String {
        let tenths = (10 * c).rounded()
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if abs(10 * c - tenths) < 1e-9, tenths >= 1, tenths <= 9 { return digits[Int(tenths)] + "成" }
        return CSVCell.fixed(100 * c, places: abs(100 * c - (100 * c).rounded()) < 1e-9 ? 0 : 1) + "%"
    }
}
