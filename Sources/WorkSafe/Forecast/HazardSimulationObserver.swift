/// What a hazard simulation shows an observer, scenario by scenario — the hook `CampaignPlanner`
/// records the natural completions it plans from, and that tests use to re-run scenarios with
/// completion months of their choice.
///
/// The simulation calls the observer from its worker threads, each scenario on one thread, in
/// the order below; an observer writes only where the scenario index says, so needs no locks.
/// Without an observer the simulation is unchanged, and an observer that returns every month it
/// is given leaves every draw and every result as they were (same seed, same output).
protocol HazardSimulationObserver: AnyObject, Sendable {
    /// Step 1–3 done for scenario `s`: `cumulative` is each pace group's cumulative pace
    /// `G_g(t)` at `g·(H + 2) + t` (t = 0 … H, then +∞), `inverseRisk` each covariate cell's
    /// `exp(−x·β*)`, `closureRate` the monthly closure intensity μ* (an enterprise is still open
    /// at the end of simulated month t with probability `exp(−μ*·(f₀ + t))`).
    func scenarioDrawn(_ s: Int, cumulative: [Double], inverseRisk: [Double], closureRate: Double)

    /// Enterprise `i` (simulation order), open and not completed on the as-of date, drew its
    /// first completion month `month` (> H: not within the horizon) in scenario `s`; it is open
    /// until slot `endSlot` (H + 2: throughout). Returns the month the simulation goes on with.
    func firstCompletion(_ s: Int, enterprise i: Int, month: Int, endSlot: Int) -> Int

    /// Scenario `s` tallied: `completed[u·(H + 3) + slot]` and `open[…]` are unit u's completed
    /// and open counts at each slot (0 the as-of date, t + 1 the end of month t).
    func tallied(_ s: Int, completed: UnsafeMutableBufferPointer<Int32>, open: UnsafeMutableBufferPointer<Int32>)
}
