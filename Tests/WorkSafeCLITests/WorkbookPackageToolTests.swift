import Foundation
import Tabular
import Testing
@testable import Spreadsheet

/// Workbooks written by `WorkbookWriter`, checked by independent tools when they are installed:
/// Info-ZIP's `unzip -t`, Python's `zipfile` and openpyxl.
@Suite struct WorkbookPackageToolTests {
    /// A table of `n` rows: 18-character ids (some with leading zeros), texts, numbers. (No
    /// control characters or `_xHHHH_` lookalikes: openpyxl 3.1 shows Office's `_xHHHH_`
    /// escapes undecoded, where Excel, LibreOffice and `Workbook` decode them.)
    static func table(_ n: Int) -> (columns: [SheetColumn], rows: [[CSVCell]]) {
        let columns = [SheetColumn("id", kind: .text), SheetColumn("period", kind: .text), SheetColumn("cluster"),
                       SheetColumn("x"), SheetColumn("note")]
        let notes = ["a&b<c>\"d\"", " lead", "中文", "=1+1", "tab\tline\nend"]
        let rows: [[CSVCell]] = (0..<n).map { i in
            let digits = String((i &* 2_654_435_761) % 10_000_000_000)
            let id = (i % 7 == 0 ? "00" : "91") + "350105" + String(repeating: "0", count: 10 - digits.count) + digits
            return [.text(id), .text("2024Q\(1 + i % 4)"), .integer(i % 8), .number(Double(i) / 7), .text(notes[i % notes.count])]
        }
        return (columns, rows)
    }

    /// Writes `rows` as a workbook at `url`.
    static func write(_ columns: [SheetColumn], _ rows: [[CSVCell]], to url: URL,
                      _ configure: (WorkbookWriter) -> Void = { _ in }) throws {
        let writer = try WorkbookWriter()
        configure(writer)
        try writer.addSheet("clusters", columns: columns, rows: rows)
        let file = try AtomicFile(url: url)
        try writer.finish(into: file)
        try file.commit()
    }

    @Test(.enabled(if: runs(["unzip", "-v"])))
    func unzipTestsEveryEntry() throws {
        let folder = try temporaryFolder()
        let (columns, rows) = Self.table(30_000)
        for (name, threshold) in [("plain.xlsx", UInt64(0xFFFF_FFFF)), ("zip64.xlsx", UInt64(1_000))] {
            let url = folder.appendingPathComponent(name)
            try Self.write(columns, rows, to: url) { $0.zip64Threshold = threshold }
            let (status, out) = try run(["unzip", "-t", url.path])
            #expect(status == 0, "\(out)")
            #expect(out.contains("No errors detected"), "\(out)")
            #expect(out.contains("xl/worksheets/sheet1.xml"))
        }
    }

    @Test(.enabled(if: runs(["python3", "-c", "import zipfile"])))
    func pythonZipfileReadsTheZip64Records() throws {
        let folder = try temporaryFolder()
        let (columns, rows) = Self.table(5_000)
        let url = folder.appendingPathComponent("zip64.xlsx")
        try Self.write(columns, rows, to: url) { $0.zip64Threshold = 1_000 }
        let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\n"
            + "print(len(z.infolist()), sum(i.file_size for i in z.infolist()), min(i.date_time for i in z.infolist()))"
        let (status, out) = try run(["python3", "-c", script, url.path])
        #expect(status == 0, "\(out)")
        #expect(out.hasPrefix("8 "), "\(out)")
        #expect(out.contains("(1980, 1, 1, 0, 0, 0)"), "\(out)")
    }

    /// A sheet of several deflate chunks (and one written with ZIP64 records) read by openpyxl
    /// (scripts/fixtures/check_workbook_cells.py): every id text and equal, every cell as written.
    @Test(.enabled(if: runs(["python3", "-c", "import openpyxl"])))
    func openpyxlReadsASheetOfSeveralChunksCellForCell() throws {
        let folder = try temporaryFolder()
        let (columns, rows) = Self.table(30_000)   // 150,000 cells: three chunks of 65,536
        var expected: [[Any]] = [columns.map(\.header)]
        for row in rows {
            expected.append(row.map { cell -> Any in
                switch cell {
                case .text(let s): s
                case .integer(let v): v
                case .number(let x): x
                default: NSNull()
                }
            })
        }
        let json = folder.appendingPathComponent("expected.json")
        try JSONSerialization.data(withJSONObject: expected).write(to: json)
        for (name, threshold) in [("plain.xlsx", UInt64(0xFFFF_FFFF)), ("zip64.xlsx", UInt64(1_000))] {
            let url = folder.appendingPathComponent(name)
            try Self.write(columns, rows, to: url) { $0.zip64Threshold = threshold }
            let (status, out) = try run(["python3", repositoryRoot.appendingPathComponent("scripts/fixtures/check_workbook_cells.py").path,
                                         url.path, json.path])
            #expect(status == 0, "\(out)")
            #expect(out.contains("30001 rows, 150005 cells as expected"), "\(out)")
        }
    }

    /// LibreOffice decodes the writer's escapes: a workbook converted back to CSV holds each
    /// text exactly (control characters, carriage return, U+FFFE and `_xHHHH_` lookalikes too).
    @Test(.enabled(if: runs(["soffice", "--version"])), .timeLimit(.minutes(5)))
    func libreOfficeReadsEscapedTextExactly() throws {
        let folder = try temporaryFolder()
        let texts = ["a&b<c>'e", "_x0041_ and _X00e9_", "x\u{01}y\u{1F}", "cr\rend", "\u{FFFE}z", " lead", "trail ", "中文 😀"]
        let url = folder.appendingPathComponent("escaped.xlsx")
        try Self.write([SheetColumn("t", kind: .text)], texts.map { [.text($0)] }, to: url)
        let (status, out) = try run(["soffice", "-env:UserInstallation=file://\(folder.path)/lo-profile", "--headless",
                                     "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", folder.path, url.path])
        #expect(status == 0, "\(out)")
        let csv = try Data(contentsOf: folder.appendingPathComponent("escaped.csv"))
        let table = try CSVReader.parse(bytes: Array(csv), file: "escaped.csv")
        #expect(table.header == ["t"])
        #expect((0..<table.rowCount).map { table.string(row: $0, column: 0) } == texts)
    }
}
