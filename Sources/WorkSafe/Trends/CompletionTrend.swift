import Stats

/// The completion trend: for every unit of a grouping, the completion share at each period end
/// from the campaign start to the as-of date, with its Wilson interval, the period's
/// completions, lapses and closures, the pace, the schedule share and the gap to it.
///
/// Definitions (those of the ledger: `Enterprise.isOpen(on:)`,
/// `Ledger.isCompleted(_:on:validityMonths:)`; the columns in `docs/trends.md`): on a day, an
/// enterprise is *open* when it opened on or before it and has not closed; it is *completed*
/// when it is open, its latest status on or before the day is completed, compliant or a grade,
/// and that status was recorded less than `campaign.validityMonths` months before the day
/// (`GradeValidity`: a grade without a recorded renewal lapses when its validity ends, as in the
/// forecast). Changes compare consecutive period ends
/// (the first period starts the day before the campaign start), so within a period a lapse
/// followed by a renewal counts as neither, and `netChange = completions − lapses − closures`
/// holds exactly.
///
/// `asOf` reads the ledger through `Ledger.asOf`: nothing recorded after that day is used.
///
/// - Complexity: O(*E·P* + *S*) for *E* enterprises, *P* periods and *S* status events: each
///   enterprise's timeline is walked once alongside the period ends.
public struct CompletionTrend: Sendable, Hashable {
    /// The campaign (start and milestones for the schedule).
    public var campaign: Campaign
    /// The grouping.
    public var grouping: TrendGrouping
    /// The period length.
    public var period: TrendPeriod
    /// The last day whose records are used (and the last row's date).
    public var asOf: Day
    /// Number of periods in the pace window.
    public var paceWindow: Int

    /// A configuration.
    public init(campaign: Campaign, grouping: TrendGrouping = .town, period: TrendPeriod = .quarter,
                asOf: Day, paceWindow: Int = 3) {
        self.campaign = campaign
        self.grouping = grouping
        self.period = period
        self.asOf = asOf
        self.paceWindow = max(1, paceWindow)
    }

    /// The latest status-event date of `ledger`: the natural default for `asOf`.
    public static func latestRecordedDay(in ledger: Ledger) -> Day? {
        ledger.timelines.values.compactMap { $0.last?.date }.max()
    }

    /// The boundaries: the baseline (day before the first period) and the period ends.
    func boundaries() -> (baseline: Day, ends: [(day: Day, isPartial: Bool)]) {
        let ends = period.ends(from: campaign.start, through: asOf)
        let firstPeriodStart = asOf < campaign.start
            ? (period == .month ? Day(year: asOf.year, month: asOf.month, day: 1)! : asOf.quarter.firstDay)
            : campaign.start
        return (firstPeriodStart.adding(days: -1), ends)
    }

    /// The trend rows from a ledger, units in `grouping.units` order, dates ascending.
    public func rows(from ledger: Ledger) -> [CompletionTrendRow] {
        // Equivalent to reading `ledger.asOf(asOf)` without copying it: every boundary is on or
        // before `asOf`, so later events are never reached and later closures never take
        // effect; enterprises opened after `asOf` are skipped (their units do not exist yet).
        let known = ledger.enterprises.filter { e in e.openedOn.map { $0 <= asOf } ?? true }
        let (baseline, ends) = boundaries()
        let days = [baseline] + ends.map(\.day)
        let units = grouping.units(of: known)
        var unitIndex: [String: Int] = [:]
        for (i, u) in units.enumerated() { unitIndex[u] = i }
        let k = days.count
        // Counts per unit and boundary, flattened: index u·k + b.
        var completedFlat = [Int](repeating: 0, count: units.count * k)
        var openFlat = completedFlat, completionsFlat = completedFlat
        var lapsesFlat = completedFlat, closuresFlat = completedFlat
        let ordinals = days.map(\.ordinal)
        let validity = campaign.validityMonths
        for e in known {
            guard let u = unitIndex[grouping.unit(of: e)] else { continue }
            let events = ledger.timelines[e.id] ?? []
            let openFrom = e.openedOn?.ordinal ?? Int.min, closedFrom = e.closedOn?.ordinal ?? Int.max
            var next = 0
            var done = false, wasDone = false
            var validUntil = Int.max   // the day the latest completion stops counting (GradeValidity)
            let base = u * k
            for b in 0..<k {
                let day = ordinals[b]
                while next < events.count && events[next].date.ordinal <= day {
                    done = events[next].status.countsAsCompleted
                    validUntil = done ? (GradeValidity.expiry(of: events[next], validityMonths: validity)?.ordinal ?? .max) : .max
                    next += 1
                }
                let isOpen = openFrom <= day && day < closedFrom
                let isDone = isOpen && done && day < validUntil
                if isOpen { openFlat[base + b] += 1 }
                if isDone { completedFlat[base + b] += 1 }
                if b > 0 {
                    if isDone && !wasDone { completionsFlat[base + b] += 1 }
                    if wasDone && !isDone {
                        if isOpen { lapsesFlat[base + b] += 1 } else { closuresFlat[base + b] += 1 }
                    }
                }
                wasDone = isDone
            }
        }
        func grid(_ flat: [Int]) -> [[Int]] { (0..<units.count).map { Array(flat[($0 * k)..<(($0 + 1) * k)]) } }
        let completed = grid(completedFlat), open = grid(openFlat), completions = grid(completionsFlat)
        let lapses = grid(lapsesFlat), closures = grid(closuresFlat)

        let firstRecord = Self.firstRecordedDay(in: ledger).flatMap { $0 <= asOf ? $0 : nil }
        var rows: [CompletionTrendRow] = []
        for (u, unit) in units.enumerated() {
            for b in 1..<k {
                let (day, partial) = ends[b - 1]
                var row = CompletionTrendRow(grouping: grouping.rawValue, unit: unit, periodEnd: day,
                                             isPartialPeriod: partial,
                                             schedulePercent: campaign.schedulePercent(on: day))
                row.completed = completed[u][b]
                row.open = open[u][b]
                row.completions = completions[u][b]
                row.lapses = lapses[u][b]
                row.closures = closures[u][b]
                row.netChange = completed[u][b] - completed[u][b - 1]
                let window = max(1, b - paceWindow + 1)...b
                let sum = window.reduce(0) { $0 + completions[u][$1] }
                let months = Double(days[b].ordinal - days[window.lowerBound - 1].ordinal) / averageDaysPerMonth
                row.pacePerMonth = months > 0 ? Double(sum) / months : 0
                if partial { row.notes.append(TrendNote.partialPeriod) }
                if firstRecord.map({ day < $0 }) ?? true { row.notes.append(TrendNote.noStatusRecordedYet) }
                Self.fillShare(&row)
                rows.append(row)
            }
        }
        return rows
    }

    /// Share, Wilson interval and gap from the counts, or a note when the group is empty.
    static func fillShare(_ row: inout CompletionTrendRow) {
        guard let c = row.completed, let n = row.open else { return }
        guard n > 0, let w = try? WilsonInterval(successes: c, trials: n) else {
            row.notes.append(TrendNote.noEnterprisesOpen)
            return
        }
        let share = 100 * Double(c) / Double(n)
        row.sharePercent = share
        row.wilsonLowerPercent = 100 * w.lower
        row.wilsonUpperPercent = 100 * w.upper
        row.gapPercent = share - row.schedulePercent
        if c == n { row.notes.append(TrendNote.allCompleted) }
    }

    static func firstRecordedDay(in ledger: Ledger) -> Day? {
        ledger.timelines.values.compactMap { $0.first?.date }.min()
    }

    /// The trend rows from aggregate progress records (`progress.csv`): per unit, each period
    /// end takes the unit's latest report on or before it (carried forward, with a note).
    /// Records after `asOf` are ignored; `grouping` does not apply (units are the file's).
    ///
    /// With counts, the row has the share, Wilson interval and net change, and the pace is the
    /// net change of completed counts per month over the window; completions, lapses and
    /// closures are unknown (only totals are reported). With a share only, counts, interval,
    /// changes and pace are unknown.
    public func rows(from records: [ProgressRecord]) -> [CompletionTrendRow] {
        let (baseline, ends) = boundaries()
        let days = [baseline] + ends.map(\.day)
        var byUnit: [String: [ProgressRecord]] = [:]
        for r in records where r.date <= asOf { byUnit[r.unit, default: []].append(r) }
        var rows: [CompletionTrendRow] = []
        for unit in byUnit.keys.sorted() {
            // Stable by date: the last record of a day wins.
            let reports = byUnit[unit]!.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
                .map(\.element)
            var latest: [ProgressRecord?] = []
            var next = 0
            var current: ProgressRecord? = nil
            for day in days {
                while next < reports.count && reports[next].date <= day { current = reports[next]; next += 1 }
                latest.append(current)
            }
            for b in 1..<days.count {
                let (day, partial) = ends[b - 1]
                var row = CompletionTrendRow(grouping: "progress", unit: unit, periodEnd: day,
                                             isPartialPeriod: partial,
                                             schedulePercent: campaign.schedulePercent(on: day))
                if partial { row.notes.append(TrendNote.partialPeriod) }
                guard let report = latest[b] else {
                    row.notes.append(TrendNote.beforeFirstReport)
                    rows.append(row)
                    continue
                }
                if report.date != day { row.notes.append(TrendNote.carriedForward(from: report.date)) }
                if let c = report.completed, let n = report.total {
                    row.completed = c
                    row.open = n
                    Self.fillShare(&row)
                    if let previous = latest[b - 1], let pc = previous.completed, previous.total != nil {
                        row.netChange = c - pc
                    } else {
                        row.notes.append(TrendNote.noChangesAtFirstReport)
                    }
                    let window = max(1, b - paceWindow + 1)...b
                    if let start = latest[window.lowerBound - 1], let sc = start.completed, start.total != nil {
                        let months = Double(days[b].ordinal - days[window.lowerBound - 1].ordinal) / averageDaysPerMonth
                        row.pacePerMonth = months > 0 ? Double(c - sc) / months : 0
                        row.notes.append(TrendNote.paceFromNetChange)
                    } else {
                        row.notes.append(TrendNote.noPaceBeforeWindow)
                    }
                } else if let share = report.share {
                    row.sharePercent = 100 * share
                    row.gapPercent = 100 * share - row.schedulePercent
                    row.notes.append(TrendNote.shareOnly)
                } else {
                    row.notes.append(TrendNote.beforeFirstReport)
                }
                rows.append(row)
            }
        }
        return rows
    }
}
