import Foundation
import Tabular
import Testing
@testable import WorkSafe

/// `worksafe cluster --features` reads its table with the streaming numeric reader; the result,
/// and every error message, is the general reader's.
@Suite struct FeatureTableTests {
    static func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("features-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func outcome(_ read: () throws(CSVError) -> FeatureTable) -> Result<FeatureTable, CSVError> {
        Result { () throws(CSVError) in try read() }
    }

    static func same(_ a: Result<FeatureTable, CSVError>, _ b: Result<FeatureTable, CSVError>) -> Bool {
        switch (a, b) {
        case let (.success(x), .success(y)):
            return x.ids == y.ids && x.names == y.names && x.matrix.rows == y.matrix.rows
                && x.matrix.columns == y.matrix.columns
                && (0..<x.matrix.rows).allSatisfy { x.matrix.row($0).map(\.bitPattern) == y.matrix.row($0).map(\.bitPattern) }
        case let (.failure(x), .failure(y)): return x == y
        default: return false
        }
    }

    @Test(arguments: [
        "id,a,b\nx1,1,2\nx2,2.5,-3e-2\n\"x,3\",4,5\r\n",
        "id,a,b\nx1,1,2\nx2,,4\nx3,5,6\n",
        "id,a,b\nx1,1,2\nx2,3,4\nx3,5,NaN\n",
        "id,a,b\nx1,1,2\nx2,3,abc\nx3,5,6\n",
        "id,a,b\nx1,1,2\nx2,3\nx3,5,6\n",
        "id,a,b\nx1,1,2,9\n",
        "id\nx1\n",
        "id,a\n",
        "",
        "id,a\nx1,\"2\nx2,3\n",
        "id,a\nx1,inf\n",
        "id,a\n\"x\"1,2\n",
    ])
    func sameTableOrSameErrorAsTheGeneralReader(text: String) throws {
        let url = try Self.file(text)
        defer { try? FileManager.default.removeItem(at: url) }
        let fast = Self.outcome { () throws(CSVError) in try FeatureTable.read(contentsOf: url, displayName: "f.csv") }
        let general = Self.outcome { () throws(CSVError) in
            try FeatureTable.readWithTableReader(url, encoding: .auto, displayName: "f.csv")
        }
        #expect(Self.same(fast, general), "\(fast) vs \(general)")
    }

    @Test func readsIdsNamesAndRowMajorFeatures() throws {
        let url = try Self.file("id,f1,f2,f3\nE1,1,2,3\nE2,4,5,6\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let t = try FeatureTable.read(contentsOf: url)
        #expect(t.ids == ["E1", "E2"] && t.names == ["f1", "f2", "f3"])
        #expect(t.matrix.rows == 2 && t.matrix.columns == 3 && t.matrix.row(1) == [4, 5, 6])
    }
}
