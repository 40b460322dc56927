import Tabular

/// A defect `worksafe simulate --dirty` injects, one per chosen enterprise, each of which
/// `worksafe validate` must report under the rule of the same name.
public enum DirtyDefect: String, CaseIterable, Sendable {
    /// An extra status row whose id Excel wrote as 9.13501E+17.
    case excelMangledNumber = "excel_mangled_number"
    /// A second enterprise row with the same id in lower case with a full-width first character.
    case duplicateID = "duplicate_id"
    /// The enterprise's size is 巨型.
    case unknownCategory = "unknown_category"
    /// An extra status row dated 2023-02-30.
    case invalidDate = "invalid_date"
    /// An extra status row dated 2031-01-15.
    case futureDate = "future_date"
    /// The enterprise closes before it opens.
    case closedBeforeOpened = "closed_before_opened"
    /// A status row for an id that is not in enterprises.csv.
    case unknownEnterprise = "unknown_enterprise"
    /// An extra self-assessment with score 135.
    case scoreOutOfRange = "score_out_of_range"
    /// A wrong GB 32100 check character in the enterprise's id (a warning).
    case creditCodeCheck = "credit_code_check"
    /// A risk row whose general hazards read 三.
    case invalidNumber = "invalid_number"
    /// The enterprise's community is blank.
    case missingValue = "missing_value"
    /// An extra status row with one field too many.
    case raggedRow = "ragged_row"
    /// A risk row with −2 violations.
    case negativeCount = "negative_count"
    /// An extra risk row for period 2024Q5.
    case invalidPeriod = "invalid_period"
    /// A risk row with more major hazards rectified than found.
    case inconsistentCounts = "inconsistent_counts"
    /// A risk row repeated.
    case duplicatePeriod = "duplicate_period"
    /// A status row dated before the enterprise entered the campaign (a warning).
    case statusBeforeOpening = "status_before_opening"
    /// A status row dated after the enterprise closed (a warning).
    case statusAfterClosing = "status_after_closing"

    /// The rule validation reports for this defect.
    public var rule: LedgerRule { LedgerRule(rawValue: rawValue)! }

    /// Which enterprise carries which defect: defect *k* goes to enterprise 7 + 13·k (those
    /// that exist), away from the first enterprises (the founding benchmarks).
    public static func plan(enterprises: Int) -> [Int: DirtyDefect] {
        var plan: [Int: DirtyDefect] = [:]
        for (k, d) in allCases.enumerated() where 7 + 13 * k < enterprises { plan[7 + 13 * k] = d }
        return plan
    }

    /// Writes `sim`'s records with this defect.
    func write(_ sim: SimulatedEnterprise, writer: LedgerWriter, simulation: TownSimulation) throws {
        let lang = writer.language
        var e = sim.enterprise
        var entCells = LedgerWriter.cells(e, lang)
        var extraStatus: [[CSVCell]] = []
        var riskRows = sim.risk.map { LedgerWriter.cells($0) }
        let statusCells: (String, String, String, CSVCell) -> [CSVCell] = { [.text($0), .text($1), .text($2), $3] }
        switch self {
        case .excelMangledNumber: extraStatus.append(statusCells("9.13501E+17", "2024-03-01", "in_progress", .empty))
        case .duplicateID: break
        case .unknownCategory: entCells[5] = "巨型"
        case .invalidDate: extraStatus.append(statusCells(e.id, "2023-02-30", "in_progress", .empty))
        case .futureDate: extraStatus.append(statusCells(e.id, "2031-01-15", "completed", .empty))
        case .closedBeforeOpened:
            e.openedOn = Day(year: 2024, month: 5, day: 1); e.closedOn = Day(year: 2024, month: 3, day: 1)
            entCells = LedgerWriter.cells(e, lang)
        case .unknownEnterprise: extraStatus.append(statusCells("91350105NOSUCH0001", "2024-06-01", "in_progress", .empty))
        case .scoreOutOfRange: extraStatus.append(statusCells(e.id, "2024-06-01", "self_assessed", .number(135)))
        case .creditCodeCheck: break  // the id itself was generated with a wrong check character
        case .invalidNumber: if !riskRows.isEmpty { riskRows[0][10] = "三" }
        case .missingValue: entCells[2] = .empty
        case .raggedRow: extraStatus.append(statusCells(e.id, "2024-06-01", "in_progress", .empty) + [.text("extra")])
        case .negativeCount: if !riskRows.isEmpty { riskRows[0][14] = .integer(-2) }
        case .invalidPeriod:
            if let first = riskRows.first { var r = first; r[1] = "2024Q5"; riskRows.append(r) }
        case .inconsistentCounts: if !riskRows.isEmpty { riskRows[0][11] = .integer(1); riskRows[0][13] = .integer(3) }
        case .duplicatePeriod: if let first = riskRows.first { riskRows.append(first) }
        case .statusBeforeOpening:
            // One status row before the opening: the enterprise's first, when it has no opening
            // date (it is given one the day after), else an extra row a month before it.
            if e.openedOn == nil, let first = sim.events.first?.date {
                e.openedOn = first.adding(days: 1); entCells = LedgerWriter.cells(e, lang)
            } else if let opened = e.openedOn {
                extraStatus.append(statusCells(e.id, opened.adding(months: -1).description, "in_progress", .empty))
            }
        case .statusAfterClosing:
            // One status row after the closing: an extra row 20 days after it, for an enterprise
            // that closes; one that does not is closed the day after its last status.
            if e.closedOn == nil, let last = sim.events.last?.date {
                e.closedOn = last.adding(days: 1); entCells = LedgerWriter.cells(e, lang)
            }
            if let closed = e.closedOn {
                extraStatus.append(statusCells(e.id, closed.adding(days: 20).description, "compliant", .empty))
            }
        }
        try writer.writeRaw(.enterprises, entCells)
        if self == .duplicateID {
            var dup = entCells
            let lowered = e.id.lowercased()
            let full = String(Character(Unicode.Scalar(lowered.unicodeScalars.first!.value + 0xFEE0)!)) + lowered.dropFirst()
            dup[0] = .text(full)
            try writer.writeRaw(.enterprises, dup)
        }
        for s in sim.events { try writer.write(s) }
        for s in extraStatus { try writer.writeRaw(.status, s) }
        for r in riskRows { try writer.writeRaw(.risk, r) }
        for p in sim.points { try writer.write(p) }
    }
}
