import Foundation
import Testing

/// `worksafe validate`, end to end through the built executable.
@Suite struct ValidateCommandTests {
    @Test func bundledSampleIsValidFromAnyFolder() throws {
        let r = try runWorksafe(["validate", "--today", "2026-11-29"], in: try temporaryFolder())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "file,line,column,enterprise_id,severity,rule,message\n")
        #expect(r.stderr.contains("0 error(s)") && r.stderr.contains("800 enterprise(s)"))
    }

    @Test func dirtyTownExits65WithAFindingForEveryDefect() throws {
        let town = try simulatedTown(250, seed: 5, dirty: true)
        let out = town.deletingLastPathComponent().appendingPathComponent("findings.csv")
        let r = try runWorksafe(["validate", "--data", town.path, "--output", out.path, "--today", "2026-11-29"])
        #expect(r.status == 65)
        let text = try String(contentsOf: out, encoding: .utf8)
        for rule in ["excel_mangled_number", "duplicate_id", "unknown_category", "invalid_date", "future_date",
                     "closed_before_opened", "unknown_enterprise", "score_out_of_range", "credit_code_check",
                     "invalid_number", "missing_value", "ragged_row", "negative_count", "invalid_period",
                     "inconsistent_counts", "duplicate_period", "status_before_opening", "status_after_closing"] {
            #expect(text.contains(",\(rule),"), "\(rule)")
        }
        #expect(r.stdout.isEmpty)
    }

    @Test func chineseHeadersAndExcelBOM() throws {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("f.csv")
        let r = try runWorksafe(["validate", "--lang", "zh", "--excel", "--output", out.path, "--today", "2026-11-29"])
        #expect(r.status == 0)
        let bytes = try Data(contentsOf: out)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self).hasPrefix("文件,行,列,统一社会信用代码"))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try runWorksafe(["validate", "--lang", "fr"]).status == 64)
        #expect(try runWorksafe(["validate", "--encoding", "latin1"]).status == 64)
        #expect(try runWorksafe(["validate", "--no-such-flag"]).status == 64)
    }

    @Test func unreadableDataExits65AndLeavesNoOutput() throws {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("findings.csv")
        let r = try runWorksafe(["validate", "--data", folder.appendingPathComponent("missing").path, "--output", out.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("no such folder"))
        #expect(try listing(folder).isEmpty)
        // A folder without status.csv.
        let partial = folder.appendingPathComponent("partial")
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        try "id,name,community,department,industry,size\n".write(to: partial.appendingPathComponent("enterprises.csv"), atomically: true, encoding: .utf8)
        let r2 = try runWorksafe(["validate", "--data", partial.path, "--output", out.path])
        #expect(r2.status == 65 && r2.stderr.contains("no status.csv"))
        #expect(try listing(folder) == ["partial"])
    }

    @Test func skipInvalidWritesRejectsWithReasons() throws {
        let town = try simulatedTown(120, seed: 9, dirty: true)
        let rejects = town.deletingLastPathComponent().appendingPathComponent("rejects.csv")
        let r = try runWorksafe(["validate", "--data", town.path, "--skip-invalid", "--rejects", rejects.path,
                                 "--output", town.deletingLastPathComponent().appendingPathComponent("findings.csv").path,
                                 "--today", "2026-11-29"])
        #expect(r.status == 65)
        let text = try String(contentsOf: rejects, encoding: .utf8)
        #expect(text.hasPrefix("file,line,enterprise_id,rule,reason,row\n"))
        #expect(text.contains("enterprises.csv") && text.contains("status.csv"))
    }
}
