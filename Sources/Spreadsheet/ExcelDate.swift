/// A calendar day as Excel stores it: a serial number of days in the workbook's date system.
///
/// **1900 system** (the default): serial 1 is 1900-01-01, and serial 60 is 1900-02-29, a day
/// that never was — Lotus 1-2-3's leap-year mistake, kept by Excel for compatibility. From
/// serial 61 (1900-03-01) on, serial *s* is 1899-12-30 + *s* days; below 60 it is
/// 1899-12-31 + *s*. **1904 system** (`<workbookPr date1904="1"/>`, old Mac workbooks): serial
/// *s* is 1904-01-01 + *s* days, no quirk. A fractional part is the time of day.
///
/// Days are handled as proleptic Gregorian (year, month, day) and as days since 1970-01-01
/// (Howard Hinnant's `days_from_civil` / `civil_from_days`), so nothing depends on Foundation's
/// calendars or time zones.
public struct ExcelDate: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A day; no validation (see `isValid`).
    @inlinable
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    /// Which date system a workbook uses.
    public enum System: Sendable { case excel1900, excel1904 }

    /// Whether the day exists in the Gregorian calendar.
    public var isValid: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= Self.daysIn(month: month, year: year)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The day written exactly `YYYY-MM-DD` (a real day), or `nil`.
    public init?(iso text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        var v = [0, 0, 0]
        for (k, range) in [(0, 0..<4), (1, 5..<7), (2, 8..<10)] {
            for i in range {
                let d = b[i] &- 0x30
                guard d < 10 else { return nil }
                v[k] = v[k] * 10 + Int(d)
            }
        }
        self.init(year: v[0], month: v[1], day: v[2])
        guard isValid else { return nil }
    }

    /// Days since 1970-01-01 (negative before): Howard Hinnant's `days_from_civil`.
    @inlinable
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01: Howard Hinnant's `civil_from_days`.
    @inlinable
    public init(daysSince1970 days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    private static let epoch1900 = ExcelDate(year: 1899, month: 12, day: 30).daysSince1970
    private static let epoch1904 = ExcelDate(year: 1904, month: 1, day: 1).daysSince1970

    /// The serial number of this day in `system`; `nil` for days the system cannot hold (before
    /// 1900-01-01, or before 1904-01-01 in the 1904 system). Days before 1900-03-01 get the
    /// quirk's numbering (1900-01-01 is 1, 1900-02-28 is 59).
    public func serial(in system: System = .excel1900) -> Int? {
        let d = daysSince1970
        switch system {
        case .excel1900:
            let s = d - Self.epoch1900
            if s >= 61 { return s }
            return s >= 2 ? s - 1 : nil
        case .excel1904:
            let s = d - Self.epoch1904
            return s >= 0 ? s : nil
        }
    }

    /// The day of whole serial `serial` in `system`. In the 1900 system serial 60 is the
    /// fictitious 1900-02-29, returned as such (`isValid` is false); serials below 1 (below 0
    /// in the 1904 system) give `nil`.
    public init?(serial: Int, system: System = .excel1900) {
        switch system {
        case .excel1900:
            if serial < 1 { return nil }
            if serial == 60 { self.init(year: 1900, month: 2, day: 29); return }
            self.init(daysSince1970: Self.epoch1900 + (serial < 60 ? serial + 1 : serial))
        case .excel1904:
            if serial < 0 { return nil }
            self.init(daysSince1970: Self.epoch1904 + serial)
        }
    }
}
