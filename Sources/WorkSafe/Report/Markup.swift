import Tabular
/// XML/HTML text helpers shared by the report and its charts.
///
/// Everything the report writes goes through `Markup.escape`, so names from the ledger (which
/// may contain `<`, `&` or quotes) can never break the document. The output is XHTML-compatible
/// (every element closed, attributes quoted), so an XML parser accepts it.
enum Markup {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, and the control characters
    /// that XML 1.0 forbids (U+0000–U+001F except tab, line feed, carriage return; U+FFFE,
    /// U+FFFF) dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate or length with one decimal ("12.5", "-3.0" → "-3").
    static func num(_ v: Double) -> String {
        let s = CSVCell.fixed(v, places: 1)
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
    }

    /// A start tag with escaped attribute values, in the given order; `selfClosing` ends it
    /// with `/>`.
    static func tag(_ name: String, _ attributes: [(String, String)], selfClosing: Bool = false) -> String {
        var s = "<" + name
        for (k, v) in attributes { s += " \(k)=\"\(escape(v))\"" }
        return s + (selfClosing ? "/>" : ">")
    }

    /// `<name attrs>escaped text</name>`.
    static func element(_ name: String, _ attributes: [(String, String)] = [], text: String) -> String {
        tag(name, attributes) + escape(text) + "</\(name)>"
    }

    /// `text` shortened with an ellipsis so that its estimated width at `fontSize` is at most
    /// `maxWidth` (unchanged when it fits).
    static func truncated(_ text: String, maxWidth: Double, fontSize: Double) -> String {
        guard textWidth(text, fontSize: fontSize) > maxWidth else { return text }
        var chars = Array(text)
        while !chars.isEmpty && textWidth(String(chars) + "…", fontSize: fontSize) > maxWidth { chars.removeLast() }
        return String(chars) + "…"
    }

    /// An estimate of the rendered width of `text` at `fontSize` (user units): CJK and other
    /// wide characters count 1 em, digits and capitals 0.62 em, other characters 0.52 em.
    /// Good enough to lay out labels and legends without a font engine.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        var em = 0.0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v >= 0x2E80 || (0xFF00...0xFFEF).contains(v) { em += 1.0 }
            else if (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) { em += 0.62 }
            else if scalar == " " || scalar == "." || scalar == "," || scalar == ":" { em += 0.3 }
            else { em += 0.52 }
        }
        return em * fontSize
    }
}
