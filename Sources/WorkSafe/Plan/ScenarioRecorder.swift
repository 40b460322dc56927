#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the plan keeps of each scenario of the forecast's simulation (a
/// `HazardSimulationObserver`): per unit and milestone the completed and open counts on the
/// milestone date, the *pool* (the unit's enterprises open and not completed on the as-of date
/// that are still open on the milestone date) and its natural first completions month by month;
/// for the next milestone, which pool members completed naturally, and the draws that give each
/// one's chance of that (`ProbabilityGain`).
///
/// It records and never changes a draw, so the forecast run with it is the forecast.
///
/// - Complexity: O(1) per enterprise and scenario for units × milestones ≤ a few dozen; memory
///   O(S·U·Σₖ(Mₖ + 1)) counts, S·n bits, and S·(G + C) doubles for S scenarios, U units, n open
///   enterprises, G pace groups and C covariate cells.
final class ScenarioRecorder: HazardSimulationObserver, @unchecked Sendable {
    let scenarios: Int, units: Int, milestones: Int
    /// Per milestone: its slot and its last month M (`slot − 1`; −1 when the milestone falls
    /// before the end of the as-of month).
    let slot: [Int], lastMonth: [Int]
    /// Offsets of each milestone's months in a unit's row of `natural`, and the row's width.
    let monthOffset: [Int], width: Int
    /// Unit indices (town, community, department) of each enterprise in simulation order.
    private let community: [Int32], department: [Int32]
    private let enterprises: Int, words: Int
    private let groups: Int, cells: Int, horizon: Int

    /// `natural[(s·U + u)·width + offset[k] + t]`: pool members completing in month t ≤ Mₖ.
    let natural: UnsafeMutableBufferPointer<Int32>
    /// `pool[(s·U + u)·K + k]`, `completed[…]`, `open[…]`.
    let pool: UnsafeMutableBufferPointer<Int32>
    let completed: UnsafeMutableBufferPointer<Int32>, open: UnsafeMutableBufferPointer<Int32>
    /// Bit i of scenario s's row: enterprise i completed naturally by the next milestone and is
    /// open on it.
    let completedByNext: UnsafeMutableBufferPointer<UInt64>
    /// Bit i of scenario s's row: enterprise i is open on the next milestone.
    let openAtNext: UnsafeMutableBufferPointer<UInt64>
    /// Per scenario: the closure intensity, each group's cumulative pace at the next
    /// milestone's month, each cell's `exp(−x·β*)`.
    let closureRate: UnsafeMutableBufferPointer<Double>
    let paceAtNext: UnsafeMutableBufferPointer<Double>
    let inverseRisk: UnsafeMutableBufferPointer<Double>

    init(simulation sim: HazardSimulation, scenarios: Int) {
        self.scenarios = scenarios
        units = sim.U; milestones = sim.K; horizon = sim.H
        slot = sim.slotOf
        lastMonth = sim.slotOf.map { $0 - 1 }
        var offsets: [Int] = [], w = 0
        for m in lastMonth { offsets.append(w); w += m + 1 }
        monthOffset = offsets; width = w
        community = sim.population.community; department = sim.population.department
        enterprises = sim.population.count
        words = (enterprises + 63) / 64
        groups = sim.population.groups.count; cells = sim.population.cells.count
        func zeros<T: Numeric>(_ n: Int, _: T.Type) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: Swift.max(1, n))
            b.initialize(repeating: 0)
            return b
        }
        natural = zeros(scenarios * units * w, Int32.self)
        pool = zeros(scenarios * units * milestones, Int32.self)
        completed = zeros(scenarios * units * milestones, Int32.self)
        open = zeros(scenarios * units * milestones, Int32.self)
        completedByNext = zeros(scenarios * words, UInt64.self)
        openAtNext = zeros(scenarios * words, UInt64.self)
        closureRate = zeros(scenarios, Double.self)
        paceAtNext = zeros(scenarios * groups, Double.self)
        inverseRisk = zeros(scenarios * cells, Double.self)
    }

    deinit {
        natural.deallocate(); pool.deallocate(); completed.deallocate(); open.deallocate()
        completedByNext.deallocate(); openAtNext.deallocate(); closureRate.deallocate(); paceAtNext.deallocate(); inverseRisk.deallocate()
    }

    func scenarioDrawn(_ s: Int, cumulative: [Double], inverseRisk risk: [Double], closureRate mu: Double) {
        closureRate[s] = mu
        guard milestones > 0 else { return }
        let m = lastMonth[0], W = horizon + 2
        for g in 0..<groups { paceAtNext[s * groups + g] = m >= 0 ? cumulative[g * W + m] : 0 }
        for c in 0..<cells { inverseRisk[s * cells + c] = risk[c] }
    }

    func firstCompletion(_ s: Int, enterprise i: Int, month t: Int, endSlot: Int) -> Int {
        let c = Int(community[i]), d = Int(department[i])
        for k in 0..<milestones where endSlot > slot[k] {
            // The town (unit 0), the community and the department.
            pool[(s * units) * milestones + k] += 1
            pool[(s * units + c) * milestones + k] += 1
            pool[(s * units + d) * milestones + k] += 1
            if t <= lastMonth[k] {
                let o = monthOffset[k] + t
                natural[(s * units) * width + o] += 1
                natural[(s * units + c) * width + o] += 1
                natural[(s * units + d) * width + o] += 1
            }
            if k == 0 {
                openAtNext[s * words + i / 64] |= 1 << UInt64(i % 64)
                if t <= lastMonth[0] { completedByNext[s * words + i / 64] |= 1 << UInt64(i % 64) }
            }
        }
        return t
    }

    func tallied(_ s: Int, completed c: UnsafeMutableBufferPointer<Int32>, open o: UnsafeMutableBufferPointer<Int32>) {
        let W = horizon + 3
        for u in 0..<units {
            for k in 0..<milestones {
                completed[(s * units + u) * milestones + k] = c[u * W + slot[k]]
                open[(s * units + u) * milestones + k] = o[u * W + slot[k]]
            }
        }
    }

    /// Whether enterprise `i` completed naturally by the next milestone and is open on it, in
    /// scenario `s`.
    func completedByNext(_ s: Int, enterprise i: Int) -> Bool {
        completedByNext[s * words + i / 64] & (1 << UInt64(i % 64)) != 0
    }

    /// Whether enterprise `i` is open on the next milestone in scenario `s`.
    func openAtNext(_ s: Int, enterprise i: Int) -> Bool {
        openAtNext[s * words + i / 64] & (1 << UInt64(i % 64)) != 0
    }

    /// Unit `u`'s natural completions of scenario `s` for milestone `k`, cumulated: element t is
    /// the pool members completed by the end of month t (t = 0 … Mₖ).
    func cumulativeNatural(_ s: Int, unit u: Int, milestone k: Int, into out: inout [Int]) {
        let base = (s * units + u) * width + monthOffset[k]
        var acc = 0
        out.removeAll(keepingCapacity: true)
        for t in 0...Swift.max(0, lastMonth[k]) where t <= lastMonth[k] {
            acc += Int(natural[base + t]); out.append(acc)
        }
    }

    /// `(completed, open, pool)` of unit `u` on milestone `k` in scenario `s`.
    func counts(_ s: Int, unit u: Int, milestone k: Int) -> (completed: Int, open: Int, pool: Int) {
        let j = (s * units + u) * milestones + k
        return (Int(completed[j]), Int(open[j]), Int(pool[j]))
    }
}
