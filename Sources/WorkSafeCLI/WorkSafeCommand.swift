import ArgumentParser
import WorkSafe

@main
struct WorkSafeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worksafe",
        abstract: "Work-safety standardization analytics: trends, milestone forecasts, risk groups and assessment.",
        version: WorkSafeVersion.string,
        subcommands: [ValidateCommand.self, SimulateCommand.self, TrendCommand.self, AssessCommand.self]
    )

    /// Installs the interrupt handler (no partial output on Ctrl-C), then parses and runs.
    static func main() {
        InterruptHandling.install()
        main(nil)
    }
}
