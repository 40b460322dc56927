import Tabular

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
        ("lower50_percent", "50%下限比例"),
        ("upper50_percent", "50%上限比例"),
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
    public static func rows(_ forecasts: [MilestoneForecast], chinese: Bool = false) -> [[CSVCell]] {
        forecasts.map { f in
            [
                .text(chinese ? f.unit.level.chineseLabel : f.unit.level.rawValue),
                .text(f.unit.level == .town && chinese ? "全镇" : f.unit.name),
                .text(f.milestoneDate.description),
                .decimal(f.targetPercent, places: 2),
                .text(f.asOf.description),
                .decimal(f.currentPercent, places: 2),
                .integer(f.currentOpen),
                .text(f.method.rawValue),
                .decimal(f.probability, places: 4),
                .decimal(f.expectedPercent, places: 2),
                .decimal(f.lowerPercent, places: 2),
                .decimal(f.upperPercent, places: 2),
                .decimal(f.lower50Percent, places: 2),
                .decimal(f.upper50Percent, places: 2),
                f.medianDateReached.map { CSVCell.text($0.description) } ?? .empty,
                .decimal(f.recentPacePerMonth, places: 3),
                .decimal(f.linearProjectionPercent, places: 2),
                .decimal(f.requiredPacePerMonth, places: 3),
                .decimal(f.paceProbability, places: 4),
                .decimal(f.smoothedPaceProbability, places: 4),
            ]
        }
    }
}
