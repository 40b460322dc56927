import Foundation
import Testing

/// Issue 19 end to end through the built `worksafe`: size flags bounded before anything is
/// allocated, periods outside the campaign refused, small and unusual towns served, messages
/// in the user's words.
@Suite struct HostileUseTests {
    // MARK: - Item 4: size flags

    @Test(arguments: [
        ["cluster", "--n-init", "99999999999"], ["cluster", "--n-init", "1001"], ["cluster", "--max-iter", "100001"],
        ["cluster", "--k", "10001"], ["cluster", "--k-range", "2...99999999"], ["cluster", "--k", "0"],
        ["simulate", "--enterprises", "100000001", "--seed", "1", "--out", "/tmp/never"],
        ["report", "--scenarios", "99999999999", "--output", "/tmp/never.html"],
        ["assess", "--quarter", "2024Q3", "--scenarios", "10000001"], ["report", "--k", "10001", "--output", "/tmp/never.html"],
        ["forecast", "--scenarios", "99999999999", "--output", "/tmp/never"], ["forecast", "--scenarios", "\(Int.max)"],
        ["forecast", "--scenarios", "100000000"], ["forecast", "--threads", "99999999999"],
        ["backtest", "--scenarios", "99999999999", "--output", "/tmp/never"],
        ["backtest", "--regimes", "standard", "--enterprises", "99999999999", "--output", "/tmp/never"],
        ["backtest", "--regimes", "standard", "--seeds", (1...101).map(String.init).joined(separator: ",")],
    ])
    func sizeFlagsAreBounded(arguments: [String]) throws {
        let r = try runWorksafe(arguments)
        #expect(r.status == 64, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("must be at") || r.stderr.contains("must end at"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never") && !FileManager.default.fileExists(atPath: "/tmp/never.html"))
    }

    @Test func aSimulationThatCannotFitOnTheDiskIsRefusedBeforeItStarts() throws {
        let r = try runWorksafe(["simulate", "--enterprises", "100000000", "--seed", "1", "--out",
                                 try temporaryFolder().appendingPathComponent("city").path])
        // 100 million enterprises need about 190 GiB of CSV; refused unless the disk has it.
        if r.status == 64 {
            #expect(r.stderr.contains("of disk") && r.stderr.contains("--enterprises"), "\(r.stderr)")
        }
    }

    @Test func aScenarioCountWrittenAsAFloatIsRefused() throws {
        for command in ["forecast", "backtest"] {
            let r = try runWorksafe([command, "--scenarios", "1e8"])
            #expect(r.status == 64, "\(r.stderr)")
            #expect(r.stderr.contains("'1e8' is invalid for '--scenarios"), "\(r.stderr)")
        }
        let seeds = try runWorksafe(["backtest", "--regimes", "standard", "--seeds", "1e8"])
        #expect(seeds.status == 64 && seeds.stderr.contains("--seeds: '1e8' is not a seed"), "\(seeds.stderr)")
    }

    // MARK: - Item 3: every output of backtest published together

    @Test func backtestOutputsAreAllOrNothing() throws {
        let folder = try temporaryFolder()
        let scores = folder.appendingPathComponent("bt.csv").path
        let args = ["backtest", "--origins", "2023-06-30", "--scenarios", "20", "--output", scores]
        let refused = try runWorksafe(args + ["--reliability", folder.path])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scores))
        let sample = try runWorksafe(["simulate", "--enterprises", "150", "--seed", "5", "--out", folder.appendingPathComponent("town").path])
        #expect(sample.status == 0, "\(sample.stderr)")
        let status = folder.appendingPathComponent("town/status.csv").path
        let before = try Data(contentsOf: URL(fileURLWithPath: status))
        let input = try runWorksafe(["backtest", "--data", folder.appendingPathComponent("town").path, "--scenarios", "20",
                                     "--output", scores, "--records", status])
        #expect(input.status == 64 && input.stderr.contains("is the input file"), "\(input.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: status)) == before)
        #expect(!FileManager.default.fileExists(atPath: scores))
        let regimes = try runWorksafe(["backtest", "--regimes", "standard", "--seeds", "1", "--enterprises", "100",
                                       "--scenarios", "20", "--output", scores, "--records", scores])
        #expect(regimes.status == 64 && regimes.stderr.contains("both write to the same file"), "\(regimes.stderr)")
    }

    // MARK: - Item 7: periods outside the campaign and the data

    @Test func assessOutsideTheCampaignOrTheDataExits64() throws {
        let early = try runWorksafe(["assess", "--year", "2019"])
        #expect(early.status == 64, "\(early.stderr)")
        #expect(early.stderr.contains("2019 ends before the campaign starts on 2023-01-01"), "\(early.stderr)")
        #expect(early.stdout.isEmpty)
        let late = try runWorksafe(["assess", "--quarter", "2030Q1"])
        #expect(late.status == 64, "\(late.stderr)")
        #expect(late.stderr.contains("no data"), "\(late.stderr)")
        let report = try runWorksafe(["report", "--year", "2030", "--output", try temporaryFolder().appendingPathComponent("r.html").path])
        #expect(report.status == 64, "\(report.stderr)")
    }

    // MARK: - Item 8: rules that overflow

    @Test func rulesWithHugePointsAreBadData() throws {
        let folder = try temporaryFolder()
        let rules = folder.appendingPathComponent("rules.json")
        try Data(#"{"base_points": 1e308, "bonus_cap": 1e308}"#.utf8).write(to: rules)
        let r = try runWorksafe(["assess", "--year", "2024", "--rules", rules.path])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("overflow"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    // MARK: - Item 12: small and unusual towns

    /// A folder holding only the first enterprise (with risk data) of a simulated town.
    static func oneEnterpriseTown() throws -> URL {
        let town = try simulatedTown(20, seed: 11)
        let one = try temporaryFolder().appendingPathComponent("one")
        try FileManager.default.createDirectory(at: one, withIntermediateDirectories: true)
        let enterprises = try String(contentsOf: town.appendingPathComponent("enterprises.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let id = String(enterprises[1].split(separator: ",")[0])
        for name in ["enterprises.csv", "status.csv", "risk.csv", "risk_points.csv"] {
            let lines = try String(contentsOf: town.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
            let kept = [lines[0]] + lines.dropFirst().filter { $0.hasPrefix(id + ",") }
            try (kept.joined(separator: "\n") + "\n").write(to: one.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return one
    }

    @Test func aOneEnterpriseTownGetsItsReportAndClusters() throws {
        let one = try Self.oneEnterpriseTown()
        let out = try temporaryFolder()
        for k in ["4", "1"] {
            let r = try runWorksafe(["report", "--data", one.path, "--k", k, "--scenarios", "50",
                                     "--output", out.appendingPathComponent("r\(k).html").path])
            #expect(r.status == 0, "--k \(k): \(r.stderr)")
            #expect(r.stderr.contains("No risk groups"), "\(r.stderr)")
            #expect(!r.stderr.contains("KMeans") && !r.stderr.contains("PCA.fit"), "\(r.stderr)")
        }
        let c = try runWorksafe(["cluster", "--data", one.path, "--k", "1"])
        #expect(c.status == 0, "\(c.stderr)")
        let four = try runWorksafe(["cluster", "--data", one.path])
        #expect(four.status == 65, "\(four.stderr)")
        #expect(four.stderr.contains("k-means: 4 clusters need at least 4 rows, got 1"), "\(four.stderr)")
        let q = try runWorksafe(["assess", "--data", one.path, "--quarter", "2024Q3", "--scenarios", "50"])
        #expect(q.status == 0, "\(q.stderr)")
    }

    @Test func aTownThatCompletedBeforeTheCampaignGetsItsBulletinAndReport() throws {
        let town = try simulatedTown(40, seed: 12)
        let enterprises = try String(contentsOf: town.appendingPathComponent("enterprises.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        // Every enterprise open from the start and completed in 2022.
        var status = "id,date,status,score\n"
        var rows = [enterprises[0]]
        for line in enterprises.dropFirst() {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[6] = ""; fields[7] = ""
            rows.append(fields.joined(separator: ","))
            status += "\(fields[0]),2022-06-01,completed,\n"
        }
        try (rows.joined(separator: "\n") + "\n").write(to: town.appendingPathComponent("enterprises.csv"), atomically: true, encoding: .utf8)
        try status.write(to: town.appendingPathComponent("status.csv"), atomically: true, encoding: .utf8)
        let q = try runWorksafe(["assess", "--data", town.path, "--quarter", "2024Q3", "--scenarios", "50"])
        #expect(q.status == 0, "\(q.stderr)")
        #expect(q.stdout.contains("town,town,40,40,100.0"), "\(q.stdout)")
        #expect(q.stderr.contains("forecast_probability left empty"), "\(q.stderr)")
        let r = try runWorksafe(["report", "--data", town.path, "--as-of", "2024-09-30", "--scenarios", "50",
                                 "--output", try temporaryFolder().appendingPathComponent("r.html").path])
        #expect(r.status == 0, "\(r.stderr)")
        for method in ["hazard", "pool"] {
            let f = try runWorksafe(["forecast", "--data", town.path, "--method", method, "--scenarios", "50"])
            #expect(f.status == 0, "\(f.stderr)")
            #expect(f.stderr.contains("No forecast: forecast: not enough history"), "\(f.stderr)")
            #expect(f.stdout.hasPrefix("level,unit,milestone_date") && f.stdout.split(separator: "\n").count == 1, "\(f.stdout)")
            let reliability = try temporaryFolder().appendingPathComponent("rel.csv")
            let b = try runWorksafe(["backtest", "--data", town.path, "--method", method, "--scenarios", "50",
                                     "--reliability", reliability.path])
            #expect(b.status == 0, "\(b.stderr)")
            #expect(b.stderr.contains("No backtest:"), "\(b.stderr)")
            #expect(b.stdout.hasPrefix("method,forecasts,brier_score"), "\(b.stdout)")
            #expect(try String(contentsOf: reliability, encoding: .utf8).hasPrefix("method,bin_lower"))
        }
        // Origins the user asked for that cannot be forecast stay an error.
        let asked = try runWorksafe(["backtest", "--data", town.path, "--origins", "2022-03-31", "--scenarios", "50"])
        #expect(asked.status == 65, "\(asked.stderr)")
        #expect(asked.stderr.contains("at 2022-03-31: no month since the campaign start"), "\(asked.stderr)")
    }

    // MARK: - Item 13: messages

    @Test func simulateIntoAnExistingFileSaysSo() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("enterprises.csv")
        try Data("x\n".utf8).write(to: file)
        let r = try runWorksafe(["simulate", "--enterprises", "5", "--seed", "1", "--out", file.path])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("is a file") && !r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "x\n")
    }

    @Test func aFileGivenAsDataIsCalledAFile() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("enterprises.csv")
        try Data("x\n".utf8).write(to: file)
        let r = try runWorksafe(["validate", "--data", file.path])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("is a file, not a folder"), "\(r.stderr)")
    }
}

extension HostileUseTests {
    @Test func controlCharactersInDataAreShownNotSentToTheTerminal() throws {
        let town = try simulatedTown(10, seed: 13)
        let status = town.appendingPathComponent("status.csv")
        var lines = try String(contentsOf: status, encoding: .utf8).split(separator: "\n").map(String.init)
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[2] = "comp\u{0}leted\u{1B}[31m"
        lines[1] = fields.joined(separator: ",")
        try (lines.joined(separator: "\n") + "\n").write(to: status, atomically: true, encoding: .utf8)
        let r = try runWorksafe(["trend", "--data", town.path, "--output", "/dev/null"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(!r.stderr.contains("\u{0}") && !r.stderr.contains("\u{1B}"))
        #expect(r.stderr.contains("comp\\0leted\\u{1B}[31m"), "\(r.stderr)")
    }
}

extension HostileUseTests {
    @Test func simulateIntoAFolderThatCannotBeCreatedGivesTheSystemsReason() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("plain")
        try Data("x".utf8).write(to: file)
        let r = try runWorksafe(["simulate", "--enterprises", "5", "--seed", "1", "--out", file.appendingPathComponent("town").path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("cannot create the folder: Not a directory"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("Error Domain"), "\(r.stderr)")
    }
}
