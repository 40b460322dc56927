/// Errors from the calibration metrics.
public enum CalibrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The inputs have different lengths.
    case lengthMismatch(expected: Int, actual: Int)
    /// No forecasts were given.
    case empty
    /// A probability outside [0, 1] (or NaN) at `index`.
    case probabilityOutOfRange(index: Int, value: Double)
    /// A non-finite interval end or realised value at `index`.
    case nonFinite(index: Int)
    /// A bin count below 1.
    case invalidBinCount(Int)

    public var description: String {
        switch self {
        case let .lengthMismatch(e, a): return "calibration: \(a) values where \(e) were expected"
        case .empty: return "calibration: no forecasts to score"
        case let .probabilityOutOfRange(i, v): return "calibration: probability \(v) at index \(i) is outside [0, 1]"
        case let .nonFinite(i): return "calibration: non-finite value at index \(i)"
        case let .invalidBinCount(n): return "calibration: \(n) bins requested, at least 1 needed"
        }
    }
}

func validateProbabilities(_ p: [Double], outcomes count: Int) throws {
    guard p.count == count else { throw CalibrationError.lengthMismatch(expected: p.count, actual: count) }
    guard !p.isEmpty else { throw CalibrationError.empty }
    for (i, v) in p.enumerated() where !(v >= 0 && v <= 1) {
        throw CalibrationError.probabilityOutOfRange(index: i, value: v)
    }
}
