#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a streaming reader's bytes come from: a file read with `read(2)`, or bytes in memory.
protocol ByteChunkSource {
    /// The total number of bytes when known in advance (a regular file's size), for capacity
    /// estimates; `nil` when unknown (a pipe).
    var sizeHint: Int? { get }

    /// Reads up to `count` bytes into `buffer`; returns how many, 0 at the end.
    ///
    /// - Throws: `CSVError` (line 0, column 0) when the read fails.
    mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(CSVError) -> Int
}

/// A file read in chunks with `read(2)`, so that its bytes never need to be in memory at once.
///
/// The caller closes it with `close()` when done.
struct FileByteChunks: ByteChunkSource {
    let descriptor: Int32
    let path: String
    let displayName: String
    let sizeHint: Int?

    /// Opens the file at `path` for reading.
    ///
    /// - Throws: `CSVError` (line 0, column 0) when the file cannot be opened, is a folder, or
    ///   cannot be examined; the messages are those of `FileBytes.read`.
    init(path: String, displayName: String) throws(CSVError) {
        let (fd, size) = try FileBytes.open(path: path, displayName: displayName)
        descriptor = fd
        self.path = path
        self.displayName = displayName
        sizeHint = size > 0 ? size : nil
    }

    mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(CSVError) -> Int {
        while true {
            #if canImport(Glibc)
            let r = Glibc.read(descriptor, buffer, count)
            #else
            let r = Darwin.read(descriptor, buffer, count)
            #endif
            if r >= 0 { return r }
            if errno == EINTR { continue }
            throw CSVError(file: displayName, line: 0, column: 0,
                           message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Closes the file.
    func close() {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }
}

/// Bytes already in memory, handed out in chunks like a file's.
struct MemoryByteChunks: ByteChunkSource {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var sizeHint: Int? { bytes.count }

    mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(CSVError) -> Int {
        let n = min(count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { src in
            buffer.update(from: src.baseAddress! + position, count: n)
        }
        position += n
        return n
    }
}
