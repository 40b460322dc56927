#if canImport(Glibc)
import Glibc
#endif
@testable import WorkSafe

/// The exact completion probability of an open enterprise in a forecast run with coefficients
/// held at β̂, the pace at its posterior mean path and no frailty:
/// `1 − exp(−Σₜ fₜ·exp(sᵢ + townₜ + ζ_c,t + ξ_k,t))` over the simulated months before a slot —
/// what the simulation must average to (HazardForecastTests, PlanTests).
struct ExactExpectation {
    let result: HazardForecast.Result
    let town: [Double]
    let communities: [String: [Double]], departments: [String: [Double]]

    init(_ result: HazardForecast.Result) {
        self.result = result
        let sim = result.simulation, F = sim.pathMonths
        func path(_ p: PacePosterior?, gap: (Int) -> Double) -> [Double] {
            var path = [Double](repeating: 0, count: F)
            p?.meanPath(months: F, gap: gap, into: &path)
            return path
        }
        town = path(sim.pace.town) { sim.pace.futureGaps[$0] ?? 0 }
        communities = sim.pace.communities.mapValues { p in path(p) { _ in 0 } }
        departments = sim.pace.departments.mapValues { p in path(p) { _ in 0 } }
    }

    /// P(`e` completes in the simulated months before `slot`).
    func probability(of e: Enterprise, before slot: Int) -> Double {
        let sim = result.simulation, F = sim.pathMonths
        let s = result.hazard.staticEta(result.hazard.codes(e), beta: result.hazard.regression.coefficients)
        let zero = [Double](repeating: 0, count: F)
        let c = communities[e.community] ?? zero, d = departments[e.department] ?? zero
        var cumulative = 0.0
        for t in 0..<slot {
            guard let i = sim.pathIndex(t) else { continue }
            cumulative += sim.exposure[t] * exp(s + town[i] + c[i] + d[i])
        }
        return -expm1(-cumulative)
    }
}
