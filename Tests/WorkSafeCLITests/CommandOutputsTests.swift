import Foundation
import Testing
@testable import WorkSafeCLI

/// The CLI support layer's output set and memory budget, in process (issue 19, items 2–4).
@Suite struct CommandOutputsTests {
    @Test func outputsArePublishedTogetherAfterPublish() throws {
        let folder = try temporaryFolder()
        let a = folder.appendingPathComponent("a.csv").path, b = folder.appendingPathComponent("b.json").path
        let outputs = try CommandOutputs([("--output", a), ("--summary", b), ("--crosstab", nil)])
        #expect(outputs.isRequested("--output") && !outputs.isRequested("--crosstab"))
        try outputs.csv("--output", excel: false) { w in try w.writeHeader(["x"]) }
        try outputs.text("--summary", "{}\n")
        try outputs.csv("--crosstab", excel: false) { _ in Issue.record("not asked for: never run") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { $0.hasPrefix(".") })
        try outputs.publish()
        #expect(try String(contentsOfFile: a, encoding: .utf8) == "x\n")
        #expect(try String(contentsOfFile: b, encoding: .utf8) == "{}\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.csv", "b.json"])
    }

    @Test func aFailureBeforePublishLeavesNothing() throws {
        let folder = try temporaryFolder()
        struct Boom: Error {}
        do {
            let outputs = try CommandOutputs([("--output", folder.appendingPathComponent("a.csv").path),
                                              ("--vetoes", folder.appendingPathComponent("b.csv").path)])
            try outputs.csv("--output", excel: false) { w in try w.writeHeader(["x"]) }
            try outputs.csv("--vetoes", excel: false) { _ in throw Boom() }
            Issue.record("expected the error")
        } catch is Boom {}
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func inputsAndOtherOutputsAreRefused() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("in.csv")
        try Data("a\n".utf8).write(to: input)
        #expect(throws: UsageRefusal.self) {
            _ = try CommandOutputs([("--output", input.path)], inputs: [InputFile("--features", input.path)])
        }
        // A different spelling of the same path.
        #expect(throws: UsageRefusal.self) {
            _ = try CommandOutputs([("--output", folder.path + "/./in.csv")], inputs: [InputFile("--features", input.path)])
        }
        #expect(throws: UsageRefusal.self) {
            _ = try CommandOutputs([("--output", "-"), ("--summary", "-")])
        }
        #expect(throws: UsageRefusal.self) { _ = try CommandOutputs([("--output", "")]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["in.csv"])
    }

    @Test func theMemoryBudgetRefusesWhatDoesNotFit() throws {
        #expect(throws: UsageRefusal.self) {
            try MemoryBudget.require(bytes: 2e12, for: "1e8 scenarios", advice: "use fewer --scenarios", available: 8e9)
        }
        do {
            try MemoryBudget.require(bytes: 2e12, for: "1e8 scenarios", advice: "use fewer --scenarios", available: 8e9)
        } catch let error as UsageRefusal {
            #expect(error.message == "1e8 scenarios needs about 1.8 TiB of memory, but 7.5 GiB is available on this machine: use fewer --scenarios")
        }
        try MemoryBudget.require(bytes: 1e6, for: "x", advice: "y", available: 8e9)
        #expect(throws: UsageRefusal.self) { try MemoryBudget.require(bytes: .infinity, for: "x", advice: "y") }
        #expect(throws: UsageRefusal.self) { try MemoryBudget.require(bytes: .nan, for: "x", advice: "y") }
        #expect(MemoryBudget.availableBytes > 0 && MemoryBudget.availableBytes <= MemoryBudget.physicalBytes * 1.01)
        #expect(MemoryBudget.format(1536) == "1.5 KiB" && MemoryBudget.format(Double(1 << 30) * 24) == "24 GiB")
        #expect(MemoryBudget.format(1e30) == "more than 1 EiB")
    }

    @Test func theForecastEstimateScalesWithScenariosUnitsAndMilestones() throws {
        // 1e8 scenarios × 14 units × 3 milestones × 24 bytes ≈ 94 GiB: refused on 24 GiB.
        #expect(throws: UsageRefusal.self) {
            try MemoryBudget.requireForecast(scenarios: 100_000_000, units: 14, milestones: 3, available: 24 * 1_073_741_824)
        }
        try MemoryBudget.requireForecast(scenarios: 1000, units: 14, milestones: 3, available: 24 * 1_073_741_824)
        // Int.max scenarios cannot overflow the estimate.
        #expect(throws: UsageRefusal.self) { try MemoryBudget.requireForecast(scenarios: .max, units: .max, milestones: 3) }
    }
}
