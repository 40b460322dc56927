import ArgumentParser
import Foundation
import Stats
import WorkSafe

/// `worksafe report`: one self-contained HTML file for the committee and the planners.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "One self-contained HTML report: trends, forecast, risk colours, risk groups, bulletin and annual scores.",
        discussion: """
            Everything is computed from what was known on --as-of (default: the latest recorded \
            day): the town and community trends, the hazard forecast of each future milestone, \
            the four-colour distribution and the k-means risk groups of the quarter ending on or \
            before --as-of, that quarter's bulletin, and the annual assessment of --year (default: \
            the last full year before --as-of). Inline SVG, no network, prints on A4.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var campaignOptions: CampaignOptions

    @Option(name: .long, help: ArgumentHelp("Report as of this day (default: the latest recorded day).", valueName: "date"))
    var asOf: Day?

    @Option(name: .long, help: ArgumentHelp("Year of the annual assessment (default: the last full year before --as-of).", valueName: "year"))
    var year: Int?

    @Option(name: .long, help: ArgumentHelp("Assessment rules (JSON or TOML); default: built in.", valueName: "file"))
    var rules: String?

    @Option(name: .long, help: "Risk groups (k-means clusters).")
    var k: Int = 4

    @Option(name: .long, help: "Monte Carlo scenarios of the forecast.")
    var scenarios: Int = 1000

    @Option(name: .long, help: "Random seed (forecast and clustering).")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Town name shown in the title.", valueName: "name"))
    var town: String?

    func validate() throws {
        if output.output == nil { throw ValidationError("--output FILE is required (the report is an HTML file)") }
        if k < 1 { throw ValidationError("--k must be at least 1") }
        if scenarios < 1 { throw ValidationError("--scenarios must be at least 1") }
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let campaign = try campaignOptions.campaign()
            let full = try data.loadLedger()
            let day = asOf ?? CompletionTrend.latestRecordedDay(in: full) ?? campaign.start
            let ledger = full.asOf(day)
            let quarter = day == day.endOfQuarter ? day.quarter : day.quarter.previous
            let assessedYear = year ?? (day.month == 12 && day == day.endOfMonth ? day.year : day.year - 1)

            var inputs = AssessmentReportInputs(asOf: day, campaign: campaign)
            inputs.townName = town
            inputs.generator = "worksafe \(WorkSafeVersion.string)"
            let townLabel = output.lang.pick("town", "全镇")

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
                Messages.note("no milestone after \(day): the report has no forecast section data")
            }

            // Risk colours per community and risk groups, for the quarter.
            let grades = try RiskGrader().grade(ledger: ledger, period: quarter)
            let levelByID = Dictionary(grades.map { ($0.enterpriseID, $0.level) }, uniquingKeysWith: { a, _ in a })
            let communities = TrendGrouping.community.units(of: ledger.enterprises)
            inputs.riskGroups = communities.map { c in
                RiskDistributionGroup(label: c, levels: ledger.enterprises.filter { $0.community == c }.compactMap { levelByID[$0.id] })
            }
            if ledger.risk.contains(where: { $0.period == quarter }) {
                var options = ClusterAnalysis.Options()
                options.k = k
                options.seed = seed
                let profile = try RiskClusterProfile(ledger: ledger, period: quarter, options: options, grades: grades)
                let map = try profile.clusterMapChart(title: "", language: output.lang)
                inputs.clusterPoints = map.points
                inputs.clusterNames = map.clusterNames
                inputs.clusterCentroids = map.centroids
                inputs.explainedVariance = map.explainedVariance
            }

            // Bulletin of the quarter and the annual assessment.
            inputs.bulletin = QuarterlyBulletin(
                ledger: ledger, quarter: quarter, campaign: campaign, riskLevels: levelByID,
                forecastProbabilities: try LinkedAnalyses.nextMilestoneProbabilities(
                    ledger: ledger, campaign: campaign, asOf: quarter.lastDay,
                    forecast: HazardForecast(scenarios: scenarios, seed: seed)))
            inputs.annual = try AnnualAssessment(ledger: ledger, year: assessedYear, campaign: campaign,
                                                 rules: try AssessRulesFile.load(rules))

            try output.writeText(ReportDocument(assessment: inputs, language: output.lang).html())
            Messages.note("report as of \(day): bulletin \(quarter), annual \(assessedYear) → \(output.output ?? "stdout")")
        }
    }
}
