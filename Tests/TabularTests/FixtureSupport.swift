import Foundation

/// The URL of a committed fixture.
func fixture(_ name: String) -> URL {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)")
}

/// The folder holding every temporary folder of this test process (`tabular-tests-PID` in the system's
/// temporary directory); removed with its contents when the process exits, so runs leave
/// nothing behind.
let testScratchRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tabular-tests-\(getpid())")
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
