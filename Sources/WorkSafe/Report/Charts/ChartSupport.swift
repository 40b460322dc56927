import Tabular
/// The colours of the report's charts.
public enum ChartPalette {
    /// The four risk colours (红 橙 黄 蓝), indexed by `RiskLevel.rawValue` (blue, yellow,
    /// orange, red).
    public static let risk = ["#1f6fd1", "#f2c200", "#f08c00", "#d62828"]
    /// Lighter shades of the risk colours, for a second risk group of the same colour.
    public static let lightRisk = ["#8db7e8", "#f8e07f", "#f7c57f", "#ea9393"]
    /// Categorical colours for series and clusters (Okabe–Ito, readable by colour-blind
    /// readers and in greyscale print), cycled when there are more than eight.
    public static let categorical = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9",
                                     "#d55e00", "#8c7b00", "#000000"]
    /// The schedule path and milestone markers.
    static let schedule = "#7a7a7a"
    static let milestone = "#b00020"
    static let grid = "#e3e3e3"
    static let axis = "#444444"
    static let text = "#222222"

    /// The categorical colour of index `i` (cycled).
    public static func color(_ i: Int) -> String {
        categorical[((i % categorical.count) + categorical.count) % categorical.count]
    }
}

/// A linear map from a data interval to a pixel interval.
struct LinearScale {
    var domain: (Double, Double)
    var range: (Double, Double)

    func callAsFunction(_ v: Double) -> Double {
        let span = domain.1 - domain.0
        let t = span == 0 ? 0.5 : (v - domain.0) / span
        return range.0 + t * (range.1 - range.0)
    }
}

/// "Nice" ticks covering [lo, hi]: a step of 1, 2, 2.5 or 5 × 10^k giving at most `maxCount`
/// ticks; the returned domain is widened to whole steps. Ticks are `i × step` for integers `i`
/// (no accumulated rounding).
func niceTicks(_ lo: Double, _ hi: Double, maxCount: Int = 6) -> (ticks: [Double], step: Double) {
    var lo = lo, hi = hi
    if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
    if hi < lo { swap(&lo, &hi) }
    if hi - lo < 1e-12 { lo -= 1; hi += 1 }
    let raw = (hi - lo) / Double(max(1, maxCount - 1))
    var magnitude = 1.0
    while magnitude * 10 <= raw { magnitude *= 10 }
    while magnitude > raw { magnitude /= 10 }
    var step = magnitude * 10
    for m in [1.0, 2, 2.5, 5, 10] where magnitude * m >= raw { step = magnitude * m; break }
    let first = Int((lo / step).rounded(.down)), last = Int((hi / step).rounded(.up))
    return ((first...last).map { Double($0) * step }, step)
}

/// A tick label for `v` with as many decimals as `step` needs (0, 1 or 2).
func tickLabel(_ v: Double, step: Double) -> String {
    let places = step >= 1 ? 0 : (step >= 0.1 ? 1 : 2)
    return CSVCell.fixed(v, places: places)
}

/// One entry of a chart legend.
struct LegendItem {
    enum Symbol {
        case line(color: String, dashed: Bool)
        case dot(color: String)
        case box(color: String)
        case diamond(color: String)
        case errorBar(color: String)
        case cross(color: String)
    }
    var symbol: Symbol
    var label: String
}

/// SVG fragments shared by the charts. Every text goes through `Markup.escape`.
enum SVG {
    /// The opening `<svg>` of a chart of kind `kind` (`data-chart` attribute, used by tests and
    /// styles) with its accessible `<title>` and the visible title at the top left.
    static func open(kind: String, width: Double, height: Double, title: String) -> String {
        Markup.tag("svg", [("xmlns", "http://www.w3.org/2000/svg"),
                           ("viewBox", "0 0 \(Markup.num(width)) \(Markup.num(height))"),
                           ("width", Markup.num(width)), ("height", Markup.num(height)),
                           ("class", "chart"), ("data-chart", kind), ("role", "img")])
            + Markup.element("title", text: title)
            + text(title, x: 4, y: 18, size: 14, weight: "bold")
    }

    static func text(_ s: String, x: Double, y: Double, size: Double = 11, anchor: String = "start",
                     weight: String? = nil, fill: String = ChartPalette.text, rotate: Double? = nil,
                     cssClass: String? = nil) -> String {
        var a: [(String, String)] = [("x", Markup.num(x)), ("y", Markup.num(y)),
                                     ("font-size", Markup.num(size)), ("fill", fill)]
        if anchor != "start" { a.append(("text-anchor", anchor)) }
        if let weight { a.append(("font-weight", weight)) }
        if let rotate { a.append(("transform", "rotate(\(Markup.num(rotate)) \(Markup.num(x)) \(Markup.num(y)))")) }
        if let cssClass { a.append(("class", cssClass)) }
        return Markup.element("text", a, text: s)
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                     width: Double = 1, dash: String? = nil) -> String {
        var a: [(String, String)] = [("x1", Markup.num(x1)), ("y1", Markup.num(y1)),
                                     ("x2", Markup.num(x2)), ("y2", Markup.num(y2)),
                                     ("stroke", stroke), ("stroke-width", Markup.num(width))]
        if let dash { a.append(("stroke-dasharray", dash)) }
        return Markup.tag("line", a, selfClosing: true)
    }

    static func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2,
                         dash: String? = nil, cssClass: String? = nil) -> String {
        var a: [(String, String)] = [
            ("points", points.map { "\(Markup.num($0.0)),\(Markup.num($0.1))" }.joined(separator: " ")),
            ("fill", "none"), ("stroke", stroke), ("stroke-width", Markup.num(width)),
            ("stroke-linejoin", "round")]
        if let dash { a.append(("stroke-dasharray", dash)) }
        if let cssClass { a.append(("class", cssClass)) }
        return Markup.tag("polyline", a, selfClosing: true)
    }

    static func circle(_ cx: Double, _ cy: Double, r: Double, fill: String, stroke: String? = nil,
                       opacity: Double? = nil, tooltip: String? = nil) -> String {
        var a: [(String, String)] = [("cx", Markup.num(cx)), ("cy", Markup.num(cy)),
                                     ("r", Markup.num(r)), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", "1")] }
        if let opacity { a.append(("fill-opacity", CSVCell.fixed(opacity, places: 2))) }
        guard let tooltip else { return Markup.tag("circle", a, selfClosing: true) }
        return Markup.tag("circle", a) + Markup.element("title", text: tooltip) + "</circle>"
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String,
                     stroke: String? = nil, tooltip: String? = nil) -> String {
        var a: [(String, String)] = [("x", Markup.num(x)), ("y", Markup.num(y)),
                                     ("width", Markup.num(max(0, w))), ("height", Markup.num(max(0, h))),
                                     ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", "0.8")] }
        guard let tooltip else { return Markup.tag("rect", a, selfClosing: true) }
        return Markup.tag("rect", a) + Markup.element("title", text: tooltip) + "</rect>"
    }

    /// A diamond of half-diagonal `r` centred on (x, y).
    static func diamond(_ x: Double, _ y: Double, r: Double, fill: String, tooltip: String? = nil) -> String {
        let d = "M\(Markup.num(x)) \(Markup.num(y - r))L\(Markup.num(x + r)) \(Markup.num(y))"
            + "L\(Markup.num(x)) \(Markup.num(y + r))L\(Markup.num(x - r)) \(Markup.num(y))Z"
        let a: [(String, String)] = [("d", d), ("fill", fill), ("class", "marker")]
        guard let tooltip else { return Markup.tag("path", a, selfClosing: true) }
        return Markup.tag("path", a) + Markup.element("title", text: tooltip) + "</path>"
    }

    /// A legend laid out left to right from (x, y), wrapping at `maxWidth`; returns the SVG and
    /// the height it takes.
    static func legend(_ items: [LegendItem], x: Double, y: Double, maxWidth: Double) -> (svg: String, height: Double) {
        let size = 11.0, rowHeight = 17.0
        var out = "<g class=\"legend\">", cx = x, cy = y
        for item in items {
            let label = Markup.truncated(item.label, maxWidth: maxWidth - 40, fontSize: size)
            let w = 26 + Markup.textWidth(label, fontSize: size) + 14
            if cx > x && cx + w > x + maxWidth { cx = x; cy += rowHeight }
            let my = cy + rowHeight / 2
            switch item.symbol {
            case .line(let color, let dashed):
                out += line(cx, my, cx + 20, my, stroke: color, width: 2.2, dash: dashed ? "5 3" : nil)
            case .dot(let color):
                out += circle(cx + 10, my, r: 4.5, fill: color)
            case .box(let color):
                out += rect(cx + 3, my - 6, 14, 12, fill: color, stroke: "#555555")
            case .diamond(let color):
                out += diamond(cx + 10, my, r: 5.5, fill: color)
            case .cross(let color):
                out += line(cx + 4, my - 6, cx + 16, my + 6, stroke: color, width: 2)
                out += line(cx + 4, my + 6, cx + 16, my - 6, stroke: color, width: 2)
            case .errorBar(let color):
                out += line(cx + 2, my, cx + 18, my, stroke: color, width: 1.6)
                out += line(cx + 2, my - 4, cx + 2, my + 4, stroke: color, width: 1.6)
                out += line(cx + 18, my - 4, cx + 18, my + 4, stroke: color, width: 1.6)
                out += circle(cx + 10, my, r: 3.5, fill: color)
            }
            out += text(label, x: cx + 26, y: my + 4, size: size)
            cx += w
        }
        return (out + "</g>", cy + rowHeight - y)
    }

    /// A chart that has nothing to draw: its title and a "no data" note, in a small frame.
    static func noData(kind: String, title: String, width: Double, language: Language) -> String {
        open(kind: kind, width: width, height: 80, title: title)
            + rect(4, 28, width - 8, 44, fill: "#f6f6f6", stroke: "#cccccc")
            + text(language.pick("No data", "暂无数据"), x: width / 2, y: 55, size: 12, anchor: "middle",
                   fill: "#666666", cssClass: "no-data")
            + "</svg>"
    }
}
