import Dispatch
import Linalg
import Stats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fourth step of the hazard forecast: the Monte Carlo simulation of every open enterprise.
///
/// Per scenario (its own generator `SeededGenerator(seed).split(stream: scenario)`, so the
/// output does not depend on the thread count), in this order of draws:
/// 1. the static coefficients `β* = β̂ + L·z` (parameter uncertainty);
/// 2. the town's log pace for every simulated month, then each community's and each
///    department's deviation (`PacePosterior.draw`: a grid point of the variances, the last
///    state, the future transitions with their innovations and phase jumps), the town's moved
///    by `levelShift·z` (its level given β*);
/// 3. the renewal probability `r* ~ Beta(1 + renewed, 1 + lapsed)`, the monthly closure
///    probability `c* ~ Beta(½ + closures, ½ + open months − closures)` and per-community entry
///    rates `λ* ~ Gamma(½ + entries, window months)`;
/// 4. each enterprise's completion month by inversion in its community × department group's
///    cumulative pace `G_g(t) = Σ_{u≤t} fᵤ·exp(town_u + ζ_c,u + ξ_k,u)` (`fᵤ` the month's exposure:
///    the rest of the as-of month, then whole months): the first t with
///    `G_g(t) ≥ G_g(t₀ − 1) + E·exp(−xᵢβ*)`, `E ~ Exp(1)` — `CompletionSimulation.Table`;
/// 5. lapses after `validity` months unless renewed (probability `r*`), closures (exponential
///    times; only those within the horizon visited, by geometric skips), entrants (a copy of a
///    random open enterprise of the community, not completed);
/// 6. per unit, completed and open counts at every month end from difference arrays, the share
///    at each milestone and the first month the target is reached.
struct HazardSimulation: Sendable {
    let H: Int, U: Int, K: Int, validity: Int
    let exposure: [Double]
    /// Calendar month (`MonthIndex`) of simulated month 0 (the as-of month) and the last
    /// history month.
    let firstMonth: Int, lastHistoryMonth: Int
    let population: ForecastPopulation
    /// Static covariates of each cell (cells × p, row-major), β̂ and its lower Cholesky factor
    /// (nil: held at β̂).
    let cellRows: [Double], betaMean: [Double], betaFactor: [Double]?
    /// The town's log pace moves by `levelShift·z` with the draw `β* = β̂ + L·z`: the month
    /// effects' mean given β* (`CompletionHazard.Fitted.monthEffectsGivenStatic`), so that the
    /// level common to β and the month effects is drawn once (zeros when β is held at β̂).
    let levelShift: [Double]
    let pace: PaceFit
    /// Whether the pace varies by scenario (false: the posterior mean path, no unit deviations'
    /// noise — for checking the simulation against exact expectations).
    let structural: Bool
    /// For each group, its community's and department's index in `communityNames` /
    /// `departmentNames`.
    let groupCommunity: [Int], groupDepartment: [Int]
    let communityNames: [String], departmentNames: [String]
    let rates: TurnoverRates
    /// The hazard's gamma frailty variance θ.
    let frailty: Double
    let slotOf: [Int]
    let targets: [Double]

    /// Months of pace drawn per scenario: from the month after the history to the horizon.
    var pathMonths: Int { firstMonth + H - lastHistoryMonth }

    /// The pace path index of simulated month t (nil: a history month, exposure 0).
    @inline(__always)
    func pathIndex(_ t: Int) -> Int? {
        let i = firstMonth + t - lastHistoryMonth - 1
        return i >= 0 ? i : nil
    }
}

/// Per-scenario results, written by the workers at disjoint indices.
final class HazardSimulationOutput: @unchecked Sendable {
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

extension HazardSimulation {
    /// Runs `scenarios` scenarios on `threads` threads (`observer`: see
    /// `HazardSimulationObserver`).
    func run(scenarios S: Int, seed: UInt64, threads: Int,
             progress: (@Sendable (Int, Int) -> Void)?,
             observer: (any HazardSimulationObserver)? = nil) -> HazardSimulationOutput {
        let output = HazardSimulationOutput(scenarios: S, units: U, milestones: K)
        let root = SeededGenerator(seed: seed)
        let workers = Swift.max(1, Swift.min(threads, S))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var worker = HazardSimulationWorker(self, observer: observer)
            var s = w
            while s < S {
                var rng = root.split(stream: UInt64(s))
                worker.run(scenario: s, rng: &rng, into: output)
                if w == 0, let progress { progress(Swift.min(S, s + workers), S) }
                s += workers
            }
        }
        return output
    }
}

/// One thread's scratch space and the per-scenario simulation.
struct HazardSimulationWorker {
    let sim: HazardSimulation
    var beta: [Double], z: [Double]
    var inverseRisk: [Double]
    var town: [Double], community: [[Double]], department: [[Double]]
    /// Per group: cumulative pace (months H + 1, then +∞) and guide table.
    var cumulative: [Double], guide: [Int32], scale: [Double]
    let buckets: Int
    var compDiff: [Int32], openDiff: [Int32]
    var closing: [Int32] = [], closingSlot: [Int32] = []
    let observer: (any HazardSimulationObserver)?
    /// Per community unit, its open enterprises' make-up (cell, group, community, department)
    /// side by side, in `ForecastPopulation.members` order: an entrant copies a random one with a
    /// single memory access instead of five scattered ones.
    let entrantMakeUp: [[SIMD4<Int32>]]

    init(_ sim: HazardSimulation, observer: (any HazardSimulationObserver)? = nil) {
        self.sim = sim
        self.observer = observer
        let pop = sim.population
        entrantMakeUp = pop.members.map { members in
            members.map { j in
                let j = Int(j)
                return SIMD4(pop.cell[j], pop.group[j], pop.community[j], pop.department[j])
            }
        }
        let p = sim.betaMean.count, F = sim.pathMonths
        beta = sim.betaMean; z = [Double](repeating: 0, count: p)
        inverseRisk = [Double](repeating: 0, count: sim.population.cells.count)
        town = [Double](repeating: 0, count: F)
        community = [[Double]](repeating: town, count: sim.communityNames.count)
        department = [[Double]](repeating: town, count: sim.departmentNames.count)
        let G = sim.population.groups.count
        buckets = Swift.max(64, 8 * (sim.H + 1))
        cumulative = [Double](repeating: .infinity, count: G * (sim.H + 2))
        guide = [Int32](repeating: 0, count: G * (buckets + 1))
        scale = [Double](repeating: 0, count: G)
        compDiff = [Int32](repeating: 0, count: sim.U * (sim.H + 3))
        openDiff = compDiff
    }

    /// Steps 1–2: coefficients, paces and the groups' tables.
    mutating func drawParameters(_ rng: inout SeededGenerator) {
        let p = sim.betaMean.count
        if let l = sim.betaFactor {
            for j in 0..<p { z[j] = rng.normal() }
            for i in 0..<p {
                var v = sim.betaMean[i]
                for j in 0...i { v += l[i * p + j] * z[j] }
                beta[i] = v
            }
        }
        for c in sim.population.cells.indices {
            var eta = 0.0
            for j in 0..<p { eta += sim.cellRows[c * p + j] * beta[j] }
            inverseRisk[c] = exp(-eta)
        }
        let F = sim.pathMonths
        let gaps = sim.pace.futureGaps
        if sim.structural {
            sim.pace.town.draw(months: F, gap: { gaps[$0] ?? 0 }, into: &town, &rng)
            for (i, name) in sim.communityNames.enumerated() {
                sim.pace.communities[name]?.draw(months: F, gap: { _ in 0 }, into: &community[i], &rng)
            }
            for (i, name) in sim.departmentNames.enumerated() {
                sim.pace.departments[name]?.draw(months: F, gap: { _ in 0 }, into: &department[i], &rng)
            }
            if sim.betaFactor != nil {
                var shift = 0.0
                for j in 0..<p { shift += sim.levelShift[j] * z[j] }
                for i in 0..<F { town[i] += shift }
            }
        } else {
            sim.pace.town.meanPath(months: F, gap: { gaps[$0] ?? 0 }, into: &town)
            for (i, name) in sim.communityNames.enumerated() {
                sim.pace.communities[name]?.meanPath(months: F, gap: { _ in 0 }, into: &community[i])
            }
            for (i, name) in sim.departmentNames.enumerated() {
                sim.pace.departments[name]?.meanPath(months: F, gap: { _ in 0 }, into: &department[i])
            }
        }
        let W = sim.H + 2
        for g in sim.population.groups.indices {
            let c = sim.groupCommunity[g], d = sim.groupDepartment[g]
            var acc = 0.0
            for t in 0...sim.H {
                if let i = sim.pathIndex(t) {
                    acc += sim.exposure[t] * exp(town[i] + community[c][i] + department[d][i])
                }
                cumulative[g * W + t] = acc
            }
            let s = acc > 0 ? Double(buckets) / acc : 0
            scale[g] = s
            var t = 0
            for b in 0...buckets {
                while t <= sim.H && cumulative[g * W + t] * s < Double(b) { t += 1 }
                guide[g * (buckets + 1) + b] = Int32(t)
            }
        }
    }

    mutating func run(scenario s: Int, rng: inout SeededGenerator, into out: HazardSimulationOutput) {
        drawParameters(&rng)
        let H = sim.H, U = sim.U, W = H + 3
        let pop = sim.population
        let (renewP, closureMu, lambda) = drawTurnover(&rng)
        observer?.scenarioDrawn(s, cumulative: cumulative, inverseRisk: inverseRisk, closureRate: closureMu)
        for i in 0..<compDiff.count { compDiff[i] = 0; openDiff[i] = 0 }
        for u in 1..<U { openDiff[u * W] = Int32(pop.openBase[u]) }
        let validity = sim.validity, n = pop.count
        drawClosures(rate: closureMu, &rng)

        let buckets = self.buckets, sim = self.sim, scale = self.scale, theta = sim.frailty
        let cumulative = self.cumulative, guide = self.guide, inverseRisk = self.inverseRisk
        var compDiff: [Int32] = [], openDiff: [Int32] = []
        swap(&compDiff, &self.compDiff); swap(&openDiff, &self.openDiff)
        defer { swap(&compDiff, &self.compDiff); swap(&openDiff, &self.openDiff) }
        cumulative.withUnsafeBufferPointer { cum in
        guide.withUnsafeBufferPointer { gd in
        inverseRisk.withUnsafeBufferPointer { risk in
        compDiff.withUnsafeMutableBufferPointer { cd in
        openDiff.withUnsafeMutableBufferPointer { od in
            let tables = Self.groupTables(cumulative: cum, guide: gd, scale: scale, buckets: buckets, months: H + 1)
            let counter = SpellCounter(completed: cd, tables: tables, inverseRisk: risk, width: W, horizon: H,
                                       validity: validity, renewal: renewP, frailty: theta)

            // Existing enterprises.
            var nextClose = 0
            for i in 0..<n {
                let com = Int(pop.community[i]), dept = Int(pop.department[i])
                let cell = Int(pop.cell[i]), group = Int(pop.group[i])
                var endSlot = H + 2
                if nextClose < closing.count, Int(closing[nextClose]) == i {
                    endSlot = Int(closingSlot[nextClose]); nextClose += 1
                    od[com * W + endSlot] -= 1; od[dept * W + endSlot] -= 1
                }
                switch pop.standing[i] {
                case .notCompleted:
                    var t = tables[group].completionMonth(inverseRisk: risk[cell], frailty: theta,
                                                          scale: pop.frailtyScale[i], from: 0, &rng)
                    if let observer { t = observer.firstCompletion(s, enterprise: i, month: t, endSlot: endSlot) }
                    if t > H { continue }
                    counter.spells(cell: cell, group: group, com: com, dept: dept, slotStart: t + 1, exp: t + validity,
                           endSlot: endSlot, &rng)
                case let .completed(expiry):
                    counter.spells(cell: cell, group: group, com: com, dept: dept, slotStart: 0,
                           exp: expiry ?? Int(Int32.max), endSlot: endSlot, &rng)
                }
            }
            // Entrants.
            for u in 0..<U where lambda[u] > 0 {
                let mem = entrantMakeUp[u]
                for t in 0...H {
                    let count = rng.poisson(lambda[u] * sim.exposure[t])
                    for _ in 0..<count {
                        let made = mem[rng.index(below: mem.count)]
                        let com = Int(made[2]), dept = Int(made[3])
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
                        let cell = Int(made[0]), group = Int(made[1])
                        let done = tables[group].completionMonth(inverseRisk: risk[cell], frailty: theta, scale: 1,
                                                                 from: t + 1, &rng)
                        if done > H { continue }
                        counter.spells(cell: cell, group: group, com: com, dept: dept, slotStart: done + 1,
                               exp: done + validity, endSlot: endSlot, &rng)
                    }
                }
            }
            Self.tally(cd, od, simulation: sim, scenario: s, into: out)
            observer?.tallied(s, completed: cd, open: od)
        }}}}}
    }

    /// Each group's inversion table over its rows of `cumulative` (`months + 1` each) and `guide`
    /// (`buckets + 1` each).
    static func groupTables(cumulative cum: UnsafeBufferPointer<Double>, guide gd: UnsafeBufferPointer<Int32>,
                            scale: [Double], buckets: Int, months: Int) -> [CompletionSimulation.Table] {
        scale.indices.map { g in
            CompletionSimulation.Table(
                cumulative: UnsafeBufferPointer(rebasing: cum[(g * (months + 1))..<((g + 1) * (months + 1))]),
                guide: UnsafeBufferPointer(rebasing: gd[(g * (buckets + 1))..<((g + 1) * (buckets + 1))]),
                scale: scale[g], buckets: buckets, months: months)
        }
    }

    /// Step 3: the renewal probability `r* ~ Beta(1 + renewed, 1 + lapsed)`, the monthly closure
    /// rate (from `c* ~ Beta(½ + closures, ½ + open months − closures)`) and per-community entry
    /// rates `λ* ~ Gamma(½ + entries, window months)`, drawn in that order.
    func drawTurnover(_ rng: inout SeededGenerator) -> (renewal: Double, closureRate: Double, entryRates: [Double]) {
        let pop = sim.population, rates = sim.rates
        let renewP = rng.beta(1 + Double(pop.renewedGrades), 1 + Double(pop.expiredGrades - pop.renewedGrades))
        var closureMu = 0.0
        if rates.openMonths > 0 {
            let c = rng.beta(0.5 + Double(rates.closures), 0.5 + Swift.max(0, rates.openMonths - Double(rates.closures)))
            closureMu = -log1p(-Swift.min(c, 0.999_999))
        }
        var lambda = [Double](repeating: 0, count: sim.U)
        if rates.entries > 0 {
            for u in 0..<sim.U where !pop.members[u].isEmpty {
                lambda[u] = rng.gamma(shape: 0.5 + Double(rates.entriesByUnit[u])) / rates.entryWindowMonths
            }
        }
        return (renewP, closureMu, lambda)
    }

    /// Step 5's closures of existing enterprises into `closing` and `closingSlot`: which close
    /// within the horizon (geometric gaps with q = P(T ≤ f0 + H)), then each one's month from the
    /// truncated exponential.
    mutating func drawClosures(rate closureMu: Double, _ rng: inout SeededGenerator) {
        let H = sim.H, f0 = sim.exposure[0], n = sim.population.count
        closing.removeAll(keepingCapacity: true)
        closingSlot.removeAll(keepingCapacity: true)
        guard closureMu > 0 else { return }
        let q = -expm1(-closureMu * (f0 + Double(H)))
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

    /// Step 6: the town's row is the sum of the communities'; then counts per unit and slot,
    /// shares at the milestones and the first slot the target is reached.
    static func tally(_ cd: UnsafeMutableBufferPointer<Int32>, _ od: UnsafeMutableBufferPointer<Int32>,
                      simulation sim: HazardSimulation, scenario s: Int, into out: HazardSimulationOutput) {
        let H = sim.H, U = sim.U, K = sim.K, W = H + 3
        for slot in 0..<W {
            var c: Int32 = 0, o: Int32 = 0
            for u in sim.population.index.communityBase..<sim.population.index.departmentBase {
                c += cd[u * W + slot]; o += od[u * W + slot]
            }
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
                for k in 0..<K where firstReach[k] == Int32(H + 2) && Milestone.isReached(share, target: sim.targets[k]) {
                    firstReach[k] = Int32(slot)
                }
            }
            for k in 0..<K {
                let slot = sim.slotOf[k]
                let c = Int(cd[u * W + slot]), o = Int(od[u * W + slot])
                out.share[(s * U + u) * K + k] = o > 0 ? 100 * Double(c) / Double(o) : 0
                out.reach[(s * U + u) * K + k] = firstReach[k]
            }
        }
    }
}

/// One scenario's completion spells, counted into the completed-count difference array `cd`
/// (unit × slot, `width` slots per unit).
struct SpellCounter {
    let completed: UnsafeMutableBufferPointer<Int32>
    let tables: [CompletionSimulation.Table]
    let inverseRisk: UnsafeBufferPointer<Double>
    let width: Int, horizon: Int, validity: Int
    /// The scenario's renewal probability and the hazard's frailty variance θ.
    let renewal: Double, frailty: Double

    init(completed: UnsafeMutableBufferPointer<Int32>, tables: [CompletionSimulation.Table],
         inverseRisk: UnsafeBufferPointer<Double>, width: Int, horizon: Int, validity: Int, renewal: Double,
         frailty: Double) {
        self.completed = completed; self.tables = tables; self.inverseRisk = inverseRisk
        self.width = width; self.horizon = horizon; self.validity = validity
        self.renewal = renewal; self.frailty = frailty
    }

    /// Completed in slots `from ..< to`, for the community and the department.
    @inline(__always)
    func add(_ com: Int, _ dept: Int, from: Int, to: Int) {
        let W = width
        completed[com * W + from] += 1; completed[com * W + to] -= 1
        completed[dept * W + from] += 1; completed[dept * W + to] -= 1
    }

    /// Completion spells of one enterprise, the first from `slotStart` with its grade expiring in
    /// month `exp`: each expiry inside the horizon is a renewal (probability `renewal`) or a
    /// lapse, after which the enterprise is at risk again.
    @inline(__always)
    func spells(cell: Int, group: Int, com: Int, dept: Int, slotStart first: Int, exp firstExp: Int,
                endSlot: Int, _ rng: inout SeededGenerator) {
        let H = horizon
        var slotStart = first, exp = firstExp
        while true {
            if slotStart >= endSlot { return }
            if exp > H || validity <= 0 { add(com, dept, from: slotStart, to: endSlot); return }
            if rng.uniform() < renewal { exp += validity; continue }
            let lapse = Swift.min(exp + 1, endSlot)
            add(com, dept, from: slotStart, to: lapse)
            if lapse >= endSlot { return }
            let t = tables[group].completionMonth(inverseRisk: inverseRisk[cell], frailty: frailty, scale: 1,
                                                  from: exp + 1, &rng)
            if t > H { return }
            slotStart = t + 1; exp = t + validity
        }
    }
}
