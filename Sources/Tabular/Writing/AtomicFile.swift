#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file written atomically: bytes go to a temporary file in the destination's folder, and
/// `commit()` renames it over the destination. Until then the destination is untouched; if
/// the writer is discarded (or deinitialised) without committing, the temporary file is
/// removed, so a failed command leaves no partial output behind. Until then the temporary
/// file is listed in `PendingTemporaryFiles`, for removal by a signal handler.
public final class AtomicFile: ByteSink {
    /// The destination path.
    public let path: String
    /// The temporary file's path (same folder, hidden name).
    public let temporaryPath: String
    private var fd: Int32
    private var finished = false
    /// Where `PendingTemporaryFiles` tracks the temporary file until commit or discard.
    private var pendingSlot = -1

    /// Creates the temporary file next to `url`.
    ///
    /// - Throws: `TabularIOError` when the folder does not exist or is not writable.
    public init(url: URL) throws {
        path = url.path
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var attempt = 0
        while true {
            let candidate = (folder.isEmpty ? "." : folder) + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { self.fd = fd; temporaryPath = candidate; pendingSlot = PendingTemporaryFiles.register(candidate); break }
            attempt += 1
            if Glibc.errno != EEXIST || attempt > 20 { throw TabularIOError.errno(url.path, "cannot create a file in \(folder)") }
        }
    }

    deinit { discard() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw TabularIOError(path: path, message: "write after commit or discard") }
        do { try writeAll(fd: fd, bytes, path: path) } catch { discard(); throw error }
    }

    /// Flushes the data to disk and renames the temporary file to the destination.
    ///
    /// - Throws: `TabularIOError`; the temporary file is removed and the destination untouched.
    public func commit() throws {
        guard !finished else { return }
        if fsync(fd) != 0 && Glibc.errno != EINVAL {
            let e = TabularIOError.errno(path, "cannot flush"); discard(); throw e
        }
        if close(fd) != 0 { fd = -1; let e = TabularIOError.errno(path, "cannot close"); discard(); throw e }
        fd = -1
        if rename(temporaryPath, path) != 0 {
            let e = TabularIOError.errno(path, "cannot rename the temporary file"); discard(); throw e
        }
        finished = true
        PendingTemporaryFiles.unregister(pendingSlot); pendingSlot = -1
    }

    /// Abandons the file: closes and removes the temporary file. Idempotent.
    public func discard() {
        guard !finished else { return }
        finished = true
        if fd >= 0 { close(fd); fd = -1 }
        unlink(temporaryPath)
        PendingTemporaryFiles.unregister(pendingSlot); pendingSlot = -1
    }
}
