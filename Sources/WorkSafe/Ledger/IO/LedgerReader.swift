import Foundation
import Tabular

/// Options for reading a ledger folder or a progress table.
public struct LedgerReadOptions: Sendable {
    /// The text encoding (`.auto` detects UTF-8 or GB18030 per file).
    public var encoding: TextEncoding
    /// The day of validation: dates after it are `future_date` errors.
    public var today: Day
    /// The files to read. `enterprises.csv` and `status.csv` are always read; leaving out
    /// `risk.csv` or `risk_points.csv` (for analyses that need no risk data) reads them as
    /// absent: no observations, and no findings about them.
    public var files: Set<LedgerFile>

    /// Options; `today` defaults to the system clock's current UTC day, `files` to all four.
    public init(encoding: TextEncoding = .auto, today: Day = .today,
                files: Set<LedgerFile> = Set(LedgerFile.allCases)) {
        self.encoding = encoding; self.today = today
        self.files = files.union([.enterprises, .status])
    }
}

/// What reading a ledger folder gives: the ledger of accepted rows, every finding, and the rows
/// left out because of an error.
public struct LedgerReadResult: Sendable {
    /// The ledger built from rows without errors.
    public var ledger: Ledger
    /// All findings, in file order (enterprises, status, risk, risk points) then line order.
    public var findings: [LedgerFinding]
    /// Rows with an error, and rows of enterprises whose own row was rejected.
    public var rejects: [RejectedRow]

    /// Whether any finding is an error.
    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    /// The ledger, or `DataError.invalidLedger` when there are errors and `skipInvalid` is off.
    public func ledger(skipInvalid: Bool) throws(DataError) -> Ledger {
        if hasErrors && !skipInvalid { throw .invalidLedger(findings: findings) }
        return ledger
    }
}

/// Reads a ledger folder (`enterprises.csv`, `status.csv`, `risk.csv`, optional
/// `risk_points.csv`) with English or Chinese headers, validating every row.
///
/// Ids are normalised (`EnterpriseID.normalize`) in every file. A row with an error is left
/// out of the ledger and listed in `rejects`; warnings keep the row. Rows of other files that
/// belong to a rejected enterprise are rejected too (listed in `rejects`, not in `findings`).
/// A missing `risk.csv` is read as no observations.
public enum LedgerReader {
    /// Reads and validates the folder. A table may be a CSV file or a workbook's sheet
    /// (`enterprises.xlsx`, or a sheet named 企业台账 / enterprises… of any workbook in the
    /// folder; see `LedgerSources`); both go through the same validation, and findings in a
    /// workbook point at its cells (`企业台账!C17`).
    ///
    /// Each file is streamed (`CSVRowStream`, or `WorksheetRowSource` inflating the sheet as it
    /// goes): memory is the largest CSV file's bytes (or one chunk of a sheet) plus the
    /// ledger built, with repeated text (community, department, industry, ids in the other
    /// files) stored once.
    ///
    /// - Complexity: O(total rows · log) — one pass per file plus hashing and the ledger's sort.
    /// - Throws: `DataError` when `enterprises.csv` or `status.csv` is missing, or a file cannot
    ///   be parsed at all (encoding, quoting, a missing required column, a malformed workbook).
    public static func read(folder: URL, options: LedgerReadOptions = LedgerReadOptions())
        throws(DataError) -> LedgerReadResult
    {
        // Each table from its CSV file or from a workbook's sheet (LedgerSources).
        var sources = LedgerSources(folder: folder, encoding: options.encoding)
        return try read(options: options) { file throws(DataError) -> (any TableRowSource)? in
            guard let source = try sources.source(for: file) else {
                if file == .risk || file == .riskPoints { return nil }
                throw .missingFile(folder: folder.path, file: file.rawValue)
            }
            return source
        }
    }

    /// Reads and validates ledger files held in memory: the raw bytes of each file, as they
    /// would be on disk (any encoding `options` allows). Same rules as `read(folder:options:)`;
    /// used by the fuzz harness and by callers that receive files over a pipe.
    ///
    /// - Throws: `DataError.missingFile` (folder `"(memory)"`) when `enterprises.csv` or
    ///   `status.csv` is absent, `DataError.csv` when a file cannot be parsed.
    public static func read(files: [LedgerFile: [UInt8]], options: LedgerReadOptions = LedgerReadOptions())
        throws(DataError) -> LedgerReadResult
    {
        try read(options: options) { file throws(DataError) -> (any TableRowSource)? in
            guard let bytes = files[file] else {
                if file == .risk || file == .riskPoints { return nil }
                throw .missingFile(folder: "(memory)", file: file.rawValue)
            }
            do throws(CSVError) { return try CSVRowStream(bytes: bytes, file: file.rawValue, encoding: options.encoding) }
            catch { throw .csv(error) }
        }
    }

    /// The validation pass over whatever `table` supplies (`nil`: an optional file is absent).
    static func read(options: LedgerReadOptions,
                     table: (LedgerFile) throws(DataError) -> (any TableRowSource)?) throws(DataError) -> LedgerReadResult
    {
        var state = State(today: options.today)
        // Opening goes through `table` one file at a time (a folder's sources are not shared
        // between threads); parsing and validating run outside the lock.
        let lock = NSLock()
        func load(_ file: LedgerFile, into state: inout State,
                  _ body: (inout State, CSVRow, CSVColumnMap) -> Void) throws(DataError) {
            guard options.files.contains(file) else { return }
            lock.lock()
            let opened: (any TableRowSource)?
            do throws(DataError) { opened = try table(file) } catch { lock.unlock(); throw error }
            lock.unlock()
            guard let t = opened else { return }
            if file == .enterprises { state.enterprisesPlace = t.sheet.map { "\(t.file) sheet \($0)" } ?? t.file }
            do throws(CSVError) {
                let map = try LedgerColumns.schema(LedgerColumns.columns(of: file)).bind(t)
                try t.forEachRow { row in body(&state, row, map) }
            } catch { throw .csv(error) }
        }
        try load(.enterprises, into: &state) { $0.readEnterprise($1, $2) }
        // The other files depend only on the accepted enterprises: each is validated into its
        // own copy of the state (status and risk points on one thread, risk on another when
        // the machine has two cores), and the copies are joined in file order, so findings,
        // rejects and the ledger are the same as reading the files one after the other. When
        // several files fail to parse, the error of the first in file order is thrown, as when
        // reading them in turn. Memory: the status and risk files' bytes at the same time.
        var status = state.forLaterFile(), risk = state.forLaterFile(), points = state.forLaterFile()
        var statusError: DataError?, riskError: DataError?, pointsError: DataError?
        func readStatusAndPoints() {
            do throws(DataError) { try load(.status, into: &status) { $0.readStatus($1, $2) } } catch { statusError = error; return }
            do throws(DataError) { try load(.riskPoints, into: &points) { $0.readRiskPoint($1, $2) } } catch { pointsError = error }
        }
        let twoCores = SideBySide.processorCount > 1
        // risk.csv, the largest file, opened and bound here; a CSV file without quotes in its
        // first part is read in two parts, the second after status and risk points on their
        // thread (the split leaves both threads about the same work).
        var riskTable: (any TableRowSource)? = nil, riskMap: CSVColumnMap? = nil
        if options.files.contains(.risk) {
            do throws(DataError) { (riskTable, riskMap) = try openBound(.risk, table) } catch { riskError = error }
        }
        let riskParts = twoCores ? (riskTable as? CSVRowStream)?.parts(splittingAt: 0.6) : nil
        var laterRisk = state.forLaterFile(), laterRiskError: DataError?
        func readRisk() {
            guard let t = riskTable, let map = riskMap else { return }
            do throws(CSVError) {
                if let parts = riskParts, let stream = t as? CSVRowStream {
                    try stream.forEachRow(in: parts.0) { risk.readRisk($0, map) }
                } else {
                    try t.forEachRow { risk.readRisk($0, map) }
                }
            } catch { riskError = .csv(error) }
        }
        func readLaterRisk() {
            guard let parts = riskParts, let stream = riskTable as? CSVRowStream, let map = riskMap else { return }
            do throws(CSVError) { try stream.forEachRow(in: parts.1) { laterRisk.readRisk($0, map) } }
            catch { laterRiskError = .csv(error) }
        }
        if riskTable != nil && twoCores {
            SideBySide.both({ readStatusAndPoints(); if riskParts != nil { readLaterRisk() } }, readRisk)
        } else {
            readStatusAndPoints()
            if statusError == nil { readRisk() }
        }
        if let statusError { throw statusError }
        if let riskError { throw riskError }
        if let laterRiskError { throw laterRiskError }
        if let pointsError { throw pointsError }
        if let parts = riskParts, let stream = riskTable as? CSVRowStream, let map = riskMap {
            try join(&risk, laterRisk, rereading: parts.1, of: stream, map: map)
        }
        let findings = state.findings + status.findings + risk.findings + points.findings
        let rejects = state.rejects + status.rejects + risk.rejects + points.rejects
        let ledger = Ledger(enterprises: state.enterprises, timelinesByIndex: status.events,
                            risk: risk.risk, riskPoints: points.points)
        return LedgerReadResult(ledger: ledger, findings: findings, rejects: rejects)
    }

    /// `file` opened through `table` with its columns bound (nil when absent).
    static func openBound(_ file: LedgerFile, _ table: (LedgerFile) throws(DataError) -> (any TableRowSource)?)
        throws(DataError) -> ((any TableRowSource)?, CSVColumnMap?)
    {
        guard let t = try table(file) else { return (nil, nil) }
        do throws(CSVError) { return (t, try LedgerColumns.schema(LedgerColumns.columns(of: file)).bind(t)) }
        catch { throw .csv(error) }
    }

    /// Joins the second part of risk.csv, read on its own, to the first. The second part was
    /// checked for duplicates only against itself: when one of its accepted rows repeats an
    /// enterprise and quarter of the first part, it is read again after the first (the reading
    /// in file order decides); otherwise the parts join.
    static func join(_ risk: inout State, _ later: State, rereading part: CSVRowStream.Part, of stream: CSVRowStream,
                     map: CSVColumnMap) throws(DataError) {
        if later.acceptedKeys.indices.contains(where: { risk.hasAcceptedRisk(Int(later.acceptedKeys[$0]), later.risk[$0].period) }) {
            do throws(CSVError) { try stream.forEachRow(in: part) { risk.readRisk($0, map) } }
            catch { throw .csv(error) }
        } else {
            risk.findings += later.findings
            risk.rejects += later.rejects
            risk.risk += later.risk
        }
    }

    static func parseFlag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "true", "yes", "y", "是", "√", "✓", "标杆": true
        case "0", "false", "no", "n", "否", "": false
        default: nil
        }
    }

    static func parseMethod(_ text: String) -> RiskPointMethod? {
        switch text.lowercased() {
        case "lec", "作业条件危险性分析", "作业条件危险性分析法": .lec
        case "ls", "ls矩阵", "风险矩阵", "矩阵", "风险矩阵法": .ls
        default: nil
        }
    }
}
