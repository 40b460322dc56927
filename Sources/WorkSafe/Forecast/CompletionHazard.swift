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
            FactorCoding.staticEta(c, beta, offsets: (industryOffset, sizeOffset, communityOffset, departmentOffset))
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

extension CompletionHazard.Fitted {
    /// The month effects given the static coefficients β (industry, size, community,
    /// department): their variances and how their means move with β.
    public struct MonthEffectsGivenStatic: Sendable {
        /// `var(γ_m | β) = Σ_mm − Σ_mβ Σ_ββ⁻¹ Σ_βm`, one per history month.
        public let variances: [Double]
        /// Row m is `Σ_mβ Σ_ββ⁻¹`, so `E[γ_m | β] = γ̂_m + rows[m]·(β − β̂)` (empty rows when there
        /// is no static coefficient).
        public let rows: [[Double]]
    }

    /// The month effects given the static coefficients, from the Laplace covariance Σ by Schur
    /// complements.
    ///
    /// The month effects and the static coefficients are confounded: raising every industry by
    /// c and lowering every month by c fits the same rows, so each γ̂ₘ's marginal variance
    /// carries a large part common to all months — the uncertainty of the reference cell's level
    /// — that the months' data do not reduce one by one. Given β the month effects are
    /// independent (month m's rows inform only γₘ, the information matrix's month block is
    /// diagonal) and their variances are nearly binomial, 1/completions. The pace model takes
    /// these as the series' sampling variances; the simulation moves the town's pace with each
    /// draw of β by the regression rows (`HazardSimulation.levelShift`), so the common part is
    /// counted once, in β.
    ///
    /// Cost O(p³ + M·p²) for p static coefficients and M history months. When Σ_ββ cannot be
    /// factorised the marginal variances are returned with zero rows.
    public func monthEffectsGivenStatic() -> MonthEffectsGivenStatic {
        let p = staticCount, cov = regression.covariance
        var variances = (0..<months).map { cov[p + $0, p + $0] }
        guard p > 0 else { return MonthEffectsGivenStatic(variances: variances, rows: Array(repeating: [], count: months)) }
        var block = [Double](repeating: 0, count: p * p)
        for i in 0..<p { for j in 0..<p { block[i * p + j] = cov[i, j] } }
        let zero = [Double](repeating: 0, count: p)
        guard let factor = try? Cholesky(Matrix(rows: p, columns: p, elements: block)) else {
            return MonthEffectsGivenStatic(variances: variances, rows: Array(repeating: zero, count: months))
        }
        var rows: [[Double]] = []
        rows.reserveCapacity(months)
        for m in 0..<months {
            let b = (0..<p).map { cov[$0, p + m] }
            let a = (try? factor.solve(b)) ?? zero
            var explained = 0.0
            for j in 0..<p { explained += a[j] * b[j] }
            // Σ is positive definite, so the complement is too; the floor guards rounding only.
            variances[m] = Swift.max(variances[m] - explained, variances[m] * 1e-12)
            rows.append(a)
        }
        return MonthEffectsGivenStatic(variances: variances, rows: rows)
    }
}
