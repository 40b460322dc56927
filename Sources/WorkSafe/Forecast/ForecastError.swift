/// Errors from the forecasting methods.
public enum ForecastError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No milestone falls after the as-of date, so there is nothing to forecast.
    case noFutureMilestone(asOf: Day)
    /// The history before the as-of date cannot support a model (`detail` says why).
    case insufficientHistory(detail: String)
    /// The hazard model could not be fitted (`detail` carries the estimator's message).
    case modelFailed(detail: String)
    /// A configuration value is out of range.
    case invalidConfiguration(detail: String)
    /// A progress record is unusable (no share, a share outside 0–100, completed > total…).
    case invalidProgressRecord(unit: String, date: Day, detail: String)

    public var description: String {
        switch self {
        case let .noFutureMilestone(d): return "forecast: no milestone falls after the as-of date \(d)"
        case let .insufficientHistory(d): return "forecast: not enough history: \(d)"
        case let .modelFailed(d): return "forecast: the hazard model could not be fitted: \(d)"
        case let .invalidConfiguration(d): return "forecast: invalid configuration: \(d)"
        case let .invalidProgressRecord(u, d, detail): return "forecast: progress record of \(u) on \(d): \(detail)"
        }
    }
}
