import Testing
@testable import Stats

@Suite struct KaplanMeierTests {
    @Test func matchesLifelinesOnEveryCase() throws {
        for c in try Fixture.json("kaplan_meier_reference.json").objects("cases") {
            let name = c["name"] as? String ?? "?"
            let observed = try #require(c["observed"] as? [Bool])
            let fit = try KaplanMeier().fit(durations: try c.doubles("durations"), observed: observed)
            #expect(fit.times == (try c.doubles("timeline")), "\(name) timeline")
            #expect(fit.atRisk.map(Double.init) == (try c.doubles("at_risk")), "\(name) at risk")
            #expect(fit.events.map(Double.init) == (try c.doubles("events")), "\(name) events")
            #expect(fit.censored.map(Double.init) == (try c.doubles("censored")), "\(name) censored")
            for (key, mine) in [("survival", fit.survival), ("lower", fit.lower), ("upper", fit.upper)] {
                for (a, b) in zip(mine, try c.doubles(key)) {
                    #expect(close(a, b, relative: 1e-9, floor: 1e-12), "\(name) \(key): \(a) vs \(b)")
                }
            }
            #expect(fit.medianSurvivalTime == (try c.doubleOrInfinity("median")), "\(name) median")
            #expect(fit.medianInterval.lower == (try c.doubleOrInfinity("median_lower")), "\(name) median lower")
            #expect(fit.medianInterval.upper == (try c.doubleOrInfinity("median_upper")), "\(name) median upper")
        }
    }

    @Test func greenwoodVarianceByHand() throws {
        // 4 subjects, events at 1 and 3, censored at 2 and 4.
        // S(1) = 3/4; S(3) = 3/4 · (1 − 1/2) = 3/8.
        // Var S(3) = (3/8)² · (1/(4·3) + 1/(2·1)) = 9/64 · 7/12.
        let fit = try KaplanMeier().fit(durations: [1, 2, 3, 4], observed: [true, false, true, false])
        #expect(fit.survival(at: 3.5) == 3.0 / 8)
        #expect(fit.survival(at: 0.5) == 1)
        #expect(abs(fit.greenwoodVariance[3] - 9.0 / 64 * 7 / 12) < 1e-15)
        #expect(fit.medianSurvivalTime == 3)
    }

    @Test func rejectsBadInput() {
        #expect(throws: SurvivalError.noSubjects) { try KaplanMeier().fit(durations: [], observed: []) }
        #expect(throws: SurvivalError.dimensionMismatch(durations: 2, observed: 1)) {
            try KaplanMeier().fit(durations: [1, 2], observed: [true])
        }
        #expect(throws: SurvivalError.invalidDuration(index: 1, value: -1)) {
            try KaplanMeier().fit(durations: [1, -1], observed: [true, true])
        }
    }
}
