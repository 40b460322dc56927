import Tabular

/// The files of a ledger folder.
public enum LedgerFile: String, CaseIterable, Sendable {
    case enterprises = "enterprises.csv"
    case status = "status.csv"
    case risk = "risk.csv"
    case riskPoints = "risk_points.csv"
}

/// One column of the data contract: the English key (the canonical header), the Chinese header
/// and further accepted aliases.
public struct LedgerColumn: Sendable {
    /// English snake_case header (also the key).
    public let key: String
    /// Chinese header.
    public let chinese: String
    /// More accepted names.
    public let aliases: [String]
    /// Whether the file must have it.
    public let isRequired: Bool

    init(_ key: String, _ chinese: String, _ aliases: [String] = [], required: Bool = true) {
        self.key = key; self.chinese = chinese; self.aliases = aliases; self.isRequired = required
    }

    /// The header in `language`.
    public func header(_ language: Language) -> String { language.pick(key, chinese) }

    var csvColumn: CSVColumn { CSVColumn(key, aliases: [chinese] + aliases, required: isRequired) }
}

/// The data contract: the columns of each ledger file and of `progress.csv` (see
/// notebooks-data/README.md for the data dictionary).
public enum LedgerColumns {
    static let idAliases = ["统一社会信用代码", "社会信用代码", "信用代码", "企业编号", "编号", "credit_code", "enterprise_id", "代码"]

    /// `enterprises.csv`.
    public static let enterprises: [LedgerColumn] = [
        LedgerColumn("id", "统一社会信用代码", Array(idAliases.dropFirst())),
        LedgerColumn("name", "企业名称", ["名称", "企业"]),
        LedgerColumn("community", "所属社区", ["社区"]),
        LedgerColumn("department", "监管部门", ["部门", "主管部门"]),
        LedgerColumn("industry", "行业", ["所属行业", "行业类别"]),
        LedgerColumn("size", "企业规模", ["规模"]),
        LedgerColumn("opened_on", "纳入日期", ["opened", "开业日期"], required: false),
        LedgerColumn("closed_on", "注销日期", ["closed", "关闭日期"], required: false),
        LedgerColumn("benchmark", "标杆", ["标杆企业", "is_benchmark"], required: false),
    ]

    /// `status.csv`.
    public static let status: [LedgerColumn] = [
        LedgerColumn("id", "统一社会信用代码", Array(idAliases.dropFirst())),
        LedgerColumn("date", "日期", ["变更日期", "状态日期"]),
        LedgerColumn("status", "状态", ["标准化状态"]),
        LedgerColumn("score", "自评得分", ["得分", "self_score"], required: false),
    ]

    /// `risk.csv` count columns after the element scores, with their Chinese headers.
    public static let riskCountKeys: [(key: String, chinese: String)] = [
        ("hazards_general", "一般隐患"), ("hazards_major", "重大隐患"),
        ("hazards_rectified", "已整改隐患"), ("major_rectified", "重大隐患已整改"),
        ("violations", "三违"), ("accidents", "事故"), ("deaths", "死亡"), ("injuries", "受伤"),
    ]

    /// `risk.csv` risk-point columns, red first, with `RiskLevel`.
    public static let riskPointKeys: [(key: String, chinese: String, level: RiskLevel)] = [
        ("points_red", "红色风险点", .red), ("points_orange", "橙色风险点", .orange),
        ("points_yellow", "黄色风险点", .yellow), ("points_blue", "蓝色风险点", .blue),
    ]

    /// `risk.csv`: id, period, the eight element scores (required), then counts and risk points
    /// (optional; a missing column or blank cell counts as 0).
    public static let risk: [LedgerColumn] =
        [LedgerColumn("id", "统一社会信用代码", Array(idAliases.dropFirst())),
         LedgerColumn("period", "期间", ["季度", "quarter", "统计期间"])]
        + SafetyElement.allCases.map { LedgerColumn($0.columnName, $0.chineseName) }
        + riskCountKeys.map { LedgerColumn($0.key, $0.chinese, required: false) }
        + riskPointKeys.map { LedgerColumn($0.key, $0.chinese, [$0.level.chineseName + "色"], required: false) }

    /// `risk_points.csv`.
    public static let riskPoints: [LedgerColumn] = [
        LedgerColumn("id", "统一社会信用代码", Array(idAliases.dropFirst())),
        LedgerColumn("point", "风险点名称", ["风险点", "name"]),
        LedgerColumn("method", "评价方法", ["方法"]),
        LedgerColumn("l", "可能性", ["L值"]),
        LedgerColumn("e", "暴露频率", ["E值"], required: false),
        LedgerColumn("c", "后果", ["C值"], required: false),
        LedgerColumn("s", "严重性", ["S值"], required: false),
    ]

    /// `progress.csv`: either `completed,total` or `share_percent`.
    public static let progress: [LedgerColumn] = [
        LedgerColumn("unit", "单位", ["社区", "部门", "name"]),
        LedgerColumn("date", "日期", ["统计日期"]),
        LedgerColumn("completed", "已完成", ["完成数"], required: false),
        LedgerColumn("total", "总数", ["企业总数", "应完成"], required: false),
        LedgerColumn("share_percent", "完成率", ["完成比例", "share"], required: false),
    ]

    /// The columns of `file`.
    public static func columns(of file: LedgerFile) -> [LedgerColumn] {
        switch file {
        case .enterprises: enterprises
        case .status: status
        case .risk: risk
        case .riskPoints: riskPoints
        }
    }

    static func schema(_ columns: [LedgerColumn]) -> CSVSchema { CSVSchema(columns.map(\.csvColumn)) }
}
