/// The key-industry benchmark check (重点行业标杆): every key industry must have at least one
/// benchmark enterprise (标杆) by the campaign's benchmark deadline.
///
/// The ledger flags benchmarks without a date, so "by the deadline" is judged from the
/// enterprise's dates: a benchmark *counts* when, on the deadline, it was open and completed
/// (its latest status then was completed, compliant or a grade). The row also lists every
/// benchmark of the industry and how many were merely open on the deadline. While the as-of date
/// precedes the deadline the target is `pending`, judged on the as-of date.
public struct KeyIndustryBenchmarkRow: Sendable, Hashable {
    /// Whether the target was met.
    public enum Status: String, Sendable, Hashable {
        /// At least one benchmark counted on the deadline.
        case met
        /// None did.
        case notMet = "not_met"
        /// The deadline is after the as-of date; counts are as of the as-of date.
        case pending
    }

    /// The key industry.
    public var industry: String
    /// The deadline.
    public var deadline: Day
    /// The day the counts refer to: the deadline, or the as-of date while pending.
    public var evaluatedOn: Day
    /// Ids of every benchmark enterprise of the industry known by the as-of date, sorted.
    public var benchmarkIDs: [String]
    /// Their names, in the same order.
    public var benchmarkNames: [String]
    /// Benchmarks open on `evaluatedOn`.
    public var openBenchmarks: Int
    /// Benchmarks open and completed on `evaluatedOn`.
    public var completedBenchmarks: Int
    /// The verdict.
    public var status: Status
    /// Why, in words.
    public var note: String
}

/// Builds `KeyIndustryBenchmarkRow`s.
public enum KeyIndustryBenchmarkCheck {
    /// One row per key industry of `campaign`, in the campaign's order.
    ///
    /// - Complexity: O(*E* log *e*).
    public static func rows(ledger fullLedger: Ledger, campaign: Campaign, asOf: Day) -> [KeyIndustryBenchmarkRow] {
        let ledger = fullLedger.asOf(asOf)
        let deadline = campaign.benchmarkDeadline
        let pending = asOf < deadline
        let day = pending ? asOf : deadline
        return campaign.keyIndustries.map { industry in
            let key = industry.trimmingWhitespace()
            let benchmarks = ledger.enterprises
                .filter { $0.isBenchmark && $0.industry.trimmingWhitespace() == key }
                .sorted { $0.id < $1.id }
            let open = benchmarks.filter { $0.isOpen(on: day) }.count
            let done = benchmarks.filter { ledger.isCompleted($0, on: day) }.count
            let status: KeyIndustryBenchmarkRow.Status = pending ? .pending : (done > 0 ? .met : .notMet)
            let note: String
            switch status {
            case .met: note = "\(done) benchmark(s) open and completed on the deadline"
            case .notMet:
                note = benchmarks.isEmpty ? "no benchmark enterprise flagged in this industry"
                    : "\(benchmarks.count) benchmark(s) flagged, none open and completed on the deadline"
            case .pending: note = "deadline \(deadline) is after the as-of date \(asOf); counts as of \(asOf)"
            }
            return KeyIndustryBenchmarkRow(
                industry: industry, deadline: deadline, evaluatedOn: day,
                benchmarkIDs: benchmarks.map(\.id), benchmarkNames: benchmarks.map(\.name),
                openBenchmarks: open, completedBenchmarks: done, status: status, note: note)
        }
    }
}
