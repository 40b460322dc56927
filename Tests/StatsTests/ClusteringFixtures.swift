import Foundation
import Linalg

/// The scikit-learn reference values of scripts/fixtures/kmeans_fixtures.py.
struct ClusteringFixtures: Decodable {
    struct KMeansCase: Decodable {
        let name: String
        let x: [[Double]]
        let `init`: [[Double]]
        let max_iter: Int
        let tol: Double
        let labels: [Int]
        let inertia: Double
        let centers: [[Double]]
        let n_iter: Int
    }
    struct SilhouetteCase: Decodable {
        let name: String
        let x: [[Double]]
        let labels: [Int]
        let score: Double
        let samples: [Double]
    }
    struct PCACase: Decodable {
        let name: String
        let x: [[Double]]
        let components: [[Double]]
        let explained_variance: [Double]
        let explained_variance_ratio: [Double]
        let singular_values: [Double]
        let mean: [Double]
        let transform: [[Double]]
    }
    let kmeans: [KMeansCase]
    let silhouette: [SilhouetteCase]
    let pca: [PCACase]

    static let shared: ClusteringFixtures = {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/kmeans_fixtures.json")
        let data = try! Data(contentsOf: url)
        return try! JSONDecoder().decode(ClusteringFixtures.self, from: data)
    }()
}

func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

func maxAbsDifference(_ a: Matrix, _ b: [[Double]]) -> Double {
    var m = 0.0
    for i in 0..<a.rows { for j in 0..<a.columns { m = max(m, abs(a[i, j] - b[i][j])) } }
    return m
}
