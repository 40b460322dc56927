/// How enterprises are grouped into units for a trend: the whole town, or by community,
/// supervising department, industry or size class.
public enum TrendGrouping: String, CaseIterable, Sendable, Hashable {
    case town, community, department, industry, size

    /// The unit name used for the whole town.
    public static let townUnit = "town"
    /// The unit name for a blank community, department or industry.
    public static let blankUnit = "(blank)"

    /// The unit `enterprise` belongs to under this grouping.
    public func unit(of enterprise: Enterprise) -> String {
        let value: String
        switch self {
        case .town: return Self.townUnit
        case .community: value = enterprise.community
        case .department: value = enterprise.department
        case .industry: value = enterprise.industry
        case .size: return enterprise.size.rawValue
        }
        // Ledger ids and labels usually arrive trimmed: skip the Character walk when they are.
        if let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
           !first.properties.isWhitespace, !last.properties.isWhitespace, first != "\u{3000}", last != "\u{3000}" {
            return value
        }
        let trimmed = value.trimmingWhitespace()
        return trimmed.isEmpty ? Self.blankUnit : trimmed
    }

    /// The units of `enterprises` in a deterministic order: the size classes in their natural
    /// order (large → micro, all four, so an empty class still gets rows), other units sorted.
    public func units(of enterprises: [Enterprise]) -> [String] {
        switch self {
        case .town: return [Self.townUnit]
        case .size: return EnterpriseSize.allCases.map(\.rawValue)
        default: return Set(enterprises.map { unit(of: $0) }).sorted()
        }
    }
}

/// The length of a trend period.
public enum TrendPeriod: String, CaseIterable, Sendable, Hashable {
    case month, quarter

    /// The last day of the period containing `day`.
    public func end(containing day: Day) -> Day {
        self == .month ? day.endOfMonth : day.endOfQuarter
    }

    /// The period ends from the period containing `start` up to `asOf`, plus `asOf` itself when
    /// it falls inside a period (a partial period "to date"). When `asOf` precedes `start`, the
    /// single day `asOf`.
    ///
    /// - Returns: ascending days and, for each, whether it closes a partial period.
    public func ends(from start: Day, through asOf: Day) -> [(day: Day, isPartial: Bool)] {
        guard asOf >= start else { return [(asOf, asOf != end(containing: asOf))] }
        var result: [(Day, Bool)] = []
        var e = end(containing: start)
        while e <= asOf {
            result.append((e, false))
            e = end(containing: e.adding(days: 1))
        }
        if result.last?.0 != asOf { result.append((asOf, true)) }
        return result
    }
}

/// Average days per month (365.2425 / 12): converts day spans to months for paces and growth
/// curves.
public let averageDaysPerMonth = 30.436_875
