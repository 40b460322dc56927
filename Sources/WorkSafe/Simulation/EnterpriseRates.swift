/// The probabilities and rates of a simulated enterprise's life that do not depend on its
/// industry, size or unit: how it enters, leaves, completes, renews, and what its quarterly
/// risk records hold. `TownProfile.rates`; `standard` gives the bundled sample.
public struct EnterpriseRates: Sendable, Hashable {
    // Make-up.
    /// P(supervised by another department than its industry's usual one).
    public var otherDepartment = 0.1
    /// P(its id is a legacy registration number instead of a 统一社会信用代码).
    public var legacyID = 0.02
    /// P(it opens during the simulation rather than before it).
    public var opensDuring = 0.12
    /// P(it closes before the simulation ends).
    public var closes = 0.07
    /// P(troubled: a slow, high-risk enterprise), for industries of risk ≥ `troubledMinimumRisk`.
    public var troubled = 0.015
    /// See `troubled`.
    public var troubledMinimumRisk = 0.7
    /// A troubled enterprise's pace multiplier.
    public var troubledPace = 0.6
    /// A key industry's pace multiplier (the plan's attention).
    public var keyIndustryPace = 1.1
    /// The enterprise's log-normal frailty: log pace ~ N(`frailtyMean`, `frailtySD`²).
    public var frailtyMean = -0.1, frailtySD = 0.45
    /// The latent quality of its records: `qualityFromFrailty`·z + `qualityNoise`·N(0, 1), z the
    /// frailty standardised.
    public var qualityFromFrailty = 0.6, qualityNoise = 0.8

    // Status timeline.
    /// P(a graded enterprise open before the campaign already holds a grade from the three years
    /// before it).
    public var gradeBeforeCampaign = 0.06
    /// P(a 未启动 record on entry).
    public var notStartedRecord = 0.6
    /// P(a grade is renewed at its expiry); the review falls within `renewalWindowDays` before it.
    public var renewal = 0.75
    /// See `renewal`.
    public var renewalWindowDays = 45
    /// P(a large enterprise's grade is 一级), P(a graded enterprise's grade is 二级 or better).
    public var levelOne = 0.08, levelTwoOrBetter = 0.35
    /// P(a small or micro enterprise completes as 达标 rather than 完成).
    public var compliant = 0.75
    /// P(an enterprise that does not complete starts work); P(it then self-assesses).
    public var startsWithoutCompleting = 0.5, selfAssessesWithoutCompleting = 0.3
    /// P(a graded key-industry enterprise completed by the benchmark deadline is a 标杆).
    public var benchmark = 0.2

    // Risk records.
    /// The latent risk: industry risk × exp(`latentRiskSD`·N(0, 1)) × the size's factor
    /// (large, medium, small, micro); a troubled enterprise's ×`troubledRisk`.
    public var latentRiskSD = 0.35
    /// See `latentRiskSD`.
    public var sizeRisk: [EnterpriseSize: Double] = [.large: 1.3, .medium: 1.1, .small: 1.0, .micro: 0.8]
    /// See `latentRiskSD`.
    public var troubledRisk = 3.0
    /// Mean risk points per unit of size scale (Poisson, plus one); P(a point is rated by LEC);
    /// how much the latent risk lifts a rating.
    public var riskPointsPerScale = 1.5, lecShare = 0.7, ratingLift = 0.3
    /// Quarterly counts are Poisson with means proportional to the latent risk (and the size's
    /// scale for general hazards, violations, orange and yellow points); a completed enterprise's
    /// hazard, violation and orange-point means are multiplied by `completedHazardFactor`.
    public var completedHazardFactor = 0.6
    /// Mean general and major hazards per unit of latent risk; a troubled enterprise's major
    /// hazards ×`troubledMajorHazards`.
    public var generalHazards = 2.5, majorHazards = 0.06, troubledMajorHazards = 4.0
    /// P(a major hazard is rectified in the quarter), P(a general one is).
    public var majorRectified = 0.8, generalRectified = 0.9
    /// Mean violations per unit of latent risk.
    public var violations = 0.8
    /// Mean accidents per unit of latent risk (a troubled enterprise: `troubledAccidents` per
    /// quarter); P(an accident is fatal); mean injuries per accident.
    public var accidents = 0.004, troubledAccidents = 0.25
    /// See `accidents`.
    public var fatality = 0.05, troubledFatality = 0.2, injuriesPerAccident = 1.0
    /// Mean red, orange, yellow points per unit of latent risk, blue per unit of size scale; a
    /// troubled enterprise's red ×`troubledRedPoints`.
    public var redPoints = 0.15, orangePoints = 0.6, yellowPoints = 1.5, bluePoints = 3.0, troubledRedPoints = 6.0

    /// The bundled sample's rates.
    public static let standard = EnterpriseRates()

    /// The standard rates.
    public init() {}
}
