// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for Tally's parsers; see docs/robustness.md. Build with
//   swift build -c release --scratch-path .build-fuzz \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// and run a target with e.g. `.build-fuzz/release/FuzzCSV corpus/csv -max_total_time=600`.
// The parser targets link TallyIO and TallyInterchange only, which hold no store; FuzzImport alone links the
// importer (TallyTransfer) and the SQLite store it writes to.
let package = Package(
    name: "TallyFuzz",
    dependencies: [.package(name: "Tally", path: "..")],
    targets: [
        // Declares libFuzzer's driver for the targets' entry points.
        .target(name: "CFuzzer"),
        // What the interchange targets share: the DHIS2 fixtures' context and reading every row of a source.
        .target(
            name: "FuzzInterchangeSupport",
            dependencies: [
                .product(name: "TallyIO", package: "Tally"), .product(name: "TallyInterchange", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: [
                "CFuzzer", .product(name: "TallyIO", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzImport",
            dependencies: [
                "CFuzzer",
                .product(name: "TallyIO", package: "Tally"), .product(name: "TallyTransfer", package: "Tally"),
                .product(name: "TallyStore", package: "Tally"), .product(name: "TallyStoreSQLite", package: "Tally"),
                .product(name: "TallyCore", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzMetadata",
            dependencies: [
                "CFuzzer", .product(name: "TallyIO", package: "Tally"), .product(name: "TallyCore", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzOrgUnits",
            dependencies: [
                "CFuzzer", .product(name: "TallyIO", package: "Tally"), .product(name: "TallyCore", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzTargets",
            dependencies: [
                "CFuzzer", .product(name: "TallyIO", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzPeriod",
            dependencies: [
                "CFuzzer", .product(name: "TallyCore", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzExpression",
            dependencies: [
                "CFuzzer", .product(name: "TallyCore", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzISOPeriod",
            dependencies: [
                "CFuzzer", .product(name: "TallyCore", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzDataValueSet",
            dependencies: [
                "CFuzzer", "FuzzInterchangeSupport", .product(name: "TallyCore", package: "Tally"),
                .product(name: "TallyIO", package: "Tally"),
                .product(name: "TallyInterchange", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzADX",
            dependencies: [
                "CFuzzer", "FuzzInterchangeSupport", .product(name: "TallyCore", package: "Tally"),
                .product(name: "TallyIO", package: "Tally"),
                .product(name: "TallyInterchange", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzWorkbook",
            dependencies: [
                "CFuzzer", .product(name: "TallyCore", package: "Tally"), .product(name: "TallyIO", package: "Tally"),
                .product(name: "TallyInterchange", package: "Tally"),
            ]),
        .executableTarget(
            name: "FuzzDHIS2Metadata",
            dependencies: [
                "CFuzzer", .product(name: "TallyCore", package: "Tally"), .product(name: "TallyIO", package: "Tally"),
                .product(name: "TallyInterchange", package: "Tally"),
            ]),
    ]
)
