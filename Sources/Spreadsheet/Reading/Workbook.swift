/// An Excel workbook (.xlsx) opened for reading: its worksheets by name, its date system, its
/// shared strings and the styles that mark dates; each worksheet is then streamed
/// (`WorksheetRowSource`).
///
/// Opening reads the package's small parts whole (`_rels/.rels`, the workbook part and its
/// relationships, `styles.xml`) and the shared-string table; worksheets are inflated and
/// parsed only when their rows are read, one chunk at a time. Every read respects
/// `WorkbookLimits`, so a zip bomb, a runaway shared-string table or a malformed part ends in a
/// `WorkbookError` that names the file and the part, within bounded memory.
public final class Workbook {
    /// One worksheet.
    public struct Sheet: Hashable, Sendable {
        /// The sheet's name as Excel shows it on its tab.
        public var name: String
        /// The part holding it (`xl/worksheets/sheet1.xml`).
        public var part: String
        /// Whether the sheet is hidden.
        public var isHidden: Bool
    }

    /// The display name used in errors (`台账.xlsx`).
    public let file: String
    /// The worksheets in tab order (chart sheets and macro sheets are left out).
    public private(set) var sheets: [Sheet] = []
    /// The date system (1904 when the workbook says `date1904`).
    public private(set) var dateSystem: ExcelDate.System = .excel1900
    /// The limits in force.
    public let limits: WorkbookLimits

    let archive: ZipArchive
    private(set) var styles = CellStyles()
    private(set) var sharedStrings = SharedStrings()

    /// Opens the workbook at `path`.
    ///
    /// - Throws: `WorkbookError` when the file is not an .xlsx workbook (an old .xls, a password-
    ///   protected file, not a ZIP archive), a part is missing or malformed, or a limit is hit.
    public convenience init(path: String, displayName: String? = nil, limits: WorkbookLimits = WorkbookLimits()) throws(WorkbookError) {
        let name = displayName ?? String(path.split(separator: "/").last ?? Substring(path))
        let archive: ZipArchive
        do { archive = try ZipArchive(path: path) } catch { throw WorkbookError(file: name, message: error.message) }
        try self.init(archive: archive, file: name, limits: limits)
    }

    /// Opens a workbook held in memory.
    ///
    /// - Throws: `WorkbookError` as `init(path:displayName:limits:)`.
    public convenience init(bytes: [UInt8], displayName: String, limits: WorkbookLimits = WorkbookLimits()) throws(WorkbookError) {
        let archive: ZipArchive
        do { archive = try ZipArchive(bytes: bytes) } catch { throw WorkbookError(file: displayName, message: error.message) }
        try self.init(archive: archive, file: displayName, limits: limits)
    }

    private init(archive: ZipArchive, file: String, limits: WorkbookLimits) throws(WorkbookError) {
        self.archive = archive
        self.file = file
        self.limits = limits
        try open()
    }

    /// The sheet whose name is `name` (ignoring case), if any.
    public func sheet(named name: String) -> Sheet? {
        sheets.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The rows of `sheet`: its first non-blank row is the header.
    ///
    /// - Throws: `WorkbookError` when the sheet cannot be read up to its header.
    public func rows(of sheet: Sheet) throws(WorkbookError) -> WorksheetRowSource {
        try WorksheetRowSource(workbook: self, sheet: sheet)
    }

    // MARK: - Parts

    /// The bytes of a small part, or `nil` when the package has no such part.
    func smallPart(_ name: String) throws(WorkbookError) -> [UInt8]? {
        guard let entry = archive.entry(name) else { return nil }
        var out: [UInt8] = []
        do {
            try archive.read(entry, maximumBytes: limits.maximumSmallPartBytes, maximumRatio: limits.maximumCompressionRatio) {
                out.append(contentsOf: $0)
            }
        } catch let failure as ZipArchive.Failure {
            throw WorkbookError(file: file, location: name, message: failure.message)
        } catch {
            throw WorkbookError(file: file, location: name, message: "\(error)")
        }
        return out
    }

    /// Streams a part to `consumer`.
    func stream(_ name: String, _ consumer: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard let entry = archive.entry(name) else {
            throw WorkbookError(file: file, location: name, message: "the part is missing from the package")
        }
        try archive.read(entry, maximumBytes: limits.maximumPartBytes, maximumRatio: limits.maximumCompressionRatio, consumer)
    }

    /// The start tags of a small XML part: local name and attributes (decoded), in order.
    func elements(_ name: String, _ bytes: [UInt8]) throws(WorkbookError) -> [(name: String, attributes: [String: String])] {
        var out: [(name: String, attributes: [String: String])] = []
        do throws(XMLFailure) {
            try bytes.withUnsafeBufferPointer { (b) throws(XMLFailure) in
                try XMLTokenizer.forEachTag(in: b) { (token) throws(XMLFailure) in
                    guard case .start(let n, let a, _) = token else { return }
                    var attributes: [String: String] = [:]
                    try XMLTokenizer.attributes(b, a) { (k, v) throws(XMLFailure) in
                        var value: [UInt8] = []
                        try XMLTokenizer.appendDecoded(b, v, to: &value, ooxmlEscapes: false)
                        attributes[String(decoding: UnsafeBufferPointer(rebasing: b[k]), as: UTF8.self)] = String(decoding: value, as: UTF8.self)
                    }
                    out.append((String(decoding: UnsafeBufferPointer(rebasing: b[n]), as: UTF8.self), attributes))
                }
            }
        } catch {
            throw WorkbookError(file: file, location: name, message: error.message)
        }
        return out
    }

    /// Relationship id → (type, resolved target part) of the part `source` (`xl/workbook.xml`).
    func relationships(of source: String) throws(WorkbookError) -> [String: (type: String, target: String)] {
        let folder = source.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let relsName = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (source.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        guard let bytes = try smallPart(relsName) else { return [:] }
        var out: [String: (type: String, target: String)] = [:]
        for element in try elements(relsName, bytes) where element.name == "Relationship" {
            guard let id = element.attributes["Id"], let target = element.attributes["Target"],
                  element.attributes["TargetMode"] != "External" else { continue }
            out[id] = (element.attributes["Type"] ?? "", Self.resolve(target, from: folder))
        }
        return out
    }

    /// A relationship target made a part name: absolute (`/xl/…`) or relative to `folder`, with
    /// `.` and `..` resolved.
    static func resolve(_ target: String, from folder: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for piece in target.split(separator: "/") {
            if piece == "." { continue }
            if piece == ".." { _ = parts.popLast(); continue }
            parts.append(piece)
        }
        return parts.joined(separator: "/")
    }

    private func open() throws(WorkbookError) {
        // The workbook part: from the package relationships, else the usual name.
        var workbookPart = "xl/workbook.xml"
        for (_, rel) in try relationships(of: "") where rel.type.hasSuffix("/officeDocument") {
            workbookPart = rel.target
        }
        guard let workbookBytes = try smallPart(workbookPart) else {
            throw WorkbookError(file: file, message: "not an Excel workbook (no \(workbookPart) in the package)")
        }
        let rels = try relationships(of: workbookPart)
        for element in try elements(workbookPart, workbookBytes) {
            switch element.name {
            case "workbookPr":
                let flag = element.attributes["date1904"]?.lowercased()
                if flag == "1" || flag == "true" { dateSystem = .excel1904 }
            case "sheet":
                guard let name = element.attributes["name"], let id = element.attributes["id"],
                      let rel = rels[id], rel.type.hasSuffix("/worksheet") else { continue }
                let state = element.attributes["state"] ?? "visible"
                sheets.append(Sheet(name: name, part: rel.target, isHidden: state != "visible"))
            default: break
            }
        }
        if let stylesPart = rels.values.first(where: { $0.type.hasSuffix("/styles") })?.target,
           let bytes = try smallPart(stylesPart) {
            do throws(XMLFailure) { styles = try CellStyles.parse(bytes) } catch {
                throw WorkbookError(file: file, location: stylesPart, message: error.message)
            }
        }
        if let stringsPart = rels.values.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target,
           archive.entry(stringsPart) != nil {
            do {
                sharedStrings = try SharedStrings.load(limits: limits) { consumer in try stream(stringsPart, consumer) }
            } catch let failure as XMLFailure {
                throw WorkbookError(file: file, location: stringsPart, message: failure.message)
            } catch let failure as ZipArchive.Failure {
                throw WorkbookError(file: file, location: stringsPart, message: failure.message)
            } catch let error as WorkbookError {
                throw error
            } catch {
                throw WorkbookError(file: file, location: stringsPart, message: "\(error)")
            }
        }
    }
}
