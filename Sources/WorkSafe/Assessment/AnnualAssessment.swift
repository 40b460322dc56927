/// One unit's annual score (年度总考评) with every part of it, so that it can be checked by hand
/// against `AssessmentRules`.
public struct AnnualScore: Hashable, Sendable, RankedUnitRow {
    /// The unit.
    public var unit: AssessmentUnit
    /// Enterprises open on the target date.
    public var enterprises: Int
    /// Of them, completed on the target date.
    public var completed: Int
    /// Completion share on the target date, `nil` without open enterprises.
    public var sharePercent: Double?
    /// Whether the share reached the target on the target date.
    public var reachedTarget: Bool
    /// The earliest quarter of the year from whose end the target was held at every later
    /// quarter end up to the target date (`nil` unless reached).
    public var reachedQuarter: Quarter?
    /// Quarter ends after `reachedQuarter`'s, up to and including the target date.
    public var quartersEarly: Int
    /// The quarters of the year that ended behind the schedule (beyond the tolerance).
    public var quartersBehind: [Quarter]
    /// Major hazards found in the year and not rectified in their quarter.
    public var openMajorHazards: Int
    /// Key industries without a benchmark enterprise that count against the unit.
    public var missingBenchmarks: [String]
    /// Base points.
    public var basePoints: Double
    /// Bonus for reaching the target early.
    public var bonusPoints: Double
    /// Deduction for quarter ends behind schedule (a positive number, subtracted).
    public var scheduleDeduction: Double
    /// Deduction for open major hazards.
    public var hazardDeduction: Double
    /// Deduction for missing key-industry benchmarks.
    public var benchmarkDeduction: Double
    /// `max(minimumTotal, base + bonus − deductions)`.
    public var total: Double
    /// Rank by total among units of the same kind (ties share a rank: 1, 2, 2, 4).
    public var rank: Int?
    /// Distinct enterprises of the unit vetoed this year.
    public var vetoedEnterprises: Int
    /// Eligible for an award: has open enterprises, total ≥ `awardMinimumTotal`, and no vetoed
    /// enterprise when `vetoBlocksUnitAward` is on.
    public var awardEligible: Bool
}

/// The annual assessment of every community and department, and the list of vetoed enterprises.
///
/// See `AssessmentRules` and RULES.md for the scoring; completion comes from
/// `Ledger.isCompleted`, hazards and fatal accidents from `ledger.risk`.
public struct AnnualAssessment: Hashable, Sendable {
    /// The year assessed.
    public var year: Int
    /// The rules applied.
    public var rules: AssessmentRules
    /// The campaign (milestones, schedule, key industries).
    public var campaign: Campaign
    /// The year's target share in percent.
    public var targetPercent: Double
    /// The day the target applies to: the last milestone dated in the year, else 31 December.
    public var targetDate: Day
    /// Communities, then departments; within each kind by rank, then by name.
    public var scores: [AnnualScore]
    /// Every fatal accident of the year that vetoed an enterprise, by quarter then id.
    public var vetoes: [VetoRecord]

    /// Scores `year`.
    ///
    /// - Throws: `AssessmentError.invalidRule` if `rules` do not validate,
    ///   `.invalidYear` outside 1…9999.
    /// - Complexity: O(*n* log *e* + *r*) for *n* enterprises and *r* risk rows (six passes).
    public init(ledger: Ledger, year: Int, campaign: Campaign = .townPlan,
                rules: AssessmentRules = .defaults) throws(AssessmentError) {
        guard (1...9999).contains(year) else { throw .invalidYear(year) }
        try rules.validate()
        let yearEnd = Day(year: year, month: 12, day: 31)!
        let target: (date: Day, percent: Double)
        if let m = campaign.milestones.last(where: { $0.date.year == year }) {
            target = (m.date, m.targetPercent)
        } else {
            target = (yearEnd, campaign.schedulePercent(on: yearEnd))
        }
        let quarters = (1...4).map { Quarter(year: year, number: $0)! }
        let atQuarterEnd = quarters.map { completionTallies(ledger, on: $0.lastDay) }
        let atTarget = completionTallies(ledger, on: target.date)

        // Benchmarks on 31 December, hazards and vetoes over the year.
        let keyIndustries = Set(campaign.keyIndustries)
        // A key industry counts against a unit when the unit supervises it (has open enterprises
        // of it) and the town has no completed benchmark of it: the plan asks for one 标杆 per
        // key industry town-wide, not in every community and department.
        var benchmarkTallies: [AssessmentUnit: UnitTally] = [:]
        var townCovered = Set<String>()
        var units = Set<AssessmentUnit>()
        for e in ledger.enterprises {
            units.insert(.community(e.community))
            units.insert(.department(e.department))
            guard e.isOpen(on: yearEnd), keyIndustries.contains(e.industry) else { continue }
            if e.isBenchmark && ledger.isCompleted(e, on: yearEnd) { townCovered.insert(e.industry) }
            for u in unitsOf(e) {
                benchmarkTallies[u, default: UnitTally()].keyIndustriesPresent.insert(e.industry)
            }
        }
        var openMajor: [AssessmentUnit: Int] = [:]
        var vetoed: [AssessmentUnit: Set<String>] = [:]
        var vetoes: [VetoRecord] = []
        for obs in ledger.risk where obs.period.year == year {
            guard let e = ledger.enterprise(id: obs.enterpriseID) else { continue }
            let isVeto = rules.vetoOnFatalAccident && obs.deaths >= rules.vetoMinimumDeaths
            if isVeto {
                vetoes.append(VetoRecord(enterpriseID: e.id, name: e.name, community: e.community,
                                         department: e.department, industry: e.industry,
                                         quarter: obs.period, accidents: obs.accidents,
                                         deaths: obs.deaths, injuries: obs.injuries))
            }
            for u in unitsOf(e) {
                openMajor[u, default: 0] += obs.openMajorHazards
                if isVeto { vetoed[u, default: []].insert(e.id) }
            }
        }
        vetoes.sort { ($0.quarter, $0.enterpriseID) < ($1.quarter, $1.enterpriseID) }

        let tolerance = 1e-9
        func score(_ u: AssessmentUnit) -> AnnualScore {
            let t = atTarget[u] ?? (0, 0)
            let share = sharePercent(t)
            let reached = share.map { $0 + tolerance >= target.percent } ?? false
            // Earliest quarter end (≤ target date) from which the target was held.
            var reachedQuarter: Quarter? = nil
            if reached {
                for (i, q) in quarters.enumerated().reversed() where q.lastDay <= target.date {
                    guard let s = sharePercent(atQuarterEnd[i][u]), s + tolerance >= target.percent else { break }
                    reachedQuarter = q
                }
            }
            let early = reachedQuarter.map { rq in quarters.filter { $0 > rq && $0.lastDay <= target.date }.count } ?? 0
            let behind = quarters.enumerated().filter { i, q in
                guard let s = sharePercent(atQuarterEnd[i][u]) else { return false }
                return s < campaign.schedulePercent(on: q.lastDay) - rules.scheduleTolerancePoints - tolerance
            }.map(\.element)
            let hazards = openMajor[u] ?? 0
            let missing = (benchmarkTallies[u] ?? UnitTally()).benchmark(campaign, on: yearEnd, townCovered: townCovered).countedMissing

            let base: Double
            if reached {
                base = rules.basePoints
            } else if rules.proportionalBase, let share, target.percent > 0 {
                base = rules.basePoints * share / target.percent
            } else {
                base = 0
            }
            let bonus = reached ? min(rules.bonusCap, rules.bonusPerQuarterEarly * Double(early)) : 0
            let scheduleDeduction = min(rules.scheduleDeductionCap,
                                        rules.deductionPerQuarterBehind * Double(behind.count))
            let hazardDeduction = min(rules.hazardDeductionCap,
                                      rules.deductionPerOpenMajorHazard * Double(hazards))
            let benchmarkDeduction = min(rules.benchmarkDeductionCap,
                                         rules.deductionPerMissingBenchmark * Double(missing.count))
            let total = max(rules.minimumTotal,
                            base + bonus - scheduleDeduction - hazardDeduction - benchmarkDeduction)
            let vetoCount = vetoed[u]?.count ?? 0
            let eligible = share != nil && total + tolerance >= rules.awardMinimumTotal
                && !(rules.vetoBlocksUnitAward && vetoCount > 0)
            return AnnualScore(
                unit: u, enterprises: t.open, completed: t.completed, sharePercent: share,
                reachedTarget: reached, reachedQuarter: reachedQuarter, quartersEarly: early,
                quartersBehind: behind, openMajorHazards: hazards, missingBenchmarks: missing,
                basePoints: base, bonusPoints: bonus, scheduleDeduction: scheduleDeduction,
                hazardDeduction: hazardDeduction, benchmarkDeduction: benchmarkDeduction,
                total: total, rank: nil, vetoedEnterprises: vetoCount, awardEligible: eligible)
        }

        var scores: [AnnualScore] = []
        for kind in [UnitKind.community, .department] {
            let group = units.filter { $0.kind == kind }.sorted().map(score)
            scores += rankedByCompetition(group) { $0.sharePercent == nil ? nil : $0.total }
        }
        self.year = year
        self.rules = rules
        self.campaign = campaign
        self.targetPercent = target.percent
        self.targetDate = target.date
        self.scores = scores
        self.vetoes = vetoes
    }

    /// The score table's columns (English key, Chinese header), in table order.
    public static let columns: [TableColumn] = [
        TableColumn("kind", "类型"), TableColumn("unit", "单位"),
        TableColumn("enterprises", "企业数"), TableColumn("completed", "已完成数"),
        TableColumn("share_percent", "完成率(%)"), TableColumn("target_percent", "年度目标(%)"),
        TableColumn("target_date", "目标日期"), TableColumn("reached_target", "是否达到目标"),
        TableColumn("reached_quarter", "达标季度"), TableColumn("quarters_early", "提前季度数"),
        TableColumn("quarters_behind", "落后序时季度数"), TableColumn("behind_quarters", "落后序时季度"),
        TableColumn("open_major_hazards", "未整改重大隐患数"),
        TableColumn("missing_benchmarks", "缺少标杆的重点行业"),
        TableColumn("base_points", "基础分"), TableColumn("bonus_points", "提前加分"),
        TableColumn("schedule_deduction", "进度扣分"), TableColumn("hazard_deduction", "隐患扣分"),
        TableColumn("benchmark_deduction", "标杆扣分"), TableColumn("total", "总分"),
        TableColumn("rank", "排名"), TableColumn("vetoed_enterprises", "一票否决企业数"),
        TableColumn("award_eligible", "评优资格"),
    ]

    /// The scores as a table, one row per unit in `scores` order; points with 2 decimals,
    /// shares with 1; yes/no as 是/否 in Chinese; lists joined by `; ` (Chinese `、`).
    public func scoreTable(language: Language = .en) -> LabeledTable {
        let sep = language.pick("; ", "、")
        func quarter(_ q: Quarter) -> String {
            language.pick(q.description, "\(q.year)年第\(q.number)季度")
        }
        let body = scores.map { s -> [TableValue] in
            [.text(s.unit.kind.label(language)), .text(s.unit.displayName(language)),
             .integer(s.enterprises), .integer(s.completed), .decimal(s.sharePercent, 1),
             .decimal(targetPercent, 1), .text(targetDate.description),
             .text(language.yesNo(s.reachedTarget)),
             s.reachedQuarter.map { .text(quarter($0)) } ?? .empty, .integer(s.quartersEarly),
             .integer(s.quartersBehind.count),
             s.quartersBehind.isEmpty ? .empty : .text(s.quartersBehind.map(quarter).joined(separator: sep)),
             .integer(s.openMajorHazards),
             s.missingBenchmarks.isEmpty ? .empty : .text(s.missingBenchmarks.joined(separator: sep)),
             .decimal(s.basePoints, 2), .decimal(s.bonusPoints, 2), .decimal(s.scheduleDeduction, 2),
             .decimal(s.hazardDeduction, 2), .decimal(s.benchmarkDeduction, 2), .decimal(s.total, 2),
             .integer(s.rank), .integer(s.vetoedEnterprises), .text(language.yesNo(s.awardEligible))]
        }
        return OutputTable(name: ("annual_scores", "年度考评"), columns: Self.columns, rows: body, language: language)
    }

    /// The vetoed enterprises as a table (`VetoRecord.columns`), one row per fatal accident.
    public func vetoTable(language: Language = .en) -> LabeledTable {
        OutputTable(name: ("vetoes", "一票否决"), columns: VetoRecord.columns,
                    rows: vetoes.map { $0.cells(language) }, language: language)
    }
}
