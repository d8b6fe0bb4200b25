internal import Foundation
internal import GRDB
public import TallyCore
public import TallyStore
internal import TallyText

/// What a backup file holds, as read by ``SQLiteStore/inspect(path:)``.
public struct StoreFileInfo: Equatable, Sendable {
    /// The schema migrations the file has, oldest first.
    public var migrations: [String]
    /// How many values the file holds.
    public var values: Int
    /// How many org units the file holds.
    public var orgUnits: Int
}

extension SQLiteStore {
    /// The schema migrations this version of Tally knows, oldest first.
    public static var knownMigrations: [String] { migrator.migrations }

    /// Copies the database to a new file at `path` with SQLite's online backup API.
    ///
    /// The copy is consistent even while other connections write, and is a single file (no `-wal`): it is
    /// written beside `path` under a temporary name and renamed when complete, so `path` never holds half a
    /// backup.
    ///
    /// - Parameter force: replace an existing file at `path`; without it an existing file is an error.
    public func backup(to path: String, force: Bool = false) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) && !force {
            throw StoreError(
                .alreadyExists,
                Localized(
                    zh: "\(path) 已存在；用 --force 替换它，或另指定文件",
                    en: "\(path) already exists; use --force to replace it, or name another file"))
        }
        let temporary = Self.temporaryPath(beside: path)
        defer { Self.removeDatabaseFiles(temporary) }
        do {
            do {
                let copy = try DatabaseQueue(path: temporary)
                try queue.backup(to: copy)
                try copy.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA journal_mode = DELETE")
                }
                try copy.close()
            }
            try Self.replace(path, with: temporary)
        } catch let error as DatabaseError {
            throw StoreError(
                .database,
                Localized(
                    zh: "无法写入备份 \(path)：\(error.message ?? "\(error.resultCode)")",
                    en: "cannot write the backup \(path): \(error.message ?? "\(error.resultCode)")"))
        }
    }

    /// Checks that the file at `path` is a Tally database this version can open, and undamaged.
    ///
    /// The file is opened read-only and never changed.
    ///
    /// - Throws: ``StoreError`` with code `notTallyDatabase` (not SQLite, not Tally's tables, or a newer
    ///   schema) or `damaged` (the integrity check fails).
    public static func inspect(path: String) throws -> StoreFileInfo {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(
                .notFound,
                Localized(zh: "无法读取 \(path)：文件不存在或不可读", en: "cannot read \(path): no such file or it is not readable"))
        }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw StoreError(
                .notTallyDatabase,
                Localized(
                    zh: "\(path) 不是 Tally 数据库（根本不是 SQLite 数据库）",
                    en: "\(path) is not a Tally database (it is not an SQLite database at all)"))
        }
        var config = Configuration()
        config.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            return try queue.read { db in
                guard try db.tableExists("grdb_migrations"), try db.tableExists("value_block") else {
                    throw StoreError(
                        .notTallyDatabase,
                        Localized(
                            zh: "\(path) 是 SQLite 数据库，但不是 Tally 数据库（没有 Tally 的表）",
                            en: "\(path) is an SQLite database, but not a Tally database (it has no Tally tables)"))
                }
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let known = knownMigrations
                let unknown = applied.filter { !known.contains($0) }
                guard unknown.isEmpty else {
                    throw StoreError(
                        .notTallyDatabase,
                        Localized(
                            zh: "\(path) 由更新版本的 Tally 创建（模式“\(unknown.joined(separator: "”、“"))”）；请升级 Tally 后再用",
                            en:
                                "\(path) was made by a newer version of Tally (schema '\(unknown.joined(separator: "', '"))'); update Tally to use it"
                        )
                    )
                }
                guard applied.contains(known[0]) else {
                    throw StoreError(
                        .notTallyDatabase,
                        Localized(
                            zh: "\(path) 不是 Tally 数据库（模式未知）",
                            en: "\(path) is not a Tally database (its schema is unknown)"))
                }
                let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                guard problems.isEmpty else {
                    throw StoreError(
                        .damaged,
                        Localized(
                            zh: "\(path) 已损坏（SQLite 完整性检查：\(problems.prefix(3).joined(separator: "; "))）；请换一个备份",
                            en:
                                "\(path) is damaged (SQLite's integrity check: \(problems.prefix(3).joined(separator: "; "))); use another backup"
                        )
                    )
                }
                return StoreFileInfo(
                    migrations: known.filter(applied.contains),
                    values: try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM value_block") ?? 0,
                    orgUnits: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM org_unit") ?? 0)
            }
        } catch let error as DatabaseError {
            let reason = error.message ?? "\(error.resultCode)"
            if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
                throw StoreError(
                    .damaged,
                    Localized(
                        zh: "\(path) 已损坏，无法读取（\(reason)）；请换一个备份",
                        en: "\(path) is damaged and cannot be read (\(reason)); use another backup"))
            }
            throw StoreError(.database, Localized(zh: "无法读取 \(path)：\(reason)", en: "cannot read \(path): \(reason)"))
        }
    }

    /// Replaces the database at `path` with a copy of the backup at `backup`, atomically.
    ///
    /// The backup is inspected first (``inspect(path:)``) and copied with the online backup API to a temporary
    /// file beside `path`, which is checked again and then renamed over `path`: at every moment `path` is either
    /// the old database or the complete new one. The old database is kept as `path.before-restore`. Refused
    /// while another program (an import, a server) has the database open.
    ///
    /// - Returns: what the restored database holds.
    @discardableResult
    public static func restore(_ path: String, from backup: String) throws -> StoreFileInfo {
        let manager = FileManager.default
        if URL(fileURLWithPath: path).standardizedFileURL.path == URL(fileURLWithPath: backup).standardizedFileURL.path
        {
            throw StoreError(
                .inUse,
                Localized(zh: "\(backup) 就是数据库本身；请指定备份文件", en: "\(backup) is the database itself; name a backup file"))
        }
        let info = try inspect(path: backup)
        let temporary = temporaryPath(beside: path)
        defer { removeDatabaseFiles(temporary) }
        do {
            do {
                var config = Configuration()
                config.readonly = true
                let source = try DatabaseQueue(path: backup, configuration: config)
                let copy = try DatabaseQueue(path: temporary)
                try source.backup(to: copy)
                try source.close()
                try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
                try copy.close()
            }
            _ = try inspect(path: temporary)
            if manager.fileExists(atPath: path) {
                // Fold the write-ahead log into the old database and leave WAL mode: a `-wal` file left beside
                // the new database would be replayed into it. Changing the journal mode needs the only
                // connection, so this also refuses while another program has the database open.
                let current = try DatabaseQueue(path: path)
                do {
                    try current.writeWithoutTransaction { db in
                        try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                        let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                        guard mode?.lowercased() == "delete" else {
                            throw StoreError(
                                .inUse,
                                Localized(
                                    zh: "\(path) 正被其他程序（导入或服务器）使用；请停止它后重新恢复",
                                    en:
                                        "\(path) is in use by another program (an import or a server); stop it and restore again"
                                )
                            )
                        }
                    }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    try? current.close()
                    throw StoreError(
                        .inUse,
                        Localized(
                            zh: "\(path) 正被其他程序（导入或服务器）使用；请停止它后重新恢复",
                            en:
                                "\(path) is in use by another program (an import or a server); stop it and restore again"
                        ))
                }
                try current.close()
                let kept = path + ".before-restore"
                removeDatabaseFiles(kept)
                try manager.linkItem(atPath: path, toPath: kept)
            }
            try replace(path, with: temporary)
            for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: path + suffix) }
        } catch let error as DatabaseError {
            throw StoreError(
                .database,
                Localized(
                    zh: "无法恢复 \(path)：\(error.message ?? "\(error.resultCode)")",
                    en: "cannot restore \(path): \(error.message ?? "\(error.resultCode)")"))
        }
        return info
    }

    /// A temporary file name in the folder of `path`, so that a rename onto `path` is atomic.
    static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8)).tmp"
        ).path
    }

    /// Removes a database file and its `-wal`, `-shm` and `-journal` companions, if any.
    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Renames `temporary` onto `path` (atomic on one file system) and syncs the folder.
    static func replace(_ path: String, with temporary: String) throws {
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw StoreError(
                .database, Localized(zh: "无法替换 \(path)：\(reason)", en: "cannot replace \(path): \(reason)"))
        }
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }
}
