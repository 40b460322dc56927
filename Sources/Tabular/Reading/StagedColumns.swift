/// The numeric reader's output columns, filled a block of rows at a time.
///
/// The parser writes each row's numbers into a small column-major staging block
/// (`stagingRows` rows, a few hundred KiB, so it stays in cache); a full block is appended to
/// the `[Double]` columns. The columns are reserved once from an estimate of the row count
/// (the file's size over the bytes per row seen so far), so a large file's columns are allocated
/// once, at about their final size, instead of doubling (whose copies peak at 1.5–3× the column
/// storage). When the estimate turns out low, every column grows to a new estimate, by at least
/// an eighth, one column at a time. Columns are never shrunk.
///
/// A plain struct with a raw staging pointer: the owner calls `deallocate()` exactly once.
struct StagedColumns {
    /// The columns so far (the staged rows not included).
    private(set) var columns: [[Double]]
    /// The staging block: row `r` of column `c` is `staging[c * stagingRows + r]`.
    let staging: UnsafeMutablePointer<Double>
    /// Rows the staging block holds.
    let stagingRows: Int
    /// Rows in the staging block.
    private(set) var staged = 0
    /// Rows every column can hold without reallocating.
    private(set) var reserved = 0

    init(columnCount: Int, stagingRows: Int) {
        precondition(stagingRows > 0)
        self.stagingRows = stagingRows
        columns = Array(repeating: [], count: columnCount)
        staging = .allocate(capacity: max(1, columnCount * stagingRows))
    }

    /// Rows read so far, staged ones included.
    var rowCount: Int { (columns.first?.count ?? 0) + staged }

    /// Whether the staging block is full (flush before the next row).
    var isFull: Bool { staged == stagingRows }

    /// Counts the row just written into `staging` at index `staged`.
    @inline(__always)
    mutating func commitRow() { staged += 1 }

    /// Counts `count` rows written into `staging` from index `staged` on (at most up to full).
    @inline(__always)
    mutating func commitRows(_ count: Int) {
        precondition(count >= 0 && staged + count <= stagingRows)
        staged += count
    }

    /// Appends the staged rows to the columns, first reserving `expectedRows` (or, when that is
    /// unknown, letting the arrays double) if the columns are too short. `isLast`: no rows
    /// follow, so the columns grow to exactly the rows they hold.
    ///
    /// - Complexity: O(staged rows × columns), plus O(rows × columns) when the columns grow.
    mutating func flush(expectedRows: Int?, isLast: Bool = false) {
        guard staged > 0, !columns.isEmpty else { staged = 0; return }
        let needed = rowCount
        if needed > reserved {
            if isLast {
                for c in columns.indices { columns[c].reserveCapacity(needed) }
            } else if let expected = expectedRows {
                let target = max(needed, expected, reserved == 0 ? 0 : reserved + reserved / 8)
                for c in columns.indices { columns[c].reserveCapacity(target) }
            }
            reserved = columns.reduce(Int.max) { min($0, $1.capacity) }
        }
        for c in columns.indices {
            columns[c].append(contentsOf: UnsafeBufferPointer(start: staging + c * stagingRows, count: staged))
        }
        reserved = columns.reduce(Int.max) { min($0, $1.capacity) }
        staged = 0
    }

    /// Frees the staging block.
    func deallocate() { staging.deallocate() }
}
