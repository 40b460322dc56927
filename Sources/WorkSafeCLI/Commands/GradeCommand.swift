import ArgumentParser
import Foundation
import Tabular
import WorkSafe

extension GradingMethod: ExpressibleByArgument {}

/// `worksafe grade`: every enterprise's rule-based colour (red, orange, yellow, blue) with the
/// reason and its supervision frequency.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Rule-based four-colour risk level per enterprise, with the reason and inspections per year.",
        discussion: """
            Points from risk_points.csv are graded by LEC (D = L × E × C) or the risk matrix \
            (R = L × S); an enterprise without points is graded from the colour counts of its \
            risk.csv row; then one level up for a major hazard not rectified or a fatal accident \
            in the period. --rules FILE (JSON) overrides any part of the defaults; --print-rules \
            prints them. Without --period each enterprise's latest risk.csv row is used.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Which points grade: points (each by its own method), lec or ls.")
    var method: GradingMethod = .points

    @Option(name: .long, help: ArgumentHelp("Grading rules (JSON; partial files keep the other defaults). Default: built in.", valueName: "file"))
    var rules: String?

    @Flag(name: .long, help: "Print the rules in use (the defaults, or --rules) as JSON and exit.")
    var printRules = false

    @Option(name: .long, help: ArgumentHelp("The risk.csv period to grade, e.g. 2024Q3 (default: each enterprise's latest).", valueName: "quarter"))
    var period: String?

    func validate() throws {
        if let period, Quarter(period) == nil {
            throw ValidationError("--period needs a quarter like 2024Q3, got '\(period)'")
        }
    }

    func run() throws {
        try WorkSafeExit.guarding {
            let ruleSet = try Self.loadRules(rules)
            if printRules {
                try output.writeText(String(decoding: try ruleSet.jsonData(), as: UTF8.self) + "\n")
                return
            }
            let ledger = try data.loadLedger()
            let quarter = period.flatMap { Quarter($0) }
            let grades: [EnterpriseRiskGrade]
            do {
                grades = try RiskGrader(rules: ruleSet, method: method).grade(ledger: ledger, period: quarter)
            } catch let error as RiskError {
                throw DataError.other(error.description)
            }
            if let quarter, !ledger.risk.contains(where: { $0.period == quarter }) {
                Messages.warning("risk.csv has no row for \(quarter); enterprises without risk points are blue by default")
            }
            try output.write(EnterpriseRiskGrade.table(grades, language: output.lang))
        }
    }

    /// The grading rules: the defaults, or `path` read as JSON.
    ///
    /// - Throws: `DataError.other` naming the file when it cannot be read or is not valid rules
    ///   (exit 65).
    static func loadRules(_ path: String?) throws -> GradingRules {
        guard let path else { return .default }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw DataError.other("\(path): cannot read the rules file")
        }
        do {
            return try GradingRules.load(json: bytes)
        } catch let error as RiskError {
            throw DataError.other("\(path): \(error)")
        }
    }
}
