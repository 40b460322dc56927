import Tabular

/// Input data the commands cannot use (exit code 65).
public enum DataError: Error, Sendable, CustomStringConvertible {
    /// A file could not be read or parsed (missing, undecodable, bad quoting, missing column).
    case csv(CSVError)
    /// A required file is missing from the data folder.
    case missingFile(folder: String, file: String)
    /// Validation found errors and invalid rows were not to be skipped.
    case invalidLedger(findings: [LedgerFinding])
    /// Anything else wrong with the data, in words.
    case other(String)

    public var description: String {
        switch self {
        case .csv(let e): e.description
        case .missingFile(let folder, let file): "\(folder): no \(file) in this folder"
        case .invalidLedger(let findings):
            "the data has \(findings.filter { $0.severity == .error }.count) error(s); "
                + "fix them or run with --skip-invalid to leave those rows out"
        case .other(let s): s
        }
    }
}
