import Tabular

/// The `worksafe backtest` tables: per-method scores, the reliability table, and the scored
/// records, each with English snake_case or Chinese headers and typed rows.
public enum BacktestTable {
    /// Score table columns `(english, chinese)`.
    public static let scoreColumns: [(String, String)] = [
        ("method", "方法"), ("forecasts", "预测数"), ("brier_score", "Brier分数"),
        ("log_loss", "对数损失"), ("expected_calibration_error", "期望校准误差"),
        ("interval_coverage_80", "80%区间覆盖率"), ("mean_interval_width", "平均区间宽度"),
        ("interval_coverage_50", "50%区间覆盖率"), ("confidently_wrong", "高置信误判数"),
    ]

    /// Reliability table columns.
    public static let reliabilityColumns: [(String, String)] = [
        ("method", "方法"), ("bin_lower", "区间下限"), ("bin_upper", "区间上限"), ("count", "预测数"),
        ("mean_predicted", "平均预测概率"), ("observed_frequency", "实际达标频率"),
    ]

    /// Record table columns.
    public static let recordColumns: [(String, String)] = [
        ("origin", "预测起点"), ("level", "层级"), ("unit", "单位"), ("milestone_date", "节点日期"),
        ("target_percent", "目标比例"), ("probability", "达标概率"), ("expected_percent", "预期比例"),
        ("lower_percent", "下限比例"), ("upper_percent", "上限比例"),
        ("lower50_percent", "50%下限比例"), ("upper50_percent", "50%上限比例"),
        ("pace_probability", "线性外推达标"), ("smoothed_pace_probability", "线性外推达标概率"),
        ("realized_percent", "实际比例"), ("reached", "是否达标"),
    ]

    /// Headers of a column list.
    public static func headers(_ columns: [(String, String)], chinese: Bool = false) -> [String] {
        columns.map { chinese ? $0.1 : $0.0 }
    }

    /// One row per method.
    public static func scoreRows(_ report: BacktestReport) -> [[CSVCell]] {
        report.scores.map { s in
            [.text(s.method), .integer(s.count), .decimal(s.brierScore, places: 5),
             .decimal(s.logLoss, places: 5),
             .decimal(s.reliability.expectedCalibrationError, places: 5),
             s.coverage.map { CSVCell.decimal($0.rate, places: 4) } ?? .empty,
             s.coverage.map { CSVCell.decimal($0.meanWidth, places: 2) } ?? .empty,
             s.coverage50.map { CSVCell.decimal($0.rate, places: 4) } ?? .empty,
             .integer(s.confidentlyWrong)]
        }
    }

    /// One row per method and non-empty bin.
    public static func reliabilityRows(_ report: BacktestReport) -> [[CSVCell]] {
        report.scores.flatMap { s in
            s.reliability.bins.map { b in
                [.text(s.method), .decimal(b.lower, places: 4), .decimal(b.upper, places: 4),
                 .integer(b.count), .decimal(b.meanPredicted, places: 4),
                 .decimal(b.observedFrequency, places: 4)]
            }
        }
    }

    /// One row per scored forecast.
    public static func recordRows(_ report: BacktestReport, chinese: Bool = false) -> [[CSVCell]] {
        report.records.map { r in
            let f = r.forecast
            return [.text(r.origin.description), .text(chinese ? f.unit.level.chineseLabel : f.unit.level.rawValue),
                    .text(f.unit.name), .text(f.milestoneDate.description), .decimal(f.targetPercent, places: 2),
                    .decimal(f.probability, places: 4), .decimal(f.expectedPercent, places: 2),
                    .decimal(f.lowerPercent, places: 2), .decimal(f.upperPercent, places: 2),
                    .decimal(f.lower50Percent, places: 2), .decimal(f.upper50Percent, places: 2),
                    .decimal(f.paceProbability, places: 4), .decimal(f.smoothedPaceProbability, places: 4),
                    .decimal(r.realizedPercent, places: 2), .integer(r.reached ? 1 : 0)]
        }
    }
}
