import Foundation

/// A typed cell for `CSVWriter`: the type decides both the formatting and whether the
/// spreadsheet formula guard applies (text only; numbers stay numbers).
public enum CSVCell: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral
{
    /// Text. Quoted when needed; prefixed with `'` when it begins with `=`, `+`, `-`, `@`, tab or
    /// carriage return (and the writer's formula guard is on).
    case text(String)
    /// An integer, written in decimal.
    case integer(Int)
    /// A floating-point number, written in the shortest form that round-trips (integral values
    /// below 10^15 without a decimal point); NaN and infinities are written as an empty cell.
    case number(Double)
    /// A floating-point number in fixed-point notation with `places` decimals (`.` as the
    /// separator whatever the locale, no exponent, no negative zero); NaN and infinities are
    /// written as an empty cell.
    case decimal(Double, places: Int)
    /// An empty cell.
    case empty

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }

    /// `.text(s)`, or `.empty` when `s` is `nil`.
    public static func text(_ s: String?) -> CSVCell { s.map { .text($0) } ?? .empty }
    /// `.number(x)`, or `.empty` when `x` is `nil`.
    public static func number(_ x: Double?) -> CSVCell { x.map { .number($0) } ?? .empty }
    /// `.integer(x)`, or `.empty` when `x` is `nil`.
    public static func integer(_ x: Int?) -> CSVCell { x.map { .integer($0) } ?? .empty }
    /// `.decimal(x, places:)`, or `.empty` when `x` is `nil` or not finite.
    public static func decimal(_ x: Double?, _ places: Int) -> CSVCell {
        guard let x, x.isFinite else { return .empty }
        return .decimal(x, places: places)
    }

    /// Whether the cell holds a number (integer, number or decimal).
    public var isNumber: Bool {
        switch self {
        case .integer, .number, .decimal: true
        case .text, .empty: false
        }
    }

    /// The cell's number, if it holds one.
    public var numericValue: Double? {
        switch self {
        case let .integer(i): Double(i)
        case let .number(x), let .decimal(x, _): x
        case .text, .empty: nil
        }
    }

    /// The cell's text as written, before CSV quoting and the formula guard: numbers formatted,
    /// text as is, empty as "".
    public var formatted: String {
        switch self {
        case let .text(s): s
        case let .integer(i): String(i)
        case let .number(x): CSVCell.format(x)
        case let .decimal(x, places): CSVCell.fixed(x, places: places)
        case .empty: ""
        }
    }

    /// `x` with `places` decimals (0–15), rounded half away from zero as people round by hand
    /// (67.6875 → "67.69"), `.` as the separator whatever the locale, no exponent, no negative
    /// zero (`-0.004` → "0.00"); empty for NaN and infinities. The one fixed-point formatter of
    /// worksafe: every table, CSV and report goes through it.
    public static func fixed(_ x: Double, places: Int) -> String {
        guard x.isFinite else { return "" }
        let p = max(0, min(15, places))
        var scale = 1.0
        for _ in 0..<p { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else {
            var s = String(format: "%.\(p)f", locale: Locale(identifier: "en_US_POSIX"), x)
            if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
            return s
        }
        let n = Int(scaled), s = Int(scale)
        var text = String(n / s)
        if p > 0 {
            let frac = String(n % s)
            text += "." + String(repeating: "0", count: p - frac.count) + frac
        }
        return x < 0 && n != 0 ? "-" + text : text
    }

    /// The formatted text of a number cell.
    public static func format(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }
}
