import Foundation
@testable import WorkSafe

/// The URL of a committed fixture.
func fixture(_ name: String) -> URL {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)")
}

/// The repository root (for the bundled sample in notebooks-data).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The folder holding every temporary folder of this test process (`worksafe-tests-PID` in the system's
/// temporary directory); removed with its contents when the process exits, so runs leave
/// nothing behind.
let testScratchRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("worksafe-tests-\(getpid())")
    try? FileManager.default.removeItem(at: url)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testScratchRoot) }
    return url
}()

/// A fresh empty temporary folder (under `testScratchRoot`).
func temporaryFolder() throws -> URL {
    let url = testScratchRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The day validation tests run "on", so future-date checks do not depend on the clock.
let testToday = Day(year: 2026, month: 11, day: 29)!

/// A minimal valid ledger, as CSV text per file; tests edit one line to break one rule.
struct LedgerText {
    var enterprises = """
        id,name,community,department,industry,size,opened_on,closed_on,benchmark
        91350100M000100Y43,甲化工,东湖社区,应急管理办,危险化学品,large,,,true
        91310000607216596U,乙燃气,西山社区,应急管理办,城镇燃气,medium,2023-05-01,,false
        """
    var status = """
        id,date,status,score
        91350100M000100Y43,2023-03-01,self_assessed,90
        91350100M000100Y43,2023-06-01,level2,
        91310000607216596U,2024-01-10,level3,
        """
    var risk = """
        id,period,goals_responsibilities,institutional_management,education_training,site_management,risk_control_hazards,emergency_management,accident_management,continuous_improvement,hazards_general,hazards_major,hazards_rectified,major_rectified,violations,accidents,deaths,injuries,points_red,points_orange,points_yellow,points_blue
        91350100M000100Y43,2024Q1,80,80,80,80,80,80,80,80,3,1,4,1,0,0,0,0,0,1,2,3
        """
    var riskPoints: String? = """
        id,point,method,l,e,c,s
        91350100M000100Y43,储罐区,lec,6,6,15,
        91350100M000100Y43,装卸,ls,3,,,4
        """

    /// Writes the files to a new temporary folder.
    func write() throws -> URL {
        let folder = try temporaryFolder()
        let files: [(String, String?)] = [("enterprises.csv", enterprises), ("status.csv", status), ("risk.csv", risk),
                                           ("risk_points.csv", riskPoints)]
        for (name, text) in files {
            if let text { try (text + "\n").write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        }
        return folder
    }

    /// Reads the written folder with `testToday`.
    func read() throws -> LedgerReadResult {
        try LedgerReader.read(folder: try write(), options: LedgerReadOptions(today: testToday))
    }
}

extension LedgerReadResult {
    /// The rules of the error findings.
    var errorRules: [LedgerRule] { findings.filter { $0.severity == .error }.map(\.rule) }
    /// The rules of the warnings.
    var warningRules: [LedgerRule] { findings.filter { $0.severity == .warning }.map(\.rule) }
}
