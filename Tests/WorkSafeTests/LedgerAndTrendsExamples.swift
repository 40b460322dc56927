import Foundation
import Testing
import WorkSafe

// The code of Sources/WorkSafe/WorkSafe.docc/LedgerAndTrends.md, verbatim
// (DocumentationSnippetTests checks that every block of the article appears here), and what it
// computes on the bundled sample town.

func readLedger(_ folder: URL) throws -> Ledger {
    let result = try LedgerReader.read(folder: folder)
    for finding in result.findings where finding.severity == .error {
        print(finding)                      // enterprises.csv:12: column …: rule, message
    }
    return try result.ledger(skipInvalid: false)
}

func communitiesAtTheMilestone(_ ledger: Ledger, asOf: Day) -> [(community: String, reached: Bool)] {
    let campaign = Campaign.townPlan                    // 30 % / 80 % / 100 %; any milestones work
    let trend = CompletionTrend(campaign: campaign, grouping: .community, period: .quarter, asOf: asOf)
    let latest = trend.rows(from: ledger).filter { $0.periodEnd == asOf }
    guard let milestone = campaign.nextMilestone(onOrAfter: asOf) else { return [] }
    return latest.map { row in
        print(row.unit, row.sharePercent ?? .nan, row.wilsonLowerPercent ?? .nan,
              row.wilsonUpperPercent ?? .nan, row.gapPercent ?? .nan, row.note)
        return (row.unit, milestone.isReached(byPercent: row.sharePercent ?? 0))
    }
}

@Suite struct LedgerAndTrendsExamples {
    static let sample = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("notebooks-data/town-sample")

    @Test func theSampleTownReadsAndEveryCommunityIsJudgedAgainstTheNextMilestone() throws {
        let ledger = try readLedger(Self.sample)
        let asOf = Day(iso: "2024-09-30")!
        let judged = communitiesAtTheMilestone(ledger, asOf: asOf)
        let communities = Set(ledger.enterprises.map(\.community))
        #expect(Set(judged.map(\.community)) == communities)
        // The same verdict from the ledger's own count.
        for (community, reached) in judged {
            let c = ledger.completion(on: asOf) { $0.community == community }
            #expect(reached == (100 * Double(c.completed) / Double(c.open) >= 80 - 1e-9))
        }
    }
}
