import Foundation

/// The result of one run of the `worksafe` executable.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The built `worksafe` executable, next to the test bundle in the build folder.
func worksafeExecutable() -> URL {
    var dir = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("worksafe")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    // Fall back to the debug build folder relative to this source file.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/worksafe")
}

/// Runs `worksafe` with `arguments`, optionally in `directory` and with `environment` added to
/// (or, for `nil` values, removed from) the test's own, and captures its output.
func runWorksafe(_ arguments: [String], in directory: URL? = nil,
                 environment: [String: String?] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = worksafeExecutable()
    process.arguments = arguments
    if !environment.isEmpty {
        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        process.environment = merged
    }
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting so a large output cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus,
                     stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}
