import Foundation
import Linalg
import Tabular

/// A numeric table to cluster (`worksafe cluster --features FILE`): a header row, the first
/// column an id, every other column a finite number, one row per item.
public struct FeatureTable: Sendable {
    /// The ids (first column), in file order.
    public var ids: [String]
    /// The feature names (the header without the id column's).
    public var names: [String]
    /// The features, one row per id, in `names` order.
    public var matrix: Matrix

    /// A table.
    public init(ids: [String], names: [String], matrix: Matrix) {
        self.ids = ids; self.names = names; self.matrix = matrix
    }

    /// Reads the table at `url` with the streaming numeric reader
    /// (`CSVReader.readLabeledNumericColumns`).
    ///
    /// A file with a problem — a blank, non-numeric or non-finite cell, a row with more or fewer
    /// fields than the header, no feature column, no rows, bad quoting or text — is read again
    /// by the general reader for the message, so every error names the file, line and column
    /// exactly as `matrix(_:file:columns:)` reports it.
    ///
    /// - Complexity: O(*n*) in the file size, one streaming pass; memory about twice the matrix.
    /// - Throws: `CSVError` naming the file (`displayName`, the path by default), line and
    ///   column of the first bad cell.
    public static func read(contentsOf url: URL, encoding: TextEncoding = .auto,
                            displayName: String? = nil) throws(CSVError) -> FeatureTable {
        let name = displayName ?? url.path
        do {
            let table = try CSVReader.readLabeledNumericColumns(contentsOf: url, encoding: encoding, displayName: name)
            let d = table.columns.count
            if d >= 1, table.rowCount > 0, table.columns.allSatisfy({ $0.allSatisfy(\.isFinite) }),
               let matrix = try? Matrix(rows: table.rowCount, columns: d, elements: table.rowMajor()) {
                return FeatureTable(ids: table.labels, names: table.numericNames, matrix: matrix)
            }
        } catch {
            // Reported below, by the general reader.
        }
        return try readWithTableReader(url, encoding: encoding, displayName: name)
    }

    /// The general reader's path: the whole file parsed into a `CSVTable`, then checked.
    static func readWithTableReader(_ url: URL, encoding: TextEncoding, displayName name: String)
        throws(CSVError) -> FeatureTable {
        let table = try CSVReader.read(contentsOf: url, encoding: encoding, displayName: name)
        guard table.header.count >= 2 else {
            throw CSVError(file: name, line: 1, column: 1,
                           message: "needs a header with an id column and at least one feature column")
        }
        guard table.rowCount > 0 else {
            throw CSVError(file: name, line: 2, column: 1, message: "no data rows")
        }
        let matrix = try matrix(table, file: name, columns: Array(1..<table.header.count))
        let ids = (0..<table.rowCount).map { table.string(row: $0, column: 0) }
        return FeatureTable(ids: ids, names: Array(table.header.dropFirst()), matrix: matrix)
    }

    /// The cells of `columns` of a parsed table as a row-major matrix.
    ///
    /// - Throws: `CSVError` for a ragged row, a blank, non-numeric or non-finite cell.
    public static func matrix(_ table: CSVTable, file: String, columns: [Int]) throws(CSVError) -> Matrix {
        let n = table.rowCount, width = table.header.count
        for r in 0..<n where table.fieldCount(row: r) != width {
            let found = table.fieldCount(row: r)
            throw CSVError(file: file, line: table.line(row: r), column: min(found, width) + 1,
                           message: "expected \(width) fields as in the header, found \(found)")
        }
        var elements = [Double](repeating: 0, count: n * columns.count)
        for (j, c) in columns.enumerated() {
            let values = try table.doubles(column: c)
            for r in 0..<n {
                let v = values[r]
                if !v.isFinite {
                    let name = table.header[c]
                    let message = table.isBlank(row: r, column: c)
                        ? "missing value in column \"\(name)\""
                        : "not a finite number in column \"\(name)\": \"\(table.string(row: r, column: c))\""
                    throw CSVError(file: file, line: table.line(row: r), column: c + 1, message: message)
                }
                elements[r * columns.count + j] = v
            }
        }
        do {
            return try Matrix(rows: n, columns: columns.count, elements: elements)
        } catch {
            throw CSVError(file: file, line: 1, column: 1, message: "\(error)")
        }
    }
}
