// swift-tools-version: 6.1
// worksafe's benchmarks: a nested package so the main package never depends on the harness.
// Run everything (Swift side and Python peers) with `benchmarks/run.sh [--smoke]`; see README.md.
import PackageDescription

/// The worksafe products a benchmark may use (every benchmark target gets all of them).
let worksafeProducts: [Target.Dependency] = [
    .product(name: "Linalg", package: "worksafe"),
    .product(name: "Stats", package: "worksafe"),
    .product(name: "Tabular", package: "worksafe"),
    .product(name: "WorkSafe", package: "worksafe"),
    .product(name: "Spreadsheet", package: "worksafe"),
]

/// One executable per workload, in `Benchmarks/<Name>/` (the folder layout the plugin requires).
/// Adding a benchmark: write `Benchmarks/<Name>/<Name>.swift` and add its name here.
let benchmarkNames = [
    "Gemm",           // issue #2: Matrix.multiply vs direct cblas_dgemm, n = 2000 (also peak GFLOP/s)
    "MachineLimits",  // memory bandwidth (STREAM-like triad, 2 threads)
    "CSVIngest",      // issue #3: numeric CSV ingest vs pandas.read_csv
    "KMeansLloyd",    // issue #6: Lloyd iteration vs scikit-learn
    "Silhouette",     // issue #6: exact silhouette vs scikit-learn
    "HazardFit",      // issue #5: logistic IRLS vs statsmodels Logit
    "MonteCarlo",     // issue #5: Monte Carlo forecast (CompletionSimulation) vs numpy
    "ReportEndToEnd", // issue #8: `worksafe report` on a simulated city (time, peak memory)
    "Workbooks",      // issue #16: .xlsx writing and reading vs the same work in CSV
]

let package = Package(
    name: "worksafe-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "worksafe", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // MARK: - Support

        /// Shared data loading (the files peers/make_data.py writes) and run configuration.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "Linalg", package: "worksafe"),
                .product(name: "Benchmark", package: "benchmark"),
            ]
        ),
        /// cblas.h for the direct reference call (the main package's COpenBLAS is not a product).
        .systemLibrary(
            name: "CBLASDirect",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
    ] + benchmarkNames.map { name in
        .executableTarget(
            name: name,
            dependencies: worksafeProducts + [
                "BenchmarkSupport",
                "CBLASDirect",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    }
)
