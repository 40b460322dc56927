import Foundation

/// The scoring rules of the annual assessment (年度总考评), with the defaults built in.
///
/// A unit (community or department) is scored for a year *Y* as
///
///     total = max(minimumTotal, base + bonus − scheduleDeduction − hazardDeduction − benchmarkDeduction)
///
/// where, with *T* the year's target (the target of the last campaign milestone dated in *Y*, or
/// the schedule share on 31 December of *Y* when no milestone falls in *Y*) and *D* its date:
///
/// - `base` = `basePoints` if the unit's completion share on *D* is at least *T*; otherwise
///   `basePoints × share / T` when `proportionalBase` is on, else 0.
/// - `bonus` = `min(bonusCap, bonusPerQuarterEarly × q)` where *q* is the number of full quarters
///   between the earliest quarter end of *Y* from which the unit stayed at or above *T* (at every
///   later quarter end up to *D*, and on *D*) and *D*.
/// - `scheduleDeduction` = `min(scheduleDeductionCap, deductionPerQuarterBehind × b)` where *b*
///   counts the four quarter ends of *Y* at which the share was below the time-proportional schedule (序时进度, `Campaign.schedulePercent(on:)`) by more
///   than `scheduleTolerancePoints` percentage points.
/// - `hazardDeduction` = `min(hazardDeductionCap, deductionPerOpenMajorHazard × h)` where *h* is
///   the number of major hazards (重大隐患) found in *Y* by the unit's enterprises and not
///   rectified in the quarter they were found (Σ over the four quarters of
///   `RiskObservation.openMajorHazards`).
/// - `benchmarkDeduction` = `min(benchmarkDeductionCap, deductionPerMissingBenchmark × m)` where
///   *m* is the number of key industries (重点行业) in which the unit has open enterprises on
///   31 December of *Y* while the town has no benchmark enterprise (标杆, flagged, open and
///   completed on that day) of that industry; only once the campaign's benchmark deadline has
///   passed.
///
/// One-vote veto (一票否决): when `vetoOnFatalAccident` is on, every enterprise with at least
/// `vetoMinimumDeaths` deaths in a quarter of *Y* is vetoed from awards; when
/// `vetoBlocksUnitAward` is on, its community and its department are not award-eligible either.
/// A unit is award-eligible when it has no vetoed enterprise (if that rule is on) and its total
/// is at least `awardMinimumTotal`.
///
/// Rules files are JSON (or a flat TOML subset, see `AssessmentRules.parse(toml:)`) with the
/// snake_case keys of `CodingKeys`; a key that is absent keeps its default, an unknown key is an
/// error (it is probably a typo). See `Sources/WorkSafe/Assessment/RULES.md`.
public struct AssessmentRules: Hashable, Sendable, Codable {
    /// Points for reaching the year's target on its date (default 85).
    public var basePoints: Double = 85
    /// When the target is missed, give `basePoints × share / target` instead of 0 (default on).
    public var proportionalBase: Bool = true
    /// Bonus points per full quarter that the target was reached (and held) ahead of its date
    /// (default 5).
    public var bonusPerQuarterEarly: Double = 5
    /// Cap on the bonus (default 15: three quarters early, i.e. reached by 31 March for a
    /// 31 December target).
    public var bonusCap: Double = 15
    /// Percentage points by which a unit may trail the schedule at a quarter end without
    /// counting as behind (default 0).
    public var scheduleTolerancePoints: Double = 0
    /// Points deducted for each quarter end of the year at which the unit was behind the
    /// schedule (default 3).
    public var deductionPerQuarterBehind: Double = 3
    /// Cap on the schedule deduction (default 12, i.e. all four quarters).
    public var scheduleDeductionCap: Double = 12
    /// Points deducted per major hazard found in the year and not rectified (default 2).
    public var deductionPerOpenMajorHazard: Double = 2
    /// Cap on the hazard deduction (default 10).
    public var hazardDeductionCap: Double = 10
    /// Points deducted per key industry the unit supervises that has no benchmark enterprise in
    /// the town, once the benchmark deadline has passed (default 5).
    public var deductionPerMissingBenchmark: Double = 5
    /// Cap on the benchmark deduction (default 10).
    public var benchmarkDeductionCap: Double = 10
    /// The floor of the total (default 0: a total is never negative).
    public var minimumTotal: Double = 0
    /// Apply the one-vote veto to enterprises with a fatal accident (default on).
    public var vetoOnFatalAccident: Bool = true
    /// Deaths in one quarter that make an accident fatal for the veto (default 1).
    public var vetoMinimumDeaths: Int = 1
    /// A vetoed enterprise also makes its community and department ineligible for awards
    /// (default on).
    public var vetoBlocksUnitAward: Bool = true
    /// The least total with which a unit is eligible for an award (default 90).
    public var awardMinimumTotal: Double = 90

    /// The built-in rules.
    public init() {}

    /// The built-in defaults (same as `init()`).
    public static let defaults = AssessmentRules()

    /// The rule names as they appear in rules files.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case basePoints = "base_points"
        case proportionalBase = "proportional_base"
        case bonusPerQuarterEarly = "bonus_per_quarter_early"
        case bonusCap = "bonus_cap"
        case scheduleTolerancePoints = "schedule_tolerance_points"
        case deductionPerQuarterBehind = "deduction_per_quarter_behind"
        case scheduleDeductionCap = "schedule_deduction_cap"
        case deductionPerOpenMajorHazard = "deduction_per_open_major_hazard"
        case hazardDeductionCap = "hazard_deduction_cap"
        case deductionPerMissingBenchmark = "deduction_per_missing_benchmark"
        case benchmarkDeductionCap = "benchmark_deduction_cap"
        case minimumTotal = "minimum_total"
        case vetoOnFatalAccident = "veto_on_fatal_accident"
        case vetoMinimumDeaths = "veto_minimum_deaths"
        case vetoBlocksUnitAward = "veto_blocks_unit_award"
        case awardMinimumTotal = "award_minimum_total"
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes rules; absent keys keep their defaults, unknown keys throw
    /// `AssessmentError.unknownRule`.
    public init(from decoder: any Decoder) throws {
        let any = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = any.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw AssessmentError.unknownRule(unknown)
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var r = AssessmentRules()
        func d(_ key: CodingKeys, _ value: inout Double) throws {
            if let v = try c.decodeIfPresent(Double.self, forKey: key) { value = v }
        }
        func b(_ key: CodingKeys, _ value: inout Bool) throws {
            if let v = try c.decodeIfPresent(Bool.self, forKey: key) { value = v }
        }
        try d(.basePoints, &r.basePoints)
        try b(.proportionalBase, &r.proportionalBase)
        try d(.bonusPerQuarterEarly, &r.bonusPerQuarterEarly)
        try d(.bonusCap, &r.bonusCap)
        try d(.scheduleTolerancePoints, &r.scheduleTolerancePoints)
        try d(.deductionPerQuarterBehind, &r.deductionPerQuarterBehind)
        try d(.scheduleDeductionCap, &r.scheduleDeductionCap)
        try d(.deductionPerOpenMajorHazard, &r.deductionPerOpenMajorHazard)
        try d(.hazardDeductionCap, &r.hazardDeductionCap)
        try d(.deductionPerMissingBenchmark, &r.deductionPerMissingBenchmark)
        try d(.benchmarkDeductionCap, &r.benchmarkDeductionCap)
        try d(.minimumTotal, &r.minimumTotal)
        try b(.vetoOnFatalAccident, &r.vetoOnFatalAccident)
        if let v = try c.decodeIfPresent(Int.self, forKey: .vetoMinimumDeaths) { r.vetoMinimumDeaths = v }
        try b(.vetoBlocksUnitAward, &r.vetoBlocksUnitAward)
        try d(.awardMinimumTotal, &r.awardMinimumTotal)
        self = r
    }

    /// Checks every rule's range: points, caps and tolerance finite and ≥ 0, the veto's death
    /// threshold ≥ 1, the minimum and award totals finite, and no total that can overflow.
    ///
    /// - Throws: `AssessmentError.invalidRule` naming the first offending rule,
    ///   `.overflowingRules` when points are so large that a total could be infinite.
    public func validate() throws(AssessmentError) {
        let nonNegative: [(CodingKeys, Double)] = [
            (.basePoints, basePoints), (.bonusPerQuarterEarly, bonusPerQuarterEarly),
            (.bonusCap, bonusCap), (.scheduleTolerancePoints, scheduleTolerancePoints),
            (.deductionPerQuarterBehind, deductionPerQuarterBehind),
            (.scheduleDeductionCap, scheduleDeductionCap),
            (.deductionPerOpenMajorHazard, deductionPerOpenMajorHazard),
            (.hazardDeductionCap, hazardDeductionCap),
            (.deductionPerMissingBenchmark, deductionPerMissingBenchmark),
            (.benchmarkDeductionCap, benchmarkDeductionCap),
        ]
        for (key, v) in nonNegative where !(v.isFinite && v >= 0) {
            throw .invalidRule(name: key.rawValue, reason: "must be a finite number ≥ 0, got \(v)")
        }
        for (key, v) in [(CodingKeys.minimumTotal, minimumTotal), (.awardMinimumTotal, awardMinimumTotal)]
            where !v.isFinite {
            throw .invalidRule(name: key.rawValue, reason: "must be a finite number, got \(v)")
        }
        if vetoMinimumDeaths < 1 {
            throw .invalidRule(name: CodingKeys.vetoMinimumDeaths.rawValue,
                               reason: "must be at least 1, got \(vetoMinimumDeaths)")
        }
        // Every partial sum of a total is bounded by the sum of the magnitudes of its parts:
        // the base, the capped bonus and deductions (a cap only binds when its rate is not 0;
        // the bonus and schedule rates apply at most four times), and the floor. The factor 4
        // leaves room for the award comparison and rounding.
        let largest = basePoints + min(bonusCap, 4 * bonusPerQuarterEarly)
            + min(scheduleDeductionCap, 4 * deductionPerQuarterBehind)
            + (deductionPerOpenMajorHazard > 0 ? hazardDeductionCap : 0)
            + (deductionPerMissingBenchmark > 0 ? benchmarkDeductionCap : 0)
            + abs(minimumTotal) + abs(awardMinimumTotal)
        guard (4 * largest).isFinite else {
            throw .overflowingRules(
                "points this large make a total overflow (base_points, the bonus and deduction caps, minimum_total and award_minimum_total add up to \(largest)); use points of a sensible size")
        }
    }

    /// Parses and validates a JSON rules file.
    ///
    /// - Throws: `AssessmentError.malformedRules` (not JSON, wrong value type),
    ///   `.unknownRule`, `.invalidRule`.
    public static func parse(json data: Data) throws(AssessmentError) -> AssessmentRules {
        let rules: AssessmentRules
        do {
            rules = try JSONDecoder().decode(AssessmentRules.self, from: data)
        } catch let error as AssessmentError {
            throw error
        } catch let DecodingError.typeMismatch(_, context) {
            throw .malformedRules("wrong value type for '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw .malformedRules("not a JSON object of rules")
        }
        try rules.validate()
        return rules
    }

    /// Parses a rules file: TOML when `fileName` ends in `.toml`, JSON otherwise.
    public static func parse(_ data: Data, fileName: String) throws(AssessmentError) -> AssessmentRules {
        if fileName.lowercased().hasSuffix(".toml") {
            return try parse(toml: String(decoding: data, as: UTF8.self))
        }
        return try parse(json: data)
    }

    /// The rules as pretty-printed JSON with sorted keys (what `worksafe assess --print-rules`
    /// prints), ending in a newline. Feeding it back to `parse(json:)` gives the same rules.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
