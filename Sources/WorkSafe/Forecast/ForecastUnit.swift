/// A unit a forecast is made for: the whole town, one community (所属社区) or one supervising
/// department (监管部门) — or, for aggregate `progress.csv` input, whatever unit the file names.
public struct ForecastUnit: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The grouping level.
    public enum Level: String, Sendable, CaseIterable, Comparable {
        case town, community, department
        /// A unit named in an aggregate progress table.
        case reported

        /// The Chinese label.
        public var chineseLabel: String {
            switch self {
            case .town: "全镇"
            case .community: "社区"
            case .department: "部门"
            case .reported: "单位"
            }
        }

        private var order: Int { Level.allCases.firstIndex(of: self)! }
        public static func < (a: Level, b: Level) -> Bool { a.order < b.order }
    }

    /// The level.
    public var level: Level
    /// The unit's name (`town` for the whole town).
    public var name: String

    /// A unit.
    public init(level: Level, name: String) { self.level = level; self.name = name }

    /// The whole town.
    public static let town = ForecastUnit(level: .town, name: "town")

    public var description: String { level == .town ? name : "\(level.rawValue):\(name)" }

    public static func < (a: ForecastUnit, b: ForecastUnit) -> Bool {
        (a.level, a.name) < (b.level, b.name)
    }
}

/// Internal: each enterprise's unit indices (town = 0, then communities, then departments in
/// name order), so that tallies per unit are array updates.
struct UnitIndex {
    let units: [ForecastUnit]
    let communityBase: Int
    let departmentBase: Int
    /// Per enterprise (in the ledger's order): community and department unit index.
    let communityOf: [Int32]
    let departmentOf: [Int32]

    init(enterprises: [Enterprise]) {
        let communities = Array(Set(enterprises.map(\.community))).sorted()
        let departments = Array(Set(enterprises.map(\.department))).sorted()
        var u = [ForecastUnit.town]
        u += communities.map { ForecastUnit(level: .community, name: $0) }
        u += departments.map { ForecastUnit(level: .department, name: $0) }
        units = u
        communityBase = 1
        departmentBase = 1 + communities.count
        let ci = Dictionary(uniqueKeysWithValues: communities.enumerated().map { ($1, $0) })
        let di = Dictionary(uniqueKeysWithValues: departments.enumerated().map { ($1, $0) })
        communityOf = enterprises.map { Int32(1 + ci[$0.community]!) }
        departmentOf = enterprises.map { Int32(1 + communities.count + di[$0.department]!) }
    }

    /// Observed (completed, open) per unit on `day`, computed from `ledger` (whose enterprise order
    /// this index was built from).
    func tally(_ ledger: Ledger, on day: Day) -> (completed: [Int], open: [Int]) {
        tally(ledger, on: [day])[0]
    }

    /// The same on each of `days`, in one pass over the enterprises (one timeline lookup each).
    ///
    /// - Complexity: O(n·(d + log e)) for n enterprises, d days and e events per timeline.
    func tally(_ ledger: Ledger, on days: [Day]) -> [(completed: [Int], open: [Int])] {
        let n = units.count
        var c = [Int](repeating: 0, count: n * days.count), o = c
        for (i, e) in ledger.enterprises.enumerated() {
            let timeline = ledger.timelines[e.id] ?? []
            let com = Int(communityOf[i]), dept = Int(departmentOf[i])
            for (d, day) in days.enumerated() where e.isOpen(on: day) {
                let done = Ledger.status(in: timeline, on: day)?.countsAsCompleted ?? false
                for u in [0, com, dept] {
                    o[d * n + u] += 1
                    if done { c[d * n + u] += 1 }
                }
            }
        }
        return days.indices.map { d in (Array(c[(d * n)..<((d + 1) * n)]), Array(o[(d * n)..<((d + 1) * n)])) }
    }
}

/// Calendar-month arithmetic shared by the forecasting code: month index `year·12 + month − 1`.
enum MonthIndex {
    static func of(_ d: Day) -> Int { d.year * 12 + d.month - 1 }
    static func end(_ m: Int) -> Day {
        let y = m >= 0 ? m / 12 : (m - 11) / 12
        let mo = m - y * 12 + 1
        return Day(year: y, month: mo, day: Day.daysIn(year: y, month: mo))!
    }
    /// The last month whose end is on or before `d`.
    static func lastCompleteMonth(onOrBefore d: Day) -> Int { d == d.endOfMonth ? of(d) : of(d) - 1 }
}

