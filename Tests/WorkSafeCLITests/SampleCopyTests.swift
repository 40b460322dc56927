import Foundation
import Testing

/// The executable embeds a copy of notebooks-data/town-sample (SwiftPM copies symlinks as
/// links); `scripts/sync-sample.sh` refreshes it. The two must be identical.
@Suite struct SampleCopyTests {
    @Test func embeddedSampleEqualsTheCanonicalOne() throws {
        let canonical = repositoryRoot.appendingPathComponent("notebooks-data/town-sample")
        let embedded = repositoryRoot.appendingPathComponent("Sources/WorkSafeCLI/Resources/town-sample")
        #expect(try listing(canonical) == listing(embedded))
        for name in try listing(canonical) {
            #expect(try Data(contentsOf: canonical.appendingPathComponent(name)) == Data(contentsOf: embedded.appendingPathComponent(name)),
                    "\(name) differs: run scripts/sync-sample.sh")
        }
    }
}
