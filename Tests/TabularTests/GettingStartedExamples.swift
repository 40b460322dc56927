import Foundation
import Testing
import Tabular

// The code of Sources/Tabular/Tabular.docc/GettingStarted.md, verbatim (DocumentationSnippetTests
// in WorkSafeTests checks that every block of the article appears here), and what it does.

struct EnterpriseRow: Equatable {
    var name: String
    var community: String
}

func readEnterprises(from url: URL) throws(CSVError) -> [EnterpriseRow] {
    let table = try CSVReader.read(contentsOf: url)     // UTF-8 or GB18030, detected
    guard let name = table.header.firstIndex(of: "企业名称"),
          let community = table.header.firstIndex(of: "所属社区") else {
        throw CSVError(file: url.lastPathComponent, line: 1, column: 1,
                       message: "expected the columns 企业名称 and 所属社区")
    }
    return (0..<table.rowCount).map { row in
        EnterpriseRow(name: table.string(row: row, column: name),
                      community: table.string(row: row, column: community))
    }
}

func enterprisesOrMessage(from url: URL) -> Result<[EnterpriseRow], CSVError> {
    do {
        return .success(try readEnterprises(from: url))
    } catch {
        print("\(error.file), line \(error.line), column \(error.column): \(error.message)")
        return .failure(error)
    }
}

func writeSummary(_ rows: [EnterpriseRow], to url: URL) throws {
    let file = try AtomicFile(url: url)                     // a temporary file beside `url`
    let writer = CSVWriter(to: file, byteOrderMark: true)   // the BOM makes Excel and WPS read UTF-8
    try writer.writeHeader(["企业名称", "所属社区", "序号"])
    for (i, row) in rows.enumerated() {
        try writer.writeRow([.text(row.name), .text(row.community), .integer(i + 1)])
    }
    try writer.flush()
    try file.commit()                                       // only now does `url` change
}

@Suite struct TabularGettingStartedExamples {
    @Test func aGB18030ExportIsReadAndWrittenBackAsUTF8WithABOM() throws {
        let rows = try readEnterprises(from: fixture("gb18030.csv"))
        #expect(rows == [EnterpriseRow(name: "福州示范化工有限公司", community: "东湖社区"),
                         EnterpriseRow(name: "䶮字号商贸", community: "西山社区")])
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabular-getting-started-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("summary.csv")
        try writeSummary(rows + [EnterpriseRow(name: "=HYPERLINK(\"x\")", community: "西山社区")], to: out)
        let bytes = [UInt8](try Data(contentsOf: out))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "企业名称,所属社区,序号\n福州示范化工有限公司,东湖社区,1\n䶮字号商贸,西山社区,2\n"
                + "\"'=HYPERLINK(\"\"x\"\")\",西山社区,3\n")
        // Only the destination is left in the folder: no temporary file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["summary.csv"])
    }

    @Test func aMissingColumnOrAnUnreadableFileIsAMessageWithLineAndColumn() throws {
        switch enterprisesOrMessage(from: fixture("numbers.csv")) {
        case .success: Issue.record("numbers.csv has no 企业名称 column")
        case .failure(let error): #expect(error.file == "numbers.csv" && error.line == 1 && error.column == 1)
        }
        switch enterprisesOrMessage(from: fixture("no-such-file.csv")) {
        case .success: Issue.record("the file does not exist")
        case .failure(let error): #expect(error.file == "no-such-file.csv")
        }
    }

    @Test func aFolderThatDoesNotExistLeavesNothingBehind() {
        let out = FileManager.default.temporaryDirectory
            .appendingPathComponent("no-such-folder-\(UUID().uuidString)/summary.csv")
        #expect(throws: (any Error).self) { try writeSummary([], to: out) }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
