/// Excel-legal worksheet names.
///
/// Excel refuses a sheet name that is empty, longer than 31 characters, contains any of
/// `[ ] : * ? / \`, begins or ends with an apostrophe, or equals another sheet's name ignoring
/// case; `History` is reserved. `legal(_:taken:)` turns any text into a name Excel accepts.
public enum SheetName {
    /// The longest name Excel accepts, in characters.
    public static let maximumLength = 31

    /// Characters Excel does not allow in a sheet name.
    static let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// `name` made legal and distinct from `taken` (compared ignoring case): forbidden
    /// characters and control characters become `_`, leading and trailing apostrophes are
    /// dropped, the name is cut to 31 characters, an empty result becomes `Sheet`, and a name
    /// already taken gets ` (2)`, ` (3)`… (cut further so the whole stays within 31).
    public static func legal(_ name: String, taken: [String] = []) -> String {
        var base = String(name.map { c -> Character in
            forbidden.contains(c) || c.unicodeScalars.allSatisfy({ $0.value < 0x20 }) ? "_" : c
        })
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty { base = "Sheet" }
        if base.lowercased() == "history" { base += "_" }
        let used = Set(taken.map { $0.lowercased() })
        var candidate = String(base.prefix(maximumLength))
        var n = 2
        while used.contains(candidate.lowercased()) {
            let suffix = " (\(n))"
            candidate = String(base.prefix(maximumLength - suffix.count)) + suffix
            n += 1
        }
        return candidate
    }
}

/// How wide text looks in a spreadsheet column, in units of one Latin digit.
///
/// East Asian wide and full-width characters (CJK ideographs, kana, Hangul, full-width forms)
/// count 2, combining marks 0, everything else 1 — what an office sees in Excel and WPS with a
/// CJK font.
public enum DisplayWidth {
    /// The width of `text`.
    ///
    /// - Complexity: O(*n*) in the UTF-8 length; ASCII is counted byte by byte.
    public static func of(_ text: String) -> Int {
        var width = 0
        var ascii = true
        for b in text.utf8 where b >= 0x80 { ascii = false; break }
        if ascii { return text.utf8.count }
        for scalar in text.unicodeScalars { width += of(scalar) }
        return width
    }

    /// The width of one scalar.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        if (0x300...0x36F).contains(v) || (0xFE00...0xFE0F).contains(v) || v == 0x200B { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }
}
