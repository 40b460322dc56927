import Tabular

extension RiskLevel {
    /// The colour's name in `language` (`red` / `红`).
    public func label(_ language: Language) -> String { language == .en ? name : chineseName }
}

extension EnterpriseRiskGrade {
    /// The columns of `worksafe grade` output.
    public static let englishHeaders = [
        "id", "period", "level", "base_level", "source", "red_points", "orange_points",
        "yellow_points", "blue_points", "top_point", "top_score", "upgrade", "standardization",
        "inspections_per_year", "reason",
    ]
    /// The Chinese headers, in the same order.
    public static let chineseHeaders = [
        "统一社会信用代码", "期间", "风险等级", "基础等级", "分级依据", "红色风险点", "橙色风险点",
        "黄色风险点", "蓝色风险点", "最高风险点", "最高分值", "升级原因", "标准化等级",
        "年检查次数", "理由",
    ]

    /// One output row in the chosen language.
    public func row(_ language: Language = .en) -> [RiskTable.Value] {
        let sourceText: String
        switch source {
        case .riskPoints: sourceText = language == .zh ? "风险点" : source.rawValue
        case .colourCounts: sourceText = language == .zh ? "风险点数" : source.rawValue
        case .none: sourceText = language == .zh ? "无" : source.rawValue
        }
        let upgradeText = upgrades.map { u -> String in
            switch u {
            case let .openMajorHazards(n): language == .zh ? "重大隐患未整改\(n)项" : "open_major_hazards:\(n)"
            case let .fatalAccident(d): language == .zh ? "死亡事故（\(d)人）" : "fatal_accident:\(d)"
            }
        }.joined(separator: language == .zh ? "；" : ";")
        return [
            .text(enterpriseID),
            period.map { .text($0.description) } ?? .empty,
            .text(level.label(language)),
            .text(baseLevel.label(language)),
            .text(sourceText),
            .integer(pointCounts[3]), .integer(pointCounts[2]), .integer(pointCounts[1]), .integer(pointCounts[0]),
            topPoint.map { .text($0.point.name) } ?? .empty,
            topPoint.map { .number($0.score) } ?? .empty,
            upgradeText.isEmpty ? .empty : .text(upgradeText),
            .text(language == .zh ? standardization.chineseLabel : standardization.rawValue),
            .integer(inspectionsPerYear),
            .text(language == .zh ? chineseReason : reason),
        ]
    }

    /// The whole `worksafe grade` table.
    public static func table(_ grades: [EnterpriseRiskGrade], language: Language = .en) -> RiskTable {
        OutputTable(englishHeaders: englishHeaders, chineseHeaders: chineseHeaders,
                    rows: grades.map { $0.row(language) }, language: language, name: ("grade", "风险分级"))
    }
}
