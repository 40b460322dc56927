import Tabular
/// One forecast of one unit for one milestone, as the forecasting stage reports it
/// (`unit,milestone_date,target_percent,probability,expected_percent,lower_percent,upper_percent`).
public struct ForecastEntry: Hashable, Sendable {
    /// The unit's display name.
    public var unit: String
    /// The milestone forecast.
    public var milestone: Milestone
    /// Probability (0–1) of reaching the milestone's target by its date.
    public var probability: Double
    /// Expected share on the milestone date, in percent.
    public var expectedPercent: Double
    /// Lower end of the prediction interval (e.g. the 10th percentile for an 80 % interval).
    public var lowerPercent: Double
    /// Upper end of the prediction interval.
    public var upperPercent: Double

    /// An entry.
    public init(unit: String, milestone: Milestone, probability: Double, expectedPercent: Double,
                lowerPercent: Double, upperPercent: Double) {
        self.unit = unit; self.milestone = milestone; self.probability = probability
        self.expectedPercent = expectedPercent; self.lowerPercent = lowerPercent
        self.upperPercent = upperPercent
    }
}

/// The forecast chart: one panel per milestone, one row per unit. In each row the expected
/// share is a dot and the prediction interval an error bar on a 0–100 % axis; the milestone's
/// target is a dashed vertical line; the probability of reaching it is printed at the row's end,
/// coloured green (≥ 80 %), amber (50–80 %) or red (< 50 %), as is the dot.
///
/// Units appear in the order of their first entry, milestones by date. Entries with a
/// non-finite number are left out; with none left the chart renders a "no data" note.
public struct ForecastChart: Hashable, Sendable {
    /// The chart's title.
    public var title: String
    /// The forecasts.
    public var entries: [ForecastEntry]
    /// The coverage of the intervals, for the legend (default 0.8).
    public var intervalLevel: Double
    /// The width in SVG user units.
    public var width: Double = 720

    /// A chart.
    public init(title: String, entries: [ForecastEntry], intervalLevel: Double = 0.8) {
        self.title = title
        self.entries = entries
        self.intervalLevel = intervalLevel
    }

    static func probabilityColor(_ p: Double) -> String {
        p >= 0.8 ? "#2b8a3e" : (p >= 0.5 ? "#d9730d" : "#c92a2a")
    }

    /// The chart as a standalone `<svg>` element.
    public func svg(language: Language) -> String {
        let valid = entries.filter {
            $0.probability.isFinite && $0.expectedPercent.isFinite && $0.lowerPercent.isFinite && $0.upperPercent.isFinite
        }
        guard !valid.isEmpty else { return SVG.noData(kind: "forecast", title: title, width: width, language: language) }
        var units: [String] = []
        for e in valid where !units.contains(e.unit) { units.append(e.unit) }
        let milestones = Array(Set(valid.map(\.milestone))).sorted { ($0.date, $0.targetPercent) < ($1.date, $1.targetPercent) }
        var byKey: [String: ForecastEntry] = [:]
        for e in valid { byKey["\(e.unit)\u{1}\(e.milestone)"] = e }

        let labelWidth = min(170, units.map { Markup.textWidth($0, fontSize: 11) }.max()! + 10)
        let left = 6 + labelWidth, top = 58.0, rowH = 22.0
        let panelW = (width - left - 6) / Double(milestones.count)
        let plotBottom = top + rowH * Double(units.count)
        var out = ""
        for (r, unit) in units.enumerated() {
            let cy = top + rowH * (Double(r) + 0.5)
            if r % 2 == 0 { out += SVG.rect(left - labelWidth - 2, cy - rowH / 2, width - 6 - (left - labelWidth - 2), rowH, fill: "#f7f7f7") }
            out += SVG.text(Markup.truncated(unit, maxWidth: labelWidth - 4, fontSize: 11), x: left - 8, y: cy + 4,
                            size: 11, anchor: "end")
        }
        for (k, m) in milestones.enumerated() {
            let px = left + Double(k) * panelW
            let x0 = px + 8, x1 = px + panelW - 48
            let x = LinearScale(domain: (0, 100), range: (x0, x1))
            let heading = "\(m.date) · " + CSVCell.fixed(m.targetPercent, places: 0) + "%"
            out += SVG.text(heading, x: (x0 + x1) / 2, y: 40, size: 12, anchor: "middle", weight: "bold")
            out += SVG.text(language.pick("P", "概率"), x: px + panelW - 6, y: 52, size: 10, anchor: "end", fill: "#555555")
            let ticks: [Double] = panelW >= 200 ? [0, 25, 50, 75, 100] : [0, 50, 100]
            for t in ticks {
                out += SVG.line(x(t), top, x(t), plotBottom, stroke: ChartPalette.grid)
                out += SVG.line(x(t), plotBottom, x(t), plotBottom + 4, stroke: ChartPalette.axis)
                out += SVG.text(CSVCell.fixed(t, places: 0), x: x(t), y: plotBottom + 15, size: 10, anchor: "middle")
            }
            out += SVG.line(x0, plotBottom, x1, plotBottom, stroke: ChartPalette.axis)
            let tx = x(min(100, max(0, m.targetPercent)))
            out += SVG.line(tx, top - 2, tx, plotBottom, stroke: ChartPalette.milestone, width: 1.4, dash: "5 3")
            for (r, unit) in units.enumerated() {
                guard let e = byKey["\(unit)\u{1}\(m)"] else { continue }
                let cy = top + rowH * (Double(r) + 0.5)
                let color = Self.probabilityColor(e.probability)
                let lo = x(min(100, max(0, min(e.lowerPercent, e.upperPercent))))
                let hi = x(min(100, max(0, max(e.lowerPercent, e.upperPercent))))
                out += "<g class=\"forecast\">"
                out += SVG.line(lo, cy, hi, cy, stroke: "#333333", width: 1.5)
                out += SVG.line(lo, cy - 5, lo, cy + 5, stroke: "#333333", width: 1.5)
                out += SVG.line(hi, cy - 5, hi, cy + 5, stroke: "#333333", width: 1.5)
                let tip = "\(unit) \(m): P=\(CSVCell.fixed(e.probability, places: 3)), "
                    + "\(CSVCell.fixed(e.expectedPercent, places: 1))% "
                    + "[\(CSVCell.fixed(e.lowerPercent, places: 1)), \(CSVCell.fixed(e.upperPercent, places: 1))]"
                out += SVG.circle(x(min(100, max(0, e.expectedPercent))), cy, r: 4.5, fill: color,
                                  stroke: "#ffffff", tooltip: tip)
                out += SVG.text(CSVCell.fixed(100 * e.probability, places: 0) + "%", x: px + panelW - 6,
                                y: cy + 4, size: 11, anchor: "end", weight: "bold", fill: color)
                out += "</g>"
            }
        }
        out += SVG.text(language.pick("share on the milestone date (%)", "节点日完成率(%)"),
                        x: left + (width - left) / 2, y: plotBottom + 30, size: 11, anchor: "middle")
        let level = CSVCell.fixed(100 * intervalLevel, places: 0)
        let items = [
            LegendItem(symbol: .errorBar(color: "#333333"),
                       label: language.pick("expected share, \(level)% interval", "预期完成率及\(level)%区间")),
            LegendItem(symbol: .line(color: ChartPalette.milestone, dashed: true), label: language.pick("target", "节点目标")),
            LegendItem(symbol: .box(color: Self.probabilityColor(0.9)), label: language.pick("P ≥ 80%", "概率≥80%")),
            LegendItem(symbol: .box(color: Self.probabilityColor(0.6)), label: language.pick("50–80%", "50%–80%")),
            LegendItem(symbol: .box(color: Self.probabilityColor(0.1)), label: language.pick("< 50%", "概率<50%")),
        ]
        let legend = SVG.legend(items, x: 8, y: plotBottom + 40, maxWidth: width - 16)
        return SVG.open(kind: "forecast", width: width, height: plotBottom + 40 + legend.height + 6, title: title)
            + out + legend.svg + "</svg>"
    }
}
