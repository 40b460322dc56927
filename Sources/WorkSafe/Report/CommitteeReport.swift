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
    /// Scenarios of each forecast of the backtest behind the reliability diagram (at most
    /// `scenarios`): the diagram bins many forecasts, so fewer scenarios each are enough.
    public static let backtestScenarios = 200
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
        /// Every table behind the report, in the report's language, each named for its sheet
        /// (`worksafe report --workbook FILE.xlsx`): the town and community trends, the forecast,
        /// the risk grades, the risk groups with their centers and cross-table, the bulletin, the
        /// annual scores and the vetoes — those of the sections the report has.
        public var tables: [OutputTable] = []
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
        let day = asOf ?? full.lastRecordedDay ?? campaign.start
        let ledger = full.asOf(day)
        if let year { try AssessmentPeriod.check(year: year, ledger: ledger, campaign: campaign) }
        var sections = ReportSections(ledger: ledger, campaign: campaign, asOf: day, language: language)
        sections.inputs.townName = townName
        sections.inputs.generator = generator
        sections.addTrends()
        sections.addForecast(scenarios: scenarios, seed: seed)
        sections.addReliability(scenarios: Swift.min(scenarios, Self.backtestScenarios), seed: seed)
        let levels = sections.addRiskLevels()
        sections.addRiskGroups(k: k, seed: seed, grades: levels)
        sections.addBulletin(scenarios: scenarios, seed: seed, grades: levels)
        let assessedYear = year ?? (day.month == 12 && day == day.endOfMonth ? day.year : day.year - 1)
        let reportedYear = try sections.addAnnual(year: assessedYear, rules: rules)
        let html = ReportDocument(assessment: sections.inputs, language: language).html()
        var rendered = Rendered(html: html, asOf: day, quarter: sections.quarter, year: reportedYear, notes: sections.notes)
        rendered.tables = sections.tables
        return rendered
    }
}
