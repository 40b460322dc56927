import ArgumentParser
import Foundation
import WorkSafe

/// `worksafe plan`: the new completions per month each unit needs for each milestone with a
/// given confidence, the priority list (一企一策) and the grades about to lapse.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "What it takes: required completions per month per unit and milestone, the priority list (一企一策), expiring grades.",
        discussion: """
            --output gets one row per unit × future milestone: the forecast as it stands \
            (probability_as_is, expected_completions_per_month_as_is) and \
            required_completions_per_month, the smallest number of new completions per month from \
            the month after --as-of that reaches the target with probability ≥ --confidence by the \
            model (empty with status out_of_reach when none does), then the cumulative completions \
            it asks for by each quarter end. --priorities gets every enterprise open and not \
            completed on --as-of, ranked within its unit; --expiring the grades that reach their \
            validity within --horizon-months with no renewal recorded. A workbook --output \
            (.xlsx) holds all three sheets. Definitions: docs/plan.md.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var campaignOptions: CampaignOptions

    @Option(name: .long, help: ArgumentHelp("Plan as of this day (required).", valueName: "date"))
    var asOf: Day

    @Option(name: .long, help: "The probability the required pace must reach, strictly between 0 and 1.")
    var confidence: Double = 0.9

    @Option(name: .long, help: "Units: town, community, department or all. Priorities rank within communities (departments with --by department, the town with --by town).")
    var by: ForecastLevels = .all

    @Option(name: .long, help: "Months ahead for the expiring grades (0 or more).")
    var horizonMonths: Int = 6

    @Option(name: .long, help: "Priority enterprises named per unit in --output and on standard error.")
    var top: Int = 5

    @Option(name: .long, help: ArgumentHelp("Also write the priority list (一企一策) here.", valueName: "file"))
    var priorities: String?

    @Option(name: .long, help: ArgumentHelp("Also write the grades expiring within the horizon here.", valueName: "file"))
    var expiring: String?

    @OptionGroup var simulation: SimulationOptions

    func validate() throws {
        if output.output == nil { throw ValidationError("--output FILE is required (the required pace per unit and milestone)") }
        guard confidence > 0, confidence < 1 else {
            throw ValidationError("--confidence must be strictly between 0 and 1, got \(confidence)")
        }
        if horizonMonths < 0 { throw ValidationError("--horizon-months must be 0 or more, got \(horizonMonths)") }
        if top < 0 { throw ValidationError("--top must be 0 or more, got \(top)") }
    }

    var priorityLevel: ForecastUnit.Level {
        switch by {
        case .town: .town
        case .department: .department
        case .community, .all: .community
        }
    }

    func run() throws {
        try WorkSafeExit.guarding {
            // Every output declared before anything is read, published together: all or none.
            let outputs = try CommandOutputs(
                [("--output", output.destination), ("--priorities", priorities), ("--expiring", expiring),
                 data.rejectsOutput],
                inputs: data.ledgerInputFiles())
            let campaign = try campaignOptions.campaign()
            let ledger = try data.loadLedger(outputs: outputs)
            try MemoryBudget.requireForecast(
                scenarios: simulation.scenarios, units: 1 + AssessmentUnit.count(in: ledger),
                milestones: campaign.milestones.filter { $0.date > asOf }.count)
            let bar = ProgressBar(label: "simulating")
            let report = { @Sendable (done: Int, total: Int) in bar.update(done: done, total: total) }
            let planner = CampaignPlanner(
                confidence: confidence, horizonMonths: horizonMonths, top: top, priorityLevel: priorityLevel,
                forecast: HazardForecast(scenarios: simulation.scenarios, seed: simulation.seed, threadCount: simulation.threads, levels: by.levels,
                                         progress: report))
            let plan: CampaignPlan
            do {
                defer { bar.finish() }
                plan = try planner.plan(ledger: ledger, campaign: campaign, asOf: asOf)
            }
            let language = output.lang
            let tables = [plan.requiredTable(language: language), plan.prioritiesTable(language: language),
                          plan.expiringTable(language: language)]
            if let path = output.output, try OutputFormat.of(path) == .workbook {
                try outputs.tables("--output", tables, excel: output.excel)   // all three sheets
            } else {
                try output.write(tables[0], to: outputs)
            }
            try output.write(tables[1], to: outputs, as: "--priorities")
            try output.write(tables[2], to: outputs, as: "--expiring")
            try outputs.publish()
            for (_, sentence) in plan.sentences(language: language) { Messages.note(sentence) }
            Messages.note("plan as of \(asOf): \(plan.required.count) unit(s) × milestone(s) → \(output.output ?? "stdout")")
        }
    }
}
