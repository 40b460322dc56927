/// Enterprise ids: normalisation, and the 统一社会信用代码 (unified social credit code) check of
/// GB 32100-2015.
public enum EnterpriseID {
    /// The id as compared: trimmed (ASCII, ideographic and no-break spaces), full-width ASCII
    /// (U+FF01–U+FF5E) folded to half-width, and upper-cased. `ｇ１２３ ` becomes `G123`.
    public static func normalize(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in raw.unicodeScalars {
            var v = s.value
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
            if v == 0x3000 || v == 0xA0 { v = 0x20 }
            if v == 0xFEFF { continue }
            scalars.append(Unicode.Scalar(v)!)
        }
        return String(scalars).trimmingWhitespace().uppercased()
    }

    /// The 31 characters of the credit code: digits and upper-case letters without I, O, Z, S, V.
    public static let creditCodeAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// Weights of positions 1–17: 3^(i−1) mod 31.
    public static let creditCodeWeights: [Int] = {
        var w: [Int] = [], p = 1
        for _ in 0..<17 { w.append(p); p = p * 3 % 31 }
        return w
    }()

    /// The check character (18th) for the first 17 characters of a credit code, or `nil` if
    /// `prefix` is not 17 characters of the alphabet.
    ///
    /// C18 = 31 − (Σ value(cᵢ)·wᵢ mod 31), with 31 written as 0.
    public static func creditCodeCheckCharacter(_ prefix: some StringProtocol) -> Character? {
        let chars = Array(prefix)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (i, c) in chars.enumerated() {
            guard let v = creditCodeAlphabet.firstIndex(of: c) else { return nil }
            sum += v * creditCodeWeights[i]
        }
        let r = 31 - sum % 31
        return creditCodeAlphabet[r == 31 ? 0 : r]
    }

    /// The outcome of checking an id as a credit code.
    public enum CreditCodeCheck: Equatable, Sendable {
        /// 18 characters of the alphabet with the right check character.
        case valid
        /// Not 18 characters long: a legacy id, not checked.
        case notACreditCode
        /// 18 characters, but one outside the alphabet (position 1-based, character).
        case invalidCharacter(position: Int, character: Character)
        /// 18 characters of the alphabet with a wrong check character.
        case wrongCheckCharacter(expected: Character, found: Character)
    }

    /// The value (0–30) of each ASCII byte in `creditCodeAlphabet`, −1 for the others.
    static let creditCodeValues: [Int8] = (0..<128).map { b in
        creditCodeAlphabet.firstIndex(of: Character(Unicode.Scalar(UInt8(b)))).map { Int8($0) } ?? -1
    }

    /// Checks a normalised id as a GB 32100-2015 credit code.
    public static func checkCreditCode(_ id: String) -> CreditCodeCheck {
        // The usual case, 18 bytes of the alphabet, on the bytes; anything else by characters.
        if id.utf8.count == 18 {
            var sum = 0, k = 0, last = 0
            var fits = true
            for b in id.utf8 {
                let v = b < 128 ? Int(creditCodeValues[Int(b)]) : -1
                if v < 0 { fits = false; break }
                if k < 17 { sum += v * creditCodeWeights[k] } else { last = v }
                k += 1
            }
            if fits {
                let r = 31 - sum % 31
                let expected = r == 31 ? 0 : r
                return expected == last ? .valid
                    : .wrongCheckCharacter(expected: creditCodeAlphabet[expected], found: creditCodeAlphabet[last])
            }
        }
        let chars = Array(id)
        guard chars.count == 18 else { return .notACreditCode }
        for (i, c) in chars.enumerated() where !creditCodeAlphabet.contains(c) {
            return .invalidCharacter(position: i + 1, character: c)
        }
        let expected = creditCodeCheckCharacter(String(chars[0..<17]))!
        return expected == chars[17] ? .valid : .wrongCheckCharacter(expected: expected, found: chars[17])
    }

    /// Whether `text` looks like a number Excel has reformatted: scientific notation such as
    /// `9.13501E+17` (the digits past the sixth are lost).
    public static func looksLikeScientificNotation(_ text: String) -> Bool {
        let s = Array(text.trimmingWhitespace().uppercased().utf8)
        guard let e = s.firstIndex(of: UInt8(ascii: "E")), e > 0, e < s.count - 1 else { return false }
        let mantissa = s[0..<e], exponent = s[(e + 1)...]
        let digit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        guard let m0 = mantissa.first, digit(m0) else { return false }
        var dots = 0
        for c in mantissa.dropFirst() { if c == 0x2E { dots += 1 } else if !digit(c) { return false } }
        guard dots <= 1 else { return false }
        var exp = exponent[...]
        if exp.first == 0x2B || exp.first == 0x2D { exp = exp.dropFirst() }
        return !exp.isEmpty && exp.allSatisfy(digit)
    }

    /// Whether `text` is 16 or more digits ending in `000`: Excel keeps 15 significant digits,
    /// so a long numeric code stored as a number loses its tail to zeros.
    public static func looksTruncatedByExcel(_ text: String) -> Bool {
        let s = text.utf8
        return s.count >= 16 && s.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && text.hasSuffix("000")
    }
}
