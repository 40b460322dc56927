import Tabular

/// One row of the plan's priority list (一企一策): an enterprise open and not completed on the
/// as-of date, where it stands, what holds it back, and what its completion is worth to its
/// unit's next milestone.
public struct PriorityEnterprise: Hashable, Sendable {
    /// Where in the upgrade an enterprise that is not completed stands.
    public enum Stage: String, Hashable, Sendable, CaseIterable {
        /// 未启动: no status recorded, or not started.
        case notStarted = "not_started"
        /// 创建中.
        case inProgress = "in_progress"
        /// 已自评.
        case selfAssessed = "self_assessed"
        /// 已失效: a completion that lapsed (recorded, or its validity ran out unrenewed).
        case lapsed

        /// The Chinese label.
        public var chineseLabel: String {
            switch self {
            case .notStarted: "未启动"
            case .inProgress: "创建中"
            case .selfAssessed: "已自评"
            case .lapsed: "已失效"
            }
        }

        /// The label in `language`.
        public func label(_ language: Language) -> String { language.pick(rawValue, chineseLabel) }
    }

    /// An element's score against its industry's median.
    public struct ElementGap: Hashable, Sendable {
        /// The element.
        public var element: SafetyElement
        /// Score − industry median, points (negative: below).
        public var gap: Double
    }

    /// The enterprise.
    public var enterprise: Enterprise
    /// The unit it is ranked in (its community, department or the town).
    public var unit: ForecastUnit
    /// Where it stands, and since when (months, 1 decimal: from its latest status event, or from
    /// its opening or the campaign start when none is recorded).
    public var stage: Stage, monthsInStage: Double
    /// Its rule-based risk colour (`RiskGrader`, latest `risk.csv` period on or before the as-of
    /// date; blue by default when it has neither risk points nor a row).
    public var riskLevel: RiskLevel
    /// Its two weakest elements against the industry median of the latest period (empty
    /// without a row in that period).
    public var weakest: [ElementGap]
    /// Hazards found and not rectified (general + major − rectified) and major hazards not
    /// rectified, in its latest `risk.csv` period.
    public var openHazards: Int, openMajorHazards: Int
    /// How much its completion on the as-of date raises its unit's probability of reaching the
    /// next milestone (`ProbabilityGain`), 0–1.
    public var probabilityGain: Double
    /// Its rank within its unit (1 first; `PriorityList` has the rule).
    public var rank: Int
    /// Whether the safety rule put it first (red or orange, not started or lapsed).
    public var urgent: Bool
    /// The next milestone the gain refers to.
    public var nextMilestone: Milestone?

    /// A short reason for the rank, in `language`.
    public func reason(_ language: Language) -> String {
        let zh = language == .zh
        var parts: [String] = []
        if urgent {
            parts.append(zh ? "\(riskLevel.chineseName)色风险且\(stage.chineseLabel)"
                            : "\(riskLevel.name) risk and \(stage == .lapsed ? "lapsed" : "not started")")
        } else {
            parts.append(zh ? "\(riskLevel.chineseName)色风险，\(stage.chineseLabel)"
                            : "\(riskLevel.name) risk, \(stage.rawValue.replacingOccurrences(of: "_", with: " "))")
        }
        if openMajorHazards > 0 {
            parts.append(zh ? "重大隐患未整改\(openMajorHazards)项" : "\(openMajorHazards) major hazard\(openMajorHazards == 1 ? "" : "s") unrectified")
        } else if openHazards > 0 {
            parts.append(zh ? "隐患未整改\(openHazards)项" : "\(openHazards) hazard\(openHazards == 1 ? "" : "s") unrectified")
        }
        if let w = weakest.first, w.gap < 0 {
            let g = CSVCell.fixed(-w.gap, places: 1)
            parts.append(zh ? "\(w.element.chineseName)低于行业中位数\(g)分"
                            : "\(w.element.columnName) \(g) below the industry median")
        }
        if let m = nextMilestone, probabilityGain > 0 {
            let points = CSVCell.fixed(100 * probabilityGain, places: 1)
            let name = unit.level == .town ? (zh ? "全镇" : "the town") : unit.name
            parts.append(zh ? "完成后\(name)\(PlanSentence.chineseDate(m.date))达到\(CSVCell.fixed(m.targetPercent, places: 0))%的概率提高\(points)个百分点"
                            : "completing it adds \(points) points to the probability that \(name) reaches \(CSVCell.fixed(m.targetPercent, places: 0))% by \(m.date)")
        }
        return parts.joined(separator: zh ? "；" : "; ")
    }
}
