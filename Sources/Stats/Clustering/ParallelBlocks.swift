import Dispatch
import Linalg
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work over row blocks on a few threads, with a static, contiguous partition of blocks to
/// workers. Callers write per-block results into per-block slots and merge them in block order,
/// so results do not depend on the number of threads.
enum ParallelBlocks {
    /// The number of online processors (at least 1).
    static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The number of blocks of `blockSize` rows needed for `rows` rows.
    @inline(__always)
    static func blockCount(rows: Int, blockSize: Int) -> Int { (rows + blockSize - 1) / blockSize }

    /// Calls `body(worker, block)` for every block in `0..<blocks`; worker `w` of `workers` takes a
    /// contiguous run of blocks in increasing order. With one worker it runs inline.
    ///
    /// With `callsBLAS`, while several workers run, OpenBLAS is pinned to one thread (and restored
    /// afterwards) so that a `dgemm` inside a block does not start OpenBLAS's own pool on top of
    /// ours. Kernels that make no BLAS call leave the process-wide setting alone.
    static func run(blocks: Int, workers: Int, callsBLAS: Bool = false, _ body: (_ worker: Int, _ block: Int) -> Void) {
        let w = max(1, min(workers, blocks))
        if w == 1 {
            for b in 0..<blocks { body(0, b) }
            return
        }
        // The body only touches per-block or per-worker state (the callers' contract), so handing
        // it to Dispatch's `@Sendable` closure is safe.
        let blasThreads = callsBLAS ? OpenBLAS.threadCount : 1
        if blasThreads != 1 { OpenBLAS.threadCount = 1 }
        defer { if blasThreads != 1 { OpenBLAS.threadCount = blasThreads } }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedSendableBox(escapable)
            DispatchQueue.concurrentPerform(iterations: w) { worker in
                let lo = blocks * worker / w, hi = blocks * (worker + 1) / w
                for b in lo..<hi { box.value(worker, b) }
            }
        }
    }
}

/// Carries a value into a `@Sendable` closure when the caller guarantees race freedom.
struct UncheckedSendableBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
