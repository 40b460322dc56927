/// One cell of an assessment table, typed so that a CSV writer can keep numbers as numbers and
/// text as text (and guard text against spreadsheet formula injection).
public enum TableValue: Hashable, Sendable {
    /// A count or a rank.
    case integer(Int)
    /// A real number, to be shown with `places` decimals (percentages, points, probabilities).
    case decimal(Double, places: Int)
    /// Text: a name, a label, a date.
    case text(String)
    /// No value (a share of a unit with no open enterprises, a rate with nothing found).
    case empty

    /// Whether this value is a number (integer or decimal).
    public var isNumber: Bool {
        switch self {
        case .integer, .decimal: true
        default: false
        }
    }

    /// The value as it is written: integers in decimal, decimals rounded half away from zero to
    /// their places (locale-independent, `.` as separator), text as is, empty as "".
    public var formatted: String {
        switch self {
        case .integer(let v): String(v)
        case .decimal(let v, let places): FixedPoint.format(v, places: places)
        case .text(let s): s
        case .empty: ""
        }
    }

    /// `.decimal(v, places)` or `.empty` when `v` is `nil` or not finite.
    public static func decimal(_ v: Double?, _ places: Int) -> TableValue {
        guard let v, v.isFinite else { return .empty }
        return .decimal(v, places: places)
    }

    /// `.integer(v)` or `.empty` when `v` is `nil`.
    public static func integer(_ v: Int?) -> TableValue {
        guard let v else { return .empty }
        return .integer(v)
    }
}

/// A table with headers in one language and typed rows, ready for CSV output or an HTML table.
public struct LabeledTable: Hashable, Sendable {
    /// Column headers: English snake_case or Chinese.
    public var headers: [String]
    /// Rows, each with one value per header.
    public var rows: [[TableValue]]

    /// A table.
    public init(headers: [String], rows: [[TableValue]]) {
        self.headers = headers
        self.rows = rows
    }
}

/// A column of an assessment table: its English snake_case key and its Chinese header.
public struct TableColumn: Hashable, Sendable {
    /// The English snake_case header.
    public var key: String
    /// The Chinese header.
    public var chinese: String

    /// A column.
    public init(_ key: String, _ chinese: String) {
        self.key = key
        self.chinese = chinese
    }

    /// The header in `language`.
    public func header(_ language: Language) -> String { language.pick(key, chinese) }
}

/// Locale-independent fixed-point formatting, identical on every machine (no `String(format:)`).
enum FixedPoint {
    /// `value` rounded half away from zero to `places` decimals (0–9), e.g. `format(2.5, 0)` is
    /// "3", `format(-0.004, 2)` is "0.00". Non-finite values give "NaN", "inf", "-inf".
    static func format(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        let p = max(0, min(9, places))
        var scale = 1.0
        for _ in 0..<p { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return String(value) }
        let n = Int(scaled)
        let s = Int(scale)
        let negative = value < 0 && n != 0
        var text = String(n / s)
        if p > 0 {
            let frac = String(n % s)
            text += "." + String(repeating: "0", count: p - frac.count) + frac
        }
        return negative ? "-" + text : text
    }
}

extension LabeledTable {
    /// The table restricted to the columns whose English keys are `keys`, in that order;
    /// `columns` are the table's columns (e.g. `QuarterlyBulletin.columns`). Unknown keys are
    /// ignored.
    public func selecting(_ keys: [String], of columns: [TableColumn]) -> LabeledTable {
        let indices = keys.compactMap { k in columns.firstIndex { $0.key == k } }.filter { $0 < headers.count }
        return LabeledTable(headers: indices.map { headers[$0] },
                            rows: rows.map { row in indices.map { $0 < row.count ? row[$0] : .empty } })
    }
}

extension LabeledTable {
    /// The table with only the rows whose index satisfies `include`.
    public func keeping(rows include: (Int) -> Bool) -> LabeledTable {
        LabeledTable(headers: headers, rows: rows.indices.filter(include).map { rows[$0] })
    }
}
