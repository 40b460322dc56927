#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// A read-only ZIP archive (the container of an .xlsx package): the central directory, and
/// each entry streamed through a raw inflate with the limits of `WorkbookLimits`.
///
/// Supported: stored and deflated entries, ZIP64 sizes and offsets, UTF-8 or CP437 names (only
/// ASCII names are looked up; OOXML part names are ASCII). Refused with a message: encrypted
/// entries, other compression methods, multi-disk archives, entries whose data lies outside
/// the file. Every entry is checked against its CRC-32 and declared size once read.
///
/// Why not a general ZIP library: reading must end with an error on any input — a deflate
/// stream that does not end before its data does is an error here (`truncated`), where
/// ZIPFoundation 0.9.20's Linux inflate loop asks its reader for more bytes forever
/// (`Tests/SpreadsheetTests/Fixtures/unterminated-deflate.zip` hangs it; it reads a stored
/// block cut short) — and the inflated bytes go straight to the sheet parser in large chunks.
final class ZipArchive {
    /// One entry of the central directory.
    struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    /// Where the archive's bytes come from.
    enum Source {
        case file(Int32)
        case memory([UInt8])
    }

    /// Why an archive or entry cannot be read (the location is filled in by the caller).
    struct Failure: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    let source: Source
    let size: UInt64
    private(set) var entries: [Entry] = []
    private var byName: [String: Int] = [:]
    /// The most entries accepted (an .xlsx has a few dozen).
    static let maximumEntries = 65_536
    /// The size of the read and inflate buffers.
    static let chunkSize = 1 << 18

    /// Opens the archive at `path`.
    ///
    /// - Throws: `Failure` when the file cannot be opened or is not a ZIP archive.
    convenience init(path: String) throws(Failure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure("cannot open: \(String(cString: strerror(errno)))") }
        var st = stat()
        guard fstat(fd, &st) == 0 else { close(fd); throw Failure("cannot read: \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { close(fd); throw Failure("not a regular file") }
        try self.init(source: .file(fd), size: UInt64(st.st_size))
    }

    /// An archive held in memory.
    convenience init(bytes: [UInt8]) throws(Failure) {
        try self.init(source: .memory(bytes), size: UInt64(bytes.count))
    }

    private init(source: Source, size: UInt64) throws(Failure) {
        self.source = source
        self.size = size
        do throws(Failure) { try readDirectory() } catch {
            if case .file(let fd) = source { close(fd) }
            throw error
        }
    }

    deinit { if case .file(let fd) = source { close(fd) } }

    /// The entry named `name` (compared ignoring ASCII case, as OOXML part names are).
    func entry(_ name: String) -> Entry? { byName[Self.key(name)].map { entries[$0] } }

    static func key(_ name: String) -> String { String(name.lowercased().drop { $0 == "/" }) }

    // MARK: - Raw reads

    /// Reads `count` bytes at `offset` into `buffer` (from its start).
    private func read(at offset: UInt64, count: Int, into buffer: UnsafeMutableRawPointer) throws(Failure) {
        guard offset <= size, UInt64(count) <= size - offset else { throw Failure("the archive is cut short") }
        switch source {
        case .memory(let bytes):
            bytes.withUnsafeBytes { raw in buffer.copyMemory(from: raw.baseAddress! + Int(offset), byteCount: count) }
        case .file(let fd):
            var done = 0
            while done < count {
                let n = pread(fd, buffer + done, count - done, off_t(offset) + off_t(done))
                if n < 0 { if errno == EINTR { continue }; throw Failure("cannot read: \(String(cString: strerror(errno)))") }
                if n == 0 { throw Failure("the archive is cut short") }
                done += n
            }
        }
    }

    private func bytes(at offset: UInt64, count: Int) throws(Failure) -> [UInt8] {
        guard count > 0 else { return [] }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 1)
        defer { buffer.deallocate() }
        try read(at: offset, count: count, into: buffer)
        return Array(UnsafeRawBufferPointer(start: buffer, count: count))
    }

    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    private static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }

    // MARK: - Central directory

    private func readDirectory() throws(Failure) {
        guard size >= 22 else { throw Failure(Self.notAZip(try bytes(at: 0, count: Int(size)))) }
        let tailCount = Int(min(size, 22 + 65_535))
        let tail = try bytes(at: size - UInt64(tailCount), count: tailCount)
        var eocd = -1
        var i = tailCount - 22
        while i >= 0 {
            if tail[i] == 0x50 && tail[i + 1] == 0x4B && tail[i + 2] == 0x05 && tail[i + 3] == 0x06
                && i + 22 + Int(Self.u16(tail, i + 20)) <= tailCount {
                eocd = i; break
            }
            i -= 1
        }
        guard eocd >= 0 else { throw Failure(Self.notAZip(try bytes(at: 0, count: min(8, Int(size))))) }
        let eocdOffset = size - UInt64(tailCount) + UInt64(eocd)
        if Self.u16(tail, eocd + 4) != 0 || Self.u16(tail, eocd + 6) != 0 {
            throw Failure("a multi-part (spanned) ZIP archive is not supported")
        }
        var count = UInt64(Self.u16(tail, eocd + 10))
        var directorySize = UInt64(Self.u32(tail, eocd + 12))
        var directoryOffset = UInt64(Self.u32(tail, eocd + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF, eocdOffset >= 20 {
            let locator = try bytes(at: eocdOffset - 20, count: 20)
            if Self.u32(locator, 0) == 0x0706_4B50 {
                let record = try bytes(at: Self.u64(locator, 8), count: 56)
                guard Self.u32(record, 0) == 0x0606_4B50 else { throw Failure("a damaged ZIP64 directory record") }
                count = Self.u64(record, 32)
                directorySize = Self.u64(record, 40)
                directoryOffset = Self.u64(record, 48)
            }
        }
        guard count <= UInt64(Self.maximumEntries) else { throw Failure("\(count) entries: too many for a workbook") }
        guard directoryOffset <= size, directorySize <= size - directoryOffset, directorySize <= 64 << 20 else {
            throw Failure("the central directory lies outside the file (the archive is damaged or cut short)")
        }
        let directory = try bytes(at: directoryOffset, count: Int(directorySize))
        var p = 0
        for _ in 0..<count {
            guard p + 46 <= directory.count, Self.u32(directory, p) == 0x0201_4B50 else {
                throw Failure("a damaged central directory entry")
            }
            let nameLength = Int(Self.u16(directory, p + 28)), extraLength = Int(Self.u16(directory, p + 30))
            let commentLength = Int(Self.u16(directory, p + 32))
            guard p + 46 + nameLength + extraLength + commentLength <= directory.count else {
                throw Failure("a damaged central directory entry")
            }
            var entry = Entry(
                name: String(decoding: directory[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self),
                method: Self.u16(directory, p + 10), flags: Self.u16(directory, p + 8),
                crc32: Self.u32(directory, p + 16),
                compressedSize: UInt64(Self.u32(directory, p + 20)),
                uncompressedSize: UInt64(Self.u32(directory, p + 24)),
                localHeaderOffset: UInt64(Self.u32(directory, p + 42)))
            // ZIP64 extra field: the 8-byte values of the fields that hold 0xFFFFFFFF, in order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = Self.u16(directory, e), length = Int(Self.u16(directory, e + 2))
                guard e + 4 + length <= extraEnd else { break }
                if id == 0x0001 {
                    var f = e + 4
                    let end = f + length
                    if entry.uncompressedSize == 0xFFFF_FFFF, f + 8 <= end { entry.uncompressedSize = Self.u64(directory, f); f += 8 }
                    if entry.compressedSize == 0xFFFF_FFFF, f + 8 <= end { entry.compressedSize = Self.u64(directory, f); f += 8 }
                    if entry.localHeaderOffset == 0xFFFF_FFFF, f + 8 <= end { entry.localHeaderOffset = Self.u64(directory, f) }
                }
                e += 4 + length
            }
            let key = Self.key(entry.name)
            if byName[key] == nil { byName[key] = entries.count }
            entries.append(entry)
            p += 46 + nameLength + extraLength + commentLength
        }
    }

    /// What a file that is not a ZIP archive probably is.
    static func notAZip(_ head: [UInt8]) -> String {
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return "not an .xlsx file: an old-format .xls workbook (Excel 97–2003) or a password-protected one; save it as .xlsx without a password"
        }
        return "not an .xlsx file (no ZIP archive inside)"
    }

    // MARK: - Reading an entry

    /// Streams the bytes of `entry` to `consumer`, in chunks of up to `chunkSize`.
    ///
    /// - Throws: `Failure` for an encrypted entry, an unsupported method, data outside the
    ///   file, a stream that is corrupt or cut short, more output than `maximumBytes` or than
    ///   `maximumRatio` times the compressed size (once past 1 MiB), a size or CRC-32 that does
    ///   not match the directory; and whatever `consumer` throws (as is).
    func read(_ entry: Entry, maximumBytes: Int64, maximumRatio: Int64,
              _ consumer: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        if entry.flags & 1 != 0 { throw Failure("\(entry.name) is encrypted") }
        let header = try bytes(at: entry.localHeaderOffset, count: 30)
        guard Self.u32(header, 0) == 0x0403_4B50 else { throw Failure("\(entry.name): damaged local header") }
        let dataOffset = entry.localHeaderOffset + 30 + UInt64(Self.u16(header, 26)) + UInt64(Self.u16(header, 28))
        guard dataOffset <= size, entry.compressedSize <= size - dataOffset else {
            throw Failure("\(entry.name): its data lies outside the file (the archive is cut short)")
        }
        let limit = UInt64(maximumBytes)
        func checkGrowth(_ produced: UInt64) throws(Failure) {
            if produced > limit {
                throw Failure("\(entry.name) inflates to more than \(limit) bytes (limit; a zip bomb or not a workbook)")
            }
            if produced > 1 << 20, produced / max(entry.compressedSize, 1) > UInt64(maximumRatio) {
                throw Failure("\(entry.name) inflates more than \(maximumRatio) times its compressed size (\(entry.compressedSize) bytes; a zip bomb?)")
            }
        }
        var crc = crc32(0, nil, 0)
        var produced: UInt64 = 0
        // Buffers allocated once, so zlib's pointers into them stay valid between calls.
        let input = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.chunkSize)
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.chunkSize)
        defer { input.deallocate(); output.deallocate() }
        func emit(_ chunk: UnsafeMutablePointer<UInt8>, _ n: Int) throws {
            produced += UInt64(n)
            try checkGrowth(produced)
            crc = crc32(crc, chunk, uInt(n))
            try consumer(UnsafeBufferPointer(start: chunk, count: n))
        }
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw Failure("\(entry.name): stored sizes disagree") }
            var offset: UInt64 = 0
            while offset < entry.compressedSize {
                let n = Int(min(UInt64(Self.chunkSize), entry.compressedSize - offset))
                try read(at: dataOffset + offset, count: n, into: input)
                offset += UInt64(n)
                try emit(input, n)
            }
        case 8:
            try inflateData(entry, at: dataOffset, input: input, output: output, emit)
        default:
            throw Failure("\(entry.name): compression method \(entry.method) is not supported (only stored and deflate)")
        }
        if produced != entry.uncompressedSize {
            throw Failure("\(entry.name): \(produced) bytes inflated but the directory says \(entry.uncompressedSize)")
        }
        if UInt32(crc) != entry.crc32 {
            throw Failure("\(entry.name): CRC-32 mismatch (the file is damaged)")
        }
    }

    /// Inflates the raw deflate data of `entry` at `offset` in chunks of up to `chunkSize`
    /// (`input` and `output` are buffers of that size), handing each inflated chunk to `emit`.
    ///
    /// - Throws: `Failure` when zlib cannot start, the data is corrupt, or the compressed data
    ///   ends before the stream does; and whatever `emit` throws.
    private func inflateData(_ entry: Entry, at offset: UInt64, input: UnsafeMutablePointer<UInt8>,
                             output: UnsafeMutablePointer<UInt8>,
                             _ emit: (UnsafeMutablePointer<UInt8>, Int) throws -> Void) throws {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var consumed: UInt64 = 0
        var ended = false
        while !ended {
            if stream.avail_in == 0 {
                guard consumed < entry.compressedSize else {
                    throw Failure("\(entry.name): the compressed data ends before the stream does (damaged or cut short)")
                }
                let n = Int(min(UInt64(Self.chunkSize), entry.compressedSize - consumed))
                try read(at: offset + consumed, count: n, into: input)
                consumed += UInt64(n)
                stream.next_in = input
                stream.avail_in = uInt(n)
            }
            stream.next_out = output
            stream.avail_out = uInt(Self.chunkSize)
            let status = inflate(&stream, Z_NO_FLUSH)
            let count = Self.chunkSize - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END: ended = true
            case Z_OK, Z_BUF_ERROR: break
            default:
                throw Failure("\(entry.name): corrupt compressed data (\(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"))")
            }
            if count > 0 {
                try emit(output, count)
            } else if status == Z_BUF_ERROR && stream.avail_in > 0 {
                throw Failure("\(entry.name): corrupt compressed data (no progress)")
            }
        }
    }
}
