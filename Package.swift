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
        .library(name: "TallyAudit", targets: ["TallyAudit"]),
        .library(name: "TallyStore", targets: ["TallyStore"]),
        .library(name: "TallyStoreSQLite", targets: ["TallyStoreSQLite"]),
        .library(name: "TallyStoreTesting", targets: ["TallyStoreTesting"]),
        .library(name: "TallyStorePostgres", targets: ["TallyStorePostgres"]),
        .library(name: "TallyInterchange", targets: ["TallyInterchange"]),
        .library(name: "TallyTransfer", targets: ["TallyTransfer"]),
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
        // The module graph is one-way, each module above the ones it depends on (ARCHITECTURE.md draws it):
        // TallyText, then TallyCore, then parsing (TallyIO, TallyInterchange), storage (TallyStore and its two
        // implementations), TallyTransfer joining the two, the engine and its pure helpers, the renderers, then
        // Tally, the application layer, and the two shells over it (TallyCLI, TallyServer).

        // Text rules with no Tally types: the languages and the one catalog of words (`Label`, zh and en), the
        // canonical form of an input, the one escaping of text for each output language (HTML, XML, Markdown, CSV,
        // JSON, YAML), exact numbers, text safe for logs.
        .target(name: "TallyText"),
        // The model: org-unit tree, periods, metadata, expressions, errors (each with its message in every
        // language). Pure values, no I/O.
        .target(name: "TallyCore", dependencies: ["TallyText"]),
        // Parsing and checking input files, no store: CSV, YAML metadata, org units, targets, identifier mappings,
        // the columns of data-value rows and the CSV row source every format's rows go through.
        .target(
            name: "TallyIO",
            dependencies: ["TallyCore", "TallyText", .product(name: "Yams", package: "Yams")]),
        // DHIS2's formats and Excel, no store: dataValueSets JSON, ADX XML and .xlsx read into importer rows and
        // written from exported values; DHIS2 metadata JSON converted to Tally's files.
        .target(
            name: "TallyInterchange",
            dependencies: [
                "TallyCore", "TallyText", "TallyIO",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Storage behind one protocol, no database: `Store`, `AccountStore`, `AggregatingStore`, their value types
        // and errors, and what every store does the same way.
        .target(name: "TallyStore", dependencies: ["TallyCore", "TallyText"]),
        // The embedded store: SQLite through GRDB, values in columnar blocks; backup, restore and verify of a file.
        .target(
            name: "TallyStoreSQLite",
            dependencies: [
                "TallyCore", "TallyText", "TallyStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The shared-server store: PostgreSQL through postgres-nio, behind the same synchronous protocol; backup
        // and restore with pg_dump and pg_restore.
        .target(
            name: "TallyStorePostgres",
            dependencies: [
                "TallyCore", "TallyText", "TallyStore", .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Parsing joined to storing: the importer (rows of any format, and the typed entries of forms and the API
        // with their versions, checked and written to a store in one transaction) and the reading of stored values
        // for an export.
        .target(
            name: "TallyTransfer",
            dependencies: ["TallyCore", "TallyText", "TallyIO", "TallyInterchange", "TallyStore"]),
        // Campaign targets: decomposition down the tree, milestones, progress, ranks. Pure, no Tally types.
        .target(name: "TallyTargets"),
        // Data-quality statistics: exact Poisson intervals, outlier scores, expected events, verification factors.
        // Pure, no Tally types.
        .target(name: "TallyQuality"),
        // Roll-ups over the tree and the periods, indicators, comparisons, ranks, campaign analysis. Pure: values
        // come through a `ValueSource`.
        .target(name: "TallyEngine", dependencies: ["TallyCore", "TallyText", "TallyTargets"]),
        // The data-quality audit: one protocol, each check a type with its payload, score rule, title and sentence
        // in Chinese and English; the runner over the engine's totals. Pure.
        .target(name: "TallyAudit", dependencies: ["TallyCore", "TallyText", "TallyEngine", "TallyQuality"]),
        // SVG charts for bulletins and the dashboard: ranked bars, trends, progress bars, heat maps. Pure, no Tally
        // types; TallyText escapes their XML.
        .target(name: "TallyCharts", dependencies: ["TallyText"]),
        // Tables, CSV and JSON for people and programs; audit findings as sentences; the labels of the bulletins.
        .target(
            name: "TallyRender", dependencies: ["TallyCore", "TallyText", "TallyEngine", "TallyAudit", "TallyTargets"]),
        // Bulletins: the period's analysis as one HTML page with inline SVG charts, Markdown or JSON, in Chinese
        // and English.
        .target(
            name: "TallyBulletin",
            dependencies: [
                "TallyCore", "TallyText", "TallyEngine", "TallyAudit", "TallyQuality", "TallyTargets", "TallyRender",
                "TallyCharts",
            ]),
        // Org-unit boundaries: GeoJSON and DHIS2 geometry in, the projection, topology-preserving simplification
        // and the stored form. Pure, no Tally types: its only dependency is TallyText (codes, JSON strings).
        .target(name: "TallyGeo", dependencies: ["TallyText"]),
        // Deterministic synthetic county and province data in Tally's input formats, and their synthetic boundaries.
        .target(name: "TallyDemo", dependencies: ["TallyText", "TallyGeo"]),
        // The application layer shared by the CLI and the server: where a database is (`StoreLocation`), an open
        // database with its metadata, tree and engine (`Workspace`), and every use case a shell calls as one call on
        // it — imports, exports, queries, the audit, campaign standing and targets, the bulletin and the dashboard,
        // the roll-up, value writes and reads with versions, the entry form, the period policy — and accounts with
        // bcrypt (HummingbirdBcrypt links only the bcrypt C code).
        .target(
            name: "Tally",
            dependencies: [
                "TallyCore", "TallyText", "TallyIO", "TallyInterchange", "TallyTransfer", "TallyStore",
                "TallyStoreSQLite", "TallyStorePostgres", "TallyEngine", "TallyAudit", "TallyTargets", "TallyRender",
                "TallyBulletin", "TallyCharts", "TallyGeo",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]),
        // The web application and JSON API (`tally serve`) on Hummingbird: routes, middleware, pages, request parsing
        // and limits; a thin shell over Tally.
        .target(
            name: "TallyServer",
            dependencies: [
                "Tally", "TallyCore", "TallyText", "TallyIO", "TallyTransfer", "TallyStore", "TallyEngine",
                "TallyAudit",
                "TallyRender", "TallyCharts", "TallyTargets", "TallyBulletin",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command line (`tally`): arguments in, Tally's calls, text out; `tally serve` starts TallyServer.
        .target(
            name: "TallyCLI",
            dependencies: [
                "Tally", "TallyCore", "TallyText", "TallyIO", "TallyTransfer", "TallyStore", "TallyEngine",
                "TallyAudit",
                "TallyRender", "TallyDemo", "TallyBulletin", "TallyInterchange", "TallyServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The suite every store must pass (SQLite in memory and on disk, PostgreSQL).
        .target(name: "TallyStoreTesting", dependencies: ["TallyCore", "TallyText", "TallyStore"]),
        // What the server's tests and its browser test share: the backends to run on and the small county.
        .target(name: "TallyServerTesting", dependencies: ["Tally", "TallyStorePostgres"]),
        .executableTarget(name: "tally", dependencies: ["TallyCLI"]),
        .testTarget(name: "TallyCoreTests", dependencies: ["TallyCore", "TallyText"]),
        .testTarget(name: "TallyTextTests", dependencies: ["TallyText"]),
        .testTarget(
            name: "TallyIOTests",
            dependencies: ["TallyIO", "TallyCore", "TallyText", "TallyStore", "TallyStoreSQLite", "TallyTransfer"],
            exclude: ["Corpus"]),
        .testTarget(
            name: "TallyInterchangeTests",
            dependencies: [
                "TallyInterchange", "TallyIO", "TallyCore", "TallyText", "TallyStore", "TallyStoreSQLite",
                "TallyTransfer", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "TallyStoreTests", dependencies: ["TallyStore", "TallyCore", "TallyText"]),
        .testTarget(
            name: "TallyStoreSQLiteTests",
            dependencies: ["TallyStoreSQLite", "TallyStore", "TallyStoreTesting", "TallyCore"]),
        .testTarget(
            name: "TallyStorePostgresTests",
            dependencies: [
                "TallyStorePostgres", "TallyStore", "TallyStoreSQLite", "TallyStoreTesting", "TallyCore",
                "TallyText",
            ]),
        .testTarget(name: "TallyEngineTests", dependencies: ["TallyEngine", "TallyCore", "TallyTargets"]),
        .testTarget(
            name: "TallyAuditTests",
            dependencies: ["TallyAudit", "TallyEngine", "TallyCore", "TallyQuality", "TallyText", "TallyRender"]),
        .testTarget(name: "TallyTargetsTests", dependencies: ["TallyTargets"]),
        .testTarget(name: "TallyQualityTests", dependencies: ["TallyQuality"], exclude: ["reference"]),
        .testTarget(
            name: "TallyRenderTests",
            dependencies: ["TallyRender", "TallyCore", "TallyText", "TallyEngine", "TallyAudit", "TallyIO"]),
        .testTarget(name: "TallyDemoTests", dependencies: ["TallyDemo", "TallyGeo"]),
        .testTarget(name: "TallyChartsTests", dependencies: ["TallyCharts", "TallyText"]),
        .testTarget(name: "TallyGeoTests", dependencies: ["TallyGeo", "TallyText", "TallyCharts", "TallyDemo"]),
        .testTarget(
            name: "TallyBulletinTests",
            dependencies: [
                "TallyBulletin", "TallyCore", "TallyText", "TallyEngine", "TallyIO", "TallyRender", "TallyTargets",
                "TallyAudit", "TallyQuality",
            ]),
        .testTarget(
            name: "TallyTests",
            dependencies: [
                "Tally", "TallyCore", "TallyIO", "TallyEngine", "TallyAudit", "TallyTargets", "TallyBulletin",
                "TallyInterchange", "TallyRender", "TallyStore", "TallyText", "TallyTransfer", "TallyServerTesting",
                "TallyDemo", "TallyGeo",
                "TallyCharts",
            ]),
        .testTarget(
            name: "TallyServerTests",
            dependencies: [
                "TallyServer", "TallyServerTesting", "Tally", "TallyCore", "TallyText", "TallyIO", "TallyStore",
                "TallyTransfer", "TallyInterchange",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .testTarget(
            name: "TallyCLITests",
            dependencies: [
                "TallyCLI", "Tally", "TallyCore", "TallyText", "TallyIO", "TallyStore", "TallyEngine", "TallyAudit",
                "TallyDemo", "TallyTargets", "TallyRender", "TallyBulletin", "TallyInterchange", "TallyStoreSQLite",
                "TallyStorePostgres",
                "TallyServerTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ]
)

for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + upcomingFeatures
}

// The import path runs per value; its runtime exclusivity checks cost about 9% of an import (measured with
// perf). Debug builds, which run the tests, keep them.
for target in package.targets where ["TallyIO", "TallyTransfer", "TallyStoreSQLite"].contains(target.name) {
    target.swiftSettings! += [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
}
