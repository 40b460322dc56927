import Dispatch
import Linalg
import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The enterprise-level milestone forecast: a completion hazard fitted on the ledger as known on
/// the as-of date (`CompletionHazard`), then a Monte Carlo simulation of every open enterprise.
///
/// Per scenario (each with its own generator `SeededGenerator(seed).split(stream: scenario)`, so
/// the output is identical for any thread count):
/// 1. coefficients `β* = β̂ + L·z`, `L` the Cholesky factor of the estimated covariance, `z` standard
///    normal (parameter uncertainty); a renewal probability `r* ~ Beta(1 + renewed, 1 + lapsed)`
///    from grades whose validity ended before the as-of date; a monthly closure probability
///    `c* ~ Beta(½ + closures, ½ + open months − closures)` and per-community entry rates
///    `λ* ~ Gamma(½ + entries, window months)` from the last `rateWindowMonths` months;
/// 2. with the cloglog hazard `hᵢₜ = 1 − exp(−fₜ·exp(sᵢ + gₜ))` the cumulative hazard is
///    `exp(sᵢ)·Gₜ` with `Gₜ = Σ_{u≤t} fᵤ·exp(gᵤ)` common to all enterprises (`fᵤ` the month's exposure:
///    the rest of the as-of month, then whole months), so each enterprise's completion month is one
///    draw by inversion: the first `t ≥ t₀` with `Gₜ ≥ G_{t₀−1} + E·exp(−s_c)`, `E ~ Exp(1)`,
///    `s_c` the static part of η for the enterprise's covariate cell — found by an indexed search
///    in `G`, O(1) expected. Steps 1 (the coefficient draw) and 2 are `CompletionSimulation`'s
///    (its rows are the covariate cells), the same code the Monte Carlo benchmark times;
/// 3. a completed grade lapses `validityMonths` after it was reached unless renewed (probability
///    `r*`); a lapsed enterprise is at risk again from the next month; enterprises close at the
///    rate `c*` (exponential closure times; only the enterprises closing within the horizon are
///    visited, found by geometric skips) and new ones enter each community at `λ*` per month,
///    each a copy of a random open enterprise of that community (its covariates), not completed;
/// 4. per unit, completed and open counts at every month end come from difference arrays.
///
/// From the scenarios, per unit and milestone: the probability that the share on the milestone
/// date reaches the target, the mean share, the 10th and 90th percentiles (linear interpolation
/// between order statistics, numpy's default), and the median month end the target is first
/// reached. A milestone date that is not a month end is evaluated at the end of the previous
/// month (the model's resolution is a month).
///
/// Everything — covariates, coefficients, renewal, closure and entry rates, the baselines — comes
/// from `ledger.asOf(asOf)`: no look-ahead.
///
/// - Complexity: O(*n·S*) expected for *n* enterprises and *S* scenarios (plus O(*S·cells·H*) for
///   the tables), *H* horizon months, spread
///   over `threadCount` threads; memory O(*S·U·K*) for *U* units and *K* milestones.
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
    /// Draw coefficients from their sampling distribution (true) or hold them at β̂.
    public var drawCoefficients: Bool
    /// The hazard model's configuration.
    public var hazard: CompletionHazard
    /// Levels reported.
    public var levels: [ForecastUnit.Level]
    /// Called with (scenarios done, scenarios in all) as the simulation advances — for a
    /// progress bar on stderr. Called from a worker thread (the first worker, after each of its
    /// scenarios; the count is approximate to within the thread count) and never for the output.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// A configuration.
    public init(scenarios: Int = 1000, seed: UInt64 = 1, threadCount: Int = 2,
                monthsBeyondLastMilestone: Int = 12, horizonMonths: Int? = nil,
                rateWindowMonths: Int = 12, recentPaceMonths: Int = 6,
                drawCoefficients: Bool = true, hazard: CompletionHazard = CompletionHazard(),
                levels: [ForecastUnit.Level] = [.town, .community, .department],
                progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) {
        self.scenarios = scenarios; self.seed = seed; self.threadCount = threadCount
        self.monthsBeyondLastMilestone = monthsBeyondLastMilestone
        self.horizonMonths = horizonMonths; self.rateWindowMonths = rateWindowMonths
        self.recentPaceMonths = recentPaceMonths; self.drawCoefficients = drawCoefficients
        self.hazard = hazard; self.levels = levels; self.progress = progress
    }

    /// The forecast and what it was estimated from.
    public struct Result: Sendable {
        /// One row per unit × future milestone, units in (level, name) order, milestones by date.
        public let rows: [MilestoneForecast]
        /// The fitted hazard.
        public let hazard: CompletionHazard.Fitted
        /// Grades whose validity ended before the as-of date, and how many were renewed.
        public let expiredGrades: Int, renewedGrades: Int
        /// Closures and open enterprise-months in the rate window.
        public let closures: Int, openMonths: Double
        /// Entries in the rate window.
        public let entries: Int
        /// Months simulated after the as-of month.
        public let horizonMonths: Int
    }

    /// Forecasts every future milestone of `campaign` for every unit.
    ///
    /// - Throws: `ForecastError.invalidConfiguration` (scenarios < 1, thread count < 1),
    ///   `.noFutureMilestone`, and the errors of `CompletionHazard.fit`.
    public func forecast(ledger fullLedger: Ledger, campaign: Campaign, asOf: Day) throws -> Result {
        guard scenarios >= 1 else { throw ForecastError.invalidConfiguration(detail: "scenarios must be at least 1") }
        guard threadCount >= 1 else { throw ForecastError.invalidConfiguration(detail: "thread count must be at least 1") }
        guard rateWindowMonths >= 1, recentPaceMonths >= 1 else {
            throw ForecastError.invalidConfiguration(detail: "rate and pace windows must be at least 1 month")
        }
        let milestones = campaign.milestones.filter { $0.date > asOf }
        guard !milestones.isEmpty else { throw ForecastError.noFutureMilestone(asOf: asOf) }
        let ledger = fullLedger.asOf(asOf)
        let fitted = try hazard.fit(knownLedger: ledger, campaign: campaign, asOf: asOf)
        let a = MonthIndex.of(asOf)
        let milestoneMonth = milestones.map { MonthIndex.lastCompleteMonth(onOrBefore: $0.date) - a }
        let H = Swift.max(1, horizonMonths ?? ((milestoneMonth.max() ?? 0) + monthsBeyondLastMilestone))
        let slotOf = milestoneMonth.map { Swift.min(Swift.max($0 + 1, 0), H + 1) }

        // Units and the population (open on the as-of date).
        let index = UnitIndex(enterprises: ledger.enterprises)
        let U = index.units.count
        var popCell: [Int32] = [], popCom: [Int32] = [], popDept: [Int32] = [], popExpiry: [Int32] = []
        var cellCodes: [(Int, Int, Int)] = [], cellID: [Int: Int32] = [:]
        var openBase = [Int](repeating: 0, count: U), doneBase = openBase
        var expired = 0, renewed = 0
        let validity = campaign.validityMonths
        let notCompleted = Int32.min
        var members = [[Int32]](repeating: [], count: U)
        for (i, e) in ledger.enterprises.enumerated() {
            // Renewal history: every spell of completion whose validity ended a month before asOf.
            let tl = ledger.timelines[e.id] ?? []
            var spellStart: Day? = nil, prev = false
            for ev in tl {
                let done = ev.status.countsAsCompleted
                if done && !prev { spellStart = ev.date
                    if validity > 0 {
                        let check = ev.date.adding(months: validity + 1)
                        if check <= asOf {
                            expired += 1
                            if ledger.isCompleted(e, on: check) { renewed += 1 }
                        }
                    }
                }
                prev = done
            }
            guard e.isOpen(on: asOf) else { continue }
            let c = fitted.codes(e)
            let key = (c.0 * 1_000_003 + c.1) * 1_000_003 + c.2
            let cid: Int32
            if let k = cellID[key] { cid = k } else {
                cid = Int32(cellCodes.count); cellID[key] = cid; cellCodes.append(c)
            }
            let pi = Int32(popCell.count)
            popCell.append(cid); popCom.append(index.communityOf[i]); popDept.append(index.departmentOf[i])
            members[Int(index.communityOf[i])].append(pi)
            let done = ledger.isCompleted(e, on: asOf)
            if done, let start = spellStart, validity > 0 {
                var rel = MonthIndex.of(start.adding(months: validity)) - a
                while rel < 0 { rel += validity }   // the ledger still counts it: renewed
                popExpiry.append(Int32(Swift.min(rel, Int(Int32.max) - 1)))
            } else if done {
                popExpiry.append(Int32.max)
            } else {
                popExpiry.append(notCompleted)
            }
            for u in [0, Int(index.communityOf[i]), Int(index.departmentOf[i])] {
                openBase[u] += 1
                if done { doneBase[u] += 1 }
            }
        }
        // Simulate the population in (cell, department) order: the survival and guide tables
        // and the tallies are then read and written in long runs (cache-friendly); the order is
        // fixed by the data, so the output stays deterministic.
        let order = popCell.indices.sorted { (popCell[$0], popDept[$0], $0) < (popCell[$1], popDept[$1], $1) }
        var rank = [Int32](repeating: 0, count: order.count)
        for (r, i) in order.enumerated() { rank[i] = Int32(r) }
        popCell = order.map { popCell[$0] }; popCom = order.map { popCom[$0] }
        popDept = order.map { popDept[$0] }; popExpiry = order.map { popExpiry[$0] }
        members = members.map { $0.map { rank[Int($0)] } }

        // Closure and entry rates over the window.
        let windowStart = asOf.adding(months: -rateWindowMonths)
        var closures = 0, openMonths = 0.0, entries = 0
        var entriesByUnit = [Int](repeating: 0, count: U)
        for (i, e) in ledger.enterprises.enumerated() {
            let from = Swift.max(e.openedOn ?? windowStart, windowStart)
            let to = Swift.min(e.closedOn ?? asOf, asOf)
            if to > from { openMonths += Double(to.ordinal - from.ordinal) / PaceBaseline.daysPerMonth }
            if let c = e.closedOn, c > windowStart, c <= asOf { closures += 1 }
            if let o = e.openedOn, o > windowStart, o <= asOf, o > campaign.start {
                entries += 1; entriesByUnit[Int(index.communityOf[i])] += 1
            }
        }
        let entryWindow = Swift.max(1.0 / PaceBaseline.daysPerMonth,
            Double(asOf.ordinal - Swift.max(windowStart, campaign.start).ordinal) / PaceBaseline.daysPerMonth)

        // Exposure of each simulated month: the rest of the as-of month, then whole months.
        let daysInAsOfMonth = Day.daysIn(year: asOf.year, month: asOf.month)
        let f0 = Double(asOf.endOfMonth.ordinal - asOf.ordinal) / Double(daysInAsOfMonth)
        let exposure = (0...H).map { $0 == 0 ? f0 : 1.0 }

        let beta = fitted.regression.coefficients
        let p = beta.count
        // A covariance that cannot be factorised leaves β at β̂ (the normals are still drawn).
        let chol: [Double]? = drawCoefficients
            ? ((try? Cholesky(fitted.regression.covariance).lower.elements) ?? [Double](repeating: 0, count: p * p))
            : nil
        let timeCovariates = (0...H).map { t -> [Double] in
            // g_t is linear in β: precompute the time row for month a + t.
            var row = [Double](repeating: 0, count: p)
            let m = a + t
            if let c = fitted.trendColumn { row[c] = Double(Swift.min(m, fitted.lastTrainMonth) - fitted.startMonth) }
            if let c = fitted.deadlineColumn, fitted.deadlineMonths.contains(m) { row[c] = 1 }
            if let c = fitted.preDeadlineColumn, fitted.deadlineMonths.contains(m + 1) { row[c] = 1 }
            return row
        }

        var cellRows = [Double](repeating: 0, count: cellCodes.count * p)
        for (c, codes) in cellCodes.enumerated() {
            for j in 0..<p {
                var unit = [Double](repeating: 0, count: p)
                unit[j] = 1
                cellRows[c * p + j] = fitted.staticEta(codes, beta: unit)
            }
        }
        let K = milestones.count, S = scenarios
        let targets = milestones.map(\.targetPercent)
        // The completion model: rows are the covariate cells, months 0 ... H.
        let model = try CompletionSimulation(
            covariates: try Matrix(rows: cellCodes.count, columns: p, elements: cellRows),
            coefficientMean: beta, lowerFactor: chol,
            unit: [Int32](repeating: 0, count: cellCodes.count), units: 1, months: H + 1,
            timeDesign: try Matrix(timeCovariates), exposure: exposure, threads: threadCount)
        let input = SimulationInput(
            H: H, U: U, K: K, validity: validity, exposure: exposure, model: model,
            cellCount: cellCodes.count,
            popCell: popCell, popCom: popCom, popDept: popDept, popExpiry: popExpiry,
            openBase: openBase, members: members, renewed: renewed, expired: expired,
            closures: closures, openMonths: openMonths, entriesByUnit: entriesByUnit,
            anyEntries: entries > 0, entryWindow: entryWindow, slotOf: slotOf, targets: targets,
            communityUnits: index.communityBase..<index.departmentBase)
        let output = SimulationOutput(scenarios: S, units: U, milestones: K)
        let root = SeededGenerator(seed: seed)
        let workers = Swift.min(threadCount, S)
        let report = progress
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var worker = SimulationWorker(input: input)
            var s = w
            while s < S {
                var rng = root.split(stream: UInt64(s))
                worker.run(scenario: s, rng: &rng, into: output)
                if w == 0, let report { report(Swift.min(S, s + workers), S) }
                s += workers
            }
        }

        // Baselines from the observed history.
        let paceDates = (0...recentPaceMonths).reversed().map { asOf.adding(months: -$0) }
        let history = paceDates.map { index.tally(ledger, on: $0) }
        var rows: [MilestoneForecast] = []
        var shares = [Double](repeating: 0, count: S), reach = [Int32](repeating: 0, count: S)
        let wanted = Set(levels)
        for u in 0..<U where wanted.contains(index.units[u].level) && openBase[u] > 0 {
            let hist = zip(paceDates, history).map { (d, t) in
                (date: d, percent: t.open[u] > 0 ? 100 * Double(t.completed[u]) / Double(t.open[u]) : 0)
            }
            let pace = PaceBaseline(history: hist)
            let current = 100 * Double(doneBase[u]) / Double(openBase[u])
            for k in 0..<K {
                for s in 0..<S {
                    shares[s] = output.share[(s * U + u) * K + k]
                    reach[s] = output.reach[(s * U + u) * K + k]
                }
                let summary = ScenarioSummary(shares: shares, target: targets[k])
                reach.sort()
                let med = reach[(S + 1) / 2 - 1]
                let medianDate: Day? = med > Int32(H + 1) ? nil
                    : (med == 0 ? asOf : MonthIndex.end(a + Int(med) - 1))
                let b = pace.evaluate(targetPercent: targets[k], on: milestones[k].date)
                rows.append(MilestoneForecast(
                    unit: index.units[u], milestoneDate: milestones[k].date, targetPercent: targets[k],
                    asOf: asOf, currentPercent: current, currentOpen: openBase[u], method: "hazard",
                    probability: summary.probability, expectedPercent: summary.mean,
                    lowerPercent: summary.p10, upperPercent: summary.p90, medianDateReached: medianDate,
                    recentPacePerMonth: pace.recentPacePerMonth,
                    linearProjectionPercent: b.linearProjectionPercent,
                    requiredPacePerMonth: b.requiredPacePerMonth, paceProbability: b.probability,
                    smoothedPaceProbability: b.smoothedProbability))
            }
        }
        rows.sort { ($0.unit, $0.milestoneDate) < ($1.unit, $1.milestoneDate) }
        return Result(rows: rows, hazard: fitted, expiredGrades: expired, renewedGrades: renewed,
                      closures: closures, openMonths: openMonths, entries: entries, horizonMonths: H)
    }
}

/// Probability, mean and 10th/90th percentiles of simulated shares (percent).
struct ScenarioSummary {
    let probability: Double, mean: Double, p10: Double, p90: Double

    init(shares: [Double], target: Double) {
        let sorted = shares.sorted()
        let n = sorted.count
        probability = Double(shares.filter { $0 >= target - 1e-9 }.count) / Double(n)
        mean = shares.reduce(0, +) / Double(n)
        func q(_ f: Double) -> Double {
            let pos = f * Double(n - 1)
            let lo = Int(pos), hi = Swift.min(lo + 1, n - 1)
            return sorted[lo] + (pos - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        p10 = q(0.1); p90 = q(0.9)
    }
}

/// Everything a simulation worker reads; immutable and shared by the threads.
struct SimulationInput: Sendable {
    let H: Int, U: Int, K: Int, validity: Int
    let exposure: [Double]
    /// The completion model; its rows are the covariate cells (η's static part of cell c is
    /// row c times β).
    let model: CompletionSimulation
    let cellCount: Int
    let popCell: [Int32], popCom: [Int32], popDept: [Int32], popExpiry: [Int32]
    let openBase: [Int]
    let members: [[Int32]]
    let renewed: Int, expired: Int, closures: Int
    let openMonths: Double
    let entriesByUnit: [Int]
    let anyEntries: Bool
    let entryWindow: Double
    let slotOf: [Int]
    let targets: [Double]
    /// Unit indices of the communities (every enterprise is in exactly one).
    let communityUnits: Range<Int>
}

/// Per-scenario results, written by the workers at disjoint indices.
final class SimulationOutput: @unchecked Sendable {
    /// Share (percent) at each milestone: index `(scenario·U + unit)·K + milestone`.
    let share: UnsafeMutableBufferPointer<Double>
    /// First slot the target is reached (0 = as-of state, t + 1 = end of month t, H + 2 = never).
    let reach: UnsafeMutableBufferPointer<Int32>

    init(scenarios: Int, units: Int, milestones: Int) {
        let n = scenarios * units * milestones
        share = .allocate(capacity: n); share.initialize(repeating: 0)
        reach = .allocate(capacity: n); reach.initialize(repeating: 0)
    }
    deinit { share.deallocate(); reach.deallocate() }
}

/// One thread's scratch space and the per-scenario simulation.
struct SimulationWorker {
    let input: SimulationInput
    /// This scenario's coefficients and cumulative baseline hazard (the shared core).
    var scenario: CompletionSimulation.Scenario
    /// `exp(−s_c)` per covariate cell for the current scenario.
    var inverseRisk: [Double]
    var compDiff: [Int32]
    var openDiff: [Int32]
    var closing: [Int32]
    var closingSlot: [Int32]

    init(input: SimulationInput) {
        self.input = input
        scenario = CompletionSimulation.Scenario(input.model)
        inverseRisk = [Double](repeating: 0, count: input.cellCount)
        compDiff = [Int32](repeating: 0, count: input.U * (input.H + 3))
        openDiff = compDiff
        closing = []
        closingSlot = []
    }

    mutating func run(scenario s: Int, rng: inout SeededGenerator, into out: SimulationOutput) {
        let inp = input
        let H = inp.H, U = inp.U, K = inp.K, W = H + 3
        // 1. Parameters of this scenario: coefficients, G and each cell's exp(−s_c).
        scenario.draw(inp.model, &rng)
        for c in 0..<inp.cellCount { inverseRisk[c] = scenario.inverseRisk(row: c, inp.model) }
        let renewP = rng.beta(1 + Double(inp.renewed), 1 + Double(inp.expired - inp.renewed))
        var closureMu = 0.0
        if inp.openMonths > 0 {
            let c = rng.beta(0.5 + Double(inp.closures), 0.5 + Swift.max(0, inp.openMonths - Double(inp.closures)))
            closureMu = -log1p(-Swift.min(c, 0.999_999))
        }
        var lambda = [Double](repeating: 0, count: U)
        if inp.anyEntries {
            for u in 0..<U where !inp.members[u].isEmpty {
                lambda[u] = rng.gamma(shape: 0.5 + Double(inp.entriesByUnit[u])) / inp.entryWindow
            }
        }
        for i in 0..<compDiff.count { compDiff[i] = 0; openDiff[i] = 0 }
        for u in 1..<U { openDiff[u * W] = Int32(inp.openBase[u]) }
        let validity = inp.validity
        let f0 = inp.exposure[0]
        let n = inp.popCell.count

        // Closures of existing enterprises: which ones close within the horizon (geometric gaps
        // with q = P(T ≤ f0 + H)), then each one's month from the truncated exponential.
        closing.removeAll(keepingCapacity: true)
        closingSlot.removeAll(keepingCapacity: true)
        if closureMu > 0 {
            let span = f0 + Double(H)
            let q = -expm1(-closureMu * span)
            let logSkip = log1p(-q)
            var i = -1
            while true {
                i += q >= 1 ? 1 : Int(log(rng.uniform()) / logSkip) + 1
                if i >= n { break }
                let t = -log1p(-rng.uniform() * q) / closureMu
                let month = t <= f0 ? 0 : Swift.min(H, Int((t - f0).rounded(.up)))
                closing.append(Int32(i)); closingSlot.append(Int32(month + 1))
            }
        }

        scenario.withTable { table in
        inverseRisk.withUnsafeBufferPointer { risk in
        compDiff.withUnsafeMutableBufferPointer { cd in
        openDiff.withUnsafeMutableBufferPointer { od in
            /// First month t ≥ t0 by whose end a cell-`cell` enterprise at risk from t0 completes
            /// (H + 1 = none): the core's closed-form draw.
            @inline(__always) func drawCompletion(from t0: Int, cell: Int, _ rng: inout SeededGenerator) -> Int {
                table.completionMonth(inverseRisk: risk[cell], from: t0, &rng)
            }
            // The town's row (unit 0) is summed from the communities' rows at the end.
            @inline(__always) func add(_ com: Int, _ dept: Int, from: Int, to: Int) {
                cd[com * W + from] += 1; cd[com * W + to] -= 1
                cd[dept * W + from] += 1; cd[dept * W + to] -= 1
            }
            /// Completion spells of one enterprise, the first from `slotStart` with its grade
            /// expiring in month `exp`: each expiry inside the horizon is a renewal (probability
            /// `renewP`) or a lapse, after which the enterprise is at risk again.
            @inline(__always) func spells(cell: Int, com: Int, dept: Int, slotStart first: Int, exp firstExp: Int,
                                          endSlot: Int, _ rng: inout SeededGenerator) {
                var slotStart = first, exp = firstExp
                while true {
                    if slotStart >= endSlot { return }
                    if exp > H || validity <= 0 {
                        add(com, dept, from: slotStart, to: endSlot); return
                    }
                    if rng.uniform() < renewP { exp += validity; continue }
                    let lapse = Swift.min(exp + 1, endSlot)
                    add(com, dept, from: slotStart, to: lapse)
                    if lapse >= endSlot { return }
                    let t = drawCompletion(from: exp + 1, cell: cell, &rng)
                    if t > H { return }
                    slotStart = t + 1; exp = t + validity
                }
            }

            // 2–3. Existing enterprises.
            inp.popCell.withUnsafeBufferPointer { pc in
            inp.popCom.withUnsafeBufferPointer { pcom in
            inp.popDept.withUnsafeBufferPointer { pd in
            inp.popExpiry.withUnsafeBufferPointer { pe in
                var nextClose = 0
                let closeCount = closing.count
                for i in 0..<n {
                    let com = Int(pcom[i]), dept = Int(pd[i])
                    var endSlot = H + 2
                    if nextClose < closeCount, Int(closing[nextClose]) == i {
                        endSlot = Int(closingSlot[nextClose]); nextClose += 1
                        od[com * W + endSlot] -= 1; od[dept * W + endSlot] -= 1
                    }
                    let x = pe[i], cell = Int(pc[i])
                    if x == Int32.min {
                        let t = drawCompletion(from: 0, cell: cell, &rng)
                        if t > H { continue }
                        spells(cell: cell, com: com, dept: dept, slotStart: t + 1, exp: t + validity,
                               endSlot: endSlot, &rng)
                    } else {
                        spells(cell: cell, com: com, dept: dept, slotStart: 0, exp: Int(x),
                               endSlot: endSlot, &rng)
                    }
                }
            }}}}
            // Entrants.
            if inp.anyEntries {
                for u in 0..<U where lambda[u] > 0 {
                    let mem = inp.members[u]
                    for t in 0...H {
                        let count = rng.poisson(lambda[u] * inp.exposure[t])
                        for _ in 0..<count {
                            let j = Int(mem[rng.index(below: mem.count)])
                            let com = Int(inp.popCom[j]), dept = Int(inp.popDept[j])
                            let openSlot = t + 1
                            od[com * W + openSlot] += 1; od[dept * W + openSlot] += 1
                            var endSlot = H + 2
                            if closureMu > 0 {
                                let life = -log(rng.uniform()) / closureMu
                                let month = t + Swift.max(1, Int(life.rounded(.up)))
                                if month <= H {
                                    endSlot = month + 1
                                    od[com * W + endSlot] -= 1; od[dept * W + endSlot] -= 1
                                }
                            }
                            let cell = Int(inp.popCell[j])
                            let done = drawCompletion(from: t + 1, cell: cell, &rng)
                            if done > H { continue }
                            spells(cell: cell, com: com, dept: dept, slotStart: done + 1,
                                   exp: done + validity, endSlot: endSlot, &rng)
                        }
                    }
                }
            }
            // 4. The town's row is the sum of the communities'; then counts per unit and slot,
            // shares at the milestones and the first slot the target is reached.
            for slot in 0..<W {
                var c: Int32 = 0, o: Int32 = 0
                for u in inp.communityUnits { c += cd[u * W + slot]; o += od[u * W + slot] }
                cd[slot] = c; od[slot] = o
            }
            var firstReach = [Int32](repeating: 0, count: K)
            for u in 0..<U {
                var c = 0, o = 0
                for k in 0..<K { firstReach[k] = Int32(H + 2) }
                for slot in 0...(H + 1) {
                    c += Int(cd[u * W + slot]); o += Int(od[u * W + slot])
                    cd[u * W + slot] = Int32(c); od[u * W + slot] = Int32(o)
                    guard o > 0 else { continue }
                    let share = 100 * Double(c) / Double(o)
                    for k in 0..<K where firstReach[k] == Int32(H + 2) && share >= inp.targets[k] - 1e-9 {
                        firstReach[k] = Int32(slot)
                    }
                }
                for k in 0..<K {
                    let slot = inp.slotOf[k]
                    let c = Int(cd[u * W + slot]), o = Int(od[u * W + slot])
                    out.share[(s * U + u) * K + k] = o > 0 ? 100 * Double(c) / Double(o) : 0
                    out.reach[(s * U + u) * K + k] = firstReach[k]
                }
            }
        }}}}
    }
}
