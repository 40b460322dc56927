/// The number of enterprises of each risk colour in one group (the town, a community…).
public struct RiskDistributionGroup: Hashable, Sendable {
    /// The group's label.
    public var label: String
    /// Enterprises per level; missing levels count 0.
    public var counts: [RiskLevel: Int]

    /// A group.
    public init(label: String, counts: [RiskLevel: Int]) {
        self.label = label
        self.counts = counts
    }

    /// Counts the levels of `levels` (e.g. the risk grading's level per enterprise id).
    public init(label: String, levels: some Sequence<RiskLevel>) {
        var c: [RiskLevel: Int] = [:]
        for l in levels { c[l, default: 0] += 1 }
        self.init(label: label, counts: c)
    }
}

/// The four-colour distribution (红橙黄蓝): grouped bars, one group per `RiskDistributionGroup`,
/// bars red, orange, yellow, blue in that order, each labelled with its count, on a count axis
/// with nice ticks. Group labels are rotated when they would overlap.
///
/// With no group, or only zero counts, it renders a "no data" note.
public struct RiskDistributionChart: Hashable, Sendable {
    /// The chart's title.
    public var title: String
    /// The groups, in the order drawn.
    public var groups: [RiskDistributionGroup]
    /// The width in SVG user units.
    public var width: Double = 720
    /// The plot's height.
    public var plotHeight: Double = 210

    /// A chart.
    public init(title: String, groups: [RiskDistributionGroup]) {
        self.title = title
        self.groups = groups
    }

    /// The level's legend label: `red (major)` / `红（重大风险）` etc.
    static func levelLabel(_ level: RiskLevel, _ language: Language) -> String {
        switch level {
        case .red: language.pick("red (major)", "红色（重大风险）")
        case .orange: language.pick("orange (larger)", "橙色（较大风险）")
        case .yellow: language.pick("yellow (general)", "黄色（一般风险）")
        case .blue: language.pick("blue (low)", "蓝色（低风险）")
        }
    }

    /// The chart as a standalone `<svg>` element.
    public func svg(language: Language) -> String {
        let maxCount = groups.flatMap { g in RiskLevel.allCases.map { max(0, g.counts[$0] ?? 0) } }.max() ?? 0
        guard maxCount > 0 else { return SVG.noData(kind: "risk-bars", title: title, width: width, language: language) }
        let order: [RiskLevel] = [.red, .orange, .yellow, .blue]
        let left = 50.0, right = 10.0, top = 34.0
        let x0 = left, x1 = width - right, y0 = top, y1 = top + plotHeight
        let (ticks, step) = niceTicks(0, Double(maxCount), maxCount: 6)
        let y = LinearScale(domain: (0, ticks.last!), range: (y1, y0))
        var out = ""
        for t in ticks {
            out += SVG.line(x0, y(t), x1, y(t), stroke: ChartPalette.grid)
            out += SVG.text(tickLabel(t, step: step), x: x0 - 6, y: y(t) + 4, size: 11, anchor: "end")
        }
        out += SVG.text(language.pick("enterprises", "企业数"), x: 14, y: (y0 + y1) / 2, size: 12,
                        anchor: "middle", rotate: -90)
        let groupW = (x1 - x0) / Double(groups.count)
        let barW = min(34, groupW * 0.8 / 4)
        let labelSize = 11.0
        let widest = groups.map { Markup.textWidth($0.label, fontSize: labelSize) }.max() ?? 0
        // Rotated labels run up-left at 35°: a label of width w spans 0.82·w horizontally and
        // 0.57·w vertically, so each is cut to what fits left of its group.
        let rotate = widest > groupW - 4
        for (i, g) in groups.enumerated() {
            let gx = x0 + groupW * Double(i), cx = gx + groupW / 2
            for (k, level) in order.enumerated() {
                let n = max(0, g.counts[level] ?? 0)
                let bx = cx - 2 * barW + Double(k) * barW
                out += SVG.rect(bx + 1, y(Double(n)), barW - 2, y1 - y(Double(n)), fill: ChartPalette.risk[level.rawValue],
                                stroke: level == .yellow ? "#a68a00" : nil,
                                tooltip: "\(g.label) \(Self.levelLabel(level, language)): \(n)")
                out += SVG.text(String(n), x: bx + barW / 2, y: y(Double(n)) - 3, size: barW >= 16 ? 10 : 8, anchor: "middle")
            }
            if rotate {
                out += SVG.text(Markup.truncated(g.label, maxWidth: min(140, (cx - 8) / 0.82), fontSize: labelSize), x: cx + 4, y: y1 + 14,
                                size: labelSize, anchor: "end", rotate: -35)
            } else {
                out += SVG.text(g.label, x: cx, y: y1 + 16, size: labelSize, anchor: "middle")
            }
        }
        out += SVG.line(x0, y1, x1, y1, stroke: ChartPalette.axis)
        out += SVG.line(x0, y0, x0, y1, stroke: ChartPalette.axis)
        let labelSpace = rotate ? min(140, widest) * 0.58 + 22 : 22
        let items = order.map { LegendItem(symbol: .box(color: ChartPalette.risk[$0.rawValue]), label: Self.levelLabel($0, language)) }
        let legend = SVG.legend(items, x: x0, y: y1 + labelSpace + 4, maxWidth: x1 - x0)
        return SVG.open(kind: "risk-bars", width: width, height: y1 + labelSpace + 4 + legend.height + 6, title: title)
            + out + legend.svg + "</svg>"
    }
}
