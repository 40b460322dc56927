#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sliding window over a chunked source: the unparsed tail of the previous chunk (a record
/// cut by the chunk boundary) followed by the next chunk.
///
/// The window holds `count` bytes at `base`; byte `k` of the window is byte `offset + k` of the
/// source. `refill(keepingFrom:)` drops the bytes before `k`, moves the rest to the front and
/// reads at least `chunkSize` more, or as many as it keeps (so that a record longer than a
/// chunk is rescanned O(log length) times, not O(length / chunk) times), until the source ends.
/// Memory: about `chunkSize` plus the longest record.
struct ChunkWindow: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes in the window.
    private(set) var count = 0
    /// Source offset of `base[0]`.
    private(set) var offset = 0
    /// Whether the source has ended: the window holds everything that is left.
    private(set) var isAtEnd = false
    let chunkSize: Int

    init(chunkSize: Int) {
        precondition(chunkSize >= 4, "chunks must hold at least a byte-order mark")
        self.chunkSize = chunkSize
        capacity = chunkSize
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Keeps `base[k..<count]` (moved to the front) and reads more from `source`.
    mutating func refill<Source: ByteChunkSource>(keepingFrom k: Int, from source: inout Source)
        throws(CSVError) {
        precondition(!isAtEnd && k >= 0 && k <= count)
        let kept = count - k
        let wanted = max(chunkSize, kept)
        if kept + wanted > capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: kept + wanted)
            grown.update(from: base + k, count: kept)
            base.deallocate()
            base = grown
            capacity = kept + wanted
        } else if kept > 0 && k > 0 {
            _ = memmove(base, base + k, kept)
        }
        offset += k
        count = kept
        var got = 0
        while got < wanted {
            let r = try source.read(into: base + count, count: wanted - got)
            if r == 0 { isAtEnd = true; break }
            count += r
            got += r
        }
    }
}
