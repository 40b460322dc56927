import Linalg
import Testing
@testable import Stats

@Suite struct FeatureScalerTests {
    @Test func zScoresUseThePopulationSDAndConstantColumnsBecomeZero() throws {
        // Column 0: 1, 2, 3 → mean 2, population sd √(2/3). Column 1 constant.
        let x = try Matrix([[1, 5], [2, 5], [3, 5]])
        let s = try FeatureScaler(fitting: x, method: .zscore)
        #expect(s.shifts == [2, 5])
        #expect(abs(s.scales[0] - (2.0 / 3).squareRoot()) < 1e-15 && s.scales[1] == 1)
        let z = try s.transform(x)
        #expect(abs(z[0, 0] + (1.5).squareRoot()) < 1e-14 && z[1, 0] == 0 && z.column(1) == [0, 0, 0])
        let back = try s.inverseTransform(z)
        #expect(back.isApproximatelyEqual(to: x, tolerance: 1e-14))
    }

    @Test func noneIsTheIdentity() throws {
        let x = try Matrix([[1, 5], [2, 7]])
        let s = try FeatureScaler(fitting: x, method: .none)
        #expect(try s.transform(x) == x && s.scales == [1, 1])
    }

    @Test func badInputIsATypedError() throws {
        #expect(throws: ClusteringError.self) { try FeatureScaler(fitting: Matrix(rows: 0, columns: 2), method: .zscore) }
        let s = try FeatureScaler(fitting: try Matrix([[1, 2]]), method: .zscore)
        #expect(throws: ClusteringError.self) { try s.transform(try Matrix([[1, 2, 3]])) }
    }

    /// Issue 19, item 13: features of ±1e308 are finite and are standardized, not called
    /// "non-finite" (the plain sums and squares overflow; the scaled ones do not).
    @Test func valuesNearTheLargestDoubleStandardize() throws {
        let big = Double.greatestFiniteMagnitude
        let x = try Matrix([[1e308, 1], [-1e308, 2], [big, 3], [-big, 4]])
        let s = try FeatureScaler(fitting: x, method: .zscore)
        #expect(s.shifts.allSatisfy(\.isFinite) && s.scales.allSatisfy(\.isFinite))
        let z = try s.transform(x)
        #expect(z.firstNonFinite == nil)
        // Mean 0, population SD 1 in each column.
        for t in 0..<2 {
            let c = z.column(t)
            let mean = c.reduce(0, +) / 4
            let sd = (c.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
            #expect(abs(mean) < 1e-12 && abs(sd - 1) < 1e-12, "column \(t): mean \(mean), sd \(sd)")
        }
        let back = try s.inverseTransform(z)
        #expect(back.firstNonFinite == nil)
        #expect(abs(back[0, 0] / 1e308 - 1) < 1e-12 && abs(back[2, 0] / big - 1) < 1e-12)
        // Ordinary columns keep the plain formula, bit for bit.
        let plain = try FeatureScaler(fitting: try Matrix([[1, 2], [3, 5], [4, 4]]), method: .zscore)
        #expect(plain.shifts == [8.0 / 3, 11.0 / 3])
    }
}
