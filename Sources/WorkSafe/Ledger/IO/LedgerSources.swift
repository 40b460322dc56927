import Foundation
import Spreadsheet
import Tabular

extension LedgerFile {
    /// The file's name without extension (`enterprises`), also the English sheet name.
    public var stem: String { String(rawValue.dropLast(4)) }

    /// The sheet names (English and Chinese) under which a workbook may hold this table,
    /// compared after `CSVSchema.normalize` (case, spaces, `_` and `-` ignored).
    public var sheetAliases: [String] {
        switch self {
        case .enterprises: ["enterprises", "enterprise", "企业台账", "企业", "企业名单", "企业信息"]
        case .status: ["status", "状态", "状态变更", "状态记录", "标准化状态"]
        case .risk: ["risk", "风险", "季度风险", "风险台账", "季度风险数据"]
        case .riskPoints: ["risk_points", "risk points", "风险点", "风险点台账", "风险点清单"]
        }
    }

    /// The Chinese sheet name used when worksafe writes this table (`企业台账`).
    public var chineseSheetName: String { sheetAliases[2] }
}

/// Where each table of a ledger folder comes from: a CSV file (`status.csv`), a workbook of
/// its own (`status.xlsx`: the sheet named like the table, else its first sheet), or a sheet
/// of any workbook in the folder named like the table in English or Chinese
/// (`LedgerFile.sheetAliases`: 企业台账, 状态, 风险, 风险点, …).
///
/// A table found in two places (`status.csv` and `status.xlsx`, or sheets of two workbooks) is
/// refused rather than guessed. Excel's lock files (`~$…`) and hidden files are ignored.
struct LedgerSources {
    let folder: URL
    let encoding: TextEncoding
    /// The workbooks of the folder, opened once, by file name.
    private var workbooks: [String: Workbook] = [:]
    private let workbookNames: [String]

    /// Lists the folder's workbooks (they are opened when a table is looked for in them).
    init(folder: URL, encoding: TextEncoding) {
        self.folder = folder
        self.encoding = encoding
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        workbookNames = names.filter {
            $0.lowercased().hasSuffix(".xlsx") && !$0.hasPrefix("~$") && !$0.hasPrefix(".")
        }.sorted()
    }

    private mutating func workbook(_ name: String) throws(DataError) -> Workbook {
        if let book = workbooks[name] { return book }
        do throws(WorkbookError) {
            let book = try Workbook(path: folder.appendingPathComponent(name).path, displayName: name)
            workbooks[name] = book
            return book
        } catch { throw .other(error.description) }
    }

    /// The sheet of `book` named like `file`'s table, if any.
    private static func matchingSheet(_ book: Workbook, _ file: LedgerFile) -> Workbook.Sheet? {
        let names = Set(file.sheetAliases.map(CSVSchema.normalize))
        return book.sheets.first { names.contains(CSVSchema.normalize($0.name)) }
    }

    /// The rows of `file`'s table, or `nil` when the folder does not have it.
    ///
    /// - Throws: `DataError` when the table is in two places, a workbook cannot be opened or its
    ///   sheet read up to the header, or a CSV file cannot be decoded.
    mutating func source(for file: LedgerFile) throws(DataError) -> (any TableRowSource)? {
        let csv = folder.appendingPathComponent(file.rawValue)
        let ownBook = file.stem + ".xlsx"
        var places: [(name: String, sheet: Workbook.Sheet?)] = []
        if FileManager.default.fileExists(atPath: csv.path) { places.append((file.rawValue, nil)) }
        for name in workbookNames {
            let isOwn = name.lowercased() == ownBook
            let book = try workbook(name)
            if let sheet = Self.matchingSheet(book, file) {
                places.append((name, sheet))
            } else if isOwn, let first = book.sheets.first(where: { !$0.isHidden }) ?? book.sheets.first {
                places.append((name, first))
            }
        }
        guard let place = places.first else { return nil }
        if places.count > 1 {
            let list = places.map { place in place.sheet.map { "\(place.name) (sheet \($0.name))" } ?? place.name }
            throw .other("\(folder.path): the \(file.stem) table is in more than one place: \(list.joined(separator: ", ")); keep one")
        }
        guard let sheet = place.sheet else {
            do throws(CSVError) { return try CSVRowStream(contentsOf: csv, encoding: encoding) } catch { throw .csv(error) }
        }
        let book = try workbook(place.name)
        do throws(WorkbookError) { return try book.rows(of: sheet) } catch { throw .other(error.description) }
    }
}

extension LedgerReader {
    /// Reads and validates the tables of one workbook held in memory: each table is the sheet
    /// named like it (`LedgerFile.sheetAliases`). Used by the fuzz harness.
    ///
    /// - Throws: `DataError` when the workbook cannot be opened or read, or lacks the
    ///   enterprises or status sheet.
    public static func read(workbook bytes: [UInt8], name: String = "ledger.xlsx",
                            options: LedgerReadOptions = LedgerReadOptions()) throws(DataError) -> LedgerReadResult {
        let book: Workbook
        do throws(WorkbookError) { book = try Workbook(bytes: bytes, displayName: name) } catch { throw .other(error.description) }
        return try read(options: options) { file throws(DataError) -> (any TableRowSource)? in
            let names = Set(file.sheetAliases.map(CSVSchema.normalize))
            guard let sheet = book.sheets.first(where: { names.contains(CSVSchema.normalize($0.name)) }) else {
                if file == .risk || file == .riskPoints { return nil }
                throw .missingFile(folder: name, file: file.stem)
            }
            do throws(WorkbookError) { return try book.rows(of: sheet) } catch { throw .other(error.description) }
        }
    }
}
