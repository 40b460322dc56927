import Testing
@testable import Spreadsheet

@Suite struct ExcelDateTests {
    @Test func serialsOfThe1900SystemKeepTheLeapYearQuirk() {
        #expect(ExcelDate(serial: 1)?.description == "1900-01-01")
        #expect(ExcelDate(serial: 59)?.description == "1900-02-28")
        let quirk = ExcelDate(serial: 60)!
        #expect(quirk.description == "1900-02-29")
        #expect(!quirk.isValid)
        #expect(ExcelDate(serial: 61)?.description == "1900-03-01")
        #expect(ExcelDate(serial: 45_351)?.description == "2024-02-29")
        #expect(ExcelDate(serial: 0) == nil)
        #expect(ExcelDate(serial: -5) == nil)
    }

    @Test func serialsRoundTripThroughDays() {
        for serial in [1, 2, 58, 59, 61, 62, 366, 36_526, 44_986, 45_351, 2_958_465] {
            let day = ExcelDate(serial: serial)!
            #expect(day.serial() == serial, "serial \(serial) → \(day)")
        }
        #expect(ExcelDate(year: 1899, month: 12, day: 31).serial() == nil)
        #expect(ExcelDate(year: 9999, month: 12, day: 31).serial() == 2_958_465)
    }

    @Test func the1904SystemCountsFromJanuaryFirst1904() {
        #expect(ExcelDate(serial: 0, system: .excel1904)?.description == "1904-01-01")
        #expect(ExcelDate(serial: 1, system: .excel1904)?.description == "1904-01-02")
        // The same day is 1462 serials apart in the two systems.
        let day = ExcelDate(year: 2024, month: 1, day: 31)
        #expect(day.serial(in: .excel1900)! - day.serial(in: .excel1904)! == 1462)
    }

    @Test func isoTextIsParsedOnlyWhenItIsARealDay() {
        #expect(ExcelDate(iso: "2024-02-29") == ExcelDate(year: 2024, month: 2, day: 29))
        #expect(ExcelDate(iso: "2023-02-29") == nil)
        #expect(ExcelDate(iso: "2024-2-29") == nil)
        #expect(ExcelDate(iso: "2024Q3") == nil)
    }

    @Test func daysSince1970MatchTheProlepticGregorianCalendar() {
        #expect(ExcelDate(year: 1970, month: 1, day: 1).daysSince1970 == 0)
        #expect(ExcelDate(year: 2000, month: 3, day: 1).daysSince1970 == 11_017)
        #expect(ExcelDate(daysSince1970: -1).description == "1969-12-31")
        for d in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(ExcelDate(daysSince1970: d).daysSince1970 == d)
        }
    }
}
