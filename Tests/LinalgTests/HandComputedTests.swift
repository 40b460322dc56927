import Testing
@testable import Linalg

/// Small cases whose answers are worked out by hand.
@Suite struct HandComputedTests {
    @Test func productOfTwoByTwo() throws {
        let a = try Matrix([[1, 2], [3, 4]]), b = try Matrix([[5, 6], [7, 8]])
        #expect(try a.multiplied(by: b) == (try Matrix([[19, 22], [43, 50]])))
        #expect(try a.multiplied(by: [1, 1]) == [3, 7])
        #expect(a.gram() == (try Matrix([[10, 14], [14, 20]])))
    }

    @Test func choleskyOfTwoByTwo() throws {
        // [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]].
        let chol = try Cholesky(try Matrix([[4, 2], [2, 3]]))
        #expect(chol.lower.isApproximatelyEqual(to: try Matrix([[2, 0], [1, 2.0.squareRoot()]]), tolerance: 1e-15))
        // det = 8.
        #expect(abs(chol.logDeterminant - _log(8)) < 1e-14)
        let x = try chol.solve([2, 1])  // 4x + 2y = 2, 2x + 3y = 1 → x = 0.5, y = 0
        #expect(abs(x[0] - 0.5) < 1e-15 && abs(x[1]) < 1e-15)
    }

    @Test func lineThroughThreePoints() throws {
        // y = 1 + 2x exactly through (0,1), (1,3), (2,5).
        let a = try Matrix([[1, 0], [1, 1], [1, 2]])
        let ls = try QRLeastSquares(a, [1, 3, 5])
        #expect(abs(ls.coefficients[0] - 1) < 1e-14 && abs(ls.coefficients[1] - 2) < 1e-14)
        #expect(ls.residualSumOfSquares[0] < 1e-25)
        // (AᵀA)⁻¹ = [[3, 3], [3, 5]]⁻¹ = [[5, −3], [−3, 3]] / 6.
        let cov = try ls.unscaledCovariance()
        #expect(cov.isApproximatelyEqual(to: try Matrix([[5 / 6, -0.5], [-0.5, 0.5]]), tolerance: 1e-14))
    }

    @Test func eigenvaluesOfDiagonalAreSorted() throws {
        let e = try SymmetricEigen(Matrix.diagonal([3, 1, 2]))
        #expect(e.eigenvalues == [1, 2, 3])
    }

    @Test func emptyMatricesAreFine() throws {
        let e = Matrix(rows: 0, columns: 3)
        #expect(try e.multiplied(by: Matrix(rows: 3, columns: 2)).shape == (0, 2))
        #expect(try Matrix(rows: 2, columns: 0).multiplied(by: Matrix(rows: 0, columns: 2)) == Matrix(rows: 2, columns: 2))
    }
}

private func _log(_ x: Double) -> Double { naturalLog(x) }
