import Foundation
import Testing
@testable import WorkSafeCLI
import WorkSafe

/// The shared loading policy every analysis command gets from `DataOptions.loadLedger()`.
@Suite struct DataOptionsTests {
    @Test func invalidLedgerRefusesWithFindings() throws {
        let town = try simulatedTown(120, seed: 9, dirty: true)
        let options = try DataOptions.parse(["--data", town.path, "--today", "2026-11-29"])
        #expect {
            try options.loadLedger()
        } throws: { error in
            guard case DataError.invalidLedger(let findings) = error else { return false }
            return findings.contains { $0.rule == .duplicateID }
        }
    }

    @Test func skipInvalidReturnsAcceptedRowsAndWritesRejects() throws {
        let town = try simulatedTown(120, seed: 9, dirty: true)
        let rejects = town.deletingLastPathComponent().appendingPathComponent("r.csv")
        let options = try DataOptions.parse(["--data", town.path, "--skip-invalid", "--rejects", rejects.path,
                                             "--today", "2026-11-29"])
        let ledger = try options.loadLedger()
        #expect(ledger.enterprises.count < 121 && ledger.enterprises.count > 100)
        #expect(FileManager.default.fileExists(atPath: rejects.path))
    }

    @Test func defaultDataIsTheBundledSample() throws {
        let options = try DataOptions.parse(["--today", "2026-11-29"])
        #expect(try options.loadLedger().enterprises.count == 800)
    }
}
