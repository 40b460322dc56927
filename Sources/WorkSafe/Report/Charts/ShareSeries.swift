/// One observation of a completion share: on `day`, `percent` % of the unit's open enterprises
/// were completed.
public struct SharePoint: Hashable, Sendable {
    /// The day.
    public var day: Day
    /// The share in percent (0–100).
    public var percent: Double

    /// A point.
    public init(day: Day, percent: Double) {
        self.day = day
        self.percent = percent
    }
}

/// A named completion-share series for the line charts: the town, a community, a department.
///
/// Fill it from the trend tables (one point per period end) or with
/// `ShareSeries(ledger:unit:from:through:)`. Points are drawn in day order; non-finite shares
/// are skipped.
public struct ShareSeries: Hashable, Sendable {
    /// The series' name, shown in legends and as a panel title.
    public var name: String
    /// The points.
    public var points: [SharePoint]

    /// A series.
    public init(name: String, points: [SharePoint]) {
        self.name = name
        self.points = points
    }

    /// The unit's share on every month end from `from`'s month through `through`'s month
    /// (the last point is `through` itself when it is not a month end), computed with
    /// `Ledger.completion(on:where:)`; months without open enterprises are left out.
    ///
    /// - Complexity: O(*m* · *n* log *e*) for *m* months and *n* enterprises.
    public init(ledger: Ledger, unit: AssessmentUnit, from: Day, through: Day, name: String? = nil) {
        var points: [SharePoint] = []
        var day = from.endOfMonth
        while day <= through.endOfMonth {
            let d = min(day, through)
            let c = ledger.completion(on: d, where: unit.contains)
            if c.open > 0 { points.append(SharePoint(day: d, percent: 100 * Double(c.completed) / Double(c.open))) }
            day = day.adding(days: 1).endOfMonth
        }
        self.init(name: name ?? unit.name, points: points)
    }

    /// The finite points in day order.
    var drawable: [SharePoint] {
        points.filter { $0.percent.isFinite }.sorted { $0.day < $1.day }
    }
}

/// The time axis of the line charts: a day interval mapped to pixels, with ticks at quarter
/// starts (labelled with the year on 1 January and `Q2`…`Q4` when there is room).
struct TimeAxis {
    var start: Day
    var end: Day
    var scale: LinearScale

    init(start: Day, end: Day, x0: Double, x1: Double) {
        self.start = start
        self.end = end < start.adding(days: 1) ? start.adding(days: 1) : end
        scale = LinearScale(domain: (Double(start.ordinal), Double(self.end.ordinal)), range: (x0, x1))
    }

    func x(_ day: Day) -> Double { scale(Double(day.ordinal)) }

    /// Quarter-start ticks within the interval: (day, label or nil, is a year start).
    func ticks(minLabelSpacing: Double = 30) -> [(day: Day, label: String?, major: Bool)] {
        var q = start.quarter
        if q.firstDay < start { q = q.next }
        var days: [Day] = []
        while q.firstDay <= end { days.append(q.firstDay); q = q.next }
        let perQuarter = days.count > 1 ? x(days[1]) - x(days[0]) : .infinity
        let labelQuarters = perQuarter >= minLabelSpacing
        let perYear = perQuarter * 4
        let yearEvery = perYear >= 34 ? 1 : (perYear >= 17 ? 2 : 5)
        return days.map { d in
            let (y, m, _) = d.components
            if m == 1 { return (d, y % yearEvery == 0 ? String(y) : nil, true) }
            return (d, labelQuarters ? "Q\((m - 1) / 3 + 1)" : nil, false)
        }
    }
}

/// The schedule path (序时进度) of `campaign` between two days, as (day, percent) vertices:
/// the campaign start, each milestone, and the ends of the interval.
func schedulePath(_ campaign: Campaign, from: Day, to: Day) -> [(Day, Double)] {
    var days = [from, campaign.start] + campaign.milestones.map(\.date) + [to]
    days = days.filter { $0 >= from && $0 <= to }
    return Array(Set(days)).sorted().map { ($0, campaign.schedulePercent(on: $0)) }
}
