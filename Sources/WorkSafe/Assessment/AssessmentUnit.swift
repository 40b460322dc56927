/// The kind of unit that is assessed: the whole town, a community (社区) or a supervising
/// department (监管部门).
public enum UnitKind: String, CaseIterable, Sendable, Codable, Comparable {
    case town, community, department

    /// `town`/`community`/`department` or 全镇/社区/部门.
    public func label(_ language: Language) -> String {
        switch self {
        case .town: language.pick("town", "全镇")
        case .community: language.pick("community", "社区")
        case .department: language.pick("department", "部门")
        }
    }

    public static func < (lhs: UnitKind, rhs: UnitKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A unit that is assessed: a community or a department by name, or the town.
///
/// Units order by kind (town, communities, departments), then by name in Unicode scalar order,
/// which is the same on every machine.
public struct AssessmentUnit: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The kind.
    public var kind: UnitKind
    /// The community's or department's name as in the ledger; "town" for the town.
    public var name: String

    /// A unit.
    public init(kind: UnitKind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// The town (all enterprises).
    public static let town = AssessmentUnit(kind: .town, name: "town")

    /// A community.
    public static func community(_ name: String) -> AssessmentUnit { .init(kind: .community, name: name) }
    /// A department.
    public static func department(_ name: String) -> AssessmentUnit { .init(kind: .department, name: name) }

    /// The number of communities and departments of the ledger's enterprises (the units
    /// assessed besides the town).
    ///
    /// - Complexity: O(*n*).
    public static func count(in ledger: Ledger) -> Int {
        Set(ledger.enterprises.map(\.community)).count + Set(ledger.enterprises.map(\.department)).count
    }

    /// Whether `enterprise` belongs to this unit.
    public func contains(_ enterprise: Enterprise) -> Bool {
        switch kind {
        case .town: true
        case .community: enterprise.community == name
        case .department: enterprise.department == name
        }
    }

    /// The name to show: the unit's name, or 全镇 / "town" for the town.
    public func displayName(_ language: Language) -> String {
        kind == .town ? UnitKind.town.label(language) : name
    }

    /// `community:名称`.
    public var description: String { "\(kind.rawValue):\(name)" }

    public static func < (lhs: AssessmentUnit, rhs: AssessmentUnit) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        return lhs.name.unicodeScalars.lexicographicallyPrecedes(rhs.name.unicodeScalars)
    }

    /// Every community and every department that has at least one enterprise in `ledger`,
    /// communities first, each group sorted by name.
    public static func units(of ledger: Ledger) -> [AssessmentUnit] {
        let communities = Set(ledger.enterprises.map(\.community)).map(AssessmentUnit.community)
        let departments = Set(ledger.enterprises.map(\.department)).map(AssessmentUnit.department)
        return (communities + departments).sorted()
    }
}

/// Competition ranking ("1224"): the largest value ranks 1, equal values share a rank and the
/// next value skips the tied places; `nil` values are not ranked.
///
/// Values are compared after rounding to 1e-9 so that shares computed by different paths but
/// equal on paper tie.
func competitionRanks(_ values: [Double?]) -> [Int?] {
    let key: (Double) -> Double = { ($0 * 1e9).rounded() }
    return values.map { v in
        guard let v else { return nil }
        return 1 + values.reduce(0) { n, w in
            guard let w else { return n }
            return key(w) > key(v) ? n + 1 : n
        }
    }
}

/// A row of a ranked table of units (the annual scores, the quarterly bulletin).
protocol RankedUnitRow {
    var unit: AssessmentUnit { get }
    var rank: Int? { get set }
}

/// `rows` with their competition ranks by `value` (`competitionRanks`) set, ordered by rank,
/// unranked rows last, ties by unit.
func rankedByCompetition<Row: RankedUnitRow>(_ rows: [Row], by value: (Row) -> Double?) -> [Row] {
    var out = rows
    let ranks = competitionRanks(out.map(value))
    for i in out.indices { out[i].rank = ranks[i] }
    out.sort { a, b in
        switch (a.rank, b.rank) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.unit < b.unit
        }
    }
    return out
}
