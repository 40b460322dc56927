/// A workbook that cannot be written or read.
public struct WorkbookError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The workbook's display name (`台账.xlsx`); empty when writing.
    public var file: String
    /// Where in it: a part (`xl/worksheets/sheet1.xml`), a sheet (`企业台账`) or a cell
    /// (`企业台账!C17`); empty for the whole file.
    public var location: String
    /// What went wrong, in plain words.
    public var message: String

    /// An error.
    public init(file: String, location: String = "", message: String) {
        self.file = file; self.location = location; self.message = message
    }

    /// A failure while writing.
    static func write(_ message: String) -> WorkbookError { WorkbookError(file: "", message: message) }

    /// `台账.xlsx: 企业台账!C17: message`.
    public var description: String {
        [file, location, message].filter { !$0.isEmpty }.joined(separator: ": ")
    }
}

/// The limits within which a workbook is read: what a hostile or broken file (a zip bomb, a
/// runaway shared-string table, a cell of gigabytes) runs into before it can exhaust memory
/// or time. Reading streams the worksheets, so memory is bounded by the shared strings plus
/// one row, whatever the sheet's size.
public struct WorkbookLimits: Hashable, Sendable {
    /// The most bytes one part may inflate to (a worksheet of 1,048,576 rows of ordinary
    /// ledger data is about 1.5 GB of XML).
    public var maximumPartBytes: Int64
    /// The most a part may inflate relative to its compressed size, checked once it has passed
    /// 1 MiB (ordinary worksheets compress 5–50×; deflate's own ceiling is about 1032×).
    public var maximumCompressionRatio: Int64
    /// The most bytes of the small parts read whole (workbook, relationships, styles).
    public var maximumSmallPartBytes: Int64
    /// The most text bytes, and entries, of the shared-string table (held in memory: about
    /// 8 bytes per entry on top of the text).
    public var maximumSharedStringBytes: Int
    public var maximumSharedStrings: Int
    /// The most bytes of one cell's text (Excel's limit is 32,767 characters) and of one row.
    public var maximumCellBytes: Int
    public var maximumRowBytes: Int

    /// The defaults: 4 GiB per part, ratio 500, 16 MiB per small part, 256 MiB and 16,777,216
    /// shared strings, 128 KiB per cell (32,767 four-byte characters), 16 MiB per row.
    public init(maximumPartBytes: Int64 = 4 << 30, maximumCompressionRatio: Int64 = 500,
                maximumSmallPartBytes: Int64 = 16 << 20, maximumSharedStringBytes: Int = 256 << 20,
                maximumSharedStrings: Int = 1 << 24, maximumCellBytes: Int = 4 * 32_767,
                maximumRowBytes: Int = 16 << 20) {
        self.maximumPartBytes = maximumPartBytes
        self.maximumCompressionRatio = maximumCompressionRatio
        self.maximumSmallPartBytes = maximumSmallPartBytes
        self.maximumSharedStringBytes = maximumSharedStringBytes
        self.maximumSharedStrings = maximumSharedStrings
        self.maximumCellBytes = maximumCellBytes
        self.maximumRowBytes = maximumRowBytes
    }
}
