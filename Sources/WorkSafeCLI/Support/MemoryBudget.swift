#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import WorkSafe

/// The memory a run may take, checked before a size flag makes it allocate: a run whose
/// estimate exceeds what the machine has available is refused with a message (exit 64)
/// instead of being killed, or aborting, partway through.
///
///     try MemoryBudget.require(
///         bytes: 12 * Double(scenarios) * Double(units) * Double(milestones),
///         for: "\(scenarios) scenarios × \(units) units × \(milestones) milestones",
///         advice: "use fewer --scenarios")
///
/// Estimates are `Double` so that products of huge flags cannot overflow.
enum MemoryBudget {
    /// Bytes of physical memory available to a new allocation now: `MemAvailable` of
    /// `/proc/meminfo` (free memory plus what the kernel can reclaim), capped by a cgroup memory
    /// limit when one is set; `sysconf` free pages where neither can be read.
    static var availableBytes: Double {
        var available = meminfoAvailable() ?? Double(sysconf(Int32(_SC_AVPHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        if let limit = cgroupLimit() { available = min(available, limit) }
        return available
    }

    /// Bytes of physical memory of the machine.
    static var physicalBytes: Double {
        Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Throws `UsageRefusal` when `bytes` exceed the memory available now.
    ///
    /// - Parameters:
    ///   - bytes: the run's estimated peak memory.
    ///   - what: what needs it, in the user's words (e.g. `1e8 scenarios × 40 units`).
    ///   - advice: what to change (e.g. `use fewer --scenarios`).
    ///   - available: the memory to compare with (default `availableBytes`; for tests).
    static func require(bytes: Double, for what: String, advice: String,
                        available: Double = MemoryBudget.availableBytes) throws {
        guard !(bytes <= available) else { return }
        throw UsageRefusal("\(what) needs about \(format(bytes)) of memory, but \(format(available)) is available on this machine: \(advice)")
    }

    /// Refuses a hazard forecast whose per-scenario results — a share (8 bytes) and a month
    /// reached (4 bytes) per scenario × unit × milestone (`HazardForecast`'s `SimulationOutput`),
    /// twice over for the workers' scratch — exceed the memory available.
    ///
    /// - Parameters: `scenarios` (`--scenarios`), `units` (town + communities + departments
    ///   forecast), `milestones` (those after the as-of date), `flag` (how the user sets it).
    static func requireForecast(scenarios: Int, units: Int, milestones: Int, flag: String = "--scenarios",
                                available: Double = MemoryBudget.availableBytes) throws {
        let bytes = 2 * 12 * Double(scenarios) * Double(max(units, 1)) * Double(max(milestones, 1))
        try require(bytes: bytes, for: "a forecast of \(scenarios) scenarios × \(units) units × \(milestones) milestones",
                    advice: "use fewer \(flag)", available: available)
    }

    /// `1.5 GiB`, `512 MiB`, `12 KiB`; `more than 1 EiB` for what cannot be allocated at all.
    static func format(_ bytes: Double) -> String {
        if !(bytes < 1024 * 1024 * 1024 * 1024 * 1024 * 1024) { return "more than 1 EiB" }
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = bytes, i = 0
        while value >= 1024 && i < units.count - 1 { value /= 1024; i += 1 }
        return i == 0 ? "\(Int(value)) bytes" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[i]
    }

    private static func meminfoAvailable() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kib = Double(parts[1]) { return kib * 1024 }
        }
        return nil
    }

    /// The cgroup (v2, else v1) memory limit, when one is set.
    private static func cgroupLimit() -> Double? {
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let limit = Double(value), limit < 1e18 { return limit }
        }
        return nil
    }
}

/// Upper bounds of the size flags, checked in `validate()` (exit 64). Each is far above any
/// real use and low enough that the run finishes and its memory can be estimated.
enum SizeLimits {
    /// `--scenarios` of `forecast`, `backtest`, `assess` and `report`: the forecasts' own bound
    /// (`HazardForecast.maximumScenarios`, 1 million; the default is 1,000).
    static let maximumScenarios = HazardForecast.maximumScenarios
    /// `--threads`: 1,024 worker threads (one per core is what helps).
    static let maximumThreads = 1_024
    /// `backtest --regimes --enterprises`: 200,000 enterprises per simulated town.
    static let maximumRegimeEnterprises = 200_000
    /// `backtest --regimes --seeds`: 100 towns per regime.
    static let maximumSeeds = 100
    /// `backtest --origins`: 1,000 forecast origins (a quarter end each is 4 a year).
    static let maximumOrigins = 1_000
    /// `--n-init`: 1,000 restarts (scikit-learn's default is 10, or 1 with k-means++ "auto").
    static let maximumRestarts = 1_000
    /// `--max-iter`: 100,000 Lloyd iterations per restart (scikit-learn's default is 300).
    static let maximumIterations = 100_000
    /// `--k` and the top of `--k-range`: 10,000 clusters.
    static let maximumClusters = 10_000
    /// `simulate --enterprises`: 100 million.
    static let maximumEnterprises = 100_000_000

    /// Throws `ValidationError` unless `1 ≤ value ≤ maximum`.
    static func check(_ flag: String, _ value: Int, maximum: Int, minimum: Int = 1) throws {
        if value < minimum { throw ValidationError("\(flag) must be at least \(minimum), got \(value)") }
        if value > maximum { throw ValidationError("\(flag) must be at most \(maximum), got \(value)") }
    }

    /// `--scenarios` of a forecast.
    static func scenarios(_ value: Int) throws {
        try check("--scenarios", value, maximum: maximumScenarios)
    }
}
