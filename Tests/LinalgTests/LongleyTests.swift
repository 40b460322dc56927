import Testing
@testable import Linalg

/// NIST StRD Longley (higher difficulty): QR least squares reproduces the certified coefficients
/// and standard errors to at least 9 significant digits. The normal equations would lose about
/// twice as many digits (cond(X) ≈ 5·10⁹ with the intercept).
@Suite struct LongleyTests {
    struct Longley: Decodable {
        var x: [[Double]]
        var y: [Double]
        var certified_coefficients: [Double]
        var certified_standard_errors: [Double]
        var certified_residual_sum_of_squares: Double
    }

    @Test func qrReproducesCertifiedValuesToNineDigits() throws {
        let data: Longley = try loadFixture("longley.json")
        let design = try Matrix(data.x.map { [1] + $0 })
        let ls = try QRLeastSquares(design, data.y)
        let n = design.rows, p = design.columns
        let sigma2 = ls.residualSumOfSquares[0] / Double(n - p)
        let cov = try ls.unscaledCovariance()
        for j in 0..<p {
            let se = (sigma2 * cov[j, j]).squareRoot()
            #expect(significantDigits(ls.coefficients[j], data.certified_coefficients[j]) >= 9,
                    "coefficient \(j): \(ls.coefficients[j]) vs \(data.certified_coefficients[j])")
            #expect(significantDigits(se, data.certified_standard_errors[j]) >= 9,
                    "standard error \(j): \(se) vs \(data.certified_standard_errors[j])")
        }
        #expect(significantDigits(ls.residualSumOfSquares[0], data.certified_residual_sum_of_squares) >= 9)
    }
}
