import ArgumentParser
import WorkSafe

@main
struct WorkSafeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worksafe",
        abstract: "Work-safety standardization analytics: trends, milestone forecasts, risk groups and assessment.",
        discussion: """
            Every command that reads ledger data takes --data DIR; without it, it runs on the \
            bundled sample town. Exit codes: 0 success, 64 usage error, 65 bad input data, 1 anything else.
            """,
        version: WorkSafeVersion.string + "\nOpenBLAS kernels: " + KernelReexec.summary
            + "\n(`worksafe doctor` measures them)",
        subcommands: [
            SimulateCommand.self, ValidateCommand.self, TrendCommand.self, ForecastCommand.self,
            BacktestCommand.self, GradeCommand.self, ClusterCommand.self, AssessCommand.self,
            ReportCommand.self, PlanCommand.self, DoctorCommand.self,
        ]
    )

    /// Puts OpenBLAS on the best kernels (re-executing once if needed), installs the interrupt
    /// handler (no partial output on Ctrl-C), then parses and runs; usage errors are reported
    /// in the language of `--lang` (`UsageErrors`).
    static func main() {
        KernelReexec.reexecIfBetterKernels()
        InterruptHandling.install()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            UsageErrors.exit(error, arguments: arguments)
        }
    }
}
