/// An enterprise's size class (企业规模).
public enum EnterpriseSize: String, CaseIterable, Sendable, Codable {
    case large, medium, small, micro

    /// The Chinese label (大型/中型/小型/微型).
    public var chineseLabel: String {
        switch self {
        case .large: "大型"
        case .medium: "中型"
        case .small: "小型"
        case .micro: "微型"
        }
    }

    /// Parses the English or Chinese label (`large`, `大型`, `大`), case-insensitively.
    public init?(label: String) {
        let t = label.trimmingWhitespace().lowercased()
        if let v = EnterpriseSize(rawValue: t) { self = v; return }
        guard let v = EnterpriseSize.allCases.first(where: {
            $0.chineseLabel == t || String($0.chineseLabel.prefix(1)) == t || $0.chineseLabel + "企业" == t
        }) else { return nil }
        self = v
    }

    /// Small and micro enterprises are simply 达标 (compliant) rather than graded.
    public var isSmallOrMicro: Bool { self == .small || self == .micro }
}

/// One enterprise of the ledger (`enterprises.csv`).
public struct Enterprise: Hashable, Sendable {
    /// Unique id: the 统一社会信用代码 or any unique code, normalised (trimmed, half-width, upper case).
    public var id: String
    /// 企业名称.
    public var name: String
    /// 所属社区.
    public var community: String
    /// 监管部门.
    public var department: String
    /// 行业.
    public var industry: String
    /// 企业规模.
    public var size: EnterpriseSize
    /// 纳入日期: the day it entered the campaign; `nil` means from the start.
    public var openedOn: Day?
    /// 注销日期: the day it closed; `nil` means still open.
    public var closedOn: Day?
    /// 标杆: a benchmark enterprise of its industry.
    public var isBenchmark: Bool

    /// An enterprise.
    public init(id: String, name: String, community: String, department: String, industry: String,
                size: EnterpriseSize, openedOn: Day? = nil, closedOn: Day? = nil,
                isBenchmark: Bool = false) {
        self.id = id; self.name = name; self.community = community; self.department = department
        self.industry = industry; self.size = size; self.openedOn = openedOn
        self.closedOn = closedOn; self.isBenchmark = isBenchmark
    }

    /// Open on `day`: opened on or before it (or no opening date) and not closed on or before it.
    ///
    /// An enterprise closed on day D no longer counts on D.
    public func isOpen(on day: Day) -> Bool {
        if let o = openedOn, o > day { return false }
        if let c = closedOn, c <= day { return false }
        return true
    }
}

/// A standardization status (状态) of an enterprise, as recorded in `status.csv`.
public enum StandardizationStatus: String, CaseIterable, Sendable, Codable {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case selfAssessed = "self_assessed"
    case completed
    case level3
    case level2
    case level1
    case compliant
    case lapsed

    /// Whether this status means the upgrade is complete: completed, compliant or a grade.
    public var countsAsCompleted: Bool {
        switch self {
        case .completed, .level1, .level2, .level3, .compliant: true
        default: false
        }
    }

    /// The Chinese label used in ledgers.
    public var chineseLabel: String {
        switch self {
        case .notStarted: "未启动"
        case .inProgress: "创建中"
        case .selfAssessed: "已自评"
        case .completed: "已完成提升"
        case .level3: "三级"
        case .level2: "二级"
        case .level1: "一级"
        case .compliant: "达标"
        case .lapsed: "已失效"
        }
    }

    /// Parses an English or Chinese label (`completed`, `已完成提升`, `三级`, `level3`, `Level 3`).
    public init?(label: String) {
        let t = label.trimmingWhitespace().lowercased().replacingOccurrences(of: " ", with: "_")
        if let v = StandardizationStatus(rawValue: t) { self = v; return }
        let aliases: [String: StandardizationStatus] = [
            "not-started": .notStarted, "notstarted": .notStarted, "in-progress": .inProgress,
            "self-assessed": .selfAssessed, "level_3": .level3, "level_2": .level2, "level_1": .level1,
            "已完成": .completed, "完成": .completed, "三级达标": .level3, "二级达标": .level2,
            "一级达标": .level1, "失效": .lapsed, "已过期": .lapsed, "自评": .selfAssessed,
        ]
        if let v = aliases[t] { self = v; return }
        guard let v = StandardizationStatus.allCases.first(where: { $0.chineseLabel == t }) else {
            return nil
        }
        self = v
    }
}

/// One status change of one enterprise (`status.csv`).
public struct StatusEvent: Hashable, Sendable {
    /// The enterprise's id.
    public var enterpriseID: String
    /// The day the status took effect.
    public var date: Day
    /// The new status.
    public var status: StandardizationStatus
    /// 自评得分, the self-assessment score (0–100), when recorded.
    public var score: Double?

    /// A status event.
    public init(enterpriseID: String, date: Day, status: StandardizationStatus, score: Double? = nil) {
        self.enterpriseID = enterpriseID; self.date = date; self.status = status; self.score = score
    }
}
