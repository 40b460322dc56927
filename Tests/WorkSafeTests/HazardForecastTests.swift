import Testing
@testable import WorkSafe

#if canImport(Glibc)
import Glibc
#endif

/// A campaign whose milestones fit `SimulatedCampaign`'s default pace.
let simulatedPlan = Campaign(
    start: Day(year: 2023, month: 1, day: 1)!,
    milestones: [
        Milestone(date: Day(year: 2023, month: 12, day: 31)!, targetPercent: 30),
        Milestone(date: Day(year: 2024, month: 6, day: 30)!, targetPercent: 45),
        Milestone(date: Day(year: 2024, month: 12, day: 31)!, targetPercent: 65),
    ],
    keyIndustries: ["危险化学品"], benchmarkDeadline: Day(year: 2023, month: 12, day: 31)!)

let origin = Day(year: 2024, month: 1, day: 31)!

@Suite struct HazardForecastTests {
    @Test func oneRowPerUnitAndFutureMilestoneWithOrderedInterval() throws {
        let town = SimulatedCampaign(campaign: simulatedPlan).generate(seed: 3)
        let r = try HazardForecast(scenarios: 200, seed: 1).forecast(ledger: town, campaign: simulatedPlan, asOf: origin)
        // town + 4 communities + 2 departments, milestones 2024-06-30 and 2024-12-31.
        #expect(r.rows.count == 7 * 2)
        #expect(Set(r.rows.map(\.milestoneDate)) == [Day(year: 2024, month: 6, day: 30)!, Day(year: 2024, month: 12, day: 31)!])
        for row in r.rows {
            #expect(row.probability >= 0 && row.probability <= 1)
            #expect(row.lowerPercent <= row.upperPercent)
            #expect(row.lowerPercent >= row.currentPercent - 1e-9)   // no lapses or closures here
            #expect(row.method == .hazard)
            #expect(row.lower50Percent >= row.lowerPercent && row.upper50Percent <= row.upperPercent)
        }
        #expect(r.rows.first?.unit == .town)
        #expect(r.hazard.regression.converged)
    }

    @Test func sameSeedGivesTheSameForecastForAnyThreadCount() throws {
        let town = SimulatedCampaign(monthlyClosure: 0.005, monthlyEntries: 3, campaign: simulatedPlan).generate(seed: 5)
        let one = try HazardForecast(scenarios: 120, seed: 9, threadCount: 1).forecast(ledger: town, campaign: simulatedPlan, asOf: origin)
        let two = try HazardForecast(scenarios: 120, seed: 9, threadCount: 2).forecast(ledger: town, campaign: simulatedPlan, asOf: origin)
        let three = try HazardForecast(scenarios: 120, seed: 9, threadCount: 3).forecast(ledger: town, campaign: simulatedPlan, asOf: origin)
        #expect(one.rows == two.rows)
        #expect(one.rows == three.rows)
        let other = try HazardForecast(scenarios: 120, seed: 10).forecast(ledger: town, campaign: simulatedPlan, asOf: origin)
        #expect(other.rows != one.rows)
    }

    @Test func nothingAfterTheAsOfDateChangesTheForecast() throws {
        let town = SimulatedCampaign(monthlyClosure: 0.005, monthlyEntries: 3, campaign: simulatedPlan).generate(seed: 6)
        let asOf = Day(year: 2024, month: 2, day: 14)!
        let full = try HazardForecast(scenarios: 100).forecast(ledger: town, campaign: simulatedPlan, asOf: asOf)
        let cut = try HazardForecast(scenarios: 100).forecast(ledger: town.asOf(asOf), campaign: simulatedPlan, asOf: asOf)
        #expect(full.rows == cut.rows)
        #expect(full.closures > 0 && full.entries > 0)
    }

    /// With coefficients held at β̂, the pace at its posterior mean path and no frailty, the
    /// simulated mean share must equal the model's exact expectation
    /// `(done + Σᵢ (1 − exp(−Σₜ fₜ·exp(sᵢ + townₜ + ζ_c,t + ξ_k,t))))/open`.
    @Test func meanShareMatchesTheModelsExactExpectation() throws {
        let town = SimulatedCampaign(campaign: simulatedPlan).generate(seed: 4)
        let asOf = Day(year: 2024, month: 2, day: 10)!   // mid-month: the rest of February is exposure
        let cfg = HazardForecast(scenarios: 2000, seed: 2, drawCoefficients: false, structuralUncertainty: false,
                                 hazard: CompletionHazard(frailtyVariances: [0]), levels: [.town])
        let r = try cfg.forecast(ledger: town, campaign: simulatedPlan, asOf: asOf)
        let sim = r.simulation
        let exactness = ExactExpectation(r)
        let known = town.asOf(asOf)
        for row in r.rows {
            let lastSlot = sim.slotOf[sim.targets.firstIndex(of: row.targetPercent)!]
            var expected = 0.0, open = 0
            for e in known.enterprises where e.isOpen(on: asOf) {
                open += 1
                if known.isCompleted(e, on: asOf) { expected += 1; continue }
                expected += exactness.probability(of: e, before: lastSlot)
            }
            let exact = 100 * expected / Double(open)
            // Per-scenario sd is at most 100·√(0.25/open); the mean of 2000 is 45× tighter.
            let tolerance = 4 * 100 * (0.25 / Double(open)).squareRoot() / 2000.0.squareRoot()
            #expect(abs(row.expectedPercent - exact) < tolerance, "\(row.milestoneDate): \(row.expectedPercent) vs \(exact)")
        }
    }

    /// The history's month effects are the pace model's observations; a town with a known
    /// deadline effect shows it in the month effects of its deadline months.
    @Test func monthEffectsShowTheGeneratingDeadlineEffects() throws {
        let town = SimulatedCampaign(enterprises: 4000, campaign: simulatedPlan).generate(seed: 11)
        let fit = try CompletionHazard(frailtyVariances: [0]).fit(ledger: town, campaign: simulatedPlan,
                                                                  asOf: Day(year: 2024, month: 9, day: 30)!)
        // December 2023 (deadline, +0.9), November 2023 (month before, +0.4), October 2023 (0).
        let dec = try #require(fit.monthEffect(MonthIndex.of(Day(year: 2023, month: 12, day: 1)!)))
        let nov = try #require(fit.monthEffect(MonthIndex.of(Day(year: 2023, month: 11, day: 1)!)))
        let oct = try #require(fit.monthEffect(MonthIndex.of(Day(year: 2023, month: 10, day: 1)!)))
        let se = { (a: (value: Double, variance: Double), b: (value: Double, variance: Double)) in (a.variance + b.variance).squareRoot() }
        #expect(abs(dec.value - oct.value - 0.9) < 3.5 * se(dec, oct), "\(dec.value - oct.value)")
        #expect(abs(nov.value - oct.value - 0.4) < 3.5 * se(nov, oct), "\(nov.value - oct.value)")
        #expect(fit.completions > 0 && fit.personMonths > fit.completions)
        #expect(fit.coefficientNames.last == "month=2024-09")
    }

    @Test func aTownThatAlreadyReachedEveryTargetIsCertain() throws {
        var events: [StatusEvent] = []
        var ents: [Enterprise] = []
        for i in 0..<60 {
            let e = Enterprise(id: "A\(i)", name: "a", community: i % 2 == 0 ? "东" : "西", department: "应急",
                               industry: "工贸", size: .small)
            ents.append(e)
            events.append(StatusEvent(enterpriseID: e.id, date: Day(year: 2023, month: 1, day: 1)!, status: .inProgress))
            events.append(StatusEvent(enterpriseID: e.id, date: Day(year: 2023, month: 2 + i % 9, day: 10)!, status: .compliant))
        }
        let ledger = Ledger(enterprises: ents, statusEvents: events)
        let r = try HazardForecast(scenarios: 50).forecast(ledger: ledger, campaign: simulatedPlan, asOf: origin)
        for row in r.rows {
            #expect(row.probability == 1 && row.expectedPercent == 100 && row.lowerPercent == 100)
            #expect(row.medianDateReached == origin)
            #expect(row.requiredPacePerMonth == 0)
        }
    }

    /// Grades that lapse without renewal in the history make the model expect lapses ahead.
    @Test func lapsesWithoutRenewalLowerTheForecast() throws {
        var plan = simulatedPlan
        plan.validityMonths = 6
        let base = SimulatedCampaign(campaign: plan).generate(seed: 8)
        // Record a lapse 6 months after every completion: no grade is ever renewed.
        var events = base.allStatusEvents
        for ev in base.allStatusEvents where ev.status.countsAsCompleted {
            events.append(StatusEvent(enterpriseID: ev.enterpriseID, date: ev.date.adding(months: 6), status: .lapsed))
        }
        let lapsing = Ledger(enterprises: base.enterprises, statusEvents: events)
        let cfg = HazardForecast(scenarios: 200, levels: [.town])
        let withLapses = try cfg.forecast(ledger: lapsing, campaign: plan, asOf: origin)
        var kept = simulatedPlan
        kept.validityMonths = 36
        let noLapses = try cfg.forecast(ledger: lapsing, campaign: kept, asOf: origin)
        #expect(withLapses.expiredGrades > 0 && withLapses.renewedGrades == 0)
        let a = withLapses.rows.last!, b = noLapses.rows.last!
        #expect(a.expectedPercent < b.expectedPercent - 5)
    }

    @Test func unusableInputIsATypedError() throws {
        let town = SimulatedCampaign(enterprises: 50, campaign: simulatedPlan).generate(seed: 1)
        #expect(throws: ForecastError.noFutureMilestone(asOf: Day(year: 2025, month: 1, day: 1)!)) {
            try HazardForecast().forecast(ledger: town, campaign: simulatedPlan, asOf: Day(year: 2025, month: 1, day: 1)!)
        }
        #expect(throws: ForecastError.self) {
            try HazardForecast().forecast(ledger: town, campaign: simulatedPlan, asOf: Day(year: 2023, month: 1, day: 20)!)
        }
        #expect(throws: ForecastError.invalidConfiguration(detail: "scenarios must be between 1 and 1000000")) {
            try HazardForecast(scenarios: 0).forecast(ledger: town, campaign: simulatedPlan, asOf: origin)
        }
    }

    @Test func progressIsReportedUpToTheTotal() throws {
        final class Box: @unchecked Sendable { var last = (0, 0); var calls = 0 }
        let box = Box()
        let town = SimulatedCampaign(enterprises: 100, campaign: simulatedPlan).generate(seed: 1)
        _ = try HazardForecast(scenarios: 40, threadCount: 1, progress: { done, total in
            box.last = (done, total); box.calls += 1
        }).forecast(ledger: town, campaign: simulatedPlan, asOf: origin)
        #expect(box.calls == 40 && box.last == (40, 40))
    }
}
