/// How often realised values fall inside forecast intervals `[lowerᵢ, upperᵢ]` (ends included).
///
/// A calibrated 80 % interval covers about 80 % of the time; `below` and `above` show which side
/// misses fall on.
///
/// - Complexity: O(*n*).
public struct IntervalCoverage: Sendable, Equatable {
    /// Number of intervals scored.
    public let count: Int
    /// Realised values inside their interval.
    public let covered: Int
    /// Realised values below the lower end.
    public let below: Int
    /// Realised values above the upper end.
    public let above: Int
    /// Mean interval width `Σ (upperᵢ − lowerᵢ)/n`.
    public let meanWidth: Double

    /// The share covered, `covered / count`.
    public var rate: Double { Double(covered) / Double(count) }

    /// Scores the intervals.
    ///
    /// - Throws: `CalibrationError.lengthMismatch`, `.empty`, `.nonFinite` (NaN or ±∞ anywhere).
    public init(lower: [Double], upper: [Double], realized: [Double]) throws {
        guard lower.count == upper.count else {
            throw CalibrationError.lengthMismatch(expected: lower.count, actual: upper.count)
        }
        guard lower.count == realized.count else {
            throw CalibrationError.lengthMismatch(expected: lower.count, actual: realized.count)
        }
        guard !lower.isEmpty else { throw CalibrationError.empty }
        var c = 0, b = 0, a = 0, w = 0.0
        for i in lower.indices {
            guard lower[i].isFinite, upper[i].isFinite, realized[i].isFinite else {
                throw CalibrationError.nonFinite(index: i)
            }
            if realized[i] < lower[i] { b += 1 } else if realized[i] > upper[i] { a += 1 } else { c += 1 }
            w += upper[i] - lower[i]
        }
        count = lower.count; covered = c; below = b; above = a; meanWidth = w / Double(lower.count)
    }
}
