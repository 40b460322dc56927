/// One block of a report section: a paragraph, a chart or a table.
public enum ReportBlock: Hashable, Sendable {
    /// A paragraph of text.
    case paragraph(String)
    /// A grey note (e.g. what a number means, or why something is missing).
    case note(String)
    /// The completion share over time with the schedule path and the milestones.
    case shareLine(ShareLineChart)
    /// One small chart per unit.
    case smallMultiples(ShareSmallMultiples)
    /// Forecast probabilities with expected shares and intervals.
    case forecast(ForecastChart)
    /// The reliability diagram of past forecasts.
    case reliability(ReliabilityChart)
    /// The four-colour distribution.
    case riskDistribution(RiskDistributionChart)
    /// The PCA cluster map.
    case clusterMap(ClusterMapChart)
    /// A table.
    case table(ReportTable)
}

/// A section of the report: a heading and its blocks.
public struct ReportSection: Hashable, Sendable {
    /// The heading (`<h2>`).
    public var heading: String
    /// The blocks, in order.
    public var blocks: [ReportBlock]
    /// Start the section on a new page when printed.
    public var pageBreakBefore: Bool

    /// A section.
    public init(heading: String, blocks: [ReportBlock], pageBreakBefore: Bool = false) {
        self.heading = heading
        self.blocks = blocks
        self.pageBreakBefore = pageBreakBefore
    }
}

/// A self-contained HTML report: inline SVG charts and tables, one stylesheet, no scripts, no
/// network access, laid out for A4 printing.
///
/// The output is XHTML-compatible (it parses as XML), every text is escaped, and it is a pure
/// function of the value: the same document gives the same bytes (no clock, no random ids, no
/// dictionary order). `<html lang>` is `zh-CN` or `en` from `language`; the font stack declares
/// "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei" and "Microsoft YaHei" so
/// that Chinese renders wherever one of them is installed.
public struct ReportDocument: Hashable, Sendable {
    /// The language of the document's own labels and `<html lang>`.
    public var language: Language
    /// The title (`<title>` and `<h1>`).
    public var title: String
    /// Lines under the title (data date, campaign, generator).
    public var meta: [String]
    /// The sections.
    public var sections: [ReportSection]
    /// The footer line, if any.
    public var footer: String?

    /// A document.
    public init(language: Language, title: String, meta: [String] = [], sections: [ReportSection],
                footer: String? = nil) {
        self.language = language
        self.title = title
        self.meta = meta
        self.sections = sections
        self.footer = footer
    }

    /// The document as HTML text (UTF-8 when written), ending in a newline.
    public func html() -> String {
        let lang = language.pick("en", "zh-CN")
        var out = "<!DOCTYPE html>\n"
        out += Markup.tag("html", [("xmlns", "http://www.w3.org/1999/xhtml"), ("lang", lang), ("xml:lang", lang)]) + "\n"
        out += "<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<meta name=\"generator\" content=\"worksafe\"/>\n"
        out += Markup.element("title", text: title) + "\n"
        out += "<style>\n" + ReportStyle.css + "\n</style>\n</head>\n<body>\n<header>\n"
        out += Markup.element("h1", text: title) + "\n"
        for line in meta { out += Markup.element("p", [("class", "meta")], text: line) + "\n" }
        out += "</header>\n"
        for (i, section) in sections.enumerated() {
            var attrs: [(String, String)] = [("id", "section-\(i + 1)")]
            if section.pageBreakBefore { attrs.append(("class", "break-before")) }
            out += Markup.tag("section", attrs) + "\n" + Markup.element("h2", text: section.heading) + "\n"
            for block in section.blocks { out += render(block) }
            out += "</section>\n"
        }
        if let footer { out += "<footer>" + Markup.escape(footer) + "</footer>\n" }
        return out + "</body>\n</html>\n"
    }

    private func render(_ block: ReportBlock) -> String {
        func figure(_ svg: String) -> String { "<figure>\n" + svg + "\n</figure>\n" }
        switch block {
        case .paragraph(let text): return Markup.element("p", text: text) + "\n"
        case .note(let text): return Markup.element("p", [("class", "note")], text: text) + "\n"
        case .shareLine(let c): return figure(c.svg(language: language))
        case .smallMultiples(let c): return figure(c.svg(language: language))
        case .forecast(let c): return figure(c.svg(language: language))
        case .reliability(let c): return figure(c.svg(language: language))
        case .riskDistribution(let c): return figure(c.svg(language: language))
        case .clusterMap(let c): return figure(c.svg(language: language))
        case .table(let t): return t.html(language: language)
        }
    }
}
