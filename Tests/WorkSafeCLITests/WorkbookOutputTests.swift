import Foundation
import Spreadsheet
import Tabular
import Testing

/// Whether `program` runs (`program --version` or the like exits 0).
func runs(_ arguments: [String]) -> Bool {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}

/// Runs a program, returning its status and output.
func run(_ arguments: [String], in directory: URL? = nil) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    if let directory { p.currentDirectoryURL = directory }
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `--output FILE.xlsx` for every command: the workbook holds the same table as the CSV.
@Suite struct WorkbookOutputTests {
    static let today = ["--today", "2026-11-29"]
    static let commands: [(String, [String])] = [
        ("trend", ["trend", "--by", "community", "--fit", "logistic"]),
        ("benchmarks", ["trend", "--view", "benchmarks"]),
        ("forecast", ["forecast", "--as-of", "2024-09-30", "--scenarios", "100"]),
        ("grade", ["grade"]),
        ("bulletin", ["assess", "--quarter", "2024Q3", "--scenarios", "100"]),
        ("annual", ["assess", "--year", "2023"]),
        ("clusters", ["cluster", "--k", "3", "--n-init", "2"]),
        ("findings", ["validate"]),
    ]

    /// The rows of a workbook's first sheet, header first, as text.
    func sheetText(_ path: String) throws -> [[String]] {
        let book = try Workbook(path: path)
        let source = try book.rows(of: book.sheets[0])
        var out = [source.header]
        try source.forEachRow { row in out.append(Array(row.fields.prefix(source.header.count))) }
        return out
    }

    /// CSV text as rows of fields (formula guard undone).
    func csvText(_ text: String) throws -> [[String]] {
        let table = try CSVReader.parse(bytes: Array(text.utf8), file: "stdout")
        var out = [table.header]
        for r in 0..<table.rowCount {
            out.append((0..<table.header.count).map { c in
                var s = table.string(row: r, column: c)
                if s.count >= 2, s.first == "'", let second = s.dropFirst().first, "=+-@".contains(second) { s.removeFirst() }
                return s
            })
        }
        return out
    }

    @Test(arguments: ["en", "zh"])
    func everyCommandWritesAWorkbookHoldingItsCSVTable(_ lang: String) throws {
        let folder = try temporaryFolder()
        for (name, args) in Self.commands {
            let csv = try runWorksafe(args + Self.today + ["--lang", lang])
            #expect(csv.status == 0, "\(name): \(csv.stderr)")
            let path = folder.appendingPathComponent("\(name)-\(lang).xlsx").path
            let book = try runWorksafe(args + Self.today + ["--lang", lang, "--output", path])
            #expect(book.status == 0, "\(name): \(book.stderr)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(Array(bytes.prefix(2)) == [0x50, 0x4B], "\(name): not a zip")
            let fromBook = try sheetText(path), fromCSV = try csvText(csv.stdout)
            #expect(fromBook.count == fromCSV.count, "\(name) \(lang)")
            for (a, b) in zip(fromBook, fromCSV) where a != b.map({ $0 }) {
                // Full-precision numbers keep 16 significant digits in a workbook.
                let close = a.count == b.count && zip(a, b).allSatisfy { x, y in
                    x == y || (Double(x).flatMap { dx in Double(y).map { abs(dx - $0) <= 1e-15 * max(1, abs($0)) } } ?? false)
                }
                #expect(close, "\(name) \(lang): \(a) vs \(b)")
            }
        }
    }

    @Test func aWorkbookNameNeverGetsCSVAndOtherSpreadsheetNamesAreRefused() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("g.XLSX").path
        #expect(try runWorksafe(["grade", "--output", path]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(2) == Data([0x50, 0x4B]))
        for ext in ["xls", "xlsm", "ods"] {
            let r = try runWorksafe(["grade", "--output", folder.appendingPathComponent("g.\(ext)").path])
            #expect(r.status == 64)
            #expect(r.stderr.contains("writes .xlsx workbooks or CSV"))
        }
        #expect(try listing(folder) == ["g.XLSX"])
    }

    @Test func theReportWorkbookHoldsEveryTableBehindTheReport() throws {
        let folder = try temporaryFolder()
        let html = folder.appendingPathComponent("r.html").path, book = folder.appendingPathComponent("r.xlsx").path
        let r = try runWorksafe(["report", "--as-of", "2024-09-30", "--lang", "zh", "--scenarios", "100", "--output", html,
                                 "--workbook", book] + Self.today)
        #expect(r.status == 0, "\(r.stderr)")
        let sheets = try Workbook(path: book).sheets.map(\.name)
        #expect(sheets == ["全镇完成趋势", "社区完成趋势", "节点预测", "回测记录", "风险分级", "风险聚类", "聚类中心", "聚类与规则等级",
                           "季度通报", "年度考评", "一票否决"])
        let bad = try runWorksafe(["report", "--output", html, "--workbook", folder.appendingPathComponent("r.csv").path])
        #expect(bad.status == 64)
    }

    /// openpyxl (scripts/fixtures/check_workbooks.py): ids are strings equal to the ledger's,
    /// dates are dates, numbers are numbers — in every workbook written, both languages.
    @Test(.enabled(if: runs(["python3", "-c", "import openpyxl"])))
    func openpyxlReadsIdsAsTextAndDatesAsDates() throws {
        let folder = try temporaryFolder()
        var files: [String] = []
        for lang in ["en", "zh"] {
            for (name, args) in Self.commands {
                let path = folder.appendingPathComponent("\(name)-\(lang).xlsx").path
                let r = try runWorksafe(args + Self.today + ["--lang", lang, "--output", path])
                #expect(r.status == 0, "\(name): \(r.stderr)")
                files.append(path)
            }
        }
        let report = folder.appendingPathComponent("report.xlsx").path
        #expect(try runWorksafe(["report", "--as-of", "2024-09-30", "--scenarios", "100", "--output",
                                 folder.appendingPathComponent("r.html").path, "--workbook", report] + Self.today).status == 0)
        files.append(report)
        let (status, out) = try run(["python3", repositoryRoot.appendingPathComponent("scripts/fixtures/check_workbooks.py").path,
                                     "--ledger", repositoryRoot.appendingPathComponent("notebooks-data/town-sample").path] + files)
        #expect(status == 0, "\(out)")
        #expect(out.contains("grade-en.xlsx [grade]: 800 rows; checked 800 ids"), "\(out)")
    }

    /// LibreOffice converts a workbook back to CSV with every id intact (no 9.1E+17).
    @Test(.enabled(if: runs(["soffice", "--version"])), .timeLimit(.minutes(5)))
    func libreOfficeKeepsEveryIdThroughACSVConversion() throws {
        let folder = try temporaryFolder()
        let book = folder.appendingPathComponent("grade.xlsx").path
        #expect(try runWorksafe(["grade", "--output", book] + Self.today).status == 0)
        let csv = try runWorksafe(["grade"] + Self.today)
        let (status, out) = try run(["soffice", "-env:UserInstallation=file://\(folder.path)/lo-profile", "--headless",
                                     "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", folder.path, book])
        #expect(status == 0, "\(out)")
        let converted = try String(contentsOf: folder.appendingPathComponent("grade.csv"), encoding: .utf8)
        let ids = try csvText(converted).dropFirst().map { $0[0] }
        let expected = try csvText(csv.stdout).dropFirst().map { $0[0] }
        #expect(ids.count == 800)
        #expect(ids == expected)
        #expect(!ids.contains { $0.contains("E+") })
    }
}
