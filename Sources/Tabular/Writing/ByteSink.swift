#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where written bytes go: an atomic file, standard output, or memory.
public protocol ByteSink: AnyObject {
    /// Writes all of `bytes`.
    ///
    /// - Throws: `TabularIOError` on an I/O failure.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// An I/O failure while writing output.
public struct TabularIOError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path involved (`-` for standard output).
    public var path: String
    /// What failed.
    public var message: String

    /// An error.
    public init(path: String, message: String) { self.path = path; self.message = message }

    /// `out.csv: cannot create ...: No such file or directory`.
    public var description: String { "\(path): \(message)" }

    static func errno(_ path: String, _ what: String) -> TabularIOError {
        TabularIOError(path: path, message: "\(what): \(String(cString: strerror(Glibc.errno)))")
    }
}

/// Standard output (file descriptor 1), unbuffered beyond the caller's own buffering.
public final class StandardOutputSink: ByteSink {
    /// Standard output.
    public init() {}

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(fd: 1, bytes, path: "-")
    }
}

/// Bytes collected in memory (tests, small outputs).
public final class MemorySink: ByteSink {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty sink.
    public init() {}

    public func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes.append(contentsOf: bytes) }

    /// The bytes as UTF-8 text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

func writeAll(fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
    guard var p = bytes.baseAddress else { return }
    var left = bytes.count
    while left > 0 {
        let r = Glibc.write(fd, p, left)
        if r < 0 {
            if Glibc.errno == EINTR { continue }
            throw TabularIOError.errno(path, "cannot write")
        }
        p += r
        left -= r
    }
}
