#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The temporary files of the `AtomicFile`s not yet committed or discarded, so that a signal
/// handler can remove them when the process is interrupted (SIGINT, SIGTERM): an interrupted
/// command then leaves no partial output behind, as a failed one does.
///
/// Each path is kept as a C string made when the file is created, in a fixed table allocated
/// once, so `removeAll()` needs nothing but `unlink(2)`, which is async-signal-safe.
public enum PendingTemporaryFiles {
    /// Most files open at once that the table tracks; beyond it files are not tracked (they are
    /// still removed on a normal failure, not on an interrupt).
    static let capacity = 256
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        p.initialize(repeating: nil, count: capacity)
        return p
    }()
    static let lock = NSLock()

    /// Makes the table; call before installing a signal handler that calls `removeAll()`, so
    /// the handler never runs the table's lazy initialisation.
    public static func prepare() { _ = slots }

    /// Tracks `path`; returns its slot for `unregister`, or -1 when the table is full.
    static func register(_ path: String) -> Int {
        let copy = strdup(path)
        lock.lock(); defer { lock.unlock() }
        for i in 0..<capacity where slots[i] == nil {
            slots[i] = copy
            return i
        }
        free(copy)
        return -1
    }

    /// Stops tracking the file in `slot` (no-op for -1).
    static func unregister(_ slot: Int) {
        guard slot >= 0 else { return }
        lock.lock()
        let p = slots[slot]
        slots[slot] = nil
        lock.unlock()
        free(p)
    }

    /// The paths tracked now (for tests).
    static var paths: [String] {
        lock.lock(); defer { lock.unlock() }
        return (0..<capacity).compactMap { slots[$0].map { String(cString: $0) } }
    }

    /// Removes every tracked temporary file. Async-signal-safe (only `unlink`, no allocation,
    /// no lock): meant for a signal handler that then exits. A file committed a moment before
    /// is no longer at its temporary path, so `unlink` fails harmlessly.
    public static func removeAll() {
        for i in 0..<capacity {
            if let p = slots[i] { unlink(p) }
        }
    }
}
