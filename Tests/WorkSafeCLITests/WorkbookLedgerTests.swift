import Foundation
import Spreadsheet
import Tabular
import Testing

/// Ledgers kept as Excel workbooks: the same validation and the same results as CSV.
@Suite struct WorkbookLedgerTests {
    static let sample = repositoryRoot.appendingPathComponent("notebooks-data/town-sample").path
    /// Written by scripts/fixtures/sample_workbooks.py (openpyxl) from the sample's CSV files.
    static let perTable = repositoryRoot.appendingPathComponent("notebooks-data/town-sample-workbooks/per-table").path
    static let oneBook = repositoryRoot.appendingPathComponent("notebooks-data/town-sample-workbooks/one-book").path

    @Test(arguments: [
        ["trend", "--by", "community", "--fit", "logistic"],
        ["forecast", "--as-of", "2024-09-30", "--scenarios", "200", "--seed", "3"],
        ["grade"],
        ["assess", "--year", "2024"],
        ["assess", "--quarter", "2024Q3", "--scenarios", "100"],
        ["validate"],
    ])
    func theSampleAsWorkbooksGivesByteIdenticalOutputs(_ command: [String]) throws {
        let args = command + ["--today", "2026-11-29"]
        let csv = try runWorksafe(args + ["--data", Self.sample])
        #expect(csv.status == 0, "\(csv.stderr)")
        for folder in [Self.perTable, Self.oneBook] {
            let book = try runWorksafe(args + ["--data", folder])
            #expect(book.status == 0, "\(book.stderr)")
            #expect(book.stdout == csv.stdout, "\(command) on \(folder)")
            #expect(!book.stdout.isEmpty)
        }
    }

    /// A small ledger written as one workbook with `WorkbookWriter`; `enterprises` rows are
    /// given as cells so a test can store an id as a number, as Excel does to credit codes.
    func ledgerWorkbook(enterprises: [[CSVCell]], in folder: URL, name: String = "台账.xlsx") throws {
        let writer = try WorkbookWriter()
        try writer.addSheet("企业台账", columns: ["统一社会信用代码", "企业名称", "所属社区", "监管部门", "行业", "企业规模", "纳入日期"]
                                .map { SheetColumn($0, kind: $0 == "纳入日期" ? .date : .general) }, rows: enterprises)
        try writer.addSheet("状态", columns: [SheetColumn("id"), SheetColumn("date", kind: .date), SheetColumn("status")],
                            rows: [[.text("E1"), .text("2024-01-05"), .text("completed")]])
        let file = try AtomicFile(url: folder.appendingPathComponent(name))
        try writer.finish(into: file)
        try file.commit()
    }

    @Test func findingsInAWorkbookNameTheSheetAndCell() throws {
        let folder = try temporaryFolder()
        try ledgerWorkbook(enterprises: [
            [.text("E1"), .text("甲"), .text("新城社区"), .text("应急管理办"), .text("工贸"), .text("small"), .text("2023-01-01")],
            [.number(913_501_056_680_645_000), .text("乙"), .text("新城社区"), .text("应急管理办"), .text("工贸"), .text("small"), .empty],
            [.text("E3"), .text("丙"), .text("新城社区"), .text("应急管理办"), .text("工贸"), .text("huge"), .text("2023-02-30")],
        ], in: folder)
        let out = folder.appendingPathComponent("findings.csv")
        let r = try runWorksafe(["validate", "--data", folder.path, "--output", out.path, "--today", "2026-11-29"])
        #expect(r.status == 65)
        let findings = try String(contentsOf: out, encoding: .utf8)
        #expect(findings.contains("台账.xlsx,3,统一社会信用代码,9.13501056680645E+17,error,excel_mangled_number,"), "\(findings)")
        #expect(findings.contains("台账.xlsx,4,企业规模,E3,error,unknown_category,"))
        #expect(findings.contains("台账.xlsx,4,纳入日期,E3,error,invalid_date,"))
        // The same findings on stderr, located by cell.
        let refused = try runWorksafe(["trend", "--data", folder.path, "--today", "2026-11-29"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("台账.xlsx: 企业台账!A3: 统一社会信用代码: error [excel_mangled_number]"), "\(refused.stderr)")
        #expect(refused.stderr.contains("台账.xlsx: 企业台账!F4: 企业规模: error [unknown_category]"))
        #expect(refused.stderr.contains("台账.xlsx: 企业台账!G4: 纳入日期: error [invalid_date]"))
    }

    @Test func aTableInTwoPlacesIsRefused() throws {
        let folder = try temporaryFolder()
        try ledgerWorkbook(enterprises: [
            [.text("E1"), .text("甲"), .text("新城社区"), .text("应急管理办"), .text("工贸"), .text("small"), .empty],
        ], in: folder)
        try "id,date,status\nE1,2024-01-05,completed\n".write(to: folder.appendingPathComponent("status.csv"), atomically: true, encoding: .utf8)
        let r = try runWorksafe(["trend", "--data", folder.path, "--today", "2026-11-29"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("the status table is in more than one place: status.csv, 台账.xlsx (sheet 状态); keep one"), "\(r.stderr)")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("status.csv"))
        let ok = try runWorksafe(["trend", "--data", folder.path, "--today", "2026-11-29"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func aDamagedWorkbookExits65WithItsName() throws {
        let folder = try temporaryFolder()
        try "not a zip".write(to: folder.appendingPathComponent("enterprises.xlsx"), atomically: true, encoding: .utf8)
        try "id,date,status\n".write(to: folder.appendingPathComponent("status.csv"), atomically: true, encoding: .utf8)
        let r = try runWorksafe(["validate", "--data", folder.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("enterprises.xlsx: not an .xlsx file (no ZIP archive inside)"), "\(r.stderr)")
    }
}
