import ArgumentParser

/// The Monte Carlo options of `forecast`, `backtest` and `plan`: how many scenarios, the seed,
/// and the simulation's worker threads (the output never depends on them). Both counts are
/// bounded (`SizeLimits`), so a mistyped value is a usage error (exit 64) before any work.
struct SimulationOptions: ParsableArguments {
    @Option(name: .long, help: "Monte Carlo scenarios.")
    var scenarios: Int = 1000

    @Option(name: .long, help: "Random seed (same input and seed, same output).")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Worker threads for the simulation (the output does not depend on it).")
    var threads: Int = 2

    func validate() throws {
        try SizeLimits.scenarios(scenarios)
        try SizeLimits.check("--threads", threads, maximum: SizeLimits.maximumThreads)
    }
}
