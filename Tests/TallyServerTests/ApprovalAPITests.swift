import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

/// `GET /api/approvals`, `POST /api/approvals/{submit,approve,return,accept,unapprove}`, the lock on an approved
/// report's values for its clerk, and the pages' buttons (`/entry`, `/approvals`, the clerk's returned reports).
/// The fixture's monthly report is approved by the town (level 2) and accepted by the county (level 1).
@Suite struct ApprovalAPITests {
    static let report = #"{"dataset": "monthly", "orgunit": "A1", "period": "202602"}"#

    @Test(arguments: TestBackend.available)
    func aReportGoesFromTheClerkToTheTownAndTheCounty(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            func post(_ action: String, _ user: String, _ json: String = Self.report) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/approvals/\(action)", method: .post, headers: fixture.bearer(user), body: body(json))
            }
            let before = try await client.execute(
                uri: "/api/approvals?dataset=monthly&orgunit=A1&period=202602", method: .get,
                headers: fixture.bearer("clerk"))
            #expect(before.json["state"] as? String == "open")
            #expect(before.json["allowed"] as? [String] == ["submit"])
            #expect(before.json["approval_levels"] as? [Int] == [2, 1])
            // Outside the subtree, unknown, or not the unit's clerk.
            let outside = try await client.execute(
                uri: "/api/approvals?dataset=monthly&orgunit=B1&period=202602", method: .get,
                headers: fixture.bearer("clerk"))
            #expect(outside.status == .forbidden)
            #expect(
                try await post("submit", "clerk", #"{"dataset": "nope", "orgunit": "A1", "period": "202602"}"#).status
                    == .notFound)
            #expect(
                try await post("submit", "clerk", #"{"dataset": "monthly", "orgunit": "A1", "period": "2026"}"#).status
                    == .badRequest)
            #expect(try await post("submit", "analyst").errorCode == "report.notAllowed")
            #expect(try await post("approve", "analyst").errorCode == "report.wrongStage")

            let submitted = try await post("submit", "clerk")
            #expect(submitted.status == .ok)
            #expect(submitted.json["state"] as? String == "submitted")
            #expect(try await post("approve", "clerk").status == .forbidden)
            let noComment = try await post("return", "analyst")
            #expect(noComment.status == .badRequest)
            #expect(noComment.errorCode == "report.badComment")
            let approved = try await post("approve", "analyst")
            #expect(approved.json["state"] as? String == "approved")
            #expect(approved.json["locked"] as? Bool == true)
            #expect((approved.json["events"] as? [[String: Any]])?.map { $0["by"] as? String } == ["clerk", "analyst"])

            // Locked for the clerk: one value and a batch, named with the report and the approver.
            let value = #"{"element": "visits", "orgunit": "A1", "period": "202602", "value": 4}"#
            let refused = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk", language: "en"), body: body(value))
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "report.locked")
            #expect(refused.text.contains("A1（甲一村）· 202602 was approved by analyst on 2026-03-05 and is locked"))
            let batch = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"values": [\#(value)]}"#))
            #expect(batch.errorCode == "report.locked")
            #expect(try fixture.stored("visits", "", "A1", "202602") == nil)
            // The admin still writes (an admin is not locked out).
            #expect(
                try await client.execute(
                    uri: "/api/values", method: .post, headers: fixture.bearer("admin"), body: body(value)
                ).status == .ok)

            // The county accepts; the town may not undo that, the county may; then the town undoes its approval.
            #expect(try await post("accept", "admin").json["state"] as? String == "accepted")
            #expect(try await post("unapprove", "analyst").errorCode == "report.notAllowed")
            #expect(try await post("unapprove", "admin").json["state"] as? String == "approved")
            #expect(try await post("unapprove", "analyst").json["state"] as? String == "submitted")
            // Unlocked: the clerk's change takes the submission back.
            let changed = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element": "visits", "orgunit": "A1", "period": "202602", "value": 5, "version": 1}"#))
            #expect(changed.status == .ok, "\(changed.text)")
            let after = try await client.execute(
                uri: "/api/approvals?dataset=monthly&orgunit=A1&period=202602", method: .get,
                headers: fixture.bearer("analyst"))
            #expect(after.json["state"] as? String == "open")
            #expect(
                (after.json["events"] as? [[String: Any]])?.map { $0["action"] as? String } == [
                    "submit", "approve", "accept", "unapprove", "unapprove", "withdraw",
                ])
        }
    }

    @Test(arguments: TestBackend.available)
    func thePagesSubmitApproveAndReturn(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (clerk, clerkCSRF) = try await signIn(client, "clerk")
            let (town, townCSRF) = try await signIn(client, "analyst")
            func form(_ cookie: String, _ fields: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/approvals", method: .post,
                    headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: body(fields))
            }
            let entry = "/entry?dataset=monthly&orgunit=A1&period=202601&lang=en"
            let open = try await client.execute(uri: entry, method: .get, headers: [.cookie: clerk])
            #expect(open.text.contains(#"id="report-submit""#))
            let fields = "dataset=monthly&orgunit=A1&period=202601"
            let submitted = try await form(clerk, "csrf=\(clerkCSRF)&back=entry&action=submit&\(fields)")
            #expect(submitted.status == .seeOther)
            #expect(submitted.headers[.location]?.hasPrefix("/entry?dataset=monthly&orgunit=A1&period=202601") == true)
            // The town's list: the report with approve and return.
            let list = try await client.execute(uri: "/approvals?lang=en", method: .get, headers: [.cookie: town])
            #expect(list.text.contains(#"data-report="monthly A1 202601""#))
            #expect(list.text.contains(#"value="approve""#))
            let returned = try await form(
                town, "csrf=\(townCSRF)&action=return&comment=%E8%AF%B7%E6%A0%B8%E5%AF%B9%E8%AE%BF%E8%A7%86&\(fields)")
            #expect(returned.headers[.location] == "/approvals?done=1")
            let empty = try await client.execute(uri: "/approvals?lang=en", method: .get, headers: [.cookie: town])
            #expect(empty.text.contains(#"id="pending-none""#))
            // The clerk sees the return on the home page and on the form, with the comment.
            let home = try await client.execute(
                uri: "/dashboard?orgunit=A1&period=202601&lang=en", method: .get, headers: [.cookie: clerk])
            #expect(home.text.contains(#"id="returned""#))
            #expect(home.text.contains("请核对访视"))
            let back = try await client.execute(uri: entry, method: .get, headers: [.cookie: clerk])
            #expect(back.text.contains(#"id="returned-comment""#))
            #expect(back.text.contains("请核对访视"))
            // Without the CSRF token a form is refused.
            #expect(try await form(clerk, "action=submit&\(fields)").status == .forbidden)
            // Submitted again and approved: the clerk's form is locked, with the note.
            _ = try await form(clerk, "csrf=\(clerkCSRF)&back=entry&action=submit&\(fields)")
            _ = try await form(town, "csrf=\(townCSRF)&action=approve&\(fields)")
            let locked = try await client.execute(uri: entry, method: .get, headers: [.cookie: clerk])
            #expect(locked.text.contains(#"id="locked""#))
            #expect(locked.text.contains("This report was approved by analyst"))
            #expect(!locked.text.contains(#"<button type="submit">Save</button>"#))
            // The county's grid shows the cell approved.
            let grid = try await client.execute(
                uri: "/api/reporting/grid?orgunit=C&period=202601&dataset=monthly", method: .get,
                headers: fixture.bearer("admin"))
            let units = grid.json["units"] as? [[String: Any]] ?? []
            let a1 = units.first { $0["orgunit"] as? String == "A1" }
            #expect(a1?["stages"] as? [String] == ["approved"])
        }
    }
}
