internal import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyCore

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
        let location = try StoreLocation(database.path)
        let backup = try location.backup(to: file, force: force)
        let took = "\(seconds(clock.now - started)) s"
        if let schema = backup.schema {
            print(
                "Backed up \(location.name) (schema \(schema), \(Thousands.grouped(backup.values)) values) "
                    + "to \(file): \(megabytes(backup.bytes)) (\(took)).")
        } else {
            print(
                "Backed up \(location.name) to \(file): \(Thousands.grouped(backup.values)) values, "
                    + "\(Thousands.grouped(backup.orgUnits ?? 0)) org units, \(megabytes(backup.bytes)) (\(took)).")
        }
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
