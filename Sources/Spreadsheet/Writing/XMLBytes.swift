#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer written through a raw pointer: the XML of a worksheet is generated
/// into it cell by cell, without Foundation formatting or per-cell allocation.
///
/// A value owns its memory and is freed with `free()`; it is used by one thread at a time.
struct XMLBytes {
    private(set) var base: UnsafeMutablePointer<UInt8>
    var count = 0
    private(set) var capacity: Int

    /// An empty buffer of `capacity` bytes.
    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    /// Releases the memory (the value must not be used afterwards).
    func free() { base.deallocate() }

    /// The bytes written.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Makes room for `n` more bytes.
    @inline(__always) mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = c
    }

    /// Appends one byte (room must have been reserved).
    @inline(__always) mutating func put(_ b: UInt8) { base[count] = b; count += 1 }

    /// Appends `text`.
    @inline(__always) mutating func append(_ text: StaticString) {
        let n = text.utf8CodeUnitCount
        reserve(n)
        (base + count).update(from: text.utf8Start, count: n)
        count += n
    }

    /// Appends raw bytes.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    /// Appends the UTF-8 of `text` as it is (no escaping).
    mutating func append(raw text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends `v` in decimal; returns the number of characters written.
    @discardableResult @inline(__always)
    mutating func append(integer v: Int) -> Int {
        reserve(20)
        if v < 0 { put(0x2D) }
        var m = v.magnitude
        var n = 1
        var t = m / 10
        while t > 0 { n += 1; t /= 10 }
        var p = base + count + n
        repeat {
            p -= 1
            p.pointee = UInt8(truncatingIfNeeded: 0x30 &+ m % 10)
            m /= 10
        } while m > 0
        count += n
        return n + (v < 0 ? 1 : 0)
    }

    // MARK: - Escaped text

    /// What each byte of text needs: 0 nothing, 1 an entity or `_xHHHH_` escape, 2 a look at
    /// what follows (`_` of a possible `_xHHHH_` lookalike, 0xEF of a possible U+FFFE/U+FFFF).
    static let byteClass: [UInt8] = (0..<256).map { b -> UInt8 in
        switch b {
        case 0x09, 0x0A: 0
        case 0..<0x20, 0x26, 0x3C, 0x3E, 0x22: 1
        case 0x5F, 0xEF: 2
        default: 0
        }
    }

    /// Appends `text` as XML character data: `& < > "` as entities; the characters XML 1.0
    /// forbids (C0 controls other than tab and line feed, U+FFFE, U+FFFF) and carriage return
    /// (which an XML parser would turn into a line feed) as Office's `_xHHHH_` escape; and the
    /// `_` of a literal `_xHHHH_` as `_x005F_`, so that Excel and every reader decoding those
    /// escapes read back exactly `text`.
    ///
    /// - Complexity: O(*n*); text needing no escape is copied whole.
    mutating func append(escaped text: UnsafeBufferPointer<UInt8>) {
        let n = text.count
        var plain = true
        Self.byteClass.withUnsafeBufferPointer { table in
            for b in text where table[Int(b)] != 0 { plain = false; break }
        }
        if plain { append(text); return }
        reserve(n * 7)
        var i = 0
        while i < n {
            let b = text[i]
            switch b {
            case 0x26: append("&amp;")
            case 0x3C: append("&lt;")
            case 0x3E: append("&gt;")
            case 0x22: append("&quot;")
            case 0x5F where i + 6 < n && (text[i + 1] | 0x20) == 0x78 && text[i + 6] == 0x5F
                && (2...5).allSatisfy({ Self.isHex(text[i + $0]) }):
                append("_x005F_")
            case 0xEF where i + 2 < n && text[i + 1] == 0xBF && (text[i + 2] == 0xBE || text[i + 2] == 0xBF):
                append(text[i + 2] == 0xBE ? "_xFFFE_" : "_xFFFF_")
                i += 2
            case 0x09, 0x0A: put(b)
            case 0..<0x20:
                append("_x00")
                put(Self.hexDigit(b >> 4))
                put(Self.hexDigit(b & 15))
                put(0x5F)
            default: put(b)
            }
            i += 1
        }
    }

    static func isHex(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x61...0x66).contains(b | 0x20) }

    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x41 + v - 10 }

    /// Appends `text` escaped for an XML attribute value or character data (`String` form).
    mutating func append(escaped text: String) {
        var text = text
        text.withUTF8 { append(escaped: $0) }
    }
}
