import Tabular
/// One enterprise on the cluster map: its first two principal-component scores and its cluster.
public struct ClusterPoint: Hashable, Sendable {
    /// Score on the first principal component.
    public var x: Double
    /// Score on the second principal component.
    public var y: Double
    /// The cluster index (0-based), which picks the colour.
    public var cluster: Int
    /// Optional label for the tooltip (an enterprise's name or id).
    public var label: String?

    /// A point.
    public init(x: Double, y: Double, cluster: Int, label: String? = nil) {
        self.x = x; self.y = y; self.cluster = cluster; self.label = label
    }
}

/// The cluster map: enterprises as dots in the plane of the first two principal components of
/// their risk features, coloured by k-means cluster, with optional centroids as crosses.
///
/// Axes get nice ticks over the data's range (padded 5 %); axis labels name the components
/// with their explained-variance shares when given. Non-finite points are skipped; with none
/// left it renders a "no data" note.
public struct ClusterMapChart: Hashable, Sendable {
    /// The chart's title.
    public var title: String
    /// The enterprises.
    public var points: [ClusterPoint]
    /// Cluster names by index (e.g. "high hazards, low training"); `nil` entries or missing
    /// indices are shown as "cluster k" (k from 1).
    public var clusterNames: [Int: String]
    /// Centroids in the same PC coordinates, by cluster index (drawn as crosses).
    public var centroids: [Int: PlanePoint]
    /// Colours by cluster index (e.g. a risk group's own colour, so that the group named
    /// yellow is drawn yellow); missing indices take the categorical palette.
    public var clusterColors: [Int: String] = [:]
    /// Explained-variance ratios (0–1) of PC1 and PC2, for the axis labels (empty: plain
    /// "PC1"/"PC2").
    public var explainedVariance: [Double]
    /// The width in SVG user units.
    public var width: Double = 720
    /// The plot's height.
    public var plotHeight: Double = 300

    /// A chart.
    public init(title: String, points: [ClusterPoint], clusterNames: [Int: String] = [:],
                centroids: [Int: PlanePoint] = [:], explainedVariance: [Double] = []) {
        self.title = title; self.points = points; self.clusterNames = clusterNames
        self.centroids = centroids; self.explainedVariance = explainedVariance
    }

    /// At most this many points are drawn: with more, an evenly spaced subset in input order
    /// (every ⌈n / limit⌉-th point), and the chart says so; the legend counts every point. A
    /// million circles would make the report hundreds of megabytes and no clearer.
    public static let maxDrawnPoints = 5_000

    func color(_ k: Int) -> String { clusterColors[k] ?? ChartPalette.color(k) }

    func name(_ k: Int, _ language: Language) -> String {
        clusterNames[k] ?? language.pick("cluster \(k + 1)", "第\(k + 1)类")
    }

    /// The chart as a standalone `<svg>` element.
    public func svg(language: Language) -> String {
        let valid = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard !valid.isEmpty else { return SVG.noData(kind: "cluster-map", title: title, width: width, language: language) }
        let cents = centroids.filter { $0.value.x.isFinite && $0.value.y.isFinite }
        let xs = valid.map(\.x) + cents.values.map(\.x), ys = valid.map(\.y) + cents.values.map(\.y)
        func padded(_ v: [Double]) -> (Double, Double) {
            let lo = v.min()!, hi = v.max()!, pad = max(1e-9, (hi - lo) * 0.05)
            return (lo - pad, hi + pad)
        }
        let (xt, xstep) = niceTicks(padded(xs).0, padded(xs).1, maxCount: 8)
        let (yt, ystep) = niceTicks(padded(ys).0, padded(ys).1, maxCount: 6)
        let left = 56.0, right = 14.0, top = 34.0
        let x0 = left, x1 = width - right, y0 = top, y1 = top + plotHeight
        let x = LinearScale(domain: (xt.first!, xt.last!), range: (x0, x1))
        let y = LinearScale(domain: (yt.first!, yt.last!), range: (y1, y0))
        var out = ""
        for t in xt {
            out += SVG.line(x(t), y0, x(t), y1, stroke: ChartPalette.grid)
            out += SVG.line(x(t), y1, x(t), y1 + 4, stroke: ChartPalette.axis)
            out += SVG.text(tickLabel(t, step: xstep), x: x(t), y: y1 + 16, size: 10, anchor: "middle")
        }
        for t in yt {
            out += SVG.line(x0, y(t), x1, y(t), stroke: ChartPalette.grid)
            out += SVG.text(tickLabel(t, step: ystep), x: x0 - 6, y: y(t) + 4, size: 10, anchor: "end")
        }
        out += SVG.line(x0, y1, x1, y1, stroke: ChartPalette.axis)
        out += SVG.line(x0, y0, x0, y1, stroke: ChartPalette.axis)
        func axisLabel(_ pc: Int, _ share: Double?) -> String {
            guard let share, share.isFinite else { return "PC\(pc)" }
            return "PC\(pc) (" + CSVCell.fixed(100 * share, places: 1) + language.pick("% of variance)", "% 方差)")
        }
        out += SVG.text(axisLabel(1, explainedVariance.first), x: (x0 + x1) / 2, y: y1 + 32, size: 12, anchor: "middle")
        out += SVG.text(axisLabel(2, explainedVariance.dropFirst().first), x: 14, y: (y0 + y1) / 2, size: 12,
                        anchor: "middle", rotate: -90)
        let stride = (valid.count + Self.maxDrawnPoints - 1) / Self.maxDrawnPoints
        if stride > 1 {
            let drawn = (valid.count + stride - 1) / stride
            out += SVG.text(language.pick("\(drawn) of \(valid.count) points drawn (every \(stride)th)",
                                          "共\(valid.count)点，每\(stride)点绘1点（\(drawn)点）"),
                            x: x1, y: y0 - 6, size: 10, anchor: "end")
        }
        for (i, p) in valid.enumerated() where i % stride == 0 {
            out += SVG.circle(x(p.x), y(p.y), r: 3.6, fill: color(p.cluster), opacity: 0.8,
                              tooltip: p.label.map { "\($0): \(name(p.cluster, language))" })
        }
        for k in cents.keys.sorted() {
            let c = cents[k]!, cx = x(c.x), cy = y(c.y)
            let d = "M\(Markup.num(cx - 7)) \(Markup.num(cy - 7))L\(Markup.num(cx + 7)) \(Markup.num(cy + 7))"
                + "M\(Markup.num(cx - 7)) \(Markup.num(cy + 7))L\(Markup.num(cx + 7)) \(Markup.num(cy - 7))"
            out += Markup.tag("path", [("d", d), ("stroke", "#000000"), ("stroke-width", "3.5"), ("class", "centroid")], selfClosing: true)
            out += Markup.tag("path", [("d", d), ("stroke", color(k)), ("stroke-width", "2")], selfClosing: true)
        }
        var counts: [Int: Int] = [:]
        for p in valid { counts[p.cluster, default: 0] += 1 }
        var items = counts.keys.sorted().map {
            LegendItem(symbol: .dot(color: color($0)), label: "\(name($0, language)) (\(counts[$0]!))")
        }
        if !cents.isEmpty { items.append(LegendItem(symbol: .cross(color: "#000000"), label: language.pick("centroid", "聚类中心"))) }
        let legend = SVG.legend(items, x: x0, y: y1 + 42, maxWidth: x1 - x0)
        return SVG.open(kind: "cluster-map", width: width, height: y1 + 42 + legend.height + 6, title: title)
            + out + legend.svg + "</svg>"
    }
}

/// A point of a 2-D plane (centroids of the cluster map).
public struct PlanePoint: Hashable, Sendable {
    /// Horizontal coordinate.
    public var x: Double
    /// Vertical coordinate.
    public var y: Double

    /// A point.
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}
