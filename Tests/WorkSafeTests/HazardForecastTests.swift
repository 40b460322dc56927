import Testing
@testable import WorkSafe

/// A campaign whose milestones fit `SimulatedCampaign`'s default pace.
let simulatedPlan = Campaign(
    start: Day(year: 2023, month: 1, day: 1)!,
    milestones: [
        Milestone(date: Day(year: 2023, month: 12, day: 31)!, targetPercent: 30),
        Milestone(date: Day(year: 2024, month: 6, day: 30)!, targetPercent: 45),
        Milestone(date: Day(year: 2024, month: 12, day: 31)!, targetPercent: 65),
    ],
    keyIndustries: ["危险化学品"], benchmarkDeadline: Day(year: 2023, month: 12, day: 31)!)

@Suite struct HazardForecastTests {
    @Test func explore() throws {
        let town = SimulatedCampaign(campaign: simulatedPlan).generate(seed: 3)
        let asOf = Day(year: 2024, month: 1, day: 31)!
        let r = try HazardForecast(scenarios: 300, seed: 1).forecast(ledger: town, campaign: simulatedPlan, asOf: asOf)
        print(r.hazard.coefficientNames, r.hazard.regression.coefficients, r.hazard.regression.standardErrors)
        for row in ForecastTable.rows(r.rows) { print(row.map(\.rendered).joined(separator: ",")) }
        let full = UnitIndex(enterprises: town.enterprises)
        for m in simulatedPlan.milestones {
            let t = full.tally(town, on: m.date)
            print(m.date, zip(full.units, zip(t.completed, t.open)).map { "\($0.0): \(100 * Double($0.1.0) / Double($0.1.1))" })
        }
    }
}
