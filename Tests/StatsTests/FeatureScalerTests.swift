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
}
