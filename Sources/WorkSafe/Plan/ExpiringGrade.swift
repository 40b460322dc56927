/// A grade that reaches the end of its validity within the plan's horizon with no renewal
/// recorded (`worksafe plan --expiring`). The forecast counts each one as at risk: in every
/// scenario it is renewed with the probability estimated from the town's past renewals, or
/// lapses at the end of the month it expires in (`HazardSimulation`), so `plan` and `forecast`
/// read the same expiries (`GradeValidity`).
public struct ExpiringGrade: Hashable, Sendable {
    /// The enterprise.
    public var enterprise: Enterprise
    /// Its status (the grade, 达标 or 已完成提升).
    public var status: StandardizationStatus
    /// The day it was granted or last renewed, and the day it lapses unless renewed.
    public var grantedOn: Day, expiresOn: Day
    /// Months from the as-of date to the expiry (1 decimal in the table).
    public var monthsLeft: Double
    /// Its risk colour (blue by default without points or rows).
    public var riskLevel: RiskLevel
    /// The posterior mean renewal probability the forecast draws from, `(1 + renewed)/(2 + expired)`
    /// over the grades whose validity ended before the as-of date.
    public var renewalProbability: Double
}
