import Foundation
import Testing

/// End-to-end tests run the built `worksafe` executable, as a user would.
@Suite struct VersionTests {
    @Test func versionAndHelpWork() throws {
        let version = try runWorksafe(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try runWorksafe(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: worksafe"))
    }
}
