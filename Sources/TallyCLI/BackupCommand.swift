internal import ArgumentParser
internal import Foundation
internal import TallyIO
internal import TallyStore
internal import TallyStorePostgres
internal import TallyStoreSQLite

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a backup file, safely even while it is in use.",
        discussion: """
            Example:
              tally backup backups/tally-2025-11-30.sqlite
            Uses SQLite's online backup: the copy is consistent even while an import runs, and it is one file
            that 'tally restore' reads back. An existing file is never replaced unless --force is given.
            On PostgreSQL (--db postgres://…) it runs pg_dump --format=custom of Tally's schema (consistent by
            its snapshot while clerks keep entering data); 'tally restore' reads that file back.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The backup file to write.", valueName: "file")) var file: String
    @Flag(help: "Replace an existing backup file.") var force = false

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        if PostgresURL.isPostgres(database.path) {
            let store = try PostgresStore(url: database.path, connections: 1)
            let values = try store.valueCount()
            let summary = try PostgresMaintenance.backup(store, to: file, force: force)
            print(
                "Backed up \(store.url.redacted) (schema \(summary.schema), \(ImportSummary.grouped(values)) values) "
                    + "to \(file): \(megabytes(summary.bytes)) (\(seconds(clock.now - started)) s).")
            return
        }
        let store = try SQLiteStore(path: database.path)
        try store.backup(to: file, force: force)
        let info = try SQLiteStore.inspect(path: file)
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print(
            "Backed up \(database.path) to \(file): \(ImportSummary.grouped(info.values)) values, "
                + "\(ImportSummary.grouped(info.orgUnits)) org units, \(megabytes(size)) "
                + "(\(seconds(clock.now - started)) s)."
        )
    }
}

/// `12.3 MB`.
func megabytes(_ bytes: Int) -> String {
    String(format: "%.1f MB", Double(bytes) / 1_000_000)
}

/// Seconds with one decimal.
func seconds(_ duration: Duration) -> String {
    let (s, a) = duration.components
    return String(format: "%.1f", Double(s) + Double(a) / 1e18)
}
