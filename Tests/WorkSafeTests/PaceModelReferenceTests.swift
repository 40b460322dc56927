import Foundation
import Testing
@testable import WorkSafe

/// The fixture of scripts/fixtures/pace_model_reference.py: series sets described in JSON, fitted
/// by a Python reimplementation of the pace model whose Kalman filters are statsmodels'.
struct PaceReference {
    let json: [String: Any]

    init() throws {
        let data = try Data(contentsOf: fixture("pace_model_reference.json"))
        json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The practice the fixture was made with (`CampaignPractice.standard` when it was written).
    var practice: CampaignPractice {
        get throws {
            let p = try #require(json["practice"] as? [String: Any])
            func normal(_ v: Any?) throws -> CampaignPractice.Normal {
                let a = try #require(v as? [Double])
                return .init(mean: a[0], sd: a[1])
            }
            func grid(_ key: String) throws -> CampaignPractice.ScaleGrid {
                let g = try #require(p[key] as? [String: Any])
                return .init(values: try #require(g["values"] as? [Double]), median: try #require(g["median"] as? Double),
                             logSD: try #require(g["log_sd"] as? Double))
            }
            func number(_ key: String) throws -> Double { try #require(p[key] as? Double) }
            return CampaignPractice(
                deadlineResponse: try #require(p["deadline_response"] as? [Any]).map(normal),
                quarterEnd: try normal(p["quarter_end"]), targetPull: try normal(p["target_pull"]),
                phaseJumpSD: try grid("phase_jump_sd"), drift: try normal(p["drift"]),
                driftDamping: try number("drift_damping"), driftInnovationSD: try number("drift_innovation_sd"),
                initialLevelSD: try number("initial_level_sd"), levelSD: try grid("level_sd"),
                irregularSD: try grid("irregular_sd"), poolDepletion: try normal(p["pool_depletion"]),
                shiftProbability: try number("shift_probability"), shiftSD: try number("shift_sd"),
                unitInitialSD: try number("unit_initial_sd"), unitDeviationSD: try grid("unit_deviation_sd"),
                unitIrregularSD: try grid("unit_irregular_sd"), unitPhaseJumpSD: try grid("unit_phase_jump_sd"))
        }
    }

    static func milestones(_ dates: [String]) throws -> [Milestone] {
        try dates.map { Milestone(date: try #require(Day(iso: $0)), targetPercent: 50) }
    }

    /// One set: the model and its series as the fixture describes them.
    func set(_ name: String) throws -> (model: PaceModel, series: [PaceSeries], reference: [String: Any]) {
        let s = try #require(json[name] as? [String: Any])
        let calendar = PaceCalendar(milestones: try Self.milestones(try #require(s["milestones"] as? [String])))
        var model = PaceModel(kind: try #require(s["kind"] as? String) == "full" ? .full : .deviation,
                              practice: try practice, calendar: calendar)
        model.depletion = try #require(s["depletion"] as? Bool)
        let series = try #require(s["series"] as? [[String: Any]]).map { one in
            let gaps = try #require(one["phase_gap"] as? [String: Double])
            return PaceSeries(
                first: try #require(one["first"] as? Int),
                y: try #require(one["y"] as? [Any]).map { ($0 as? NSNumber)?.doubleValue },
                variance: try one.doubles("variance"),
                phaseGap: Dictionary(uniqueKeysWithValues: try gaps.map { (try #require(Int($0.key)), $0.value) }),
                span: one["span"] as? [Int], depletion: one["depletion"] as? [Double])
        }
        return (model, series, s)
    }
}

@Suite struct PaceModelReferenceTests {
    /// Fits a set and compares the grid's posterior weights and each series' mixture posterior.
    ///
    /// Tolerances: the statsmodels and Swift filters agree to rounding (n·k·ε ≈ 1e-14 relative
    /// to the predicted state's scale, see StateSpaceModelTests), so each grid point's summed
    /// log-likelihood differs by ≲ 1e-12 (|ℓ| ≲ 100). A weight's relative error is that of
    /// ℓ_g − log Σ exp(ℓ), at most twice the largest — 1e-9 relative leaves a margin of 100.
    /// The per-point filtered means and variances, and so the mixture mean and SD, agree to the
    /// same order relative to the state's SD: 1e-9 of it.
    func check(_ name: String) throws {
        let (model, series, ref) = try PaceReference().set(name)
        let posts = try model.fit(series)
        #expect(posts.count == series.count)
        let grid = try #require(ref["grid"] as? [[Double]])
        let weights = try ref.doubles("weights"), logPrior = try ref.doubles("log_prior")
        let points = model.grid
        #expect(points.count == grid.count)
        for (g, point) in points.enumerated() {
            let v = point.variances
            #expect([v.scale, v.irregular, v.jump] == grid[g], "grid point \(g)")
            #expect(abs(point.logPrior - logPrior[g]) <= 1e-12 * max(1, abs(logPrior[g])))
        }
        let refPosts = try #require(ref["posteriors"] as? [[String: Any]])
        for (s, post) in posts.enumerated() {
            #expect(post.lastMonth == series[s].months.last)
            let r = refPosts[s]
            let lastMeans = try #require(r["last_means"] as? [[Double]]), lastVars = try #require(r["last_variances"] as? [[Double]])
            let k = model.stateCount
            var total = 0.0
            for (g, point) in points.enumerated() {
                let found = post.points.first { $0.variances == point.variances }
                let w = found?.weight ?? 0
                total += w
                #expect(abs(w - weights[g]) <= 1e-9 * weights[g] + 1e-300, "\(name) weight \(g): \(w) vs \(weights[g])")
                guard let found else { continue }
                for i in 0..<k {
                    var variance = 0.0
                    for j in 0...i { variance += found.state.factor[i * k + j] * found.state.factor[i * k + j] }
                    let sd = lastVars[g][i].squareRoot()
                    #expect(abs(found.state.mean[i] - lastMeans[g][i]) <= 1e-9 * sd, "\(name) series \(s) point \(g) a[\(i)]")
                    #expect(abs(variance - lastVars[g][i]) <= 1e-9 * lastVars[g][i], "\(name) series \(s) point \(g) P[\(i), \(i)]")
                }
            }
            #expect(abs(total - 1) < 1e-12)
            let mean = try r.doubles("mean_state"), sd = try r.doubles("state_sd")
            let m = post.meanState, d = post.stateSD
            for i in 0..<k {
                #expect(abs(m[i] - mean[i]) <= 1e-9 * sd[i], "\(name) series \(s) mean[\(i)]: \(m[i]) vs \(mean[i])")
                #expect(abs(d[i] - sd[i]) <= 1e-9 * sd[i], "\(name) series \(s) sd[\(i)]: \(d[i]) vs \(sd[i])")
            }
        }
    }

    /// The town's pace: 24 months with two milestones, two phase starts in the history.
    @Test func townLikeFullSeriesMatchesThePythonReimplementation() throws {
        try check("town_full")
    }

    /// Three units' departures sharing their variances (one month without rows).
    @Test func deviationSetOfThreeSeriesMatchesThePythonReimplementation() throws {
        try check("units_deviation")
    }

    /// The pool method's shape: depletion regressor, monthly and quarterly (span 3) records.
    @Test func poolSeriesWithDepletionAndSpansMatchThePythonReimplementation() throws {
        let (model, series, _) = try PaceReference().set("pool_depletion")
        #expect(model.depletion && model.stateCount == 8)
        #expect(Set(series.flatMap { $0.span ?? [] }) == [1, 3])
        try check("pool_depletion")
    }

    @Test func calendarMatchesTheReference() throws {
        let ref = try #require(try PaceReference().json["calendar"] as? [String: Any])
        let calendar = PaceCalendar(milestones: try PaceReference.milestones(try #require(ref["milestones"] as? [String])))
        let first = try #require(ref["first"] as? Int)
        let offsets = try #require(ref["deadline_offset"] as? [Any]), quarter = try #require(ref["quarter_end"] as? [Bool])
        let phase = try #require(ref["phase_start"] as? [Any])
        for (i, m) in (first..<(first + offsets.count)).enumerated() {
            #expect(calendar.deadlineOffset(m) == offsets[i] as? Int, "month \(m)")
            #expect(calendar.isQuarterEnd(m) == quarter[i], "month \(m)")
            #expect(calendar.phaseStart(m) == phase[i] as? Int, "month \(m)")
        }
    }

    /// A few flops of `log`/`exp` each: 1e-12 relative.
    @Test func targetGapAndBaselineHazardMatchTheirFormulas() throws {
        let json = try PaceReference().json
        for c in try #require(json["target_gap"] as? [[String: Any]]) {
            let g = targetGap(share: try #require(c["share"] as? Double), target: try #require(c["target"] as? Double),
                              months: try #require(c["months"] as? Int), currentHazard: try #require(c["hazard"] as? Double),
                              cap: try #require(c["cap"] as? Double))
            let want = try #require(c["value"] as? Double)
            #expect(abs(g - want) <= 1e-12 * max(1, abs(want)), "\(c): \(g)")
        }
        let b = try #require(json["baseline_hazard"] as? [String: Any])
        let calendar = PaceCalendar(milestones: try PaceReference.milestones(try #require(b["milestones"] as? [String])))
        let events = try #require(b["events"] as? [Int]), atRisk = try #require(b["at_risk"] as? [Int])
        let first = try #require(b["first"] as? Int)
        for c in try #require(b["cases"] as? [[String: Any]]) {
            let h = baselineHazard(events: events, atRisk: atRisk, firstMonth: first,
                                   months: try #require(c["from"] as? Int)..<(try #require(c["to"] as? Int)), calendar: calendar)
            if let want = c["value"] as? Double {
                let got = try #require(h, "\(c)")
                #expect(abs(got - want) <= 1e-12 * want, "\(c): \(got)")
            } else {
                #expect(h == nil, "\(c)")
            }
        }
    }
}
