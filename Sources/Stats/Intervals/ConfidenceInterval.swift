/// A two-sided interval `[lower, upper]` for a parameter or a proportion.
public struct ConfidenceInterval: Sendable, Hashable {
    /// The lower end.
    public var lower: Double
    /// The upper end.
    public var upper: Double

    /// An interval.
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

extension ConfidenceInterval {
    /// `upper − lower`.
    public var width: Double { upper - lower }

    /// Whether `value` lies in `[lower, upper]`.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
