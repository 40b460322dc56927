/// A typed CSV cell value of the forecast tables; the CLI renders and writes them.
public enum ForecastValue: Hashable, Sendable {
    /// Text.
    case text(String)
    /// A number, to be written with `decimals` decimal places.
    case number(Double, decimals: Int)
    /// An integer.
    case integer(Int)
    /// A date (ISO `YYYY-MM-DD`).
    case date(Day)
    /// No value (an empty cell), e.g. "not within horizon".
    case empty

    /// A plain rendering: fixed decimals, ISO dates, empty string for `.empty`.
    public var rendered: String {
        switch self {
        case let .text(s): return s
        case let .integer(i): return String(i)
        case let .date(d): return d.description
        case .empty: return ""
        case let .number(v, decimals):
            return formatFixed(v, decimals: decimals)
        }
    }
}

/// Fixed-point formatting without Foundation: round half away from zero at `decimals` places.
func formatFixed(_ v: Double, decimals: Int) -> String {
    guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let r = (abs(v) * scale).rounded(.toNearestOrAwayFromZero)
    guard r < 9e15 else { return String(v) }
    let whole = Int(r)
    let intPart = whole / Int(scale), frac = whole % Int(scale)
    var s = (v < 0 && whole != 0 ? "-" : "") + String(intPart)
    if decimals > 0 {
        let f = String(frac)
        s += "." + String(repeating: "0", count: decimals - f.count) + f
    }
    return s
}

/// The `worksafe forecast` table: headers in English snake_case or Chinese, and rows of typed
/// values in the same column order.
public enum ForecastTable {
    /// Column names: `(english, chinese)`.
    public static let columns: [(String, String)] = [
        ("level", "层级"),
        ("unit", "单位"),
        ("milestone_date", "节点日期"),
        ("target_percent", "目标比例"),
        ("as_of", "截至日期"),
        ("current_percent", "当前比例"),
        ("current_open", "当前在册企业数"),
        ("method", "方法"),
        ("probability", "达标概率"),
        ("expected_percent", "预期比例"),
        ("lower_percent", "下限比例"),
        ("upper_percent", "上限比例"),
        ("median_date_reached", "预计达到日期"),
        ("recent_pace_per_month", "近期月均进度"),
        ("linear_projection_percent", "线性外推比例"),
        ("required_pace_per_month", "所需月均进度"),
        ("pace_probability", "线性外推达标"),
        ("smoothed_pace_probability", "线性外推达标概率"),
    ]

    /// The header row; `chinese` selects the Chinese labels.
    public static func headers(chinese: Bool = false) -> [String] {
        columns.map { chinese ? $0.1 : $0.0 }
    }

    /// One row of typed values per forecast, in `headers` order. Percentages carry 2 decimals,
    /// probabilities 4, paces 3; a target not reached within the horizon leaves
    /// `median_date_reached` empty.
    public static func rows(_ forecasts: [MilestoneForecast], chinese: Bool = false) -> [[ForecastValue]] {
        forecasts.map { f in
            [
                .text(chinese ? f.unit.level.chineseLabel : f.unit.level.rawValue),
                .text(f.unit.level == .town && chinese ? "全镇" : f.unit.name),
                .date(f.milestoneDate),
                .number(f.targetPercent, decimals: 2),
                .date(f.asOf),
                .number(f.currentPercent, decimals: 2),
                .integer(f.currentOpen),
                .text(f.method),
                .number(f.probability, decimals: 4),
                .number(f.expectedPercent, decimals: 2),
                .number(f.lowerPercent, decimals: 2),
                .number(f.upperPercent, decimals: 2),
                f.medianDateReached.map { ForecastValue.date($0) } ?? .empty,
                .number(f.recentPacePerMonth, decimals: 3),
                .number(f.linearProjectionPercent, decimals: 2),
                .number(f.requiredPacePerMonth, decimals: 3),
                .number(f.paceProbability, decimals: 4),
                .number(f.smoothedPaceProbability, decimals: 4),
            ]
        }
    }
}
