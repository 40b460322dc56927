/// The plan's priority list (一企一策): every enterprise open and not completed on the as-of date,
/// with the ledger's facts about it and its probability gain, ranked within its unit.
///
/// **Ranking rule**, within each unit:
/// 1. *urgent* first: red or orange (the rule-based colour) and not started or lapsed — the
///    safety office's first duty, whatever the arithmetic of the milestone says;
/// 2. then by probability gain, largest first (what one more completion does for the unit's
///    next milestone);
/// 3. ties (a unit already sure or out of reach has gains of 0) by unrectified major hazards,
///    then open hazards, then risk colour, each largest first, then longest in the stage, then
///    id.
enum PriorityList {
    /// Facts from `risk.csv` and `risk_points.csv` as known on the as-of date.
    struct RiskFacts {
        let grades: [String: RiskLevel]
        let latest: [String: RiskObservation]
        /// Per industry, the median of each element over the rows of the latest period.
        let medians: [String: [Double]]
        let latestPeriod: Quarter?

        /// Grades the enterprises `ids` (their latest period's row and their risk points).
        ///
        /// - Throws: `RiskError` for invalid rules or risk points.
        init(ledger: Ledger, ids: Set<String>, grader: RiskGrader) throws {
            var latest: [String: RiskObservation] = [:]
            for o in ledger.risk {
                if let current = latest[o.enterpriseID], current.period > o.period { continue }
                latest[o.enterpriseID] = o
            }
            var points: [String: [RiskPoint]] = [:]
            for p in ledger.riskPoints where ids.contains(p.enterpriseID) { points[p.enterpriseID, default: []].append(p) }
            var grades: [String: RiskLevel] = [:]
            for id in ids {
                let o = latest[id]
                let status: StandardizationStatus?
                if let o { status = ledger.status(of: id, on: o.period.lastDay) } else { status = ledger.timelines[id]?.last?.status }
                grades[id] = try grader.grade(enterpriseID: id, points: points[id] ?? [], observation: o,
                                              status: status).level
            }
            let period = ledger.risk.map(\.period).max()
            var scores: [String: [[Double]]] = [:]
            if let period {
                for o in ledger.risk where o.period == period && o.elementScores.count == SafetyElement.allCases.count {
                    guard let e = ledger.enterprise(id: o.enterpriseID) else { continue }
                    // In place (a copy taken out of the dictionary would be copied on every append).
                    for j in 0..<SafetyElement.allCases.count {
                        scores[e.industry, default: Array(repeating: [], count: SafetyElement.allCases.count)][j]
                            .append(o.elementScores[j])
                    }
                }
            }
            self.grades = grades; self.latest = latest; latestPeriod = period
            medians = scores.mapValues { $0.map(Self.median) }
        }

        static func median(_ values: [Double]) -> Double {
            let v = values.sorted()
            guard !v.isEmpty else { return .nan }
            return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
        }

        /// The two weakest elements of `e` against its industry's median, in the latest period.
        func weakest(_ e: Enterprise) -> [PriorityEnterprise.ElementGap] {
            guard let o = latest[e.id], o.period == latestPeriod, let m = medians[e.industry],
                  o.elementScores.count == m.count else { return [] }
            let gaps = SafetyElement.allCases.map { PriorityEnterprise.ElementGap(element: $0, gap: o.elementScores[$0.rawValue] - m[$0.rawValue]) }
            return Array(gaps.sorted { ($0.gap, $0.element.rawValue) < ($1.gap, $1.element.rawValue) }.prefix(2))
        }
    }

    /// Where an enterprise that is not completed stands on `asOf`, and since when.
    static func stage(of e: Enterprise, ledger: Ledger, campaign: Campaign, asOf: Day) -> (PriorityEnterprise.Stage, Day) {
        guard let event = ledger.latestEvent(of: e.id, on: asOf) else {
            return (.notStarted, Swift.max(e.openedOn ?? campaign.start, campaign.start))
        }
        switch event.status {
        case .notStarted: return (.notStarted, event.date)
        case .inProgress: return (.inProgress, event.date)
        case .selfAssessed: return (.selfAssessed, event.date)
        case .lapsed: return (.lapsed, event.date)
        default:
            // A completion whose validity ran out with no renewal recorded.
            return (.lapsed, GradeValidity.expiry(of: event, validityMonths: campaign.validityMonths) ?? event.date)
        }
    }

    /// Orders `rows` of one unit by the ranking rule and numbers them from 1.
    static func rank(_ rows: inout [PriorityEnterprise]) {
        rows.sort { a, b in
            if a.urgent != b.urgent { return a.urgent }
            if a.probabilityGain != b.probabilityGain { return a.probabilityGain > b.probabilityGain }
            if a.openMajorHazards != b.openMajorHazards { return a.openMajorHazards > b.openMajorHazards }
            if a.openHazards != b.openHazards { return a.openHazards > b.openHazards }
            if a.riskLevel != b.riskLevel { return a.riskLevel > b.riskLevel }
            if a.monthsInStage != b.monthsInStage { return a.monthsInStage > b.monthsInStage }
            return a.enterprise.id < b.enterprise.id
        }
        for i in rows.indices { rows[i].rank = i + 1 }
    }
}
