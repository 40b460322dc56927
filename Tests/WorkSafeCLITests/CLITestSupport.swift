import Foundation

/// The folder holding every temporary folder of this test process (`worksafe-cli-PID` in the system's
/// temporary directory); removed with its contents when the process exits, so runs leave
/// nothing behind.
let testScratchRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("worksafe-cli-\(getpid())")
    try? FileManager.default.removeItem(at: url)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testScratchRoot) }
    return url
}()

/// A fresh empty temporary folder (under `testScratchRoot`).
func temporaryFolder() throws -> URL {
    let url = testScratchRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The repository root.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs `worksafe simulate` into a new folder and returns it.
func simulatedTown(_ n: Int, seed: Int, dirty: Bool = false) throws -> URL {
    let folder = try temporaryFolder().appendingPathComponent("town")
    let r = try runWorksafe(["simulate", "--enterprises", "\(n)", "--seed", "\(seed)", "--out", folder.path]
                            + (dirty ? ["--dirty"] : []))
    precondition(r.status == 0, r.stderr)
    return folder
}

/// The file names in a folder, sorted.
func listing(_ folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
}
