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
    /// Report as of this day; `nil`: the latest recorded day of the ledger.
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
        /// The year of the annual assessment.
        public let year: Int
        /// Things the reader should know (e.g. a section left without data).
        public let notes: [String]
        /// Every table behind the report, in the report's language, each named for its sheet
        /// (`worksafe report --workbook FILE.xlsx`): the town and community trends, the forecast,
        /// the risk grades, the risk groups with their centres and cross-table (when the quarter
        /// has risk data), the bulletin, the annual scores and the vetoes.
        public var tables: [OutputTable] = []
    }

    /// Computes every section from `ledger` and renders the document.
    ///
    /// - Throws: `ForecastError` (other than no future milestone, which leaves the forecast
    ///   section empty with a note), `RiskError`, `AssessmentError`.
    public func render(ledger full: Ledger, campaign: Campaign) throws -> Rendered {
        var notes: [String] = []
        let day = asOf ?? CompletionTrend.latestRecordedDay(in: full) ?? campaign.start
        let ledger = full.asOf(day)
        let quarter = day == day.endOfQuarter ? day.quarter : day.quarter.previous
        let assessedYear = year ?? (day.month == 12 && day == day.endOfMonth ? day.year : day.year - 1)

        var inputs = AssessmentReportInputs(asOf: day, campaign: campaign)
        inputs.townName = townName
        inputs.generator = generator
        let townLabel = language.pick("town", "全镇")

        var tables: [OutputTable] = []
        // Trends: monthly shares of the town and of each community.
        func series(_ grouping: TrendGrouping) -> [ShareSeries] {
            let rows = CompletionTrend(campaign: campaign, grouping: grouping, period: .month, asOf: day).rows(from: ledger)
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

        // Forecast of every future milestone.
        do {
            let result = try HazardForecast(scenarios: scenarios, seed: seed, levels: [.town, .community])
                .forecast(ledger: ledger, campaign: campaign, asOf: day)
            tables.append(ForecastTable.table(result.rows, language: language))
            inputs.forecasts = result.rows.map {
                ForecastEntry(unit: $0.unit.level == .town ? townLabel : $0.unit.name,
                              milestone: Milestone(date: $0.milestoneDate, targetPercent: $0.targetPercent),
                              probability: $0.probability, expectedPercent: $0.expectedPercent,
                              lowerPercent: $0.lowerPercent, upperPercent: $0.upperPercent)
            }
        } catch ForecastError.noFutureMilestone {
            notes.append("no milestone after \(day): the report has no forecast section data")
        }

        // Risk colours per community (one pass over the enterprises) and risk groups, for the quarter.
        let grades = try RiskGrader().grade(ledger: ledger, period: quarter)
        tables.append(EnterpriseRiskGrade.table(grades, language: language))
        let levelByID = Dictionary(grades.map { ($0.enterpriseID, $0.level) }, uniquingKeysWith: { a, _ in a })
        let communities = TrendGrouping.community.units(of: ledger.enterprises)
        var levelsByCommunity: [String: [RiskLevel]] = [:]
        for e in ledger.enterprises {
            if let level = levelByID[e.id] { levelsByCommunity[e.community, default: []].append(level) }
        }
        inputs.riskGroups = communities.map { c in
            RiskDistributionGroup(label: c, levels: levelsByCommunity[c] ?? [])
        }
        if ledger.risk.contains(where: { $0.period == quarter }) {
            var options = ClusterAnalysis.Options()
            options.k = k
            options.seed = seed
            let profile = try RiskClusterProfile(ledger: ledger, period: quarter, options: options, grades: grades)
            let map = try profile.clusterMapChart(title: "", language: language)
            tables += [profile.enterpriseTable(language), profile.centersTable(language), profile.crossTableRows(language)]
            inputs.clusterPoints = map.points
            inputs.clusterNames = map.clusterNames
            inputs.clusterCentroids = map.centroids
            inputs.explainedVariance = map.explainedVariance
        }

        // Bulletin of the quarter and the annual assessment.
        let outlook = try LinkedAnalyses.nextMilestoneOutlook(
            ledger: ledger, campaign: campaign, asOf: quarter.lastDay,
            forecast: HazardForecast(scenarios: scenarios, seed: seed))
        inputs.bulletin = QuarterlyBulletin(
            ledger: ledger, quarter: quarter, campaign: campaign, riskLevels: levelByID,
            forecastProbabilities: outlook.probabilities, plans: outlook.plans)
        inputs.annual = try AnnualAssessment(ledger: ledger, year: assessedYear, campaign: campaign, rules: rules)
        if let bulletin = inputs.bulletin { tables.append(bulletin.table(language: language)) }
        if let annual = inputs.annual {
            tables += [annual.scoreTable(language: language), annual.vetoTable(language: language)]
        }

        let html = ReportDocument(assessment: inputs, language: language).html()
        var rendered = Rendered(html: html, asOf: day, quarter: quarter, year: assessedYear, notes: notes)
        rendered.tables = tables
        return rendered
    }
}
