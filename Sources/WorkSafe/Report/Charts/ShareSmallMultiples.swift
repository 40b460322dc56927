import Tabular
/// Small multiples: one small completion-share chart per unit (typically per community), all on
/// the same axes (0–100 %, the same time span), each with the schedule path and the milestones,
/// so that units can be compared at a glance.
///
/// Panels are laid out `columns` per row in the order given. Panels without data show
/// "no data"; with no series at all the chart renders a "no data" note.
public struct ShareSmallMultiples: Hashable, Sendable {
    /// The chart's title.
    public var title: String
    /// One series per panel; the series' name is the panel's title.
    public var panels: [ShareSeries]
    /// The campaign whose schedule path and milestones are drawn in each panel.
    public var campaign: Campaign?
    /// Panels per row (default 3).
    public var columns: Int = 3
    /// The width in SVG user units.
    public var width: Double = 720

    /// A chart.
    public init(title: String, panels: [ShareSeries], campaign: Campaign? = nil, columns: Int = 3) {
        self.title = title
        self.panels = panels
        self.campaign = campaign
        self.columns = max(1, columns)
    }

    /// The chart as a standalone `<svg>` element.
    public func svg(language: Language) -> String {
        let drawn = panels.map(\.drawable)
        let all = drawn.flatMap { $0 }
        guard !panels.isEmpty, !all.isEmpty else {
            return SVG.noData(kind: "small-multiples", title: title, width: width, language: language)
        }
        var start = all.map(\.day).min()!, end = all.map(\.day).max()!
        if let c = campaign {
            start = min(start, c.start)
            if let last = c.milestones.last { end = max(end, last.date) }
        }
        let cols = min(columns, panels.count)
        let rows = (panels.count + cols - 1) / cols
        let top = 30.0, cellW = (width - 8) / Double(cols), cellH = 150.0
        let color = ChartPalette.color(0)
        var out = ""
        for (i, points) in drawn.enumerated() {
            let cx = 4 + Double(i % cols) * cellW, cy = top + Double(i / cols) * cellH
            let x0 = cx + 34, x1 = cx + cellW - 10, y0 = cy + 26, y1 = cy + cellH - 24
            let axis = TimeAxis(start: start, end: end, x0: x0, x1: x1)
            let y = LinearScale(domain: (0, 100), range: (y1, y0))
            out += "<g class=\"panel\">"
            let name = panels[i].name
            out += SVG.text(Markup.truncated(name, maxWidth: x1 - x0 - 50, fontSize: 12), x: x0, y: cy + 16,
                            size: 12, weight: "bold")
            for v in [0.0, 50, 100] {
                out += SVG.line(x0, y(v), x1, y(v), stroke: ChartPalette.grid)
                out += SVG.text(CSVCell.fixed(v, places: 0), x: x0 - 4, y: y(v) + 4, size: 9, anchor: "end")
            }
            out += SVG.line(x0, y1, x1, y1, stroke: ChartPalette.axis)
            out += SVG.line(x0, y0, x0, y1, stroke: ChartPalette.axis)
            for t in axis.ticks(minLabelSpacing: 1e9) where t.major {
                let x = axis.x(t.day)
                out += SVG.line(x, y1, x, y1 + 4, stroke: ChartPalette.axis)
                if let label = t.label { out += SVG.text(label, x: x, y: y1 + 14, size: 9, anchor: "middle") }
            }
            if let c = campaign {
                out += SVG.polyline(schedulePath(c, from: start, to: end).map { (axis.x($0.0), y($0.1)) },
                                    stroke: ChartPalette.schedule, width: 1.2, dash: "4 3", cssClass: "schedule")
                for m in c.milestones where m.date >= start && m.date <= end {
                    out += SVG.diamond(axis.x(m.date), y(m.targetPercent), r: 4, fill: ChartPalette.milestone,
                                       tooltip: m.description)
                }
            }
            if points.isEmpty {
                out += SVG.text(language.pick("No data", "暂无数据"), x: (x0 + x1) / 2, y: (y0 + y1) / 2,
                                size: 10, anchor: "middle", fill: "#666666", cssClass: "no-data")
            } else {
                out += SVG.polyline(points.map { (axis.x($0.day), y($0.percent)) }, stroke: color, width: 2,
                                    cssClass: "series")
                let last = points.last!
                out += SVG.circle(axis.x(last.day), y(last.percent), r: 3, fill: color,
                                  tooltip: "\(name) \(last.day): \(CSVCell.fixed(last.percent, places: 1))%")
                out += SVG.text(CSVCell.fixed(last.percent, places: 1) + "%", x: x1, y: cy + 16, size: 11,
                                anchor: "end", weight: "bold", fill: color)
            }
            out += "</g>"
        }
        var items = [LegendItem(symbol: .line(color: color, dashed: false),
                                label: language.pick("completion share (%)", "完成率(%)"))]
        if campaign != nil {
            items.append(LegendItem(symbol: .line(color: ChartPalette.schedule, dashed: true),
                                    label: language.pick("schedule (time-proportional)", "序时进度")))
            items.append(LegendItem(symbol: .diamond(color: ChartPalette.milestone),
                                    label: language.pick("milestone target", "节点目标")))
        }
        let legendY = top + Double(rows) * cellH + 4
        let legend = SVG.legend(items, x: 38, y: legendY, maxWidth: width - 46)
        return SVG.open(kind: "small-multiples", width: width, height: legendY + legend.height + 6, title: title)
            + out + legend.svg + "</svg>"
    }
}
