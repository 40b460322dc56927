import Foundation

extension Day {
    /// Today in UTC, from the system clock.
    public static var today: Day {
        Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// Dates as offices write them: `2024-03-05`, `2024/3/5`, `2024.3.5`, `2024年3月5日`, optionally
/// followed by a time (`2024-03-05 00:00:00`, as Excel exports dates).
enum LedgerDateParsing {
    enum Outcome { case day(Day), invalid(String) }

    static func parse(_ raw: String) -> Outcome {
        var text = raw.trimmingWhitespace()
        if let space = text.firstIndex(of: " ") { text = String(text[..<space]) }
        if let t = text.firstIndex(of: "T"), text.count > 10 { text = String(text[..<t]) }
        let unified = text.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-")
            .replacingOccurrences(of: "日", with: "").replacingOccurrences(of: "/", with: "-")
            .replacingOccurrences(of: ".", with: "-")
        let parts = unified.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
           let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        {
            guard let day = Day(year: y, month: m, day: d) else {
                return .invalid("\"\(raw)\" is not a real day")
            }
            guard y >= 1900 else { return .invalid("\"\(raw)\" is implausibly early") }
            return .day(day)
        }
        if let serial = Int(text), (20_000...80_000).contains(serial) {
            // Excel's 1900 date system: serial 1 is 1900-01-01, with the fictitious 1900-02-29,
            // so day 0 of the usable range is 1899-12-30.
            let day = Day(year: 1899, month: 12, day: 30)!.adding(days: serial)
            return .invalid("\"\(raw)\" looks like an Excel date serial number (\(day)); format the column as a date (YYYY-MM-DD)")
        }
        return .invalid("\"\(raw)\" is not a date (expected YYYY-MM-DD)")
    }
}
