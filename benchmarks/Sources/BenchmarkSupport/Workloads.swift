import Foundation
import Linalg

// The inputs of each workload, loaded from the shared files (see BenchData and
// peers/make_data.py, which documents how each one is generated). Load them in a benchmark's
// `setup:` closure so reading the files is never timed.

/// dgemm: A and B, n × n, entries N(0, 1).
public struct GemmWorkload: Sendable {
    public let n: Int
    public let a: Matrix
    public let b: Matrix

    public static func load() throws -> GemmWorkload {
        let s = try BenchData.load().section("gemm")
        let n = try s.int("n")
        return GemmWorkload(
            n: n,
            a: try Matrix(rows: n, columns: n, elements: try s.doubles("a", count: n * n)),
            b: try Matrix(rows: n, columns: n, elements: try s.doubles("b", count: n * n)))
    }
}

/// CSV ingest: a header line and `rows` lines of 13 numeric fields (id, 8 scores, 4 counts).
public struct CSVWorkload: Sendable {
    public let url: URL
    public let rows: Int
    public let columns: Int
    public let bytes: Int

    public static func load() throws -> CSVWorkload {
        let s = try BenchData.load().section("csv")
        return CSVWorkload(url: try s.file("file"), rows: try s.int("rows"),
                           columns: try s.int("columns"), bytes: try s.int("bytes"))
    }
}

/// k-means: n × d points (8 Gaussian blobs), the k initial centres both sides start from, and
/// the fixed iteration cap (tolerance 0).
public struct KMeansWorkload: Sendable {
    public let points: Matrix
    public let initialCentres: Matrix
    public let k: Int
    public let maxIterations: Int

    public static func load() throws -> KMeansWorkload {
        let s = try BenchData.load().section("kmeans")
        let (n, d, k) = (try s.int("n"), try s.int("d"), try s.int("k"))
        return KMeansWorkload(
            points: try Matrix(rows: n, columns: d, elements: try s.doubles("x", count: n * d)),
            initialCentres: try Matrix(rows: k, columns: d,
                                       elements: try s.doubles("init", count: k * d)),
            k: k, maxIterations: try s.int("max_iter"))
    }
}

/// Silhouette: n × d points and their cluster labels (0..<k).
public struct SilhouetteWorkload: Sendable {
    public let points: Matrix
    public let labels: [Int]

    public static func load() throws -> SilhouetteWorkload {
        let s = try BenchData.load().section("silhouette")
        let (n, d) = (try s.int("n"), try s.int("d"))
        return SilhouetteWorkload(
            points: try Matrix(rows: n, columns: d, elements: try s.doubles("x", count: n * d)),
            labels: try s.integers("labels", count: n))
    }
}

/// Hazard fit (logistic): n × p covariates, 0/1 outcomes, and the design with a leading
/// intercept column (n × (p + 1)), which is what the peer fits.
public struct LogitWorkload: Sendable {
    public let covariates: Matrix
    public let outcomes: [Double]
    public let design: Matrix

    public static func load() throws -> LogitWorkload {
        let s = try BenchData.load().section("logit")
        let (n, p) = (try s.int("n"), try s.int("p"))
        let x = try s.doubles("x", count: n * p)
        var withIntercept = [Double](repeating: 1, count: n * (p + 1))
        for i in 0..<n {
            for j in 0..<p { withIntercept[i * (p + 1) + j + 1] = x[i * p + j] }
        }
        return LogitWorkload(
            covariates: try Matrix(rows: n, columns: p, elements: x),
            outcomes: try s.doubles("y", count: n),
            design: try Matrix(rows: n, columns: p + 1, elements: withIntercept))
    }
}

/// Monte Carlo forecast: enterprises' covariates x (n × p), the coefficient mean
/// θ = [β (p), γ_1...γ_months] and its covariance Σ, each enterprise's unit (0..<units), and
/// the scenario count and seed. Per scenario θ_s ~ N(θ, Σ); η_it = x_i·β_s + γ_s,t; completion
/// month = first t with Σ_{u≤t} exp(η_iu) ≥ E, E ~ Exp(1); counts per scenario, unit, month.
public struct MonteCarloWorkload: Sendable {
    public let covariates: Matrix
    public let theta: [Double]
    public let sigma: Matrix
    public let unit: [Int]
    public let units: Int
    public let scenarios: Int
    public let months: Int
    public let seed: UInt64

    public static func load() throws -> MonteCarloWorkload {
        let s = try BenchData.load().section("montecarlo")
        let (n, p, months) = (try s.int("enterprises"), try s.int("p"), try s.int("months"))
        let q = p + months
        return MonteCarloWorkload(
            covariates: try Matrix(rows: n, columns: p, elements: try s.doubles("x", count: n * p)),
            theta: try s.doubles("theta", count: q),
            sigma: try Matrix(rows: q, columns: q, elements: try s.doubles("sigma", count: q * q)),
            unit: try s.integers("unit", count: n),
            units: try s.int("units"), scenarios: try s.int("scenarios"), months: months,
            seed: UInt64(try s.int("seed")))
    }
}
