import Foundation
import Tally
import TallyServerTesting
import Testing

/// A county database for a test of Tally's use cases: a metadata file, an org-unit file and data imported through
/// `Workspace`, on the backend the test names (a SQLite file, or a schema of its own on the PostgreSQL test server).
struct County {
    let directory: URL
    /// The database: a SQLite file's path or a PostgreSQL URL with the test's schema.
    let location: String
    /// The workspace after the import.
    let workspace: Workspace

    /// The small county of ``FixtureCounty`` (or other files) with `data` imported as `seed` at `time`.
    static func make(
        _ backend: TestBackend, metadata: String = FixtureCounty.metadata, orgUnits: String = FixtureCounty.orgUnits,
        data: String, time: Int64 = 1_772_712_000
    ) throws -> County {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tally-usecase-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let location = backend.location(in: directory)
        func write(_ name: String, _ text: String) throws -> String {
            let path = directory.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let created = try Workspace.create(
            path: location, metadataFile: try write("tally.yaml", metadata),
            orgUnitsFile: try write("orgunits.csv", orgUnits), force: false)
        _ = try created.importData(file: try write("data.csv", data), user: "seed", time: time)
        return County(directory: directory, location: location, workspace: try Workspace.load(created.store))
    }

    /// Writes a file into the test's directory; returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The workspace as the database now is.
    func reloaded() throws -> Workspace { try Workspace.load(workspace.store) }

    /// Removes the directory and, for PostgreSQL, the test's schema.
    func remove() {
        TestBackend.drop(location)
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The error a throwing call throws, as `E`, or nil when it succeeds or throws something else.
func thrown<E: Error, T>(_ type: E.Type, _ body: () throws -> T) -> E? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? E
    }
}
