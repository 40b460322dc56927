import CZlib
import Foundation

/// A raw deflate stream (RFC 1951, no zlib or gzip wrapper) compressing into a growable
/// buffer, reused from chunk to chunk with `reset()`.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    /// The compressed bytes since the last `reset()`.
    private(set) var output: XMLBytes

    /// A stream at zlib `level` (0–9).
    init(level: Int32) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = XMLBytes(capacity: 1 << 16)
        let status = deflateInit2_(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib could not start a deflate stream (\(status))")
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.free()
    }

    /// Starts a new, independent stream (the dictionary is forgotten) and empties the output.
    func reset() {
        deflateReset(stream)
        output.count = 0
    }

    /// Compresses `input` and appends what zlib emits to `output`. `flush` is `Z_NO_FLUSH`
    /// (more input follows), `Z_SYNC_FLUSH` (end a chunk on a byte boundary, the stream not
    /// final: another stream's blocks may follow) or `Z_FINISH` (the final block).
    func compress(_ input: UnsafeBufferPointer<UInt8>, flush: Int32) {
        var rest = input
        repeat {
            let piece = UnsafeBufferPointer(rebasing: rest.prefix(1 << 30))
            rest = UnsafeBufferPointer(rebasing: rest.dropFirst(piece.count))
            let mode = rest.isEmpty ? flush : Z_NO_FLUSH
            stream.pointee.next_in = UnsafeMutablePointer(mutating: piece.baseAddress)
            stream.pointee.avail_in = uInt(piece.count)
            repeat {
                output.reserve(Int(deflateBound(stream, uLong(stream.pointee.avail_in))) + 64)
                let room = output.capacity - output.count
                stream.pointee.next_out = output.base + output.count
                stream.pointee.avail_out = uInt(room)
                let status = deflate(stream, mode)
                precondition(status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR, "deflate failed (\(status))")
                output.count += room - Int(stream.pointee.avail_out)
            } while stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0
        } while !rest.isEmpty
    }

    /// `bytes` compressed as one whole stream (`Z_FINISH`), with their CRC-32.
    static func whole(_ bytes: [UInt8], level: Int32, final: Bool = true) -> (bytes: [UInt8], crc: UInt32) {
        let d = Deflater(level: level)
        bytes.withUnsafeBufferPointer { d.compress($0, flush: final ? Z_FINISH : Z_SYNC_FLUSH) }
        return (Array(d.output.bytes), Self.crc(bytes))
    }

    /// The CRC-32 of `bytes`.
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
    }

    /// The CRC-32 of `a` followed by `b`, from the CRC-32 of each and the length of `b`.
    static func combine(_ a: UInt32, _ b: UInt32, length: UInt64) -> UInt32 {
        UInt32(crc32_combine(uLong(a), uLong(b), off_t(length)))
    }
}

/// Runs `count` jobs on `threads` threads and hands their results to a consumer in job order,
/// one at a time: pigz's scheme, where chunk *k* may be compressed on any thread while chunks
/// before it are still being compressed, and is written only after them.
///
/// At most `window` results wait for their turn, so memory stays bounded whatever `count`. The
/// output depends only on the jobs, never on the number of threads or their timing. The first
/// failure in job order (from a job or the consumer) is rethrown; jobs after it are abandoned.
/// Each thread makes its own state with `makeState` and hands it to `releaseState` when it has
/// no job left (or after a failure).
final class OrderedJobs<State, Output>: @unchecked Sendable {
    private let condition = NSCondition()
    private var handedOut = 0
    private var consumed = 0
    private var finished: [Int: Result<Output, any Error>] = [:]
    private var failure: (any Error)?
    private let count: Int
    private let window: Int
    private let makeState: () -> State
    private let releaseState: (State) -> Void
    private let job: (inout State, Int) throws -> Output
    private let consume: (Output) throws -> Void

    init(count: Int, window: Int, makeState: @escaping () -> State, releaseState: @escaping (State) -> Void,
         job: @escaping (inout State, Int) throws -> Output, consume: @escaping (Output) throws -> Void) {
        self.count = count
        self.window = max(1, window)
        self.makeState = makeState
        self.releaseState = releaseState
        self.job = job
        self.consume = consume
    }

    /// Runs every job on `threads` threads (the caller's among them) and returns when all
    /// results have been consumed.
    ///
    /// - Throws: the first failure in job order.
    func run(threads: Int) throws {
        if threads <= 1 || count <= 1 {
            work()
        } else {
            DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in self.work() }
        }
        if let failure { throw failure }
    }

    private func work() {
        var state = makeState()
        defer { releaseState(state) }
        while true {
            condition.lock()
            while handedOut < count && failure == nil && handedOut >= consumed + window { condition.wait() }
            guard handedOut < count && failure == nil else { condition.unlock(); return }
            let k = handedOut
            handedOut += 1
            condition.unlock()
            let result = Result { try job(&state, k) }
            condition.lock()
            finished[k] = result
            while failure == nil, let next = finished.removeValue(forKey: consumed) {
                do { try consume(next.get()) } catch { failure = error }
                consumed += 1
            }
            condition.broadcast()
            condition.unlock()
        }
    }
}
