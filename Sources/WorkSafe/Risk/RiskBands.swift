/// Bands that turn a point score into a colour: the lower bound of red, orange and yellow.
///
/// A score on a bound belongs to the higher colour: `score ≥ red` → red, `orange ≤ score < red` →
/// orange, `yellow ≤ score < orange` → yellow, `score < yellow` → blue. With the LEC defaults
/// (320, 160, 70): D = 320 is red, D = 160 orange, D = 70 yellow, D = 69.9 blue. With the LS
/// defaults (20, 15, 9) on R = L × S ∈ 1…25: 20–25 red, 15–19 orange, 9–14 yellow, 1–8 blue.
public struct RiskBands: Codable, Sendable, Equatable {
    /// Lowest red score.
    public var red: Double
    /// Lowest orange score.
    public var orange: Double
    /// Lowest yellow score.
    public var yellow: Double

    /// Bands from their lower bounds (`red > orange > yellow`; checked by `validate`).
    public init(red: Double, orange: Double, yellow: Double) {
        self.red = red; self.orange = orange; self.yellow = yellow
    }

    /// LEC defaults (作业条件危险性分析, D = L × E × C): ≥ 320 red, ≥ 160 orange, ≥ 70 yellow.
    public static let lecDefault = RiskBands(red: 320, orange: 160, yellow: 70)
    /// Risk-matrix defaults (R = L × S): ≥ 20 red, ≥ 15 orange, ≥ 9 yellow.
    public static let lsDefault = RiskBands(red: 20, orange: 15, yellow: 9)

    /// The colour of `score`.
    public func level(of score: Double) -> RiskLevel {
        if score >= red { return .red }
        if score >= orange { return .orange }
        if score >= yellow { return .yellow }
        return .blue
    }

    /// The band of `level` as text, e.g. `160 ≤ D < 320` (for reasons).
    public func bandDescription(of level: RiskLevel, symbol: String) -> String {
        switch level {
        case .red: return "\(symbol) ≥ \(riskNumberText(red))"
        case .orange: return "\(riskNumberText(orange)) ≤ \(symbol) < \(riskNumberText(red))"
        case .yellow: return "\(riskNumberText(yellow)) ≤ \(symbol) < \(riskNumberText(orange))"
        case .blue: return "\(symbol) < \(riskNumberText(yellow))"
        }
    }

    /// Throws unless the bounds are finite and strictly decreasing from red to yellow.
    public func validate(name: String) throws {
        guard red.isFinite, orange.isFinite, yellow.isFinite else {
            throw RiskError.invalidRules(detail: "\(name) bands must be finite numbers")
        }
        guard red > orange, orange > yellow else {
            throw RiskError.invalidRules(
                detail: "\(name) bands must satisfy red > orange > yellow, got \(riskNumberText(red)), \(riskNumberText(orange)), \(riskNumberText(yellow))")
        }
    }
}

/// A number as short text: integers without a decimal point (`320`, not `320.0`).
func riskNumberText(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return String(x)
}
