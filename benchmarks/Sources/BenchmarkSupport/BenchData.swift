import Foundation

/// The generated benchmark inputs, shared with the Python peers.
///
/// `peers/make_data.py` writes every input once per mode into `benchmarks/.data/<mode>/`:
/// a `manifest.json` (sizes, seeds, file names) and raw little-endian binary arrays
/// (`.f64` = Float64, `.i64` = Int64, row-major), plus the CSV for the ingest benchmark.
/// Both sides read these files, so they work on the same numbers.
///
/// The folder is `$WORKSAFE_BENCH_DATA` when set (run.sh sets it), else
/// `benchmarks/.data/<mode>` found from this source file's location.
public struct BenchData: @unchecked Sendable {
    /// The folder holding the manifest and the data files.
    public let folder: URL
    /// The parsed `manifest.json`.
    public let manifest: [String: Any]

    /// Loads the manifest of the current mode (see `BenchMode.current`).
    public static func load() throws -> BenchData {
        let folder: URL
        if let path = ProcessInfo.processInfo.environment["WORKSAFE_BENCH_DATA"], !path.isEmpty {
            folder = URL(fileURLWithPath: path, isDirectory: true)
        } else {
            folder = URL(fileURLWithPath: #filePath)  // benchmarks/Sources/BenchmarkSupport/BenchData.swift
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".data/\(BenchMode.current.rawValue)", isDirectory: true)
        }
        let url = folder.appendingPathComponent("manifest.json")
        guard let bytes = try? Data(contentsOf: url) else {
            throw BenchDataError.missing("\(url.path) (run benchmarks/run.sh, or peers/make_data.py)")
        }
        guard let manifest = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
            throw BenchDataError.malformed("\(url.path) is not a JSON object")
        }
        return BenchData(folder: folder, manifest: manifest)
    }

    /// One workload's entry of the manifest, e.g. `section("gemm")`.
    public func section(_ name: String) throws -> Section {
        guard let entry = manifest[name] as? [String: Any] else {
            throw BenchDataError.malformed("manifest has no section '\(name)'")
        }
        return Section(name: name, folder: folder, entry: entry)
    }

    /// One workload's sizes and files.
    public struct Section: @unchecked Sendable {
        public let name: String
        public let folder: URL
        public let entry: [String: Any]

        /// An integer size, e.g. `int("n")`.
        public func int(_ key: String) throws -> Int {
            guard let value = entry[key] as? Int else {
                throw BenchDataError.malformed("\(name).\(key) is not an integer")
            }
            return value
        }

        /// The URL of a data file named by `key`, e.g. `file("a")`.
        public func file(_ key: String) throws -> URL {
            guard let value = entry[key] as? String else {
                throw BenchDataError.malformed("\(name).\(key) is not a file name")
            }
            return folder.appendingPathComponent(value)
        }

        /// A raw little-endian Float64 array named by `key`, checked against `count` when given.
        public func doubles(_ key: String, count: Int? = nil) throws -> [Double] {
            try Self.read(try file(key), as: Double.self, count: count)
        }

        /// A raw little-endian Int64 array named by `key`, checked against `count` when given.
        public func integers(_ key: String, count: Int? = nil) throws -> [Int] {
            try Self.read(try file(key), as: Int64.self, count: count).map { Int($0) }
        }

        static func read<T: BitwiseCopyable>(_ url: URL, as: T.Type, count: Int?) throws -> [T] {
            let bytes = try Data(contentsOf: url)
            let stride = MemoryLayout<T>.stride
            guard bytes.count % stride == 0, count.map({ $0 * stride == bytes.count }) ?? true else {
                throw BenchDataError.malformed(
                    "\(url.lastPathComponent): \(bytes.count) bytes, expected \(count ?? -1) × \(stride)")
            }
            return bytes.withUnsafeBytes { raw in
                Array(raw.bindMemory(to: T.self))  // little-endian host (x86_64, arm64)
            }
        }
    }
}

/// Why the benchmark inputs could not be read.
public enum BenchDataError: Error, CustomStringConvertible {
    case missing(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .missing(let what): "benchmark data missing: \(what)"
        case .malformed(let what): "benchmark data malformed: \(what)"
        }
    }
}
