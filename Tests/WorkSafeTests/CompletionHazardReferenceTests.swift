import Foundation
import Linalg
import Stats
import Testing
@testable import WorkSafe

/// The fixture of scripts/fixtures/completion_hazard_reference.py: the completion hazard
/// reimplemented in Python from the raw CSV of Fixtures/hazard-ledger (a 300-enterprise simulated
/// town with lapses added), as of 2024-06-15 under `Campaign.townPlan`.
private struct HazardReference {
    let json: [String: Any]
    let ledger: Ledger
    let asOf = Day(year: 2024, month: 6, day: 15)!

    init() throws {
        let data = try Data(contentsOf: fixture("completion_hazard_reference.json"))
        json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let read = try LedgerReader.read(folder: fixture("hazard-ledger"),
                                         options: LedgerReadOptions(today: Day(year: 2025, month: 1, day: 1)!,
                                                                    files: [.enterprises, .status]))
        ledger = try read.ledger(skipInvalid: false)
    }

    func doubles(_ key: String) throws -> [Double] { try json.doubles(key) }
    func int(_ key: String) throws -> Int { try #require(json[key] as? Int) }
    func departures(_ key: String) throws -> [String: (effects: [Double], variances: [Double])] {
        let d = try #require(json[key] as? [String: [String: Any]])
        return try d.mapValues { (try $0.doubles("effects"), try $0.doubles("variances")) }
    }
}

@Suite struct CompletionHazardReferenceTests {
    /// Person-months, completions, spells, the collapsed rows and the prior: counts are exact,
    /// the prior's month mean (a `log` of a `log1p`) to 1e-14.
    @Test func talliesDesignAndPriorMatchThePythonRecount() throws {
        let ref = try HazardReference()
        let tallies = try HazardTallies(ledger: ref.ledger.asOf(ref.asOf), campaign: .townPlan, asOf: ref.asOf)
        let first = try ref.int("first_month"), months = try ref.int("months")
        #expect(tallies.firstMonth == first && tallies.months == months)
        #expect(tallies.totalAtRisk == (try ref.int("person_months")))
        #expect(tallies.totalEvents == (try ref.int("completions")))
        #expect(tallies.monthlyAtRisk == (try ref.json["monthly_at_risk"] as? [Int]))
        #expect(tallies.monthlyEvents == (try ref.json["monthly_events"] as? [Int]))
        #expect(tallies.spellCell.count == (try ref.int("spells")))
        #expect(tallies.spellEvent.filter { $0 }.count == (try ref.int("spell_events")))
        #expect(try ref.int("restarted_spells") > 0)   // lapses re-enter the risk set
        let coding = FactorCoding(tallies: tallies, minimumLevelEvents: 5)
        #expect(coding.staticCount == (try ref.int("static_count")))
        #expect(coding.names(tallies) == (try #require(ref.json["coefficient_names"] as? [String])))
        let design = try coding.design(tallies)
        let rows = try #require(ref.json["rows"] as? [String: Any])
        #expect(design.y == (try rows.doubles("y")))
        #expect(design.w == (try rows.doubles("w")))
        let nonzero = try #require(rows["nonzero"] as? [[Int]])
        #expect(design.x.rows == nonzero.count)
        for r in 0..<design.x.rows {
            let cols = (0..<design.x.columns).filter { design.x[r, $0] != 0 }
            #expect(cols == nonzero[r] && cols.allSatisfy { design.x[r, $0] == 1 }, "row \(r)")
        }
        #expect(design.prior.precision == (try ref.doubles("prior_precision")))
        for (a, b) in zip(design.prior.mean, try ref.doubles("prior_mean")) { #expect(abs(a - b) <= 1e-14 * max(1, abs(b))) }
    }

    /// The frailty pieces at the reference's θ = 0 coefficients: the marginal log-likelihood of
    /// every θ (a sum of ~300 spell terms: 1e-12 relative), the EM offsets at θ = 0.3 (each the
    /// log of a mean of a few terms: 1e-12 absolute) and the log prior.
    @Test func frailtyPiecesMatchAtTheSameCoefficients() throws {
        let ref = try HazardReference()
        let tallies = try HazardTallies(ledger: ref.ledger.asOf(ref.asOf), campaign: .townPlan, asOf: ref.asOf)
        let coding = FactorCoding(tallies: tallies, minimumLevelEvents: 5)
        let design = try coding.design(tallies)
        let pieces = try #require(ref.json["pieces"] as? [String: Any])
        let beta = try pieces.doubles("beta")
        let marginal = try #require(pieces["marginal_log_likelihood"] as? [String: Double])
        for (key, want) in marginal {
            let theta = try #require(Double(key))
            let got = tallies.marginalLogLikelihood(theta: theta, coding: coding, coefficients: beta)
            #expect(abs(got - want) <= 1e-12 * abs(want), "θ = \(theta): \(got) vs \(want)")
        }
        let offsets = tallies.frailtyOffsets(theta: 0.3, coding: coding, coefficients: beta,
                                             rowOf: design.rowOf, rows: design.y.count)
        let want = try pieces.doubles("frailty_offsets_0.3")
        #expect(offsets.count == want.count)
        for (r, (a, b)) in zip(offsets, want).enumerated() { #expect(abs(a - b) <= 1e-12, "row \(r): \(a) vs \(b)") }
        let lp = try pieces.double("log_prior")
        #expect(abs(design.prior.logDensity(beta) - lp) <= 1e-12 * abs(lp))
    }

    /// The unit departures at the reference's chosen coefficients and offsets: the Swift
    /// one-dimensional Fisher scoring stops when a step is below 1e-10 and then takes it (its
    /// rate |1 − H/I| is small near the mode), the reference is polished by Newton to rounding:
    /// modes to 1e-8, variances (the information at the last iterate) to 1e-8 relative.
    @Test func unitDeparturesMatchAtTheSameCoefficients() throws {
        let ref = try HazardReference()
        let tallies = try HazardTallies(ledger: ref.ledger.asOf(ref.asOf), campaign: .townPlan, asOf: ref.asOf)
        let coding = FactorCoding(tallies: tallies, minimumLevelEvents: 5)
        let design = try coding.design(tallies)
        let rowOffsets = try ref.doubles("offsets")
        var cellOffset = [Double](repeating: 0, count: tallies.cellCount * tallies.months)
        for (i, r) in design.rowOf.enumerated() where r >= 0 { cellOffset[i] = rowOffsets[r] }
        let got = tallies.departures(coding: coding, coefficients: try ref.doubles("coefficients"), offsets: cellOffset)
        try compareDepartures(got.communities, try ref.departures("community_departures"), tolerance: 1e-8)
        try compareDepartures(got.departments, try ref.departures("department_departures"), tolerance: 1e-8)
    }

    /// The whole fit: the θ chosen over the grid, the coefficients, month effects and their
    /// variances, the departures.
    ///
    /// Tolerances: each posterior-mode fit stops with a scoring step ≤ τ = 1e-10·(1 + max|β|)
    /// (≈ 6e-10 here) and takes it; the EM steps (≤ 8) carry that error through offsets that
    /// depend smoothly on β (∂offset/∂β = O(θΛ) ≤ O(1)), so the coefficients agree to a small
    /// multiple of τ: 1e-8·(1 + |β|) (measured 3e-11). The covariance is evaluated at a β within
    /// 2τ of the mode: 1e-7 relative (measured 2e-10). The departures inherit the coefficients'
    /// error: 1e-8 (measured 1e-11). The θ scores differ by ≥ 0.19 between grid points, far
    /// beyond these errors, so the choice must be identical.
    @Test func fullFitMatchesThePythonReimplementation() throws {
        let ref = try HazardReference()
        let fit = try CompletionHazard().fit(ledger: ref.ledger, campaign: .townPlan, asOf: ref.asOf)
        let fits = try #require(ref.json["frailty_fits"] as? [[String: Any]])
        let scores = try fits.map { try $0.double("score") }.sorted()
        #expect(scores[scores.count - 1] - scores[scores.count - 2] > 0.1)
        #expect(fit.frailty == (try ref.json.double("frailty")))
        #expect(fit.coefficientNames == (try #require(ref.json["coefficient_names"] as? [String])))
        let personMonths = try ref.int("person_months"), completions = try ref.int("completions")
        #expect(fit.personMonths == personMonths && fit.completions == completions)
        let beta = try ref.doubles("coefficients")
        for (j, (a, b)) in zip(fit.regression.coefficients, beta).enumerated() {
            #expect(abs(a - b) <= 1e-8 * (1 + abs(b)), "\(fit.coefficientNames[j]): \(a) vs \(b)")
        }
        let effects = try ref.doubles("month_effects"), variances = try ref.doubles("month_variances")
        for k in 0..<fit.months {
            let g = try #require(fit.monthEffect(fit.firstMonth + k))
            #expect(abs(g.value - effects[k]) <= 1e-8 * (1 + abs(effects[k])), "month \(k)")
            #expect(abs(g.variance - variances[k]) <= 1e-7 * variances[k], "month \(k) variance")
        }
        // Given β, by Schur complements of Σ here and from the information matrix J in the
        // reference (1/J_mm, −J_mβ/J_mm). Σ agrees with J⁻¹ to 1e-7 relative (above); Σ_ββ's
        // condition number is 47 and the complement keeps 53–91 % of Σ_mm, so a 1e-7 relative
        // error in Σ moves the variances by at most 5e-7 relative and the rows by 3.5e-7
        // (numpy, 20 random symmetric perturbations of the fixture's Σ): 1e-6.
        #expect((try ref.json.double("month_block_offdiagonal_max")) == 0)
        let given = fit.monthEffectsGivenStatic()
        let conditional = try ref.doubles("month_variances_given_static")
        let rows = try #require(ref.json["month_rows_given_static"] as? [[Double]])
        for k in 0..<fit.months {
            #expect(abs(given.variances[k] - conditional[k]) <= 1e-6 * conditional[k], "month \(k) variance given β")
            for j in rows[k].indices {
                #expect(abs(given.rows[k][j] - rows[k][j]) <= 1e-6 * (1 + abs(rows[k][j])), "month \(k) row \(j)")
            }
        }
        let ll = try ref.json.double("log_likelihood")
        #expect(abs(fit.regression.logLikelihood - ll) <= 1e-9 * abs(ll))
        try compareDepartures(fit.communityDepartures, try ref.departures("community_departures"), tolerance: 1e-8)
        try compareDepartures(fit.departmentDepartures, try ref.departures("department_departures"), tolerance: 1e-8)
    }
}

private func compareDepartures(_ got: [String: CompletionHazard.UnitDepartures],
                               _ want: [String: (effects: [Double], variances: [Double])], tolerance: Double) throws {
    #expect(Set(got.keys) == Set(want.keys))
    for (name, w) in want {
        let g = try #require(got[name])
        #expect(g.effects.count == w.effects.count)
        for k in w.effects.indices {
            #expect(abs(g.effects[k] - w.effects[k]) <= tolerance, "\(name) month \(k): \(g.effects[k]) vs \(w.effects[k])")
            #expect(abs(g.variances[k] - w.variances[k]) <= tolerance * w.variances[k], "\(name) month \(k) variance")
        }
    }
}
