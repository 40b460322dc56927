/// Whether a unit meets the key-industry benchmark requirement (重点行业标杆企业) on a day.
///
/// The campaign requires, town-wide, at least one benchmark enterprise per key industry by
/// `Campaign.benchmarkDeadline`. A unit answers for the key industries it supervises: those in
/// which it has an open enterprise on the day. Such an industry is missing when no open
/// enterprise of the town in that industry is flagged benchmark (`Enterprise.isBenchmark`) and
/// completed on the day — the benchmark may belong to another community or department.
public struct BenchmarkStatus: Hashable, Sendable {
    /// Key industries in which the unit has open enterprises, in the campaign's order.
    public var keyIndustriesPresent: [String]
    /// Those of them without a completed benchmark enterprise, in the campaign's order.
    public var missing: [String]
    /// Whether the day is on or after the campaign's benchmark deadline.
    public var isDue: Bool

    /// A status.
    public init(keyIndustriesPresent: [String], missing: [String], isDue: Bool) {
        self.keyIndustriesPresent = keyIndustriesPresent
        self.missing = missing
        self.isDue = isDue
    }

    /// The status of `unit` on `day`: its key industries, and those of them without a
    /// completed benchmark anywhere in the town.
    ///
    /// - Complexity: O(*n* log *e*) for *n* enterprises.
    public init(unit: AssessmentUnit, ledger: Ledger, campaign: Campaign, on day: Day) {
        var present = Set<String>(), covered = Set<String>()
        let key = Set(campaign.keyIndustries)
        for e in ledger.enterprises where e.isOpen(on: day) && key.contains(e.industry) {
            if unit.contains(e) { present.insert(e.industry) }
            if e.isBenchmark && ledger.isCompleted(e, on: day) { covered.insert(e.industry) }
        }
        keyIndustriesPresent = campaign.keyIndustries.filter { present.contains($0) }
        missing = keyIndustriesPresent.filter { !covered.contains($0) }
        isDue = day >= campaign.benchmarkDeadline
    }

    /// Whether every key industry present has its benchmark (true when none is present).
    public var isMet: Bool { missing.isEmpty }

    /// Missing benchmarks that count against the unit: `missing` once due, none before.
    public var countedMissing: [String] { isDue ? missing : [] }

    /// `met`, `none` (no key industry), `missing: A; B`, or with ` (not yet due)` before the
    /// deadline; in Chinese 已达标 / 无重点行业 / 缺：A、B / （未到期限）.
    public func label(_ language: Language) -> String {
        let base: String
        if keyIndustriesPresent.isEmpty {
            base = language.pick("none", "无重点行业")
        } else if missing.isEmpty {
            base = language.pick("met", "已达标")
        } else {
            base = language.pick("missing: " + missing.joined(separator: "; "),
                                 "缺：" + missing.joined(separator: "、"))
        }
        if !isDue && !missing.isEmpty { return base + language.pick(" (not yet due)", "（未到期限）") }
        return base
    }
}
