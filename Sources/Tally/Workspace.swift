internal import Foundation
public import TallyCore
public import TallyEngine
public import TallyIO
public import TallyStore
internal import TallyText
public import TallyTransfer

/// An open Tally database with its metadata and org-unit tree: what every command works on.
public struct Workspace: Sendable {
    /// The store.
    public let store: any Store
    /// The metadata last applied.
    public let metadata: Metadata
    /// The org units.
    public let tree: OrgUnitTree
    /// The store's ids.
    public let catalog: StoreCatalog
    /// Where the ``engine`` adds up values: ``AggregationPlace/store`` when the store can (PostgreSQL), else
    /// ``AggregationPlace/engine``. Set it to `.engine` to read the values instead (`tally query --aggregate-in`).
    public var aggregation: AggregationPlace
    /// Which rows of an imported file write (`tally import --strategy`): every row by default.
    public var importStrategy = ImportStrategy.createAndUpdate
    /// Whether an imported file with bad rows imports its good rows and lists the bad ones (`tally import
    /// --partial`); off by default, so that an import is all-or-nothing.
    public var partialImport = false
    /// How many values of the validation rules' elements an import keeps to check the rules on; a file with more is
    /// imported unchecked and its summary says so (``ImportSummary/rulesUncheckedAbove``).
    public var ruleCheckLimit = 1_000_000
    /// The value source reading from the store, built once: its maps from store ids to tree indices and back take a
    /// pass over every org unit, which a query of a few units should not pay for again.
    public let valueSource: StoreValueSource

    /// A workspace over a store with its metadata, tree and ids.
    init(store: any Store, metadata: Metadata, tree: OrgUnitTree, catalog: StoreCatalog, aggregation: AggregationPlace)
    {
        self.store = store
        self.metadata = metadata
        self.tree = tree
        self.catalog = catalog
        self.aggregation = aggregation
        valueSource = StoreValueSource(store: store, metadata: metadata, tree: tree, catalog: catalog)
    }

    /// Opens an existing database: a SQLite file, or a PostgreSQL database when `path` is a `postgres://` or
    /// `postgresql://` URL.
    public static func open(path: String) throws -> Workspace {
        try load(try openStore(path))
    }

    /// The store at a location: PostgreSQL for a `postgres://` or `postgresql://` URL, else a SQLite file (see
    /// ``StoreLocation``).
    ///
    /// - Parameter create: whether a missing SQLite file may be created (a PostgreSQL database must exist; its
    ///   tables are created when missing).
    public static func openStore(_ path: String, create: Bool = false) throws -> any Store {
        try StoreLocation(path).open(create: create)
    }

    /// Reads metadata, org units and ids from a store.
    public static func load(_ store: any Store) throws -> Workspace {
        guard let document = try store.metadataDocument() else {
            throw StoreError(
                .notInitialized,
                Localized(
                    zh: "数据库 \(store.location) 还没有元数据；请运行“tally init”或“tally metadata apply 文件”",
                    en:
                        "the database \(store.location) has no metadata yet; run 'tally init' or 'tally metadata apply FILE'"
                ))
        }
        // The units come with their ids and their parents' places, so the tree is built without looking a code up
        // and the catalog takes the ids from it: the codes are hashed only when one is first looked up.
        let stored = try store.storedOrgUnits()
        let tree = try OrgUnitTree(units: stored.units, parents: stored.parents)
        let metadata = try MetadataParser(file: "stored metadata", units: tree).parse(document)
        var catalog = try store.catalog(includingOrgUnits: false)
        catalog.orgUnits = OrgUnitIDs(tree: tree, ids: tree.positions.map { stored.ids[Int($0)] })
        return Workspace(
            store: store, metadata: metadata, tree: tree, catalog: catalog,
            aggregation: store is any AggregatingStore ? .store : .engine)
    }

    /// Creates a database from a metadata file and an org-unit file.
    ///
    /// - Parameters:
    ///   - force: replace an existing database file (or the Tally tables of a PostgreSQL database that already holds
    ///     metadata); without it an existing one is an error.
    ///   - orgUnitsEncoding: the org-unit file's encoding (GBK and GB18030 are converted as it is read).
    public static func create(
        path: String, metadataFile: String, orgUnitsFile: String, force: Bool,
        orgUnitsEncoding: TextEncoding = .utf8
    ) throws -> Workspace {
        let location = try StoreLocation(path)
        try location.prepareCreation(force: force)
        // Check both files before creating anything.
        let document = try readText(metadataFile)
        let (units, tree) = try OrgUnitFile.read(path: orgUnitsFile, encoding: orgUnitsEncoding)
        let metadata = try MetadataParser(file: metadataFile, units: tree).parse(document)
        var created: (any Store)?
        do {
            let store = try location.createStore(force: force)
            created = store
            try register(metadata, document: document, in: store)
            _ = try store.saveOrgUnits(units)
            return try load(store)
        } catch {
            location.discardCreated(created)
            throw error
        }
    }

    /// Applies a new metadata file; refused when stored values would lose their element or combo.
    public func applyMetadata(file: String) throws -> Workspace {
        let document = try Self.readText(file)
        let metadata = try MetadataParser(file: file, units: tree).parse(document)
        try Self.register(metadata, document: document, in: store)
        return try Self.load(store)
    }

    /// Adds and updates org units from a CSV file (in `encoding`), or from a sheet of an Excel workbook (`.xlsx`).
    public func importOrgUnits(
        file: String, sheet: String? = nil, encoding: TextEncoding = .utf8
    ) throws -> (workspace: Workspace, added: Int, changed: Int) {
        let (units, _) =
            file.lowercased().hasSuffix(".xlsx")
            ? try Self.readOrgUnits(workbook: file, sheet: sheet, existing: tree.units)
            : try OrgUnitFile.read(path: file, existing: tree.units, encoding: encoding)
        let (added, changed) = try store.saveOrgUnits(units)
        return (try Self.load(store), added, changed)
    }

    /// The importer for this workspace's metadata and ids.
    public var importer: DataValueImporter {
        let importer = DataValueImporter(metadata: metadata, catalog: catalog)
        importer.strategy = importStrategy
        importer.partial = partialImport
        importer.recordsValuesLimit = ruleCheckLimit
        return importer
    }

    /// A query engine reading from the store, which adds up values where ``aggregation`` says.
    public var engine: QueryEngine {
        QueryEngine(metadata: metadata, tree: tree, source: aggregatingSource)
    }

    /// Whether the store can add up values itself (PostgreSQL).
    public var storeAggregates: Bool { store is any AggregatingStore }

    /// The source the ``engine`` reads: the store's unit totals when ``aggregation`` is ``AggregationPlace/store``
    /// and the store can aggregate, else its values.
    public var aggregatingSource: any ValueSource {
        if aggregation == .store, let store = store as? any AggregatingStore {
            return AggregatingStoreValueSource(base: valueSource, store: store)
        }
        return valueSource
    }

    /// Looks up an org unit by code, canonicalised first (see `Canonical`); `nil` is the top unit.
    ///
    /// - Throws: ``OrgUnitError`` for an unknown code, `CanonicalError` for a code with a refused character.
    public func unit(_ code: String?) throws -> Int {
        guard let code else {
            guard let root = tree.roots.first else {
                throw OrgUnitError(
                    .unknownUnit, unit: "",
                    detail: Localized(
                        zh: "还没有单位；请用“tally orgunits import 文件”导入",
                        en: "there are no org units; load them with 'tally orgunits import FILE'"))
            }
            return root
        }
        return try tree.unit(try Canonical.canonical(code, as: .code))
    }

    static func register(_ metadata: Metadata, document: String, in store: any Store) throws {
        let combos = Dictionary(
            metadata.elements.map { ($0.code, metadata.combos(of: $0).map(\.code)) }, uniquingKeysWith: { a, _ in a })
        try store.applyMetadata(document: document, combos: combos)
    }

    /// The largest metadata file read: a real one is a few kilobytes.
    static let maximumMetadataBytes = 16 << 20

    static func readText(_ path: String) throws -> String {
        let data = try readFile(
            path, limit: maximumMetadataBytes,
            tooLarge: { size in
                MetadataError(
                    .unsupported, file: path, keyPath: "", line: nil,
                    detail:
                        Localized(
                            zh: "文件有\(size)字节；元数据文件通常只有几 KB，所以这多半不是元数据文件（上限为 16 MiB）",
                            en:
                                "the file has \(size) bytes; a metadata file is normally a few kilobytes, so this is probably not one (the limit is 16 MiB)"
                        )
                )
            },
            unreadable: {
                StoreError(
                    .notFound,
                    Localized(
                        zh: "无法读取 \(path)：文件不存在或不可读", en: "cannot read \(path): no such file or it is not readable"))
            })
        guard let text = String(data: data, encoding: .utf8) else {
            throw StoreError(
                .notFound,
                Localized(zh: "\(path) 不是 UTF-8 文本；请另存为 UTF-8", en: "\(path) is not UTF-8 text; save it as UTF-8"))
        }
        return text
    }

    /// The bytes of a file, refused before reading when it is larger than `limit`.
    ///
    /// - Parameters:
    ///   - tooLarge: the error for a file of the given size beyond the limit.
    ///   - unreadable: the error for a file that is missing or cannot be read.
    static func readFile(
        _ path: String, limit: Int, tooLarge: (Int) -> any Error, unreadable: () -> any Error
    ) throws -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size > limit { throw tooLarge(size) }
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable() }
        return data
    }
}
