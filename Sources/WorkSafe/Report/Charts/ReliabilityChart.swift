import Stats
import Tabular

/// The reliability diagram of past forecasts: for each probability bin, the mean forecast
/// probability (x) against how often the milestone was then met (y), a dot whose area grows
/// with the number of forecasts in the bin, with a 90 % Wilson interval of the observed frequency
/// as an error bar; the diagonal is perfect calibration. A calibrated forecaster's dots lie on
/// the diagonal within their bars.
///
/// Built from a backtest's `ReliabilityTable` (the model's probabilities). With no forecast
/// scored the chart renders a "no data" note saying so.
public struct ReliabilityChart: Hashable, Sendable {
    /// One bin.
    public struct Bin: Hashable, Sendable {
        /// Mean forecast probability, observed frequency, forecasts in the bin.
        public var meanPredicted: Double, observedFrequency: Double, count: Int
        /// A bin.
        public init(meanPredicted: Double, observedFrequency: Double, count: Int) {
            self.meanPredicted = meanPredicted; self.observedFrequency = observedFrequency; self.count = count
        }
    }

    /// The chart's title.
    public var title: String
    /// The non-empty bins.
    public var bins: [Bin]
    /// Lines under the title (e.g. the origins and the scores), separated by newlines.
    public var subtitle: String
    /// The width in SVG user units.
    public var width: Double = 360

    /// A chart.
    public init(title: String, bins: [Bin], subtitle: String = "") {
        self.title = title; self.bins = bins; self.subtitle = subtitle
    }

    /// A chart of a reliability table.
    public init(title: String, table: ReliabilityTable, subtitle: String = "") {
        self.init(title: title, bins: table.bins.filter { $0.count > 0 }.map {
            Bin(meanPredicted: $0.meanPredicted, observedFrequency: $0.observedFrequency, count: $0.count)
        }, subtitle: subtitle)
    }

    /// The chart as a standalone `<svg>` element.
    public func svg(language: Language) -> String {
        let valid = bins.filter { $0.count > 0 && $0.meanPredicted.isFinite && $0.observedFrequency.isFinite }
        guard !valid.isEmpty else { return SVG.noData(kind: "reliability", title: title, width: width, language: language) }
        let lines = subtitle.isEmpty ? [] : subtitle.split(separator: "\n").map(String.init)
        let left = 46.0, top = 34.0 + 14 * Double(lines.count), side = width - left - 14
        let x = LinearScale(domain: (0, 1), range: (left, left + side))
        let y = LinearScale(domain: (0, 1), range: (top + side, top))
        var out = ""
        for (i, line) in lines.enumerated() {
            out += SVG.text(line, x: left, y: 40 + 14 * Double(i), size: 10, fill: "#555555")
        }
        for t in [0.0, 0.2, 0.4, 0.6, 0.8, 1.0] {
            out += SVG.line(x(t), top, x(t), top + side, stroke: ChartPalette.grid)
            out += SVG.line(left, y(t), left + side, y(t), stroke: ChartPalette.grid)
            out += SVG.text(CSVCell.fixed(t, places: 1), x: x(t), y: top + side + 14, size: 10, anchor: "middle")
            out += SVG.text(CSVCell.fixed(t, places: 1), x: left - 6, y: y(t) + 3, size: 10, anchor: "end")
        }
        out += SVG.line(x(0), y(0), x(1), y(1), stroke: ChartPalette.milestone, width: 1.2, dash: "5 3")
        let largest = Double(valid.map(\.count).max()!)
        for b in valid {
            let wilson = try? WilsonInterval(successes: Int((b.observedFrequency * Double(b.count)).rounded()),
                                             trials: b.count, confidenceLevel: 0.9)
            if let w = wilson?.interval {
                out += SVG.line(x(b.meanPredicted), y(w.lower), x(b.meanPredicted), y(w.upper), stroke: "#333333", width: 1.2)
            }
            let r = 3 + 7 * (Double(b.count) / largest).squareRoot()
            let tip = language.pick("forecast \(CSVCell.fixed(b.meanPredicted, places: 2)), met \(CSVCell.fixed(b.observedFrequency, places: 2)), \(b.count) forecasts",
                                    "预测概率 \(CSVCell.fixed(b.meanPredicted, places: 2))，实际达标 \(CSVCell.fixed(b.observedFrequency, places: 2))，共 \(b.count) 次预测")
            out += SVG.circle(x(b.meanPredicted), y(b.observedFrequency), r: r, fill: ChartPalette.color(0),
                              stroke: "#ffffff", tooltip: tip)
        }
        out += SVG.text(language.pick("forecast probability", "预测达标概率"), x: left + side / 2, y: top + side + 30,
                        size: 11, anchor: "middle")
        out += "<text x=\"12\" y=\"\(CSVCell.fixed(top + side / 2, places: 1))\" font-size=\"11\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 12 \(CSVCell.fixed(top + side / 2, places: 1)))\">"
            + Markup.escape(language.pick("share of milestones met", "实际达标比例")) + "</text>"
        let items = [
            LegendItem(symbol: .line(color: ChartPalette.milestone, dashed: true), label: language.pick("perfect calibration", "完全校准")),
            LegendItem(symbol: .errorBar(color: "#333333"), label: language.pick("90% interval", "90%区间")),
        ]
        let legend = SVG.legend(items, x: 8, y: top + side + 40, maxWidth: width - 16)
        return SVG.open(kind: "reliability", width: width, height: top + side + 40 + legend.height + 6, title: title)
            + out + legend.svg + "</svg>"
    }
}
