/// A dense matrix of `Double`, stored row-major in one contiguous array.
///
/// `Matrix` is a value type: copies share storage until one of them is mutated (the copy-on-write
/// of `Array`). Element `(i, j)` lives at `elements[i * columns + j]`.
///
/// The type never hands out pointers in its public API; the BLAS/LAPACK wrappers in this module
/// reach the storage through `package`-level accessors, so other modules of worksafe can write
/// hot loops without the public API exposing memory.
public struct Matrix: Sendable, Hashable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns.
    public private(set) var columns: Int
    /// The row-major storage; `@usableFromInline` so element access inlines across modules.
    @usableFromInline internal var storage: [Double]

    /// The elements in row-major order (`rows * columns` of them).
    @inlinable public var elements: [Double] {
        get { storage }
        set {
            precondition(newValue.count == storage.count, "elements must keep the matrix's size")
            storage = newValue
        }
    }

    /// A `rows × columns` matrix with every element equal to `value`.
    ///
    /// - Precondition: `rows >= 0` and `columns >= 0` (programmer error, not user data).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from row-major elements.
    ///
    /// - Throws: `LinalgError.dimensionMismatch` when `elements.count != rows * columns`.
    public init(rows: Int, columns: Int, elements: [Double]) throws {
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw LinalgError.dimensionMismatch(
                operation: "Matrix(rows:columns:elements:)",
                detail: "\(elements.count) elements cannot fill \(rows)×\(columns)")
        }
        self.rows = rows
        self.columns = columns
        self.storage = elements
    }

    /// A matrix from an array of rows, e.g. `Matrix([[1, 2], [3, 4]])`.
    ///
    /// - Throws: `LinalgError.dimensionMismatch` when the rows are ragged.
    public init(_ rowArrays: [[Double]]) throws {
        let columns = rowArrays.first?.count ?? 0
        var elements: [Double] = []
        elements.reserveCapacity(rowArrays.count * columns)
        for (i, row) in rowArrays.enumerated() {
            guard row.count == columns else {
                throw LinalgError.dimensionMismatch(
                    operation: "Matrix(_:)",
                    detail: "row \(i) has \(row.count) elements, row 0 has \(columns)")
            }
            elements.append(contentsOf: row)
        }
        self.rows = rowArrays.count
        self.columns = columns
        self.storage = elements
    }

    /// A column vector (`n × 1`) holding `vector`.
    public init(column vector: [Double]) {
        self.rows = vector.count
        self.columns = 1
        self.storage = vector
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i * n + i] = 1 }
        return m
    }

    /// A square matrix with `diagonal` on its diagonal and zeros elsewhere.
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        let n = diagonal.count
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i * n + i] = diagonal[i] }
        return m
    }

    /// `(rows, columns)`.
    public var shape: (rows: Int, columns: Int) { (rows, columns) }

    /// Whether the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// Element `(row, column)`.
    ///
    /// - Precondition: indices in range (an out-of-range index is a programmer error).
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Matrix index (\(row), \(column)) out of range \(rows)×\(columns)")
            return storage[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Matrix index (\(row), \(column)) out of range \(rows)×\(columns)")
            storage[row * columns + column] = newValue
        }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        Array(elements[(i * columns)..<((i + 1) * columns)])
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        (0..<rows).map { elements[$0 * columns + j] }
    }

    /// The diagonal `(0,0), (1,1), …` up to `min(rows, columns)`.
    public var diagonalElements: [Double] {
        (0..<min(rows, columns)).map { elements[$0 * columns + $0] }
    }

    /// The transpose. O(rows × columns), blocked for cache efficiency.
    public func transposed() -> Matrix {
        var t = Matrix(rows: columns, columns: rows)
        let block = 32
        elements.withUnsafeBufferPointer { src in
            t.storage.withUnsafeMutableBufferPointer { dst in
                var i0 = 0
                while i0 < rows {
                    let i1 = Swift.min(i0 + block, rows)
                    var j0 = 0
                    while j0 < columns {
                        let j1 = Swift.min(j0 + block, columns)
                        for i in i0..<i1 {
                            for j in j0..<j1 { dst[j * rows + i] = src[i * columns + j] }
                        }
                        j0 = j1
                    }
                    i0 = i1
                }
            }
        }
        return t
    }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        var m = Matrix(rows: range.count, columns: columns)
        m.storage = Array(storage[(range.lowerBound * columns)..<(range.upperBound * columns)])
        return m
    }

    /// Whether every element is finite (no NaN or ±∞).
    public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }

    /// The first non-finite element's position, if any.
    public var firstNonFinite: (row: Int, column: Int)? {
        guard let k = elements.firstIndex(where: { !$0.isFinite }) else { return nil }
        return (k / Swift.max(columns, 1), k % Swift.max(columns, 1))
    }

    /// Whether `self` equals `other` elementwise within `tolerance` (absolute).
    public func isApproximatelyEqual(to other: Matrix, tolerance: Double) -> Bool {
        guard rows == other.rows, columns == other.columns else { return false }
        return zip(elements, other.elements).allSatisfy { abs($0 - $1) <= tolerance }
    }

    // MARK: Storage access for the BLAS/LAPACK layer and hot paths of this package

    /// Calls `body` with the row-major storage. Package-internal: no pointers in public API.
    @inlinable
    package func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the mutable row-major storage. Package-internal.
    @inlinable
    package mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }

    /// Replaces the shape and storage in place, reusing capacity where possible. Package-internal.
    package mutating func reshapeDiscardingContents(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        if storage.count != rows * columns {
            storage = Array(repeating: 0, count: rows * columns)
        }
    }
}

extension Matrix: CustomStringConvertible {
    /// A readable multi-line rendering, e.g. for test failures.
    public var description: String {
        var lines = ["Matrix \(rows)×\(columns)"]
        for i in 0..<Swift.min(rows, 12) {
            let shown = (0..<Swift.min(columns, 8)).map { String(elements[i * columns + $0]) }
            lines.append("  [" + shown.joined(separator: ", ") + (columns > 8 ? ", …]" : "]"))
        }
        if rows > 12 { lines.append("  …") }
        return lines.joined(separator: "\n")
    }
}
