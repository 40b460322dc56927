import Linalg
import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The discrete-time hazard model of completion, fitted on the ledger as known on the as-of date.
///
/// One person-period row per open, not-yet-completed enterprise per calendar month from the
/// campaign's start month to the last month that ended on or before the as-of date: the
/// enterprise is at risk in month *m* when it was open at the end of month *m − 1* with a status
/// that was not a completed one, and is still open at the end of *m* (so an entrant is at risk
/// from the month after it opened); the response is whether it counts as completed
/// at the end of *m*. An enterprise that lapses re-enters the risk set. Enterprises closed during
/// a month are censored in that month.
///
/// The monthly hazard is `h = 1 − exp(−exp(η))` (complementary log-log, so `exp(η)` is a monthly
/// cumulative hazard and completion times can be drawn in closed form), with
/// `η = β₀ + industry + size + community + β_t·min(months since start, last fitted month)
///  + β_d·[a milestone falls in the month] + β_p·[a milestone falls in the next month]`.
/// Factors are dummy-coded against their most frequent level; a level with fewer than
/// `minimumLevelEvents` completions or non-completions is pooled with that reference level, and
/// a time term is dropped when the history cannot identify it (e.g. no deadline month yet). The
/// key-industry flag is implied by the industry dummies and so is not a separate column.
///
/// Rows with identical covariates are collapsed to binomial rows with frequency weights (the
/// likelihood, estimates and information are unchanged), so the IRLS fit has at most
/// cells × months rows. If the full model cannot be fitted (separation, collinearity), simpler
/// models are tried in turn: without community, without industry, intercept and time only.
public struct CompletionHazard: Sendable {
    /// Minimum completions and minimum non-completions for a factor level to get its own dummy.
    public var minimumLevelEvents: Int

    /// A configuration.
    public init(minimumLevelEvents: Int = 5) { self.minimumLevelEvents = minimumLevelEvents }

    /// The fitted hazard and the covariate encoding needed to apply it to enterprises and months.
    public struct Fitted: Sendable {
        /// The as-of date.
        public let asOf: Day
        /// Names of the coefficients (`intercept`, `industry=…`, `size=…`, `community=…`,
        /// `months_since_start`, `deadline_month`, `month_before_deadline`).
        public let coefficientNames: [String]
        /// The IRLS fit (cloglog link): coefficients, covariance, standard errors, convergence.
        public let regression: LogisticRegression.Fitted
        /// Person-months at risk in the history.
        public let personMonths: Int
        /// Completions in the history.
        public let completions: Int

        let industryCode: [String: Int], sizeCode: [EnterpriseSize: Int], communityCode: [String: Int]
        let industryOffset: Int, sizeOffset: Int, communityOffset: Int
        let trendColumn: Int?, deadlineColumn: Int?, preDeadlineColumn: Int?
        let startMonth: Int, lastTrainMonth: Int
        let deadlineMonths: Set<Int>

        /// The factor codes of an enterprise (0 = reference or pooled).
        func codes(_ e: Enterprise) -> (Int, Int, Int) {
            (industryCode[e.industry] ?? 0, sizeCode[e.size] ?? 0, communityCode[e.community] ?? 0)
        }

        /// The static part `β₀ + industry + size + community` of η for factor codes.
        func staticEta(_ c: (Int, Int, Int), beta: [Double]) -> Double {
            var s = beta[0]
            if c.0 > 0 { s += beta[industryOffset + c.0 - 1] }
            if c.1 > 0 { s += beta[sizeOffset + c.1 - 1] }
            if c.2 > 0 { s += beta[communityOffset + c.2 - 1] }
            return s
        }

        /// The time part of η for calendar month index `m`.
        func timeEta(month m: Int, beta: [Double]) -> Double {
            var g = 0.0
            if let t = trendColumn { g += beta[t] * Double(Swift.min(m, lastTrainMonth) - startMonth) }
            if let d = deadlineColumn, deadlineMonths.contains(m) { g += beta[d] }
            if let p = preDeadlineColumn, deadlineMonths.contains(m + 1) { g += beta[p] }
            return g
        }

        /// The monthly completion hazard of `enterprise` in calendar month `month` at β̂.
        public func hazard(of enterprise: Enterprise, month: Int) -> Double {
            let b = regression.coefficients
            return -expm1(-exp(staticEta(codes(enterprise), beta: b) + timeEta(month: month, beta: b)))
        }
    }

    /// Fits the hazard on `ledger.asOf(asOf)`.
    ///
    /// - Throws: `ForecastError.insufficientHistory` when no month of the campaign has ended by
    ///   the as-of date or no completion was observed; `.modelFailed` when even the simplest model
    ///   cannot be fitted.
    public func fit(ledger fullLedger: Ledger, campaign: Campaign, asOf: Day) throws -> Fitted {
        let ledger = fullLedger.asOf(asOf)
        return try fit(knownLedger: ledger, campaign: campaign, asOf: asOf)
    }

    /// Fits on a ledger already cut at `asOf`.
    func fit(knownLedger ledger: Ledger, campaign: Campaign, asOf: Day) throws -> Fitted {
        let s = MonthIndex.of(campaign.start)
        let last = MonthIndex.lastCompleteMonth(onOrBefore: asOf)
        guard last >= s else {
            throw ForecastError.insufficientHistory(detail: "no month since the campaign start \(campaign.start) has ended by \(asOf)")
        }
        let months = last - s + 1
        let ends = (s - 1...last).map(MonthIndex.end)
        let industries = Array(Set(ledger.enterprises.map(\.industry))).sorted()
        let communities = Array(Set(ledger.enterprises.map(\.community))).sorted()
        let sizes = EnterpriseSize.allCases
        let indIdx = Dictionary(uniqueKeysWithValues: industries.enumerated().map { ($1, $0) })
        let comIdx = Dictionary(uniqueKeysWithValues: communities.enumerated().map { ($1, $0) })
        let nI = industries.count, nS = sizes.count, nC = communities.count
        // Raw tallies: key = ((ind·nS + size)·nC + com)·months + (m − s) → (rows, events).
        var atRisk = [Int32](repeating: 0, count: nI * nS * nC * months)
        var events = [Int32](repeating: 0, count: nI * nS * nC * months)
        for e in ledger.enterprises {
            let tl = ledger.timelines[e.id] ?? []
            var p = 0
            var prevCompleted = false, prevOpen = false
            let cellBase = ((indIdx[e.industry]! * nS + sizes.firstIndex(of: e.size)!) * nC + comIdx[e.community]!) * months
            for k in 0..<ends.count {
                let end = ends[k]
                while p < tl.count, tl[p].date <= end { p += 1 }
                let statusDone = p > 0 && tl[p - 1].status.countsAsCompleted
                let open = e.isOpen(on: end)
                if k > 0, prevOpen, !prevCompleted, open {
                    atRisk[cellBase + k - 1] += 1
                    if statusDone { events[cellBase + k - 1] += 1 }
                }
                prevCompleted = statusDone
                prevOpen = open
            }
        }
        let totalEvents = events.reduce(0) { $0 + Int($1) }
        let totalRows = atRisk.reduce(0) { $0 + Int($1) }
        guard totalEvents > 0 else {
            throw ForecastError.insufficientHistory(detail: "no completion observed between \(campaign.start) and \(asOf)")
        }
        guard totalEvents < totalRows else {
            throw ForecastError.insufficientHistory(detail: "every enterprise at risk completed at once; the hazard is not identified")
        }
        let deadlineMonths = Set(campaign.milestones.map { MonthIndex.of($0.date) })

        // Level coding.
        func levelTallies(_ which: Int) -> (rows: [Int], events: [Int]) {
            let n = [nI, nS, nC][which]
            var r = [Int](repeating: 0, count: n), v = r
            for cell in 0..<(nI * nS * nC) {
                let ind = cell / (nS * nC), sz = (cell / nC) % nS, cm = cell % nC
                let l = [ind, sz, cm][which]
                for k in 0..<months {
                    r[l] += Int(atRisk[cell * months + k]); v[l] += Int(events[cell * months + k])
                }
            }
            return (r, v)
        }
        func coding(_ which: Int) -> [Int] {
            let (r, v) = levelTallies(which)
            let kept = r.indices.filter { v[$0] >= minimumLevelEvents && r[$0] - v[$0] >= minimumLevelEvents }
            guard let ref = kept.max(by: { (r[$0], -$0) < (r[$1], -$1) }) else {
                return [Int](repeating: 0, count: r.count)
            }
            var codes = [Int](repeating: 0, count: r.count), next = 1
            for l in kept where l != ref { codes[l] = next; next += 1 }
            return codes
        }
        let fullCodes = [coding(0), coding(1), coding(2)]
        let trendOK = months >= 3
        var deadlineEvents = 0, preEvents = 0
        for cell in 0..<(nI * nS * nC) {
            for k in 0..<months {
                if deadlineMonths.contains(s + k) { deadlineEvents += Int(events[cell * months + k]) }
                if deadlineMonths.contains(s + k + 1) { preEvents += Int(events[cell * months + k]) }
            }
        }
        let deadlineOK = deadlineEvents >= minimumLevelEvents
        let preOK = preEvents >= minimumLevelEvents

        // Fallback chain of specifications: (use industry, use size, use community, use time).
        let specs: [(Bool, Bool, Bool, Bool)] = [
            (true, true, true, true), (true, true, false, true), (false, true, false, true),
            (false, false, false, true), (false, false, false, false),
        ]
        var lastError = ""
        for spec in specs {
            let codes = [spec.0 ? fullCodes[0] : [Int](repeating: 0, count: nI),
                         spec.1 ? fullCodes[1] : [Int](repeating: 0, count: nS),
                         spec.2 ? fullCodes[2] : [Int](repeating: 0, count: nC)]
            let dummies = codes.map { ($0.max() ?? 0) }
            var names = ["intercept"]
            let industryOffset = names.count
            for l in 0..<nI where codes[0][l] > 0 { names.append("industry=\(industries[l])") }
            let sizeOffset = names.count
            for l in 0..<nS where codes[1][l] > 0 { names.append("size=\(sizes[l].rawValue)") }
            let communityOffset = names.count
            for l in 0..<nC where codes[2][l] > 0 { names.append("community=\(communities[l])") }
            var trendColumn: Int?, deadlineColumn: Int?, preColumn: Int?
            if spec.3 && trendOK { trendColumn = names.count; names.append("months_since_start") }
            if spec.3 && deadlineOK { deadlineColumn = names.count; names.append("deadline_month") }
            if spec.3 && preOK { preColumn = names.count; names.append("month_before_deadline") }
            let p = names.count
            // Collapse to (code triple, month) rows.
            var collapsed: [Int: (Int, Int)] = [:]
            let mult = (dummies[0] + 1, dummies[1] + 1, dummies[2] + 1)
            for cell in 0..<(nI * nS * nC) {
                let ind = cell / (nS * nC), sz = (cell / nC) % nS, cm = cell % nC
                let key0 = (codes[0][ind] * mult.1 + codes[1][sz]) * mult.2 + codes[2][cm]
                for k in 0..<months {
                    let r = Int(atRisk[cell * months + k])
                    guard r > 0 else { continue }
                    let key = key0 * months + k
                    let old = collapsed[key] ?? (0, 0)
                    collapsed[key] = (old.0 + r, old.1 + Int(events[cell * months + k]))
                }
            }
            let keys = collapsed.keys.sorted()
            var x = [Double](repeating: 0, count: keys.count * p)
            var y = [Double](), w = [Double]()
            y.reserveCapacity(keys.count); w.reserveCapacity(keys.count)
            for (r, key) in keys.enumerated() {
                let k = key % months, key0 = key / months
                let cm = key0 % mult.2, sz = (key0 / mult.2) % mult.1, ind = key0 / (mult.2 * mult.1)
                let row = r * p
                x[row] = 1
                if ind > 0 { x[row + industryOffset + ind - 1] = 1 }
                if sz > 0 { x[row + sizeOffset + sz - 1] = 1 }
                if cm > 0 { x[row + communityOffset + cm - 1] = 1 }
                if let t = trendColumn { x[row + t] = Double(k) }
                if let d = deadlineColumn, deadlineMonths.contains(s + k) { x[row + d] = 1 }
                if let q = preColumn, deadlineMonths.contains(s + k + 1) { x[row + q] = 1 }
                let (n, ev) = collapsed[key]!
                y.append(Double(ev) / Double(n)); w.append(Double(n))
            }
            do {
                let design = try Matrix(rows: keys.count, columns: p, elements: x)
                let fit = try LogisticRegression(link: .complementaryLogLog).fit(x: design, y: y, weights: w)
                guard fit.converged, fit.standardErrors.allSatisfy({ $0.isFinite }) else {
                    lastError = "IRLS did not converge with \(names.count) coefficients"
                    continue
                }
                var ic: [String: Int] = [:], sc: [EnterpriseSize: Int] = [:], cc: [String: Int] = [:]
                for l in 0..<nI { ic[industries[l]] = codes[0][l] }
                for l in 0..<nS { sc[sizes[l]] = codes[1][l] }
                for l in 0..<nC { cc[communities[l]] = codes[2][l] }
                return Fitted(
                    asOf: asOf, coefficientNames: names, regression: fit, personMonths: totalRows,
                    completions: totalEvents, industryCode: ic, sizeCode: sc, communityCode: cc,
                    industryOffset: industryOffset, sizeOffset: sizeOffset,
                    communityOffset: communityOffset, trendColumn: trendColumn,
                    deadlineColumn: deadlineColumn, preDeadlineColumn: preColumn, startMonth: s,
                    lastTrainMonth: last, deadlineMonths: deadlineMonths)
            } catch {
                lastError = "\(error)"
            }
        }
        throw ForecastError.modelFailed(detail: lastError)
    }
}
