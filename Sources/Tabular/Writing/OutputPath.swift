#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What an output path names, found before anything is written, so that writing it can never
/// destroy something that is not an output file.
///
/// Symbolic links are followed to their target (a dangling link names the file it points to,
/// which writing creates). What is there decides how it is written:
/// - nothing, or a regular file: replaced atomically (`AtomicFile`: a temporary file in the
///   target's folder renamed over the target), so the link stays a link;
/// - a FIFO or a character device (`/dev/null`, a terminal), and the descriptor links
///   `/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`: written in place (`StreamedFile`), never
///   replaced;
/// - a directory, a socket, a block device: refused (`isWritable` is false).
public struct OutputPath: Sendable, Hashable {
    /// What the path names once its links are followed.
    public enum Kind: String, Sendable, Hashable {
        /// Nothing yet: writing creates a file.
        case absent
        /// A regular file: writing replaces it atomically.
        case regularFile = "regular file"
        /// A named pipe: written in place.
        case fifo = "named pipe (FIFO)"
        /// A character device such as `/dev/null` or a terminal: written in place.
        case characterDevice = "character device"
        /// An open file descriptor of this process (`/dev/stdout`, `/dev/fd/1`): written in place.
        case descriptor = "open file descriptor"
        /// A directory: refused.
        case directory
        /// A socket: refused.
        case socket
        /// A block device (a disk): refused.
        case blockDevice = "block device"
        /// Anything else: refused.
        case other = "special file"
    }

    /// The path as given.
    public let path: String
    /// The path after following symbolic links: where the bytes land.
    public let target: String
    /// What is at `target`.
    public let kind: Kind
    /// Device and inode of what the path names, when it exists (to recognise hard links).
    public let fileID: FileID?

    /// A file's identity on this machine: equal for two names of the same file (hard links).
    public struct FileID: Sendable, Hashable {
        public let device: UInt64
        public let inode: UInt64
        /// An identity.
        public init(device: UInt64, inode: UInt64) { self.device = device; self.inode = inode }
    }

    /// Whether writing is allowed: not a directory, socket, block device or other special file.
    public var isWritable: Bool {
        switch kind {
        case .absent, .regularFile, .fifo, .characterDevice, .descriptor: true
        case .directory, .socket, .blockDevice, .other: false
        }
    }

    /// Whether the output is written in place as a stream (FIFO, character device, descriptor)
    /// rather than replaced atomically.
    public var isStream: Bool { kind == .fifo || kind == .characterDevice || kind == .descriptor }

    /// The target as an absolute path with its folder's links resolved, for comparing outputs
    /// with inputs and with each other: two paths naming the same file give the same string.
    public var canonicalTarget: String {
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        let resolvedFolder: String
        if let r = realpath(folder, nil) {
            resolvedFolder = String(cString: r)
            free(r)
        } else {
            resolvedFolder = url.deletingLastPathComponent().standardizedFileURL.path
        }
        return (resolvedFolder == "/" ? "" : resolvedFolder) + "/" + url.lastPathComponent
    }

    /// Inspects `path` (nothing is created or opened).
    ///
    /// - Throws: `TabularIOError` for a loop of symbolic links.
    public init(_ path: String) throws(TabularIOError) {
        self.path = path
        var current = path
        var hops = 0
        var kind: Kind? = nil
        while kind == nil {
            if Self.isDescriptorLink(current) { kind = .descriptor; break }
            var st = stat()
            guard lstat(current, &st) == 0 else { kind = .absent; break }
            if st.st_mode & S_IFMT == S_IFLNK {
                hops += 1
                guard hops <= 40 else {
                    throw TabularIOError(path: path, message: "too many levels of symbolic links")
                }
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let count = readlink(current, &buffer, buffer.count - 1)
                guard count > 0 else { kind = .absent; break }
                let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                current = link.hasPrefix("/")
                    ? link
                    : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(link).path
                continue
            }
            kind = Self.kind(mode: st.st_mode)
        }
        self.target = current
        self.kind = kind!
        var st = stat()
        fileID = stat(path, &st) == 0 ? FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) : nil
    }

    /// The kind of a file from its `st_mode` (not a link).
    static func kind(mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: .regularFile
        case S_IFDIR: .directory
        case S_IFIFO: .fifo
        case S_IFCHR: .characterDevice
        case S_IFSOCK: .socket
        case S_IFBLK: .blockDevice
        default: .other
        }
    }

    /// `/dev/fd/N`, `/proc/self/fd/N`, `/proc/PID/fd/N`: links to an open descriptor whose
    /// target is not a path one can replace (a pipe, a socket, or a file the shell opened).
    static func isDescriptorLink(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let last = parts.last, last.allSatisfy(\.isNumber) else { return false }
        if parts.count == 3, parts[0] == "dev", parts[1] == "fd" { return true }
        if parts.count == 4, parts[0] == "proc", parts[2] == "fd" { return true }
        return false
    }

    /// Opens the output for writing: an `AtomicFile` for a new or regular file, a `StreamedFile`
    /// for a FIFO, character device or descriptor.
    ///
    /// - Throws: `TabularIOError` when the path names a directory, socket or block device, or
    ///   the file cannot be created or opened.
    public func open() throws(TabularIOError) -> any OutputSink {
        switch kind {
        case .absent, .regularFile: return try AtomicFile(self)
        case .fifo, .characterDevice, .descriptor: return try StreamedFile(self)
        case .directory, .socket, .blockDevice, .other:
            throw TabularIOError(path: path, message: refusal)
        }
    }

    /// Why the path cannot be written (for a directory, socket, block device, other special file).
    public var refusal: String {
        let through = target == path ? "" : " (through a symbolic link to \(target))"
        return "is a \(kind.rawValue)\(through); an output must be a file, a named pipe or a character device such as /dev/null"
    }
}

/// An output being written: bytes go in, then `commit()` publishes it or `discard()` abandons it.
public protocol OutputSink: ByteSink {
    /// The path as given.
    var path: String { get }
    /// Flushes everything written to the device (for a file: to disk), so that `commit()`
    /// only has to publish. Idempotent.
    ///
    /// - Throws: `TabularIOError`; the output is then discarded.
    func finishWriting() throws
    /// Publishes the output (for a file: renames it into place).
    ///
    /// - Throws: `TabularIOError`; the output is then discarded.
    func commit() throws
    /// Abandons the output (for a file: removes the temporary file). Idempotent.
    func discard()
}

/// An output written in place: a FIFO, a character device (`/dev/null`, a terminal) or an open
/// descriptor (`/dev/stdout`). It is opened for writing without creating or truncating
/// anything, and bytes go out as they are written; `discard()` cannot take them back.
public final class StreamedFile: OutputSink {
    public let path: String
    private var fd: Int32

    /// Opens `output` (a FIFO blocks until a reader opens it, as with the shell's `>`).
    ///
    /// - Throws: `TabularIOError` when it cannot be opened.
    public init(_ output: OutputPath) throws(TabularIOError) {
        path = output.path
        fd = Glibc.open(output.path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        if fd < 0 { throw TabularIOError.errno(output.path, "cannot open for writing") }
    }

    deinit { discard() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard fd >= 0 else { throw TabularIOError(path: path, message: "write after commit or discard") }
        try writeAll(fd: fd, bytes, path: path)
    }

    public func finishWriting() throws {}

    /// Closes the stream.
    public func commit() throws {
        guard fd >= 0 else { return }
        let r = close(fd)
        fd = -1
        if r != 0 && Glibc.errno != EINTR { throw TabularIOError.errno(path, "cannot close") }
    }

    public func discard() {
        if fd >= 0 { close(fd); fd = -1 }
    }
}
