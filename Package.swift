// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "worksafe",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "worksafe", targets: ["WorkSafeCLI"]),
        .library(name: "WorkSafe", targets: ["WorkSafe"]),
        .library(name: "Stats", targets: ["Stats"]),
        .library(name: "Linalg", targets: ["Linalg"]),
        .library(name: "Tabular", targets: ["Tabular"]),
        .library(name: "Spreadsheet", targets: ["Spreadsheet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation` for the DocC catalogs (no code is linked).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: - Public API

        /// Dense linear algebra over OpenBLAS/LAPACK: `Matrix`, products, factorizations.
        .target(name: "Linalg", dependencies: ["COpenBLAS"]),
        /// Domain-free estimators: OLS, Levenberg–Marquardt, IRLS logistic, Kaplan–Meier, k-means…
        .target(name: "Stats", dependencies: ["Linalg", "COpenBLAS", "CKernels"]),
        /// CSV reading and writing: encodings, quoting, typed errors, atomic writes.
        .target(name: "Tabular", dependencies: ["CKernels"]),
        /// Excel workbooks (.xlsx): writing (our own OOXML and ZIP writer, parallel deflate) and streaming reading.
        .target(name: "Spreadsheet", dependencies: ["Tabular", "CZlib"]),
        /// The work-safety domain: ledger, trends, forecasts, risk, assessment, report.
        .target(name: "WorkSafe", dependencies: ["Linalg", "Stats", "Tabular", "Spreadsheet"],
                exclude: ["Assessment/RULES.md"]),
        /// The `worksafe` command-line tool.
        .executableTarget(
            name: "WorkSafeCLI",
            dependencies: [
                "WorkSafe", "Linalg", "Stats", "Tabular", "Spreadsheet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The bundled sample town: a copy of notebooks-data/town-sample
            // (scripts/sync-sample.sh; a test checks they are identical).
            resources: [.copy("Resources/town-sample")]
        ),

        // MARK: - Implementation details

        /// System library shim: cblas.h plus the LAPACK Fortran prototypes we call.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),

        /// System library shim: zlib (deflate, inflate and CRC-32 of .xlsx packages).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        /// Hand-vectorised C inner loops (k-means scores) where Swift's SIMD types compile poorly.
        .target(name: "CKernels"),

        // MARK: - Tests

        .testTarget(name: "LinalgTests", dependencies: ["Linalg"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StatsTests", dependencies: ["Stats", "Linalg", "CKernels"], resources: [.copy("Fixtures")]),
        // Stats for the seeded generator of the property tests.
        .testTarget(name: "TabularTests", dependencies: ["Tabular", "Stats"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "Tabular"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WorkSafeTests", dependencies: ["WorkSafe", "Linalg", "Stats", "Tabular"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "WorkSafeCLITests", dependencies: ["WorkSafeCLI", "WorkSafe", "Spreadsheet", "Tabular"]),
    ]
)
