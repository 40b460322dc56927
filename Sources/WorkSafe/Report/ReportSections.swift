import Stats
import Tabular

/// The committee report's sections computed one by one from a ledger as of a day, each left
/// out with its reason (in the report, in the report's language, and in `notes`, in English)
/// when it cannot be computed, so that one section's failure never takes the others with it.
struct ReportSections {
    let ledger: Ledger
    let campaign: Campaign
    let asOf: Day
    let language: Language
    /// The quarter of the bulletin, risk colours and groups: the one ending on or before `asOf`.
    let quarter: Quarter
    var inputs: AssessmentReportInputs
    /// Every section left out, and why (English).
    var notes: [String] = []
    /// The tables behind the sections computed, in report order (`Rendered.tables`).
    var tables: [OutputTable] = []

    /// Sections of `ledger` (already cut at `asOf`).
    init(ledger: Ledger, campaign: Campaign, asOf: Day, language: Language) {
        self.ledger = ledger; self.campaign = campaign; self.asOf = asOf; self.language = language
        quarter = asOf == asOf.endOfQuarter ? asOf.quarter : asOf.quarter.previous
        inputs = AssessmentReportInputs(asOf: asOf, campaign: campaign)
    }

    var townLabel: String { language.pick("town", "全镇") }

    mutating func leaveOut(_ section: ReportSectionKind, _ english: String, _ chinese: String) {
        inputs.sectionNotes[section] = language.pick(english, chinese)
        notes.append(english)
    }

    /// Monthly shares of the town and of each community.
    mutating func addTrends() {
        func series(_ grouping: TrendGrouping) -> [ShareSeries] {
            let rows = CompletionTrend(campaign: campaign, grouping: grouping, period: .month, asOf: asOf).rows(from: ledger)
            tables.append(TrendTable.completion(rows, language: language).named(
                grouping == .town ? "town_trend" : "community_trend", grouping == .town ? "全镇完成趋势" : "社区完成趋势"))
            var byUnit: [(String, [SharePoint])] = []
            for row in rows {
                guard let share = row.sharePercent else { continue }
                if byUnit.last?.0 != row.unit { byUnit.append((row.unit, [])) }
                byUnit[byUnit.count - 1].1.append(SharePoint(day: row.periodEnd, percent: share))
            }
            return byUnit.map { unit, points in
                ShareSeries(name: grouping == .town ? townLabel : unit, points: points)
            }
        }
        inputs.town = series(.town).first
        inputs.communities = series(.community)
    }

    /// The hazard forecast of every future milestone, for the town and each community.
    mutating func addForecast(scenarios: Int, seed: UInt64) {
        do {
            let result = try HazardForecast(scenarios: scenarios, seed: seed, levels: [.town, .community])
                .forecast(ledger: ledger, campaign: campaign, asOf: asOf)
            let town = townLabel
            tables.append(ForecastTable.table(result.rows, language: language))
            inputs.forecasts = result.rows.map {
                ForecastEntry(unit: $0.unit.level == .town ? town : $0.unit.name,
                              milestone: Milestone(date: $0.milestoneDate, targetPercent: $0.targetPercent),
                              probability: $0.probability, expectedPercent: $0.expectedPercent,
                              lowerPercent: $0.lowerPercent, upperPercent: $0.upperPercent)
            }
        } catch ForecastError.noFutureMilestone {
            leaveOut(.forecast, "No forecast: no milestone falls after \(asOf).", "无节点预测：\(asOf)之后没有时间节点。")
        } catch {
            leaveOut(.forecast, "No forecast: \(error)", "无节点预测：历史数据不足以建立完成模型（\(error)）")
        }
    }

    /// The backtest behind the reliability diagram: the same forecast (town and communities,
    /// `scenarios` scenarios) from each quarter end since the campaign start that lies before a
    /// milestone already passed by the as-of date, scored on those milestones with the data up to
    /// the as-of date only.
    mutating func addReliability(scenarios: Int, seed: UInt64) {
        guard let lastPassed = campaign.milestones.map(\.date).filter({ $0 <= asOf }).max() else {
            leaveOut(.reliability, "No backtest yet: no milestone has passed by \(asOf).",
                     "暂无回测：截至\(asOf)尚无到期的时间节点。")
            return
        }
        var origins: [Day] = []
        var q = campaign.start.quarter
        while q.lastDay < lastPassed { origins.append(q.lastDay); q = q.next }
        do {
            let report = try ForecastBacktest.run(
                ledger: ledger, campaign: campaign, origins: origins,
                forecast: HazardForecast(scenarios: scenarios, seed: seed, levels: [.town, .community]),
                observedThrough: asOf)
            guard let model = report.scores.first(where: { $0.method == "model" }) else { return }
            tables.append(BacktestTable.recordTable(report, language: language))
            inputs.reliability = ReliabilityChart(title: "", table: model.reliability).bins
            let coverage = model.coverage.map { CSVCell.fixed(100 * $0.rate, places: 0) } ?? "–"
            let brier = CSVCell.fixed(model.brierScore, places: 3)
            let from = origins.first.map(\.description) ?? "", to = origins.last.map(\.description) ?? ""
            inputs.reliabilitySummary = language.pick(
                "\(model.count) forecasts made from \(from) to \(to)\n80% intervals covered \(coverage)%; Brier score \(brier)",
                "\(from)至\(to)所作预测 \(model.count) 项\n80%区间覆盖 \(coverage)%；Brier 分数 \(brier)")
        } catch {
            leaveOut(.reliability, "No backtest: \(error)", "暂无回测：此前的历史数据不足以建立完成模型（\(error)）")
        }
    }

    /// The four-colour distribution per community for the quarter; returns the grades (empty
    /// when the grading failed).
    mutating func addRiskLevels() -> [EnterpriseRiskGrade] {
        do {
            let grades = try RiskGrader().grade(ledger: ledger, period: quarter)
            tables.append(EnterpriseRiskGrade.table(grades, language: language))
            let levelByID = Self.levels(grades)
            var levelsByCommunity: [String: [RiskLevel]] = [:]
            for e in ledger.enterprises {
                if let level = levelByID[e.id] { levelsByCommunity[e.community, default: []].append(level) }
            }
            inputs.riskGroups = TrendGrouping.community.units(of: ledger.enterprises).map { c in
                RiskDistributionGroup(label: c, levels: levelsByCommunity[c] ?? [])
            }
            return grades
        } catch {
            leaveOut(.riskLevels, "No risk levels: \(error)", "无风险分级：\(error)")
            return []
        }
    }

    /// The k-means risk groups of the quarter on their PCA map: they need `k` enterprises with
    /// risk data for the quarter, and two for the map.
    mutating func addRiskGroups(k: Int, seed: UInt64, grades: [EnterpriseRiskGrade]) {
        let q = quarter
        let clustered = Set(ledger.risk.lazy.filter { $0.period == q }.map(\.enterpriseID)).count
        let needed = max(k, 2)
        guard clustered > 0 else {
            leaveOut(.riskGroups, "No risk groups: risk.csv has no row for \(quarter).",
                     "无风险聚类：risk.csv 没有\(quarter)的记录。")
            return
        }
        guard clustered >= needed else {
            leaveOut(.riskGroups,
                     "No risk groups: \(clustered) enterprise(s) have risk data for \(quarter); \(k) group(s) and a map need at least \(needed).",
                     "无风险聚类：\(quarter)仅有\(clustered)家企业有风险数据，分为\(k)类并绘图至少需要\(needed)家。")
            return
        }
        do {
            var options = ClusterAnalysis.Options()
            options.k = k
            options.seed = seed
            let profile = try RiskClusterProfile(ledger: ledger, period: quarter, options: options, grades: grades)
            let map = try profile.clusterMapChart(title: "", language: language)
            tables += [profile.enterpriseTable(language), profile.centersTable(language), profile.crossTableRows(language)]
            inputs.clusterPoints = map.points
            inputs.clusterNames = map.clusterNames
            inputs.clusterCentroids = map.centroids
            inputs.clusterColors = map.clusterColors
            inputs.explainedVariance = map.explainedVariance
        } catch {
            leaveOut(.riskGroups, "No risk groups: \(error)", "无风险聚类：\(error)")
        }
    }

    /// The quarter's bulletin, with the forecast probability of the next milestone when the
    /// history supports the hazard model (else empty, with a note).
    mutating func addBulletin(scenarios: Int, seed: UInt64, grades: [EnterpriseRiskGrade]) {
        do {
            try AssessmentPeriod.check(quarter, ledger: ledger, campaign: campaign)
        } catch {
            leaveOut(.bulletin, "No bulletin: \(error)", "无季度通报：\(quarter)\(Self.chineseReason(error))")
            return
        }
        let linked = LinkedAnalyses.nextMilestoneForecast(
            ledger: ledger, campaign: campaign, asOf: quarter.lastDay,
            forecast: HazardForecast(scenarios: scenarios, seed: seed))
        if let why = linked.note { notes.append("the bulletin's forecast probabilities are left empty: \(why)") }
        let bulletin = QuarterlyBulletin(
            ledger: ledger, quarter: quarter, campaign: campaign, riskLevels: Self.levels(grades),
            forecastProbabilities: linked.probabilities)
        inputs.bulletin = bulletin
        tables.append(bulletin.table(language: language))
    }

    /// The annual assessment of `year`, left out when the year cannot be assessed; returns the
    /// year when it is in the report.
    ///
    /// - Throws: `AssessmentError` other than a period outside the campaign and the data.
    mutating func addAnnual(year: Int, rules: AssessmentRules) throws -> Int? {
        let annual = Result { () throws(AssessmentError) -> AnnualAssessment in
            try AssessmentPeriod.check(year: year, ledger: ledger, campaign: campaign)
            return try AnnualAssessment(ledger: ledger, year: year, campaign: campaign, rules: rules)
        }
        switch annual {
        case .success(let a):
            inputs.annual = a
            tables += [a.scoreTable(language: language), a.vetoTable(language: language)]
            return year
        case .failure(let error) where error.isOutsideAssessablePeriods:
            leaveOut(.annual, "No annual assessment: \(error)", "无年度考评：\(year)年\(Self.chineseReason(error))")
            return nil
        case .failure(let error):
            throw error
        }
    }

    static func levels(_ grades: [EnterpriseRiskGrade]) -> [String: RiskLevel] {
        Dictionary(grades.map { ($0.enterpriseID, $0.level) }, uniquingKeysWith: { a, _ in a })
    }

    /// Why a period cannot be assessed, in Chinese.
    static func chineseReason(_ error: Error) -> String {
        switch error as? AssessmentError {
        case let .periodBeforeCampaign(_, start, _)?: "早于本次提升行动（\(start)开始），无可考评内容。"
        case let .periodAfterData(_, last, _)?: "晚于台账最后记录日（\(last)），没有数据。"
        default: "：\(error)"
        }
    }
}
