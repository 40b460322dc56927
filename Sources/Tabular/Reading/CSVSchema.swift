/// One expected column of a CSV file: a key the program uses and the header names (aliases,
/// e.g. English and Chinese) it may appear under.
public struct CSVColumn: Hashable, Sendable {
    /// The key code refers to (`id`, `opened_on`).
    public var key: String
    /// Accepted header names, the first being the canonical one (`id`, `统一社会信用代码`, …).
    public var names: [String]
    /// Whether a file without this column is an error.
    public var isRequired: Bool

    /// A column known as `key` and any of `aliases`.
    public init(_ key: String, aliases: [String] = [], required: Bool = true) {
        self.key = key
        self.names = [key] + aliases
        self.isRequired = required
    }
}

/// The columns a CSV file is expected to have, matched against its header by name.
///
/// Header names match after normalisation: trimmed, full-width ASCII folded to half-width,
/// lower-cased, and spaces, `_` and `-` removed (so `Opened On`, `opened_on` and `OPENED-ON`
/// are one name). Columns may come in any order; unknown columns are ignored.
public struct CSVSchema: Sendable {
    /// The expected columns.
    public var columns: [CSVColumn]

    /// A schema.
    public init(_ columns: [CSVColumn]) { self.columns = columns }

    /// Matches the schema against `table`'s header.
    ///
    /// - Throws: `CSVError` at line 1 when the file is empty, a required column is missing, or
    ///   two header cells match the same column.
    public func bind(_ table: CSVTable) throws(CSVError) -> CSVColumnMap {
        try bind(header: table.header, isEmpty: table.isEmpty, file: table.file)
    }

    /// Matches the schema against a header read by any reader.
    package func bind(header: [String], isEmpty: Bool, file: String) throws(CSVError) -> CSVColumnMap {
        if isEmpty && columns.contains(where: \.isRequired) {
            throw CSVError(file: file, line: 1, column: 0,
                           message: "the file is empty (expected a header with \(columns.filter(\.isRequired).map(\.key).joined(separator: ", ")))")
        }
        let normalizedHeader = header.map(CSVSchema.normalize)
        var index: [String: Int] = [:]
        for column in columns {
            let names = Set(column.names.map(CSVSchema.normalize))
            let hits = normalizedHeader.indices.filter { names.contains(normalizedHeader[$0]) }
            if hits.count > 1 {
                throw CSVError(file: file, line: 1, column: hits[1] + 1,
                               message: "columns \(hits.map { "\"\(header[$0])\"" }.joined(separator: " and ")) both mean \"\(column.key)\"")
            }
            if let h = hits.first {
                index[column.key] = h
            } else if column.isRequired {
                if let separator = CSVSchema.otherSeparator(header) {
                    throw CSVError(file: file, line: 1, column: 0, message:
                        "the header is one field holding \(separator.count) \(separator.name): the file seems separated by \(separator.name), not commas; save it as comma-separated CSV")
                }
                throw CSVError(file: file, line: 1, column: 0,
                               message: "missing required column \"\(column.key)\" (accepted names: \(column.names.joined(separator: ", ")))")
            }
        }
        return CSVColumnMap(index: index, header: header)
    }

    /// A header read as a single field that holds semicolons, tabs or vertical bars: a file
    /// separated by them (Excel's "CSV" in locales with a decimal comma uses `;`).
    static func otherSeparator(_ header: [String]) -> (name: String, count: Int)? {
        guard header.count == 1, let only = header.first else { return nil }
        let candidates: [(Character, String)] = [(";", "semicolons (;)"), ("\t", "tabs"), ("|", "vertical bars (|)")]
        let counts = candidates.map { c in (c.1, only.filter { $0 == c.0 }.count) }
        guard let best = counts.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return (best.0, best.1)
    }

    /// The normal form used to compare header names.
    public static func normalize(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            var v = scalar.value
            if v == 0xFEFF { continue }
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
            if v == 0x3000 { v = 0x20 }
            let s = Unicode.Scalar(v)!
            if s == " " || s == "_" || s == "-" || s == "\t" || s == "\u{A0}" { continue }
            out.append(contentsOf: String(s).lowercased().unicodeScalars)
        }
        return String(out)
    }
}

/// Where each schema column sits in a particular file.
public struct CSVColumnMap: Sendable {
    /// Column index by key, for the columns present.
    public let index: [String: Int]
    /// The file's header.
    public let header: [String]

    /// The 0-based column index of `key`, or `nil` when the file lacks that (optional) column.
    public subscript(key: String) -> Int? { index[key] }

    /// The header text of `key`'s column as written in the file (for messages), or `key`.
    public func name(of key: String) -> String { index[key].map { header[$0] } ?? key }
}
