internal import ArgumentParser
internal import Foundation
internal import TallyCore
internal import TallyIO
internal import TallyStore
internal import TallyStorePostgres
internal import TallyStoreSQLite

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the database: SQLite's integrity, and that every value names things that exist.",
        discussion: """
            Example:
              tally verify
            Checks SQLite's integrity and foreign keys, the schema and the stored metadata, the org-unit tree
            (no missing parents, no cycles), the periods, every block of values (it decodes and names an
            element, period, combo, org units, people and write batches that exist), comments and history.
            On PostgreSQL (--db postgres://…), which enforces the foreign keys and types itself: the tables and
            schema version, validated constraints, the metadata, the tree, the periods and finite values.
            Exit code 0 when all is well, 1 when problems were found (they are listed). Nothing is changed.
            """
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let metadataCheck = { (document: String, used: [String]) -> [String] in
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
        let checks: [StoreCheck]
        let name: String
        if PostgresURL.isPostgres(database.path) {
            let url = try PostgresURL(database.path)
            checks = try PostgresStore.verify(url: url, metadata: metadataCheck)
            name = url.redacted
        } else {
            checks = try SQLiteStore.verify(path: database.path, metadata: metadataCheck)
            name = database.path
        }
        print("Verifying \(name)")
        let width = checks.map { $0.name.count }.max() ?? 0
        for check in checks {
            let name = check.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "  \(check.problems.isEmpty ? "ok      " : "PROBLEM ") \(name)  \(check.scope)"
            while line.hasSuffix(" ") { line.removeLast() }
            print(line)
            for problem in check.problems { print("             - \(problem)") }
        }
        let problems = checks.reduce(0) { $0 + $1.count }
        if problems == 0 {
            print("No problems found.")
        } else {
            print(
                "\(problems) \(problems == 1 ? "problem" : "problems") found; restore a backup with 'tally restore FILE', "
                    + "or ask for help with this report.")
            throw ExitCode(1)
        }
    }
}
