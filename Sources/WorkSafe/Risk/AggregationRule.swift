/// How an enterprise's overall colour follows from the colours of its risk points (or from the
/// colour counts of `risk.csv`).
public enum AggregationRule: Sendable, Equatable {
    /// The highest colour among its points (the usual rule, and the default).
    case highest
    /// The highest colour `L` such that at least `minimum[L]` points are at `L` or above; below
    /// every threshold the enterprise is blue. `counting(red: 2, orange: 1, yellow: 1)` reads "red
    /// only with two red points or more": a single red point among many makes it orange.
    /// `counting(red: 1, orange: 1, yellow: 1)` is the same as `.highest`.
    case counting(red: Int, orange: Int, yellow: Int)

    /// The overall colour from point counts indexed by `RiskLevel.rawValue` (blue…red).
    public func level(fromCounts counts: [Int]) -> RiskLevel {
        let red = counts[RiskLevel.red.rawValue], orange = counts[RiskLevel.orange.rawValue]
        let yellow = counts[RiskLevel.yellow.rawValue]
        switch self {
        case .highest:
            if red > 0 { return .red }
            if orange > 0 { return .orange }
            if yellow > 0 { return .yellow }
            return .blue
        case let .counting(minRed, minOrange, minYellow):
            if red >= minRed { return .red }
            if red + orange >= minOrange { return .orange }
            if red + orange + yellow >= minYellow { return .yellow }
            return .blue
        }
    }

    /// Throws unless every threshold of a counting rule is at least 1.
    public func validate() throws {
        if case let .counting(r, o, y) = self, min(r, o, y) < 1 {
            throw RiskError.invalidRules(detail: "counting rule thresholds must be at least 1, got red \(r), orange \(o), yellow \(y)")
        }
    }

    /// A short description for reasons, e.g. `highest level` or `counting rule (red ≥ 2 points…)`.
    var summary: String {
        switch self {
        case .highest: return "highest point level"
        case let .counting(r, o, y):
            return "counting rule (red needs \(r), orange \(o), yellow \(y) points at or above)"
        }
    }

    var chineseSummary: String {
        switch self {
        case .highest: return "取风险点最高等级"
        case let .counting(r, o, y): return "计数规则（红≥\(r)个、橙≥\(o)个、黄≥\(y)个）"
        }
    }
}

extension AggregationRule: Codable {
    private enum Keys: String, CodingKey { case rule, red, orange, yellow }

    /// `{"rule": "highest"}` or `{"rule": "counting", "red": 2, "orange": 1, "yellow": 1}`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let rule = try c.decode(String.self, forKey: .rule)
        switch rule {
        case "highest": self = .highest
        case "counting":
            self = .counting(red: try c.decodeIfPresent(Int.self, forKey: .red) ?? 1,
                             orange: try c.decodeIfPresent(Int.self, forKey: .orange) ?? 1,
                             yellow: try c.decodeIfPresent(Int.self, forKey: .yellow) ?? 1)
        default:
            throw RiskError.invalidRules(detail: "aggregation rule must be \"highest\" or \"counting\", got \"\(rule)\"")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .highest: try c.encode("highest", forKey: .rule)
        case let .counting(r, o, y):
            try c.encode("counting", forKey: .rule)
            try c.encode(r, forKey: .red); try c.encode(o, forKey: .orange); try c.encode(y, forKey: .yellow)
        }
    }
}
