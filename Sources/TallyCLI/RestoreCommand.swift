internal import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyCore

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
        let location = try StoreLocation(database.path)
        let restored = try location.restore(from: file, now: Int64(Date().timeIntervalSince1970))
        var text: String
        if let schema = restored.schema {
            text =
                "Restored \(location.name) (schema \(schema)) from \(file): \(Thousands.grouped(restored.values)) values."
            if let kept = restored.kept { text += " The previous state is kept in \(kept)." }
        } else {
            text =
                "Restored \(location.name) from \(file): \(Thousands.grouped(restored.values)) values, "
                + "\(Thousands.grouped(restored.orgUnits ?? 0)) org units."
            if let kept = restored.kept { text += " The previous database is kept as \(kept)." }
        }
        print(text)
    }
}
