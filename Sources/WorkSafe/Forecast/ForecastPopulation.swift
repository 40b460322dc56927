/// The first step of the hazard forecast: the enterprises open on the as-of date, what each one
/// is (its covariate cell and its community × department pace group), where it stands (not
/// completed, or completed with a grade that expires in a given month), and the grades whose
/// validity ended before the as-of date (for the renewal rate). Completion and expiry follow
/// `GradeValidity`: a grade expires `validityMonths` after its grant or last recorded renewal,
/// and one that expired before the as-of date without a renewal is not completed.
struct ForecastPopulation {
    /// A pace group: enterprises that share a community and a department share a time path.
    struct Group: Hashable, Sendable, Comparable {
        let community: String, department: String
        static func < (a: Group, b: Group) -> Bool { (a.community, a.department) < (b.community, b.department) }
    }

    /// Where an open enterprise stands on the as-of date.
    enum Standing: Hashable, Sendable {
        case notCompleted
        /// Completed; its grade expires in month `expiry` after the as-of month (nil: never
        /// within reach of the model, e.g. validity 0).
        case completed(expiry: Int?)
    }

    let index: UnitIndex
    /// Distinct covariate cells and pace groups, in first-seen order (the order is fixed by the
    /// ledger, so the output is deterministic).
    let cells: [CompletionHazard.CellCodes]
    let groups: [Group]
    /// Per open enterprise, in simulation order (by cell, then group, then ledger order):
    let cell: [Int32], group: [Int32], community: [Int32], department: [Int32]
    let standing: [Standing]
    /// Each one's index in the as-of ledger's `enterprises`.
    let ledgerIndex: [Int32]
    /// `1 + θΛ` for an enterprise at risk that accumulated the baseline hazard Λ in its spell
    /// (1 for the others): the frailty's conditioning on survival.
    let frailtyScale: [Double]
    /// Open enterprises of each community unit (simulation indices), for entrants' make-up.
    let members: [[Int32]]
    /// Open and completed enterprises per unit on the as-of date.
    let openBase: [Int], doneBase: [Int]
    /// Grades whose validity ended at least a month before the as-of date, and how many of them
    /// were renewed.
    let expiredGrades: Int, renewedGrades: Int

    init(ledger: Ledger, fitted: CompletionHazard.Fitted, campaign: Campaign, asOf: Day) {
        let index = UnitIndex(enterprises: ledger.enterprises)
        let a = MonthIndex.of(asOf)
        let validity = campaign.validityMonths
        var cellID: [CompletionHazard.CellCodes: Int32] = [:], cells: [CompletionHazard.CellCodes] = []
        var groupID: [Group: Int32] = [:], groups: [Group] = []
        var rows: [(cell: Int32, group: Int32, com: Int32, dept: Int32, standing: Standing, scale: Double, order: Int)] = []
        var openBase = [Int](repeating: 0, count: index.units.count), doneBase = openBase
        var expired = 0, renewed = 0
        for (i, e) in ledger.enterprises.enumerated() {
            // Renewal history: every grant or renewal whose validity ended a month before asOf,
            // renewed when the enterprise still counts as completed a month after (GradeValidity).
            var latest: StatusEvent? = nil
            for event in ledger.timelines[e.id] ?? [] where event.date <= asOf {
                latest = event
                guard event.status.countsAsCompleted, let end = GradeValidity.expiry(of: event, validityMonths: validity),
                      end.adding(months: 1) <= asOf else { continue }
                expired += 1
                if ledger.isCompleted(e, on: end.adding(months: 1), validityMonths: validity) { renewed += 1 }
            }
            guard e.isOpen(on: asOf) else { continue }
            let codes = fitted.codes(e)
            let c: Int32
            if let known = cellID[codes] { c = known } else { c = Int32(cells.count); cellID[codes] = c; cells.append(codes) }
            let key = Group(community: e.community, department: e.department)
            let g: Int32
            if let known = groupID[key] { g = known } else { g = Int32(groups.count); groupID[key] = g; groups.append(key) }
            let done = GradeValidity.counts(latest, on: asOf, validityMonths: validity)
            let standing: Standing
            if done, let grant = latest, let end = GradeValidity.expiry(of: grant, validityMonths: validity) {
                // Valid on asOf, so the expiry month is the as-of month or later.
                standing = .completed(expiry: MonthIndex.of(end) - a)
            } else {
                standing = done ? .completed(expiry: nil) : .notCompleted
            }
            let scale = done ? 1 : 1 + fitted.frailty * fitted.accumulatedHazard(of: e)
            rows.append((c, g, index.communityOf[i], index.departmentOf[i], standing, scale, i))
            for u in [0, Int(index.communityOf[i]), Int(index.departmentOf[i])] {
                openBase[u] += 1
                if done { doneBase[u] += 1 }
            }
        }
        // Simulation order: by cell, then group, then ledger order (the tables are then read in
        // long runs); fixed by the data, so deterministic.
        rows.sort { ($0.cell, $0.group, $0.order) < ($1.cell, $1.group, $1.order) }
        var members = [[Int32]](repeating: [], count: index.units.count)
        for (r, row) in rows.enumerated() { members[Int(row.com)].append(Int32(r)) }
        self.index = index
        self.cells = cells; self.groups = groups
        cell = rows.map(\.cell); group = rows.map(\.group)
        community = rows.map(\.com); department = rows.map(\.dept)
        standing = rows.map(\.standing)
        ledgerIndex = rows.map { Int32($0.order) }
        frailtyScale = rows.map(\.scale)
        self.members = members
        self.openBase = openBase; self.doneBase = doneBase
        expiredGrades = expired; renewedGrades = renewed
    }

    var count: Int { cell.count }
}

/// The second step: how often enterprises close and enter, over a window before the as-of date.
struct TurnoverRates {
    /// Closures and open enterprise-months in the window (town-wide).
    let closures: Int, openMonths: Double
    /// Entries in the window, town-wide and per community unit.
    let entries: Int, entriesByUnit: [Int]
    /// The window's length in months (after the campaign start).
    let entryWindowMonths: Double

    init(ledger: Ledger, index: UnitIndex, campaign: Campaign, asOf: Day, windowMonths: Int) {
        let windowStart = asOf.adding(months: -windowMonths)
        var closures = 0, openMonths = 0.0, entries = 0
        var byUnit = [Int](repeating: 0, count: index.units.count)
        for (i, e) in ledger.enterprises.enumerated() {
            let from = Swift.max(e.openedOn ?? windowStart, windowStart)
            let to = Swift.min(e.closedOn ?? asOf, asOf)
            if to > from { openMonths += Double(to.ordinal - from.ordinal) / PaceBaseline.daysPerMonth }
            if let c = e.closedOn, c > windowStart, c <= asOf { closures += 1 }
            if let o = e.openedOn, o > windowStart, o <= asOf, o > campaign.start {
                entries += 1; byUnit[Int(index.communityOf[i])] += 1
            }
        }
        self.closures = closures; self.openMonths = openMonths
        self.entries = entries; entriesByUnit = byUnit
        entryWindowMonths = Swift.max(1.0 / PaceBaseline.daysPerMonth,
            Double(asOf.ordinal - Swift.max(windowStart, campaign.start).ordinal) / PaceBaseline.daysPerMonth)
    }
}
