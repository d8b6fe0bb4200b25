import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyIO
import TallyServerTesting
import TallyStore
import TallyTransfer
import Testing

@testable import TallyServer

@Suite struct ExternalChangeTests {
    /// `tally import` in another process registers a new period while the server runs: the server's next request
    /// sees the imported value, and a write that claims the value is new (version 0) is a conflict instead of
    /// overwriting it.
    @Test(arguments: TestBackend.available)
    func anImportByAnotherProcessIsSeenByTheNextRequest(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let values = "/api/values?element=births&orgunit=A1&period=202602"
            let before = try await client.execute(uri: values, method: .get, headers: fixture.bearer("admin"))
            #expect(before.status == .ok)
            #expect(!before.text.contains("\"value\": 9"))
            // As the command line does: a workspace and a store of its own on the same database.
            let cli = try Workspace.open(path: fixture.location)
            let file = fixture.directory.appendingPathComponent("february.csv").path
            try "dataelement,period,orgunit,categoryoptioncombo,value,storedby\nbirths,202602,A1,male,9,cli\n"
                .write(toFile: file, atomically: true, encoding: .utf8)
            _ = try cli.importer.importFile(path: file, into: cli.store, user: "cli", time: Fixture.defaultNow)

            let after = try await client.execute(uri: values, method: .get, headers: fixture.bearer("admin"))
            let rows = try JSONSerialization.jsonObject(with: Data(after.text.utf8)) as? [[String: Any]] ?? []
            let male = rows.first { $0["combo"] as? String == "male" }
            #expect(male?["value"] as? Int == 9)
            #expect(male?["version"] as? Int == 1)
            let query = try await client.execute(
                uri: "/api/query?element=births&period=202602&orgunit=A1", method: .get,
                headers: fixture.bearer("admin"))
            #expect(query.text.contains("\"value\": 9"))
            let write = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("admin"),
                body: body(
                    #"{"element": "births", "combo": "male", "orgunit": "A1", "period": "202602", "value": 10, "version": 0}"#
                ))
            #expect(write.status == .conflict)
            #expect(try fixture.stored("births", "male", "A1", "202602")?.value == 9)
        }
    }
}
