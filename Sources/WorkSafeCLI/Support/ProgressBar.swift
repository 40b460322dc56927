#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (so logs and CI
/// output stay clean). Thread-safe: `update` may be called from worker threads.
final class ProgressBar: Sendable {
    private let label: String
    private let enabled: Bool
    private let lastDrawn = Mutex<Int>(-1)

    /// A bar for `label`; silent unless stderr is a terminal.
    init(label: String) {
        self.label = label
        self.enabled = isatty(2) == 1
    }

    /// Redraws the bar at `done` of `total` (at most once per percent).
    func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let percent = min(100, done * 100 / total)
        let draw = lastDrawn.withLock { last -> Bool in
            if percent == last { return false }
            last = percent
            return true
        }
        guard draw else { return }
        let width = 30, filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        Messages.raw("\r\(label) [\(bar)] \(percent)%")
    }

    /// Ends the line.
    func finish() {
        guard enabled else { return }
        Messages.raw("\n")
    }
}
