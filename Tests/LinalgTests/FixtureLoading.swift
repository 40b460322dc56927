import Foundation
@testable import Linalg

/// A matrix as the fixture scripts write it.
struct MatrixFixture: Decodable {
    var rows: Int
    var columns: Int
    var elements: [Double]
    var matrix: Matrix { try! Matrix(rows: rows, columns: columns, elements: elements) }
}

/// Decodes `Fixtures/<name>` of this test target.
func loadFixture<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
    let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// Whether `a` and `b` agree elementwise to `relative` tolerance (absolute near zero).
func close(_ a: [Double], _ b: [Double], relative: Double = 1e-12, absolute: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
        abs(x - y) <= max(absolute, relative * max(abs(x), abs(y)))
    }
}

func close(_ a: Matrix, _ b: Matrix, relative: Double = 1e-12, absolute: Double = 1e-12) -> Bool {
    a.rows == b.rows && a.columns == b.columns
        && close(a.elements, b.elements, relative: relative, absolute: absolute)
}

/// The number of significant digits to which `value` matches `reference`.
func significantDigits(_ value: Double, _ reference: Double) -> Double {
    if value == reference { return 17 }
    return -log10(abs(value - reference) / abs(reference))
}
