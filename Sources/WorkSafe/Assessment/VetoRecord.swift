/// An enterprise vetoed from awards (一票否决) and the accident that vetoed it: one row of
/// `risk.csv` with at least `AssessmentRules.vetoMinimumDeaths` deaths.
public struct VetoRecord: Hashable, Sendable {
    /// The enterprise's id.
    public var enterpriseID: String
    /// 企业名称.
    public var name: String
    /// 所属社区.
    public var community: String
    /// 监管部门.
    public var department: String
    /// 行业.
    public var industry: String
    /// The quarter of the accident.
    public var quarter: Quarter
    /// Accidents in that quarter.
    public var accidents: Int
    /// Deaths in that quarter.
    public var deaths: Int
    /// Injuries in that quarter.
    public var injuries: Int

    /// The veto table's columns (English key, Chinese header).
    public static let columns: [TableColumn] = [
        TableColumn("enterprise_id", "企业编号"), TableColumn("name", "企业名称"),
        TableColumn("community", "所属社区"), TableColumn("department", "监管部门"),
        TableColumn("industry", "行业"), TableColumn("quarter", "季度"),
        TableColumn("accidents", "事故起数"), TableColumn("deaths", "死亡人数"),
        TableColumn("injuries", "受伤人数"),
    ]

    /// The record's cells in `columns` order; the quarter is `2024Q3` or `2024年第3季度`.
    public func cells(_ language: Language) -> [TableValue] {
        [.text(enterpriseID), .text(name), .text(community), .text(department), .text(industry),
         .text(language.pick(quarter.description, "\(quarter.year)年第\(quarter.number)季度")),
         .integer(accidents), .integer(deaths), .integer(injuries)]
    }
}
