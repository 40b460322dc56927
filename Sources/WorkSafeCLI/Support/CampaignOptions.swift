import Foundation
import ArgumentParser
import WorkSafe

extension Day: ExpressibleByArgument {
    /// Parses `YYYY-MM-DD` on the command line.
    public init?(argument: String) { self.init(iso: argument) }
}

extension Milestone: ExpressibleByArgument {}

/// The campaign's configuration on the command line; defaults are the town's action plan
/// (`Campaign.townPlan`), and nothing downstream assumes them.
struct CampaignOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A milestone DATE:PERCENT, repeatable (default: 2023-12-31:30, 2024-12-31:80, 2025-12-31:100).",
        valueName: "date:percent"))
    var milestone: [Milestone] = []

    @Option(name: .long, help: ArgumentHelp("First day of the campaign (default 2023-01-01).", valueName: "date"))
    var campaignStart: Day?

    @Option(name: .long, help: ArgumentHelp(
        "Comma-separated key industries that need a benchmark enterprise (default: the plan's six).",
        valueName: "list"))
    var keyIndustries: String?

    @Option(name: .long, help: ArgumentHelp("Deadline for each key industry's first benchmark (default 2023-12-31).", valueName: "date"))
    var benchmarkDeadline: Day?

    @Option(name: .long, help: ArgumentHelp("Months a completed grade stays valid before it lapses (default 36).", valueName: "months"))
    var validityMonths: Int?

    /// The campaign: the plan's defaults overridden by the flags.
    ///
    /// - Throws: `ValidationError` (exit 64) when a milestone falls before the campaign start.
    func campaign() throws -> Campaign {
        let plan = Campaign.townPlan
        let start = campaignStart ?? plan.start
        let milestones = milestone.isEmpty ? plan.milestones : milestone
        if let early = milestones.first(where: { $0.date <= start }) {
            throw ValidationError("milestone \(early) is not after the campaign start \(start)")
        }
        if let v = validityMonths, v <= 0 { throw ValidationError("--validity-months must be positive") }
        let industries = keyIndustries.map {
            $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } ?? plan.keyIndustries
        return Campaign(start: start, milestones: milestones, keyIndustries: industries,
                        benchmarkDeadline: benchmarkDeadline ?? plan.benchmarkDeadline,
                        validityMonths: validityMonths ?? plan.validityMonths)
    }
}
