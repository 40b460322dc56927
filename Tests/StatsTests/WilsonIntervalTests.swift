import Testing
@testable import Stats

@Suite struct WilsonIntervalTests {
    @Test func matchesStatsmodelsProportionConfint() throws {
        for row in try Fixture.json("wilson_reference.json").objects("cases") {
            let k = Int(try row.double("successes")), n = Int(try row.double("trials"))
            let w = try WilsonInterval(successes: k, trials: n, confidenceLevel: try row.double("confidence"))
            #expect(close(w.lower, try row.double("lower"), relative: 1e-12, floor: 1e-15), "\(k)/\(n)")
            #expect(close(w.upper, try row.double("upper"), relative: 1e-12, floor: 1e-15), "\(k)/\(n)")
            #expect(w.lower <= w.proportion && w.proportion <= w.upper)
        }
    }

    @Test func endsStayInUnitInterval() throws {
        let none = try WilsonInterval(successes: 0, trials: 5)
        #expect(none.lower == 0 && none.upper > 0)
        let all = try WilsonInterval(successes: 5, trials: 5)
        #expect(all.upper == 1 && all.lower < 1)
    }

    @Test func rejectsImpossibleCounts() {
        #expect(throws: IntervalError.noTrials) { try WilsonInterval(successes: 0, trials: 0) }
        #expect(throws: IntervalError.invalidCounts(successes: 3, trials: 2)) {
            try WilsonInterval(successes: 3, trials: 2)
        }
        #expect(throws: IntervalError.invalidCounts(successes: -1, trials: 2)) {
            try WilsonInterval(successes: -1, trials: 2)
        }
        #expect(throws: IntervalError.invalidConfidenceLevel(0)) {
            try WilsonInterval(successes: 1, trials: 2, confidenceLevel: 0)
        }
    }
}
