/// What `CampaignPlanner.plan` found: the required pace per unit and milestone, the priority list
/// and the expiring grades, with the forecast rows they rest on.
public struct CampaignPlan: Hashable, Sendable {
    /// The as-of date.
    public let asOf: Day
    /// The confidence asked for.
    public let confidence: Double
    /// One row per reported unit × future milestone, units in (level, name) order, milestones by
    /// date.
    public let required: [RequiredPace]
    /// Every enterprise open and not completed on the as-of date, by unit, then rank.
    public let priorities: [PriorityEnterprise]
    /// Grades that expire within the horizon with no renewal recorded, by expiry date.
    public let expiring: [ExpiringGrade]
    /// The forecast as it stands (the rows `worksafe forecast` prints with the same seed).
    public let forecastRows: [MilestoneForecast]
    /// The horizon of `expiring`, months.
    public let horizonMonths: Int

    /// The row of `unit` for its next milestone (the first after the as-of date).
    public func nextMilestoneRow(of unit: ForecastUnit) -> RequiredPace? {
        required.first { $0.unit == unit }
    }

    /// The top `count` priority enterprises of `unit` (a unit of the priority level).
    public func topPriorities(of unit: ForecastUnit, count: Int) -> [PriorityEnterprise] {
        Array(priorities.filter { $0.unit == unit && $0.rank <= count })
    }

    /// One plain sentence per unit about its next milestone (`PlanSentence`), units in order.
    public func sentences(language: Language) -> [(unit: ForecastUnit, text: String)] {
        var seen = Set<ForecastUnit>()
        return required.compactMap { row in
            guard seen.insert(row.unit).inserted else { return nil }
            return (row.unit, PlanSentence.text(row, language: language))
        }
    }
}
