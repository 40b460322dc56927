/// The whole ledger (台账): enterprises, their status timelines, quarterly risk observations and
/// risk points, with the design's definitions of "open" and "completed" on a day.
///
/// Status events are kept per enterprise sorted by date (stable for events on the same day, so
/// the last one recorded wins), which makes `status(of:on:)` a binary search.
public struct Ledger: Sendable {
    /// Enterprises in file order.
    public private(set) var enterprises: [Enterprise]
    /// Status events per enterprise id, sorted by date (stable).
    public private(set) var timelines: [String: [StatusEvent]]
    /// Quarterly risk observations in file order.
    public var risk: [RiskObservation]
    /// Risk points in file order (empty when `risk_points.csv` is absent).
    public var riskPoints: [RiskPoint]
    /// Index of each enterprise id in `enterprises`.
    public private(set) var indexByID: [String: Int]

    /// A ledger. Status events of ids not among `enterprises` are kept (validation reports them)
    /// but never count for any enterprise.
    public init(enterprises: [Enterprise], statusEvents: [StatusEvent],
                risk: [RiskObservation] = [], riskPoints: [RiskPoint] = []) {
        self.enterprises = enterprises
        indexByID = Self.firstIndexByID(enterprises)
        var t: [String: [StatusEvent]] = [:]
        t.reserveCapacity(enterprises.count)
        for event in statusEvents { t[event.enterpriseID, default: []].append(event) }
        timelines = Self.sortedByDate(t)
        self.risk = risk
        self.riskPoints = riskPoints
    }

    /// A ledger whose status events are already grouped by enterprise: `timelinesByIndex[i]`
    /// holds the events of `enterprises[i]` in file order (the reader's; it may be shorter than
    /// `enterprises`). The same ledger as `init(enterprises:statusEvents:risk:riskPoints:)` with
    /// those events, without hashing every event's id.
    init(enterprises: [Enterprise], timelinesByIndex: [[StatusEvent]],
         risk: [RiskObservation] = [], riskPoints: [RiskPoint] = []) {
        self.enterprises = enterprises
        indexByID = Self.firstIndexByID(enterprises)
        var t: [String: [StatusEvent]] = [:]
        t.reserveCapacity(enterprises.count)
        for (i, events) in timelinesByIndex.enumerated() where !events.isEmpty {
            assert(events.allSatisfy { $0.enterpriseID == enterprises[i].id })
            t[enterprises[i].id, default: []] += events
        }
        timelines = Self.sortedByDate(t)
        self.risk = risk
        self.riskPoints = riskPoints
    }

    /// Each id's first position in `enterprises` (a repeated id keeps its first row).
    static func firstIndexByID(_ enterprises: [Enterprise]) -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(enterprises.count)
        for (i, e) in enterprises.enumerated() where index[e.id] == nil { index[e.id] = i }
        return index
    }

    /// Each timeline in date order, stably (ties keep their order); timelines already in order,
    /// the usual case, are kept as they are.
    static func sortedByDate(_ timelines: [String: [StatusEvent]]) -> [String: [StatusEvent]] {
        var t = timelines
        for (key, events) in timelines where zip(events, events.dropFirst()).contains(where: { $0.date > $1.date }) {
            // Stable sort by date: enumerate to break ties by original order.
            t[key] = events.enumerated().sorted {
                ($0.element.date, $0.offset) < ($1.element.date, $1.offset)
            }.map(\.element)
        }
        return t
    }

    /// The enterprise with `id`, if any.
    public func enterprise(id: String) -> Enterprise? {
        indexByID[id].map { enterprises[$0] }
    }

    /// The latest status of enterprise `id` on or before `day`, or `nil` if none was recorded.
    ///
    /// - Complexity: O(log *e*) for *e* events of that enterprise.
    public func status(of id: String, on day: Day) -> StandardizationStatus? {
        guard let events = timelines[id] else { return nil }
        return Ledger.latestEvent(in: events, on: day)?.status
    }

    /// The latest event on or before `day` in a timeline sorted by date (nil: none yet), by
    /// binary search.
    static func latestEvent(in events: [StatusEvent], on day: Day) -> StatusEvent? {
        // Last index with date <= day.
        var lo = 0, hi = events.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if events[mid].date <= day { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : events[lo - 1]
    }

    /// Whether `enterprise` counts as completed on `day`: it is open on `day` and its latest
    /// status on or before `day` is completed, compliant or a grade.
    public func isCompleted(_ enterprise: Enterprise, on day: Day) -> Bool {
        enterprise.isOpen(on: day) && (status(of: enterprise.id, on: day)?.countsAsCompleted ?? false)
    }

    /// The enterprises open on `day` (the denominator) and how many of them are completed.
    public func completion(on day: Day, where include: (Enterprise) -> Bool = { _ in true })
        -> (completed: Int, open: Int)
    {
        var completed = 0, open = 0
        for e in enterprises where include(e) && e.isOpen(on: day) {
            open += 1
            if status(of: e.id, on: day)?.countsAsCompleted ?? false { completed += 1 }
        }
        return (completed, open)
    }

    /// The ledger as it was known on `day`: status events, openings and risk observations after
    /// `day` are dropped, and closures after `day` are forgotten (no look-ahead).
    ///
    /// - Complexity: O(n + e) for n enterprises and e status events, without hashing an event's
    ///   id: each timeline is already in date order, so its known part is a prefix (timelines
    ///   wholly in the past are shared, not copied). An id whose events all lie after `day` keeps
    ///   an empty timeline, which every query treats as no events.
    public func asOf(_ day: Day) -> Ledger {
        var known = self
        known.enterprises = enterprises.compactMap { e -> Enterprise? in
            if let o = e.openedOn, o > day { return nil }
            var copy = e
            if let c = e.closedOn, c > day { copy.closedOn = nil }
            return copy
        }
        if known.enterprises.count != enterprises.count {
            known.indexByID = Self.firstIndexByID(known.enterprises)
        }
        known.timelines = timelines.mapValues { events in
            guard let last = events.last, last.date > day else { return events }
            var n = events.count
            while n > 0 && events[n - 1].date > day { n -= 1 }
            return Array(events[..<n])
        }
        known.risk = risk.filter { $0.period.lastDay <= day }
        return known
    }

    /// All status events, per enterprise in date order, enterprises in id order.
    public var allStatusEvents: [StatusEvent] {
        timelines.keys.sorted().flatMap { timelines[$0]! }
    }
}
