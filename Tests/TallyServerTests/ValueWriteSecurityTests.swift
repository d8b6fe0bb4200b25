import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyCore
import TallyIO
import TallyServerTesting
import TallyStore
import TallyTransfer
import Testing

@testable import TallyServer

/// Value writes as an attacker tries them: every code is canonicalised and resolved once, and the access,
/// period and version checks see exactly what is written.
@Suite struct ValueWriteSecurityTests {
    /// Posts one value as `user` and returns the response.
    static func post(
        _ client: some TestClientProtocol, _ fixture: Fixture, _ user: String, _ json: String,
        uri: String = "/api/values"
    ) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: fixture.bearer(user), body: body(json))
    }

    @Test(arguments: TestBackend.available)
    func paddedUnitCodesDoNotLeaveTheSubtree(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            // The clerk of village A1 names village B1 of the other town, padded in every way a client can.
            for padded in [" B1", "B1\\t", "\\tB1", "B1\\n", "\\u3000B1", "B1\\u00a0"] {
                let response = try await Self.post(
                    client, fixture, "clerk",
                    #"{"element": "visits", "orgunit": "\#(padded)", "period": "202602", "value": 4}"#)
                #expect(response.status == .forbidden, "\(padded)")
                #expect(response.errorCode == "access.outsideSubtree", "\(padded)")
            }
            #expect(try fixture.stored("visits", "", "B1", "202602") == nil)
            // Removing another town's value with a padded code is refused; the value stays.
            let delete = try await Self.post(
                client, fixture, "clerk",
                #"{"element": "births", "combo": "female", "orgunit": "\tB1", "period": "202601", "deleted": true}"#)
            #expect(delete.status == .forbidden)
            #expect(delete.errorCode == "access.outsideSubtree")
            #expect(try fixture.stored("births", "female", "B1", "202601")?.value == 4)
            // A batch with rows for other towns is refused whole.
            let batch = try await Self.post(
                client, fixture, "clerk",
                """
                {"values": [
                  {"element": "visits", "orgunit": "A1", "period": "202602", "value": 1},
                  {"element": "visits", "orgunit": " B1", "period": "202602", "value": 2},
                  {"element": "visits", "orgunit": "B2 ", "period": "202602", "value": 3}
                ]}
                """, uri: "/api/values/batch")
            #expect(batch.status == .forbidden)
            #expect(batch.errorCode == "access.outsideSubtree")
            for unit in ["A1", "B1", "B2"] { #expect(try fixture.stored("visits", "", unit, "202602") == nil) }
        }
    }

    @Test(arguments: TestBackend.available)
    func aTownAdminStaysInsideTheTown(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        let units = Set(fixture.server.backend.workspace.tree.index.keys)
        try fixture.server.accounts.addUser(
            name: "townadmin", password: "town-password", role: .admin, orgUnit: "TA", units: units,
            now: Fixture.defaultNow)
        let token = try fixture.server.accounts.createToken(
            user: "townadmin", label: "test", now: Fixture.defaultNow, days: 1
        ).secret
        try await fixture.application.test(.router) { client in
            for padded in [" B1", "TB\\t", "\\u2003B2"] {
                let response = try await client.execute(
                    uri: "/api/values", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: body(#"{"element": "visits", "orgunit": "\#(padded)", "period": "202512", "value": 9}"#))
                #expect(response.status == .forbidden, "\(padded)")
                #expect(response.errorCode == "access.outsideSubtree", "\(padded)")
            }
            #expect(try fixture.stored("visits", "", "B1", "202512") == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func paddedElementsAndPeriodsMeetThePeriodRules(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            // 202512 closed on 2026-02-09; the clock says 2026-03-05. The admin stores a value there first.
            let seeded = try await Self.post(
                client, fixture, "admin", #"{"element": "visits", "orgunit": "A1", "period": "202512", "value": 5}"#)
            #expect(seeded.status == .ok)
            for (element, period) in [(" visits", "202512"), ("visits", " 202512"), ("visits\\t", "202512\\t")] {
                let closed = try await Self.post(
                    client, fixture, "clerk",
                    #"{"element": "\#(element)", "orgunit": "A1", "period": "\#(period)", "value": 6}"#)
                #expect(closed.status == .forbidden, "\(element) \(period)")
                #expect(closed.errorCode == "period.closed", "\(element) \(period)")
            }
            #expect(try fixture.stored("visits", "", "A1", "202512")?.value == 5)
            // A period that has not begun, with the element padded.
            let future = try await Self.post(
                client, fixture, "clerk", #"{"element": "visits ", "orgunit": "A1", "period": "202605", "value": 1}"#)
            #expect(future.status == .forbidden)
            #expect(future.errorCode == "period.future")
            #expect(try fixture.stored("visits", "", "A1", "202605") == nil)
            // A batch of closed-month rows for the clerk's own village, padded, is refused whole too.
            let batch = try await Self.post(
                client, fixture, "clerk",
                """
                {"values": [
                  {"element": "visits", "orgunit": "A1", "period": "202602", "value": 1},
                  {"element": " visits", "orgunit": "A1 ", "period": "202512", "value": 7}
                ]}
                """, uri: "/api/values/batch")
            #expect(batch.errorCode == "period.closed")
            #expect(try fixture.stored("visits", "", "A1", "202602") == nil)
            // Padding that only surrounds a code is canonicalised, not refused: inside the rules it is stored under
            // the canonical code.
            let accepted = try await Self.post(
                client, fixture, "clerk",
                #"{"element": " visits\t", "orgunit": "\u3000A1 ", "period": " 202602 ", "value": " 3 "}"#)
            #expect(accepted.status == .ok)
            #expect(accepted.json["orgunit"] as? String == "A1")
            #expect(try fixture.stored("visits", "", "A1", "202602")?.value == 3)
        }
    }

    @Test(arguments: TestBackend.available)
    func aPaddedRowStillMeetsTheVersionCheck(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            // visits for A1 in 202601 is 7 at version 1; a stale version must be refused however the codes are written.
            for (element, unit) in [("visits", "A1"), (" visits", "A1"), ("visits", "A1\\t"), ("visits ", " A1")] {
                let stale = try await Self.post(
                    client, fixture, "clerk",
                    #"{"element": "\#(element)", "orgunit": "\#(unit)", "period": "202601", "value": 99, "version": 7}"#
                )
                #expect(stale.status == .conflict, "\(element) \(unit)")
                #expect(stale.errorCode == "value.conflict")
                let details = try #require((stale.json["error"] as? [String: Any])?["details"] as? [String: Any])
                #expect(details["orgunit"] as? String == "A1")
                #expect(details["version"] as? Int == 1)
            }
            #expect(try fixture.stored("visits", "", "A1", "202601")?.value == 7)
        }
    }

    @Test(arguments: TestBackend.available)
    func hiddenCharactersAndUnknownRowsAreRefusedNeverSkipped(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let before = try fixture.server.backend.workspace.store.valueCount()
            for (field, json) in [
                ("orgunit", #"{"element": "visits", "orgunit": "A1\u0000", "period": "202602", "value": 1}"#),
                ("orgunit", #"{"element": "visits", "orgunit": "A\u200b1", "period": "202602", "value": 1}"#),
                ("dataelement", #"{"element": "vis\u202eits", "orgunit": "A1", "period": "202602", "value": 1}"#),
                ("period", #"{"element": "visits", "orgunit": "A1", "period": "2026\u000102", "value": 1}"#),
            ] {
                let response = try await Self.post(client, fixture, "clerk", json)
                #expect(response.status == .unprocessableContent, "\(json)")
                #expect(response.errorCode == "import.refusedCharacter", "\(json)")
                let error = try #require(response.json["error"] as? [String: Any])
                let problems = try #require((error["details"] as? [String: Any])?["problems"] as? [[String: Any]])
                #expect(problems.first?["field"] as? String == field)
                #expect((problems.first?["message"] as? String)?.contains("U+") == true)
            }
            // A row that names nothing is an error for the whole batch, never a row left out.
            let unknown = try await Self.post(
                client, fixture, "clerk",
                """
                {"values": [
                  {"element": "visits", "orgunit": "A1", "period": "202602", "value": 1},
                  {"element": "visits", "orgunit": "NOWHERE", "period": "202602", "value": 2},
                  {"element": "nothing", "orgunit": "A1", "period": "202602", "value": 2}
                ]}
                """, uri: "/api/values/batch")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.errorCode == "import.unknownOrgUnit")
            let problems = try #require(
                ((unknown.json["error"] as? [String: Any])?["details"] as? [String: Any])?["problems"]
                    as? [[String: Any]])
            #expect(problems.map { $0["row"] as? Int } == [2, 3])
            #expect(try fixture.server.backend.workspace.store.valueCount() == before)
            // Reads resolve the same way: a padded code reads the canonical unit, a hidden character is refused.
            let padded = try await client.execute(
                uri: "/api/values/history?element=visits&orgunit=%20A1&period=202601", method: .get,
                headers: fixture.bearer("clerk"))
            #expect(padded.status == .ok)
            #expect((padded.json["value"] as? [String: Any])?["orgunit"] as? String == "A1")
            let outside = try await client.execute(
                uri: "/api/values/history?element=births&combo=female&orgunit=%09B1&period=202601", method: .get,
                headers: fixture.bearer("clerk"))
            #expect(outside.status == .forbidden)
            let hidden = try await client.execute(
                uri: "/api/values?dataset=monthly&orgunit=A1%E2%80%8B&period=202601", method: .get,
                headers: fixture.bearer("clerk"))
            #expect(hidden.status == .unprocessableContent)
            #expect(hidden.errorCode == "text.zeroWidth")
        }
    }

    /// 16 clients each read the value, add one and write it back with the version they read, retrying on 409:
    /// no increment may be lost, so the final value is the first plus the writes accepted.
    @Test(arguments: TestBackend.available)
    func readIncrementWriteLosesNoIncrement(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        let clients = 16
        let increments = 6
        let token = fixture.tokens["admin"]!
        try await fixture.application.test(.live) { client in
            let port = try #require(client.port)
            let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<clients {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { http in
                            let headers: HTTPFields = [
                                .authorization: "Bearer \(token)", .contentType: "application/json",
                            ]
                            var done = 0
                            for _ in 0..<(increments * 40) where done < increments {
                                let read = try await http.get(
                                    "/api/values?element=visits&orgunit=A1&period=202601", headers: headers)
                                let rows =
                                    try JSONSerialization.jsonObject(with: Data(String(buffer: read.body!).utf8))
                                    as? [[String: Any]]
                                let value = rows?.first?["value"] as? Int ?? 0
                                let version = rows?.first?["version"] as? Int ?? 0
                                let response = try await http.post(
                                    "/api/values", headers: headers,
                                    body: body(
                                        #"{"element": "visits", "orgunit": "A1", "period": "202601", "value": \#(value + 1), "version": \#(version)}"#
                                    ))
                                if response.status == .ok {
                                    done += 1
                                } else {
                                    #expect(
                                        response.status == .conflict,
                                        "\(response.body.map { String(buffer: $0) } ?? "")")
                                }
                            }
                            return done
                        }
                    }
                }
                var total = 0
                for try await n in group { total += n }
                return total
            }
            #expect(accepted > 0)
            #expect(try fixture.stored("visits", "", "A1", "202601")?.value == Double(7 + accepted))
            let key = try #require(
                try Workspace.load(fixture.server.backend.workspace.store).valueKey(
                    element: "visits", combo: "", orgUnit: "A1", period: try Period("202601")))
            #expect(try fixture.server.backend.workspace.store.versionedValue(key).version == 1 + accepted)
        }
    }

    /// A write whose version was read before another program (a `tally import` in another process) changed the
    /// value is refused: the version is compared inside the write's transaction.
    @Test(arguments: TestBackend.available)
    func aChangeByAnotherProgramIsNoticedByTheVersionCheck(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let read = try await client.execute(
                uri: "/api/values?element=visits&orgunit=A1&period=202601", method: .get,
                headers: fixture.bearer("clerk"))
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(read.text.utf8)) as? [[String: Any]])
            let version = try #require(rows.first?["version"] as? Int)
            // Another program opens the same database and changes the value.
            let other = try Workspace.open(path: fixture.location)
            _ = try other.importer.importBytes(
                Array("dataelement,period,orgunit,value\nvisits,202601,A1,20\n".utf8), name: "other.csv",
                into: other.store, user: "cli", time: Fixture.defaultNow)
            let write = try await Self.post(
                client, fixture, "clerk",
                #"{"element": "visits", "orgunit": "A1", "period": "202601", "value": 8, "version": \#(version)}"#)
            #expect(write.status == .conflict)
            let details = try #require((write.json["error"] as? [String: Any])?["details"] as? [String: Any])
            #expect(details["value"] as? Int == 20)
            #expect(details["stored_by"] as? String == "cli")
            #expect(try fixture.stored("visits", "", "A1", "202601")?.value == 20)
        }
    }
}
