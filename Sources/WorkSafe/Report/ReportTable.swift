import Tabular
/// A table of the report (bulletin, annual scores, vetoes) with its caption.
///
/// Numbers are right-aligned in tabular figures; negative numbers (a unit behind schedule)
/// are marked with the `neg` class (red); empty cells show an en dash; short texts do not
/// wrap; English snake_case headers are shown with spaces so that they can wrap.
public struct ReportTable: Hashable, Sendable {
    /// The caption above the table.
    public var caption: String
    /// The headers and typed rows.
    public var table: LabeledTable

    /// A table.
    public init(caption: String, table: LabeledTable) {
        self.caption = caption
        self.table = table
    }

    /// The table as an XHTML `<table>` (a "no data" note when it has no rows).
    public func html(language: Language) -> String {
        guard !table.rows.isEmpty else {
            return "<p class=\"no-data\">" + Markup.escape(caption + language.pick(": no data", "：暂无数据")) + "</p>\n"
        }
        var out = "<table>\n" + Markup.element("caption", text: caption) + "\n<thead><tr>"
        // snake_case keys are for CSV; in the printed table they wrap at the underscores.
        for h in table.headers {
            out += Markup.element("th", [("scope", "col")], text: h.replacingOccurrences(of: "_", with: " "))
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for v in row {
                switch v {
                case .integer, .decimal, .number:
                    let negative = v.formatted.hasPrefix("-")
                    out += Markup.element("td", [("class", negative ? "num neg" : "num")], text: v.formatted)
                case .text(let s):
                    // Short labels (a unit's name, yes/no) never break inside.
                    let short = Markup.textWidth(s, fontSize: 10) <= 62
                    out += Markup.element("td", short ? [("class", "nowrap")] : [], text: s)
                case .empty:
                    out += Markup.element("td", [("class", "empty")], text: "–")
                }
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
