import Foundation
@testable import WorkSafe

/// A deterministic sample town with Chinese names for the report tests and for
/// `scripts/render-report.sh`: 6 communities, 4 departments, 240 enterprises, status events
/// from 2023 to 2025, quarterly risk rows with two fatal accidents, and synthetic forecast,
/// risk-level and cluster inputs (the other stages' outputs are not computed here).
enum ReportSample {
    /// A 64-bit LCG (Knuth MMIX constants): enough for a fixed sample, independent of Stats.
    struct LCG {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func int(_ n: Int) -> Int { min(n - 1, Int(next() * Double(n))) }
        mutating func normal() -> Double {
            let u = max(1e-12, next()), v = next()
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
    }

    static let communities = ["东城社区", "西湖社区", "南山社区", "北岸社区", "新桥社区", "工业园区"]
    static let departments = ["应急管理办公室", "市场监管所", "消防救援站", "建设办"]
    static let industries = ["危险化学品", "工贸", "道路运输", "建筑施工", "消防", "城镇燃气", "其他", "其他", "其他"]

    static func ledger() -> Ledger {
        var rng = LCG(state: 20_240_930)
        var enterprises: [Enterprise] = [], events: [StatusEvent] = [], risk: [RiskObservation] = []
        let start = Day(iso: "2023-01-01")!
        for i in 0..<240 {
            let c = i % communities.count
            let id = "91330100MA" + String(100_000 + i)
            let industry = industries[rng.int(industries.count)]
            let e = Enterprise(id: id, name: "\(communities[c].prefix(2))企业\(i + 1)号", community: communities[c],
                               department: departments[rng.int(departments.count)], industry: industry,
                               size: [.large, .medium, .small, .micro][rng.int(4)],
                               isBenchmark: industry != "其他" && rng.next() < 0.3)
            enterprises.append(e)
            events.append(StatusEvent(enterpriseID: id, date: start.adding(days: rng.int(60)), status: .inProgress))
            // Community c is faster for small c; about 8 % never complete.
            if rng.next() > 0.08 {
                let speed = 1.0 + 0.12 * Double(c)
                let days = Int(Double(120 + rng.int(700)) * speed)
                events.append(StatusEvent(enterpriseID: id, date: start.adding(days: days), status: .compliant))
            }
            var q = Quarter(year: 2023, number: 1)!
            while q <= Quarter(year: 2024, number: 4)! {
                let general = rng.int(6), major = rng.next() < 0.06 ? 1 : 0
                let majorFixed = major == 1 && rng.next() < 0.6 ? 1 : 0
                let fatal = (i == 37 && q == Quarter("2024Q2")!) || (i == 181 && q == Quarter("2024Q3")!)
                risk.append(RiskObservation(
                    enterpriseID: id, period: q, elementScores: (0..<8).map { _ in 60 + 40 * rng.next() },
                    hazardsGeneral: general, hazardsMajor: major, hazardsRectified: max(0, general - rng.int(2)) + majorFixed,
                    majorHazardsRectified: majorFixed, violations: rng.int(3), accidents: fatal ? 1 : 0,
                    deaths: fatal ? 1 : 0, injuries: fatal ? 2 : 0, riskPoints: [3, 2, 1, 0]))
                q = q.next
            }
        }
        return Ledger(enterprises: enterprises, statusEvents: events, risk: risk)
    }

    /// The report inputs for `ledger()` as of 2024-09-30.
    static func inputs(ledger: Ledger) throws -> AssessmentReportInputs {
        var rng = LCG(state: 7)
        let asOf = Day(iso: "2024-09-30")!, from = Day(iso: "2023-01-31")!
        var r = AssessmentReportInputs(asOf: asOf)
        r.townName = "示范镇"
        r.generator = "test"
        r.town = ShareSeries(ledger: ledger, unit: .town, from: from, through: asOf, name: "全镇")
        r.communities = communities.map { ShareSeries(ledger: ledger, unit: .community($0), from: from, through: asOf) }
        let milestones = Campaign.townPlan.milestones.filter { $0.date > asOf }
        for (k, name) in (["全镇"] + communities).enumerated() {
            for (j, m) in milestones.enumerated() {
                let expected = min(100, m.targetPercent - 12 + 4 * Double(6 - k) - 3 * Double(j))
                let p = min(0.99, max(0.02, 0.5 + (expected - m.targetPercent) / 20))
                r.forecasts.append(ForecastEntry(unit: name, milestone: m, probability: p, expectedPercent: expected,
                                                 lowerPercent: expected - 8 - 2 * Double(j), upperPercent: min(100, expected + 6)))
            }
        }
        r.reliability = [.init(meanPredicted: 0.04, observedFrequency: 0.02, count: 40),
                         .init(meanPredicted: 0.31, observedFrequency: 0.25, count: 12),
                         .init(meanPredicted: 0.55, observedFrequency: 0.6, count: 10),
                         .init(meanPredicted: 0.93, observedFrequency: 1, count: 18)]
        r.reliabilitySummary = "2023-03-31至2023-09-30所作预测 80 项\n80%区间覆盖 84%；Brier 分数 0.071"
        var levels: [String: RiskLevel] = [:]
        for e in ledger.enterprises {
            let u = rng.next()
            levels[e.id] = u < 0.06 ? .red : (u < 0.2 ? .orange : (u < 0.55 ? .yellow : .blue))
        }
        r.riskGroups = communities.map { c in
            RiskDistributionGroup(label: c, levels: ledger.enterprises.filter { $0.community == c }.map { levels[$0.id]! })
        }
        let centres = [(-2.0, 0.5), (1.5, 1.8), (1.2, -1.6)]
        for (i, e) in ledger.enterprises.enumerated() {
            let k = i % 3
            r.clusterPoints.append(ClusterPoint(x: centres[k].0 + 0.7 * rng.normal(), y: centres[k].1 + 0.6 * rng.normal(),
                                                cluster: k, label: e.name))
        }
        r.clusterNames = [0: "低风险·管理规范", 1: "隐患多·整改慢", 2: "三违多·培训不足"]
        for (k, c) in centres.enumerated() { r.clusterCentroids[k] = PlanePoint(x: c.0, y: c.1) }
        r.explainedVariance = [0.412, 0.238]
        var probabilities: [AssessmentUnit: Double] = [:]
        for f in r.forecasts where f.milestone.date == milestones[0].date {
            probabilities[f.unit == "全镇" ? .town : .community(f.unit)] = f.probability
        }
        r.bulletin = QuarterlyBulletin(ledger: ledger, quarter: Quarter("2024Q3")!, riskLevels: levels,
                                       forecastProbabilities: probabilities)
        r.annual = try AnnualAssessment(ledger: ledger, year: 2024)
        return r
    }
}
