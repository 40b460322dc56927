import Tabular

/// A cell of an assessment table: a `CSVCell`, so numbers stay numbers and text is guarded.
public typealias TableValue = CSVCell

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
