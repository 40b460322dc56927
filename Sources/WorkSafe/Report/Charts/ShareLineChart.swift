import Tabular
/// A line chart of completion share over time against the campaign: each series as a line with
/// dots, the schedule path (序时进度) as a dashed line and each milestone as a diamond at its
/// target with a dotted guide to the time axis.
///
/// The y axis is 0–100 %; the time axis spans the campaign (start to last milestone) and every
/// point of the series. With no drawable point it renders a "no data" note.
public struct ShareLineChart: Hashable, Sendable {
    /// The chart's title.
    public var title: String
    /// The series, coloured in order with `ChartPalette.categorical` (usually one: the town).
    public var series: [ShareSeries]
    /// The campaign whose schedule path and milestones are drawn; `nil` draws the series only.
    public var campaign: Campaign?
    /// The y axis label; `nil` uses "completion share (%)" / "完成率(%)".
    public var yLabel: String?
    /// The width in SVG user units (the height follows).
    public var width: Double = 720
    /// The plot's height in SVG user units.
    public var plotHeight: Double = 250

    /// A chart.
    public init(title: String, series: [ShareSeries], campaign: Campaign? = nil, yLabel: String? = nil) {
        self.title = title
        self.series = series
        self.campaign = campaign
        self.yLabel = yLabel
    }

    /// The chart as a standalone `<svg>` element.
    public func svg(language: Language) -> String {
        let drawn = series.map(\.drawable)
        let all = drawn.flatMap { $0 }
        guard !all.isEmpty else { return SVG.noData(kind: "line", title: title, width: width, language: language) }
        let left = 54.0, right = 18.0, top = 34.0
        let x0 = left, x1 = width - right, y0 = top, y1 = top + plotHeight
        var start = all.map(\.day).min()!, end = all.map(\.day).max()!
        if let c = campaign {
            start = min(start, c.start)
            if let last = c.milestones.last { end = max(end, last.date) }
        }
        let axis = TimeAxis(start: start, end: end, x0: x0, x1: x1)
        let y = LinearScale(domain: (0, 100), range: (y1, y0))
        var out = ""
        // Grid and y axis.
        for v in stride(from: 0.0, through: 100, by: 20) {
            out += SVG.line(x0, y(v), x1, y(v), stroke: ChartPalette.grid)
            out += SVG.text(CSVCell.fixed(v, places: 0), x: x0 - 6, y: y(v) + 4, size: 11, anchor: "end")
        }
        out += SVG.text(yLabel ?? language.pick("completion share (%)", "完成率(%)"), x: 14,
                        y: (y0 + y1) / 2, size: 12, anchor: "middle", rotate: -90)
        // Time axis.
        out += SVG.line(x0, y1, x1, y1, stroke: ChartPalette.axis)
        out += SVG.line(x0, y0, x0, y1, stroke: ChartPalette.axis)
        for t in axis.ticks() {
            let x = axis.x(t.day)
            out += SVG.line(x, y1, x, y1 + (t.major ? 6 : 3), stroke: ChartPalette.axis)
            if let label = t.label {
                out += SVG.text(label, x: x, y: y1 + 18, size: t.major ? 11 : 10, anchor: "middle",
                                weight: t.major ? "bold" : nil)
            }
        }
        // Schedule path and milestones.
        if let c = campaign {
            let path = schedulePath(c, from: start, to: end)
            out += SVG.polyline(path.map { (axis.x($0.0), y($0.1)) }, stroke: ChartPalette.schedule,
                                width: 1.6, dash: "6 4", cssClass: "schedule")
            for m in c.milestones where m.date >= start && m.date <= end {
                let mx = axis.x(m.date), my = y(m.targetPercent)
                out += SVG.line(mx, my, mx, y1, stroke: ChartPalette.milestone, width: 0.8, dash: "2 3")
                out += SVG.diamond(mx, my, r: 6, fill: ChartPalette.milestone, tooltip: m.description)
                let label = CSVCell.fixed(m.targetPercent, places: 0) + "%"
                let anchor = mx > x1 - 30 ? "end" : "middle"
                out += SVG.text(label, x: anchor == "end" ? mx - 8 : mx, y: my - 10, size: 11,
                                anchor: anchor, weight: "bold", fill: ChartPalette.milestone)
            }
        }
        // Series.
        for (i, points) in drawn.enumerated() where !points.isEmpty {
            let color = ChartPalette.color(i)
            out += SVG.polyline(points.map { (axis.x($0.day), y($0.percent)) }, stroke: color, width: 2.4,
                                cssClass: "series")
            if points.count <= 60 {
                for p in points {
                    out += SVG.circle(axis.x(p.day), y(p.percent), r: 2.8, fill: color,
                                      tooltip: "\(series[i].name) \(p.day): \(CSVCell.fixed(p.percent, places: 1))%")
                }
            }
            if let last = points.last {
                let lx = axis.x(last.day), ly = y(last.percent)
                let text = CSVCell.fixed(last.percent, places: 1) + "%"
                let anchor = lx > x1 - 50 ? "end" : "start"
                out += SVG.text(text, x: anchor == "end" ? lx - 6 : lx + 6, y: ly + (ly < y0 + 20 ? 16 : -6),
                                size: 11, anchor: anchor, weight: "bold", fill: color)
            }
        }
        var items = series.enumerated().map { LegendItem(symbol: .line(color: ChartPalette.color($0.offset), dashed: false), label: $0.element.name) }
        if campaign != nil {
            items.append(LegendItem(symbol: .line(color: ChartPalette.schedule, dashed: true),
                                    label: language.pick("schedule (time-proportional)", "序时进度")))
            items.append(LegendItem(symbol: .diamond(color: ChartPalette.milestone),
                                    label: language.pick("milestone target", "节点目标")))
        }
        let legend = SVG.legend(items, x: x0, y: y1 + 28, maxWidth: x1 - x0)
        let height = y1 + 28 + legend.height + 6
        return SVG.open(kind: "line", width: width, height: height, title: title) + out + legend.svg + "</svg>"
    }
}
