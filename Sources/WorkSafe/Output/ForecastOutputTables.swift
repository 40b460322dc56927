import Tabular

// Adapters from the forecast and backtest tables (`ForecastTable`, `BacktestTable`: column
// lists of (English, Chinese) headers and typed rows) to `OutputTable`, so that they take the
// same output path as every other table. They follow the column lists, so a column added
// there appears here; in Chinese the method names and the reached flag are translated.

/// Chinese names of the forecast methods and of the backtest's scored methods.
enum MethodLabels {
    static let chinese: [String: String] = [
        "hazard": ForecastMethod.hazard.chineseName,
        "pool": ForecastMethod.pool.chineseName,
        "model": "模型预测",
        "linear_pace": "线性外推",
        "linear_pace_smoothed": "线性外推（平滑）",
    ]

    static func label(_ method: String, _ language: Language) -> String {
        language == .zh ? chinese[method] ?? method : method
    }
}

extension OutputTable {
    /// A table from `(English, Chinese)` column pairs; cells of the columns named in `methods`
    /// hold method names (translated in Chinese), those named in `flags` 1/0 (是/否 in Chinese).
    init(name: (en: String, zh: String), pairs: [(String, String)], rows: [[CSVCell]], language: Language,
         methods: Set<String> = [], flags: Set<String> = []) {
        let columns = pairs.map { TableColumn($0.0, $0.1) }
        var rows = rows
        if language == .zh {
            for (j, column) in columns.enumerated() where methods.contains(column.key) || flags.contains(column.key) {
                for i in rows.indices where j < rows[i].count {
                    switch rows[i][j] {
                    case .text(let m) where methods.contains(column.key):
                        rows[i][j] = .text(MethodLabels.label(m, .zh))
                    case .integer(let v) where flags.contains(column.key):
                        rows[i][j] = .text(v != 0 ? "是" : "否")
                    default: break
                    }
                }
            }
        }
        self.init(name: name, columns: columns, rows: rows, language: language)
    }
}

extension ForecastTable {
    /// The forecast as an output table.
    public static func table(_ forecasts: [MilestoneForecast], language: Language = .en) -> OutputTable {
        OutputTable(name: ("forecast", "节点预测"), pairs: columns, rows: rows(forecasts, chinese: language == .zh),
                    language: language, methods: ["method"])
    }
}

extension BacktestTable {
    /// The per-method scores as an output table.
    public static func scoreTable(_ report: BacktestReport, language: Language = .en) -> OutputTable {
        OutputTable(name: ("backtest_scores", "回测评分"), pairs: scoreColumns, rows: scoreRows(report),
                    language: language, methods: ["method"])
    }

    /// The reliability table as an output table.
    public static func reliabilityTable(_ report: BacktestReport, language: Language = .en) -> OutputTable {
        OutputTable(name: ("reliability", "可靠性"), pairs: reliabilityColumns, rows: reliabilityRows(report),
                    language: language, methods: ["method"])
    }

    /// Per regime and method, the scores of `worksafe backtest --regimes`.
    public static func regimeTable(_ results: [RegimeBacktest.Result], language: Language = .en) -> OutputTable {
        let pairs = [("regime", "情景"), ("forecast_method", "预测方法")] + scoreColumns
        let rows: [[CSVCell]] = results.flatMap { r in
            scoreRows(r.report).map { cells in
                [CSVCell.text(language == .zh ? r.regime.chineseName : r.regime.rawValue),
                 .text(r.method.rawValue)] + cells
            }
        }
        return OutputTable(name: ("regime_backtest", "情景回测"), pairs: pairs, rows: rows, language: language,
                           methods: ["method", "forecast_method"])
    }

    /// `regimeTable`'s companions: the reliability rows and the scored records, each prefixed by
    /// the regime and the forecast method.
    public static func regimeReliabilityTable(_ results: [RegimeBacktest.Result], language: Language = .en) -> OutputTable {
        prefixed(results, name: ("regime_reliability", "情景可靠性"), pairs: reliabilityColumns, language: language,
                 methods: ["method"], flags: []) { reliabilityRows($0.report) }
    }

    /// See `regimeReliabilityTable`.
    public static func regimeRecordTable(_ results: [RegimeBacktest.Result], language: Language = .en) -> OutputTable {
        prefixed(results, name: ("regime_records", "情景回测记录"), pairs: recordColumns, language: language,
                 methods: [], flags: ["reached"]) { recordRows($0.report, chinese: language == .zh) }
    }

    private static func prefixed(_ results: [RegimeBacktest.Result], name: (en: String, zh: String),
                                 pairs: [(String, String)], language: Language, methods: Set<String>,
                                 flags: Set<String>, rows: (RegimeBacktest.Result) -> [[CSVCell]]) -> OutputTable {
        let all = [("regime", "情景"), ("forecast_method", "预测方法")] + pairs
        let cells: [[CSVCell]] = results.flatMap { r in
            rows(r).map { [CSVCell.text(language == .zh ? r.regime.chineseName : r.regime.rawValue), .text(r.method.rawValue)] + $0 }
        }
        return OutputTable(name: name, pairs: all, rows: cells, language: language,
                           methods: methods.union(["forecast_method"]), flags: flags)
    }

    /// Every scored forecast as an output table.
    public static func recordTable(_ report: BacktestReport, language: Language = .en) -> OutputTable {
        OutputTable(name: ("backtest_records", "回测记录"), pairs: recordColumns,
                    rows: recordRows(report, chinese: language == .zh), language: language, flags: ["reached"])
    }
}

extension FindingsTable {
    /// The findings columns.
    public static let columns: [TableColumn] = [
        TableColumn("file", "文件"), TableColumn("line", "行"), TableColumn("column", "列"),
        TableColumn("enterprise_id", "统一社会信用代码"), TableColumn("severity", "严重程度"),
        TableColumn("rule", "规则"), TableColumn("message", "说明"),
    ]

    /// The findings as an output table (severity, rule and message in `language`).
    public static func table(_ findings: [LedgerFinding], language: Language = .en) -> OutputTable {
        OutputTable(name: ("findings", "校验结果"), columns: columns, rows: findings.map { f in
            [.text(f.file), .integer(f.line), .text(f.column), .text(f.enterpriseID),
             .text(language == .en ? f.severity.rawValue : f.severity.chineseLabel),
             .text(f.rule.label(language)), .text(f.message(language))]
        }, language: language)
    }

    /// The rejects columns.
    public static let rejectsColumns: [TableColumn] = [
        TableColumn("file", "文件"), TableColumn("line", "行"), TableColumn("enterprise_id", "统一社会信用代码"),
        TableColumn("rule", "规则"), TableColumn("reason", "原因"), TableColumn("row", "原始行"),
    ]

    /// Rejected rows as an output table; `row` holds the original fields re-encoded as one CSV line.
    public static func rejectsTable(_ rejects: [RejectedRow], language: Language = .en) -> OutputTable {
        OutputTable(name: ("rejects", "剔除行"), columns: rejectsColumns, rows: rejects.map { r in
            let raw = r.fields.map { CSVWriter.encode(.text($0), guardsFormulas: false) }.joined(separator: ",")
            return [.text(r.file), .integer(r.line), .text(r.enterpriseID), .text(r.rule.label(language)),
                    .text(ChineseMessages.text(r.reason, language)), .text(raw)]
        }, language: language)
    }
}
