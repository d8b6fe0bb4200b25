internal import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyStore

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
        let location = try StoreLocation(database.path)
        let checks = try location.verify()
        let name = location.name
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
