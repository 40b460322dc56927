import Testing
@testable import Linalg

@Suite struct MatrixTests {
    @Test func rowMajorLayoutAndTranspose() throws {
        let m = try Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.elements == [1, 2, 3, 4, 5, 6])
        #expect(m[1, 0] == 4)
        #expect(m.transposed() == (try Matrix([[1, 4], [2, 5], [3, 6]])))
        #expect(m.row(1) == [4, 5, 6])
        #expect(m.column(2) == [3, 6])
    }

    @Test func raggedRowsAreADimensionError() {
        #expect(throws: LinalgError.self) { try Matrix([[1, 2], [3]]) }
        #expect(throws: LinalgError.self) { try Matrix(rows: 2, columns: 2, elements: [1, 2, 3]) }
    }

    @Test func copiesAreIndependent() throws {
        let a = try Matrix([[1, 2], [3, 4]])
        var b = a
        b[0, 0] = 99
        #expect(a[0, 0] == 1)
        #expect(b[0, 0] == 99)
    }
}
