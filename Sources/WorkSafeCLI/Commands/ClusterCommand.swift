import ArgumentParser
import Foundation
import Linalg
import Stats
import Tabular
import WorkSafe

extension Standardization: ExpressibleByArgument {}

/// `worksafe cluster`: k-means risk groups of the ledger's enterprises set against the
/// rule-based colours, or k-means on any numeric table (`--features FILE`).
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "k-means risk groups of the ledger's enterprises (or of any numeric table), against the rule-based colours.",
        discussion: """
            On the ledger (--data DIR or the bundled sample): the enterprises' risk features of \
            --period (default: each enterprise's latest risk.csv row) are clustered; --output gets \
            id, period, cluster, cluster_level, rule_level; clusters are coloured by the ranked \
            risk score of their centroids; --crosstab counts clusters × rule-based levels.

            On a numeric table (--features FILE, read in --encoding): a header row, the first \
            column an id, every other column a number (no blanks, NaN or infinities); --output \
            gets id, cluster.

            --init FILE: one row per initial centre (this sets k) after a header row, in the \
            original units of the features. Its columns are taken by name when the header names \
            every feature (so a --centers-output file can be read back); otherwise it must have \
            exactly one column per feature, or one more, the first then being an id or cluster \
            column that is ignored. --init runs one start from those centers (like scikit-learn's \
            KMeans(init=centers, n_init=1)).

            --summary FILE writes JSON: k, inertia (in the scaled units the fit ran in), \
            iterations, converged, silhouette, cluster sizes, and the silhouette of each k of \
            --k-range. The outputs are published together: all of them, or none when the run fails.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Cluster this numeric table (header row, first column an id) instead of the ledger.", valueName: "file"))
    var features: String?

    @Option(name: .long, help: ArgumentHelp("Number of clusters (default 4).", valueName: "k"))
    var k: Int?

    @Option(name: .long, help: ArgumentHelp("Choose k in this range by the mean silhouette, e.g. 2...8 or 2-8.", valueName: "range"),
            transform: ClusterCommand.parseKRange)
    var kRange: ClosedRange<Int>?

    @Option(name: .long, help: ArgumentHelp("Initial centres: one row per centre after a header (sets k).", valueName: "file"))
    var `init`: String?

    @Option(name: .long, help: "Scaling before clustering: zscore (default) or none.")
    var standardize: Standardization = .zscore

    @Option(name: .long, help: ArgumentHelp("Restarts from k-means++ (the best inertia is kept).", valueName: "n"))
    var nInit: Int = 10

    @Option(name: .long, help: ArgumentHelp("Maximum Lloyd iterations per start.", valueName: "n"))
    var maxIter: Int = 300

    @Option(name: .long, help: ArgumentHelp("Relative tolerance on the centre shift (scikit-learn's tol).", valueName: "x"))
    var tol: Double = 1e-4

    @Option(name: .long, help: ArgumentHelp("Random seed.", valueName: "s"))
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("Ledger only: the risk.csv period, e.g. 2024Q3 (default: each enterprise's latest).", valueName: "quarter"))
    var period: String?

    @Option(name: .long, help: ArgumentHelp("Write the centres (original units) to this CSV file.", valueName: "file"))
    var centersOutput: String?

    @Option(name: .long, help: ArgumentHelp("Write the summary JSON to this file.", valueName: "file"))
    var summary: String?

    @Option(name: .long, help: ArgumentHelp("Ledger only: write clusters × rule-based levels to this CSV file.", valueName: "file"))
    var crosstab: String?

    /// Parses `2...8` or `2-8`.
    static func parseKRange(_ text: String) throws -> ClosedRange<Int> {
        let parts: [Substring]
        if text.contains("...") {
            parts = text.split(separator: "...", omittingEmptySubsequences: false)
        } else {
            parts = text.split(separator: "-", omittingEmptySubsequences: false)
        }
        guard parts.count == 2,
              let low = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let high = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("--k-range needs LOW...HIGH or LOW-HIGH, e.g. 2...8, got '\(text)'")
        }
        guard low >= 2, high >= low else {
            throw ValidationError("--k-range needs 2 ≤ LOW ≤ HIGH, got '\(text)'")
        }
        return low...high
    }

    func validate() throws {
        if features != nil {
            if data.data != nil { throw ValidationError("give --data or --features, not both") }
            if period != nil { throw ValidationError("--period applies to the ledger, not to --features") }
            if crosstab != nil { throw ValidationError("--crosstab needs the ledger's rule-based levels; it does not apply to --features") }
        }
        if let period, Quarter(period) == nil {
            throw ValidationError("--period needs a quarter like 2024Q3, got '\(period)'")
        }
        if k != nil && kRange != nil { throw ValidationError("give --k or --k-range, not both") }
        if `init` != nil && kRange != nil { throw ValidationError("--init fixes k; it cannot be combined with --k-range") }
        if let k { try SizeLimits.check("--k", k, maximum: SizeLimits.maximumClusters) }
        if let kRange, kRange.upperBound > SizeLimits.maximumClusters {
            throw ValidationError("--k-range must end at most at \(SizeLimits.maximumClusters), got \(kRange.upperBound)")
        }
        try SizeLimits.check("--n-init", nInit, maximum: SizeLimits.maximumRestarts)
        try SizeLimits.check("--max-iter", maxIter, maximum: SizeLimits.maximumIterations)
        if !(tol >= 0) || !tol.isFinite { throw ValidationError("--tol must be a finite number ≥ 0") }
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let ledgerMode = features == nil
            let outputs = try CommandOutputs(
                [("--output", output.destination), ("--centers-output", centersOutput), ("--summary", summary),
                 ("--crosstab", crosstab), ledgerMode ? data.rejectsOutput : ("--rejects", nil)],
                inputs: (ledgerMode ? data.ledgerInputFiles() : [])
                    + InputFile.list(("--features", features), ("--init", `init`)))
            var options = ClusterAnalysis.Options(
                k: k ?? 4, kRange: kRange, standardization: standardize, nInit: nInit,
                maxIterations: maxIter, tolerance: tol, seed: seed)
            let language = output.lang
            if let features {
                let table = try FeatureTable.read(contentsOf: URL(fileURLWithPath: features), encoding: data.encoding,
                                                  displayName: features)
                if let path = `init` {
                    options.initialCenters = try centres(path, featureNames: table.names)
                }
                try Self.checkMemory(rows: table.matrix.rows, features: table.matrix.columns, options: options)
                let analysis = try clusteringErrorsAsData(features) {
                    try ClusterAnalysis(ids: table.ids, featureNames: table.names, features: table.matrix,
                                        options: options)
                }
                let json = try analysis.summaryJSON()
                // Everything is computed; now write (all outputs published together).
                try output.write(analysis.labelsTable(language), to: outputs)
                try output.write(analysis.centersTable(language), to: outputs, as: "--centers-output")
                try outputs.bytes("--summary", [UInt8](json) + [0x0A])
            } else {
                let ledger = try data.loadLedger(outputs: outputs)
                if let path = `init` {
                    options.initialCenters = try centres(path, featureNames: RiskFeatures.names)
                }
                let quarter = period.flatMap { Quarter($0) }
                try Self.checkMemory(rows: ledger.enterprises.count, features: RiskFeatures.names.count, options: options)
                let profile = try clusteringErrorsAsData(nil) {
                    let grades = try RiskGrader().grade(ledger: ledger, period: quarter)
                    return try RiskClusterProfile(ledger: ledger, period: quarter, options: options, grades: grades)
                }
                if !profile.unclustered.isEmpty {
                    Messages.note("\(profile.unclustered.count) enterprise(s) without a risk.csv row\(quarter.map { " for \($0)" } ?? "") are not clustered")
                }
                let json = try profile.analysis.summaryJSON()
                try output.write(profile.enterpriseTable(language), to: outputs)
                try output.write(profile.centersTable(language), to: outputs, as: "--centers-output")
                try output.write(profile.crossTableRows(language), to: outputs, as: "--crosstab")
                try outputs.bytes("--summary", [UInt8](json) + [0x0A])
            }
            try outputs.publish()
        }
    }

    /// Refuses (exit 64) a run whose memory — the data and its scaled copy, the per-block
    /// distances to `k` centres on each worker, and the restarts' centres — exceeds what the
    /// machine has available.
    static func checkMemory(rows: Int, features: Int, options: ClusterAnalysis.Options) throws {
        let k = Double(options.kRange?.upperBound ?? options.k)
        let n = Double(rows), d = Double(features)
        let bytes = 8 * (3 * n * d + 2 * 2048 * k + 4 * k * d + 2 * n)
        try MemoryBudget.require(bytes: bytes, for: "k-means with k = \(Int(k)) on \(rows) rows × \(features) features",
                                 advice: "use a smaller --k or --k-range")
    }

    /// Runs `body`, turning clustering and risk errors (bad data: k larger than the number of
    /// distinct rows, no observations…) into `DataError` (exit 65), prefixed with `file`.
    private func clusteringErrorsAsData<T>(_ file: String?, _ body: () throws -> T) throws -> T {
        let prefix = file.map { "\($0): " } ?? ""
        do {
            return try body()
        } catch let error as ClusteringError {
            throw DataError.other(prefix + error.description)
        } catch let error as RiskError {
            throw DataError.other(prefix + error.description)
        }
    }

    /// The `--init` centres for features named `featureNames`, checked against `--k`.
    private func centres(_ path: String, featureNames: [String]) throws -> Matrix {
        let m = try Self.readCentres(path, featureNames: featureNames, encoding: data.encoding)
        if let k, k != m.rows {
            throw DataError.other("\(path): \(m.rows) initial centre(s) but --k \(k)")
        }
        return m
    }

    // MARK: - Reading numeric tables

    /// Reads `--init FILE`: a header row, then one centre per row. Columns by name when the
    /// header names every feature; else one column per feature, or one more with the first
    /// (an id or cluster column) ignored.
    ///
    /// - Throws: `CSVError` naming the file (and line and column of a bad cell).
    static func readCentres(_ path: String, featureNames: [String], encoding: TextEncoding = .auto) throws(CSVError) -> Matrix {
        let table = try CSVReader.read(contentsOf: URL(fileURLWithPath: path), encoding: encoding, displayName: path)
        let header = table.header
        let d = featureNames.count
        let columns: [Int]
        let byName = featureNames.compactMap { header.firstIndex(of: $0) }
        if byName.count == d, Set(featureNames).count == d {
            columns = byName
        } else if header.count == d {
            columns = Array(0..<d)
        } else if header.count == d + 1 {
            columns = Array(1...d)
        } else {
            throw CSVError(file: path, line: 1, column: 1, message:
                "\(header.count) columns; expected \(d) feature columns (optionally after one id column) or a header naming the features")
        }
        guard table.rowCount > 0 else {
            throw CSVError(file: path, line: 2, column: 1, message: "no initial centres")
        }
        return try FeatureTable.matrix(table, file: path, columns: columns)
    }
}
