import Foundation

extension AssessmentRules {
    /// Parses a flat TOML subset: `key = value` lines with `#` comments, blank lines and an
    /// optional `[assessment]` table header; values are numbers (`85`, `2.5`, `1_000`) or
    /// `true`/`false`. Keys are the JSON rule names (`base_points = 80`).
    ///
    /// - Throws: `AssessmentError.malformedRules` naming the line for anything else (strings,
    ///   arrays, other tables, a repeated key), `.unknownRule`, `.invalidRule`.
    public static func parse(toml text: String) throws(AssessmentError) -> AssessmentRules {
        var entries: [(String, String)] = []
        var seen = Set<String>()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let t = String(line).trimmingWhitespace()
            if t.isEmpty { continue }
            if t.hasPrefix("[") {
                guard t == "[assessment]" else {
                    throw .malformedRules("line \(lineNumber): only an [assessment] table is supported")
                }
                continue
            }
            let parts = t.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw .malformedRules("line \(lineNumber): expected key = value") }
            let key = String(parts[0]).trimmingWhitespace()
            let value = String(parts[1]).trimmingWhitespace().replacingOccurrences(of: "_", with: "")
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw .malformedRules("line \(lineNumber): bad key '\(key)'")
            }
            guard !seen.contains(key) else { throw .malformedRules("line \(lineNumber): repeated key '\(key)'") }
            seen.insert(key)
            let json: String
            if value == "true" || value == "false" {
                json = value
            } else if let d = Double(value), d.isFinite, value.first != "." {
                json = Int(value) != nil ? String(Int(value)!) : String(d)
            } else {
                throw .malformedRules("line \(lineNumber): '\(value)' is not a number or true/false")
            }
            entries.append((key, json))
        }
        let object = "{" + entries.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        return try parse(json: Data(object.utf8))
    }
}
