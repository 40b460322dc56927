import Foundation
import Testing

/// Numbers from a fixture's JSON object (written by the scripts in scripts/fixtures/).
extension Dictionary where Key == String, Value == Any {
    func doubles(_ key: String) throws -> [Double] {
        try #require(self[key] as? [Any]).map { try #require(($0 as? NSNumber)?.doubleValue) }
    }
    func double(_ key: String) throws -> Double {
        try #require((self[key] as? NSNumber)?.doubleValue)
    }
}
