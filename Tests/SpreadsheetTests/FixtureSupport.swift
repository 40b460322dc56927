import Foundation

/// The path of a fixture of this test target.
func fixturePath(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
}

/// The bytes of a fixture.
func fixtureBytes(_ name: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: fixturePath(name))!)
}

/// A fresh temporary folder.
func temporaryFolder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("spreadsheet-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
