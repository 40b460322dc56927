#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number parsing straight from UTF-8 bytes, without creating a `String`.
///
/// A decimal number `m × 10^e` is converted, correctly rounded, by the first of:
/// 1. Clinger's fast path when `m < 2^53` and `|e| ≤ 22` (one multiplication or division of
///    two exactly representable doubles is correctly rounded);
/// 2. the Eisel–Lemire algorithm when `m` has at most 19 significant digits (a 64×128-bit
///    product with a truncated power of five, bailing out in the rare ambiguous cases; Lemire,
///    "Number parsing at a gigabyte per second", Software: Practice and Experience 51(8), 2021);
/// 3. `strtod` on a stack buffer (more than 19 digits, `inf`, `nan`, the ambiguous cases).
@usableFromInline
enum FastNumberParsing {
    @usableFromInline
    static let powersOfTen: [Double] = (0...22).map { e in
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }

    /// The number in `bytes[start..<end]` (surrounding ASCII spaces allowed), or `nil` if the
    /// span is not a complete decimal number. An empty span is `nil` too; callers test for
    /// emptiness first.
    @inlinable
    static func double(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start, e = end
        while i < e && (base[i] == 0x20 || base[i] == 0x09) { i += 1 }
        while e > i && (base[e - 1] == 0x20 || base[e - 1] == 0x09) { e -= 1 }
        guard i < e else { return nil }
        let s0 = i
        var negative = false
        if base[i] == 0x2D { negative = true; i += 1 } else if base[i] == 0x2B { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, exponent = 0
        var sawDigit = false
        while i < e, base[i] &- 0x30 < 10 {
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(base[i] &- 0x30)
                if mantissa != 0 { digits += 1 }
            } else { exponent += 1; digits += 1 }
            i += 1
        }
        if i < e && base[i] == 0x2E {
            i += 1
            while i < e, base[i] &- 0x30 < 10 {
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(base[i] &- 0x30)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else { digits += 1 }
                i += 1
            }
        }
        if sawDigit && i < e && (base[i] | 0x20) == 0x65 {
            i += 1
            var expNegative = false
            if i < e && (base[i] == 0x2D || base[i] == 0x2B) { expNegative = base[i] == 0x2D; i += 1 }
            guard i < e, base[i] &- 0x30 < 10 else { return nil }
            var x = 0
            while i < e, base[i] &- 0x30 < 10 {
                if x < 100_000 { x = x * 10 + Int(base[i] &- 0x30) }
                i += 1
            }
            exponent += expNegative ? -x : x
        }
        if sawDigit && i == e {
            if digits <= 19 && mantissa < (1 << 53) && exponent >= -22 && exponent <= 22 {
                var v = Double(mantissa)
                if exponent >= 0 { v *= powersOfTen[exponent] } else { v /= powersOfTen[-exponent] }
                return negative ? -v : v
            }
            if digits <= 19, let v = eiselLemire(mantissa, exponent, negative) { return v }
        } else if sawDigit {
            return nil
        }
        return slowDouble(base, s0, e)
    }

    /// Eisel–Lemire: `w × 10^q` correctly rounded, or `nil` when the 128-bit product cannot
    /// decide the rounding (then the caller falls back to `strtod`) or the result is subnormal,
    /// zero or infinite.
    @inlinable
    static func eiselLemire(_ w: UInt64, _ q: Int, _ negative: Bool) -> Double? {
        if w == 0 { return negative ? -0.0 : 0.0 }
        guard q >= -325 && q <= 308 else { return nil }
        let index = 2 * (q + 325)
        let factorHigh = powersOfFive128[index], factorLow = powersOfFive128[index + 1]
        let exponent = (((152_170 + 65_536) * q) >> 16) + 1024 + 63
        var lz = w.leadingZeroBitCount
        let i = w << UInt64(lz)
        var (upper, lower) = i.multipliedFullWidth(by: factorHigh)
        if upper & 0x1FF == 0x1FF && lower &+ i < lower {
            let (productMiddle2, productLow) = i.multipliedFullWidth(by: factorLow)
            var productHigh = upper
            let productMiddle = lower &+ productMiddle2
            if productMiddle < lower { productHigh &+= 1 }
            if productMiddle &+ 1 == 0 && productHigh & 0x1FF == 0x1FF && productLow &+ i < productLow { return nil }
            upper = productHigh
            lower = productMiddle
        }
        let upperBit = Int(upper >> 63)
        var mantissa = upper >> UInt64(upperBit + 9)
        lz += 1 ^ upperBit
        if lower == 0 && upper & 0x1FF == 0 && mantissa & 3 == 1 { return nil }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= (1 << 53) { mantissa = 1 << 52; lz -= 1 }
        mantissa &= ~(1 << 52)
        let realExponent = exponent - lz
        guard realExponent >= 1 && realExponent <= 2046 else { return nil }
        var bits = mantissa | (UInt64(realExponent) << 52)
        if negative { bits |= 1 << 63 }
        return Double(bitPattern: bits)
    }

    /// `strtod` on a NUL-terminated copy; `nil` unless it consumes the whole span.
    @usableFromInline
    static func slowDouble(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let length = end - start
        guard length > 0, length < 512 else { return nil }
        // Only decimal forms and inf/nan words; strtod would also take hex floats.
        for k in start..<end where base[k] == 0x78 || base[k] == 0x58 { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buf in
            for k in 0..<length { buf[k] = CChar(bitPattern: base[start + k]) }
            buf[length] = 0
            var endPointer: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(buf.baseAddress!, &endPointer)
            guard let endPointer, endPointer - buf.baseAddress! == length else { return nil }
            return v
        }
    }

    /// The integer in the span (optional sign, digits, surrounding spaces; an integral decimal
    /// such as `3.0` is accepted too), or `nil`.
    @inlinable
    static func int(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var i = start, e = end
        while i < e && base[i] == 0x20 { i += 1 }
        while e > i && base[e - 1] == 0x20 { e -= 1 }
        guard i < e else { return nil }
        var negative = false
        let s0 = i
        if base[i] == 0x2D { negative = true; i += 1 } else if base[i] == 0x2B { i += 1 }
        guard i < e else { return nil }
        var value = 0
        while i < e, base[i] &- 0x30 < 10 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(base[i] &- 0x30))
            if o1 || o2 { return nil }
            value = a
            i += 1
        }
        if i == e { return negative ? -value : value }
        guard let d = double(base, s0, e), d == d.rounded(), abs(d) < 9.0e15 else { return nil }
        return Int(d)
    }
}
