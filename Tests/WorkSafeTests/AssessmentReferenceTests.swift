import Foundation
import Testing
@testable import WorkSafe

/// The assessment recomputed independently with pandas from RULES.md on a random ledger of 80
/// enterprises (openings, closures, lapses, benchmarks, major hazards, fatal accidents) by
/// `scripts/fixtures/assessment_fixtures.py`.
@Suite struct AssessmentReferenceTests {
    struct Reference: Decodable {
        struct Ent: Decodable {
            var id, name, community, department, industry: String
            var opened_on, closed_on: String?
            var benchmark: Bool
        }
        struct Event: Decodable { var id, date, status: String }
        struct Risk: Decodable {
            var id, period: String
            var general, major, rectified, major_rectified, accidents, deaths, injuries: Int
        }
        struct Score: Decodable {
            var kind, unit: String
            var enterprises, completed, quarters_early, open_major_hazards, vetoed: Int
            var share: Double?
            var reached, eligible: Bool
            var reached_quarter: String?
            var quarters_behind, missing_benchmarks: [String]
            var base, bonus, schedule_deduction, hazard_deduction, benchmark_deduction, total: Double
            var rank: Int?
        }
        struct Veto: Decodable { var id, quarter: String; var deaths, accidents, injuries: Int }
        struct Annual: Decodable {
            var year: Int
            var rules: String
            var target_percent: Double
            var target_date: String
            var scores: [Score]
            var vetoes: [Veto]
        }
        struct BulletinRowRef: Decodable {
            var kind, unit: String
            var enterprises, completed, hazards_found, hazards_rectified, major_open: Int
            var share, gap, previous, change, rate: Double?
            var schedule: Double
            var rank: Int?
            var key_present, missing: [String]
            var due: Bool
        }
        struct Bulletin: Decodable { var quarter: String; var rows: [BulletinRowRef] }
        var enterprises: [Ent]
        var events: [Event]
        var risk: [Risk]
        var custom_rules: [String: JSONValue]
        var annual: [Annual]
        var bulletins: [Bulletin]
    }

    /// Any JSON scalar (the custom rules are re-encoded and parsed by `AssessmentRules`).
    enum JSONValue: Codable {
        case number(Double), bool(Bool)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .bool(b) } else { self = .number(try c.decode(Double.self)) }
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .number(let v): try c.encode(v)
            case .bool(let b): try c.encode(b)
            }
        }
    }

    static let reference: Reference = {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/assessment_reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    static let ledger: Ledger = {
        let r = reference
        let ents = r.enterprises.map {
            Enterprise(id: $0.id, name: $0.name, community: $0.community, department: $0.department,
                       industry: $0.industry, size: .small, openedOn: $0.opened_on.flatMap { Day(iso: $0) },
                       closedOn: $0.closed_on.flatMap { Day(iso: $0) }, isBenchmark: $0.benchmark)
        }
        let events = r.events.map {
            StatusEvent(enterpriseID: $0.id, date: Day(iso: $0.date)!, status: StandardizationStatus(label: $0.status)!)
        }
        let risk = r.risk.map {
            RiskObservation(enterpriseID: $0.id, period: Quarter($0.period)!, elementScores: [],
                            hazardsGeneral: $0.general, hazardsMajor: $0.major, hazardsRectified: $0.rectified,
                            majorHazardsRectified: $0.major_rectified, violations: 0, accidents: $0.accidents,
                            deaths: $0.deaths, injuries: $0.injuries, riskPoints: [])
        }
        return Ledger(enterprises: ents, statusEvents: events, risk: risk)
    }()

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): abs(x - y) <= 1e-9 * max(1, abs(y))
        default: false
        }
    }

    @Test(arguments: 0..<3)
    func annualScoresMatchTheIndependentComputation(index: Int) throws {
        let ref = Self.reference.annual[index]
        let rules = ref.rules == "custom"
            ? try AssessmentRules.parse(json: JSONEncoder().encode(Self.reference.custom_rules))
            : AssessmentRules.defaults
        let a = try AnnualAssessment(ledger: Self.ledger, year: ref.year, rules: rules)
        #expect(a.targetPercent == ref.target_percent && a.targetDate.description == ref.target_date)
        #expect(a.scores.count == ref.scores.count)
        for r in ref.scores {
            let s = try #require(a.scores.first { $0.unit == AssessmentUnit(kind: UnitKind(rawValue: r.kind)!, name: r.unit) })
            #expect(s.enterprises == r.enterprises && s.completed == r.completed, "\(r.unit)")
            #expect(Self.close(s.sharePercent, r.share), "\(r.unit) share")
            #expect(s.reachedTarget == r.reached && s.reachedQuarter?.description == r.reached_quarter, "\(r.unit)")
            #expect(s.quartersEarly == r.quarters_early && s.quartersBehind.map(\.description) == r.quarters_behind, "\(r.unit)")
            #expect(s.openMajorHazards == r.open_major_hazards && s.missingBenchmarks == r.missing_benchmarks, "\(r.unit)")
            #expect(Self.close(s.basePoints, r.base) && Self.close(s.bonusPoints, r.bonus), "\(r.unit)")
            #expect(Self.close(s.scheduleDeduction, r.schedule_deduction), "\(r.unit)")
            #expect(Self.close(s.hazardDeduction, r.hazard_deduction), "\(r.unit)")
            #expect(Self.close(s.benchmarkDeduction, r.benchmark_deduction), "\(r.unit)")
            #expect(Self.close(s.total, r.total) && s.rank == r.rank, "\(r.unit) total")
            #expect(s.vetoedEnterprises == r.vetoed && s.awardEligible == r.eligible, "\(r.unit)")
        }
        #expect(a.vetoes.map { "\($0.enterpriseID) \($0.quarter) \($0.deaths) \($0.accidents) \($0.injuries)" }
            == ref.vetoes.map { "\($0.id) \($0.quarter) \($0.deaths) \($0.accidents) \($0.injuries)" })
        // The fixture exercises every part of the score somewhere.
        if index == 1 {
            #expect(a.scores.contains { $0.bonusPoints > 0 } && a.scores.contains { $0.awardEligible })
            #expect(a.scores.contains { $0.hazardDeduction > 0 } && a.scores.contains { $0.benchmarkDeduction > 0 })
            #expect(a.scores.contains { $0.scheduleDeduction > 0 } && a.scores.contains { $0.vetoedEnterprises > 0 })
        }
    }

    @Test(arguments: 0..<2)
    func bulletinsMatchTheIndependentComputation(index: Int) throws {
        let ref = Self.reference.bulletins[index]
        let b = QuarterlyBulletin(ledger: Self.ledger, quarter: Quarter(ref.quarter)!)
        #expect(b.rows.count + 1 == ref.rows.count)
        for r in ref.rows {
            let unit = AssessmentUnit(kind: UnitKind(rawValue: r.kind)!, name: r.unit)
            let row = try #require(unit == .town ? b.town : b.rows.first { $0.unit == unit })
            #expect(row.enterprises == r.enterprises && row.completed == r.completed, "\(r.unit)")
            #expect(Self.close(row.sharePercent, r.share) && Self.close(row.schedulePercent, r.schedule), "\(r.unit)")
            #expect(Self.close(row.gapPoints, r.gap) && Self.close(row.previousSharePercent, r.previous), "\(r.unit)")
            #expect(Self.close(row.changePoints, r.change) && row.rank == r.rank, "\(r.unit)")
            #expect(row.hazardsFound == r.hazards_found && row.hazardsRectified == r.hazards_rectified, "\(r.unit)")
            #expect(Self.close(row.rectificationPercent, r.rate) && row.majorHazardsOpen == r.major_open, "\(r.unit)")
            #expect(row.benchmark.keyIndustriesPresent == r.key_present && row.benchmark.missing == r.missing, "\(r.unit)")
            #expect(row.benchmark.isDue == r.due, "\(r.unit)")
        }
    }
}
