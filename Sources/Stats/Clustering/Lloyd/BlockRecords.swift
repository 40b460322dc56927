import Linalg

/// What one block of rows reports from an assignment pass. The engine merges the blocks'
/// records in block order, so a pass's totals do not depend on the number of workers.
struct BlockRecord {
    /// Rows whose label changed.
    var changed = 0
    /// `Σ ‖xᵢ − c_{labelᵢ}‖²` over the block's rows, summed in row order (the final pass only).
    var inertia = 0.0
    /// Rows that went through the single-precision screen.
    var screened = 0
    /// Screened rows that fell back to the double-precision kernel.
    var fellBack = 0
}

/// Per-block storage of an assignment pass: each block's `BlockRecord` and its changes of the
/// cluster sums (`k × d`) and counts (`k`). Allocated once per engine; a block clears its own
/// changes when its tally is made, and only that block's worker touches them.
final class BlockRecords: @unchecked Sendable {
    let blocks: Int, k: Int, d: Int
    private let records: UnsafeMutableBufferPointer<BlockRecord>
    private let sums: UnsafeMutableBufferPointer<Double>
    private let counts: UnsafeMutableBufferPointer<Int>

    init(blocks: Int, k: Int, d: Int) {
        self.blocks = blocks; self.k = k; self.d = d
        records = .allocate(capacity: blocks)
        records.initialize(repeating: BlockRecord())
        sums = .allocate(capacity: blocks * k * d)
        sums.initialize(repeating: 0)
        counts = .allocate(capacity: blocks * k)
        counts.initialize(repeating: 0)
    }

    deinit { records.deallocate(); sums.deallocate(); counts.deallocate() }

    /// A fresh tally for block `b`, its changes cleared.
    func tally(forBlock b: Int, accumulate: Bool) -> BlockTally {
        let blockSums = sums.baseAddress! + b * k * d, blockCounts = counts.baseAddress! + b * k
        if accumulate {
            blockSums.update(repeating: 0, count: k * d)
            blockCounts.update(repeating: 0, count: k)
        }
        return BlockTally(sums: blockSums, counts: blockCounts, d: d, accumulate: accumulate)
    }

    /// Keeps block `b`'s record.
    func store(_ record: BlockRecord, forBlock b: Int) { records[b] = record }

    /// Adds every block's changes to `sums` and `counts` (with `accumulate`) and returns the
    /// summed records, all in block order.
    func merge(into sums: inout [Double], counts: inout [Int], accumulate: Bool) -> BlockRecord {
        var total = BlockRecord()
        for b in 0..<blocks {
            if accumulate {
                let blockSums = self.sums.baseAddress! + b * k * d
                let blockCounts = self.counts.baseAddress! + b * k
                for i in 0..<(k * d) { sums[i] += blockSums[i] }
                for j in 0..<k { counts[j] += blockCounts[j] }
            }
            let r = records[b]
            total.changed += r.changed
            total.inertia += r.inertia
            total.screened += r.screened
            total.fellBack += r.fellBack
        }
        return total
    }
}

/// A block's running changes: its record, and — with `accumulate` — the changes of the cluster
/// sums and counts (a row that moves from cluster a to b adds −x to a and +x to b; a row that
/// stays adds nothing, so its data need not be read).
struct BlockTally {
    private let sums: UnsafeMutablePointer<Double>
    private let counts: UnsafeMutablePointer<Int>
    private let d: Int
    private let accumulate: Bool
    var record = BlockRecord()

    init(sums: UnsafeMutablePointer<Double>, counts: UnsafeMutablePointer<Int>, d: Int,
         accumulate: Bool) {
        self.sums = sums; self.counts = counts; self.d = d; self.accumulate = accumulate
    }

    /// Records that `row` left cluster `old` (−1: none yet) for `new`.
    @inline(__always)
    mutating func move(_ row: CenteredRow, from old: Int, to new: Int) {
        record.changed += 1
        guard accumulate else { return }
        let gain = sums + new * d
        for t in 0..<d { gain[t] += row[t] }
        counts[new] += 1
        if old >= 0 {
            let loss = sums + old * d
            for t in 0..<d { loss[t] -= row[t] }
            counts[old] -= 1
        }
    }
}

/// One worker's reusable buffers for a block of rows.
final class BlockScratch: @unchecked Sendable {
    /// The gemm path's copy of a block and its products with the centroids.
    var block: Matrix
    var products: Matrix
    /// The rows of a block still to be examined (the pruned and the final pass).
    let pending: UnsafeMutablePointer<Int32>
    /// The squared distances of a block's rows to their centroids (the final pass).
    let distances: UnsafeMutablePointer<Double>
    /// The single-precision screen's results for a list of rows.
    let scores: ScoreBuffers

    init(rows: Int, columns: Int, k: Int) {
        block = Matrix(rows: rows, columns: columns)
        products = Matrix(rows: rows, columns: k)
        pending = .allocate(capacity: rows)
        distances = .allocate(capacity: rows)
        scores = ScoreBuffers(capacity: rows + 4)
    }

    deinit { pending.deallocate(); distances.deallocate(); scores.deallocate() }
}
