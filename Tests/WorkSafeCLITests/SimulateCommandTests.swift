import Foundation
import Testing

/// `worksafe simulate`, end to end.
@Suite struct SimulateCommandTests {
    @Test func sameSeedGivesIdenticalFiles() throws {
        let a = try simulatedTown(60, seed: 3), b = try simulatedTown(60, seed: 3), c = try simulatedTown(60, seed: 4)
        #expect(try listing(a) == ["enterprises.csv", "risk.csv", "risk_points.csv", "status.csv"])
        for name in try listing(a) {
            #expect(try Data(contentsOf: a.appendingPathComponent(name)) == Data(contentsOf: b.appendingPathComponent(name)))
        }
        #expect(try Data(contentsOf: a.appendingPathComponent("status.csv")) != Data(contentsOf: c.appendingPathComponent("status.csv")))
    }

    @Test func bundledSampleIsReproducedByItsScriptSettings() throws {
        let folder = try temporaryFolder()
        let r = try runWorksafe(["simulate", "--enterprises", "800", "--seed", "20230101", "--start", "2023-01-01",
                                 "--end", "2026-09-30", "--out", folder.path])
        #expect(r.status == 0)
        let sample = repositoryRoot.appendingPathComponent("notebooks-data/town-sample")
        for name in try listing(sample) {
            #expect(try Data(contentsOf: folder.appendingPathComponent(name)) == Data(contentsOf: sample.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test func usageErrorsExit64() throws {
        #expect(try runWorksafe(["simulate", "--enterprises", "10", "--seed", "1"]).status == 64)   // no --out
        #expect(try runWorksafe(["simulate", "--enterprises", "0", "--seed", "1", "--out", "x"]).status == 64)
        #expect(try runWorksafe(["simulate", "--enterprises", "5", "--seed", "1", "--out", "x", "--start", "2023-02-30"]).status == 64)
        #expect(try runWorksafe(["simulate", "--enterprises", "5", "--seed", "1", "--out", "x", "--start", "2026-01-01", "--end", "2025-01-01"]).status == 64)
    }

    @Test func unwritableOutputFailsWithoutPartialFiles() throws {
        let folder = try temporaryFolder()
        let blocker = folder.appendingPathComponent("file")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let r = try runWorksafe(["simulate", "--enterprises", "5", "--seed", "1", "--out", blocker.appendingPathComponent("town").path])
        #expect(r.status == 1)
        #expect(try listing(folder) == ["file"])
    }

    @Test func chineseHeadersWithBOMValidate() throws {
        let folder = try temporaryFolder().appendingPathComponent("zh")
        #expect(try runWorksafe(["simulate", "--enterprises", "40", "--seed", "2", "--lang", "zh", "--excel", "--out", folder.path]).status == 0)
        let head = try Data(contentsOf: folder.appendingPathComponent("enterprises.csv")).prefix(40)
        #expect(Array(head.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: head.dropFirst(3), as: UTF8.self).hasPrefix("统一社会信用代码,企业名称"))
        #expect(try runWorksafe(["validate", "--data", folder.path, "--today", "2026-11-29"]).status == 0)
    }
}
