#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// Failure without loss, end to end through the built `worksafe`: an unreadable input, an
/// unwritable or full destination, and an interrupted run each give a clear message, the
/// design's exit code (65 bad input data, 1 anything else, 128 + signal when interrupted) and
/// leave no output file — not even the hidden temporary file of the atomic write.
///
/// Tests run as root here, where file permissions do not stop reading or writing (chmod 000
/// is ignored), so the unreadable and unwritable cases use what stops root too: a folder where
/// a file should be, a path through a regular file (ENOTDIR), and a tiny tmpfs for a full disk.
/// The chmod 000 case runs only when the tests do not run as root.
@Suite struct CLIFailureTests {
    /// Everything in `folder`, hidden files included.
    static func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// A copy of a small simulated town in a fresh folder.
    static func town() throws -> URL { try simulatedTown(30, seed: 3) }

    // MARK: - Unreadable input

    @Test func aFolderInPlaceOfALedgerFileIsBadData() throws {
        let town = try Self.town()
        try FileManager.default.removeItem(at: town.appendingPathComponent("status.csv"))
        try FileManager.default.createDirectory(at: town.appendingPathComponent("status.csv"), withIntermediateDirectories: false)
        let outFolder = try temporaryFolder()
        let out = outFolder.appendingPathComponent("trend.csv")
        let r = try runWorksafe(["trend", "--data", town.path, "--output", out.path])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("status.csv") && r.stderr.contains("is a folder, not a file"), "\(r.stderr)")
        #expect(Self.contents(outFolder).isEmpty)
        #expect(r.stdout.isEmpty)
    }

    @Test func aDataPathThroughAFileIsBadData() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("plain.txt")
        try Data("x".utf8).write(to: file)
        let r = try runWorksafe(["validate", "--data", file.appendingPathComponent("town").path,
                                 "--output", folder.appendingPathComponent("findings.csv").path])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("no such folder"), "\(r.stderr)")
        #expect(Self.contents(folder) == ["plain.txt"])
    }

    @Test(.enabled(if: geteuid() != 0, "root reads files whatever their mode"))
    func aFileWithoutReadPermissionIsBadData() throws {
        let town = try Self.town()
        let status = town.appendingPathComponent("status.csv")
        chmod(status.path, 0)
        defer { chmod(status.path, 0o644) }
        let out = try temporaryFolder().appendingPathComponent("trend.csv")
        let r = try runWorksafe(["trend", "--data", town.path, "--output", out.path])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("status.csv") && r.stderr.contains("Permission denied"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    // MARK: - Unwritable destination

    @Test func anOutputPathThroughAFileFailsWithExit1() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("plain.txt")
        try Data("x".utf8).write(to: file)
        let r = try runWorksafe(["trend", "--output", file.appendingPathComponent("trend.csv").path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("cannot create a file") && r.stderr.contains("Not a directory"), "\(r.stderr)")
        #expect(Self.contents(folder) == ["plain.txt"])
        #expect(r.stdout.isEmpty)
    }

    @Test func anOutputUnderProcFailsWithExit1() throws {
        let r = try runWorksafe(["trend", "--output", "/proc/worksafe-trend.csv"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("worksafe: error:") && r.stderr.contains("cannot create a file in /proc"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/proc/worksafe-trend.csv"))
    }

    // MARK: - Full disk

    /// Whether a tmpfs can be mounted here (root in a container that allows it).
    static let canMountTmpfs: Bool = {
        guard let dir = try? temporaryFolder() else { return false }
        defer { try? FileManager.default.removeItem(at: dir) }
        guard mountTmpfs(dir) else { return false }
        umount(dir.path)
        return true
    }()

    static func mountTmpfs(_ dir: URL) -> Bool {
        mount("tmpfs", dir.path, "tmpfs", 0, "size=16k") == 0
    }

    /// A 16 KiB tmpfs, filled to the last byte when `full` is set.
    static func tinyDisk(full: Bool) throws -> URL {
        let dir = try temporaryFolder()
        try #require(mountTmpfs(dir), "mount tmpfs: \(String(cString: strerror(errno)))")
        if full {
            let fd = open(dir.appendingPathComponent("filler").path, O_WRONLY | O_CREAT, 0o644)
            var block = [UInt8](repeating: 0x78, count: 1024)
            while block.withUnsafeMutableBytes({ write(fd, $0.baseAddress!, 1024) }) > 0 {}
            close(fd)
        }
        return dir
    }

    @Test(.enabled(if: canMountTmpfs, "mounting a tmpfs is not permitted here: full-disk cases skipped"))
    func simulateOnAFullDiskLeavesNoFiles() throws {
        let disk = try Self.tinyDisk(full: false)
        defer { umount(disk.path) }
        let town = disk.appendingPathComponent("town")
        let r = try runWorksafe(["simulate", "--enterprises", "300", "--seed", "1", "--out", town.path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(Self.contents(town).isEmpty, "\(Self.contents(town))")
    }

    @Test(.enabled(if: canMountTmpfs, "mounting a tmpfs is not permitted here: full-disk cases skipped"))
    func trendOnAFullDiskLeavesNoFile() throws {
        let disk = try Self.tinyDisk(full: true)
        defer { umount(disk.path) }
        let r = try runWorksafe(["trend", "--by", "community", "--period", "month",
                                 "--output", disk.appendingPathComponent("trend.csv").path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("trend.csv") && r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(Self.contents(disk) == ["filler"], "\(Self.contents(disk))")
    }

    // MARK: - Interrupted run

    /// Starts `worksafe simulate` on a town far too big to finish, waits until its temporary
    /// files hold data, sends `signal`, and checks the exit status and that the folder is empty.
    func interruptSimulate(with signal: Int32) throws {
        let town = try temporaryFolder().appendingPathComponent("town")
        let process = Process()
        process.executableURL = worksafeExecutable()
        process.arguments = ["simulate", "--enterprises", "5000000", "--seed", "1", "--out", town.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait (up to 60 s) until a temporary file has been flushed to.
        var started = false
        for _ in 0..<600 where !started {
            usleep(100_000)
            started = Self.contents(town).contains { name in
                name.hasPrefix(".") && name.contains(".tmp-")
                    && ((try? FileManager.default.attributesOfItem(atPath: town.appendingPathComponent(name).path)[.size] as? Int) ?? 0) > 0
            }
        }
        #expect(started, "no temporary file appeared: \(Self.contents(town))")
        kill(process.processIdentifier, signal)
        // It must stop promptly; if it does not, stop it for good so the suite cannot hang.
        var waited = 0
        while process.isRunning && waited < 300 { usleep(100_000); waited += 1 }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        #expect(waited < 300, "worksafe did not stop within 30 s of the signal")
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + signal, "\(message)")
        #expect(message.contains("interrupted"), "\(message)")
        #expect(Self.contents(town).isEmpty, "left behind: \(Self.contents(town))")
    }

    @Test func anInterruptedSimulateLeavesNoPartialFiles() throws { try interruptSimulate(with: SIGINT) }

    @Test func aTerminatedSimulateLeavesNoPartialFiles() throws { try interruptSimulate(with: SIGTERM) }
}
