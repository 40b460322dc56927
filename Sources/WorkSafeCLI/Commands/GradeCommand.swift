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
            prints them. Without --period each enterprise's latest risk.csv row is used; with \
            --period, only the enterprises open on at least one day of that quarter are graded.
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
            let outputs = try CommandOutputs(
                [("--output", output.destination), data.rejectsOutput],
                inputs: (printRules ? [] : data.ledgerInputFiles()) + InputFile.list(("--rules", rules)))
            let ruleSet = try Self.loadRules(rules)
            if printRules {
                try outputs.text("--output", String(decoding: try ruleSet.jsonData(), as: UTF8.self) + "\n")
                try outputs.publish()
                return
            }
            let ledger = try data.loadLedger(outputs: outputs)
            let quarter = period.flatMap { Quarter($0) }
            let grades: [EnterpriseRiskGrade]
            do {
                grades = try RiskGrader(rules: ruleSet, method: method).grade(ledger: ledger, period: quarter)
            } catch let error as RiskError {
                throw DataError.other(error.description)
            }
            if let quarter {
                let notOpen = ledger.enterprises.count - grades.count
                if notOpen > 0 {
                    Messages.note("\(notOpen) enterprise(s) not open in \(quarter) (opened after it or closed before it) are not graded")
                }
                if !ledger.risk.contains(where: { $0.period == quarter }) {
                    Messages.warning("risk.csv has no row for \(quarter); enterprises without risk points are blue by default")
                }
            }
            try output.write(EnterpriseRiskGrade.table(grades, language: output.lang), to: outputs)
            try outputs.publish()
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
