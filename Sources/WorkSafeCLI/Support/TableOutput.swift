import Tabular
import WorkSafe

extension TrendCell {
    /// The CSV cell: numbers stay numbers (no formula guard), text is guarded.
    var csvCell: CSVCell {
        switch self {
        case let .text(s): .text(s)
        case let .integer(i): .integer(i)
        case let .number(x, places): .decimal(x, places: places)
        case let .date(d): .text(d.description)
        case let .boolean(b): .text(b ? "true" : "false")
        case .empty: .empty
        }
    }
}


extension OutputOptions {
    /// Writes a trend table to `--output` (atomically) or stdout, headers in `--lang`.
    func write(_ table: TrendTable) throws {
        try withCSVWriter { w in try Self.write(table, to: w, language: lang) }
    }

    /// Writes a trend table to an open writer.
    static func write(_ table: TrendTable, to w: CSVWriter, language: Language) throws {
        try w.writeHeader(table.header(language))
        for row in table.rows { try w.writeRow(row.map(\.csvCell)) }
    }
}

extension TableValue {
    /// The CSV cell: numbers stay numbers, text is guarded.
    var csvCell: CSVCell {
        switch self {
        case let .integer(i): .integer(i)
        case let .decimal(x, places): .decimal(x, places: places)
        case let .text(s): .text(s)
        case .empty: .empty
        }
    }
}


extension OutputOptions {
    /// Writes a labeled table to `--output` (atomically) or stdout.
    func write(_ table: LabeledTable) throws {
        try withCSVWriter { w in try Self.write(table, to: w) }
    }

    /// Writes a labeled table to an open writer.
    static func write(_ table: LabeledTable, to w: CSVWriter) throws {
        try w.writeHeader(table.headers)
        for row in table.rows { try w.writeRow(row.map(\.csvCell)) }
    }
}

extension ForecastValue {
    /// The CSV cell: numbers stay numbers, text is guarded.
    var csvCell: CSVCell {
        switch self {
        case let .text(s): .text(s)
        case let .number(x, decimals): .decimal(x, places: decimals)
        case let .integer(i): .integer(i)
        case let .date(d): .text(d.description)
        case .empty: .empty
        }
    }
}

extension OutputOptions {
    /// Writes headers and forecast rows to an open writer.
    static func write(headers: [String], rows: [[ForecastValue]], to w: CSVWriter) throws {
        try w.writeHeader(headers)
        for row in rows { try w.writeRow(row.map(\.csvCell)) }
    }
}
