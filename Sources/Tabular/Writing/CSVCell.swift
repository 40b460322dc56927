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

    /// `x` with `places` decimals, locale-free, without negative zero (`-0.00` → `0.00`);
    /// empty for NaN and infinities.
    public static func fixed(_ x: Double, places: Int) -> String {
        guard x.isFinite else { return "" }
        var s = String(format: "%.\(max(0, min(places, 17)))f", locale: Locale(identifier: "en_US_POSIX"), x)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }

    /// The formatted text of a number cell.
    public static func format(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }
}
