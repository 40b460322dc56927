import Foundation
import Testing

/// One scikit-learn k-means case of Tests/StatsTests/Fixtures/kmeans_fixtures.json
/// (scripts/fixtures: `KMeans(init=centres, n_init=1, algorithm="lloyd")`).
struct SklearnKMeansCase: Decodable {
    let name: String
    let x: [[Double]]
    let `init`: [[Double]]
    let max_iter: Int
    let tol: Double
    let labels: [Int]
    let inertia: Double
    let n_iter: Int

    static let all: [SklearnKMeansCase] = {
        struct File: Decodable { let kmeans: [SklearnKMeansCase] }
        let url = repositoryRoot.appendingPathComponent("Tests/StatsTests/Fixtures/kmeans_fixtures.json")
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).kmeans
    }()
}

/// CSV text: a header and rows of shortest round-trip decimals.
private func csv(header: [String], rows: [[String]]) -> String {
    ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
}

private func readJSON(_ url: URL) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
}

/// `worksafe cluster`, end to end through the built executable.
@Suite struct ClusterCommandTests {
    @Test("--features with --init from scikit-learn's centres: identical labels, inertia to 1e-9",
          arguments: SklearnKMeansCase.all.map(\.name))
    func matchesScikitLearnFromTheSameCentres(name: String) throws {
        let c = SklearnKMeansCase.all.first { $0.name == name }!
        let d = c.x[0].count
        let names = (1...d).map { "f\($0)" }
        let folder = try temporaryFolder()
        let features = folder.appendingPathComponent("x.csv")
        try csv(header: ["id"] + names, rows: c.x.enumerated().map { ["r\($0.offset)"] + $0.element.map { "\($0)" } })
            .write(to: features, atomically: true, encoding: .utf8)
        // Both accepted --init layouts: bare feature columns, and a leading cluster column.
        let initFile = folder.appendingPathComponent("init.csv")
        let withID = c.name.count % 2 == 0
        try csv(header: (withID ? ["cluster"] : []) + names,
                rows: c.`init`.enumerated().map { (withID ? ["\($0.offset)"] : []) + $0.element.map { "\($0)" } })
            .write(to: initFile, atomically: true, encoding: .utf8)
        let labels = folder.appendingPathComponent("labels.csv")
        let summary = folder.appendingPathComponent("summary.json")
        let centres = folder.appendingPathComponent("centres.csv")
        let r = try runWorksafe(["cluster", "--features", features.path, "--init", initFile.path,
                                 "--standardize", "none", "--n-init", "1", "--max-iter", "\(c.max_iter)",
                                 "--tol", "\(c.tol)", "--output", labels.path, "--summary", summary.path,
                                 "--centers-output", centres.path])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSVRecords(try String(contentsOf: labels, encoding: .utf8))
        #expect(rows[0] == ["id", "cluster"])
        #expect(rows.dropFirst().map { $0[0] } == c.x.indices.map { "r\($0)" })
        #expect(rows.dropFirst().map { Int($0[1])! } == c.labels)
        let json = try readJSON(summary)
        let inertia = try #require(json["inertia"] as? Double)
        #expect(abs(inertia - c.inertia) <= 1e-9 * abs(c.inertia), "\(inertia) vs \(c.inertia)")
        #expect(json["iterations"] as? Int == c.n_iter)
        #expect(json["k"] as? Int == c.`init`.count)
        let centreRows = parseCSVRecords(try String(contentsOf: centres, encoding: .utf8))
        #expect(centreRows[0] == ["cluster", "size"] + names)
        #expect(centreRows.count == c.`init`.count + 1)
    }

    @Test func ledgerClusteringWithAllOutputs() throws {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("clusters.csv")
        let summary = folder.appendingPathComponent("summary.json")
        let centres = folder.appendingPathComponent("centres.csv")
        let cross = folder.appendingPathComponent("cross.csv")
        let args = ["cluster", "--k", "4", "--seed", "7", "--period", "2024Q3", "--output", out.path,
                    "--summary", summary.path, "--centers-output", centres.path, "--crosstab", cross.path,
                    "--today", "2026-11-29"]
        let r = try runWorksafe(args)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSVRecords(try String(contentsOf: out, encoding: .utf8))
        #expect(rows[0] == ["id", "period", "cluster", "cluster_level", "rule_level"])
        let data = rows.dropFirst()
        #expect(data.count > 700 && data.count <= 800)
        #expect(data.allSatisfy { $0[1] == "2024Q3" })
        #expect(data.allSatisfy { (0..<4).contains(Int($0[2])!) })
        #expect(data.allSatisfy { ["red", "orange", "yellow", "blue"].contains($0[4]) })
        // k = 4: one cluster per colour.
        #expect(Set(data.map { $0[3] }) == ["red", "orange", "yellow", "blue"])

        let json = try readJSON(summary)
        #expect(json["k"] as? Int == 4)
        #expect(json["rows"] as? Int == data.count)
        #expect(json["standardize"] as? String == "zscore")
        let sizes = try #require(json["cluster_sizes"] as? [Int])
        #expect(sizes == (0..<4).map { j in data.filter { Int($0[2]) == j }.count })
        let silhouette = try #require(json["silhouette"] as? Double)
        #expect(silhouette > -1 && silhouette < 1)

        let centreRows = parseCSVRecords(try String(contentsOf: centres, encoding: .utf8))
        #expect(Array(centreRows[0].prefix(4)) == ["cluster", "cluster_level", "risk_score", "size"])
        #expect(centreRows.count == 5)
        #expect(centreRows.dropFirst().map { Int($0[3])! } == sizes)

        let crossRows = parseCSVRecords(try String(contentsOf: cross, encoding: .utf8))
        #expect(crossRows[0] == ["cluster", "cluster_level", "red", "orange", "yellow", "blue", "total"])
        #expect(crossRows.count == 5)
        for (j, row) in crossRows.dropFirst().enumerated() {
            let counts = row[2...5].map { Int($0)! }
            #expect(counts.reduce(0, +) == Int(row[6])!)
            #expect(Int(row[6])! == sizes[j])
            // Each cell is the number of enterprises of that cluster with that rule level.
            for (level, count) in zip(["red", "orange", "yellow", "blue"], counts) {
                #expect(data.filter { Int($0[2]) == j && $0[4] == level }.count == count)
            }
        }

        // Same seed, same bytes.
        let again = folder.appendingPathComponent("again.csv")
        var args2 = args
        args2[args2.firstIndex(of: out.path)!] = again.path
        #expect(try runWorksafe(args2).status == 0)
        #expect(try Data(contentsOf: out) == Data(contentsOf: again))

        // The centres file reads back as --init (columns by name): Lloyd starts at a fixed point.
        let restart = folder.appendingPathComponent("restart.csv")
        let r3 = try runWorksafe(["cluster", "--period", "2024Q3", "--init", centres.path, "--output", restart.path,
                                  "--today", "2026-11-29"])
        #expect(r3.status == 0, "\(r3.stderr)")
        let restarted = parseCSVRecords(try String(contentsOf: restart, encoding: .utf8)).dropFirst()
        #expect(restarted.map { $0[2] } == data.map { $0[2] })
    }

    @Test("--k-range picks the k with the best silhouette", arguments: ["2...4", "2-4"])
    func kRangeChoosesBySilhouette(range: String) throws {
        let folder = try temporaryFolder()
        let summary = folder.appendingPathComponent("summary.json")
        let r = try runWorksafe(["cluster", "--k-range", range, "--n-init", "2", "--seed", "3",
                                 "--output", folder.appendingPathComponent("c.csv").path,
                                 "--summary", summary.path, "--today", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try readJSON(summary)
        let scores = try #require(json["k_scores"] as? [[String: Any]])
        #expect(scores.map { $0["k"] as? Int } == [2, 3, 4])
        let best = scores.max { ($0["silhouette"] as! Double) < ($1["silhouette"] as! Double) }!
        #expect(json["k"] as? Int == best["k"] as? Int)
    }

    @Test func kLargerThanTheDistinctRowsExits65() throws {
        let folder = try temporaryFolder()
        let features = folder.appendingPathComponent("dup.csv")
        try "id,a,b\nx1,1,2\nx2,1,2\nx3,3,4\nx4,5,6\nx5,5,6\n".write(to: features, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("labels.csv")
        let summary = folder.appendingPathComponent("summary.json")
        let r = try runWorksafe(["cluster", "--features", features.path, "--k", "4", "--output", out.path,
                                 "--summary", summary.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("k = 4") && r.stderr.contains("only 3 distinct rows"), "\(r.stderr)")
        #expect(try listing(folder) == ["dup.csv"])
        // k = 3 works.
        #expect(try runWorksafe(["cluster", "--features", features.path, "--k", "3"]).status == 0)
    }

    @Test("a blank, NaN or non-number cell exits 65 naming the line and column",
          arguments: [("id,a,b\nx1,1,2\nx2,,4\nx3,5,6\n", ":3:2: missing value in column \"a\""),
                      ("id,a,b\nx1,1,2\nx2,3,4\nx3,5,NaN\n", ":4:3:"),
                      ("id,a,b\nx1,1,2\nx2,3,abc\nx3,5,6\n", ":3:3:"),
                      ("id,a,b\nx1,1,2\nx2,3\nx3,5,6\n", ":3:")])
    func badCellsExit65(content: String, expected: String) throws {
        let folder = try temporaryFolder()
        let features = folder.appendingPathComponent("f.csv")
        try content.write(to: features, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("labels.csv")
        let r = try runWorksafe(["cluster", "--features", features.path, "--k", "2", "--output", out.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains(features.path + expected), "\(r.stderr)")
        #expect(try listing(folder) == ["f.csv"])
    }

    @Test func badInitFileExits65NamingIt() throws {
        let folder = try temporaryFolder()
        let features = folder.appendingPathComponent("f.csv")
        try "id,a,b\nx1,1,2\nx2,2,3\nx3,5,6\n".write(to: features, atomically: true, encoding: .utf8)
        let initFile = folder.appendingPathComponent("init.csv")
        try "p,q,r,s\n1,2,3,4\n".write(to: initFile, atomically: true, encoding: .utf8)
        let r = try runWorksafe(["cluster", "--features", features.path, "--init", initFile.path])
        #expect(r.status == 65 && r.stderr.contains(initFile.path), "\(r.stderr)")
        try "a,b\n1,2\n3,\n".write(to: initFile, atomically: true, encoding: .utf8)
        let r2 = try runWorksafe(["cluster", "--features", features.path, "--init", initFile.path])
        #expect(r2.status == 65 && r2.stderr.contains(initFile.path + ":3:2:"), "\(r2.stderr)")
        // --k disagreeing with the number of centres.
        try "a,b\n1,2\n5,6\n".write(to: initFile, atomically: true, encoding: .utf8)
        let r3 = try runWorksafe(["cluster", "--features", features.path, "--init", initFile.path, "--k", "3"])
        #expect(r3.status == 65 && r3.stderr.contains("--k 3"), "\(r3.stderr)")
        // Columns found by name, in any order, next to other columns.
        try "cluster,size,b,a\n0,1,2,1\n1,2,6,5\n".write(to: initFile, atomically: true, encoding: .utf8)
        let r4 = try runWorksafe(["cluster", "--features", features.path, "--init", initFile.path,
                                  "--standardize", "none"])
        #expect(r4.status == 0, "\(r4.stderr)")
        #expect(r4.stdout == "id,cluster\nx1,0\nx2,0\nx3,1\n")
    }

    @Test func usageErrorsExit64() throws {
        let f = "/nonexistent/f.csv"
        #expect(try runWorksafe(["cluster", "--features", f, "--crosstab", "x.csv"]).status == 64)
        #expect(try runWorksafe(["cluster", "--features", f, "--period", "2024Q3"]).status == 64)
        #expect(try runWorksafe(["cluster", "--k", "3", "--k-range", "2...5"]).status == 64)
        #expect(try runWorksafe(["cluster", "--k-range", "5...2"]).status == 64)
        #expect(try runWorksafe(["cluster", "--k-range", "1-4"]).status == 64)
        #expect(try runWorksafe(["cluster", "--k-range", "two"]).status == 64)
        #expect(try runWorksafe(["cluster", "--standardize", "minmax"]).status == 64)
        #expect(try runWorksafe(["cluster", "--n-init", "0"]).status == 64)
        #expect(try runWorksafe(["cluster", "--init", "i.csv", "--k-range", "2...4"]).status == 64)
    }
}
