import Foundation

/// A CSV table whose first column labels the rows (an id, a name) and whose other columns are
/// numbers: the labels as text and the numbers as columns, read by the streaming numeric reader.
public struct LabeledNumericTable: Sendable {
    /// The header cells, the label column's first.
    public let header: [String]
    /// The first cell of each data row (unquoted, as written).
    public let labels: [String]
    /// The numeric columns (`header[1...]`), in order, each `rowCount` long; blank cells are NaN.
    public let columns: [[Double]]

    /// Number of data rows.
    public var rowCount: Int { labels.count }

    /// The names of the numeric columns (`header` without the label column's).
    public var numericNames: [String] { Array(header.dropFirst()) }

    /// The numbers row-major: row r's value of numeric column j at `r · columns.count + j`.
    ///
    /// - Complexity: O(rows × columns), one allocation.
    public func rowMajor() -> [Double] {
        let d = columns.count, n = rowCount
        return [Double](unsafeUninitializedCapacity: n * d) { out, count in
            for (j, column) in columns.enumerated() {
                column.withUnsafeBufferPointer { c in
                    for r in 0..<n { out[r * d + j] = c[r] }
                }
            }
            count = n * d
        }
    }
}

extension CSVReader {
    /// Reads a table whose first column is text (row labels, such as ids) and every other
    /// column numeric, in one streaming pass: the numeric reader of `readNumericColumns`
    /// (same dialect, encodings, errors, record limit and memory profile), with the first
    /// field of each record kept as text. Blank numeric cells are NaN.
    ///
    /// - Complexity: O(*n*) in the file size, one pass; one `String` per row for its label.
    /// - Throws: `CSVError` as `readNumericColumns(contentsOf:encoding:displayName:)` does.
    public static func readLabeledNumericColumns(contentsOf url: URL, encoding: TextEncoding = .auto,
                                                 displayName: String? = nil) throws(CSVError) -> LabeledNumericTable {
        let name = displayName ?? url.lastPathComponent
        var source = try FileByteChunks(path: url.path, displayName: name)
        defer { source.close() }
        return try labeledNumericColumns(from: &source, file: name, encoding: encoding, tuning: .standard)
    }

    /// `readLabeledNumericColumns` on bytes in memory.
    ///
    /// - Throws: `CSVError` as `readNumericColumns(contentsOf:encoding:displayName:)` does.
    public static func labeledNumericColumns(bytes raw: [UInt8], file: String, encoding: TextEncoding = .auto)
        throws(CSVError) -> LabeledNumericTable {
        var source = MemoryByteChunks(raw)
        return try labeledNumericColumns(from: &source, file: file, encoding: encoding, tuning: .standard)
    }

    static func labeledNumericColumns<Source: ByteChunkSource>(from source: inout Source, file: String,
                                                               encoding: TextEncoding, tuning: NumericReadTuning)
        throws(CSVError) -> LabeledNumericTable {
        let (table, labels) = try numericColumns(from: &source, file: file, encoding: encoding, tuning: tuning,
                                                 labelColumn: 0)
        return LabeledNumericTable(header: table.header, labels: labels, columns: Array(table.columns.dropFirst()))
    }
}
