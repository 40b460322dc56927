/// Per-unit counts gathered in one pass over the ledger (internal to the assessment).
struct UnitTally {
    var open = 0
    var completed = 0
    var red = 0
    var orange = 0
    var hazardsFound = 0
    var hazardsRectified = 0
    var majorHazardsOpen = 0
    var keyIndustriesPresent = Set<String>()
    var keyIndustriesCovered = Set<String>()

    /// Completion share in percent, `nil` when no enterprise is open.
    var sharePercent: Double? { open > 0 ? 100 * Double(completed) / Double(open) : nil }

    /// The benchmark status from the unit's key industries and the industries the town has a
    /// completed benchmark in (`townCovered`: the town tally's `keyIndustriesCovered`).
    func benchmark(_ campaign: Campaign, on day: Day, townCovered: Set<String>) -> BenchmarkStatus {
        let present = campaign.keyIndustries.filter { keyIndustriesPresent.contains($0) }
        return BenchmarkStatus(keyIndustriesPresent: present,
                               missing: present.filter { !townCovered.contains($0) },
                               isDue: day >= campaign.benchmarkDeadline)
    }
}

/// The units an enterprise counts for: the town, its community, its department.
func unitsOf(_ e: Enterprise) -> [AssessmentUnit] {
    [.town, .community(e.community), .department(e.department)]
}

/// Completion counts of every unit on `day`, in one pass: O(*n* log *e*).
func completionTallies(_ ledger: Ledger, on day: Day) -> [AssessmentUnit: (completed: Int, open: Int)] {
    var result: [AssessmentUnit: (completed: Int, open: Int)] = [:]
    for e in ledger.enterprises where e.isOpen(on: day) {
        let done = ledger.isCompleted(e, on: day)
        for u in unitsOf(e) {
            var t = result[u] ?? (0, 0)
            t.open += 1
            if done { t.completed += 1 }
            result[u] = t
        }
    }
    return result
}

/// Share in percent from a completion tally, `nil` when nothing is open.
func sharePercent(_ t: (completed: Int, open: Int)?) -> Double? {
    guard let t, t.open > 0 else { return nil }
    return 100 * Double(t.completed) / Double(t.open)
}
