/// A milestone of the campaign: at least `targetPercent` % of open enterprises completed by `date`.
public struct Milestone: Hashable, Sendable, CustomStringConvertible {
    /// The deadline.
    public var date: Day
    /// The target share in percent (0–100).
    public var targetPercent: Double

    /// A milestone.
    public init(date: Day, targetPercent: Double) {
        self.date = date
        self.targetPercent = targetPercent
    }

    /// Parses `2024-12-31:80`; `nil` when malformed or the percent is outside 0–100.
    public init?(argument: String) {
        let parts = argument.split(separator: ":")
        guard parts.count == 2, let d = Day(iso: parts[0]), let p = Double(parts[1]),
              p >= 0, p <= 100 else { return nil }
        self.init(date: d, targetPercent: p)
    }

    /// `2024-12-31:80`.
    public var description: String {
        "\(date):\(targetPercent == targetPercent.rounded() ? String(Int(targetPercent)) : String(targetPercent))"
    }

    /// How far below a target, in percentage points, a share may lie and still reach it: 10⁻⁹.
    ///
    /// Shares computed by different paths (a ratio of counts, a sum of simulated completions, an
    /// interpolated curve) can land a few units in the last place off a target they reach on
    /// paper (`(29/100)·100` is 28.999999999999996).
    /// 10⁻⁹ points is far above that rounding (≈ 10⁻¹⁴ points) and far below any real difference
    /// (one enterprise in a million is 10⁻⁴ points).
    public static let reachedTolerancePoints = 1e-9

    /// Whether a share of `percent` reaches this milestone's target, allowing for rounding
    /// (`reachedTolerancePoints`).
    public func isReached(byPercent percent: Double) -> Bool {
        Milestone.isReached(percent, target: targetPercent)
    }

    /// Whether a share of `percent` reaches a target of `target` percent, allowing for rounding:
    /// `percent ≥ target − reachedTolerancePoints`.
    public static func isReached(_ percent: Double, target: Double) -> Bool {
        percent >= target - reachedTolerancePoints
    }
}

/// The campaign's configuration: when it started, its milestones and its key industries.
///
/// The defaults come from the town's action plan; nothing in worksafe may assume them — every
/// command takes them from a `Campaign` value that the user can override.
public struct Campaign: Hashable, Sendable {
    /// The first day of the campaign (the schedule path starts at 0 % here).
    public var start: Day
    /// Milestones, sorted by date.
    public var milestones: [Milestone]
    /// Key industries (重点行业), which must each have a benchmark enterprise by
    /// `benchmarkDeadline`.
    public var keyIndustries: [String]
    /// The deadline for each key industry's first benchmark enterprise.
    public var benchmarkDeadline: Day
    /// How long a completed grade stays valid (months) before it lapses unless renewed.
    public var validityMonths: Int

    /// A campaign; milestones are sorted by date.
    public init(start: Day, milestones: [Milestone], keyIndustries: [String],
                benchmarkDeadline: Day, validityMonths: Int = 36) {
        self.start = start
        self.milestones = milestones.sorted { $0.date < $1.date }
        self.keyIndustries = keyIndustries
        self.benchmarkDeadline = benchmarkDeadline
        self.validityMonths = validityMonths
    }

    /// The town's action plan: start 2023-01-01; 30 % by 2023-12-31, 80 % by 2024-12-31, 100 % by
    /// 2025-12-31; six key industries with a benchmark each by 2023-12-31; grades valid 3 years.
    public static let townPlan = Campaign(
        start: Day(year: 2023, month: 1, day: 1)!,
        milestones: [
            Milestone(date: Day(year: 2023, month: 12, day: 31)!, targetPercent: 30),
            Milestone(date: Day(year: 2024, month: 12, day: 31)!, targetPercent: 80),
            Milestone(date: Day(year: 2025, month: 12, day: 31)!, targetPercent: 100),
        ],
        keyIndustries: ["危险化学品", "工贸", "道路运输", "建筑施工", "消防", "城镇燃气"],
        benchmarkDeadline: Day(year: 2023, month: 12, day: 31)!)

    /// The time-proportional schedule share (序时进度) on `day`, in percent: linear from 0 % at
    /// `start` to the first milestone, then linear between consecutive milestones, flat at the
    /// last milestone's target afterwards and 0 before the start.
    public func schedulePercent(on day: Day) -> Double {
        guard day > start else { return 0 }
        var fromDay = start, fromPercent = 0.0
        for m in milestones {
            if day <= m.date {
                let span = Double(m.date.ordinal - fromDay.ordinal)
                if span <= 0 { return m.targetPercent }
                let t = Double(day.ordinal - fromDay.ordinal) / span
                return fromPercent + t * (m.targetPercent - fromPercent)
            }
            fromDay = m.date
            fromPercent = m.targetPercent
        }
        return fromPercent
    }

    /// The next milestone on or after `day`, if any.
    public func nextMilestone(onOrAfter day: Day) -> Milestone? {
        milestones.first { $0.date >= day }
    }
}
