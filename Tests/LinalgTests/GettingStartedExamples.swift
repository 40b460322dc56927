import Testing
import Linalg

// The code of Sources/Linalg/Linalg.docc/GettingStarted.md, verbatim (DocumentationSnippetTests
// in WorkSafeTests checks that every block of the article appears here), and what it computes.

func inspectionHoursModel() throws -> (coefficients: [Double], standardErrors: [Double]) {
    // Columns: intercept, enterprises visited, hazards found.
    let a = try Matrix([
        [1, 12, 3],
        [1, 15, 5],
        [1, 9, 2],
        [1, 20, 7],
        [1, 14, 4],
        [1, 11, 2],
    ])
    let hours: [Double] = [30.5, 40.1, 22.8, 55.0, 36.9, 27.3]

    let fit = try QRLeastSquares(a, hours)
    let residualVariance = fit.residualSumOfSquares[0] / Double(fit.observations - a.columns)
    let covariance = try fit.unscaledCovariance()
    let standardErrors = (0..<a.columns).map { (residualVariance * covariance[$0, $0]).squareRoot() }
    return (fit.coefficients, standardErrors)
}

func minimumNormSolution(_ a: Matrix, _ y: [Double]) throws -> (solution: [Double], rank: Int) {
    let svd = try SVDLeastSquares(a, y)
    return (svd.coefficients, svd.rank)
}

func checkedFit(_ a: Matrix, _ y: [Double]) -> String {
    do {
        return "\(try QRLeastSquares(a, y).coefficients)"
    } catch let error as LinalgError {
        return "cannot fit: \(error)"   // e.g. "QR least squares: dimension mismatch: A has 6 rows, b has 3"
    } catch {
        return "cannot fit: \(error)"
    }
}

@Suite struct GettingStartedExamples {
    @Test func theLeastSquaresFitMatchesTheNormalEquationsAndHasStandardErrors() throws {
        let (beta, se) = try inspectionHoursModel()
        // The same fit by the SVD (full rank here, so the same unique solution).
        let a = try Matrix([[1, 12, 3], [1, 15, 5], [1, 9, 2], [1, 20, 7], [1, 14, 4], [1, 11, 2]])
        let y: [Double] = [30.5, 40.1, 22.8, 55.0, 36.9, 27.3]
        let svd = try minimumNormSolution(a, y)
        #expect(svd.rank == 3)
        for j in 0..<3 { #expect(abs(beta[j] - svd.solution[j]) <= 1e-9 * max(1, abs(beta[j]))) }
        #expect(se.count == 3 && se.allSatisfy { $0 > 0 && $0.isFinite })
    }

    @Test func aRankDeficientDesignGetsTheMinimumNormSolution() throws {
        // The third column is twice the second: rank 2.
        let a = try Matrix([[1, 1, 2], [1, 2, 4], [1, 3, 6], [1, 4, 8]])
        let (solution, rank) = try minimumNormSolution(a, [1, 2, 3, 4])
        #expect(rank == 2)
        // y = x exactly: β₁ + 2β₂ = 1 with the least norm, β₁ = 0.2, β₂ = 0.4, β₀ = 0.
        #expect(abs(solution[0]) < 1e-12 && abs(solution[1] - 0.2) < 1e-12 && abs(solution[2] - 0.4) < 1e-12)
    }

    @Test func badInputIsATypedErrorWithAMessage() throws {
        let a = try Matrix([[1, 12, 3], [1, 15, 5], [1, 9, 2], [1, 20, 7], [1, 14, 4], [1, 11, 2]])
        #expect(checkedFit(a, [1, 2, 3]) == "cannot fit: QR least squares: dimension mismatch: A has 6 rows, b has 3")
    }
}
