/// Which risk points grade an enterprise (`worksafe grade --method`).
public enum GradingMethod: String, CaseIterable, Sendable, Codable {
    /// Every point by its own method (LEC points by the LEC bands, LS points by the LS bands).
    case points
    /// Only LEC points; an enterprise without LEC points falls back to the colour counts.
    case lec
    /// Only risk-matrix (LS) points; an enterprise without LS points falls back to the counts.
    case ls
}

/// One graded risk point.
public struct PointGrade: Sendable, Hashable {
    /// The point.
    public let point: RiskPoint
    /// D = L × E × C (LEC) or R = L × S (LS).
    public let score: Double
    /// Its colour by the rules' bands.
    public let level: RiskLevel

    /// `LEC D = 3 × 6 × 15 = 270` or `LS R = 4 × 5 = 20`.
    public var formula: String {
        switch point.method {
        case .lec:
            return "LEC D = \(riskNumberText(point.l)) × \(riskNumberText(point.e ?? .nan)) × \(riskNumberText(point.c ?? .nan)) = \(riskNumberText(score))"
        case .ls:
            return "LS R = \(riskNumberText(point.l)) × \(riskNumberText(point.s ?? .nan)) = \(riskNumberText(score))"
        }
    }
}

/// Where an enterprise's base colour came from.
public enum GradeSource: String, Sendable, Codable {
    /// Its graded risk points (`risk_points.csv`).
    case riskPoints = "risk_points"
    /// The colour counts of its `risk.csv` row for the period.
    case colourCounts = "risk_counts"
    /// Neither: blue by default.
    case none
}

/// A one-level upgrade and its cause.
public enum RiskUpgrade: Sendable, Hashable {
    /// Major hazards found in the period and not rectified.
    case openMajorHazards(count: Int)
    /// An accident with deaths in the period.
    case fatalAccident(deaths: Int)
}

/// The rule-based colour of one enterprise, with the reason and its supervision frequency.
public struct EnterpriseRiskGrade: Sendable, Hashable {
    /// The enterprise's id.
    public let enterpriseID: String
    /// The `risk.csv` period used for counts and upgrades (`nil` when it has no row).
    public let period: Quarter?
    /// Where the base colour came from.
    public let source: GradeSource
    /// Points by colour, indexed by `RiskLevel.rawValue` (from graded points or from the counts).
    public let pointCounts: [Int]
    /// The highest-scoring graded point, when graded from points.
    public let topPoint: PointGrade?
    /// The colour before upgrades.
    public let baseLevel: RiskLevel
    /// Upgrades that applied (at most one level in total).
    public let upgrades: [RiskUpgrade]
    /// The final colour.
    public let level: RiskLevel
    /// The standardization grade used for the supervision plan.
    public let standardization: SupervisionGrade
    /// Planned inspections per year (colour × grade table).
    public let inspectionsPerYear: Int
    /// Why, in English.
    public let reason: String
    /// Why, in Chinese.
    public let chineseReason: String
}

/// Rule-based four-colour grading of risk points and enterprises.
///
/// Point level: LEC `D = L × E × C` and risk matrix `R = L × S`, coloured by `RiskBands` (a score
/// on a bound takes the higher colour). Enterprise level: the `AggregationRule` over its graded
/// points, or over the colour counts of its `risk.csv` row when it has no (selected) points, or
/// blue when it has neither. Then one level up (never beyond red, and one level in total even
/// when both apply) for a major hazard not rectified in the period or a fatal accident in the
/// period, each switchable in the rules. The supervision plan reads inspections per year from
/// the colour × standardization-grade table.
public struct RiskGrader: Sendable {
    /// The thresholds.
    public var rules: GradingRules
    /// Which points count.
    public var method: GradingMethod

    /// A grader; the rules are validated when grading.
    public init(rules: GradingRules = .default, method: GradingMethod = .points) {
        self.rules = rules; self.method = method
    }

    /// Grades one point.
    ///
    /// - Throws: `RiskError.invalidRiskPoint` when a factor is missing, not finite or not > 0.
    public func grade(_ point: RiskPoint) throws -> PointGrade {
        func factor(_ value: Double?, _ name: String) throws -> Double {
            guard let v = value else {
                throw RiskError.invalidRiskPoint(enterpriseID: point.enterpriseID, point: point.name,
                                                 detail: "\(point.method.rawValue.uppercased()) needs \(name)")
            }
            guard v.isFinite, v > 0 else {
                throw RiskError.invalidRiskPoint(enterpriseID: point.enterpriseID, point: point.name,
                                                 detail: "\(name) must be a positive number, got \(v)")
            }
            return v
        }
        switch point.method {
        case .lec:
            let d = try factor(point.l, "L") * factor(point.e, "E") * factor(point.c, "C")
            return PointGrade(point: point, score: d, level: rules.lec.level(of: d))
        case .ls:
            let r = try factor(point.l, "L") * factor(point.s, "S")
            return PointGrade(point: point, score: r, level: rules.ls.level(of: r))
        }
    }

    /// Grades one enterprise from its points, its `risk.csv` row for the period and its
    /// standardization status.
    ///
    /// - Throws: `RiskError.invalidRules`, `RiskError.invalidRiskPoint`.
    public func grade(enterpriseID: String, points: [RiskPoint], observation: RiskObservation?,
                      status: StandardizationStatus?) throws -> EnterpriseRiskGrade {
        try rules.validate()
        let selected = points.filter {
            switch method {
            case .points: true
            case .lec: $0.method == .lec
            case .ls: $0.method == .ls
            }
        }
        let graded = try selected.map(grade)
        var counts = [0, 0, 0, 0]
        let source: GradeSource
        var top: PointGrade?
        var parts: [String] = [], zhParts: [String] = []
        if !graded.isEmpty {
            source = .riskPoints
            for g in graded { counts[g.level.rawValue] += 1 }
            // Highest colour first, then highest score, then file order.
            top = graded.enumerated().max { a, b in
                (a.element.level, a.element.score, -a.offset) < (b.element.level, b.element.score, -b.offset)
            }!.element
            let lec = graded.filter { $0.point.method == .lec }.count
            parts.append("\(graded.count) risk point\(graded.count == 1 ? "" : "s") (LEC \(lec), LS \(graded.count - lec)): \(countsText(counts))")
            zhParts.append("风险点\(graded.count)个（LEC \(lec)个，LS \(graded.count - lec)个）：\(chineseCountsText(counts))")
            let t = top!
            let bands = t.point.method == .lec ? rules.lec : rules.ls
            let symbol = t.point.method == .lec ? "D" : "R"
            parts.append("highest '\(t.point.name)' \(t.formula) (\(bands.bandDescription(of: t.level, symbol: symbol))) → \(t.level.name)")
            zhParts.append("最高“\(t.point.name)” \(t.formula)（\(bands.bandDescription(of: t.level, symbol: symbol))）→ \(t.level.chineseName)")
        } else if let o = observation {
            source = .colourCounts
            counts = Array(o.riskPoints.prefix(4)) + Array(repeating: 0, count: max(0, 4 - o.riskPoints.count))
            parts.append("no graded risk points; risk.csv \(o.period) counts \(countsText(counts))")
            zhParts.append("无风险点评分；risk.csv \(o.period) 风险点数 \(chineseCountsText(counts))")
        } else {
            source = .none
            parts.append("no risk points and no risk.csv row: blue by default")
            zhParts.append("无风险点且无 risk.csv 记录：默认蓝色")
        }
        let base = source == .none ? RiskLevel.blue : rules.aggregation.level(fromCounts: counts)
        if source != .none {
            parts.append("\(rules.aggregation.summary) → \(base.name)")
            zhParts.append("\(rules.aggregation.chineseSummary) → \(base.chineseName)")
        }
        var upgrades: [RiskUpgrade] = []
        if let o = observation {
            if rules.upgradeForOpenMajorHazard, o.openMajorHazards > 0 {
                upgrades.append(.openMajorHazards(count: o.openMajorHazards))
            }
            if rules.upgradeForFatalAccident, o.deaths > 0 {
                upgrades.append(.fatalAccident(deaths: o.deaths))
            }
        }
        let level = upgrades.isEmpty ? base : RiskLevel(rawValue: min(base.rawValue + 1, RiskLevel.red.rawValue))!
        if !upgrades.isEmpty, let o = observation {
            let reason = RiskGrader.upgradeReason(upgrades, period: o.period, base: base, level: level)
            parts.append(reason.english)
            zhParts.append(reason.chinese)
        }
        let grade = SupervisionGrade(status: status)
        let inspections = rules.supervision.inspectionsPerYear(level: level, grade: grade)
        return EnterpriseRiskGrade(
            enterpriseID: enterpriseID, period: observation?.period, source: source,
            pointCounts: counts, topPoint: top, baseLevel: base, upgrades: upgrades, level: level,
            standardization: grade, inspectionsPerYear: inspections,
            reason: parts.joined(separator: "; "), chineseReason: zhParts.joined(separator: "；"))
    }

    /// Why the level went up one step from `base` to `level` (or stayed red), in English and
    /// Chinese.
    static func upgradeReason(_ upgrades: [RiskUpgrade], period: Quarter, base: RiskLevel,
                              level: RiskLevel) -> (english: String, chinese: String) {
        let causes = upgrades.map { u -> String in
            switch u {
            case let .openMajorHazards(n): "\(n) major hazard\(n == 1 ? "" : "s") not rectified in \(period)"
            case let .fatalAccident(d): "fatal accident in \(period) (\(d) death\(d == 1 ? "" : "s"))"
            }
        }
        let zhCauses = upgrades.map { u -> String in
            switch u {
            case let .openMajorHazards(n): "\(period) 有\(n)项重大隐患未整改"
            case let .fatalAccident(d): "\(period) 发生死亡事故（死亡\(d)人）"
            }
        }
        return (level == base
                    ? "already red despite \(causes.joined(separator: " and "))"
                    : "upgraded one level to \(level.name): \(causes.joined(separator: " and "))",
                level == base
                    ? "已为红色（\(zhCauses.joined(separator: "，"))）"
                    : "升一级为\(level.chineseName)：\(zhCauses.joined(separator: "，"))")
    }

    /// Grades every enterprise of the ledger, in ledger order — with `period`, every enterprise
    /// open on at least one day of that quarter (opened on or before its last day, not closed
    /// on or before its first day); an enterprise that opened later or had closed is not graded.
    ///
    /// For each enterprise: its risk points; its `risk.csv` row for `period` (the last row of that
    /// period), or, without `period`, its row of the latest period; its status on the last day of
    /// that period (its latest status when it has no row). Points and rows of ids that are not
    /// enterprises are not graded (validation reports them).
    ///
    /// Points and rows are gathered per enterprise index (an id is looked up once per run of
    /// rows with the same id, as files list an enterprise's rows together); the enterprises are
    /// then graded on up to two threads, each taking a contiguous half, and joined in order —
    /// the same grades, and the same first error, as grading them one after the other.
    ///
    /// - Complexity: O(*e + p + r*) for *e* enterprises, *p* points and *r* risk rows.
    /// - Throws: `RiskError.invalidRules`, `RiskError.invalidRiskPoint` (of the first enterprise
    ///   in ledger order that fails).
    public func grade(ledger: Ledger, period: Quarter? = nil) throws -> [EnterpriseRiskGrade] {
        let enterprises = ledger.enterprises
        let indexByID = ledger.indexByID
        /// The index of the first enterprise with `id` (nil: not an enterprise), remembering
        /// the last id asked.
        var lastID: String? = nil, lastIndex: Int? = nil
        func index(of id: String) -> Int? {
            if let lastID, lastID == id { return lastIndex }
            lastID = id; lastIndex = indexByID[id]
            return lastIndex
        }
        var pointsByIndex = [[RiskPoint]](repeating: [], count: enterprises.count)
        for p in ledger.riskPoints {
            if let k = index(of: p.enterpriseID) { pointsByIndex[k].append(p) }
        }
        let risk = ledger.risk
        var observationByIndex = [Int](repeating: -1, count: enterprises.count)
        for (r, o) in risk.enumerated() {
            if let period, o.period != period { continue }
            guard let k = index(of: o.enterpriseID) else { continue }
            let current = observationByIndex[k]
            if current >= 0, risk[current].period > o.period { continue }
            observationByIndex[k] = r
        }
        // With `period`, only the enterprises open during it; each enterprise reads the points and
        // row of the first enterprise with its id.
        let graded = period.map { q in enterprises.indices.filter { Self.isOpen(enterprises[$0], during: q) } }
            ?? Array(enterprises.indices)
        let first = enterprises.indices.map { indexByID[enterprises[$0].id] ?? $0 }
        let points = pointsByIndex, observations = observationByIndex
        /// Grades `graded[range]` in order, stopping at the first error.
        func gradeRange(_ range: Range<Int>) -> ([EnterpriseRiskGrade], (any Error)?) {
            var out: [EnterpriseRiskGrade] = []
            out.reserveCapacity(range.count)
            do {
                for i in graded[range] {
                    let e = enterprises[i], k = first[i]
                    let o = observations[k] >= 0 ? risk[observations[k]] : nil
                    let status: StandardizationStatus?
                    if let day = (o?.period ?? period)?.lastDay {
                        status = ledger.status(of: e.id, on: day)
                    } else {
                        status = ledger.timelines[e.id]?.last?.status
                    }
                    out.append(try grade(enterpriseID: e.id, points: points[k], observation: o, status: status))
                }
            } catch { return (out, error) }
            return (out, nil)
        }
        let n = graded.count
        var parts: [([EnterpriseRiskGrade], (any Error)?)] = [([], nil), ([], nil)]
        if n >= 20_000 && SideBySide.processorCount > 1 {
            parts.withUnsafeMutableBufferPointer { p in
                let halves = p
                SideBySide.both({ halves[0] = gradeRange(0..<(n / 2)) },
                                { halves[1] = gradeRange((n / 2)..<n) })
            }
        } else {
            parts[0] = gradeRange(0..<n)
        }
        let failures = parts.map(\.1)
        for failure in failures { if let failure { throw failure } }
        return parts.flatMap(\.0)
    }
}

extension RiskGrader {
    /// Whether `e` is open on at least one day of `quarter`.
    public static func isOpen(_ e: Enterprise, during quarter: Quarter) -> Bool {
        if let o = e.openedOn, o > quarter.lastDay { return false }
        if let c = e.closedOn, c <= quarter.firstDay { return false }
        return true
    }
}

private func countsText(_ counts: [Int]) -> String {
    "red \(counts[3]), orange \(counts[2]), yellow \(counts[1]), blue \(counts[0])"
}

private func chineseCountsText(_ counts: [Int]) -> String {
    "红\(counts[3])、橙\(counts[2])、黄\(counts[1])、蓝\(counts[0])"
}
