internal import ArgumentParser
internal import Foundation
internal import TallyCore
internal import TallyIO
internal import TallyStore
internal import TallyStorePostgres
internal import TallyStoreSQLite

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup, after checking the backup.",
        discussion: """
            Example:
              tally restore backups/tally-2025-11-30.sqlite
            The backup must be a Tally database of this or an earlier version and pass SQLite's integrity check.
            It is copied beside the database and renamed over it in one step, so the database is never half
            restored; the replaced database is kept as DB.before-restore. Refused while another program (an
            import, a server) has the database open.
            On PostgreSQL (--db postgres://…) the file must be a backup made by 'tally backup' of the same
            schema; the current state is first backed up beside it (FILE.before-restore-TIME), then
            pg_restore replaces Tally's tables in one transaction. Stop 'tally serve' first.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The backup file to restore.", valueName: "file")) var file: String

    func run() throws {
        if PostgresURL.isPostgres(database.path) {
            let url = try PostgresURL(database.path)
            let stamp = Timestamp.format(Int64(Date().timeIntervalSince1970)).replacingOccurrences(of: ":", with: "")
            let keep = "\(file).before-restore-\(stamp)"
            let summary = try PostgresMaintenance.restore(url, from: file, keep: keep)
            let values = try PostgresStore(url: url, connections: 1).valueCount()
            print(
                "Restored \(url.redacted) (schema \(summary.schema)) from \(file): \(ImportSummary.grouped(values)) values. "
                    + "The previous state is kept in \(keep).")
            return
        }
        let existed = FileManager.default.fileExists(atPath: database.path)
        let info = try SQLiteStore.restore(database.path, from: file)
        var text =
            "Restored \(database.path) from \(file): \(ImportSummary.grouped(info.values)) values, "
            + "\(ImportSummary.grouped(info.orgUnits)) org units."
        if existed { text += " The previous database is kept as \(database.path).before-restore." }
        print(text)
    }
}
