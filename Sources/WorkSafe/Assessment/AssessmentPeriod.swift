/// Which years and quarters can be assessed: those that overlap both the campaign and the data.
///
/// A year or quarter that ends before the campaign starts has nothing to assess (every unit
/// would "reach" a 0 % target and score full points); one that starts after the last day the
/// ledger records anything (`Ledger.lastRecordedDay`) has no data (it would be scored on a
/// state nobody reported). Both are refused (`AssessmentError.periodBeforeCampaign`,
/// `.periodAfterData`). A period that the data cover only in part is assessed on what is known:
/// each later day takes the latest status recorded before it.
public enum AssessmentPeriod {
    /// Throws unless `year` overlaps the campaign and the data.
    public static func check(year: Int, ledger: Ledger, campaign: Campaign) throws(AssessmentError) {
        guard (1...9999).contains(year) else { throw .invalidYear(year) }
        try check("\(year)", first: Day(year: year, month: 1, day: 1)!, last: Day(year: year, month: 12, day: 31)!,
                  ledger: ledger, campaign: campaign, range: years(ledger: ledger, campaign: campaign))
    }

    /// Throws unless `quarter` overlaps the campaign and the data.
    public static func check(_ quarter: Quarter, ledger: Ledger, campaign: Campaign) throws(AssessmentError) {
        let range: String? = lastDay(ledger).flatMap { end in
            campaign.start.quarter <= end.quarter ? "\(campaign.start.quarter)–\(end.quarter)" : nil
        }
        try check(quarter.description, first: quarter.firstDay, last: quarter.lastDay,
                  ledger: ledger, campaign: campaign, range: range)
    }

    /// Whether `year` can be assessed (see `check(year:ledger:campaign:)`).
    public static func canAssess(year: Int, ledger: Ledger, campaign: Campaign) -> Bool {
        (try? check(year: year, ledger: ledger, campaign: campaign)) != nil
    }

    private static func check(_ name: String, first: Day, last: Day, ledger: Ledger, campaign: Campaign,
                              range: String?) throws(AssessmentError) {
        if last < campaign.start {
            throw .periodBeforeCampaign(period: name, campaignStart: campaign.start, assessable: range)
        }
        if let end = lastDay(ledger), first > end {
            throw .periodAfterData(period: name, lastRecordedDay: end, assessable: range)
        }
    }

    private static func years(ledger: Ledger, campaign: Campaign) -> String? {
        lastDay(ledger).flatMap { end in
            campaign.start.year <= end.year ? "\(campaign.start.year)–\(end.year)" : nil
        }
    }

    private static func lastDay(_ ledger: Ledger) -> Day? { ledger.lastRecordedDay }
}

extension Ledger {
    /// The last day the ledger records anything: a status change, an opening or closing, or
    /// the end of a quarter with a `risk.csv` row. `nil` for a ledger without any date.
    ///
    /// - Complexity: O(*n* + *s* + *r*).
    public var lastRecordedDay: Day? {
        var last: Day? = nil
        func see(_ d: Day?) { if let d, last.map({ d > $0 }) ?? true { last = d } }
        for timeline in timelines.values { see(timeline.last?.date) }
        for e in enterprises { see(e.openedOn); see(e.closedOn) }
        for r in risk { see(r.period.lastDay) }
        return last
    }
}
