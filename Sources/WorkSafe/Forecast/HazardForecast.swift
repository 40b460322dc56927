import Linalg
import Stats

/// The enterprise-level milestone forecast: a completion hazard fitted on the ledger as known on
/// the as-of date, a structural model of how the town's and each unit's pace moves through time,
/// and a Monte Carlo simulation of every open enterprise. `docs/forecast.md` has the mathematics.
///
/// The forecast runs in named steps:
/// 1. **population** (`ForecastPopulation`): the enterprises open on the as-of date, their
///    covariate cells, community × department pace groups and standing;
/// 2. **rates** (`TurnoverRates`, renewal counts): closures, entries and renewals before the
///    as-of date;
/// 3. **design** (`CompletionHazard`): the cloglog hazard with industry, size, community and
///    department effects and one effect per history month, fitted as a posterior mode;
/// 4. **pace** (`PaceFit`, `PaceModel`): the month effects as a time series — a local level with
///    a damped drift, deadline-window and quarter-end effects and target-pulled phase jumps, its
///    variances averaged over a grid — and each community's and department's departures as
///    random walks;
/// 5. **simulation** (`HazardSimulation`): per scenario coefficients, paces, turnover and every
///    enterprise's completion month by inversion;
/// 6. **summaries** (`ScenarioSummary`): per unit and milestone the probability, the mean share,
///    the 80 % and 50 % intervals, the median month end the target is reached, and the pace
///    baselines.
///
/// A milestone date that is not a month end is evaluated at the end of the previous month (the
/// model's resolution is a month). Everything comes from `ledger.asOf(asOf)`: no look-ahead.
///
/// - Complexity: O(*n·S*) expected for *n* open enterprises and *S* scenarios, over
///   `threadCount` threads, plus O(*S·(G·H + q²)*) for *G* pace groups, *H* months and *q*
///   coefficients; memory O(*S·U·K*) for *U* units and *K* milestones.
public struct HazardForecast: Sendable {
    /// Number of Monte Carlo scenarios.
    public var scenarios: Int
    /// The seed.
    public var seed: UInt64
    /// Worker threads for the simulation (the result does not depend on it).
    public var threadCount: Int
    /// Months simulated past the last future milestone (for the median date reached).
    public var monthsBeyondLastMilestone: Int
    /// Overrides the horizon (months after the as-of month) when set.
    public var horizonMonths: Int?
    /// Window for the closure and entry rates, months before the as-of date.
    public var rateWindowMonths: Int
    /// Window for the recent-pace baseline, months before the as-of date.
    public var recentPaceMonths: Int
    /// Draw the static coefficients from their sampling distribution (true) or hold them at β̂.
    public var drawCoefficients: Bool
    /// Draw the paces from the pace model (true) or hold them at the posterior mean path
    /// (false: only for checking the simulation against exact expectations).
    public var structuralUncertainty: Bool
    /// The priors and grids of the pace model.
    public var practice: CampaignPractice
    /// The hazard model's configuration.
    public var hazard: CompletionHazard
    /// Levels reported.
    public var levels: [ForecastUnit.Level]
    /// Called with (scenarios done, scenarios in all) as the simulation advances — for a
    /// progress bar on stderr; called from a worker thread, never for the output.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// The largest number of scenarios accepted.
    public static let maximumScenarios = 1_000_000

    /// A configuration.
    public init(scenarios: Int = 1000, seed: UInt64 = 1, threadCount: Int = 2,
                monthsBeyondLastMilestone: Int = 12, horizonMonths: Int? = nil,
                rateWindowMonths: Int = 12, recentPaceMonths: Int = 6,
                drawCoefficients: Bool = true, structuralUncertainty: Bool = true,
                practice: CampaignPractice = .standard, hazard: CompletionHazard = CompletionHazard(),
                levels: [ForecastUnit.Level] = [.town, .community, .department],
                progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) {
        self.scenarios = scenarios; self.seed = seed; self.threadCount = threadCount
        self.monthsBeyondLastMilestone = monthsBeyondLastMilestone
        self.horizonMonths = horizonMonths; self.rateWindowMonths = rateWindowMonths
        self.recentPaceMonths = recentPaceMonths; self.drawCoefficients = drawCoefficients
        self.structuralUncertainty = structuralUncertainty; self.practice = practice
        self.hazard = hazard; self.levels = levels; self.progress = progress
    }

    /// The forecast and what it was estimated from.
    public struct Result: Sendable {
        /// One row per unit × future milestone, units in (level, name) order, milestones by date.
        public let rows: [MilestoneForecast]
        /// The fitted hazard.
        public let hazard: CompletionHazard.Fitted
        /// Components the history could not inform (the prior was used).
        public let notes: [PaceNote]
        /// The town pace model's posterior mean state at the last history month: level, drift,
        /// the three deadline-window effects, the quarter-end effect and the target pull.
        public let paceState: [Double]
        /// The state's posterior standard deviations (same order).
        public let paceStateSD: [Double]
        /// Posterior means of the town's level and irregular standard deviations, and of the
        /// communities' and departments' deviation standard deviations.
        public let paceScales: (level: Double, irregular: Double, community: Double, department: Double)
        /// The target pull's regressor g at each future phase start.
        public let futureGaps: [Day: Double]
        /// Grades whose validity ended before the as-of date, and how many were renewed.
        public let expiredGrades: Int, renewedGrades: Int
        /// Closures and open enterprise-months in the rate window.
        public let closures: Int, openMonths: Double
        /// Entries in the rate window.
        public let entries: Int
        /// Months simulated after the as-of month.
        public let horizonMonths: Int
        /// The simulation's inputs (for tests that recompute expectations).
        let simulation: HazardSimulation
        /// The ledger as known on the as-of date (`Ledger.asOf`), in the order
        /// `simulation.population.ledgerIndex` refers to.
        let knownLedger: Ledger
    }

    /// Forecasts every future milestone of `campaign` for every unit.
    ///
    /// - Throws: `ForecastError.invalidConfiguration` (scenarios outside 1…`maximumScenarios`,
    ///   thread count < 1, windows < 1), `.noFutureMilestone`, and the errors of
    ///   `CompletionHazard.fit` and the pace model.
    public func forecast(ledger fullLedger: Ledger, campaign: Campaign, asOf: Day) throws -> Result {
        try forecast(ledger: fullLedger, campaign: campaign, asOf: asOf, observer: nil)
    }

    /// The same, with `observer` (made from the simulation's inputs before it runs) watching
    /// every scenario (`HazardSimulationObserver`).
    func forecast(ledger fullLedger: Ledger, campaign: Campaign, asOf: Day,
                  observer: ((HazardSimulation) -> any HazardSimulationObserver)?) throws -> Result {
        try validateConfiguration()
        let milestones = campaign.milestones.filter { $0.date > asOf }
        guard !milestones.isEmpty else { throw ForecastError.noFutureMilestone(asOf: asOf) }
        let ledger = fullLedger.asOf(asOf)
        let fitted = try hazard.fit(knownLedger: ledger, campaign: campaign, asOf: asOf)
        let population = ForecastPopulation(ledger: ledger, fitted: fitted, campaign: campaign, asOf: asOf)
        let rates = TurnoverRates(ledger: ledger, index: population.index, campaign: campaign, asOf: asOf,
                                  windowMonths: rateWindowMonths)
        let pace = try PaceFit(fitted: fitted, ledger: ledger, index: population.index, campaign: campaign,
                               asOf: asOf, practice: practice)
        let simulation = try makeSimulation(population: population, rates: rates, fitted: fitted, pace: pace,
                                            milestones: milestones, asOf: asOf, validity: campaign.validityMonths)
        let output = simulation.run(scenarios: scenarios, seed: seed, threads: threadCount, progress: progress,
                                    observer: observer?(simulation))
        let rows = summaries(output, simulation: simulation, ledger: ledger, milestones: milestones, asOf: asOf)
        func meanScale(_ d: [String: PacePosterior]) -> Double {
            d.isEmpty ? 0 : d.values.map(\.meanScale).reduce(0, +) / Double(d.count)
        }
        return Result(rows: rows, hazard: fitted, notes: pace.notes, paceState: pace.town.meanState,
                      paceStateSD: pace.town.stateSD,
                      paceScales: (pace.town.meanScale, pace.town.meanIrregular,
                                   meanScale(pace.communities), meanScale(pace.departments)),
                      futureGaps: Dictionary(uniqueKeysWithValues: pace.futureGaps.map { (MonthIndex.end($0.key), $0.value) }),
                      expiredGrades: population.expiredGrades, renewedGrades: population.renewedGrades,
                      closures: rates.closures, openMonths: rates.openMonths, entries: rates.entries,
                      horizonMonths: simulation.H, simulation: simulation, knownLedger: ledger)
    }

    func validateConfiguration() throws {
        guard scenarios >= 1, scenarios <= Self.maximumScenarios else {
            throw ForecastError.invalidConfiguration(detail: "scenarios must be between 1 and \(Self.maximumScenarios)")
        }
        guard threadCount >= 1 else { throw ForecastError.invalidConfiguration(detail: "thread count must be at least 1") }
        guard rateWindowMonths >= 1, recentPaceMonths >= 1 else {
            throw ForecastError.invalidConfiguration(detail: "rate and pace windows must be at least 1 month")
        }
    }

    /// Step 5's inputs: the horizon, exposures, the static design per cell and its coefficient
    /// draw, the pace groups' units.
    func makeSimulation(population: ForecastPopulation, rates: TurnoverRates, fitted: CompletionHazard.Fitted,
                        pace: PaceFit, milestones: [Milestone], asOf: Day, validity: Int) throws -> HazardSimulation {
        let a = MonthIndex.of(asOf)
        let milestoneMonth = milestones.map { MonthIndex.lastCompleteMonth(onOrBefore: $0.date) - a }
        let H = Swift.max(1, horizonMonths ?? ((milestoneMonth.max() ?? 0) + monthsBeyondLastMilestone))
        let daysInAsOfMonth = Day.daysIn(year: asOf.year, month: asOf.month)
        let f0 = Double(asOf.endOfMonth.ordinal - asOf.ordinal) / Double(daysInAsOfMonth)
        let p = fitted.staticCoefficientCount
        var cellRows = [Double](repeating: 0, count: population.cells.count * p)
        for (c, codes) in population.cells.enumerated() {
            for j in 0..<p {
                var unit = [Double](repeating: 0, count: p)
                unit[j] = 1
                cellRows[c * p + j] = fitted.staticEta(codes, beta: unit)
            }
        }
        let betaMean = Array(fitted.regression.coefficients[0..<p])
        var factor: [Double]? = nil
        if drawCoefficients && p > 0 {
            var block = [Double](repeating: 0, count: p * p)
            for i in 0..<p { for j in 0..<p { block[i * p + j] = fitted.regression.covariance[i, j] } }
            // A covariance that cannot be factorised leaves β at β̂ (the normals are still drawn).
            factor = (try? Cholesky(Matrix(rows: p, columns: p, elements: block)).lower.elements)
                ?? [Double](repeating: 0, count: p * p)
        }
        // The town's pace moves with β* by the month effects' regression on β (averaged over the
        // last six history months, where it is nearly constant): shift = rowsᵀ(L z) = (Lᵀ rows)·z.
        var levelShift = [Double](repeating: 0, count: p)
        if let l = factor {
            let rows = fitted.monthEffectsGivenStatic().rows
            let recent = Swift.max(0, rows.count - 6)..<rows.count
            var loading = [Double](repeating: 0, count: p)
            for m in recent { for j in 0..<p { loading[j] += rows[m][j] / Double(recent.count) } }
            for j in 0..<p {
                var v = 0.0
                for i in j..<p { v += l[i * p + j] * loading[i] }
                levelShift[j] = v
            }
        }
        let communityNames = pace.communities.keys.sorted(), departmentNames = pace.departments.keys.sorted()
        let ci = Dictionary(uniqueKeysWithValues: communityNames.enumerated().map { ($1, $0) })
        let di = Dictionary(uniqueKeysWithValues: departmentNames.enumerated().map { ($1, $0) })
        return HazardSimulation(
            H: H, U: population.index.units.count, K: milestones.count, validity: validity,
            exposure: (0...H).map { $0 == 0 ? f0 : 1.0 }, firstMonth: a,
            lastHistoryMonth: fitted.firstMonth + fitted.months - 1, population: population,
            cellRows: cellRows, betaMean: betaMean, betaFactor: factor, levelShift: levelShift, pace: pace,
            structural: structuralUncertainty,
            groupCommunity: population.groups.map { ci[$0.community]! },
            groupDepartment: population.groups.map { di[$0.department]! },
            communityNames: communityNames, departmentNames: departmentNames, rates: rates,
            frailty: fitted.frailty,
            slotOf: milestoneMonth.map { Swift.min(Swift.max($0 + 1, 0), H + 1) },
            targets: milestones.map(\.targetPercent))
    }

    /// Step 6: the rows.
    func summaries(_ output: HazardSimulationOutput, simulation sim: HazardSimulation, ledger: Ledger,
                   milestones: [Milestone], asOf: Day) -> [MilestoneForecast] {
        let index = sim.population.index
        let U = sim.U, K = sim.K, S = scenarios, a = MonthIndex.of(asOf)
        let paceDates = (0...recentPaceMonths).reversed().map { asOf.adding(months: -$0) }
        let history = index.tally(ledger, on: paceDates, validityMonths: sim.validity)
        var rows: [MilestoneForecast] = []
        var shares = [Double](repeating: 0, count: S), reach = [Int32](repeating: 0, count: S)
        let wanted = Set(levels)
        let base = sim.population
        for u in 0..<U where wanted.contains(index.units[u].level) && base.openBase[u] > 0 {
            let hist = zip(paceDates, history).map { (d, t) in
                (date: d, percent: t.open[u] > 0 ? 100 * Double(t.completed[u]) / Double(t.open[u]) : 0)
            }
            let pace = PaceBaseline(history: hist)
            let current = 100 * Double(base.doneBase[u]) / Double(base.openBase[u])
            for k in 0..<K {
                for s in 0..<S {
                    shares[s] = output.share[(s * U + u) * K + k]
                    reach[s] = output.reach[(s * U + u) * K + k]
                }
                let decided = isDecided(unit: u, milestoneSlot: sim.slotOf[k], simulation: sim) ? 1.0 : nil
                let summary = ScenarioSummary(shares: shares, target: milestones[k].targetPercent, decided: decided)
                reach.sort()
                let med = reach[(S + 1) / 2 - 1]
                let medianDate: Day? = med > Int32(sim.H + 1) ? nil : (med == 0 ? asOf : MonthIndex.end(a + Int(med) - 1))
                let b = pace.evaluate(targetPercent: milestones[k].targetPercent, on: milestones[k].date)
                rows.append(MilestoneForecast(
                    unit: index.units[u], milestoneDate: milestones[k].date, targetPercent: milestones[k].targetPercent,
                    asOf: asOf, currentPercent: current, currentOpen: base.openBase[u], method: .hazard,
                    probability: summary.probability, expectedPercent: summary.mean,
                    lowerPercent: summary.p10, upperPercent: summary.p90,
                    lower50Percent: summary.p25, upper50Percent: summary.p75, medianDateReached: medianDate,
                    recentPacePerMonth: pace.recentPacePerMonth, linearProjectionPercent: b.linearProjectionPercent,
                    requiredPacePerMonth: b.requiredPacePerMonth, paceProbability: b.probability,
                    smoothedPaceProbability: b.smoothedProbability))
            }
        }
        rows.sort { ($0.unit, $0.milestoneDate) < ($1.unit, $1.milestoneDate) }
        return rows
    }

    /// Whether the milestone is logically decided for the unit in the model: every open
    /// enterprise of the unit is completed, none of their grades can expire by the milestone,
    /// and the model has no entrants — then the share stays at 100 % whatever the draws.
    func isDecided(unit u: Int, milestoneSlot: Int, simulation sim: HazardSimulation) -> Bool {
        let pop = sim.population
        guard pop.doneBase[u] == pop.openBase[u], sim.rates.entries == 0 else { return false }
        for i in 0..<pop.count {
            guard u == 0 || Int(pop.community[i]) == u || Int(pop.department[i]) == u else { continue }
            if case let .completed(expiry) = pop.standing[i], let e = expiry, sim.validity > 0, e + 1 <= milestoneSlot {
                return false
            }
        }
        return true
    }
}

/// Probability, mean and percentiles of simulated shares (percent).
///
/// The probability is the share of scenarios reaching the target with a continuity correction,
/// `(k + ½)/(S + 1)`, so that a finite simulation never prints 0 or 1 for a milestone that the
/// model does not decide; `decided` (1 or 0) is printed as it is.
struct ScenarioSummary {
    let probability: Double, mean: Double, p10: Double, p90: Double, p25: Double, p75: Double

    init(shares: [Double], target: Double, decided: Double? = nil) {
        let sorted = shares.sorted()
        let n = sorted.count
        let reached = shares.filter { Milestone.isReached($0, target: target) }.count
        probability = decided ?? (Double(reached) + 0.5) / Double(n + 1)
        mean = shares.reduce(0, +) / Double(n)
        func q(_ f: Double) -> Double {
            let pos = f * Double(n - 1)
            let lo = Int(pos), hi = Swift.min(lo + 1, n - 1)
            return sorted[lo] + (pos - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        p10 = q(0.1); p90 = q(0.9); p25 = q(0.25); p75 = q(0.75)
    }
}
