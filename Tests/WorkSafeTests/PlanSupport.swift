@testable import WorkSafe

/// A forced simulation done the long way, for checking the plan's shortcut: one run records
/// every open, not-completed enterprise's natural first completion month and closure slot in
/// every scenario; the forcing rule is then applied enterprise by enterprise; a second run of
/// the same scenarios (same seed) completes the chosen enterprises in their forced months, and
/// the simulation's own tally gives the counts on the milestone date.
final class EnterpriseMonths: HazardSimulationObserver, @unchecked Sendable {
    let n: Int, scenarios: Int, units: Int, slots: [Int]
    /// Written by the simulation's worker threads at disjoint indices (raw buffers: a Swift
    /// array in a class property is not safe to write from several threads at once).
    let month: UnsafeMutableBufferPointer<Int32>, endSlot: UnsafeMutableBufferPointer<Int32>
    /// Per scenario × unit × milestone: completed and open on the milestone date.
    let completed: UnsafeMutableBufferPointer<Int32>, open: UnsafeMutableBufferPointer<Int32>
    /// Forced months (−1: the natural one), per scenario × enterprise; set before the run.
    var forced: [Int32]?

    init(_ sim: HazardSimulation, scenarios: Int) {
        n = sim.population.count; self.scenarios = scenarios; units = sim.U; slots = sim.slotOf
        func buffer(_ count: Int, _ value: Int32) -> UnsafeMutableBufferPointer<Int32> {
            let b = UnsafeMutableBufferPointer<Int32>.allocate(capacity: Swift.max(1, count))
            b.initialize(repeating: value)
            return b
        }
        month = buffer(scenarios * n, -1); endSlot = buffer(scenarios * n, -1)
        completed = buffer(scenarios * units * slots.count, 0); open = buffer(scenarios * units * slots.count, 0)
    }

    deinit { month.deallocate(); endSlot.deallocate(); completed.deallocate(); open.deallocate() }

    func scenarioDrawn(_ s: Int, cumulative: [Double], inverseRisk: [Double], closureRate: Double) {}

    func firstCompletion(_ s: Int, enterprise i: Int, month t: Int, endSlot e: Int) -> Int {
        month[s * n + i] = Int32(t); endSlot[s * n + i] = Int32(e)
        if let f = forced?[s * n + i], f >= 0 { return Int(f) }
        return t
    }

    func tallied(_ s: Int, completed c: UnsafeMutableBufferPointer<Int32>, open o: UnsafeMutableBufferPointer<Int32>) {
        let W = c.count / units
        for u in 0..<units {
            for (k, slot) in slots.enumerated() {
                completed[(s * units + u) * slots.count + k] = c[u * W + slot]
                open[(s * units + u) * slots.count + k] = o[u * W + slot]
            }
        }
    }

    /// The forcing rule applied enterprise by enterprise to unit `u`, milestone `k`, `perMonth`
    /// a month: per scenario, the pool (not completed on the as-of date, still open on the
    /// milestone date) in order of natural month; each month 1 … M, the natural completers, then
    /// the next in order until `perMonth` have completed.
    func forcing(unit u: Int, milestone k: Int, perMonth: Int, population pop: ForecastPopulation) -> [Int32] {
        var out = [Int32](repeating: -1, count: scenarios * n)
        let lastMonth = slots[k] - 1
        guard lastMonth >= 1 else { return out }
        for s in 0..<scenarios {
            let pool = (0..<n).filter { i in
                pop.standing[i] == .notCompleted
                    && (u == 0 || Int(pop.community[i]) == u || Int(pop.department[i]) == u)
                    && Int(endSlot[s * n + i]) > slots[k]
            }.sorted { (month[s * n + $0], $0) < (month[s * n + $1], $1) }
            var done = Set(pool.filter { month[s * n + $0] == 0 })
            var next = 0
            for m in 1...lastMonth {
                var count = 0
                for i in pool where month[s * n + i] == Int32(m) && !done.contains(i) { done.insert(i); count += 1 }
                while count < perMonth {
                    while next < pool.count && done.contains(pool[next]) { next += 1 }
                    guard next < pool.count else { break }
                    out[s * n + pool[next]] = Int32(m); done.insert(pool[next]); count += 1
                }
            }
        }
        return out
    }

    func counts(_ s: Int, unit u: Int, milestone k: Int) -> (completed: Int, open: Int) {
        let j = (s * units + u) * slots.count + k
        return (Int(completed[j]), Int(open[j]))
    }
}

/// The forecast run with an observer; returns the result and the observer.
func observedForecast<O: HazardSimulationObserver>(
    _ forecast: HazardForecast, ledger: Ledger, campaign: Campaign, asOf: Day,
    make: @escaping (HazardSimulation) -> O) throws -> (HazardForecast.Result, O) {
    let box = ObserverBox<O>()
    let result = try forecast.forecast(ledger: ledger, campaign: campaign, asOf: asOf, observer: { sim in
        let o = make(sim); box.value = o; return o
    })
    return (result, box.value!)
}

/// The scenarios of `forecast` run again on its fitted simulation (`result.simulation`: same
/// inputs, same seed, so the same draws) with the forced months `forced` (from
/// `EnterpriseMonths.forcing` on a run with the same seed).
func forcedRun(_ forecast: HazardForecast, result: HazardForecast.Result, forced: [Int32]) -> EnterpriseMonths {
    let o = EnterpriseMonths(result.simulation, scenarios: forecast.scenarios)
    o.forced = forced
    _ = result.simulation.run(scenarios: forecast.scenarios, seed: forecast.seed, threads: forecast.threadCount,
                              progress: nil, observer: o)
    return o
}

final class ObserverBox<O>: @unchecked Sendable { var value: O? }
