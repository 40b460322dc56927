import Spreadsheet

/// A calendar day in the proleptic Gregorian calendar, stored as days since 1970-01-01.
///
/// The ledger has no times of day or time zones: a status change, an opening or a milestone
/// happens on a day. Conversions use Howard Hinnant's `days_from_civil` / `civil_from_days`
/// algorithms (through `ExcelDate`, the workbook reader's civil date), exact for every
/// representable year.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let ordinal: Int

    /// The day with the given ordinal.
    public init(ordinal: Int) { self.ordinal = ordinal }

    /// The day `year-month-day`, or `nil` if no such day exists (2023-02-29, 2024-13-01).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(year: year, month: month) else {
            return nil
        }
        ordinal = ExcelDate(year: year, month: month, day: day).daysSince1970
    }

    /// Parses an ISO date `YYYY-MM-DD`; `nil` for anything else or an impossible day.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count),
              (1...2).contains(parts[2].count),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `(year, month, day)`.
    public var components: (year: Int, month: Int, day: Int) {
        let civil = ExcelDate(daysSince1970: ordinal)
        return (civil.year, civil.month, civil.day)
    }

    /// The year.
    public var year: Int { components.year }
    /// The month, 1–12.
    public var month: Int { components.month }

    /// ISO `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        return String(format4(y)) + "-" + pad2(m) + "-" + pad2(d)
    }

    /// Whether `year` is a leap year.
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days in `month` of `year`.
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The last day of this day's month.
    public var endOfMonth: Day {
        let (y, m, _) = components
        return Day(year: y, month: m, day: Day.daysIn(year: y, month: m))!
    }

    /// The last day of this day's quarter.
    public var endOfQuarter: Day { quarter.lastDay }

    /// The quarter this day falls in.
    public var quarter: Quarter {
        let (y, m, _) = components
        return Quarter(year: y, number: (m - 1) / 3 + 1)!
    }

    /// The same day-of-month `months` months later (clamped to the month's end: Jan 31 + 1 month
    /// is Feb 28 or 29).
    public func adding(months: Int) -> Day {
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + months
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        return Day(year: ny, month: nm, day: min(d, Day.daysIn(year: ny, month: nm)))!
    }

    /// The day `days` days later.
    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Whole calendar months from `earlier`'s month to this day's month (2024-03-31 minus
    /// 2024-01-01 is 2).
    public func months(since earlier: Day) -> Int {
        let a = components, b = earlier.components
        return (a.year - b.year) * 12 + (a.month - b.month)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }
}

/// A calendar quarter such as 2024Q3.
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The quarter number, 1–4.
    public let number: Int

    /// The quarter, or `nil` unless `number` is 1–4.
    public init?(year: Int, number: Int) {
        guard (1...4).contains(number) else { return nil }
        self.year = year
        self.number = number
    }

    /// Parses `2024Q3` (also `2024-Q3`, `2024q3`, `2024年第3季度`); `nil` otherwise.
    public init?(_ text: some StringProtocol) {
        var s = String(text).trimmingWhitespace().uppercased()
        s = s.replacingOccurrences(of: "年第", with: "Q").replacingOccurrences(of: "季度", with: "")
            .replacingOccurrences(of: "-Q", with: "Q")
        let parts = s.split(separator: "Q", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 1,
              let y = Int(parts[0]), let q = Int(parts[1]) else { return nil }
        self.init(year: y, number: q)
    }

    /// The first day of the quarter.
    public var firstDay: Day { Day(year: year, month: (number - 1) * 3 + 1, day: 1)! }
    /// The last day of the quarter.
    public var lastDay: Day {
        let m = number * 3
        return Day(year: year, month: m, day: Day.daysIn(year: year, month: m))!
    }
    /// The quarter before this one.
    public var previous: Quarter {
        number == 1 ? Quarter(year: year - 1, number: 4)! : Quarter(year: year, number: number - 1)!
    }
    /// The quarter after this one.
    public var next: Quarter {
        number == 4 ? Quarter(year: year + 1, number: 1)! : Quarter(year: year, number: number + 1)!
    }

    /// `2024Q3`.
    public var description: String { "\(year)Q\(number)" }

    public static func < (lhs: Quarter, rhs: Quarter) -> Bool {
        (lhs.year, lhs.number) < (rhs.year, rhs.number)
    }
}

private func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
private func format4(_ v: Int) -> String {
    let s = String(abs(v))
    return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - s.count)) + s
}

extension String {
    /// The string without leading and trailing white space (ASCII, ideographic space U+3000 and
    /// no-break space), without Foundation.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{3000}" || $0 == "\u{00A0}" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }

    /// Every occurrence of `target` replaced by `replacement`, without Foundation.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = "", rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            result += rest[..<r.lowerBound]
            result += replacement
            rest = rest[r.upperBound...]
        }
        return result + rest
    }
}
