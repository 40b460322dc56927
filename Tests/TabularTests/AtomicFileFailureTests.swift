import Foundation
import Testing
@testable import Tabular

/// `AtomicFile` on the failure paths: its temporary file is tracked for the interrupt handler
/// exactly while it exists, and a failed creation leaves nothing.
///
/// (`PendingTemporaryFiles.removeAll()` itself is exercised end to end by the CLI's interrupt
/// tests: called here it would remove other tests' files, as tests run in parallel.)
@Suite struct AtomicFileFailureTests {
    @Test func temporaryFileIsTrackedUntilCommit() throws {
        let folder = try temporaryFolder()
        let file = try AtomicFile(url: folder.appendingPathComponent("out.csv"))
        #expect(PendingTemporaryFiles.paths.contains(file.temporaryPath))
        try Array("a\n".utf8).withUnsafeBytes { try file.write($0) }
        try file.commit()
        #expect(!PendingTemporaryFiles.paths.contains(file.temporaryPath))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
    }

    @Test func temporaryFileIsTrackedUntilDiscardOrDeinit() throws {
        let folder = try temporaryFolder()
        var path = ""
        do {
            let file = try AtomicFile(url: folder.appendingPathComponent("out.csv"))
            path = file.temporaryPath
            #expect(PendingTemporaryFiles.paths.contains(path))
            try Array("partial".utf8).withUnsafeBytes { try file.write($0) }
        }   // dropped without commit
        #expect(!PendingTemporaryFiles.paths.contains(path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)

        let file = try AtomicFile(url: folder.appendingPathComponent("out.csv"))
        file.discard()
        file.discard()
        #expect(!PendingTemporaryFiles.paths.contains(file.temporaryPath))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func creatingInAMissingFolderThrowsAndTracksNothing() throws {
        let before = PendingTemporaryFiles.paths.filter { $0.contains("no-such-folder") }
        #expect(throws: TabularIOError.self) {
            _ = try AtomicFile(url: URL(fileURLWithPath: "/nonexistent/no-such-folder/out.csv"))
        }
        #expect(PendingTemporaryFiles.paths.filter { $0.contains("no-such-folder") } == before)
    }

    @Test func aFolderWhereTheDestinationShouldBeIsRefusedAndLeftAlone() throws {
        let folder = try temporaryFolder()
        let destination = folder.appendingPathComponent("out.csv")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: false)
        #expect(throws: TabularIOError.self) { _ = try AtomicFile(url: destination) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
        #expect(PendingTemporaryFiles.paths.filter { $0.hasPrefix(folder.path) }.isEmpty)
    }
}
