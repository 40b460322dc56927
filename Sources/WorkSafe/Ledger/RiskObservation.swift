/// The eight elements of GB/T 33000-2016, in the standard's order.
public enum SafetyElement: Int, CaseIterable, Sendable {
    case goalsAndResponsibilities, institutionalManagement, educationAndTraining, siteManagement,
         riskControlAndHazardManagement, emergencyManagement, accidentManagement,
         continuousImprovement

    /// The English snake_case column name.
    public var columnName: String {
        ["goals_responsibilities", "institutional_management", "education_training",
         "site_management", "risk_control_hazards", "emergency_management",
         "accident_management", "continuous_improvement"][rawValue]
    }

    /// The Chinese name from the standard.
    public var chineseName: String {
        ["目标职责", "制度化管理", "教育培训", "现场管理", "安全风险管控及隐患排查治理", "应急管理",
         "事故管理", "持续改进"][rawValue]
    }
}

/// The four risk colours, ordered from low to major (蓝 < 黄 < 橙 < 红).
public enum RiskLevel: Int, CaseIterable, Comparable, Sendable, Codable {
    case blue = 0, yellow, orange, red

    /// English name.
    public var name: String { ["blue", "yellow", "orange", "red"][rawValue] }
    /// Chinese name.
    public var chineseName: String { ["蓝", "黄", "橙", "红"][rawValue] }

    /// Parses `red`/`红`/`红色` and the like.
    public init?(label: String) {
        let t = label.trimmingWhitespace().lowercased()
        guard let v = RiskLevel.allCases.first(where: {
            $0.name == t || $0.chineseName == t || $0.chineseName + "色" == t
        }) else { return nil }
        self = v
    }

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One enterprise × quarter row of `risk.csv`.
public struct RiskObservation: Hashable, Sendable {
    /// The enterprise's id.
    public var enterpriseID: String
    /// The quarter observed.
    public var period: Quarter
    /// The eight GB/T 33000 element scores, 0–100, in `SafetyElement` order.
    public var elementScores: [Double]
    /// 一般隐患 found.
    public var hazardsGeneral: Int
    /// 重大隐患 found.
    public var hazardsMajor: Int
    /// Hazards rectified (general and major).
    public var hazardsRectified: Int
    /// Major hazards rectified (≤ hazardsMajor).
    public var majorHazardsRectified: Int
    /// 三违 violations.
    public var violations: Int
    /// Accidents.
    public var accidents: Int
    /// Deaths.
    public var deaths: Int
    /// Injuries.
    public var injuries: Int
    /// Risk points by colour, indexed by `RiskLevel.rawValue` (blue, yellow, orange, red).
    public var riskPoints: [Int]

    /// A risk observation.
    public init(enterpriseID: String, period: Quarter, elementScores: [Double], hazardsGeneral: Int,
                hazardsMajor: Int, hazardsRectified: Int, majorHazardsRectified: Int,
                violations: Int, accidents: Int, deaths: Int, injuries: Int, riskPoints: [Int]) {
        self.enterpriseID = enterpriseID; self.period = period; self.elementScores = elementScores
        self.hazardsGeneral = hazardsGeneral; self.hazardsMajor = hazardsMajor
        self.hazardsRectified = hazardsRectified; self.majorHazardsRectified = majorHazardsRectified
        self.violations = violations; self.accidents = accidents; self.deaths = deaths
        self.injuries = injuries; self.riskPoints = riskPoints
    }

    /// Major hazards found but not rectified in the period.
    public var openMajorHazards: Int { max(0, hazardsMajor - majorHazardsRectified) }
}

/// How a risk point was assessed.
public enum RiskPointMethod: String, Sendable, CaseIterable {
    /// LEC (作业条件危险性分析): D = L × E × C.
    case lec
    /// Risk matrix: R = L × S.
    case ls
}

/// One risk point (风险点) of `risk_points.csv`.
public struct RiskPoint: Hashable, Sendable {
    /// The enterprise's id.
    public var enterpriseID: String
    /// 风险点名称.
    public var name: String
    /// The method.
    public var method: RiskPointMethod
    /// Likelihood L.
    public var l: Double
    /// Exposure E (LEC only).
    public var e: Double?
    /// Consequence C (LEC only).
    public var c: Double?
    /// Severity S (LS only).
    public var s: Double?

    /// A risk point.
    public init(enterpriseID: String, name: String, method: RiskPointMethod, l: Double,
                e: Double? = nil, c: Double? = nil, s: Double? = nil) {
        self.enterpriseID = enterpriseID; self.name = name; self.method = method
        self.l = l; self.e = e; self.c = c; self.s = s
    }
}

/// One row of an aggregate `progress.csv`: a unit's cumulative completion on a date.
public struct ProgressRecord: Hashable, Sendable {
    /// The reporting unit (a community, a department, a town…).
    public var unit: String
    /// The date of the count.
    public var date: Day
    /// Completed count, when reported as counts.
    public var completed: Int?
    /// Total (denominator), when reported as counts.
    public var total: Int?
    /// The share in percent, when reported as a share.
    public var sharePercent: Double?

    /// A progress record.
    public init(unit: String, date: Day, completed: Int? = nil, total: Int? = nil,
                sharePercent: Double? = nil) {
        self.unit = unit; self.date = date; self.completed = completed; self.total = total
        self.sharePercent = sharePercent
    }

    /// The share in [0, 1]: `completed/total` for counts, `sharePercent/100` otherwise.
    public var share: Double? {
        if let c = completed, let t = total, t > 0 { return Double(c) / Double(t) }
        if let p = sharePercent { return p / 100 }
        return nil
    }
}
