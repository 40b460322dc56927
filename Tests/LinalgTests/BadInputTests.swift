import Testing
@testable import Linalg

/// Every invalid input gives its typed error; nothing traps.
@Suite struct BadInputTests {
    @Test func mismatchedShapesAreDimensionErrors() throws {
        let a = try Matrix([[1, 2, 3]]), b = try Matrix([[1, 2]])
        #expect { try a.multiplied(by: b) } throws: { error in
            guard case LinalgError.dimensionMismatch(let op, _) = error else { return false }
            return op == "gemm"
        }
        #expect(throws: LinalgError.self) { try a.multiplied(by: [1, 2]) }
        #expect(throws: LinalgError.self) { try BLAS.dot([1, 2], [1]) }
        var c = Matrix(rows: 5, columns: 5)
        #expect(throws: LinalgError.self) {
            try Matrix.multiply(a, .transposed, a, .none, beta: 1, into: &c)
        }
        #expect(throws: LinalgError.self) { try QRLeastSquares(Matrix.identity(3), [1, 2]) }
        #expect(throws: LinalgError.self) { try Cholesky(Matrix(rows: 2, columns: 3)) }
        #expect(throws: LinalgError.self) { try QRLeastSquares(Matrix(rows: 2, columns: 3), [1, 2]) }
    }

    @Test func nanIsANonFiniteError() throws {
        let bad = try Matrix([[1, .nan], [0, 1]])
        #expect(throws: LinalgError.nonFinite(operation: "Cholesky", row: 0, column: 1)) { try Cholesky(bad) }
        #expect(throws: LinalgError.nonFinite(operation: "solve", row: 0, column: 1)) { try bad.solve([1, 2]) }
        #expect(throws: LinalgError.self) { try QRLeastSquares(Matrix.identity(2), [1, .infinity]) }
        #expect(throws: LinalgError.self) { try SymmetricEigen(bad) }
        #expect(throws: LinalgError.self) { try SingularValueDecomposition(bad) }
        #expect(throws: LinalgError.self) { try SVDLeastSquares(bad, [1, 1]) }
    }

    @Test func singularSystemsAreSingularErrors() throws {
        let singular = try Matrix([[1, 2], [2, 4]])
        #expect { try singular.solve([1, 1]) } throws: { error in
            if case LinalgError.singular = error { return true } else { return false }
        }
        // Two identical columns: QR least squares refuses, SVD least squares copes.
        let collinear = try Matrix([[1, 1], [2, 2], [3, 3]])
        #expect { try QRLeastSquares(collinear, [1, 2, 3]) } throws: { error in
            if case LinalgError.singular = error { return true } else { return false }
        }
        #expect(try SVDLeastSquares(collinear, [1, 2, 3]).rank == 1)
    }

    @Test func nonSPDMatrixIsNotPositiveDefinite() throws {
        let indefinite = try Matrix([[1, 2], [2, 1]])
        #expect(throws: LinalgError.notPositiveDefinite(operation: "Cholesky", order: 2)) {
            try Cholesky(indefinite)
        }
        #expect(throws: LinalgError.notPositiveDefinite(operation: "Cholesky", order: 1)) {
            try Matrix([[-1, 0], [0, 1]]).inverseOfSymmetricPositiveDefinite()
        }
    }

    @Test func errorsReadWell() {
        let e = LinalgError.notPositiveDefinite(operation: "Cholesky", order: 2)
        #expect(e.description == "Cholesky: matrix is not positive definite (leading minor of order 2 fails)")
    }
}
