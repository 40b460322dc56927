import Foundation
import Testing
@testable import Stats

private struct CalibrationFixture {
    let p: [Double]
    let y: [Bool]
    let json: [String: Any]
    init() throws {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/calibration_reference.json")
        json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        p = (json["p"] as! [NSNumber]).map(\.doubleValue)
        y = (json["y"] as! [NSNumber]).map { $0.intValue == 1 }
    }
    func curve(_ key: String) -> (observed: [Double], predicted: [Double]) {
        let c = json[key] as! [String: Any]
        return ((c["prob_true"] as! [NSNumber]).map(\.doubleValue),
                (c["prob_pred"] as! [NSNumber]).map(\.doubleValue))
    }
}

@Suite struct CalibrationTests {
    @Test func brierScoreMatchesScikitLearn() throws {
        let f = try CalibrationFixture()
        let b = try brierScore(probabilities: f.p, outcomes: f.y)
        #expect(abs(b - (f.json["brier"] as! NSNumber).doubleValue) < 1e-12)
    }

    @Test func logLossMatchesScikitLearnIncludingClippedConfidentMisses() throws {
        let f = try CalibrationFixture()
        let l = try logLoss(probabilities: f.p, outcomes: f.y)
        #expect(abs(l - (f.json["log_loss"] as! NSNumber).doubleValue) < 1e-10)
    }

    @Test(arguments: ["uniform_5", "uniform_10", "quantile_5", "quantile_10"])
    func reliabilityTableMatchesCalibrationCurve(key: String) throws {
        let f = try CalibrationFixture()
        let parts = key.split(separator: "_")
        let table = try ReliabilityTable(probabilities: f.p, outcomes: f.y, binCount: Int(parts[1])!,
                                         strategy: ReliabilityTable.Strategy(rawValue: String(parts[0]))!)
        let ref = f.curve(key)
        #expect(table.bins.count == ref.observed.count)
        for (bin, (o, m)) in zip(table.bins, zip(ref.observed, ref.predicted)) {
            #expect(abs(bin.observedFrequency - o) < 1e-12)
            #expect(abs(bin.meanPredicted - m) < 1e-12)
        }
        #expect(table.bins.reduce(0) { $0 + $1.count } == f.p.count)
    }

    @Test func handComputedSmallCase() throws {
        let p = [0.1, 0.9, 0.5, 0.5], y = [false, true, true, false]
        // (0.01 + 0.01 + 0.25 + 0.25) / 4
        #expect(abs(try brierScore(probabilities: p, outcomes: y) - 0.13) < 1e-15)
        let expected = -(log(0.9) + log(0.9) + log(0.5) + log(0.5)) / 4
        #expect(abs(try logLoss(probabilities: p, outcomes: y) - expected) < 1e-15)
        let t = try ReliabilityTable(probabilities: p, outcomes: y, binCount: 2)
        // 0.5 sits on the interior edge and falls in the lower bin, as in scikit-learn.
        #expect(t.bins.map(\.count) == [3, 1])
        #expect(abs(t.bins[0].meanPredicted - 1.1 / 3) < 1e-15)
        #expect(abs(t.bins[0].observedFrequency - 1.0 / 3) < 1e-15)
        #expect(abs(t.expectedCalibrationError - (3 * abs(1.0 / 3 - 1.1 / 3) + 0.1) / 4) < 1e-15)
    }

    @Test func intervalCoverageCountsInsideBelowAndAbove() throws {
        let c = try IntervalCoverage(lower: [0, 0, 0, 1, 2], upper: [1, 1, 1, 2, 3],
                                     realized: [0.5, 1, -0.1, 2.5, 2])
        #expect(c.count == 5 && c.covered == 3 && c.below == 1 && c.above == 1)
        #expect(abs(c.rate - 0.6) < 1e-15)
        #expect(abs(c.meanWidth - 1) < 1e-15)
    }

    @Test func badInputIsATypedError() throws {
        #expect(throws: CalibrationError.empty) { try brierScore(probabilities: [], outcomes: []) }
        #expect(throws: CalibrationError.lengthMismatch(expected: 2, actual: 1)) {
            try logLoss(probabilities: [0.1, 0.2], outcomes: [true])
        }
        #expect(throws: CalibrationError.probabilityOutOfRange(index: 1, value: 1.5)) {
            try brierScore(probabilities: [0.1, 1.5], outcomes: [true, false])
        }
        #expect(throws: CalibrationError.invalidBinCount(0)) {
            try ReliabilityTable(probabilities: [0.1], outcomes: [true], binCount: 0)
        }
        #expect(throws: CalibrationError.nonFinite(index: 0)) {
            try IntervalCoverage(lower: [.nan], upper: [1], realized: [0])
        }
    }
}
