import Linalg

/// The risk feature matrix of enterprises for clustering, one row per enterprise, from its
/// `risk.csv` observation.
///
/// Columns (17): the eight GB/T 33000 element scores; hazards found (general + major); the
/// rectification rate `rectified / found` (1 when nothing was found, capped at 1); major hazards;
/// violations (三违); accidents; risk points by colour (red, orange, yellow, blue). Counts are on
/// very different scales from scores, so clustering usually standardizes them (`.zscore`).
public struct RiskFeatures: Sendable {
    /// English snake_case column names.
    public static let names: [String] = SafetyElement.allCases.map(\.columnName) + [
        "hazards", "rectification_rate", "major_hazards", "violations", "accidents",
        "red_points", "orange_points", "yellow_points", "blue_points",
    ]
    /// Chinese column names.
    public static let chineseNames: [String] = SafetyElement.allCases.map(\.chineseName) + [
        "隐患总数", "隐患整改率", "重大隐患", "三违", "事故", "红色风险点", "橙色风险点", "黄色风险点",
        "蓝色风险点",
    ]
    /// How each feature moves the risk score of a centroid (in z-score units): the element scores
    /// and the rectification rate lower it (the eight elements share a weight of −1), hazards,
    /// major hazards, violations and accidents raise it by 1, risk points by colour by 1, ¾, ½, ¼.
    public static let riskWeights: [Double] = Array(repeating: -1.0 / 8, count: 8) + [
        1, -1, 1, 1, 1, 1, 0.75, 0.5, 0.25,
    ]

    /// The enterprises, one per row.
    public let enterpriseIDs: [String]
    /// The period of each row's observation.
    public let periods: [Quarter]
    /// The raw feature values (`enterprises × 17`).
    public let matrix: Matrix

    /// Features from observations: for each enterprise (in order of first appearance, or in
    /// `order` when given), its observation of `period`, or its latest one without `period`.
    /// Enterprises without an observation are left out (see `missing(from:)`).
    ///
    /// - Throws: `RiskError.noObservations` when no row remains; `RiskError.invalidClustering`
    ///   when a row does not hold eight element scores and four colour counts, or holds a
    ///   non-finite score.
    public init(observations: [RiskObservation], period: Quarter? = nil, order: [String]? = nil) throws {
        var chosen: [String: RiskObservation] = [:]
        var firstSeen: [String] = []
        for o in observations {
            if let period, o.period != period { continue }
            if let c = chosen[o.enterpriseID] {
                if c.period > o.period { continue }
            } else {
                firstSeen.append(o.enterpriseID)
            }
            chosen[o.enterpriseID] = o
        }
        let ids = (order ?? firstSeen).filter { chosen[$0] != nil }
        var seen = Set<String>()
        let unique = ids.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else {
            throw RiskError.noObservations(detail: period.map { "no risk.csv rows for \($0)" } ?? "no risk.csv rows")
        }
        var elements: [Double] = []
        elements.reserveCapacity(unique.count * RiskFeatures.names.count)
        var periods: [Quarter] = []
        for id in unique {
            let o = chosen[id]!
            guard o.elementScores.count == 8, o.riskPoints.count == 4 else {
                throw RiskError.invalidClustering(detail: "enterprise \(id) \(o.period): needs 8 element scores and 4 colour counts")
            }
            guard o.elementScores.allSatisfy(\.isFinite) else {
                throw RiskError.invalidClustering(detail: "enterprise \(id) \(o.period): element score missing or not a number")
            }
            let found = o.hazardsGeneral + o.hazardsMajor
            let rate = found == 0 ? 1 : min(1, Double(o.hazardsRectified) / Double(found))
            elements += o.elementScores
            elements += [Double(found), rate, Double(o.hazardsMajor), Double(o.violations), Double(o.accidents),
                         Double(o.riskPoints[3]), Double(o.riskPoints[2]), Double(o.riskPoints[1]),
                         Double(o.riskPoints[0])]
            periods.append(o.period)
        }
        enterpriseIDs = unique
        self.periods = periods
        matrix = try Matrix(rows: unique.count, columns: RiskFeatures.names.count, elements: elements)
    }

    /// The ids of `ledger`'s enterprises that have no row here.
    public func missing(from ledger: Ledger) -> [String] {
        let present = Set(enterpriseIDs)
        return ledger.enterprises.map(\.id).filter { !present.contains($0) }
    }
}
