import Stats

/// The committee report (`worksafe report`) from a ledger: every analysis it shows, computed as
/// of one day, rendered as one self-contained HTML document.
///
/// The CLI command and the end-to-end benchmark both run this, so the benchmark measures what
/// the office runs. Everything is computed from what was known on `asOf` (default: the latest
/// recorded day): the monthly town and community trends, the hazard forecast of each future
/// milestone, the four-colour distribution and the k-means risk groups of the quarter ending on
/// or before `asOf`, that quarter's bulletin, and the annual assessment of `year` (default: the
/// last full year before `asOf`).
public struct CommitteeReport: Sendable {
    /// Report as of this day; `nil`: the last day the ledger records anything (`Ledger.lastRecordedDay`:
    /// a status change, an opening or closing, the end of a quarter with risk data).
    public var asOf: Day?
    /// Year of the annual assessment; `nil`: the last full year before `asOf`.
    public var year: Int?
    /// Assessment rules.
    public var rules: AssessmentRules
    /// Risk groups (k-means clusters).
    public var k: Int
    /// Monte Carlo scenarios of the forecasts.
    public var scenarios: Int
    /// Random seed of the forecasts and the clustering.
    public var seed: UInt64
    /// Town name shown in the title.
    public var townName: String?
    /// Generator string for the footer (e.g. `worksafe 1.2.0`).
    public var generator: String?
    /// Header and label language.
    public var language: Language

    /// A report configuration; the defaults are those of `worksafe report`.
    public init(asOf: Day? = nil, year: Int? = nil, rules: AssessmentRules = .defaults, k: Int = 4,
                scenarios: Int = 1000, seed: UInt64 = 1, townName: String? = nil, generator: String? = nil,
                language: Language = .en) {
        self.asOf = asOf; self.year = year; self.rules = rules; self.k = k; self.scenarios = scenarios
        self.seed = seed; self.townName = townName; self.generator = generator; self.language = language
    }

    /// What `render` made: the HTML and the periods it covers, with notes for the user.
    public struct Rendered: Sendable {
        /// The HTML document.
        public let html: String
        /// The report day.
        public let asOf: Day
        /// The quarter of the bulletin, risk colours and groups.
        public let quarter: Quarter
        /// The year of the annual assessment; `nil` when the report has none (the default year
        /// ends before the campaign or has no data; `notes` says so).
        public let year: Int?
        /// Things the reader should know: each section left out, and why (also in the report).
        public let notes: [String]
    }

    /// Computes every section from `ledger` and renders the document.
    ///
    /// Every section that can be computed is: a section that cannot (the forecast of a town
    /// whose history cannot support the hazard model, risk groups with fewer enterprises than
    /// clusters, an annual assessment of a year before the campaign…) is left out with the
    /// reason, in the report and in `Rendered.notes`.
    ///
    /// - Throws: `AssessmentError.periodBeforeCampaign` / `.periodAfterData` when `year` was
    ///   given and cannot be assessed (a default year that cannot is left out with a note).
    public func render(ledger full: Ledger, campaign: Campaign) throws -> Rendered {
        var notes: [String] = []
        let day = asOf ?? full.lastRecordedDay ?? campaign.start
        let ledger = full.asOf(day)
        let quarter = day == day.endOfQuarter ? day.quarter : day.quarter.previous
        let L = language
        if let year { try AssessmentPeriod.check(year: year, ledger: ledger, campaign: campaign) }
        let assessedYear = year ?? (day.month == 12 && day == day.endOfMonth ? day.year : day.year - 1)

        var inputs = AssessmentReportInputs(asOf: day, campaign: campaign)
        inputs.townName = townName
        inputs.generator = generator
        let townLabel = L.pick("town", "全镇")
        func leaveOut(_ section: ReportSectionKind, _ english: String, _ chinese: String) {
            inputs.sectionNotes[section] = L.pick(english, chinese)
            notes.append(english)
        }

        // Trends: monthly shares of the town and of each community.
        func series(_ grouping: TrendGrouping) -> [ShareSeries] {
            let rows = CompletionTrend(campaign: campaign, grouping: grouping, period: .month, asOf: day).rows(from: ledger)
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

        // Forecast of every future milestone.
        do {
            let result = try HazardForecast(scenarios: scenarios, seed: seed, levels: [.town, .community])
                .forecast(ledger: ledger, campaign: campaign, asOf: day)
            inputs.forecasts = result.rows.map {
                ForecastEntry(unit: $0.unit.level == .town ? townLabel : $0.unit.name,
                              milestone: Milestone(date: $0.milestoneDate, targetPercent: $0.targetPercent),
                              probability: $0.probability, expectedPercent: $0.expectedPercent,
                              lowerPercent: $0.lowerPercent, upperPercent: $0.upperPercent)
            }
        } catch ForecastError.noFutureMilestone {
            leaveOut(.forecast, "No forecast: no milestone falls after \(day).", "无节点预测：\(day)之后没有时间节点。")
        } catch {
            leaveOut(.forecast, "No forecast: \(error)", "无节点预测：历史数据不足以建立完成模型（\(error)）")
        }

        // Risk colours per community (one pass over the enterprises) and risk groups, for the quarter.
        var levelByID: [String: RiskLevel] = [:]
        var grades: [EnterpriseRiskGrade] = []
        do {
            grades = try RiskGrader().grade(ledger: ledger, period: quarter)
            levelByID = Dictionary(grades.map { ($0.enterpriseID, $0.level) }, uniquingKeysWith: { a, _ in a })
            let communities = TrendGrouping.community.units(of: ledger.enterprises)
            var levelsByCommunity: [String: [RiskLevel]] = [:]
            for e in ledger.enterprises {
                if let level = levelByID[e.id] { levelsByCommunity[e.community, default: []].append(level) }
            }
            inputs.riskGroups = communities.map { c in
                RiskDistributionGroup(label: c, levels: levelsByCommunity[c] ?? [])
            }
        } catch {
            leaveOut(.riskLevels, "No risk levels: \(error)", "无风险分级：\(error)")
        }
        let clustered = Set(ledger.risk.lazy.filter { $0.period == quarter }.map(\.enterpriseID)).count
        if clustered == 0 {
            leaveOut(.riskGroups, "No risk groups: risk.csv has no row for \(quarter).",
                     "无风险聚类：risk.csv 没有\(quarter)的记录。")
        } else if clustered < max(k, 2) {
            leaveOut(.riskGroups,
                     "No risk groups: \(clustered) enterprise(s) have risk data for \(quarter); \(k) group(s) and a map need at least \(max(k, 2)).",
                     "无风险聚类：\(quarter)仅有\(clustered)家企业有风险数据，分为\(k)类并绘图至少需要\(max(k, 2))家。")
        } else {
            do {
                var options = ClusterAnalysis.Options()
                options.k = k
                options.seed = seed
                let profile = try RiskClusterProfile(ledger: ledger, period: quarter, options: options, grades: grades)
                let map = try profile.clusterMapChart(title: "", language: language)
                inputs.clusterPoints = map.points
                inputs.clusterNames = map.clusterNames
                inputs.clusterCentroids = map.centroids
                inputs.clusterColors = map.clusterColors
                inputs.explainedVariance = map.explainedVariance
            } catch {
                leaveOut(.riskGroups, "No risk groups: \(error)", "无风险聚类：\(error)")
            }
        }

        // Bulletin of the quarter and the annual assessment.
        do {
            try AssessmentPeriod.check(quarter, ledger: ledger, campaign: campaign)
            let linked = LinkedAnalyses.nextMilestoneForecast(
                ledger: ledger, campaign: campaign, asOf: quarter.lastDay,
                forecast: HazardForecast(scenarios: scenarios, seed: seed))
            if let why = linked.note { notes.append("the bulletin's forecast probabilities are left empty: \(why)") }
            inputs.bulletin = QuarterlyBulletin(
                ledger: ledger, quarter: quarter, campaign: campaign, riskLevels: levelByID,
                forecastProbabilities: linked.probabilities)
        } catch {
            leaveOut(.bulletin, "No bulletin: \(error)", "无季度通报：\(quarter)\(Self.chineseReason(error))")
        }
        var reportedYear: Int? = nil
        let annual = Result { () throws(AssessmentError) -> AnnualAssessment in
            try AssessmentPeriod.check(year: assessedYear, ledger: ledger, campaign: campaign)
            return try AnnualAssessment(ledger: ledger, year: assessedYear, campaign: campaign, rules: rules)
        }
        switch annual {
        case .success(let a):
            inputs.annual = a
            reportedYear = assessedYear
        case .failure(let error) where error.isOutsideAssessablePeriods:
            leaveOut(.annual, "No annual assessment: \(error)", "无年度考评：\(assessedYear)年\(Self.chineseReason(error))")
        case .failure(let error):
            throw error
        }

        let html = ReportDocument(assessment: inputs, language: language).html()
        return Rendered(html: html, asOf: day, quarter: quarter, year: reportedYear, notes: notes)
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
