/// A table of typed values with English snake_case and Chinese headers, ready for the CSV writer.
///
/// Values stay typed (the writer decides number formatting); colour names and other labels are
/// already in the language the table was built for.
public struct RiskTable: Sendable, Equatable {
    /// One cell.
    public enum Value: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case number(Double)
        /// No value (an empty cell).
        case empty
    }

    /// English snake_case headers.
    public let englishHeaders: [String]
    /// Chinese headers.
    public let chineseHeaders: [String]
    /// The rows, each with one value per header.
    public let rows: [[Value]]

    /// A table; every row must have one value per header (programmer error otherwise).
    public init(englishHeaders: [String], chineseHeaders: [String], rows: [[Value]]) {
        precondition(englishHeaders.count == chineseHeaders.count, "one Chinese header per English header")
        precondition(rows.allSatisfy { $0.count == englishHeaders.count }, "ragged RiskTable row")
        self.englishHeaders = englishHeaders; self.chineseHeaders = chineseHeaders; self.rows = rows
    }

    /// The headers in the chosen language.
    public func headers(chinese: Bool) -> [String] { chinese ? chineseHeaders : englishHeaders }
}

extension RiskLevel {
    /// The colour's name in the chosen language (`red` / `红`).
    public func label(chinese: Bool) -> String { chinese ? chineseName : name }
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
    public func row(chinese: Bool) -> [RiskTable.Value] {
        let sourceText: String
        switch source {
        case .riskPoints: sourceText = chinese ? "风险点" : source.rawValue
        case .colourCounts: sourceText = chinese ? "风险点数" : source.rawValue
        case .none: sourceText = chinese ? "无" : source.rawValue
        }
        let upgradeText = upgrades.map { u -> String in
            switch u {
            case let .openMajorHazards(n): chinese ? "重大隐患未整改\(n)项" : "open_major_hazards:\(n)"
            case let .fatalAccident(d): chinese ? "死亡事故（\(d)人）" : "fatal_accident:\(d)"
            }
        }.joined(separator: chinese ? "；" : ";")
        return [
            .text(enterpriseID),
            period.map { .text($0.description) } ?? .empty,
            .text(level.label(chinese: chinese)),
            .text(baseLevel.label(chinese: chinese)),
            .text(sourceText),
            .integer(pointCounts[3]), .integer(pointCounts[2]), .integer(pointCounts[1]), .integer(pointCounts[0]),
            topPoint.map { .text($0.point.name) } ?? .empty,
            topPoint.map { .number($0.score) } ?? .empty,
            upgradeText.isEmpty ? .empty : .text(upgradeText),
            .text(chinese ? standardization.chineseLabel : standardization.rawValue),
            .integer(inspectionsPerYear),
            .text(chinese ? chineseReason : reason),
        ]
    }

    /// The whole `worksafe grade` table.
    public static func table(_ grades: [EnterpriseRiskGrade], chinese: Bool) -> RiskTable {
        RiskTable(englishHeaders: englishHeaders, chineseHeaders: chineseHeaders,
                  rows: grades.map { $0.row(chinese: chinese) })
    }
}
