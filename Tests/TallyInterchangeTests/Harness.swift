import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyStore
import TallyStoreSQLite
import TallyTransfer
import Testing

/// A store with metadata and org units, and helpers to import and export through every format.
struct Harness {
    let store: SQLiteStore
    let metadata: Metadata
    let tree: OrgUnitTree

    init(yaml: String, units: [OrgUnit]) throws {
        let store = try SQLiteStore(path: ":memory:")
        let metadata = try MetadataParser().parse(yaml)
        try store.applyMetadata(
            document: yaml,
            combos: Dictionary(
                uniqueKeysWithValues: metadata.elements.map { ($0.code, metadata.combos(of: $0).map(\.code)) }))
        _ = try store.saveOrgUnits(units)
        self.store = store
        self.metadata = metadata
        tree = try OrgUnitTree(units)
    }

    /// The harness of a fixture folder's `metadata.yaml` and `orgunits.csv`.
    init(folder: URL) throws {
        let yaml = try String(contentsOf: folder.appendingPathComponent("metadata.yaml"), encoding: .utf8)
        let (units, _) = try OrgUnitFile.read(path: folder.appendingPathComponent("orgunits.csv").path)
        try self.init(yaml: yaml, units: units)
    }

    func importer(_ mapping: IdentifierMapping? = nil) throws -> DataValueImporter {
        let importer = DataValueImporter(metadata: metadata, catalog: try store.catalog())
        importer.mapping = mapping
        return importer
    }

    /// Imports `text` as a file of `format`.
    @discardableResult
    func run(
        _ text: String, format: InterchangeFormat, name: String? = nil, mapping: IdentifierMapping? = nil,
        encoding: TextEncoding = .utf8, dryRun: Bool = false
    ) throws -> ImportSummary {
        try run(
            bytes: Array(text.utf8), format: format, name: name, mapping: mapping, encoding: encoding, dryRun: dryRun)
    }

    @discardableResult
    func run(
        bytes: [UInt8], format: InterchangeFormat, name: String? = nil, mapping: IdentifierMapping? = nil,
        encoding: TextEncoding = .utf8, dryRun: Bool = false
    ) throws -> ImportSummary {
        let file = name ?? "data.\(format == .csv ? "csv" : format == .adx || format == .dxf2XML ? "xml" : "json")"
        let context = InterchangeContext(metadata: metadata, mapping: mapping)
        let source: any DataValueRowSource
        switch format {
        case .csv: source = CSVRowSource(bytes: bytes, name: file, encoding: encoding)
        case .dhis2JSON:
            source = DataValueSetReader(
                input: TextInput(bytes: bytes, name: file, encoding: encoding), context: context)
        case .adx: source = ADXReader(input: TextInput(bytes: bytes, name: file, encoding: encoding), context: context)
        case .dxf2XML:
            source = DataValueSetXMLReader(
                input: TextInput(bytes: bytes, name: file, encoding: encoding), context: context)
        }
        return try importer(mapping).importRows(
            from: source, into: store, user: "tester", time: 1_700_000_000, dryRun: dryRun)
    }

    /// Imports a file.
    @discardableResult
    func run(path: String, format: InterchangeFormat?, mapping: IdentifierMapping? = nil) throws -> ImportSummary {
        let source = try makeRowSource(
            path: path, format: format, context: InterchangeContext(metadata: metadata, mapping: mapping))
        return try importer(mapping).importRows(from: source, into: store, user: "tester", time: 1_700_000_000)
    }

    /// Imports `text` and returns the refusal.
    func refusal(
        _ text: String, format: InterchangeFormat, mapping: IdentifierMapping? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ImportError {
        let before = try snapshot()
        do {
            try run(text, format: format, mapping: mapping)
        } catch let error as ImportError {
            #expect(try snapshot() == before, "a refused file changes nothing", sourceLocation: sourceLocation)
            return error
        }
        Issue.record("expected the import to be refused", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// The stored values with who stored them, when, comments and follow-up, exported (as codes).
    func values() throws -> [ExportedValue] {
        try DataValueExport.values(
            store: store, metadata: metadata, tree: tree, catalog: try store.catalog(), orgUnit: tree.roots[0])
    }

    /// Every stored value as text, sorted.
    func snapshot() throws -> [String] {
        try values().map {
            let shown: String =
                switch $0.datum {
                case .number(let v): "\(v)"
                case .text(let text): text
                }
            return
                "\($0.element).\($0.combo)@\($0.orgUnit)/\($0.period)=\(shown) by \($0.storedBy ?? "-") at \($0.lastUpdated) follow-up \($0.followUp): \($0.comment ?? "-")"
        }.sorted()
    }

    /// The stored values written in `format`.
    func export(_ format: InterchangeFormat, mapping: IdentifierMapping? = nil) throws -> String {
        var text = ""
        try DataValueExport.write(try values(), format: format, metadata: metadata, mapping: mapping) { text += $0 }
        return text
    }
}

/// The folder of the DHIS2 fixtures.
var dhis2Fixtures: URL {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("dhis2")
}
