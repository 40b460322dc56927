import Testing
@testable import Linalg

/// Every wrapper against numpy/scipy results (scripts/fixtures/linalg_fixtures.py).
@Suite struct ReferenceTests {
    struct Reference: Decodable {
        var a, b, c0, gemm_ab, gemm_2ab_plus_3c, gemm_at_a, gemm_a_bt_t, syrk_ata, syrk_aat: MatrixFixture
        var x5, y7, gemv_ax, gemv_aty: [Double]
        var dot_x5_x5, norm2_y7, asum_y7: Double
        var spd, rhs, cholesky_lower, cholesky_solve, spd_inverse: MatrixFixture
        var spd_logdet: Double
        var tall: MatrixFixture
        var tall_b, lstsq_tall: [Double]
        var lstsq_tall_rss: Double
        var tall_xtx_inverse, rankdef, wide: MatrixFixture
        var lstsq_rankdef, lstsq_wide: [Double]
        var lstsq_rankdef_rank: Int
        var eigh_values: [Double]
        var eigh_vectors: MatrixFixture
        var svd_singular_values, wide_singular_values: [Double]
        var svd_u, svd_vt, sq, sq_b, solve_sq: MatrixFixture
    }

    let r: Reference = try! loadFixture("linalg_reference.json")

    @Test func gemmMatchesNumpy() throws {
        let (a, b) = (r.a.matrix, r.b.matrix)
        #expect(close(try a.multiplied(by: b), r.gemm_ab.matrix))
        #expect(close(try a.multiplied(by: a, transposingSelf: true), r.gemm_at_a.matrix))
        #expect(close(try b.multiplied(by: a, transposingSelf: true, transposingOther: true), r.gemm_a_bt_t.matrix))
        var c = r.c0.matrix
        try Matrix.multiply(a, .none, b, .none, alpha: 2, beta: 3, into: &c)
        #expect(close(c, r.gemm_2ab_plus_3c.matrix))
    }

    @Test func gemvMatchesNumpy() throws {
        #expect(close(try r.a.matrix.multiplied(by: r.x5), r.gemv_ax))
        #expect(close(try r.a.matrix.multiplied(by: r.y7, transposingSelf: true), r.gemv_aty))
    }

    @Test func syrkFillsBothTrianglesAndMatchesNumpy() throws {
        #expect(close(r.a.matrix.gram(), r.syrk_ata.matrix))
        var c = Matrix(rows: 0, columns: 0)
        try Matrix.symmetricRankKUpdate(r.a.matrix, .none, into: &c)
        #expect(close(c, r.syrk_aat.matrix))
        #expect(c == c.transposed())
    }

    @Test func levelOneMatchesNumpy() throws {
        #expect(abs(try BLAS.dot(r.x5, r.x5) - r.dot_x5_x5) < 1e-12)
        #expect(abs(BLAS.norm2(r.y7) - r.norm2_y7) < 1e-12)
        #expect(abs(BLAS.sumOfAbsoluteValues(r.y7) - r.asum_y7) < 1e-12)
        var y = r.x5
        try BLAS.axpy(2, r.x5, &y)
        #expect(close(y, r.x5.map { 3 * $0 }))
    }

    @Test func choleskyMatchesNumpy() throws {
        let chol = try Cholesky(r.spd.matrix)
        #expect(close(chol.lower, r.cholesky_lower.matrix, relative: 1e-12))
        #expect(close(try chol.solve(r.rhs.matrix), r.cholesky_solve.matrix, relative: 1e-10))
        #expect(close(try chol.inverse(), r.spd_inverse.matrix, relative: 1e-10))
        #expect(close(try r.spd.matrix.inverseOfSymmetricPositiveDefinite(), r.spd_inverse.matrix, relative: 1e-10))
        #expect(abs(chol.logDeterminant - r.spd_logdet) < 1e-11)
    }

    @Test func qrLeastSquaresMatchesNumpy() throws {
        let ls = try QRLeastSquares(r.tall.matrix, r.tall_b)
        #expect(close(ls.coefficients, r.lstsq_tall, relative: 1e-11))
        #expect(abs(ls.residualSumOfSquares[0] - r.lstsq_tall_rss) < 1e-11)
        #expect(close(try ls.unscaledCovariance(), r.tall_xtx_inverse.matrix, relative: 1e-10))
    }

    @Test func svdLeastSquaresRevealsRankAndGivesMinimumNorm() throws {
        let ls = try SVDLeastSquares(r.rankdef.matrix, r.tall_b)
        #expect(ls.rank == r.lstsq_rankdef_rank)
        #expect(ls.rank == 3)
        #expect(close(ls.coefficients, r.lstsq_rankdef, relative: 1e-9, absolute: 1e-10))
        let wide = try SVDLeastSquares(r.wide.matrix, Array(r.tall_b.prefix(4)))
        #expect(close(wide.coefficients, r.lstsq_wide, relative: 1e-10))
    }

    @Test func symmetricEigenMatchesNumpyUpToSign() throws {
        let eig = try SymmetricEigen(r.spd.matrix)
        #expect(close(eig.eigenvalues, r.eigh_values, relative: 1e-12))
        let ref = r.eigh_vectors.matrix
        for j in 0..<ref.columns {
            let ours = eig.eigenvectors.column(j), theirs = ref.column(j)
            let sign: Double = (try BLAS.dot(ours, theirs)) < 0 ? -1 : 1
            #expect(close(ours.map { sign * $0 }, theirs, relative: 1e-10, absolute: 1e-12))
        }
    }

    @Test func svdMatchesNumpyAndReconstructs() throws {
        let svd = try SingularValueDecomposition(r.tall.matrix)
        #expect(close(svd.singularValues, r.svd_singular_values, relative: 1e-12))
        // U·diag(σ)·Vᵀ == A
        var us = svd.u
        for i in 0..<us.rows { for j in 0..<us.columns { us[i, j] *= svd.singularValues[j] } }
        #expect(close(try us.multiplied(by: svd.vt), r.tall.matrix, relative: 1e-12, absolute: 1e-12))
        for j in 0..<svd.u.columns {
            let sign: Double = (try BLAS.dot(svd.u.column(j), r.svd_u.matrix.column(j))) < 0 ? -1 : 1
            #expect(close(svd.u.column(j).map { sign * $0 }, r.svd_u.matrix.column(j), relative: 1e-10, absolute: 1e-12))
            #expect(close(svd.vt.row(j).map { sign * $0 }, r.svd_vt.matrix.row(j), relative: 1e-10, absolute: 1e-12))
        }
        let wide = try SingularValueDecomposition(r.wide.matrix)
        #expect(close(wide.singularValues, r.wide_singular_values, relative: 1e-12))
        #expect(wide.u.shape == (4, 4) && wide.vt.shape == (4, 9))
    }

    @Test func generalSolveMatchesNumpy() throws {
        #expect(close(try r.sq.matrix.solve(r.sq_b.matrix), r.solve_sq.matrix, relative: 1e-10))
    }
}
