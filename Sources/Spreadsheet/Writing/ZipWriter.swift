#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tabular

/// Writes a ZIP archive (PKWARE APPNOTE 6.3) front to back into a `ByteSink`, which need not
/// be seekable: each entry's CRC-32 and sizes are known before its local header is written, so
/// no data descriptors are needed.
///
/// Every entry is deflated (method 8) and dated 1980-01-01 00:00 (the earliest DOS date), so the
/// same entries give the same bytes. ZIP64: an entry whose size, or whose offset in the archive,
/// reaches 4 GiB (`zip64Threshold`, lowered only in tests) gets ZIP64 extra fields in its local
/// header (sizes) and central directory entry (sizes, offset), and the archive then ends with a
/// ZIP64 end-of-central-directory record and locator before the classic record — what Excel,
/// LibreOffice, Python's `zipfile` and Info-ZIP read.
struct ZipWriter {
    private struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var compressed: UInt64
        var uncompressed: UInt64
        var offset: UInt64
    }

    private let sink: ByteSink
    private let threshold: UInt64
    private var entries: [Entry] = []
    /// Bytes written so far.
    private(set) var offset: UInt64 = 0
    private var pending: UInt64 = 0

    /// A writer into `sink`; values at or above `zip64Threshold` are written as ZIP64.
    init(sink: ByteSink, zip64Threshold: UInt64 = 0xFFFF_FFFF) {
        self.sink = sink
        threshold = min(zip64Threshold, 0xFFFF_FFFF)
    }

    /// The DOS time and date fields of 1980-01-01 00:00.
    static let dosTime: UInt16 = 0, dosDate: UInt16 = 0x21

    /// Writes the local header of an entry whose deflated data (`compressed` bytes, inflating to
    /// `uncompressed` with CRC-32 `crc`) the caller writes next with `write(_:)`.
    ///
    /// - Throws: `TabularIOError` from the sink.
    mutating func begin(_ name: String, crc: UInt32, compressed: UInt64, uncompressed: UInt64) throws {
        precondition(pending == 0, "the previous entry's data is incomplete")
        let entry = Entry(name: Array(name.utf8), crc: crc, compressed: compressed, uncompressed: uncompressed, offset: offset)
        let zip64 = compressed >= threshold || uncompressed >= threshold
        var h: [UInt8] = []
        h.reserveCapacity(64 + entry.name.count)
        Self.put32(&h, 0x0403_4B50)
        Self.put16(&h, zip64 ? 45 : 20)
        Self.put16(&h, 0)                       // flags
        Self.put16(&h, 8)                       // deflate
        Self.put16(&h, Self.dosTime)
        Self.put16(&h, Self.dosDate)
        Self.put32(&h, crc)
        Self.put32(&h, zip64 ? 0xFFFF_FFFF : UInt32(compressed))
        Self.put32(&h, zip64 ? 0xFFFF_FFFF : UInt32(uncompressed))
        Self.put16(&h, UInt16(entry.name.count))
        Self.put16(&h, zip64 ? 20 : 0)
        h.append(contentsOf: entry.name)
        if zip64 {
            Self.put16(&h, 1)
            Self.put16(&h, 16)
            Self.put64(&h, uncompressed)
            Self.put64(&h, compressed)
        }
        try emit(h)
        entries.append(entry)
        pending = compressed
    }

    /// Writes (part of) the current entry's data.
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        precondition(UInt64(bytes.count) <= pending, "more data than the entry's header declares")
        try sink.write(UnsafeRawBufferPointer(bytes))
        offset += UInt64(bytes.count)
        pending -= UInt64(bytes.count)
    }

    /// Writes the current entry's data.
    mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try write($0) }
    }

    /// Writes a whole entry: `bytes` deflated at `level`.
    mutating func add(_ name: String, _ bytes: [UInt8], level: Int32) throws {
        let (data, crc) = Deflater.whole(bytes, level: level)
        try begin(name, crc: crc, compressed: UInt64(data.count), uncompressed: UInt64(bytes.count))
        try write(data)
    }

    /// Writes the central directory and the end records.
    mutating func finish() throws {
        precondition(pending == 0, "the last entry's data is incomplete")
        let directoryOffset = offset
        for e in entries {
            var extra: [UInt8] = []
            if e.uncompressed >= threshold { Self.put64(&extra, e.uncompressed) }
            if e.compressed >= threshold { Self.put64(&extra, e.compressed) }
            if e.offset >= threshold { Self.put64(&extra, e.offset) }
            var h: [UInt8] = []
            Self.put32(&h, 0x0201_4B50)
            Self.put16(&h, extra.isEmpty ? 20 : 45)  // made by (MS-DOS, 2.0 or 4.5)
            Self.put16(&h, extra.isEmpty ? 20 : 45)  // needed
            Self.put16(&h, 0)
            Self.put16(&h, 8)
            Self.put16(&h, Self.dosTime)
            Self.put16(&h, Self.dosDate)
            Self.put32(&h, e.crc)
            Self.put32(&h, e.compressed >= threshold ? 0xFFFF_FFFF : UInt32(e.compressed))
            Self.put32(&h, e.uncompressed >= threshold ? 0xFFFF_FFFF : UInt32(e.uncompressed))
            Self.put16(&h, UInt16(e.name.count))
            Self.put16(&h, extra.isEmpty ? 0 : UInt16(4 + extra.count))
            Self.put16(&h, 0)                   // comment
            Self.put16(&h, 0)                   // disk
            Self.put16(&h, 0)                   // internal attributes
            Self.put32(&h, 0)                   // external attributes
            Self.put32(&h, e.offset >= threshold ? 0xFFFF_FFFF : UInt32(e.offset))
            h.append(contentsOf: e.name)
            if !extra.isEmpty {
                Self.put16(&h, 1)
                Self.put16(&h, UInt16(extra.count))
                h.append(contentsOf: extra)
            }
            try emit(h)
        }
        try emit(endRecords(directoryOffset: directoryOffset, directorySize: offset - directoryOffset))
    }

    /// The end of central directory record, preceded by the ZIP64 record and locator when a
    /// count, size or offset does not fit the classic record.
    private func endRecords(directoryOffset: UInt64, directorySize: UInt64) -> [UInt8] {
        let count = UInt64(entries.count)
        let zip64 = count >= 0xFFFF || directoryOffset >= threshold || directorySize >= threshold
        var t: [UInt8] = []
        if zip64 {
            let recordOffset = offset
            Self.put32(&t, 0x0606_4B50)
            Self.put64(&t, 44)                  // size of the rest of the record
            Self.put16(&t, 45)
            Self.put16(&t, 45)
            Self.put32(&t, 0)                   // this disk
            Self.put32(&t, 0)                   // the directory's disk
            Self.put64(&t, count)
            Self.put64(&t, count)
            Self.put64(&t, directorySize)
            Self.put64(&t, directoryOffset)
            Self.put32(&t, 0x0706_4B50)         // locator
            Self.put32(&t, 0)
            Self.put64(&t, recordOffset)
            Self.put32(&t, 1)                   // total disks
        }
        Self.put32(&t, 0x0605_4B50)
        Self.put16(&t, 0)
        Self.put16(&t, 0)
        Self.put16(&t, zip64 ? 0xFFFF : UInt16(count))
        Self.put16(&t, zip64 ? 0xFFFF : UInt16(count))
        Self.put32(&t, zip64 ? 0xFFFF_FFFF : UInt32(directorySize))
        Self.put32(&t, zip64 ? 0xFFFF_FFFF : UInt32(directoryOffset))
        Self.put16(&t, 0)                       // comment
        return t
    }

    private mutating func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try sink.write($0) }
        offset += UInt64(bytes.count)
    }

    static func put16(_ b: inout [UInt8], _ v: UInt16) { b.append(UInt8(v & 0xFF)); b.append(UInt8(v >> 8)) }
    static func put32(_ b: inout [UInt8], _ v: UInt32) { put16(&b, UInt16(v & 0xFFFF)); put16(&b, UInt16(v >> 16)) }
    static func put64(_ b: inout [UInt8], _ v: UInt64) { put32(&b, UInt32(v & 0xFFFF_FFFF)); put32(&b, UInt32(v >> 32)) }
}

/// A private scratch file: created in a folder and unlinked at once, so it disappears when
/// closed whatever happens; written at its end, read by offset.
final class ScratchFile {
    private let fd: Int32
    /// Bytes written.
    private(set) var size: UInt64 = 0

    /// A scratch file in `folder`.
    ///
    /// - Throws: `WorkbookError.write` when it cannot be created.
    init(folder: String) throws(WorkbookError) {
        var template = Array((folder + "/worksafe-workbook-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw WorkbookError.write("cannot create a scratch file in \(folder): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends `bytes`.
    func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(WorkbookError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(size) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw WorkbookError.write("cannot write the scratch file: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        size += UInt64(done)
    }

    /// Forgets everything from `offset` on.
    func truncate(to offset: UInt64) {
        size = offset
        _ = ftruncate(fd, off_t(offset))
    }

    /// Hands the bytes in `range` to `body`, in pieces of up to 1 MiB.
    func read(_ range: Range<UInt64>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 20)
        defer { buffer.deallocate() }
        var at = range.lowerBound
        while at < range.upperBound {
            let n = pread(fd, buffer, Int(min(1 << 20, range.upperBound - at)), off_t(at))
            if n < 0 {
                if errno == EINTR { continue }
                throw WorkbookError.write("cannot read the scratch file: \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw WorkbookError.write("the scratch file is cut short") }
            try body(UnsafeBufferPointer(start: buffer, count: n))
            at += UInt64(n)
        }
    }
}
