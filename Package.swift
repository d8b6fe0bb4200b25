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
        .library(name: "TallyIO", targets: ["TallyIO"]),
        .library(name: "TallyEngine", targets: ["TallyEngine"]),
        .library(name: "TallyStore", targets: ["TallyStore"]),
        .library(name: "TallyStoreTesting", targets: ["TallyStoreTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Model: org-unit tree, periods, metadata, expressions. Pure values, no I/O.
        .target(name: "TallyCore"),
        // Parsing and validating input files: CSV, YAML metadata, org units, data values.
        .target(name: "TallyIO", dependencies: ["TallyCore", "TallyStore", .product(name: "Yams", package: "Yams")]),
        // Storage behind one protocol; SQLite through GRDB is the embedded default.
        .target(
            name: "TallyStore",
            dependencies: [
                "TallyCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Roll-ups over the tree and the periods, indicators, comparisons, ranks. Pure.
        .target(name: "TallyEngine", dependencies: ["TallyCore", "TallyTargets", "TallyQuality"]),
        // Campaign targets: decomposition down the tree, milestones, progress, ranks. Pure, no Tally types.
        .target(name: "TallyTargets"),
        // Data-quality statistics: exact Poisson intervals, outlier scores, expected events, verification factors.
        .target(name: "TallyQuality"),
        // SVG charts for bulletins: ranked bars, trends, progress bars, heat maps. Pure, no dependencies.
        .target(name: "TallyCharts"),
        // Tables, CSV and JSON for people and programs.
        .target(name: "TallyRender", dependencies: ["TallyCore", "TallyEngine", "TallyTargets"]),
        // Deterministic synthetic county and province data.
        .target(name: "TallyDemo"),
        // The application layer: an open database with its metadata, tree and engine; shared by the CLI and server.
        .target(name: "Tally", dependencies: ["TallyCore", "TallyIO", "TallyStore", "TallyEngine"]),
        // The suite every store must pass.
        .target(name: "TallyStoreTesting", dependencies: ["TallyCore", "TallyStore"]),
        // The application layer shared by the CLI (and later the server).
        .target(
            name: "TallyCLI",
            dependencies: [
                "Tally", "TallyCore", "TallyIO", "TallyStore", "TallyEngine", "TallyRender", "TallyDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "tally", dependencies: ["TallyCLI"]),
        .testTarget(name: "TallyCoreTests", dependencies: ["TallyCore"]),
        .testTarget(name: "TallyIOTests", dependencies: ["TallyIO", "TallyCore", "TallyStore"], exclude: ["Corpus"]),
        .testTarget(name: "TallyStoreTests", dependencies: ["TallyStore", "TallyStoreTesting", "TallyCore"]),
        .testTarget(
            name: "TallyEngineTests", dependencies: ["TallyEngine", "TallyCore", "TallyTargets", "TallyQuality"]),
        .testTarget(name: "TallyTargetsTests", dependencies: ["TallyTargets"]),
        .testTarget(name: "TallyQualityTests", dependencies: ["TallyQuality"], exclude: ["reference"]),
        .testTarget(name: "TallyRenderTests", dependencies: ["TallyRender", "TallyCore", "TallyEngine", "TallyIO"]),
        .testTarget(name: "TallyDemoTests", dependencies: ["TallyDemo"]),
        .testTarget(name: "TallyChartsTests", dependencies: ["TallyCharts"]),
        .testTarget(
            name: "TallyCLITests",
            dependencies: [
                "TallyCLI", "Tally", "TallyCore", "TallyIO", "TallyStore", "TallyEngine", "TallyDemo", "TallyTargets",
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
