import Foundation
import Testing

/// Parses CSV text with no quoted commas (the outputs checked here have none in these columns).
private func table(_ text: String) -> (header: [String], rows: [[String]]) {
    let lines = text.split(separator: "\n").map(String.init)
    let split = { (l: String) in l.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    return (split(lines.first ?? ""), lines.dropFirst().map(split))
}

/// End-to-end: trend, forecast, backtest, assess and report on the bundled sample town.
@Suite(.serialized) struct AnalysisCommandTests {
    @Test func trendOnTheSampleHasOneRowPerQuarterEndAndShareInRange() throws {
        let r = try runWorksafe(["trend", "--as-of", "2024-12-31"])
        #expect(r.status == 0, "\(r.stderr)")
        let t = table(r.stdout)
        #expect(Array(t.header.prefix(7)) == ["grouping", "unit", "period_end", "partial_period", "completed", "open", "share_percent"])
        // 2023Q1 … 2024Q4: eight quarter ends for the town.
        #expect(t.rows.count == 8)
        #expect(t.rows.last?[2] == "2024-12-31")
        for row in t.rows {
            let share = try #require(Double(row[6]))
            #expect(share >= 0 && share <= 100)
        }
    }

    @Test func trendRefusesBothDataAndProgress() throws {
        let r = try runWorksafe(["trend", "--data", "x", "--progress", "y"])
        #expect(r.status == 64)
    }

    @Test func forecastIsReproducibleForASeedAndCarriesTheContractColumns() throws {
        let args = ["forecast", "--as-of", "2024-06-30", "--scenarios", "200", "--seed", "7"]
        let a = try runWorksafe(args), b = try runWorksafe(args + ["--threads", "1"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        let t = table(a.stdout)
        for column in ["unit", "milestone_date", "target_percent", "probability", "expected_percent",
                       "lower_percent", "upper_percent", "median_date_reached", "recent_pace_per_month",
                       "linear_projection_percent", "required_pace_per_month"] {
            #expect(t.header.contains(column), "missing \(column)")
        }
        let p = try #require(t.header.firstIndex(of: "probability"))
        let lo = try #require(t.header.firstIndex(of: "lower_percent"))
        let hi = try #require(t.header.firstIndex(of: "upper_percent"))
        let ex = try #require(t.header.firstIndex(of: "expected_percent"))
        for row in t.rows {
            let prob = try #require(Double(row[p]))
            #expect(prob >= 0 && prob <= 1)
            #expect(Double(row[lo])! <= Double(row[ex])! + 1e-9 && Double(row[ex])! <= Double(row[hi])! + 1e-9)
        }
        // Milestones after 2024-06-30 only: 2024-12-31 and 2025-12-31.
        #expect(Set(t.rows.map { $0[t.header.firstIndex(of: "milestone_date")!] }) == ["2024-12-31", "2025-12-31"])
    }

    @Test func forecastAfterTheLastMilestoneIsAUsageErrorWithAHint() throws {
        let r = try runWorksafe(["forecast", "--as-of", "2026-06-30", "--scenarios", "10"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--as-of"))
    }

    @Test func poolForecastRunsOnTheProgressTable() throws {
        let progress = repositoryRoot.appendingPathComponent("notebooks-data/progress-sample.csv").path
        let r = try runWorksafe(["forecast", "--progress", progress, "--as-of", "2024-03-31", "--scenarios", "200"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(",pool,"))
    }

    @Test func backtestScoresModelAndBaselines() throws {
        let dir = try temporaryFolder()
        let reliability = dir.appendingPathComponent("rel.csv").path
        let r = try runWorksafe(["backtest", "--origins", "2023-06-30,2024-06-30", "--scenarios", "100",
                                 "--reliability", reliability])
        #expect(r.status == 0, "\(r.stderr)")
        let t = table(r.stdout)
        #expect(t.rows.map { $0[0] } == ["model", "linear_pace", "linear_pace_smoothed"])
        #expect(FileManager.default.fileExists(atPath: reliability))
    }

    @Test func bulletinCarriesRiskColoursAndForecastProbability() throws {
        let r = try runWorksafe(["assess", "--quarter", "2024Q3", "--scenarios", "100"])
        #expect(r.status == 0, "\(r.stderr)")
        let t = table(r.stdout)
        let town = try #require(t.rows.first)
        #expect(town[0] == "town")
        let red = try #require(t.header.firstIndex(of: "red_enterprises"))
        let prob = try #require(t.header.firstIndex(of: "forecast_probability"))
        #expect(Int(town[red]) != nil)
        #expect(Double(town[prob]).map { $0 >= 0 && $0 <= 1 } == true)
    }

    @Test func annualScoresAndPrintRules() throws {
        let rules = try runWorksafe(["assess", "--print-rules"])
        #expect(rules.status == 0)
        #expect(rules.stdout.contains("\"base"))
        let dir = try temporaryFolder()
        let rulesFile = dir.appendingPathComponent("rules.json")
        try Data(rules.stdout.utf8).write(to: rulesFile)
        let r = try runWorksafe(["assess", "--year", "2024", "--rules", rulesFile.path, "--lang", "zh", "--excel"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("\u{FEFF}类型"))
        let bad = dir.appendingPathComponent("bad.json")
        try Data("{\"no_such_rule\": 1}".utf8).write(to: bad)
        let out = dir.appendingPathComponent("scores.csv")
        let refused = try runWorksafe(["assess", "--year", "2024", "--rules", bad.path, "--output", out.path])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("bad.json"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func reportIsOneSelfContainedHTMLFile() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("report.html")
        let r = try runWorksafe(["report", "--as-of", "2024-09-30", "--scenarios", "100", "--output", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(!html.contains("http://") || html.contains("http://www.w3.org"))
        #expect(try listing(dir) == ["report.html"])
        let missing = try runWorksafe(["report"])
        #expect(missing.status == 64)
    }
}
