import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

@Suite struct ValueAPITests {
    @Test(arguments: TestBackend.available)
    func writesOutsideTheSubtreeAreRefused(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element": "visits", "orgunit": "B1", "period": "202602", "value": 4}"#))
            #expect(response.status == .forbidden)
            #expect(response.errorCode == "access.outsideSubtree")
            #expect(try fixture.stored("visits", "", "B1", "202602") == nil)
            // Reads outside the subtree are refused too.
            let read = try await client.execute(
                uri: "/api/values?dataset=monthly&orgunit=B1&period=202601", method: .get,
                headers: fixture.bearer("clerk"))
            #expect(read.status == .forbidden)
            // An analyst reads but never writes.
            let analyst = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("analyst"),
                body: body(#"{"element": "visits", "orgunit": "A1", "period": "202602", "value": 4}"#))
            #expect(analyst.status == .forbidden)
            #expect(analyst.errorCode == "access.readOnly")
        }
    }

    @Test(arguments: TestBackend.available)
    func aClosedPeriodRefusesClerksUntilAnAdminReopensIt(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            // 202512 was due on 2026-01-10 and closed 30 days later; the clock says 2026-03-05.
            let value = #"{"element": "visits", "orgunit": "A1", "period": "202512", "value": 5}"#
            let refused = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"), body: body(value))
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "period.closed")
            let status = try await client.execute(
                uri: "/api/periods?dataset=monthly&period=202512&orgunit=A1", method: .get,
                headers: fixture.bearer("clerk"))
            #expect(status.json["open"] as? Bool == false)
            #expect(status.json["closes"] as? String == "2026-02-09")
            // Clerks may not reopen.
            let notAdmin = try await client.execute(
                uri: "/api/periods/reopen", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"dataset": "monthly", "period": "202512", "orgunit": "A1"}"#))
            #expect(notAdmin.status == .forbidden)
            let reopened = try await client.execute(
                uri: "/api/periods/reopen", method: .post, headers: fixture.bearer("admin"),
                body: body(#"{"dataset": "monthly", "period": "202512", "orgunit": "TA", "until": "2026-03-31"}"#))
            #expect(reopened.status == .ok)
            let accepted = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"), body: body(value))
            #expect(accepted.status == .ok)
            // The reopening lapses after its last day.
            fixture.clock.now += 40 * 86_400
            let lapsed = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element": "visits", "orgunit": "A1", "period": "202512", "value": 6}"#))
            #expect(lapsed.errorCode == "period.closed")
            // Clerks do not write periods that have not begun.
            let future = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element": "visits", "orgunit": "A1", "period": "202605", "value": 1}"#))
            #expect(future.errorCode == "period.future")
            // An admin writes into closed periods.
            let admin = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("admin"),
                body: body(#"{"element": "visits", "orgunit": "A1", "period": "202512", "value": 6}"#))
            #expect(admin.status == .ok)
        }
    }

    @Test(arguments: TestBackend.available)
    func aBatchIsAllOrNothingWithEveryProblemNamed(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let before = try fixture.server.backend.workspace.store.valueCount()
            let batch = """
                {"values": [
                  {"element": "births", "combo": "male", "orgunit": "A1", "period": "202602", "value": 2},
                  {"element": "births", "combo": "boys", "orgunit": "A1", "period": "202602", "value": 1},
                  {"element": "visits", "orgunit": "A1", "period": "202602", "value": "1.5"}
                ]}
                """
            let refused = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("clerk", language: "en"),
                body: body(batch))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorCode == "import.unknownCombo")
            let error = try #require(refused.json["error"] as? [String: Any])
            #expect((error["message"] as? String)?.hasPrefix("row 2: 'categoryoptioncombo': 'boys'") == true)
            let problems = try #require((error["details"] as? [String: Any])?["problems"] as? [[String: Any]])
            #expect(problems.map { $0["row"] as? Int } == [2, 3])
            #expect(problems.map { $0["code"] as? String } == ["import.unknownCombo", "import.notInteger"])
            #expect(try fixture.server.backend.workspace.store.valueCount() == before)

            let good = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("clerk"),
                body: body(
                    """
                    {"values": [
                      {"element": "births", "combo": "male", "orgunit": "A1", "period": "202602", "value": 2},
                      {"element": "births", "combo": "female", "orgunit": "A1", "period": "202602", "value": 1},
                      {"element": "visits", "orgunit": "A1", "period": "202601", "value": 8}
                    ]}
                    """))
            #expect(good.status == .ok)
            #expect(good.json["new"] as? Int == 2)
            #expect(good.json["changed"] as? Int == 1)
            #expect(try fixture.server.backend.workspace.store.valueCount() == before + 2)
            // The new period is visible to the engine at once.
            let query = try await client.execute(
                uri: "/api/query?element=births&period=202602&orgunit=TA", method: .get,
                headers: fixture.bearer("analyst"))
            #expect(query.text.contains("\"value\": 3"))
        }
    }

    @Test(arguments: TestBackend.available)
    func aStaleVersionGetsAConflictWithTheCurrentValue(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let read = try await client.execute(
                uri: "/api/values?element=visits&orgunit=A1&period=202601", method: .get,
                headers: fixture.bearer("clerk"))
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(read.text.utf8)) as? [[String: Any]])
            let version = try #require(rows.first?["version"] as? Int)
            let updated = try #require(rows.first?["updated"] as? Int)
            #expect(version == 1)
            // The admin changes the value first.
            let first = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("admin"),
                body: body(
                    #"{"element": "visits", "orgunit": "A1", "period": "202601", "value": 10, "version": \#(version)}"#)
            )
            #expect(first.status == .ok)
            #expect(first.json["version"] as? Int == 2)
            // The clerk's write based on the old version is refused with the current value.
            let second = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(
                    #"{"element": "visits", "orgunit": "A1", "period": "202601", "value": 11, "version": \#(version)}"#)
            )
            #expect(second.status == .conflict)
            #expect(second.errorCode == "value.conflict")
            let current = try #require((second.json["error"] as? [String: Any])?["details"] as? [String: Any])
            #expect(current["value"] as? Int == 10)
            #expect(current["stored_by"] as? String == "admin")
            #expect(current["version"] as? Int == 2)
            // The same with the updated time it read (when the change came in a later second).
            fixture.clock.now += 5
            _ = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("admin"),
                body: body(#"{"element": "visits", "orgunit": "A1", "period": "202601", "value": 12}"#))
            let byTime = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(
                    #"{"element": "visits", "orgunit": "A1", "period": "202601", "value": 11, "updated": \#(updated)}"#)
            )
            #expect(byTime.status == .conflict)
            #expect(try fixture.stored("visits", "", "A1", "202601")?.value == 12)
        }
    }

    @Test(arguments: TestBackend.available)
    func historyRecordsEveryWriteWithItsUser(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for (user, value) in [("clerk", 8), ("admin", 9)] {
                let response = try await client.execute(
                    uri: "/api/values", method: .post, headers: fixture.bearer(user),
                    body: body(#"{"element": "visits", "orgunit": "A1", "period": "202601", "value": \#(value)}"#))
                #expect(response.status == .ok)
            }
            let response = try await client.execute(
                uri: "/api/values/history?element=visits&orgunit=A1&period=202601", method: .get,
                headers: fixture.bearer("analyst"))
            let history = try #require(response.json["history"] as? [[String: Any]])
            #expect(history.map { $0["changed_by"] as? String } == ["clerk", "admin"])
            #expect(history.map { $0["previous_value"] as? Int } == [7, 8])
            #expect(history.map { $0["new_value"] as? Int } == [8, 9])
            #expect(history.first?["previous_stored_by"] as? String == "seed")
            #expect((response.json["value"] as? [String: Any])?["version"] as? Int == 3)
            // The history page shows the same, escaped.
            let (cookie, _) = try await signIn(client, "analyst")
            let page = try await client.execute(
                uri: "/history?element=visits&orgunit=A1&period=202601", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("<td>clerk</td>"))
        }
    }

    @Test(arguments: TestBackend.available)
    func queriesChecksAndTargetsAnswerJSON(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let query = try await client.execute(
                uri: "/api/query?indicator=cbr&period=202601&scope=children", method: .get,
                headers: fixture.bearer("admin"))
            #expect(query.status == .ok)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(query.text.utf8)) as? [[String: Any]])
            #expect(rows.compactMap { $0["orgunit"] as? String } == ["TA", "TB"])
            #expect(rows.first?["numerator"] as? Int == 6)
            // Repeated subjects and periods are all answered: a row per subject × unit × period, then as a pivot.
            let several = try await client.execute(
                uri: "/api/query?indicator=cbr&indicator=srb&period=202601&period=2026&scope=children", method: .get,
                headers: fixture.bearer("admin"))
            #expect(several.status == .ok)
            let long = try #require(
                try JSONSerialization.jsonObject(with: Data(several.text.utf8)) as? [[String: Any]])
            #expect(
                long.map { "\($0["subject"] ?? "") \($0["orgunit"] ?? "") \($0["period"] ?? "")" } == [
                    "cbr TA 202601", "cbr TB 202601", "cbr TA 2026", "cbr TB 2026", "srb TA 202601", "srb TB 202601",
                    "srb TA 2026", "srb TB 2026",
                ])
            #expect(long.first?["numerator"] as? Int == 6)
            let pivot = try await client.execute(
                uri: "/api/query?indicator=cbr&element=births&period=202601&scope=children&columns=subject",
                method: .get, headers: fixture.bearer("admin"))
            let pivotRows = try #require(
                try JSONSerialization.jsonObject(with: Data(pivot.text.utf8)) as? [[String: Any]])
            #expect(pivotRows.map { $0["orgunit"] as? String } == ["TA", "TB"])
            #expect((pivotRows.first?["values"] as? [String: Any])?["births"] as? Int == 6)
            let badAxis = try await client.execute(
                uri: "/api/query?indicator=cbr&period=202601&columns=town", method: .get,
                headers: fixture.bearer("admin", language: "en"))
            #expect(badAxis.status == .badRequest)
            #expect(
                (badAxis.json["error"] as? [String: Any])?["message"] as? String
                    == "columns is subject, unit or period, not 'town'")
            let checks = try await client.execute(
                uri: "/api/checks?period=202601&as_of=2026-03-05", method: .get, headers: fixture.bearer("admin"))
            #expect(checks.status == .ok)
            #expect(checks.text.hasPrefix("["))
            let missing = try await client.execute(
                uri: "/api/targets/none?as_of=2026-03-05", method: .get, headers: fixture.bearer("admin"))
            #expect(missing.status == .notFound)
            let bad = try await client.execute(
                uri: "/api/query?indicator=cbr&period=2026-13", method: .get, headers: fixture.bearer("admin"))
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == "request.invalid")
            let metadata = try await client.execute(
                uri: "/api/metadata?lang=en", method: .get, headers: fixture.bearer("clerk"))
            #expect(metadata.text.contains("\"Monthly report\""))
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.json["status"] as? String == "ok")
        }
    }

    @Test(arguments: TestBackend.available)
    func pagesEscapeEverythingAndBoundBodies(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, "admin")
            let hostile = "<script>alert(1)</script>"
            let response = try await client.execute(
                uri: "/api/values", method: .post,
                headers: [
                    .cookie: cookie, .contentType: "application/json", AuthenticationMiddleware.csrfHeader: csrf,
                ],
                body: body(
                    #"{"element": "visits", "orgunit": "A1", "period": "202601", "value": 9, "comment": "\#(hostile)"}"#
                ))
            #expect(response.status == .ok)
            let page = try await client.execute(
                uri: "/dashboard?period=%3Cscript%3E", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .badRequest)
            #expect(!page.text.contains("<script>alert"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            let dashboard = try await client.execute(
                uri: "/dashboard?period=202601&lang=en", method: .get, headers: [.cookie: cookie])
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("<svg"))
            #expect(dashboard.text.contains("甲镇"))
            let big = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("admin"),
                body: body(String(repeating: " ", count: 3 * 1024 * 1024)))
            #expect(big.status == .contentTooLarge)
        }
    }
}
