import Foundation

/// A fresh empty temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("worksafe-cli-\(UUID().uuidString)")
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
