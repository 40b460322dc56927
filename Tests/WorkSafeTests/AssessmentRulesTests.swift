import Foundation
import Testing
@testable import WorkSafe

@Suite struct AssessmentRulesTests {
    @Test func defaultsAreThePublishedOnes() {
        let r = AssessmentRules.defaults
        #expect(r.basePoints == 85 && r.bonusPerQuarterEarly == 5 && r.bonusCap == 15)
        #expect(r.deductionPerQuarterBehind == 3 && r.scheduleDeductionCap == 12)
        #expect(r.deductionPerOpenMajorHazard == 2 && r.hazardDeductionCap == 10)
        #expect(r.deductionPerMissingBenchmark == 5 && r.benchmarkDeductionCap == 10)
        #expect(r.vetoOnFatalAccident && r.vetoMinimumDeaths == 1 && r.vetoBlocksUnitAward)
        #expect(r.awardMinimumTotal == 90 && r.minimumTotal == 0 && r.proportionalBase)
    }

    @Test func printedRulesParseBackToTheSameRules() throws {
        let text = AssessmentRules.defaults.jsonText
        // What `worksafe assess --print-rules` prints.
        #expect(text == """
        {
          "award_minimum_total" : 90,
          "base_points" : 85,
          "benchmark_deduction_cap" : 10,
          "bonus_cap" : 15,
          "bonus_per_quarter_early" : 5,
          "deduction_per_missing_benchmark" : 5,
          "deduction_per_open_major_hazard" : 2,
          "deduction_per_quarter_behind" : 3,
          "hazard_deduction_cap" : 10,
          "minimum_total" : 0,
          "proportional_base" : true,
          "schedule_deduction_cap" : 12,
          "schedule_tolerance_points" : 0,
          "veto_blocks_unit_award" : true,
          "veto_minimum_deaths" : 1,
          "veto_on_fatal_accident" : true
        }

        """)
        #expect(text.hasPrefix("{\n"))
        #expect(text.contains("\"base_points\" : 85"))
        #expect(try AssessmentRules.parse(json: Data(text.utf8)) == .defaults)
        // Sorted keys: the output is the same every time.
        #expect(text == AssessmentRules().jsonText)
    }

    @Test func partialJSONKeepsDefaultsForAbsentKeys() throws {
        let r = try AssessmentRules.parse(json: Data(#"{"base_points": 70, "veto_blocks_unit_award": false}"#.utf8))
        #expect(r.basePoints == 70 && !r.vetoBlocksUnitAward && r.bonusCap == 15)
    }

    @Test func unknownKeyIsATypoError() {
        #expect(throws: AssessmentError.unknownRule("base_point")) {
            try AssessmentRules.parse(json: Data(#"{"base_point": 70}"#.utf8))
        }
    }

    @Test func badValuesAreTypedErrors() {
        #expect(throws: AssessmentError.invalidRule(name: "bonus_cap", reason: "must be a finite number ≥ 0, got -1.0")) {
            try AssessmentRules.parse(json: Data(#"{"bonus_cap": -1}"#.utf8))
        }
        #expect(throws: AssessmentError.self) { try AssessmentRules.parse(json: Data(#"{"base_points": "many"}"#.utf8)) }
        #expect(throws: AssessmentError.self) { try AssessmentRules.parse(json: Data("[1, 2]".utf8)) }
        #expect(throws: AssessmentError.self) { try AssessmentRules.parse(json: Data(#"{"veto_minimum_deaths": 0}"#.utf8)) }
    }

    @Test func tomlSubsetReadsTheSameKeys() throws {
        let toml = """
        # committee rules 2024
        [assessment]
        base_points = 80          # lower base
        bonus_per_quarter_early = 2.5
        veto_blocks_unit_award = false
        hazard_deduction_cap = 1_0
        """
        let r = try AssessmentRules.parse(toml: toml)
        #expect(r.basePoints == 80 && r.bonusPerQuarterEarly == 2.5 && !r.vetoBlocksUnitAward)
        #expect(r.hazardDeductionCap == 10 && r.bonusCap == 15)
        #expect(try AssessmentRules.parse(Data(toml.utf8), fileName: "rules.TOML") == r)
    }

    @Test func tomlRejectsWhatItDoesNotSupport() {
        #expect(throws: AssessmentError.malformedRules("line 1: 'abc' is not a number or true/false")) {
            try AssessmentRules.parse(toml: "base_points = abc")
        }
        #expect(throws: AssessmentError.malformedRules("line 2: repeated key 'bonus_cap'")) {
            try AssessmentRules.parse(toml: "bonus_cap = 1\nbonus_cap = 2")
        }
        #expect(throws: AssessmentError.malformedRules("line 1: only an [assessment] table is supported")) {
            try AssessmentRules.parse(toml: "[other]")
        }
        #expect(throws: AssessmentError.unknownRule("bogus")) { try AssessmentRules.parse(toml: "bogus = 1") }
    }
}
