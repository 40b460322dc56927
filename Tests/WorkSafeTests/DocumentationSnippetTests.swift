import Foundation
import Testing

/// The DocC articles' code cannot rot: every Swift block of every article in
/// `Sources/<Module>/<Module>.docc/` must appear, line for line (indentation and blank lines
/// aside, `import` lines skipped), in one of the test files that compile and run it
/// (`Tests/*/…Examples.swift`).
@Suite struct DocumentationSnippetTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Swift code blocks of a Markdown text, each as its trimmed, non-blank, non-import lines.
    static func swiftBlocks(_ markdown: String) -> [[String]] {
        var blocks: [[String]] = [], current: [String]? = nil
        for line in markdown.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil, trimmed == "```swift" { current = []; continue }
            if current != nil, trimmed == "```" { blocks.append(current!); current = nil; continue }
            if !trimmed.isEmpty, !trimmed.hasPrefix("import ") { current?.append(trimmed) }
        }
        return blocks
    }

    static func normalizedLines(_ text: String) -> [String] {
        text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("import ") }
    }

    static func contains(_ haystack: [String], _ block: [String]) -> Bool {
        guard !block.isEmpty, block.count <= haystack.count else { return block.isEmpty }
        return (0...(haystack.count - block.count)).contains { start in
            Array(haystack[start..<(start + block.count)]) == block
        }
    }

    @Test func everyArticleBlockIsCompiledByATest() throws {
        let fm = FileManager.default
        let sources = Self.root.appendingPathComponent("Sources")
        let tests = Self.root.appendingPathComponent("Tests")
        var examples: [[String]] = []
        for target in try fm.contentsOfDirectory(atPath: tests.path) {
            let folder = tests.appendingPathComponent(target)
            for file in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            where file.hasSuffix("Examples.swift") {
                examples.append(Self.normalizedLines(try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)))
            }
        }
        var checked = 0
        for module in try fm.contentsOfDirectory(atPath: sources.path) {
            let catalog = sources.appendingPathComponent("\(module)/\(module).docc")
            for article in (try? fm.contentsOfDirectory(atPath: catalog.path)) ?? [] where article.hasSuffix(".md") {
                let text = try String(contentsOf: catalog.appendingPathComponent(article), encoding: .utf8)
                for (i, block) in Self.swiftBlocks(text).enumerated() {
                    checked += 1
                    #expect(examples.contains { Self.contains($0, block) },
                            "\(module).docc/\(article): Swift block \(i + 1) is not in any Tests/*/…Examples.swift")
                }
            }
        }
        #expect(checked >= 8)
    }
}
