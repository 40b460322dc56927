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
///
/// The destination is the target of the path's symbolic links (`OutputPath`): writing through
/// a link replaces the file it points to and leaves the link in place. A file replaced keeps
/// its permission bits. Only a new or regular file is ever replaced: a FIFO, a device or a
/// directory is refused (`OutputPath.open()` streams to FIFOs and character devices instead).
public final class AtomicFile: OutputSink {
    /// The destination path as given.
    public let path: String
    /// Where the file lands: the destination after following symbolic links.
    public let targetPath: String
    /// The temporary file's path (the target's folder, hidden name).
    public let temporaryPath: String
    private var fd: Int32
    private var finished = false
    private var flushed = false
    /// Where `PendingTemporaryFiles` tracks the temporary file until commit or discard.
    private var pendingSlot = -1

    /// Creates the temporary file next to the target of `url`.
    ///
    /// - Throws: `TabularIOError` when the folder does not exist or is not writable, or `url`
    ///   names something other than a regular file (a directory, FIFO, device, socket).
    public convenience init(url: URL) throws {
        try self.init(OutputPath(url.path))
    }

    /// Creates the temporary file next to `output.target`.
    ///
    /// - Throws: `TabularIOError` as `init(url:)`.
    public init(_ output: OutputPath) throws(TabularIOError) {
        path = output.path
        targetPath = output.target
        guard output.kind == .absent || output.kind == .regularFile else {
            throw TabularIOError(path: output.path, message: output.isStream
                ? "is a \(output.kind.rawValue); it is written in place, never replaced (use OutputPath.open())"
                : output.refusal)
        }
        let url = URL(fileURLWithPath: output.target)
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        // Keep the permission bits of a file being replaced.
        var existing = stat()
        let keptMode: mode_t? = output.kind == .regularFile && stat(output.target, &existing) == 0
            ? existing.st_mode & 0o7777 : nil
        var attempt = 0
        while true {
            let candidate = (folder.isEmpty ? "." : folder) + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 {
                if let keptMode { fchmod(fd, keptMode) }
                self.fd = fd; temporaryPath = candidate; pendingSlot = PendingTemporaryFiles.register(candidate); break
            }
            attempt += 1
            if Glibc.errno != EEXIST || attempt > 20 { throw TabularIOError.errno(output.path, "cannot create a file in \(folder)") }
        }
    }

    deinit { discard() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished, !flushed else { throw TabularIOError(path: path, message: "write after commit or discard") }
        do { try writeAll(fd: fd, bytes, path: path) } catch { discard(); throw error }
    }

    /// Flushes the data to disk and closes the temporary file (the first half of `commit()`).
    ///
    /// - Throws: `TabularIOError`; the temporary file is removed and the destination untouched.
    public func finishWriting() throws {
        guard !finished, !flushed else { return }
        if fsync(fd) != 0 && Glibc.errno != EINVAL {
            let e = TabularIOError.errno(path, "cannot flush"); discard(); throw e
        }
        if close(fd) != 0 { fd = -1; let e = TabularIOError.errno(path, "cannot close"); discard(); throw e }
        fd = -1
        flushed = true
    }

    /// Flushes the data to disk and renames the temporary file to the destination.
    ///
    /// - Throws: `TabularIOError`; the temporary file is removed and the destination untouched.
    public func commit() throws {
        guard !finished else { return }
        try finishWriting()
        if rename(temporaryPath, targetPath) != 0 {
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
