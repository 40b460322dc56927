import Testing
import Tabular
@testable import WorkSafe

@Suite struct ForecastExplanationTests {
    static let town = SimulatedCampaign(campaign: simulatedPlan).generate(seed: 3)
    static let result = try! HazardForecast(scenarios: 40, seed: 1).forecast(ledger: town, campaign: simulatedPlan, asOf: origin)

    @Test func everyComponentIsExplainedWithItsPosteriorMeanAndSD() {
        let r = Self.result
        let en = ForecastExplanation.lines(r, language: .en)
        #expect(en.count == 7 + 2 + r.futureGaps.count)
        #expect(en[0] == "pace level (log monthly hazard): \(CSVCell.fixed(r.paceState[0], places: 3)) ± \(CSVCell.fixed(r.paceStateSD[0], places: 3))")
        #expect(en[6].hasPrefix("pace target pull: "))
    }

    /// Chinese mode: nothing English but the symbol θ and the numbers.
    @Test func chineseLinesAreChinese() {
        let zh = ForecastExplanation.lines(Self.result, language: .zh)
            + ForecastExplanation.passedMilestones(simulatedPlan, ledger: Self.town, asOf: origin, language: .zh)
        for line in zh { #expect(line.range(of: "[A-Za-z]{2,}", options: .regularExpression) == nil, "\(line)") }
    }

    /// A milestone before the as-of date is reported with the town's share on its date, recounted
    /// from the enterprises and their statuses with grades valid 36 months (as trend counts).
    @Test func passedMilestonesCarryTheShareHeldOnTheirDate() {
        let lines = ForecastExplanation.passedMilestones(simulatedPlan, ledger: Self.town, asOf: origin, language: .en)
        #expect(lines.count == 1)   // 2023-12-31 only
        let day = simulatedPlan.milestones[0].date
        let open = Self.town.enterprises.filter { $0.isOpen(on: day) }
        // Completed on the day: the latest status then is a completion granted or renewed less
        // than the campaign's validity (36 months) before it.
        let done = open.filter { e in
            guard let last = Self.town.timelines[e.id]?.last(where: { $0.date <= day }) else { return false }
            return last.status.countsAsCompleted && day < last.date.adding(months: simulatedPlan.validityMonths)
        }
        let share = 100 * Double(done.count) / Double(open.count)
        #expect(lines[0].contains("the town held \(CSVCell.fixed(share, places: 2))%"))
        #expect(lines[0].contains(share >= 30 ? "(reached)" : "(missed)"))
        #expect(ForecastExplanation.passedMilestones(simulatedPlan, ledger: Self.town, asOf: Day(year: 2023, month: 6, day: 30)!,
                                                     language: .en).isEmpty)
    }
}
