@testable import WorkSafe

/// A hand-built town for the assessment tests (campaign: the town plan, 80 % by 2024-12-31).
///
/// Community A (5 enterprises): a1 (工贸, benchmark, completed 2023-06-01), a2 (危险化学品,
/// completed 2024-02-01), a3 (2024-03-15), a4 (2024-03-20) in department D1; a5 (never completed)
/// in department D2.
/// Community B (5 enterprises, all department D2): b1 completed 2023-11-01, b2 2024-08-01,
/// b3 2024-11-30, b4 in progress, b5 completed 2023-05-01 and closed 2024-06-01.
/// Risk rows: a2 2024Q2 2 major hazards, 1 rectified; b1 2024Q1 3 major, 3 rectified;
/// b2 2024Q3 4 general, 3 rectified; b4 2024Q3 one accident with 1 death and 2 injuries.
enum AssessmentFixture {
    static func day(_ s: String) -> Day { Day(iso: s)! }

    static func ledger() -> Ledger {
        func ent(_ id: String, _ community: String, _ dept: String, industry: String = "其他",
                 benchmark: Bool = false, closed: String? = nil) -> Enterprise {
            Enterprise(id: id, name: "企业" + id.uppercased(), community: community, department: dept,
                       industry: industry, size: .small, closedOn: closed.map(day), isBenchmark: benchmark)
        }
        let enterprises = [
            ent("a1", "A", "D1", industry: "工贸", benchmark: true), ent("a2", "A", "D1", industry: "危险化学品"),
            ent("a3", "A", "D1"), ent("a4", "A", "D1"), ent("a5", "A", "D2"),
            ent("b1", "B", "D2"), ent("b2", "B", "D2"), ent("b3", "B", "D2"), ent("b4", "B", "D2"),
            ent("b5", "B", "D2", closed: "2024-06-01"),
        ]
        func ev(_ id: String, _ date: String, _ s: StandardizationStatus) -> StatusEvent {
            StatusEvent(enterpriseID: id, date: day(date), status: s)
        }
        let events = [
            ev("a1", "2023-03-01", .inProgress), ev("a1", "2023-06-01", .level3),
            ev("a2", "2024-02-01", .compliant), ev("a3", "2024-03-15", .completed),
            ev("a4", "2024-03-20", .completed), ev("a5", "2023-03-01", .inProgress),
            ev("b1", "2023-11-01", .compliant), ev("b2", "2024-08-01", .compliant),
            ev("b3", "2024-11-30", .compliant), ev("b4", "2024-01-10", .inProgress),
            ev("b5", "2023-05-01", .compliant),
        ]
        func obs(_ id: String, _ q: String, general: Int = 0, major: Int = 0, rectified: Int = 0,
                 majorRectified: Int = 0, accidents: Int = 0, deaths: Int = 0,
                 injuries: Int = 0) -> RiskObservation {
            RiskObservation(enterpriseID: id, period: Quarter(q)!, elementScores: Array(repeating: 80, count: 8),
                            hazardsGeneral: general, hazardsMajor: major, hazardsRectified: rectified,
                            majorHazardsRectified: majorRectified, violations: 0, accidents: accidents,
                            deaths: deaths, injuries: injuries, riskPoints: [0, 0, 0, 0])
        }
        let risk = [
            obs("a2", "2024Q2", major: 2, rectified: 1, majorRectified: 1),
            obs("b1", "2024Q1", major: 3, rectified: 3, majorRectified: 3),
            obs("b2", "2024Q3", general: 4, rectified: 3),
            obs("b4", "2024Q3", accidents: 1, deaths: 1, injuries: 2),
            // A fatal accident in another year vetoes nothing in 2024.
            obs("a3", "2023Q4", accidents: 1, deaths: 2),
        ]
        return Ledger(enterprises: enterprises, statusEvents: events, risk: risk)
    }
}
