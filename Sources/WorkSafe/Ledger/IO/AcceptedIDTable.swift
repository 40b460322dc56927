import Foundation

/// The accepted enterprises' ids as bytes, for finding a row's enterprise from its id cell
/// without making a `String` of it or hashing one.
///
/// Holds only ids on which `RowChecker.readID` would do nothing but return them — ASCII digits
/// and upper-case letters that do not look truncated by Excel — so that a cell whose bytes equal
/// a stored id reads exactly as the general path would read it (same id, no finding). Any other
/// cell is left to the general path.
///
/// Open addressing with linear probing over a power-of-two table at most half full; the ids'
/// bytes sit in one buffer.
struct AcceptedIDTable {
    private var bytes: [UInt8] = []
    /// Start of each stored id in `bytes` (and one past the last).
    private var starts: [Int32] = [0]
    /// The enterprise index of each stored id.
    private var indices: [Int32] = []
    /// Slot → stored id number + 1 (0: empty).
    private var slots: [Int32] = [Int32](repeating: 0, count: 1024)

    /// Whether `id` may be stored: the bytes are the whole answer of `readID` for it.
    static func isStorable(_ id: String) -> Bool {
        RowChecker.isCanonicalID(id) && !EnterpriseID.looksTruncatedByExcel(id)
    }

    /// FNV-1a over the bytes, then a multiplicative mix.
    @inline(__always)
    private static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x0000_0100_0000_01b3 }
        return (h ^ (h >> 29)) &* 0xbf58_476d_1ce4_e5b9
    }

    /// Stores `id` (storable, not yet stored) as enterprise `index`.
    mutating func insert(_ id: String, index: Int) {
        if 2 * (indices.count + 1) > slots.count { grow() }
        let number = Int32(indices.count)
        var copy = id
        copy.withUTF8 { bytes.append(contentsOf: $0) }
        starts.append(Int32(bytes.count))
        indices.append(Int32(index))
        place(number)
    }

    private mutating func place(_ number: Int32) {
        let s = Int(starts[Int(number)]), e = Int(starts[Int(number) + 1])
        let h = bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[s..<e])) }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = number + 1
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for n in 0..<indices.count { place(Int32(n)) }
    }

    /// The enterprise index stored for exactly these bytes, if any.
    ///
    /// - Complexity: O(length of the cell) expected.
    func index(of cell: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !indices.isEmpty, !cell.isEmpty else { return nil }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: Self.hash(cell)) & mask
        return bytes.withUnsafeBufferPointer { stored -> Int? in
            starts.withUnsafeBufferPointer { starts -> Int? in
                slots.withUnsafeBufferPointer { slots -> Int? in
                    while true {
                        let n = Int(slots[i])
                        if n == 0 { return nil }
                        let s = Int(starts[n - 1]), e = Int(starts[n])
                        if e - s == cell.count && memcmp(stored.baseAddress! + s, cell.baseAddress!, cell.count) == 0 {
                            return Int(indices[n - 1])
                        }
                        i = (i + 1) & mask
                    }
                }
            }
        }
    }
}
