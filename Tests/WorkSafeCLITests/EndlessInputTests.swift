import Foundation
import Testing

/// An input that never ends stops the command with exit 65 and the file, line and column of the
/// record that passed the 16 MiB record limit, instead of filling the memory.
@Suite(.timeLimit(.minutes(2))) struct EndlessInputTests {
    static let limitMessage = "a record longer than 16 MiB (the limit)"

    /// A ledger folder whose other files are the sample's and whose enterprises.csv is `make`'s.
    static func ledger(_ make: (URL) throws -> Void) throws -> URL {
        let folder = try temporaryFolder()
        let sample = repositoryRoot.appendingPathComponent("notebooks-data/town-sample")
        for file in ["status.csv", "risk.csv", "risk_points.csv"] {
            try FileManager.default.copyItem(at: sample.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        try make(folder.appendingPathComponent("enterprises.csv"))
        return folder
    }

    @Test func enterprisesLinkedToDevZero() throws {
        guard FileManager.default.fileExists(atPath: "/dev/zero") else { return }
        let folder = try Self.ledger { try FileManager.default.createSymbolicLink(atPath: $0.path, withDestinationPath: "/dev/zero") }
        let r = try runWorksafe(["validate", "--data", folder.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("enterprises.csv:1:1: \(Self.limitMessage)"), "\(r.stderr)")
    }

    @Test func aPipeThatNeverEndsItsRecord() throws {
        let folder = try Self.ledger { url in
            guard mkfifo(url.path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
        let fifo = folder.appendingPathComponent("enterprises.csv").path
        // One writer for the whole stream: a header, a record that starts, and then its second
        // field forever (the writer dies of SIGPIPE once worksafe stops reading).
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "{ printf 'id,name\\n9135,'; yes x | tr -d '\\n'; } > '\(fifo)' 2>/dev/null"]
        try writer.run()
        defer { if writer.isRunning { writer.terminate() } }
        let r = try runWorksafe(["trend", "--data", folder.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("enterprises.csv:2:2: \(Self.limitMessage)"), "\(r.stderr)")
        writer.waitUntilExit()
    }

    @Test func aFeatureTableLinkedToDevZero() throws {
        guard FileManager.default.fileExists(atPath: "/dev/zero") else { return }
        let folder = try temporaryFolder()
        let features = folder.appendingPathComponent("features.csv")
        try FileManager.default.createSymbolicLink(atPath: features.path, withDestinationPath: "/dev/zero")
        let r = try runWorksafe(["cluster", "--features", features.path, "--k", "2"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("features.csv:1:1: \(Self.limitMessage)"), "\(r.stderr)")
    }
}
