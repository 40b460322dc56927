import Spreadsheet
import Tabular

/// One column of an output table: its English snake_case key (the English header), its
/// Chinese header, what kind of values it holds (so a workbook stores ids as text and dates as
/// dates), and what it means (for the data dictionaries in `docs/`).
public struct TableColumn: Hashable, Sendable {
    /// The English snake_case header, also the key code refers to.
    public var key: String
    /// The Chinese header.
    public var chinese: String
    /// How a workbook stores the column (`SheetColumn.Kind`): ids and codes `.text`, dates
    /// `.date`, everything else `.general`.
    public var kind: SheetColumn.Kind
    /// What the column holds, in English (may be empty).
    public var meaning: String

    /// A column. The kind defaults from the key: `id`, `enterprise_id`, `*_ids` and `period`
    /// are text; `date`, `*_date`, `as_of`, `origin`, `deadline`, `evaluated_on`, `period_end`,
    /// `opened_on`, `closed_on` are dates; anything else general.
    public init(_ key: String, _ chinese: String, _ meaning: String = "", kind: SheetColumn.Kind? = nil) {
        self.key = key
        self.chinese = chinese
        self.meaning = meaning
        self.kind = kind ?? TableColumn.defaultKind(key)
    }

    /// The header in `language`.
    public func header(_ language: Language) -> String { language.pick(key, chinese) }

    /// The English header (the name trend tables use).
    public var name: String { key }
    /// The Chinese header (the name trend tables use).
    public var chineseName: String { chinese }

    static let dateKeys: Set<String> = ["date", "as_of", "origin", "deadline", "evaluated_on", "period_end",
                                         "opened_on", "closed_on", "milestone_date", "median_date_reached",
                                         "fit_midpoint_date", "first_completed", "expires_on", "valid_until"]

    static func defaultKind(_ key: String) -> SheetColumn.Kind {
        if key == "id" || key == "enterprise_id" || key.hasSuffix("_ids") || key == "period" { return .text }
        if dateKeys.contains(key) || key.hasSuffix("_date") || key.hasSuffix("_on") { return .date }
        return .general
    }
}

/// The one table type of worksafe's outputs: bilingual columns and typed rows, written the same
/// way to standard output, a CSV file or a workbook sheet (`TableOutput` in the CLI; a
/// workbook's sheet is named `name`), and shown in the report.
///
/// The language is chosen once, when a table is built (`language`): its labels — community
/// names aside, every category value, yes/no, method name and note — are already in that
/// language, and `headers` are its headers. Cells are `CSVCell`s: numbers stay numbers, text is
/// guarded against formula injection in CSV and stored as a string in a workbook.
public struct OutputTable: Hashable, Sendable {
    /// The sheet name when written to a workbook, in English and Chinese.
    public var name: (en: String, zh: String) {
        get { (sheetNames[0], sheetNames[1]) }
        set { sheetNames = [newValue.en, newValue.zh] }
    }
    private var sheetNames: [String]
    /// The columns.
    public var columns: [TableColumn]
    /// The rows, each with one cell per column.
    public var rows: [[CSVCell]]
    /// The language the table's labels and headers are in.
    public var language: Language

    /// A table named `name` (English, Chinese).
    public init(name: (en: String, zh: String) = ("table", "表"), columns: [TableColumn], rows: [[CSVCell]],
                language: Language = .en) {
        self.sheetNames = [name.en, name.zh]
        self.columns = columns
        self.rows = rows
        self.language = language
    }

    /// A table from parallel English and Chinese headers (kinds from the keys).
    ///
    /// - Precondition: one Chinese header per English header; every row has one value per header.
    public init(englishHeaders: [String], chineseHeaders: [String], rows: [[CSVCell]], language: Language = .en,
                name: (en: String, zh: String) = ("table", "表")) {
        precondition(englishHeaders.count == chineseHeaders.count, "one Chinese header per English header")
        precondition(rows.allSatisfy { $0.count == englishHeaders.count }, "ragged table row")
        self.init(name: name, columns: zip(englishHeaders, chineseHeaders).map { TableColumn($0, $1) },
                  rows: rows, language: language)
    }

    /// The headers in the table's language.
    public var headers: [String] { columns.map { $0.header(language) } }
    /// The headers in `language` (the values stay in the table's language).
    public func header(_ language: Language) -> [String] { columns.map { $0.header(language) } }
    /// English headers.
    public var englishHeaders: [String] { columns.map(\.key) }
    /// Chinese headers.
    public var chineseHeaders: [String] { columns.map(\.chinese) }
    /// The sheet name in the table's language.
    public var sheetName: String { language == .en ? name.en : name.zh }

    /// The columns as a workbook writer takes them.
    public var sheetColumns: [SheetColumn] { columns.map { SheetColumn($0.header(language), kind: $0.kind) } }

    /// Every row rendered as text.
    public var textRows: [[String]] { rows.map { $0.map(\.formatted) } }

    /// The cells of the column whose key is `key`.
    public func column(_ key: String) -> [CSVCell]? {
        guard let j = columns.firstIndex(where: { $0.key == key }) else { return nil }
        return rows.map { $0[j] }
    }

    /// The table restricted to the columns whose keys are `keys`, in that order (unknown keys
    /// are ignored).
    public func selecting(_ keys: [String]) -> OutputTable {
        let indices = keys.compactMap { k in columns.firstIndex { $0.key == k } }
        var out = self
        out.columns = indices.map { columns[$0] }
        out.rows = rows.map { row in indices.map { $0 < row.count ? row[$0] : .empty } }
        return out
    }

    /// The table restricted to the columns whose keys are `keys`; `columns` is ignored (the
    /// table knows its columns) and kept for callers written before it did.
    public func selecting(_ keys: [String], of columns: [TableColumn]) -> OutputTable { selecting(keys) }

    /// The table with only the rows whose index satisfies `include`.
    public func keeping(rows include: (Int) -> Bool) -> OutputTable {
        var out = self
        out.rows = rows.indices.filter(include).map { rows[$0] }
        return out
    }

    /// The same table under another sheet name.
    public func named(_ en: String, _ zh: String) -> OutputTable {
        var out = self
        out.name = (en, zh)
        return out
    }

    public static func == (a: OutputTable, b: OutputTable) -> Bool {
        a.sheetNames == b.sheetNames && a.columns == b.columns && a.rows == b.rows && a.language == b.language
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sheetNames); hasher.combine(columns); hasher.combine(rows); hasher.combine(language)
    }
}

/// Earlier names of `OutputTable`, kept so that callers read as before.
public typealias LabeledTable = OutputTable
public typealias RiskTable = OutputTable
public typealias TrendTable = OutputTable
public typealias TrendColumn = TableColumn

extension OutputTable {
    /// One cell (the writer's cell type).
    public typealias Value = CSVCell
}
