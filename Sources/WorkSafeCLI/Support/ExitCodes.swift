import ArgumentParser
import Stats
import Tabular
import WorkSafe

/// The exit codes of `worksafe`: 0 success, 64 usage error (ArgumentParser's parse and
/// `validate()` errors, `ValidationError`), 65 bad input data, 1 anything else.
enum WorkSafeExit {
    static let success = ExitCode(0)
    static let usage = ExitCode(64)
    static let badData = ExitCode(65)
    static let failure = ExitCode(1)

    /// Runs a command's body, mapping errors to messages on stderr and exit codes:
    /// `DataError`/`CSVError` → 65 (the findings are listed), `ValidationError` and
    /// `UsageRefusal` → 64, an
    /// `ExitCode` or `CleanExit` passes through, anything else → 1. Use as the whole of `run()`:
    ///
    ///     func run() throws { try WorkSafeExit.guarding { ... } }
    static func guarding(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as DataError {
            Messages.report(error)
            throw badData
        } catch let error as CSVError {
            Messages.error(error.description)
            throw badData
        } catch let error as ValidationError {
            throw error
        } catch let error as UsageRefusal {
            Messages.error(error.message)
            throw usage
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch let error as ForecastError {
            switch error {
            case .noFutureMilestone:
                Messages.error("\(error.description); pass an earlier --as-of or a later --milestone DATE:PERCENT")
                throw usage
            case .invalidConfiguration:
                Messages.error(error.description)
                throw usage
            case .insufficientHistory, .invalidProgressRecord, .modelFailed:
                Messages.error(error.description)
                throw badData
            }
        } catch let error as RiskError {
            Messages.error(String(describing: error))
            throw badData
        } catch let error as ClusteringError {
            Messages.error(String(describing: error))
            throw badData
        } catch let error as AssessmentError {
            Messages.error(error.description)
            switch error {
            case .periodBeforeCampaign, .periodAfterData, .invalidYear: throw usage
            default: throw badData
            }
        } catch let error as CalibrationError {
            Messages.error("backtest: \(error.description) (no forecast could be scored: choose earlier --origins)")
            throw badData
        } catch let error as TabularIOError {
            Messages.error(error.description)
            throw failure
        } catch {
            Messages.error(String(describing: error))
            throw failure
        }
    }
}
