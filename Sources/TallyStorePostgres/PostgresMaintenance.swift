internal import Foundation
internal import PostgresNIO
public import TallyCore
public import TallyText

/// Backing up and restoring a Tally database on PostgreSQL with PostgreSQL's own tools: `pg_dump` writes a
/// custom-format archive of Tally's schema (consistent by its snapshot, while clerks keep entering data), and
/// `pg_restore` reads it back in one transaction, so the database is never half restored.
///
/// The password goes to the tools in their environment (`PGPASSWORD`), never on a command line that other users
/// of the machine could read.
public enum PostgresMaintenance {
    /// What a backup holds, for the messages.
    public struct Summary: Sendable, Equatable {
        /// The schema the archive restores into.
        public var schema: String
        /// The number of Tally tables in the archive.
        public var tables: Int
        /// The size of the file in bytes.
        public var bytes: Int
    }

    /// The tables every Tally database has; an archive without them is not a Tally backup.
    static let requiredTables = [
        "data_value", "data_value_history", "org_unit", "period", "setting", "schema_migration",
    ]

    /// Writes a `pg_dump --format=custom` archive of the database's Tally schema to `file`: first to a temporary
    /// file beside it, then checked with `pg_restore --list` and renamed onto `file`.
    ///
    /// - Throws: ``MaintenanceError`` when `file` exists (without `force`), the tools are missing or fail.
    @discardableResult
    public static func backup(_ store: PostgresStore, to file: String, force: Bool) throws -> Summary {
        if FileManager.default.fileExists(atPath: file) && !force {
            throw MaintenanceError(
                .exists,
                Localized(
                    zh: "\(file) 已存在；请另选文件名，或加 --force 替换它",
                    en: "\(file) exists; choose another name or give --force to replace it"))
        }
        let schema = try store.tableSchema()
        let temporary = file + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try run(
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-privileges", "--schema=\(schema)", "--file=\(temporary)"],
            url: store.url, doing: Localized(zh: "备份 \(store.url.redacted)", en: "back up \(store.url.redacted)"))
        let summary = try inspect(temporary)
        _ = try? FileManager.default.removeItem(atPath: file)
        do {
            try FileManager.default.moveItem(atPath: temporary, toPath: file)
        } catch {
            throw MaintenanceError(
                .cannotWrite,
                Localized(
                    zh: "无法写入 \(file)：\(error.localizedDescription)",
                    en: "cannot write \(file): \(error.localizedDescription)"))
        }
        return summary
    }

    /// Checks that `file` is a `pg_dump` custom-format archive of a Tally schema.
    ///
    /// - Throws: ``MaintenanceError`` (`notABackup`) naming what is missing.
    public static func inspect(_ file: String) throws -> Summary {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw MaintenanceError(
                .notABackup,
                Localized(zh: "无法读取 \(file)：文件不存在或不可读", en: "cannot read \(file): no such file or not readable"))
        }
        let list: String
        do {
            list = try run(
                "pg_restore", ["--list", file], url: nil, doing: Localized(zh: "读取 \(file)", en: "read \(file)"))
        } catch let error as MaintenanceError where error.code == .toolFailed {
            throw MaintenanceError(
                .notABackup,
                Localized(
                    zh: "\(file) 不是用“tally backup”（pg_dump --format=custom）做的 PostgreSQL 备份：\(error.messages.zh)",
                    en:
                        "\(file) is not a PostgreSQL backup made by 'tally backup' (pg_dump --format=custom): \(error.message)"
                ))
        }
        // Table entries read `215; 1259 16390 TABLE public data_value tally`.
        var tables: [String: Set<String>] = [:]
        for line in list.split(separator: "\n") where !line.hasPrefix(";") {
            let words = line.split(separator: " ")
            guard let kind = words.firstIndex(of: "TABLE"), kind + 2 < words.count, words[kind - 1] != "DATA" else {
                continue
            }
            tables[String(words[kind + 1]), default: []].insert(String(words[kind + 2]))
        }
        guard
            let (schema, names) = tables.first(where: { _, names in requiredTables.allSatisfy(names.contains) })
        else {
            throw MaintenanceError(
                .notABackup,
                Localized(
                    zh: "\(file) 是 PostgreSQL 备份，但不是 Tally 数据库的备份：缺少表 \(requiredTables.joined(separator: "、"))",
                    en:
                        "\(file) is a PostgreSQL backup, but not of a Tally database: it lacks the tables \(requiredTables.joined(separator: ", "))"
                )
            )
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return Summary(schema: schema, tables: names.count, bytes: bytes)
    }

    /// Replaces the database's Tally schema with the archive `file`, in one transaction
    /// (`pg_restore --single-transaction --clean --if-exists`); first the current state is backed up to `keep`.
    ///
    /// - Throws: ``MaintenanceError`` when the archive is not a Tally backup, holds another schema than the
    ///   database's, or the tools fail (the database is then unchanged).
    public static func restore(_ url: PostgresURL, from file: String, keep: String) throws -> Summary {
        let summary = try inspect(file)
        let store = try PostgresStore(url: url, connections: 1)
        let schema = try store.tableSchema()
        guard summary.schema == schema else {
            throw MaintenanceError(
                .otherSchema,
                Localized(
                    zh:
                        "\(file) 中是模式“\(summary.schema)”，但 \(url.redacted) 把 Tally 的表放在“\(schema)”中；请恢复到带 ?schema=\(summary.schema) 的网址",
                    en:
                        "\(file) holds the schema '\(summary.schema)', but \(url.redacted) keeps Tally's tables in '\(schema)'; restore it into a URL with ?schema=\(summary.schema)"
                )
            )
        }
        try backup(store, to: keep, force: false)
        try run(
            "pg_restore",
            [
                "--single-transaction", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
                "--dbname=\(url.database)", file,
            ],
            url: url, doing: Localized(zh: "从 \(file) 恢复 \(url.redacted)", en: "restore \(url.redacted) from \(file)"))
        return summary
    }

    /// Runs a PostgreSQL client program with the URL's connection in its environment; returns its output.
    @discardableResult
    static func run(
        _ tool: String, _ arguments: [String], url: PostgresURL?, doing what: Localized<String>
    ) throws -> String {
        guard let program = find(tool) else {
            throw MaintenanceError(
                .toolMissing,
                Localized(
                    zh: "无法\(what.zh)：没有安装 \(tool)（apt-get install -y postgresql-client-15），或把 TALLY_PG_BIN 设为它所在的文件夹",
                    en:
                        "cannot \(what.en): \(tool) is not installed (apt-get install -y postgresql-client-15), or set TALLY_PG_BIN to its folder"
                )
            )
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let url {
            environment["PGHOST"] = url.host
            environment["PGPORT"] = String(url.port)
            environment["PGUSER"] = url.user
            environment["PGDATABASE"] = url.database
            environment["PGPASSWORD"] = url.password ?? ""
            environment["PGSSLMODE"] =
                switch url.tls {
                case .disable: "disable"
                case .prefer: "prefer"
                case .require: "require"
                case .verify: "verify-full"
                }
        }
        process.environment = environment
        // Output goes to temporary files: a pipe that fills up would block the program.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tally-\(tool)-\(UUID().uuidString)")
        let outPath = base.path + ".out"
        let errPath = base.path + ".err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        guard let output = FileHandle(forWritingAtPath: outPath), let errors = FileHandle(forWritingAtPath: errPath)
        else {
            throw MaintenanceError(
                .cannotWrite,
                Localized(
                    zh: "无法\(what.zh)：没有可存放 \(tool) 输出的临时文件",
                    en: "cannot \(what.en): no temporary file for \(tool)'s output"))
        }
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw MaintenanceError(
                .toolMissing,
                Localized(
                    zh: "无法\(what.zh)：\(program) 无法运行：\(error.localizedDescription)",
                    en: "cannot \(what.en): \(program) does not run: \(error.localizedDescription)"))
        }
        process.waitUntilExit()
        try? output.close()
        try? errors.close()
        let outData = FileManager.default.contents(atPath: outPath) ?? Data()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        let message = String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            let first = message.split(separator: "\n").prefix(3).joined(separator: "; ")
            throw MaintenanceError(
                .toolFailed,
                Localized(
                    zh: "无法\(what.zh)：\(tool) 失败：\(first.isEmpty ? "没有信息" : first)",
                    en: "cannot \(what.en): \(tool) failed: \(first.isEmpty ? "no message" : first)"))
        }
        return String(decoding: outData, as: UTF8.self)
    }

    /// The newest installed copy of a PostgreSQL client program: `TALLY_PG_BIN`, then `/usr/lib/postgresql/N/bin`,
    /// then `PATH`.
    static func find(_ tool: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        var folders: [String] = []
        if let bin = environment["TALLY_PG_BIN"], !bin.isEmpty { folders.append(bin) }
        let versions =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        folders += versions.map { "/usr/lib/postgresql/\($0)/bin" }
        folders += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A backup or restore of a PostgreSQL database that cannot be done.
public struct MaintenanceError: SentencedError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The backup file exists and `--force` was not given.
        case exists
        /// `pg_dump` or `pg_restore` is not installed.
        case toolMissing
        /// `pg_dump` or `pg_restore` failed.
        case toolFailed
        /// The file is not a backup of a Tally database.
        case notABackup
        /// The backup holds another schema than the database's.
        case otherSchema
        /// The backup cannot be written.
        case cannotWrite
    }

    /// What went wrong.
    public let code: Code
    /// The sentence shown to the user, in every language.
    public let sentence: Localized<String>

    /// An error.
    public init(_ code: Code, _ sentence: Localized<String>) {
        self.code = code
        self.sentence = sentence
    }

    public var errorCode: String { "backup.\(code.rawValue)" }

}

extension PostgresStore {
    /// The schema that holds Tally's tables: the URL's `?schema=`, or the first schema of the search path.
    public func tableSchema() throws -> String {
        if let schema = url.schema { return schema }
        return try pool.locked { connection in
            try connection.execute("SELECT current_schema()").first?.decode(String.self) ?? "public"
        }
    }
}
