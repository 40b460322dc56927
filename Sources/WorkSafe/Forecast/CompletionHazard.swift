import Linalg
import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The discrete-time hazard model of completion, fitted on the ledger as known on the as-of date:
/// who completes faster (the static part), and how fast the town went in each month (the month
/// effects, which `PaceModel` then reads as a time series).
///
/// One person-period row per open, not-yet-completed enterprise per calendar month from the
/// campaign's start month to the last month that ended on or before the as-of date: the
/// enterprise is at risk in month *m* when it was open at the end of month *m − 1* with a status
/// that was not a completed one, and is still open at the end of *m* (so an entrant is at risk
/// from the month after it opened); the response is whether it counts as completed at the end of
/// *m*. An enterprise that lapses re-enters the risk set; one closed during a month is censored.
///
/// The monthly hazard is `h = 1 − exp(−exp(η))` (complementary log-log: `exp(η)` is a monthly
/// cumulative hazard, so completion times can be drawn in closed form), with
///
///     η = industry + size + community + department + γₘ
///
/// — dummy-coded factors (industry and size against their most frequent level, a level with
/// fewer than `minimumLevelEvents` completions or non-completions pooled with it; community and
/// department against their largest) and one free effect γₘ per month (no intercept). The fit is
/// the posterior mode under independent normal priors (`LogisticRegression.GaussianPrior`):
/// industry and size N(0, 2²), community and department N(0, 1²) (partial pooling of units:
/// shrinkage towards the town), each γₘ N(log of the crude monthly hazard, 2²) (so a month without
/// any completion has a finite effect). Rows with identical covariates are collapsed to binomial
/// rows with frequency weights, so the fit has at most cells × months rows.
///
/// After the fit, each community's and each department's departure from the fitted model in each
/// month is estimated as the posterior mode of one extra log-hazard term ζ ~ N(0, 1) on that unit's
/// rows of that month (Newton's method in one dimension), with variance `1/(information + 1)`:
/// the observations of `PaceModel`'s deviation kind.
public struct CompletionHazard: Sendable {
    /// Minimum completions and minimum non-completions for an industry or size level to get its
    /// own dummy.
    public var minimumLevelEvents: Int
    /// The frailty variances θ tried; the one with the highest marginal likelihood plus log
    /// prior (`frailtyPrior`) is kept. `[0]` fits without frailty.
    public var frailtyVariances: [Double]

    /// A configuration.
    public init(minimumLevelEvents: Int = 5, frailtyVariances: [Double] = [0, 0.15, 0.3, 0.5, 0.8]) {
        self.minimumLevelEvents = minimumLevelEvents
        self.frailtyVariances = frailtyVariances.isEmpty ? [0] : frailtyVariances
    }

    /// The prior standard deviations of the factor effects and the month effects.
    static let factorPriorSD = 2.0, unitPriorSD = 1.0, monthPriorSD = 2.0

    /// A unit's monthly departures from the fitted model (`PaceModel` deviation observations).
    public struct UnitDepartures: Sendable, Hashable {
        /// Posterior modes ζ̂ per history month (0 for a month without rows at risk).
        public let effects: [Double]
        /// Their variances (the prior's 1 for a month without rows at risk).
        public let variances: [Double]
    }

    /// The fitted hazard and the covariate encoding needed to apply it to enterprises and months.
    public struct Fitted: Sendable {
        /// The as-of date.
        public let asOf: Day
        /// Names of the coefficients (`industry=…`, `size=…`, `community=…`, `department=…`, then
        /// `month=YYYY-MM` for each history month).
        public let coefficientNames: [String]
        /// The IRLS fit (cloglog link, posterior mode): coefficients, covariance, convergence.
        public let regression: LogisticRegression.Fitted
        /// Person-months at risk in the history.
        public let personMonths: Int
        /// Completions in the history.
        public let completions: Int
        /// The first history month (`MonthIndex`) and the number of history months.
        public let firstMonth: Int, months: Int
        /// Completions and enterprises at risk in each history month, town-wide.
        public let monthlyEvents: [Int], monthlyAtRisk: [Int]
        /// Departures of each community and each department, by name.
        public let communityDepartures: [String: UnitDepartures]
        public let departmentDepartures: [String: UnitDepartures]

        /// The gamma frailty's variance θ̂ (0: none): enterprises differ beyond their covariates
        /// by a factor w ~ Gamma(1/θ, 1/θ), so those still at risk after a cumulative hazard Λ have
        /// E[w] = 1/(1 + θΛ) — the pool slows as the quick complete first.
        public let frailty: Double
        /// The start month (0-based) of the spell each enterprise at risk at the end of the
        /// history is in, by id.
        let openSpellStart: [String: Int]

        let industryCode: [String: Int], sizeCode: [EnterpriseSize: Int]
        let communityCode: [String: Int], departmentCode: [String: Int]
        let industryOffset: Int, sizeOffset: Int, communityOffset: Int, departmentOffset: Int
        /// Number of static coefficients (the month effects follow them).
        let staticCount: Int

        /// The static coefficients' indices are `0 ..< staticCount`.
        public var staticCoefficientCount: Int { staticCount }

        /// The month effect γ̂ and its variance for history month `m` (`MonthIndex`).
        public func monthEffect(_ m: Int) -> (value: Double, variance: Double)? {
            let k = m - firstMonth
            guard k >= 0, k < months else { return nil }
            let j = staticCount + k
            return (regression.coefficients[j], regression.covariance[j, j])
        }

        /// The factor codes of an enterprise (0 = reference or pooled).
        func codes(_ e: Enterprise) -> CellCodes {
            CellCodes(industry: industryCode[e.industry] ?? 0, size: sizeCode[e.size] ?? 0,
                      community: communityCode[e.community] ?? 0, department: departmentCode[e.department] ?? 0)
        }

        /// The static part of η for factor codes with coefficients `beta` (the month effects are
        /// not read).
        func staticEta(_ c: CellCodes, beta: [Double]) -> Double {
            var s = 0.0
            if c.industry > 0 { s += beta[industryOffset + c.industry - 1] }
            if c.size > 0 { s += beta[sizeOffset + c.size - 1] }
            if c.community > 0 { s += beta[communityOffset + c.community - 1] }
            if c.department > 0 { s += beta[departmentOffset + c.department - 1] }
            return s
        }

        /// The cumulative baseline hazard `Λ = Σ exp(η)` an enterprise accumulated in its current
        /// spell at risk, up to the end of the history (0 when it is not at risk then).
        func accumulatedHazard(of e: Enterprise) -> Double {
            guard let start = openSpellStart[e.id] else { return 0 }
            let b = regression.coefficients
            let s = staticEta(codes(e), beta: b)
            var total = 0.0
            for k in start..<months { total += exp(s + b[staticCount + k]) }
            return total
        }

        /// The monthly completion hazard of `enterprise` in history month `month` at the estimate.
        public func hazard(of enterprise: Enterprise, month: Int) -> Double? {
            guard let g = monthEffect(month) else { return nil }
            return -expm1(-exp(staticEta(codes(enterprise), beta: regression.coefficients) + g.value))
        }
    }

    /// An enterprise's factor codes (0 = the reference level).
    struct CellCodes: Hashable, Sendable {
        var industry: Int, size: Int, community: Int, department: Int
    }

    /// Fits the hazard on `ledger.asOf(asOf)`.
    ///
    /// - Throws: `ForecastError.insufficientHistory` when no month of the campaign has ended by
    ///   the as-of date or nobody was at risk; `.modelFailed` when the fit does not converge.
    public func fit(ledger fullLedger: Ledger, campaign: Campaign, asOf: Day) throws -> Fitted {
        try fit(knownLedger: fullLedger.asOf(asOf), campaign: campaign, asOf: asOf)
    }

    /// Fits on a ledger already cut at `asOf`.
    func fit(knownLedger ledger: Ledger, campaign: Campaign, asOf: Day) throws -> Fitted {
        let tallies = try HazardTallies(ledger: ledger, campaign: campaign, asOf: asOf)
        let coding = FactorCoding(tallies: tallies, minimumLevelEvents: minimumLevelEvents)
        let design = try coding.design(tallies)
        var best: (theta: Double, fit: LogisticRegression.Fitted, offsets: [Double], score: Double)? = nil
        var start: LogisticRegression.Fitted? = nil
        for theta in frailtyVariances {
            var offsets = [Double](repeating: 0, count: design.y.count)
            var fit = try fitRows(design, offsets: offsets)
            if theta > 0 {
                for _ in 0..<frailtyIterations {
                    let next = tallies.frailtyOffsets(theta: theta, coding: coding, coefficients: fit.coefficients,
                                                      rowOf: design.rowOf, rows: design.y.count)
                    let change = zip(next, offsets).map { abs($0 - $1) }.max() ?? 0
                    offsets = next
                    fit = try fitRows(design, offsets: offsets)
                    if change < 1e-4 { break }
                }
            }
            if start == nil { start = fit }
            let z = (theta - Self.frailtyPrior.mean) / Self.frailtyPrior.sd
            let score = tallies.marginalLogLikelihood(theta: theta, coding: coding, coefficients: fit.coefficients)
                + design.prior.logDensity(fit.coefficients) - 0.5 * z * z
            if best == nil || score > best!.score + 1e-9 { best = (theta, fit, offsets, score) }
        }
        let (theta, fit, offsets, _) = best!
        var cellOffset = [Double](repeating: 0, count: tallies.cellCount * tallies.months)
        for (i, r) in design.rowOf.enumerated() where r >= 0 { cellOffset[i] = offsets[r] }
        let departures = tallies.departures(coding: coding, coefficients: fit.coefficients, offsets: cellOffset)
        return Fitted(
            asOf: asOf, coefficientNames: coding.names(tallies), regression: fit,
            personMonths: tallies.totalAtRisk, completions: tallies.totalEvents,
            firstMonth: tallies.firstMonth, months: tallies.months,
            monthlyEvents: tallies.monthlyEvents, monthlyAtRisk: tallies.monthlyAtRisk,
            communityDepartures: departures.communities, departmentDepartures: departures.departments,
            frailty: theta, openSpellStart: tallies.openSpellStart, industryCode: coding.industryMap(tallies), sizeCode: coding.sizeMap(tallies),
            communityCode: coding.communityMap(tallies), departmentCode: coding.departmentMap(tallies),
            industryOffset: coding.industryOffset, sizeOffset: coding.sizeOffset,
            communityOffset: coding.communityOffset, departmentOffset: coding.departmentOffset,
            staticCount: coding.staticCount)
    }

    /// The prior of the frailty variance, N(0.25, 0.15²): unobserved differences between
    /// enterprises are the rule, and the history identifies θ only weakly (from differential
    /// depletion of cells with different hazards).
    static let frailtyPrior = (mean: 0.25, sd: 0.15)

    /// EM iterations per frailty value.
    var frailtyIterations: Int { 8 }

    /// One posterior-mode fit of the collapsed rows with the frailty offsets.
    func fitRows(_ design: FactorCoding.Design, offsets: [Double]) throws -> LogisticRegression.Fitted {
        let fit: LogisticRegression.Fitted
        do {
            fit = try LogisticRegression(link: .complementaryLogLog, maxIterations: 100)
                .fit(x: design.x, y: design.y, weights: design.w, offset: offsets, prior: design.prior)
        } catch {
            throw ForecastError.modelFailed(detail: "\(error)")
        }
        guard fit.converged, fit.coefficients.allSatisfy(\.isFinite) else {
            throw ForecastError.modelFailed(detail: "the completion hazard did not converge in \(fit.iterations) iterations")
        }
        return fit
    }
}

extension LogisticRegression.GaussianPrior {
    /// `−½·Σ precisionⱼ·(βⱼ − meanⱼ)²`: the log density up to a constant.
    func logDensity(_ beta: [Double]) -> Double {
        var s = 0.0
        for j in beta.indices { let d = beta[j] - mean[j]; s -= 0.5 * precision[j] * d * d }
        return s
    }
}

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
                let done = GradeValidity.counts(p > 0 ? tl[p - 1] : nil, on: end, validityMonths: campaign.validityMonths)
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

/// How factor levels map to dummy columns, and the design of the collapsed fit.
struct FactorCoding {
    /// Per factor (industry, size, community, department): level → code (0 = reference).
    let codes: [[Int]]
    let industryOffset: Int, sizeOffset: Int, communityOffset: Int, departmentOffset: Int
    let staticCount: Int

    init(tallies t: HazardTallies, minimumLevelEvents: Int) {
        func coding(_ factor: Int, pooled: Bool) -> [Int] {
            let (r, v) = t.levelTotals(factor)
            let kept = pooled
                ? r.indices.filter { v[$0] >= minimumLevelEvents && r[$0] - v[$0] >= minimumLevelEvents }
                : r.indices.filter { r[$0] > 0 }
            guard let ref = kept.max(by: { (r[$0], -$0) < (r[$1], -$1) }) else {
                return [Int](repeating: 0, count: r.count)
            }
            var codes = [Int](repeating: 0, count: r.count), next = 1
            for l in kept where l != ref { codes[l] = next; next += 1 }
            return codes
        }
        codes = [coding(0, pooled: true), coding(1, pooled: true), coding(2, pooled: false), coding(3, pooled: false)]
        let counts = codes.map { $0.max() ?? 0 }
        industryOffset = 0
        sizeOffset = counts[0]
        communityOffset = sizeOffset + counts[1]
        departmentOffset = communityOffset + counts[2]
        staticCount = departmentOffset + counts[3]
    }

    func codes(_ l: (industry: Int, size: Int, community: Int, department: Int)) -> CompletionHazard.CellCodes {
        .init(industry: codes[0][l.industry], size: codes[1][l.size], community: codes[2][l.community],
              department: codes[3][l.department])
    }

    func staticEta(_ c: CompletionHazard.CellCodes, _ beta: [Double]) -> Double {
        var s = 0.0
        if c.industry > 0 { s += beta[industryOffset + c.industry - 1] }
        if c.size > 0 { s += beta[sizeOffset + c.size - 1] }
        if c.community > 0 { s += beta[communityOffset + c.community - 1] }
        if c.department > 0 { s += beta[departmentOffset + c.department - 1] }
        return s
    }

    func names(_ t: HazardTallies) -> [String] {
        var names: [String] = []
        for (l, c) in codes[0].enumerated() where c > 0 { names.append("industry=\(t.industries[l])") }
        for (l, c) in codes[1].enumerated() where c > 0 { names.append("size=\(t.sizes[l].rawValue)") }
        for (l, c) in codes[2].enumerated() where c > 0 { names.append("community=\(t.communities[l])") }
        for (l, c) in codes[3].enumerated() where c > 0 { names.append("department=\(t.departments[l])") }
        for k in 0..<t.months {
            let end = MonthIndex.end(t.firstMonth + k)
            names.append("month=\(end.year)-\(end.month < 10 ? "0" : "")\(end.month)")
        }
        return names
    }

    func industryMap(_ t: HazardTallies) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: t.industries.enumerated().map { ($1, codes[0][$0]) })
    }
    func sizeMap(_ t: HazardTallies) -> [EnterpriseSize: Int] {
        Dictionary(uniqueKeysWithValues: t.sizes.enumerated().map { ($1, codes[1][$0]) })
    }
    func communityMap(_ t: HazardTallies) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: t.communities.enumerated().map { ($1, codes[2][$0]) })
    }
    func departmentMap(_ t: HazardTallies) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: t.departments.enumerated().map { ($1, codes[3][$0]) })
    }

    /// The collapsed design.
    struct Design {
        let x: Matrix, y: [Double], w: [Double]
        let prior: LogisticRegression.GaussianPrior
        /// The row of each cell × month (−1: nobody at risk).
        let rowOf: [Int]
    }

    /// The collapsed binomial rows (one per distinct codes × month), their weights and the prior.
    func design(_ t: HazardTallies) throws -> Design {
        struct Key: Hashable { let codes: CompletionHazard.CellCodes; let month: Int }
        var collapsed: [Key: (Int, Int)] = [:]
        for cell in 0..<t.cellCount {
            let c = codes(t.levels(ofCell: cell))
            for k in 0..<t.months {
                let r = Int(t.atRisk[cell * t.months + k])
                guard r > 0 else { continue }
                let key = Key(codes: c, month: k)
                let old = collapsed[key] ?? (0, 0)
                collapsed[key] = (old.0 + r, old.1 + Int(t.events[cell * t.months + k]))
            }
        }
        let keys = collapsed.keys.sorted {
            ($0.month, $0.codes.industry, $0.codes.size, $0.codes.community, $0.codes.department)
                < ($1.month, $1.codes.industry, $1.codes.size, $1.codes.community, $1.codes.department)
        }
        let p = staticCount + t.months
        var x = [Double](repeating: 0, count: keys.count * p)
        var y: [Double] = [], w: [Double] = []
        for (r, key) in keys.enumerated() {
            let row = r * p, c = key.codes
            if c.industry > 0 { x[row + industryOffset + c.industry - 1] = 1 }
            if c.size > 0 { x[row + sizeOffset + c.size - 1] = 1 }
            if c.community > 0 { x[row + communityOffset + c.community - 1] = 1 }
            if c.department > 0 { x[row + departmentOffset + c.department - 1] = 1 }
            x[row + staticCount + key.month] = 1
            let (n, ev) = collapsed[key]!
            y.append(Double(ev) / Double(n)); w.append(Double(n))
        }
        let crude = Swift.max(0.5, Double(t.totalEvents)) / Double(t.totalAtRisk)
        let monthMean = log(-log1p(-Swift.min(crude, 0.99)))
        var mean = [Double](repeating: 0, count: p), precision = mean
        for j in 0..<p {
            let sd: Double
            if j < communityOffset { sd = CompletionHazard.factorPriorSD }
            else if j < staticCount { sd = CompletionHazard.unitPriorSD }
            else { sd = CompletionHazard.monthPriorSD; mean[j] = monthMean }
            precision[j] = 1 / (sd * sd)
        }
        let rowIndex = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        var rowOf = [Int](repeating: -1, count: t.cellCount * t.months)
        for cell in 0..<t.cellCount {
            let c = codes(t.levels(ofCell: cell))
            for k in 0..<t.months where t.atRisk[cell * t.months + k] > 0 {
                rowOf[cell * t.months + k] = rowIndex[Key(codes: c, month: k)]!
            }
        }
        return Design(x: try Matrix(rows: keys.count, columns: p, elements: x), y: y, w: w,
                      prior: LogisticRegression.GaussianPrior(mean: mean, precision: precision), rowOf: rowOf)
    }
}
