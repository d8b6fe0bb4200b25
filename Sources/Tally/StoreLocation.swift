internal import Foundation
public import TallyCore
internal import TallyIO
public import TallyStore
public import TallyStorePostgres
internal import TallyStoreSQLite
internal import TallyText

/// Where a Tally database is — a SQLite file, or a PostgreSQL database named by a `postgres://` or
/// `postgresql://` URL — and what is done to it as a whole: open, create, back up, restore, verify.
///
/// The one place that tells the two backends apart: every command and the server go through it, so a `--db` (or
/// `TALLY_DB`) means the same everywhere.
/// ```swift
/// let store = try StoreLocation("postgres://tally@127.0.0.1/tally?schema=county").open()
/// ```
public enum StoreLocation: Sendable, Equatable {
    /// A SQLite file (`:memory:` for a private in-memory database).
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresURL)

    /// The location a `--db` value names.
    ///
    /// - Throws: ``PostgresStoreError`` with code `invalidURL` for a `postgres://` URL that cannot be used.
    public init(_ text: String) throws {
        self = PostgresURL.isPostgres(text) ? .postgres(try PostgresURL(text)) : .sqlite(path: text)
    }

    /// The location for messages: the file path, or the URL without its password.
    public var name: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.redacted
        }
    }

    /// The location as it may be printed in a command to copy: the file path; `nil` for a PostgreSQL URL, whose
    /// password must not be printed.
    public var printable: String? {
        switch self {
        case .sqlite(let path): path
        case .postgres: nil
        }
    }

    /// Opens the store.
    ///
    /// - Parameters:
    ///   - create: whether a missing SQLite file may be created (a PostgreSQL database must exist; its tables are
    ///     created when missing).
    ///   - connections: how many connections a PostgreSQL store may open.
    public func open(create: Bool = false, connections: Int = PostgresStore.defaultConnections) throws -> any Store {
        switch self {
        case .sqlite(let path): try SQLiteStore(path: path, create: create)
        case .postgres(let url): try PostgresStore(url: url, connections: connections)
        }
    }

    // MARK: Creating

    /// The first step of creating a database, before its files are read: an existing SQLite file is refused
    /// without `force`, and removed with it. A PostgreSQL database is looked at in ``createStore(force:)``.
    func prepareCreation(force: Bool) throws {
        guard case .sqlite(let path) = self else { return }
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { return }
        guard force else {
            throw StoreError(
                .alreadyExists,
                Localized(
                    zh: "\(path) 已存在；用 --force 替换它，或用 --db 另选文件",
                    en: "\(path) already exists; use --force to replace it, or choose another file with --db"))
        }
        for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: path + suffix) {
            try manager.removeItem(atPath: path + suffix)
        }
    }

    /// An empty store to fill: a new SQLite file, or a PostgreSQL database's Tally tables, replaced with `force`
    /// when they already hold a database.
    func createStore(force: Bool) throws -> any Store {
        switch self {
        case .sqlite(let path):
            return try SQLiteStore(path: path, create: true)
        case .postgres(let url):
            let store = try PostgresStore(url: url)
            if try store.metadataDocument() != nil {
                guard force else {
                    throw StoreError(
                        .alreadyExists,
                        Localized(
                            zh: "\(store.location) 中已有 Tally 数据库；用 --force 替换它，或用 --db 指定另一个数据库或模式（?schema=NAME）",
                            en:
                                "\(store.location) already holds a Tally database; use --force to replace it, or name another database or schema (?schema=NAME) with --db"
                        )
                    )
                }
                try store.reset()
            }
            return store
        }
    }

    /// Removes what a creation that failed left: the SQLite file, or the Tally tables of the PostgreSQL store
    /// ``createStore(force:)`` returned (`nil` when it did not return one, which leaves the database alone).
    func discardCreated(_ store: (any Store)?) {
        switch self {
        case .sqlite(let path):
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres:
            try? (store as? PostgresStore)?.reset()
        }
    }

    // MARK: Backup, restore, verify

    /// What a backup holds.
    public struct BackupSummary: Sendable, Equatable {
        /// The number of values backed up.
        public var values: Int
        /// The number of org units, when the backup was read back to count them (SQLite).
        public var orgUnits: Int?
        /// The PostgreSQL schema the backup restores into; `nil` for a SQLite file.
        public var schema: String?
        /// The size of the backup file in bytes.
        public var bytes: Int
    }

    /// Backs the database up to `file`, safely while it is in use: SQLite's online backup (one file that is
    /// checked by reading it back), or `pg_dump --format=custom` of the Tally schema.
    ///
    /// - Parameter force: replace an existing `file`.
    public func backup(to file: String, force: Bool) throws -> BackupSummary {
        switch self {
        case .sqlite(let path):
            try SQLiteStore(path: path).backup(to: file, force: force)
            let info = try SQLiteStore.inspect(path: file)
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            return BackupSummary(values: info.values, orgUnits: info.orgUnits, schema: nil, bytes: size)
        case .postgres(let url):
            let store = try PostgresStore(url: url, connections: 1)
            let values = try store.valueCount()
            let summary = try PostgresMaintenance.backup(store, to: file, force: force)
            return BackupSummary(values: values, orgUnits: nil, schema: summary.schema, bytes: summary.bytes)
        }
    }

    /// What a restore did.
    public struct RestoreSummary: Sendable, Equatable {
        /// The number of values the database now holds.
        public var values: Int
        /// The number of org units it holds, when the backup was inspected for them (SQLite).
        public var orgUnits: Int?
        /// The PostgreSQL schema restored; `nil` for a SQLite file.
        public var schema: String?
        /// Where the replaced state is kept, when there was one.
        public var kept: String?
    }

    /// Replaces the database with the backup `file` after checking it, never leaving it half restored: a SQLite
    /// backup is copied beside the file and renamed over it (the old file kept as `DB.before-restore`); on
    /// PostgreSQL the current state is first backed up beside the backup (`FILE.before-restore-TIME`), then
    /// `pg_restore` replaces Tally's tables in one transaction.
    ///
    /// - Parameter now: the time for the name of the kept PostgreSQL state, seconds since 1970 (UTC).
    public func restore(from file: String, now: Int64) throws -> RestoreSummary {
        switch self {
        case .sqlite(let path):
            let existed = FileManager.default.fileExists(atPath: path)
            let info = try SQLiteStore.restore(path, from: file)
            return RestoreSummary(
                values: info.values, orgUnits: info.orgUnits, schema: nil,
                kept: existed ? path + ".before-restore" : nil)
        case .postgres(let url):
            let stamp = Timestamp.format(now).replacingOccurrences(of: ":", with: "")
            let keep = "\(file).before-restore-\(stamp)"
            let summary = try PostgresMaintenance.restore(url, from: file, keep: keep)
            let values = try PostgresStore(url: url, connections: 1).valueCount()
            return RestoreSummary(values: values, orgUnits: nil, schema: summary.schema, kept: keep)
        }
    }

    /// Checks the database without changing it: the store's own checks (see `SQLiteStore.verify` and
    /// `PostgresStore.verify`), with the stored metadata parsed and every element that has values defined in it.
    public func verify() throws -> [StoreCheck] {
        switch self {
        case .sqlite(let path): try SQLiteStore.verify(path: path, metadata: Self.metadataProblems)
        case .postgres(let url): try PostgresStore.verify(url: url, metadata: Self.metadataProblems)
        }
    }

    /// The problems of a stored metadata document: it does not parse, or values are stored for elements it does not
    /// define.
    static func metadataProblems(_ document: String, elementsWithValues used: [String]) -> [String] {
        let metadata: Metadata
        do {
            metadata = try MetadataParser(file: "the stored metadata").parse(document)
        } catch {
            return ["\(error)"]
        }
        let codes = Set(metadata.elements.map(\.code))
        return used.filter { !codes.contains($0) }.map {
            "values are stored for '\($0)', which the metadata does not define"
        }
    }
}
