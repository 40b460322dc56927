import Stats
import Tabular
import Testing
@testable import WorkSafe

/// Properties of completion shares and trends on random ledgers (seeded), read through the
/// same path as the CLI: CSV bytes → `LedgerReader.read(files:)` → `Ledger` → `CompletionTrend`.
@Suite struct LedgerPropertyTests {
    static let start = Day(iso: "2023-01-01")!
    static let today = Day(iso: "2026-06-30")!
    static let span = today.ordinal - start.ordinal

    /// One enterprise row and its status rows, as CSV cells.
    struct RandomEnterprise {
        var row: [String]
        var statusRows: [[String]]
    }

    /// A random enterprise `E<i>`: some opened late, some closed; up to 6 status events on
    /// distinct days (events on one day are ordered by the file, by design, so the order
    /// properties need distinct days). `from` bounds its dates from below.
    static func randomEnterprise(_ i: Int, from first: Day, _ g: inout SeededGenerator) -> RandomEnterprise {
        let room = today.ordinal - first.ordinal
        let opened: Day? = g.bernoulli(0.3) ? first.adding(days: g.index(below: max(1, room / 2))) : nil
        let closed: Day? = g.bernoulli(0.15) ? (opened ?? first).adding(days: 1 + g.index(below: max(1, room / 2))) : nil
        let id = "E\(i)"
        let row = [id, "企业\(i)", ["东村", "西村", "南村", "新城社区"][g.index(below: 4)],
                   ["应急管理办", "住建办"][g.index(below: 2)], ["工贸", "危险化学品", "消防"][g.index(below: 3)],
                   EnterpriseSize.allCases[g.index(below: 4)].rawValue,
                   opened?.description ?? "", closed?.description ?? "", g.bernoulli(0.1) ? "true" : ""]
        var days = Set<Int>()
        for _ in 0..<g.index(below: 7) { days.insert(g.index(below: room + 1)) }
        let statuses = StandardizationStatus.allCases
        let statusRows = days.sorted().map { d in
            [id, first.adding(days: d).description, statuses[g.index(below: statuses.count)].rawValue, ""]
        }
        return RandomEnterprise(row: row, statusRows: statusRows)
    }

    static func csv(_ header: [String], _ rows: [[String]]) -> [UInt8] {
        let sink = MemorySink()
        let writer = CSVWriter(to: sink)
        try! writer.writeHeader(header)
        for r in rows { try! writer.writeRow(r.map { .text($0) }) }
        try! writer.flush()
        return sink.bytes
    }

    static func read(_ enterprises: [[String]], _ status: [[String]]) throws -> Ledger {
        let files: [LedgerFile: [UInt8]] = [
            .enterprises: csv(LedgerColumns.enterprises.map(\.key), enterprises),
            .status: csv(LedgerColumns.status.map(\.key), status),
        ]
        let result = try LedgerReader.read(files: files, options: LedgerReadOptions(today: today))
        try #require(!result.hasErrors, "\(result.findings.filter { $0.severity == .error })")
        return result.ledger
    }

    static func randomLedgerRows(seed: Int) -> (enterprises: [[String]], status: [[String]]) {
        var g = SeededGenerator(seed: UInt64(seed))
        let parts = (0..<(1 + g.index(below: 25))).map { randomEnterprise($0, from: start, &g) }
        return (parts.map(\.row), parts.flatMap(\.statusRows))
    }

    /// Two trend configurations (grouping × period) drawn at random, as of `asOf`: over the
    /// cases every configuration is checked many times, at a fifth of the cost of all ten.
    static func trends(_ asOf: Day, _ g: inout SeededGenerator) -> [CompletionTrend] {
        (0..<2).map { _ in
            CompletionTrend(campaign: .townPlan, grouping: TrendGrouping.allCases[g.index(below: TrendGrouping.allCases.count)],
                            period: TrendPeriod.allCases[g.index(below: TrendPeriod.allCases.count)], asOf: asOf)
        }
    }

    /// Shares are within [0, 1]; adding a completion event dated `d` for an enterprise open and
    /// not completed on `d` raises the count on `d` by exactly one and lowers no share on any
    /// day, in `Ledger.completion(on:)` or in any trend row.
    @Test(arguments: 0..<200)
    func sharesAreProportionsAndMonotoneInCompletions(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(seed)).split(stream: 7)
        let (enterprises, status) = Self.randomLedgerRows(seed: seed)
        let ledger = try Self.read(enterprises, status)
        let d = Self.start.adding(days: g.index(below: Self.span + 1))
        let candidates = ledger.enterprises.filter { $0.isOpen(on: d) && !ledger.isCompleted($0, on: d) }
        let probes = (0..<12).map { _ in Self.start.adding(days: g.index(below: Self.span + 60) - 30) } + [d]
        for day in probes {
            let c = ledger.completion(on: day)
            #expect(c.completed >= 0 && c.completed <= c.open)
        }
        guard !candidates.isEmpty else { return }
        let chosen = candidates[g.index(below: candidates.count)]
        let kind: StandardizationStatus = [.completed, .compliant, .level1, .level2, .level3][g.index(below: 5)]
        let more = Ledger(enterprises: ledger.enterprises,
                          statusEvents: ledger.allStatusEvents + [StatusEvent(enterpriseID: chosen.id, date: d, status: kind)])
        #expect(more.completion(on: d).completed == ledger.completion(on: d).completed + 1)
        for day in probes {
            let (a, b) = (ledger.completion(on: day), more.completion(on: day))
            #expect(a.open == b.open && b.completed >= a.completed, "\(day): \(a) → \(b)")
        }
        let asOf = Self.start.adding(days: g.index(below: Self.span + 1))
        for trend in Self.trends(asOf, &g) {
            let before = trend.rows(from: ledger), after = trend.rows(from: more)
            try #require(before.count == after.count)
            for (x, y) in zip(before, after) {
                #expect(x.unit == y.unit && x.periodEnd == y.periodEnd && x.open == y.open)
                #expect(y.completed! >= x.completed!)
                if let s = x.sharePercent, let t = y.sharePercent { #expect(t >= s && s >= 0 && t <= 100) }
            }
        }
    }

    /// The order of the rows in enterprises.csv and status.csv does not change any trend.
    @Test(arguments: 0..<150)
    func trendsDoNotDependOnRowOrder(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(seed)).split(stream: 11)
        let (enterprises, status) = Self.randomLedgerRows(seed: seed)
        let a = try Self.read(enterprises, status)
        let b = try Self.read(enterprises.shuffled(using: &g), status.shuffled(using: &g))
        let asOf = Self.start.adding(days: g.index(below: Self.span + 1))
        for trend in Self.trends(asOf, &g) { #expect(trend.rows(from: a) == trend.rows(from: b)) }
    }

    /// A trend as of `D` is unchanged by appending rows dated after `D`: status events of
    /// existing enterprises, and new enterprises (opened after `D`) with their events.
    @Test(arguments: 0..<150)
    func trendAsOfIgnoresDataAfterThatDay(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(seed)).split(stream: 13)
        let (enterprises, status) = Self.randomLedgerRows(seed: seed)
        let asOf = Self.start.adding(days: g.index(below: Self.span - 1))
        var moreStatus = status
        let statuses = StandardizationStatus.allCases
        for row in enterprises where g.bernoulli(0.5) {
            // One event per enterprise on a day after D that it has no event on yet.
            let taken = Set(status.filter { $0[0] == row[0] }.map { $0[1] })
            let day = asOf.adding(days: 1 + g.index(below: Self.today.ordinal - asOf.ordinal))
            if !taken.contains(day.description) {
                moreStatus.append([row[0], day.description, statuses[g.index(below: statuses.count)].rawValue, ""])
            }
        }
        var moreEnterprises = enterprises
        for k in 0..<g.index(below: 5) {
            var e = Self.randomEnterprise(1000 + k, from: asOf.adding(days: 1), &g)
            if e.row[6].isEmpty { e.row[6] = asOf.adding(days: 1).description }   // opened after D
            if g.bernoulli(0.5) { e.row[2] = "新社区\(k)" }                       // a unit not seen before D
            moreEnterprises.append(e.row)
            moreStatus += e.statusRows
        }
        let base = try Self.read(enterprises, status)
        let more = try Self.read(moreEnterprises, moreStatus)
        for trend in Self.trends(asOf, &g) { #expect(trend.rows(from: base) == trend.rows(from: more)) }
    }
}
