import Linalg
import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Person-months at risk and completions per cell (industry × size × community × department)
/// and history month.
struct HazardTallies {
    let industries: [String], sizes: [EnterpriseSize], communities: [String], departments: [String]
    let firstMonth: Int, months: Int
    /// `atRisk[cell·months + k]`, `events[…]`; cell = ((ind·nS + size)·nC + com)·nD + dept.
    let atRisk: [Int32], events: [Int32]
    let totalAtRisk: Int, totalEvents: Int
    let monthlyEvents: [Int], monthlyAtRisk: [Int]
    /// Spells at risk: cell, first and last history month (0-based), whether the last month
    /// ended in a completion. A lapse starts a new spell.
    let spellCell: [Int32], spellStart: [Int32], spellEnd: [Int32], spellEvent: [Bool]
    /// The start month of the spell an enterprise is in at the end of the history (at risk and
    /// not completed then), by id.
    let openSpellStart: [String: Int]

    var cellCount: Int { industries.count * sizes.count * communities.count * departments.count }

    init(ledger: Ledger, campaign: Campaign, asOf: Day) throws {
        let s = MonthIndex.of(campaign.start)
        let last = MonthIndex.lastCompleteMonth(onOrBefore: asOf)
        guard last >= s else {
            throw ForecastError.insufficientHistory(detail: "no month since the campaign start \(campaign.start) has ended by \(asOf)")
        }
        firstMonth = s; months = last - s + 1
        industries = Array(Set(ledger.enterprises.map(\.industry))).sorted()
        communities = Array(Set(ledger.enterprises.map(\.community))).sorted()
        departments = Array(Set(ledger.enterprises.map(\.department))).sorted()
        sizes = EnterpriseSize.allCases
        let indIdx = Dictionary(uniqueKeysWithValues: industries.enumerated().map { ($1, $0) })
        let comIdx = Dictionary(uniqueKeysWithValues: communities.enumerated().map { ($1, $0) })
        let depIdx = Dictionary(uniqueKeysWithValues: departments.enumerated().map { ($1, $0) })
        let nS = sizes.count, nC = communities.count, nD = departments.count
        let ends = (s - 1...last).map(MonthIndex.end)
        var atRisk = [Int32](repeating: 0, count: industries.count * nS * nC * nD * months)
        var events = atRisk
        var sCell: [Int32] = [], sStart: [Int32] = [], sEnd: [Int32] = [], sEvent: [Bool] = []
        var openStart: [String: Int] = [:]
        for e in ledger.enterprises {
            let tl = ledger.timelines[e.id] ?? []
            let cell = ((indIdx[e.industry]! * nS + sizes.firstIndex(of: e.size)!) * nC + comIdx[e.community]!) * nD
                + depIdx[e.department]!
            var p = 0, prevCompleted = false, prevOpen = false
            var spell: Int? = nil   // start of the current spell
            for k in 0..<ends.count {
                let end = ends[k]
                while p < tl.count, tl[p].date <= end { p += 1 }
                let done = p > 0 && tl[p - 1].status.countsAsCompleted
                let open = e.isOpen(on: end)
                if k > 0, prevOpen, !prevCompleted, open {
                    atRisk[cell * months + k - 1] += 1
                    if done { events[cell * months + k - 1] += 1 }
                    if spell == nil { spell = k - 1 }
                    if done {
                        sCell.append(Int32(cell)); sStart.append(Int32(spell!)); sEnd.append(Int32(k - 1)); sEvent.append(true)
                        spell = nil
                    }
                } else if let start = spell {
                    // Censored (closed) before this month.
                    sCell.append(Int32(cell)); sStart.append(Int32(start)); sEnd.append(Int32(k - 2)); sEvent.append(false)
                    spell = nil
                }
                prevCompleted = done; prevOpen = open
            }
            if let start = spell {
                sCell.append(Int32(cell)); sStart.append(Int32(start)); sEnd.append(Int32(months - 1)); sEvent.append(false)
                openStart[e.id] = start
            }
        }
        spellCell = sCell; spellStart = sStart; spellEnd = sEnd; spellEvent = sEvent
        openSpellStart = openStart
        var me = [Int](repeating: 0, count: months), mr = me
        for c in 0..<(atRisk.count / months) {
            for k in 0..<months { mr[k] += Int(atRisk[c * months + k]); me[k] += Int(events[c * months + k]) }
        }
        self.atRisk = atRisk; self.events = events
        monthlyEvents = me; monthlyAtRisk = mr
        totalAtRisk = mr.reduce(0, +); totalEvents = me.reduce(0, +)
        guard totalAtRisk > 0 else {
            throw ForecastError.insufficientHistory(detail: "no enterprise was at risk of completing between \(campaign.start) and \(asOf)")
        }
    }

    /// The factor levels of a cell.
    func levels(ofCell cell: Int) -> (industry: Int, size: Int, community: Int, department: Int) {
        let nS = sizes.count, nC = communities.count, nD = departments.count
        return (cell / (nS * nC * nD), (cell / (nC * nD)) % nS, (cell / nD) % nC, cell % nD)
    }

    /// Rows and events per level of one factor (0 industry, 1 size, 2 community, 3 department).
    func levelTotals(_ factor: Int) -> (rows: [Int], events: [Int]) {
        let n = [industries.count, sizes.count, communities.count, departments.count][factor]
        var r = [Int](repeating: 0, count: n), v = r
        for cell in 0..<cellCount {
            let l = levels(ofCell: cell)
            let level = [l.industry, l.size, l.community, l.department][factor]
            for k in 0..<months { r[level] += Int(atRisk[cell * months + k]); v[level] += Int(events[cell * months + k]) }
        }
        return (r, v)
    }

    /// `exp(η)` of every cell and month at `beta`.
    func cellHazards(coding: FactorCoding, coefficients beta: [Double]) -> [Double] {
        var lam = [Double](repeating: 0, count: cellCount * months)
        for cell in 0..<cellCount {
            let base = coding.staticEta(coding.codes(levels(ofCell: cell)), beta)
            for k in 0..<months { lam[cell * months + k] = exp(base + beta[coding.staticCount + k]) }
        }
        return lam
    }

    /// The EM step of the gamma frailty: each collapsed row's offset is the log of the mean of
    /// `E[w | at risk] = 1/(1 + θΛ)` over its person-months, Λ the baseline hazard each
    /// enterprise accumulated earlier in its spell.
    func frailtyOffsets(theta: Double, coding: FactorCoding, coefficients beta: [Double],
                        rowOf: [Int], rows: Int) -> [Double] {
        let lam = cellHazards(coding: coding, coefficients: beta)
        var sum = [Double](repeating: 0, count: rows), count = sum
        for i in spellCell.indices {
            let cell = Int(spellCell[i])
            var accumulated = 0.0
            for k in Int(spellStart[i])...Int(spellEnd[i]) {
                let r = rowOf[cell * months + k]
                sum[r] += 1 / (1 + theta * accumulated); count[r] += 1
                accumulated += lam[cell * months + k]
            }
        }
        return (0..<rows).map { count[$0] > 0 ? log(sum[$0] / count[$0]) : 0 }
    }

    /// The log-likelihood of the spells with the frailty integrated out: a spell survives a
    /// cumulative hazard Λ with probability `S(Λ) = (1 + θΛ)^{−1/θ}` (`e^{−Λ}` at θ = 0), and
    /// completes in its last month with probability `S(Λ_before) − S(Λ_after)`.
    func marginalLogLikelihood(theta: Double, coding: FactorCoding, coefficients beta: [Double]) -> Double {
        let lam = cellHazards(coding: coding, coefficients: beta)
        func logSurvival(_ l: Double) -> Double { theta > 0 ? -log1p(theta * l) / theta : -l }
        var ll = 0.0
        for i in spellCell.indices {
            let cell = Int(spellCell[i])
            var before = 0.0
            let last = Int(spellEnd[i])
            for k in Int(spellStart[i])..<last { before += lam[cell * months + k] }
            let after = before + lam[cell * months + last]
            if spellEvent[i] {
                let a = logSurvival(before), b = logSurvival(after)
                ll += a + log(-expm1(b - a))
            } else {
                ll += logSurvival(after)
            }
        }
        return ll
    }

    /// Each community's and department's monthly departures from the fitted η (see
    /// `CompletionHazard`).
    func departures(coding: FactorCoding, coefficients beta: [Double], offsets: [Double])
        -> (communities: [String: CompletionHazard.UnitDepartures], departments: [String: CompletionHazard.UnitDepartures])
    {
        let nC = communities.count, nD = departments.count
        // Per unit and month: the cells' (η, rows, events).
        var byCommunity = [[[(Double, Int32, Int32)]]](repeating: [[(Double, Int32, Int32)]](repeating: [], count: months), count: nC)
        var byDepartment = [[[(Double, Int32, Int32)]]](repeating: [[(Double, Int32, Int32)]](repeating: [], count: months), count: nD)
        for cell in 0..<cellCount {
            let l = levels(ofCell: cell)
            let codes = coding.codes(l)
            let base = coding.staticEta(codes, beta)
            for k in 0..<months where atRisk[cell * months + k] > 0 {
                let entry = (base + beta[coding.staticCount + k] + offsets[cell * months + k],
                             atRisk[cell * months + k], events[cell * months + k])
                byCommunity[l.community][k].append(entry)
                byDepartment[l.department][k].append(entry)
            }
        }
        func solve(_ rows: [(Double, Int32, Int32)]) -> (Double, Double) {
            guard !rows.isEmpty else { return (0, 1) }
            // Maximise Σ [d·log(1 − e^{−e^{η+ζ}}) − (n − d)·e^{η+ζ}] − ζ²/2 by Newton (concave).
            var zeta = 0.0, info = 1.0
            for _ in 0..<50 {
                var grad = -zeta, fisher = 1.0
                for (eta, n, d) in rows {
                    let lam = exp(eta + zeta), surv = exp(-lam), mu = 1 - surv
                    let dmu = lam * surv
                    let nn = Double(n), dd = Double(d)
                    grad += (dd - nn * mu) * dmu / Swift.max(mu * surv, 1e-300)
                    fisher += nn * dmu * dmu / Swift.max(mu * surv, 1e-300)
                }
                let step = grad / fisher
                zeta += Swift.max(-2, Swift.min(2, step))
                info = fisher
                if abs(step) < 1e-10 { break }
            }
            return (zeta, 1 / info)
        }
        var com: [String: CompletionHazard.UnitDepartures] = [:], dep = com
        for c in 0..<nC {
            let solved = byCommunity[c].map(solve)
            com[communities[c]] = .init(effects: solved.map(\.0), variances: solved.map(\.1))
        }
        for d in 0..<nD {
            let solved = byDepartment[d].map(solve)
            dep[departments[d]] = .init(effects: solved.map(\.0), variances: solved.map(\.1))
        }
        return (com, dep)
    }
}
