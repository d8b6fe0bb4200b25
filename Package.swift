// swift-tools-version: 6.1
import PackageDescription

/// Upcoming language features applied to every target.
let upcomingFeatures: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Tally",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tally", targets: ["tally"]),
        .library(name: "TallyCore", targets: ["TallyCore"]),
        .library(name: "TallyText", targets: ["TallyText"]),
        .library(name: "TallyIO", targets: ["TallyIO"]),
        .library(name: "TallyEngine", targets: ["TallyEngine"]),
        .library(name: "TallyStore", targets: ["TallyStore"]),
        .library(name: "TallyStoreTesting", targets: ["TallyStoreTesting"]),
        .library(name: "TallyStorePostgres", targets: ["TallyStorePostgres"]),
        .library(name: "TallyInterchange", targets: ["TallyInterchange"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Model: org-unit tree, periods, metadata, expressions. Pure values, no I/O.
        .target(name: "TallyCore"),
        // Text rules shared by every stage: the canonical form of an input (trim, NFC, refused characters) and the
        // one escaping of text for each output language (HTML, XML, Markdown).
        .target(name: "TallyText"),
        // Parsing and validating input files: CSV, YAML metadata, org units, data values.
        .target(
            name: "TallyIO",
            dependencies: ["TallyCore", "TallyText", "TallyStore", .product(name: "Yams", package: "Yams")]),
        // Data in and out in DHIS2's formats: dataValueSets JSON, ADX XML, identifier mapping; export of raw values.
        .target(
            name: "TallyInterchange",
            dependencies: [
                "TallyCore", "TallyText", "TallyIO", "TallyStore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Storage behind one protocol; SQLite through GRDB is the embedded default.
        .target(
            name: "TallyStore",
            dependencies: [
                "TallyCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The shared-server store: PostgreSQL through postgres-nio, behind the same synchronous protocol.
        .target(
            name: "TallyStorePostgres",
            dependencies: ["TallyCore", "TallyStore", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // Roll-ups over the tree and the periods, indicators, comparisons, ranks. Pure.
        .target(name: "TallyEngine", dependencies: ["TallyCore", "TallyTargets", "TallyQuality"]),
        // Campaign targets: decomposition down the tree, milestones, progress, ranks. Pure, no Tally types.
        .target(name: "TallyTargets"),
        // Data-quality statistics: exact Poisson intervals, outlier scores, expected events, verification factors.
        .target(name: "TallyQuality"),
        // SVG charts for bulletins: ranked bars, trends, progress bars, heat maps. Pure, no Tally types: its only
        // dependency is TallyText, a leaf module of text rules, for XML escaping.
        .target(name: "TallyCharts", dependencies: ["TallyText"]),
        // Org-unit boundaries: GeoJSON and DHIS2 geometry in, the projection, topology-preserving simplification
        // and the stored form. Pure, no Tally types: its only dependency is TallyText (codes, JSON strings).
        .target(name: "TallyGeo", dependencies: ["TallyText"]),
        // Tables, CSV and JSON for people and programs.
        .target(name: "TallyRender", dependencies: ["TallyCore", "TallyText", "TallyEngine", "TallyTargets"]),
        // Bulletins: the period's analysis as one HTML page with inline SVG charts, or Markdown, in Chinese and English.
        .target(
            name: "TallyBulletin",
            dependencies: ["TallyCore", "TallyText", "TallyEngine", "TallyTargets", "TallyRender", "TallyCharts"]),
        // Deterministic synthetic county and province data, and their synthetic boundaries.
        .target(name: "TallyDemo", dependencies: ["TallyGeo"]),
        // The application layer: an open database with its metadata, tree and engine; shared by the CLI and server.
        .target(
            name: "Tally",
            dependencies: [
                "TallyCore", "TallyText", "TallyIO", "TallyStore", "TallyStorePostgres", "TallyEngine", "TallyTargets",
                "TallyRender",
                "TallyBulletin", "TallyInterchange",
            ]),
        // The suite every store must pass.
        .target(name: "TallyStoreTesting", dependencies: ["TallyCore", "TallyStore"]),
        // What the server's tests and its browser test share: the backends to run on and the small county.
        .target(name: "TallyServerTesting", dependencies: ["TallyStorePostgres"]),
        // The application layer shared by the CLI (and later the server).
        .target(
            name: "TallyCLI",
            dependencies: [
                "Tally", "TallyCore", "TallyIO", "TallyStore", "TallyEngine", "TallyRender", "TallyDemo",
                "TallyBulletin", "TallyInterchange", "TallyServer", "TallyStorePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The web application and JSON API (`tally serve`): routes, pages, accounts; a thin shell over Tally.
        .target(
            name: "TallyServer",
            dependencies: [
                "Tally", "TallyCore", "TallyText", "TallyIO", "TallyStore", "TallyEngine", "TallyRender", "TallyCharts",
                "TallyTargets", "TallyQuality", "TallyBulletin",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "tally", dependencies: ["TallyCLI"]),
        .testTarget(name: "TallyCoreTests", dependencies: ["TallyCore"]),
        .testTarget(name: "TallyTextTests", dependencies: ["TallyText"]),
        .testTarget(name: "TallyIOTests", dependencies: ["TallyIO", "TallyCore", "TallyStore"], exclude: ["Corpus"]),
        .testTarget(
            name: "TallyInterchangeTests",
            dependencies: [
                "TallyInterchange", "TallyIO", "TallyCore", "TallyStore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "TallyStoreTests", dependencies: ["TallyStore", "TallyStoreTesting", "TallyCore"]),
        .testTarget(
            name: "TallyStorePostgresTests",
            dependencies: ["TallyStorePostgres", "TallyStore", "TallyStoreTesting", "TallyCore"]),
        .testTarget(
            name: "TallyEngineTests", dependencies: ["TallyEngine", "TallyCore", "TallyTargets", "TallyQuality"]),
        .testTarget(name: "TallyTargetsTests", dependencies: ["TallyTargets"]),
        .testTarget(name: "TallyQualityTests", dependencies: ["TallyQuality"], exclude: ["reference"]),
        .testTarget(name: "TallyRenderTests", dependencies: ["TallyRender", "TallyCore", "TallyEngine", "TallyIO"]),
        .testTarget(name: "TallyDemoTests", dependencies: ["TallyDemo", "TallyGeo"]),
        .testTarget(name: "TallyChartsTests", dependencies: ["TallyCharts", "TallyText"]),
        .testTarget(name: "TallyGeoTests", dependencies: ["TallyGeo", "TallyText", "TallyCharts", "TallyDemo"]),
        .testTarget(
            name: "TallyBulletinTests",
            dependencies: ["TallyBulletin", "TallyCore", "TallyEngine", "TallyIO", "TallyRender", "TallyTargets"]),
        .testTarget(
            name: "TallyServerTests",
            dependencies: [
                "TallyServer", "TallyServerTesting", "Tally", "TallyCore", "TallyIO", "TallyStore",
                "TallyStorePostgres", "TallyDemo",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .testTarget(
            name: "TallyCLITests",
            dependencies: [
                "TallyCLI", "Tally", "TallyCore", "TallyIO", "TallyStore", "TallyEngine", "TallyDemo", "TallyTargets",
                "TallyRender", "TallyBulletin", "TallyInterchange", "TallyStorePostgres", "TallyServerTesting",
            ]),
    ]
)

for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + upcomingFeatures
}

// The import path runs per value; its runtime exclusivity checks cost about 9% of an import (measured with
// perf). Debug builds, which run the tests, keep them.
for target in package.targets where ["TallyIO", "TallyStore"].contains(target.name) {
    target.swiftSettings! += [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
}
