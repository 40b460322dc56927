/// The standardization grade that sets, with the colour, how often an enterprise is inspected.
public enum SupervisionGrade: String, CaseIterable, Sendable, Codable {
    case level1, level2, level3, compliant
    /// Not (or no longer) completed: not started, in progress, self-assessed, lapsed, or unknown.
    case none

    /// The grade of a status. `completed` (upgrade finished, no grade recorded) counts as
    /// `compliant`; every status that does not count as completed is `none`.
    public init(status: StandardizationStatus?) {
        switch status {
        case .level1: self = .level1
        case .level2: self = .level2
        case .level3: self = .level3
        case .compliant, .completed: self = .compliant
        default: self = .none
        }
    }

    /// Chinese label.
    public var chineseLabel: String {
        switch self {
        case .level1: "一级"
        case .level2: "二级"
        case .level3: "三级"
        case .compliant: "达标"
        case .none: "未达标"
        }
    }
}

/// Inspections per year by colour × standardization grade (差异化监管频次).
///
/// Defaults: red 12 a year (monthly) unless graded (level 2: 10, level 1: 8); orange 6 (level 2
/// and 1: 4); yellow 3 when not completed, 2 when compliant/level 3/level 2, 1 at level 1; blue 2
/// when not completed, otherwise 1. Every cell is configuration.
public struct SupervisionTable: Codable, Sendable, Equatable {
    /// One colour's inspections per year by grade.
    public struct Row: Codable, Sendable, Equatable {
        public var level1: Int
        public var level2: Int
        public var level3: Int
        public var compliant: Int
        public var none: Int

        public init(level1: Int, level2: Int, level3: Int, compliant: Int, none: Int) {
            self.level1 = level1; self.level2 = level2; self.level3 = level3
            self.compliant = compliant; self.none = none
        }

        /// The inspections for `grade`.
        public subscript(grade: SupervisionGrade) -> Int {
            switch grade {
            case .level1: level1
            case .level2: level2
            case .level3: level3
            case .compliant: compliant
            case .none: none
            }
        }

        var all: [Int] { [level1, level2, level3, compliant, none] }
    }

    public var red: Row
    public var orange: Row
    public var yellow: Row
    public var blue: Row

    public init(red: Row, orange: Row, yellow: Row, blue: Row) {
        self.red = red; self.orange = orange; self.yellow = yellow; self.blue = blue
    }

    /// The default table (see the type's documentation).
    public static let `default` = SupervisionTable(
        red: Row(level1: 8, level2: 10, level3: 12, compliant: 12, none: 12),
        orange: Row(level1: 4, level2: 4, level3: 6, compliant: 6, none: 6),
        yellow: Row(level1: 1, level2: 2, level3: 2, compliant: 2, none: 3),
        blue: Row(level1: 1, level2: 1, level3: 1, compliant: 1, none: 2))

    /// Inspections per year for `level` × `grade`.
    public func inspectionsPerYear(level: RiskLevel, grade: SupervisionGrade) -> Int {
        switch level {
        case .red: red[grade]
        case .orange: orange[grade]
        case .yellow: yellow[grade]
        case .blue: blue[grade]
        }
    }

    /// Throws unless every cell is ≥ 0.
    public func validate() throws {
        for (name, row) in [("red", red), ("orange", orange), ("yellow", yellow), ("blue", blue)]
        where row.all.contains(where: { $0 < 0 }) {
            throw RiskError.invalidRules(detail: "supervision.\(name): inspections per year must be ≥ 0")
        }
    }
}
