import Foundation
import Tabular

/// Writes a ledger folder (`enterprises.csv`, `status.csv`, `risk.csv`, optionally
/// `risk_points.csv`) in the data contract's format, streaming: rows go out as they are given,
/// so a million enterprises never need to be in memory.
///
/// Every file is an `AtomicFile`: nothing appears in the folder until `commit()`, and a writer
/// dropped without committing leaves no files behind.
public final class LedgerWriter {
    /// The header and label language.
    public let language: Language
    private var files: [LedgerFile: AtomicFile] = [:]
    private var writers: [LedgerFile: CSVWriter] = [:]

    /// Opens the files in `folder` (created if needed) and writes their headers.
    ///
    /// - Throws: `TabularIOError` when the folder cannot be created or written (with the system's
    ///   reason).
    public init(folder: URL, language: Language = .en, byteOrderMark: Bool = false,
                includeRiskPoints: Bool = true) throws {
        self.language = language
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw TabularIOError(path: folder.path, message: "cannot create the folder: \(Self.reason(error))")
        }
        for file in LedgerFile.allCases where includeRiskPoints || file != .riskPoints {
            let atomic = try AtomicFile(url: folder.appendingPathComponent(file.rawValue))
            let writer = CSVWriter(to: atomic, byteOrderMark: byteOrderMark)
            try writer.writeHeader(LedgerColumns.columns(of: file).map { $0.header(language) })
            files[file] = atomic
            writers[file] = writer
        }
    }

    /// The operating system's reason for a Foundation file error (`No such file or directory`),
    /// rather than the error's raw dump.
    static func reason(_ error: Error) -> String {
        var ns = error as NSError
        for _ in 0..<8 {
            guard let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error else { break }
            ns = underlying as NSError
        }
        if ns.domain == NSPOSIXErrorDomain, let text = strerror(Int32(ns.code)) { return String(cString: text) }
        return ns.localizedDescription
    }

    /// Writes an already formatted row to `file` (used to inject defects in simulations).
    public func writeRaw(_ file: LedgerFile, _ cells: [CSVCell]) throws {
        guard let w = writers[file] else { return }
        try w.writeRow(cells)
    }

    /// Writes one enterprise.
    public func write(_ e: Enterprise) throws { try writeRaw(.enterprises, Self.cells(e, language)) }
    /// Writes one status event.
    public func write(_ s: StatusEvent) throws { try writeRaw(.status, Self.cells(s, language)) }
    /// Writes one risk observation.
    public func write(_ r: RiskObservation) throws { try writeRaw(.risk, Self.cells(r)) }
    /// Writes one risk point (ignored when risk points are not written).
    public func write(_ p: RiskPoint) throws { try writeRaw(.riskPoints, Self.cells(p)) }

    /// Flushes and renames every file into place.
    public func commit() throws {
        for file in LedgerFile.allCases { try writers[file]?.flush() }
        for file in LedgerFile.allCases { try files[file]?.commit() }
    }

    /// Abandons all files.
    public func discard() { for f in files.values { f.discard() } }

    /// Writes a whole ledger to `folder`: enterprises in order, status events per enterprise in
    /// id order, risk and risk points in order.
    public static func write(_ ledger: Ledger, to folder: URL, language: Language = .en,
                             byteOrderMark: Bool = false) throws {
        let w = try LedgerWriter(folder: folder, language: language, byteOrderMark: byteOrderMark,
                                 includeRiskPoints: !ledger.riskPoints.isEmpty)
        for e in ledger.enterprises { try w.write(e) }
        for s in ledger.allStatusEvents { try w.write(s) }
        for r in ledger.risk { try w.write(r) }
        for p in ledger.riskPoints { try w.write(p) }
        try w.commit()
    }

    /// The `enterprises.csv` cells of `e`.
    public static func cells(_ e: Enterprise, _ language: Language) -> [CSVCell] {
        [.text(e.id), .text(e.name), .text(e.community), .text(e.department), .text(e.industry),
         .text(language.pick(e.size.rawValue, e.size.chineseLabel)),
         .text(e.openedOn?.description), .text(e.closedOn?.description),
         .text(language.pick(e.isBenchmark ? "true" : "false", e.isBenchmark ? "是" : "否"))]
    }

    /// The `status.csv` cells of `s`.
    public static func cells(_ s: StatusEvent, _ language: Language) -> [CSVCell] {
        [.text(s.enterpriseID), .text(s.date.description),
         .text(language.pick(s.status.rawValue, s.status.chineseLabel)), .number(s.score)]
    }

    /// The `risk.csv` cells of `r`.
    public static func cells(_ r: RiskObservation) -> [CSVCell] {
        var cells: [CSVCell] = [.text(r.enterpriseID), .text(r.period.description)]
        cells.reserveCapacity(22)
        for v in r.elementScores { cells.append(.number(v)) }
        for v in [r.hazardsGeneral, r.hazardsMajor, r.hazardsRectified, r.majorHazardsRectified,
                  r.violations, r.accidents, r.deaths, r.injuries] { cells.append(.integer(v)) }
        for p in LedgerColumns.riskPointKeys { cells.append(.integer(r.riskPoints[p.level.rawValue])) }
        return cells
    }

    /// The `risk_points.csv` cells of `p`.
    public static func cells(_ p: RiskPoint) -> [CSVCell] {
        [.text(p.enterpriseID), .text(p.name), .text(p.method.rawValue), .number(p.l), .number(p.e),
         .number(p.c), .number(p.s)]
    }
}
