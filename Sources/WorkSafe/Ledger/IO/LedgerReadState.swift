import Foundation
import Tabular

extension LedgerReader {
    struct State {
        let today: Day
        var enterprises: [Enterprise] = []
        /// Accepted status events per enterprise index (parallel to `enterprises`), file order.
        var events: [[StatusEvent]] = []
        var risk: [RiskObservation] = []
        var points: [RiskPoint] = []
        var findings: [LedgerFinding] = []
        var rejects: [RejectedRow] = []
        /// Accepted enterprises: id → (line, opened on, index in `enterprises`).
        var accepted: [String: (line: Int, openedOn: Day?, index: Int)] = [:]
        /// Accepted risk rows, for the duplicate check: a bit per enterprise and quarter (64
        /// quarters from `riskBase`), the line of each accepted row (parallel to `risk`), and —
        /// only once a bit says "maybe seen" or a quarter falls outside the bits — a dictionary
        /// enterprise index and quarter (`riskKey`) → line, built from those.
        var riskQuarterBits: [UInt64] = []
        var riskBase = 0
        var riskLines: [Int32] = []
        var seenRisk: [Int: Int]? = nil
        /// Column indices of `risk.csv` (−1 absent), resolved at its first row.
        var riskColumns: RiskColumns? = nil
        /// Column indices of `enterprises.csv` and `status.csv` (−1 absent), resolved at their
        /// first rows: the same cells as looking each key up per row, without the hashing.
        var enterpriseColumns: [Int]? = nil, statusColumns: [Int]? = nil
        static let enterpriseKeys = ["id", "name", "community", "department", "industry", "size",
                                     "opened_on", "closed_on", "benchmark"]
        static let statusKeys = ["id", "date", "status", "score"]
        var pointColumns: [Int]? = nil
        static let pointKeys = ["id", "point", "method", "l", "e", "c", "s"]

        struct RiskColumns {
            let id: Int, period: Int, elements: [Int], counts: [Int], points: [Int]
            init(_ map: CSVColumnMap) {
                id = RowChecker.resolve("id", in: map); period = RowChecker.resolve("period", in: map)
                elements = SafetyElement.allCases.map { RowChecker.resolve($0.columnName, in: map) }
                counts = LedgerColumns.riskCountKeys.map { RowChecker.resolve($0.key, in: map) }
                points = LedgerColumns.riskPointKeys.map { RowChecker.resolve($0.key, in: map) }
            }
        }
        /// Repeated text stored once (community, department, industry names).
        var interned: Set<String> = []
        /// Parsed status and size labels by their text.
        var statusLabels: [String: StandardizationStatus?] = [:]
        var sizeLabels: [String: EnterpriseSize?] = [:]
        /// The accepted ids whose cells can be matched byte for byte (`AcceptedIDTable`).
        var idTable = AcceptedIDTable()
        /// Ids whose enterprise row was rejected → line.
        var rejectedIDs: [String: Int] = [:]
        /// Where the enterprises came from, for messages (`enterprises.csv`, `台账.xlsx sheet 企业台账`).
        var enterprisesPlace = LedgerFile.enterprises.rawValue

        init(today: Day) { self.today = today }

        /// The state for validating a file after `enterprises.csv`: the accepted enterprises
        /// (shared, not copied), no findings or rejects yet.
        func forLaterFile() -> State {
            var copy = self
            copy.findings = []; copy.rejects = []
            return copy
        }

        mutating func finish(_ c: RowChecker) -> Bool {
            findings += c.findings
            guard let e = c.firstError else { return true }
            let all = c.findings.filter { $0.severity == .error }.map(\.message).joined(separator: "; ")
            rejects.append(RejectedRow(file: c.file, line: c.line, enterpriseID: c.enterpriseID,
                                       rule: e.rule, reason: all, fields: c.fields))
            return false
        }

        /// The id of a row of another file when its cell is, byte for byte, an accepted id that
        /// `readID` would return unchanged and without findings: its enterprise's index (the
        /// checker's `enterpriseID` set to the stored id). `nil`: read it the general way.
        func storedIndex(_ c: inout RowChecker, column: Int) -> Int? {
            guard column >= 0, let k = c.row.withBytes(column: column, { idTable.index(of: $0) }) else { return nil }
            c.enterpriseID = enterprises[k].id
            return k
        }

        /// The id of a row of status, risk or risk points and its enterprise's index (`nil`: not
        /// an accepted enterprise, with the finding or cascade `knownIndex` adds), the row's shape
        /// checked after the id as `readID` then `checkShape` would: an id cell that is an
        /// accepted id byte for byte (`storedIndex`) skips `readID` and the lookup.
        mutating func readKnownID(_ c: inout RowChecker, column: Int) -> (id: String?, index: Int?) {
            if let stored = storedIndex(&c, column: column) {
                c.checkShape()
                return (enterprises[stored].id, stored)
            }
            let id = c.readID(checkCreditCode: false, column: column)
            c.checkShape()
            return (id, knownIndex(id, &c))
        }

        /// For rows of other files: the index in `enterprises` of the accepted enterprise `id`;
        /// `nil` with the finding (or, for a rejected enterprise, nothing: `cascade`) otherwise.
        mutating func knownIndex(_ id: String?, _ c: inout RowChecker) -> Int? {
            guard let id else { return nil }
            if let entry = accepted[id] { return entry.index }
            if rejectedIDs[id] == nil {
                c.add("id", .error, .unknownEnterprise, "\(id) is not in \(enterprisesPlace)")
            }
            return nil
        }

        mutating func cascade(_ c: RowChecker, id: String) {
            // The enterprise's own row was rejected: leave this row out quietly.
            findings += c.findings
            rejects.append(RejectedRow(file: c.file, line: c.line, enterpriseID: id,
                                       rule: .unknownEnterprise,
                                       reason: "its enterprise (\(enterprisesPlace) line \(rejectedIDs[id]!)) was rejected",
                                       fields: c.fields))
        }

        /// One stored copy of `text`.
        mutating func intern(_ text: String) -> String { interned.insert(text).memberAfterInsert }

        /// The key of an accepted risk row: enterprise index and quarter.
        static func riskKey(_ index: Int, _ period: Quarter) -> Int {
            index << 20 | (ordinal(period) & 0xFFFFF)
        }

        static func ordinal(_ period: Quarter) -> Int { period.year * 4 + period.number - 1 }

        /// The line of the accepted risk row of enterprise `index` for `period`, if any.
        mutating func acceptedRiskLine(_ index: Int, _ period: Quarter) -> Int? {
            if let seen = seenRisk { return seen[Self.riskKey(index, period)] }
            if riskQuarterBits.isEmpty {
                riskQuarterBits = [UInt64](repeating: 0, count: enterprises.count)
                riskBase = Self.ordinal(period) - 32
            }
            let bit = Self.ordinal(period) - riskBase
            if (0..<64).contains(bit) && riskQuarterBits[index] & (1 << UInt64(bit)) == 0 { return nil }
            // Maybe seen (or out of the bits' range): from now on, the exact dictionary.
            var seen: [Int: Int] = [:]
            seen.reserveCapacity(risk.count)
            for (o, line) in zip(risk, riskLines) {
                seen[Self.riskKey(accepted[o.enterpriseID]!.index, o.period)] = Int(line)
            }
            seenRisk = seen
            return seen[Self.riskKey(index, period)]
        }

        /// The enterprise index of each accepted risk row (parallel to `risk`).
        var acceptedKeys: [Int32] = []

        /// Whether a risk row of enterprise `index` for `period` was accepted (without changing
        /// the duplicate check's structures).
        func hasAcceptedRisk(_ index: Int, _ period: Quarter) -> Bool {
            if let seen = seenRisk { return seen[Self.riskKey(index, period)] != nil }
            if riskQuarterBits.isEmpty { return false }
            // Without the dictionary every accepted row's quarter is within the bits.
            let bit = Self.ordinal(period) - riskBase
            return (0..<64).contains(bit) && riskQuarterBits[index] & (1 << UInt64(bit)) != 0
        }

        /// Records an accepted risk row (after `acceptedRiskLine` was asked about it).
        mutating func recordRisk(_ index: Int, _ period: Quarter, line: Int) {
            acceptedKeys.append(Int32(truncatingIfNeeded: index))
            riskLines.append(Int32(truncatingIfNeeded: line))
            if seenRisk != nil { seenRisk![Self.riskKey(index, period)] = line; return }
            let bit = Self.ordinal(period) - riskBase
            riskQuarterBits[index] |= 1 << UInt64(bit)
        }

        mutating func readEnterprise(_ row: CSVRow, _ map: CSVColumnMap) {
            if enterpriseColumns == nil { enterpriseColumns = Self.enterpriseKeys.map { RowChecker.resolve($0, in: map) } }
            let k = enterpriseColumns!
            var c = RowChecker(row: row, map: map, today: today)
            let id = c.readID(checkCreditCode: true, column: k[0])
            c.checkShape()
            let name = c.required("name", column: k[1])
            let community = c.required("community", column: k[2]), department = c.required("department", column: k[3])
            let industry = c.required("industry", column: k[4])
            var size: EnterpriseSize? = nil
            if let s = c.required("size", column: k[5]) {
                if let known = sizeLabels[s] { size = known } else {
                    size = EnterpriseSize(label: s)
                    sizeLabels[s] = size
                }
                if size == nil { c.add("size", .error, .unknownCategory, "size \"\(s)\" is not large/medium/small/micro (大型/中型/小型/微型)") }
            }
            let opened = c.date("opened_on", required: false, column: k[6])
            let closed = c.date("closed_on", required: false, column: k[7])
            if let o = opened, let cl = closed, cl <= o {
                c.add("closed_on", .error, .closedBeforeOpened, "closed on \(cl), on or before it opened (\(o))")
            }
            var benchmark = false
            if let b = c.text("benchmark", column: k[8]), !b.isEmpty {
                if let v = parseFlag(b) { benchmark = v } else {
                    c.add("benchmark", .error, .unknownCategory, "benchmark \"\(b)\" is not yes/no (是/否, 1/0, true/false)")
                }
            }
            if let id, let first = accepted[id] {
                c.add("id", .error, .duplicateID, "\(id) already appears on line \(first.line) (after normalisation)")
            }
            if finish(c), let id, let name, let community, let department, let industry, let size {
                accepted[id] = (c.line, opened, enterprises.count)
                if AcceptedIDTable.isStorable(id) { idTable.insert(id, index: enterprises.count) }
                enterprises.append(Enterprise(id: id, name: name, community: intern(community),
                                              department: intern(department), industry: intern(industry),
                                              size: size, openedOn: opened, closedOn: closed,
                                              isBenchmark: benchmark))
            } else if let id, accepted[id] == nil, rejectedIDs[id] == nil {
                rejectedIDs[id] = c.line
            }
        }

        mutating func readStatus(_ row: CSVRow, _ map: CSVColumnMap) {
            if statusColumns == nil { statusColumns = Self.statusKeys.map { RowChecker.resolve($0, in: map) } }
            let k = statusColumns!
            var c = RowChecker(row: row, map: map, today: today)
            let (id, index) = readKnownID(&c, column: k[0])
            let known = index != nil
            let date = c.date("date", required: true, column: k[1])
            var status: StandardizationStatus? = nil
            if let s = c.required("status", column: k[2]) {
                if let parsed = statusLabels[s] { status = parsed } else {
                    status = StandardizationStatus(label: s)
                    statusLabels[s] = status
                }
                if status == nil { c.add("status", .error, .unknownCategory, "status \"\(s)\" is not one of \(StandardizationStatus.allCases.map(\.rawValue).joined(separator: "/"))") }
            }
            let score = c.number("score", required: false, range: 0...100, column: k[3])
            if let index, let date, let opened = enterprises[index].openedOn, date < opened {
                c.add("date", .warning, .statusBeforeOpening, "status dated \(date), before the enterprise entered the campaign on \(opened)")
            }
            if let index, let date, let closed = enterprises[index].closedOn, date > closed {
                c.add("date", .warning, .statusAfterClosing,
                      "status dated \(date), after the enterprise closed on \(closed): it counts nowhere, since a closed enterprise is in no share")
            }
            if !known, let id, rejectedIDs[id] != nil, !c.hasErrors { cascade(c, id: id); return }
            if finish(c), let index, let date, let status {
                if events.count < enterprises.count { events += repeatElement([], count: enterprises.count - events.count) }
                events[index].append(StatusEvent(enterpriseID: enterprises[index].id, date: date, status: status, score: score))
            }
        }

        mutating func readRisk(_ row: CSVRow, _ map: CSVColumnMap) {
            if riskColumns == nil { riskColumns = RiskColumns(map) }
            let columns = riskColumns!
            var c = RowChecker(row: row, map: map, today: today)
            let (id, index) = readKnownID(&c, column: columns.id)
            let known = index != nil
            var period: Quarter? = c.plainQuarter("period", column: columns.period)
            if period == nil, let p = c.required("period", column: columns.period) {
                period = Quarter(p)
                if period == nil { c.add("period", .error, .invalidPeriod, "period \"\(p)\" is not a quarter such as 2024Q3") }
            }
            if let p = period, p.firstDay > today {
                c.add("period", .error, .futureDate, "period \(p) has not started (today is \(today))"); period = nil
            }
            var scores: [Double] = []
            scores.reserveCapacity(8)
            for element in SafetyElement.allCases {
                if let v = c.number(element.columnName, required: true, range: 0...100,
                                    column: columns.elements[element.rawValue]) { scores.append(v) }
            }
            var counts = (0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &counts) { raw in
                let out = raw.bindMemory(to: Int.self)
                for (k, key) in LedgerColumns.riskCountKeys.enumerated() { out[k] = c.count(key.key, column: columns.counts[k]) }
            }
            let (general, major, rectified, majorRectified, violations, accidents, deaths, injuries) = counts
            let countsValid = !c.findings.contains { $0.rule == .invalidNumber || $0.rule == .negativeCount }
            if countsValid && majorRectified > major {
                c.add("major_rectified", .error, .inconsistentCounts, "\(majorRectified) major hazards rectified but only \(major) found")
            }
            if countsValid && rectified > general + major {
                c.add("hazards_rectified", .error, .inconsistentCounts, "\(rectified) hazards rectified but only \(general + major) found")
            }
            if countsValid && deaths + injuries > 0 && accidents == 0 {
                c.add("accidents", .warning, .inconsistentCounts, "\(deaths) death(s) and \(injuries) injury(ies) without an accident")
            }
            var byLevel = [0, 0, 0, 0]
            for (k, p) in LedgerColumns.riskPointKeys.enumerated() { byLevel[p.level.rawValue] = c.count(p.key, column: columns.points[k]) }
            if let id, let period, let index, let first = acceptedRiskLine(index, period) {
                c.add("period", .error, .duplicatePeriod, "\(id) already has a \(period) row on line \(first)")
            }
            if !known, let id, rejectedIDs[id] != nil, !c.hasErrors { cascade(c, id: id); return }
            if finish(c), known, let index, let period, scores.count == 8 {
                recordRisk(index, period, line: c.line)
                risk.append(RiskObservation(enterpriseID: enterprises[index].id, period: period, elementScores: scores,
                                            hazardsGeneral: general, hazardsMajor: major,
                                            hazardsRectified: rectified, majorHazardsRectified: majorRectified,
                                            violations: violations, accidents: accidents, deaths: deaths,
                                            injuries: injuries, riskPoints: byLevel))
            }
        }

        mutating func readRiskPoint(_ row: CSVRow, _ map: CSVColumnMap) {
            if pointColumns == nil { pointColumns = Self.pointKeys.map { RowChecker.resolve($0, in: map) } }
            let k = pointColumns!
            var c = RowChecker(row: row, map: map, today: today)
            let (id, index) = readKnownID(&c, column: k[0])
            let known = index != nil
            let name = c.required("point", column: k[1])
            var method: RiskPointMethod? = nil
            if let m = c.required("method", column: k[2]) {
                method = parseMethod(m)
                if method == nil { c.add("method", .error, .unknownCategory, "method \"\(m)\" is not lec or ls") }
            }
            var l: Double?, e: Double?, cc: Double?, s: Double?
            switch method {
            case .lec:
                l = c.number("l", required: true, range: 0.1...10, column: k[3])
                e = c.number("e", required: true, range: 0.5...10, column: k[4])
                cc = c.number("c", required: true, range: 1...100, column: k[5])
            case .ls:
                l = c.number("l", required: true, range: 1...5, column: k[3])
                s = c.number("s", required: true, range: 1...5, column: k[6])
                if k[6] < 0 { c.add("", .error, .missingValue, "an LS risk point needs an s column") }
            case nil: break
            }
            if method == .lec && (k[4] < 0 || k[5] < 0) {
                c.add("", .error, .missingValue, "an LEC risk point needs e and c columns")
            }
            if !known, let id, rejectedIDs[id] != nil, !c.hasErrors { cascade(c, id: id); return }
            if finish(c), let index, let name, let method, let l {
                // The enterprise's stored id, so rows of other files share its text.
                points.append(RiskPoint(enterpriseID: enterprises[index].id, name: name, method: method, l: l, e: e, c: cc, s: s))
            }
        }
    }
}
