#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reading a whole file into `[UInt8]` with one allocation and no intermediate `Data`.
enum FileBytes {
    /// Opens the file at `path` for reading: its descriptor and its size (0 when not a
    /// regular file, e.g. a pipe).
    ///
    /// - Throws: `CSVError` (line 0, column 0) when the file cannot be opened or examined, or is
    ///   a folder.
    static func open(path: String, displayName: String) throws(CSVError) -> (descriptor: Int32, size: Int) {
        #if canImport(Glibc)
        let fd = Glibc.open(path, O_RDONLY)
        #else
        let fd = Darwin.open(path, O_RDONLY)
        #endif
        guard fd >= 0 else {
            throw CSVError(file: displayName, line: 0, column: 0,
                           message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw CSVError(file: displayName, line: 0, column: 0, message: "cannot stat \(path)")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw CSVError(file: displayName, line: 0, column: 0, message: "\(path) is a folder, not a file")
        }
        return (fd, (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0)
    }

    /// The bytes of the file at `path`.
    ///
    /// A regular file is read at its size. Anything else — a pipe, a device — is read in 64 KiB
    /// pieces while a `RecordLengthGuard` follows its records, so that an input that never ends
    /// stops once a record passes `recordLimit` bytes instead of filling the memory.
    ///
    /// - Throws: `CSVError` (line 0, column 0) when the file cannot be opened or read; the
    ///   `CSVRecordLimit` error (line and field of the record) when a record passes the limit.
    static func read(path: String, displayName: String, recordLimit: Int = CSVRecordLimit.bytes)
        throws(CSVError) -> [UInt8] {
        let (fd, size) = try open(path: path, displayName: displayName)
        defer { close(fd) }
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let r = Glibc.read(fd, buffer.baseAddress! + done, size - done)
                if r < 0 { if errno == EINTR { continue }; failure = errno; break }
                if r == 0 { break }
                done += r
            }
            count = done
        }
        if failure != 0 {
            throw CSVError(file: displayName, line: 0, column: 0,
                           message: "cannot read \(path): \(String(cString: strerror(failure)))")
        }
        // A file that grew while we read it (or a pipe): read the rest. Only input whose size
        // was not known is followed record by record.
        var limitGuard = size == 0 ? RecordLengthGuard(limit: recordLimit) : nil
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let r = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, 65536) }
            if r < 0 && errno == EINTR { continue }
            if r <= 0 { break }
            if limitGuard != nil {
                let offset = bytes.count
                try chunk.withUnsafeBufferPointer { (p) throws(CSVError) in
                    try limitGuard!.feed(UnsafeBufferPointer(rebasing: p[0..<r]), at: offset, file: displayName)
                }
            }
            bytes.append(contentsOf: chunk[0..<r])
        }
        return bytes
    }
}
