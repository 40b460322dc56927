#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// What an output path may destroy, end to end (issue 19, items 1–3 and 6): writing goes
/// through symbolic links to their target, streams to FIFOs and devices without replacing
/// them, refuses directories and sockets, never touches an input file, and publishes a
/// command's outputs all together or not at all.
@Suite struct OutputSafetyTests {
    static func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    static func isCharacterDevice(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFCHR
    }

    // MARK: - Item 1: symbolic links, FIFOs, devices, special files

    @Test func anOutputThroughASymlinkReplacesTheTargetAndKeepsTheLink() throws {
        let folder = try temporaryFolder()
        let target = folder.appendingPathComponent("target.csv")
        try Data("old\n".utf8).write(to: target)
        chmod(target.path, 0o640)
        let link = folder.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target.csv")
        let r = try runWorksafe(["trend", "--output", link.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "target.csv")
        let text = try String(contentsOf: target, encoding: .utf8)
        #expect(text.hasPrefix("grouping,unit,period_end"))
        var st = stat()
        #expect(stat(target.path, &st) == 0 && st.st_mode & 0o777 == 0o640, "the replaced file keeps its mode")
        #expect(Self.contents(folder) == ["link.csv", "target.csv"])
    }

    @Test func aDanglingSymlinkCreatesItsTarget() throws {
        let folder = try temporaryFolder()
        let link = folder.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "made.csv")
        let r = try runWorksafe(["trend", "--output", link.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.contents(folder) == ["link.csv", "made.csv"])
        #expect(try String(contentsOf: link, encoding: .utf8).hasPrefix("grouping,"))
    }

    @Test func devNullAndDevStdoutAreWrittenInPlaceNeverReplaced() throws {
        let r = try runWorksafe(["trend", "--output", "/dev/null"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(Self.isCharacterDevice("/dev/null"))
        let s = try runWorksafe(["trend", "--output", "/dev/stdout"])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.hasPrefix("grouping,unit,period_end"))
        var st = stat()
        #expect(lstat("/dev/stdout", &st) == 0 && st.st_mode & S_IFMT == S_IFLNK, "/dev/stdout is still a link")
        // Several outputs may share /dev/null.
        let c = try runWorksafe(["cluster", "--output", "/dev/null", "--crosstab", "/dev/null", "--summary", "/dev/null"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(Self.isCharacterDevice("/dev/null"))
    }

    @Test func aFIFOIsStreamedTo() throws {
        let folder = try temporaryFolder()
        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        // A reader on the other end, collecting what arrives.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo.path]
        let out = Pipe()
        reader.standardOutput = out
        try reader.run()
        let r = try runWorksafe(["trend", "--output", fifo.path])
        let received = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(received.hasPrefix("grouping,unit,period_end"))
        var st = stat()
        #expect(lstat(fifo.path, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
        #expect(Self.contents(folder) == ["pipe"])
    }

    @Test func aDirectoryOrASocketIsRefusedWithExit64() throws {
        let folder = try temporaryFolder()
        let r = try runWorksafe(["trend", "--output", folder.path])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--output") && r.stderr.contains("is a directory"), "\(r.stderr)")
        // A Unix socket bound in the folder.
        let socketPath = folder.appendingPathComponent("s.sock").path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in socketPath.utf8.enumerated() where i < raw.count - 1 { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        let s = try runWorksafe(["trend", "--output", socketPath])
        #expect(s.status == 64, "\(s.stderr)")
        #expect(s.stderr.contains("is a socket"), "\(s.stderr)")
        #expect(Self.contents(folder) == ["s.sock"])
    }

    // MARK: - Item 2: outputs that are inputs, or each other

    @Test func anOutputOnALedgerFileIsRefusedBeforeReading() throws {
        let town = try simulatedTown(30, seed: 5)
        let status = town.appendingPathComponent("status.csv")
        let before = try Data(contentsOf: status)
        let r = try runWorksafe(["trend", "--data", town.path, "--output", status.path])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("is the input file") && r.stderr.contains("status.csv"), "\(r.stderr)")
        #expect(try Data(contentsOf: status) == before)
        // Through a symbolic link, and through a hard link.
        let elsewhere = try temporaryFolder()
        let link = elsewhere.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: status.path)
        let hard = elsewhere.appendingPathComponent("hard.csv")
        try FileManager.default.linkItem(at: status, to: hard)
        for path in [link.path, hard.path] {
            let x = try runWorksafe(["validate", "--data", town.path, "--output", path])
            #expect(x.status == 64, "\(path): \(x.stderr)")
            #expect(try Data(contentsOf: status) == before)
        }
        // A file the ledger does not have yet would become part of it.
        let y = try runWorksafe(["trend", "--data", town.path, "--output", town.appendingPathComponent("risk_points.csv").path])
        if FileManager.default.fileExists(atPath: town.appendingPathComponent("risk_points.csv").path) {
            #expect(y.status == 64)
        }
        // Rules and feature files are inputs too.
        let rules = elsewhere.appendingPathComponent("rules.json")
        try Data("{}".utf8).write(to: rules)
        let z = try runWorksafe(["assess", "--year", "2024", "--rules", rules.path, "--output", rules.path])
        #expect(z.status == 64, "\(z.stderr)")
        #expect(try String(contentsOf: rules, encoding: .utf8) == "{}")
    }

    @Test func twoOutputsOnOneFileAreRefused() throws {
        let folder = try temporaryFolder()
        let x = folder.appendingPathComponent("x.csv").path
        let r = try runWorksafe(["validate", "--skip-invalid", "--rejects", x, "--output", x])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("both write to the same file"), "\(r.stderr)")
        let s = try runWorksafe(["cluster", "--summary", "-"])
        #expect(s.status == 64, "\(s.stderr)")
        #expect(s.stderr.contains("standard output"), "\(s.stderr)")
        #expect(Self.contents(folder).isEmpty)
    }

    // MARK: - Item 3: all outputs or none

    @Test func aFailingSecondOutputPublishesNoneOfThem() throws {
        let folder = try temporaryFolder()
        let main = folder.appendingPathComponent("assess.csv")
        // --vetoes in a folder that does not exist: the run fails, and assess.csv never appears.
        let r = try runWorksafe(["assess", "--year", "2024", "--output", main.path,
                                 "--vetoes", folder.appendingPathComponent("missing/vetoes.csv").path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(Self.contents(folder).isEmpty, "\(Self.contents(folder))")
        // The same for cluster --crosstab, and with an existing main output left as it was.
        try Data("previous\n".utf8).write(to: main)
        let c = try runWorksafe(["cluster", "--output", main.path, "--summary", folder.appendingPathComponent("s.json").path,
                                 "--crosstab", folder.appendingPathComponent("missing/x.csv").path])
        #expect(c.status == 1, "\(c.stderr)")
        #expect(try String(contentsOf: main, encoding: .utf8) == "previous\n")
        #expect(Self.contents(folder) == ["assess.csv"])
    }

    @Test(.enabled(if: CLIFailureTests.canMountTmpfs, "mounting a tmpfs is not permitted here"))
    func aSecondOutputOnAFullDiskPublishesNoneOfThem() throws {
        let disk = try CLIFailureTests.tinyDisk(full: true)
        defer { umount(disk.path) }
        let folder = try temporaryFolder()
        let main = folder.appendingPathComponent("scores.csv")
        let r = try runWorksafe(["assess", "--year", "2024", "--output", main.path,
                                 "--vetoes", disk.appendingPathComponent("vetoes.csv").path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(Self.contents(folder).isEmpty)
        #expect(CLIFailureTests.contents(disk) == ["filler"])
    }

    // MARK: - Item 6: the rejects file is always rewritten

    @Test func aCleanRunRewritesAStaleRejectsFile() throws {
        let folder = try temporaryFolder()
        let rejects = folder.appendingPathComponent("rejects.csv")
        try Data("stale,rows\n1,2\n".utf8).write(to: rejects)
        for command in [["validate"], ["trend"], ["grade"]] {
            try Data("stale,rows\n1,2\n".utf8).write(to: rejects)
            let r = try runWorksafe(command + ["--skip-invalid", "--rejects", rejects.path,
                                               "--output", folder.appendingPathComponent("out.csv").path])
            #expect(r.status == 0, "\(command): \(r.stderr)")
            let text = try String(contentsOf: rejects, encoding: .utf8)
            #expect(text.split(separator: "\n").count == 1, "\(command): header only, got \(text)")
            #expect(text.hasPrefix("file,line"), "\(text)")
        }
    }
}

/// Runs last in name order among the CLI suites is not guaranteed, so this checks the device
/// after a run of every command that writes, as root would have replaced it.
@Suite struct DevNullSurvivesTests {
    @Test func devNullIsStillACharacterDeviceAfterEveryCommandWritesToIt() throws {
        let commands: [[String]] = [
            ["validate"], ["trend"], ["grade"], ["cluster", "--crosstab", "/dev/null", "--summary", "/dev/null"],
            ["assess", "--year", "2024", "--vetoes", "/dev/null"], ["assess", "--print-rules"], ["grade", "--print-rules"],
            ["validate", "--skip-invalid", "--rejects", "/dev/null"], ["forecast", "--as-of", "2024-06-30", "--scenarios", "20"],
            ["backtest", "--origins", "2024-06-30", "--scenarios", "20", "--reliability", "/dev/null", "--records", "/dev/null"],
        ]
        for c in commands {
            let r = try runWorksafe(c + ["--output", "/dev/null"])
            #expect(r.status == 0, "\(c): \(r.stderr)")
            #expect(OutputSafetyTests.isCharacterDevice("/dev/null"), "after \(c)")
        }
    }
}
