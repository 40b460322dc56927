#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much one enterprise's completion on the as-of date raises its unit's probability of
/// reaching the next milestone, by the model, estimated from the forecast's own scenarios.
///
/// **Derivation.** Let c be the unit's completed count on the milestone date, o its open count,
/// k the smallest count that reaches the target with o open, and Yᵢ whether enterprise i (open,
/// not completed on the as-of date) completes by the milestone and is open then, Oᵢ whether it
/// is open then; c₋ᵢ = c − Yᵢ and o₋ᵢ = o − Oᵢ count everyone else. Completing i now makes the
/// count c₋ᵢ + Oᵢ (its grade holds to the milestone, the validity being longer than the time
/// left), so with k₊ the smallest count reaching the target among o₋ᵢ + 1 open, the target turns
/// from missed to reached exactly when Oᵢ = 1, Yᵢ = 0 and c₋ᵢ = k₊ − 1:
///
///     gainᵢ = P(c₋ᵢ = k₊ − 1, Oᵢ = 1, Yᵢ = 0) = E[ 1(c₋ᵢ = k₊ − 1) · qᵢ(ω) ],
///
/// where ω are the scenario's draws (coefficients, paces, closure rate) and
/// `qᵢ(ω) = P(Oᵢ = 1, Yᵢ = 0 | ω) = exp(−μ(f₀ + M)) · (1 + θ·Gᵍ(M)·e^{xᵢβ}/sᵢ)^{−1/θ}` (closure
/// survival times the frailty-integrated survival of the completion hazard to the end of month M;
/// `e^{−Gᵍ(M)·e^{xᵢβ}}` at θ = 0) — given ω, i's own draws are independent of everyone else's,
/// so conditioning on c₋ᵢ and o₋ᵢ does not change qᵢ. The estimator averages
/// `1(c₋ᵢ = k₊ − 1)·qᵢ` over the scenarios, with c₋ᵢ and o₋ᵢ exact in each (the recorder keeps
/// Yᵢ and Oᵢ per scenario) and qᵢ in closed
/// form: unbiased, and smooth across enterprises (their gains differ through qᵢ, not through
/// their own coin flips), which keeps the ranking stable. It is divided by S + 1 like the
/// forecast's probabilities, so it equals the difference of two such probabilities on the same
/// scenarios. `PlanTests` checks it against re-running the forecast with the enterprise
/// completed.
///
/// - Complexity: O(S) per unit plus O(Sᵤ) per enterprise, Sᵤ the scenarios in which its unit
///   ends within one completion of the target.
enum ProbabilityGain {
    /// The gain of each enterprise in `members` (simulation indices), all of unit `u`, for the
    /// next milestone (the recorder's milestone 0) with target `target` percent.
    static func estimate(recorder r: ScenarioRecorder, simulation sim: HazardSimulation, unit u: Int,
                         target: Double, members: [Int]) -> [Double] {
        guard r.milestones > 0, r.lastMonth[0] >= 0 else { return members.map { _ in 0 } }
        // Scenarios where the unit ends within one completion of the target (the only ones where
        // c₋ᵢ can be k₊ − 1): k₊ is k for o or o + 1 open.
        var near: [(s: Int, count: Int, open: Int)] = []
        for s in 0..<r.scenarios {
            let n = r.counts(s, unit: u, milestone: 0)
            let low = smallestReaching(target: target, open: Swift.max(1, n.open))
            let high = smallestReaching(target: target, open: n.open + 1)
            if n.completed >= low - 1 && n.completed <= high { near.append((s, n.completed, n.open)) }
        }
        let pop = sim.population, theta = sim.frailty
        let months = sim.exposure[0] + Double(r.lastMonth[0])
        let groups = pop.groups.count, cells = pop.cells.count
        let norm = 1 / Double(r.scenarios + 1)
        return members.map { i in
            let g = Int(pop.group[i]), c = Int(pop.cell[i]), scale = pop.frailtyScale[i]
            var sum = 0.0
            for (s, count, open) in near {
                let others = count - (r.completedByNext(s, enterprise: i) ? 1 : 0)
                let othersOpen = open - (r.openAtNext(s, enterprise: i) ? 1 : 0)
                guard others == smallestReaching(target: target, open: othersOpen + 1) - 1 else { continue }
                let hazard = r.paceAtNext[s * groups + g] / r.inverseRisk[s * cells + c]
                let survival = theta > 0 ? exp(-log1p(theta * hazard / scale) / theta) : exp(-hazard)
                sum += exp(-r.closureRate[s] * months) * survival
            }
            return sum * norm
        }
    }

    /// The smallest completed count that reaches `target` percent of `open`
    /// (`Milestone.isReached`); `open + 1` when none does.
    static func smallestReaching(target: Double, open: Int) -> Int {
        var k = Swift.max(0, Int((target * Double(open) / 100).rounded(.down)) - 1)
        while k <= open && !Milestone.isReached(100 * Double(k) / Double(open), target: target) { k += 1 }
        return k
    }
}
