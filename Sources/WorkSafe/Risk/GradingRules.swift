import Foundation

/// Every threshold of rule-based risk grading, with the design's defaults, loadable from JSON.
///
/// A rules file overrides only what it names; everything else keeps its default, e.g.
/// ```json
/// {"lec": {"red": 400, "orange": 200, "yellow": 70},
///  "aggregation": {"rule": "counting", "red": 2, "orange": 1, "yellow": 1},
///  "upgrade_for_open_major_hazard": true, "upgrade_for_fatal_accident": true,
///  "supervision": {"red": {"level1": 6, "level2": 8, "level3": 12, "compliant": 12, "none": 12}, …}}
/// ```
/// Unknown keys are refused (a typo must not silently leave a default in place).
public struct GradingRules: Sendable, Equatable {
    /// LEC bands for D = L × E × C.
    public var lec: RiskBands
    /// Risk-matrix bands for R = L × S.
    public var ls: RiskBands
    /// How the enterprise's colour follows from its points' colours.
    public var aggregation: AggregationRule
    /// One level up (at most red) when a major hazard found in the period is not rectified.
    public var upgradeForOpenMajorHazard: Bool
    /// One level up (at most red) after an accident with deaths in the period.
    public var upgradeForFatalAccident: Bool
    /// Inspections per year by colour × standardization grade.
    public var supervision: SupervisionTable

    /// Rules; every argument defaults to the design's value.
    public init(lec: RiskBands = .lecDefault, ls: RiskBands = .lsDefault,
                aggregation: AggregationRule = .highest, upgradeForOpenMajorHazard: Bool = true,
                upgradeForFatalAccident: Bool = true, supervision: SupervisionTable = .default) {
        self.lec = lec; self.ls = ls; self.aggregation = aggregation
        self.upgradeForOpenMajorHazard = upgradeForOpenMajorHazard
        self.upgradeForFatalAccident = upgradeForFatalAccident; self.supervision = supervision
    }

    /// The design's defaults.
    public static let `default` = GradingRules()

    /// Throws `RiskError.invalidRules` unless bands decrease from red to yellow, counting
    /// thresholds are ≥ 1 and inspection counts ≥ 0.
    public func validate() throws {
        try lec.validate(name: "lec")
        try ls.validate(name: "ls")
        try aggregation.validate()
        try supervision.validate()
    }

    /// Rules from a JSON document (partial: missing keys keep their defaults), validated.
    ///
    /// - Throws: `RiskError.invalidRules` naming the problem (malformed JSON, unknown key, wrong
    ///   type, inconsistent bands).
    public static func load(json data: Data) throws -> GradingRules {
        let rules: GradingRules
        do {
            rules = try JSONDecoder().decode(GradingRules.self, from: data)
        } catch let error as RiskError {
            throw error
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw RiskError.invalidRules(detail: "\(codingPathText(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw RiskError.invalidRules(detail: "\(codingPathText(context.codingPath + [key])): missing")
        } catch let DecodingError.dataCorrupted(context) {
            throw RiskError.invalidRules(detail: "not valid JSON (\(context.debugDescription))")
        } catch {
            throw RiskError.invalidRules(detail: "\(error)")
        }
        try rules.validate()
        return rules
    }

    /// The rules as pretty, key-sorted JSON (a starting point for a rules file).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

extension GradingRules: Codable {
    private enum Keys: String, CodingKey, CaseIterable {
        case lec, ls, aggregation
        case upgradeForOpenMajorHazard = "upgrade_for_open_major_hazard"
        case upgradeForFatalAccident = "upgrade_for_fatal_accident"
        case supervision
    }

    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: Keys.allCases.map(\.rawValue), where: "rules")
        let c = try decoder.container(keyedBy: Keys.self)
        let d = GradingRules.default
        // Nested objects are partial too: `{"lec": {"red": 400}}` keeps the other LEC bounds,
        // `{"supervision": {"red": {"none": 24}}}` the other cells.
        lec = try c.decodeIfPresent(PartialBands.self, forKey: .lec)?.merged(into: d.lec) ?? d.lec
        ls = try c.decodeIfPresent(PartialBands.self, forKey: .ls)?.merged(into: d.ls) ?? d.ls
        aggregation = try c.decodeIfPresent(AggregationRule.self, forKey: .aggregation) ?? d.aggregation
        upgradeForOpenMajorHazard = try c.decodeIfPresent(Bool.self, forKey: .upgradeForOpenMajorHazard)
            ?? d.upgradeForOpenMajorHazard
        upgradeForFatalAccident = try c.decodeIfPresent(Bool.self, forKey: .upgradeForFatalAccident)
            ?? d.upgradeForFatalAccident
        supervision = try c.decodeIfPresent(PartialSupervision.self, forKey: .supervision)?.merged(into: d.supervision)
            ?? d.supervision
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(lec, forKey: .lec)
        try c.encode(ls, forKey: .ls)
        try c.encode(aggregation, forKey: .aggregation)
        try c.encode(upgradeForOpenMajorHazard, forKey: .upgradeForOpenMajorHazard)
        try c.encode(upgradeForFatalAccident, forKey: .upgradeForFatalAccident)
        try c.encode(supervision, forKey: .supervision)
    }
}

/// Bands with any of their bounds given.
private struct PartialBands: Decodable {
    var red, orange, yellow: Double?
    private enum Keys: String, CodingKey, CaseIterable { case red, orange, yellow }

    init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: Keys.allCases.map(\.rawValue), where: codingPathText(decoder.codingPath))
        let c = try decoder.container(keyedBy: Keys.self)
        red = try c.decodeIfPresent(Double.self, forKey: .red)
        orange = try c.decodeIfPresent(Double.self, forKey: .orange)
        yellow = try c.decodeIfPresent(Double.self, forKey: .yellow)
    }

    func merged(into d: RiskBands) -> RiskBands {
        RiskBands(red: red ?? d.red, orange: orange ?? d.orange, yellow: yellow ?? d.yellow)
    }
}

/// A supervision table with any of its colours, and any cells of each, given.
private struct PartialSupervision: Decodable {
    var rows: [String: PartialRow] = [:]
    private static let colours = ["red", "orange", "yellow", "blue"]

    struct PartialRow: Decodable {
        var cells: [String: Int] = [:]
        init(from decoder: Decoder) throws {
            let allowed = SupervisionGrade.allCases.map(\.rawValue)
            try rejectUnknownKeys(decoder, allowed: allowed, where: codingPathText(decoder.codingPath))
            let c = try decoder.container(keyedBy: AnyKey.self)
            for key in c.allKeys { cells[key.stringValue] = try c.decode(Int.self, forKey: key) }
        }

        func merged(into d: SupervisionTable.Row) -> SupervisionTable.Row {
            SupervisionTable.Row(level1: cells["level1"] ?? d.level1, level2: cells["level2"] ?? d.level2,
                                 level3: cells["level3"] ?? d.level3, compliant: cells["compliant"] ?? d.compliant,
                                 none: cells["none"] ?? d.none)
        }
    }

    init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: Self.colours, where: codingPathText(decoder.codingPath))
        let c = try decoder.container(keyedBy: AnyKey.self)
        for key in c.allKeys { rows[key.stringValue] = try c.decode(PartialRow.self, forKey: key) }
    }

    func merged(into d: SupervisionTable) -> SupervisionTable {
        SupervisionTable(red: rows["red"]?.merged(into: d.red) ?? d.red,
                         orange: rows["orange"]?.merged(into: d.orange) ?? d.orange,
                         yellow: rows["yellow"]?.merged(into: d.yellow) ?? d.yellow,
                         blue: rows["blue"]?.merged(into: d.blue) ?? d.blue)
    }
}

/// Any string key, to list the keys an object actually has.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Throws `RiskError.invalidRules` when the object being decoded has a key outside `allowed`.
private func rejectUnknownKeys(_ decoder: Decoder, allowed: [String], where place: String) throws {
    let c = try decoder.container(keyedBy: AnyKey.self)
    let unknown = c.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
    if !unknown.isEmpty {
        throw RiskError.invalidRules(
            detail: "unknown key\(unknown.count > 1 ? "s" : "") \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")) in \(place); allowed: \(allowed.joined(separator: ", "))")
    }
}

private func codingPathText(_ path: [CodingKey]) -> String {
    path.isEmpty ? "rules" : path.map(\.stringValue).joined(separator: ".")
}
