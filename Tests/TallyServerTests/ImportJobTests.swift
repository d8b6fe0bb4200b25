import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Tally
import TallyCore
import TallyServerTesting
import TallyStore
import TallyText
import TallyTransfer
import Testing

@testable import TallyServer

/// The import page's steps as jobs, as the page's script runs them (`X-Tally-Job`): 202 with where to follow the
/// job, its progress from `GET /api/import/jobs/{id}` in the user's language, then the step's page from
/// `GET /import/jobs/{id}` — the same page the plain form POST answers; a job is its owner's only.
@Suite struct ImportJobTests {
    /// Follows a job until it is done (bounded): its last progress answer.
    static func finished(
        _ client: some TestClientProtocol, _ cookie: String, _ progress: String, language: String = "zh"
    ) async throws -> [String: Any] {
        for _ in 0..<400 {
            let answer = try await client.execute(
                uri: progress, method: .get, headers: [.cookie: cookie, .acceptLanguage: language])
            #expect(answer.status == .ok, "\(answer.text)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.text.utf8)) as? [String: Any])
            if json["state"] as? String == "done" { return json }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("the job did not finish within 10 s")
        return [:]
    }

    /// The job's answer to the request that started it.
    static func started(_ response: TestResponse) throws -> (progress: String, page: String) {
        #expect(response.status == .accepted, "\(response.text)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
        return (try #require(json["progress"] as? String), try #require(json["page"] as? String))
    }

    @Test(arguments: TestBackend.available)
    func theDryRunAndTheImportRunAsJobsThePageFollows(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let session = try await signIn(client, "analyst")
            var headers = ImportPageTests.headers(session.cookie)
            headers[ImportPage.jobHeader] = "1"
            let dry = try await client.execute(
                uri: "/import", method: .post, headers: headers,
                body: ImportPageTests.multipart(
                    [("csrf", session.csrf)], file: ("births.csv", Array(ImportPageTests.file.utf8))))
            let job = try Self.started(dry)
            let done = try await Self.finished(client, session.cookie, job.progress, language: "en")
            #expect(done["step"] as? String == "dry_run")
            #expect(done["file"] as? String == "births.csv")
            #expect(done["message"] as? String == "Done; opening the result…")
            #expect(done["page"] as? String == job.page)
            let page = try await client.execute(uri: job.page, method: .get, headers: [.cookie: session.cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("<tr><th>新增</th><td class=\"n\">2</td></tr>"), "\(page.text)")
            #expect(try fixture.stored("births", "male", "A1", "202602") == nil, "a dry run writes nothing")

            // Another user does not see it.
            let clerk = try await signIn(client, "clerk")
            let foreign = try await client.execute(uri: job.progress, method: .get, headers: [.cookie: clerk.cookie])
            #expect(foreign.status == .notFound, "\(foreign.text)")
            #expect(foreign.text.contains("import.jobExpired"))
            let foreignPage = try await client.execute(uri: job.page, method: .get, headers: [.cookie: clerk.cookie])
            #expect(foreignPage.status == .notFound)

            // The import, as a job too.
            let id = try #require(ImportPageTests.pendingID(page.text))
            /// The import form, sent by the page's script.
            func apply() async throws -> TestResponse {
                try await client.execute(
                    uri: "/import/apply", method: .post,
                    headers: [
                        .contentType: "application/x-www-form-urlencoded", .cookie: session.cookie,
                        ImportPage.jobHeader: "1",
                    ], body: body("csrf=\(session.csrf)&upload=\(id)"))
            }
            let applied = try await apply()
            let second = try Self.started(applied)
            let end = try await Self.finished(client, session.cookie, second.progress)
            #expect(end["step"] as? String == "import")
            #expect(end["message"] as? String == "已完成，正在打开结果……")
            let result = try await client.execute(uri: second.page, method: .get, headers: [.cookie: session.cookie])
            #expect(result.status == .ok)
            #expect(result.text.contains("已导入 births.csv"), "\(result.text)")
            #expect(try fixture.stored("births", "male", "A1", "202602")?.value == 5)

            // A refusal is the job's page with its status: the upload was imported and is gone.
            let again = try await apply()
            #expect(again.status == .notFound, "\(again.text)")
        }
    }

    /// A running job: its progress in the API's answer, and its page (reloaded, or without script) says how far it
    /// has come and asks again in two seconds.
    @Test func aRunningJobTellsHowFarItHasCome() async throws {
        let fixture = try Fixture.make(.sqlite)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let session = try await signIn(client, "analyst")
            let jobs = fixture.server.jobs
            let id = try jobs.start(
                owner: "analyst", file: "访视.csv", applies: true, now: fixture.server.configuration.clock())
            let waiting = try await client.execute(
                uri: "/api/import/jobs/\(id)", method: .get, headers: [.cookie: session.cookie])
            #expect(waiting.json["message"] as? String == "访视.csv：已上传，等待服务器读取……")
            #expect(waiting.json["rows"] == nil)
            jobs.report(
                id,
                UploadProgress(
                    reading: 2, of: 2,
                    DataValueImporter.Progress(rows: 131_072, bytesRead: 500, fileSize: 1_000, seconds: 2)))
            let answer = try await client.execute(
                uri: "/api/import/jobs/\(id)", method: .get, headers: [.cookie: session.cookie, .acceptLanguage: "en"])
            #expect(answer.status == .ok)
            let json = answer.json
            #expect(json["state"] as? String == "running")
            #expect(json["step"] as? String == "import")
            #expect(json["reading"] as? Int == 2)
            #expect(json["rows"] as? Int == 131_072)
            #expect(json["rows_per_second"] as? Int == 65_536)
            #expect(json["percent"] as? Int == 75)
            #expect(json["seconds_left"] as? Int == 2)
            #expect(
                json["message"] as? String == "Reading 2 of 2: 访视.csv: 131,072 rows, 65,536 rows/s, about 2 s left")
            let page = try await client.execute(
                uri: "/import/jobs/\(id)", method: .get, headers: [.cookie: session.cookie])
            #expect(page.status == .ok)
            #expect(page.headers[HTTPField.Name("Refresh")!] == "2")
            #expect(page.text.contains("第2遍（共2遍）：访视.csv：已读131,072行，每秒65,536行，约剩2秒"), "\(page.text)")
        }
    }

    @Test func aUserHasOneJobRunningAndFinishedJobsAreForgotten() throws {
        let jobs = ImportJobs(lifetime: 60, maxJobs: 2)
        let first = try jobs.start(owner: "a", file: "a.csv", applies: false, now: 0)
        #expect(throws: ServerError.self) { try jobs.start(owner: "a", file: "b.csv", applies: false, now: 1) }
        do {
            _ = try jobs.start(owner: "a", file: "b.csv", applies: false, now: 1)
        } catch let error as ServerError {
            #expect(error.errorCode == "import.running")
            #expect(error.message(.zh) == "a.csv 还在处理中；请等它完成后再上传或导入")
            #expect(error.message(.en) == "a.csv is still being processed; wait for it to finish before the next step")
        }
        let other = try jobs.start(owner: "b", file: "c.csv", applies: true, now: 1)
        // Both places are taken by running jobs: a third owner waits.
        #expect(throws: ServerError.self) { try jobs.start(owner: "c", file: "d.csv", applies: false, now: 2) }
        jobs.finish(first, html: "<p>done</p>", status: .ok, now: 10)
        #expect(jobs.job(first, owner: "a", now: 70)?.page?.html == "<p>done</p>")
        #expect(jobs.job(first, owner: "b", now: 70) == nil, "only its owner sees it")
        #expect(jobs.job(first, owner: "a", now: 71) == nil, "forgotten a minute after it ended")
        // The finished job makes room for a new one; the running one stays.
        _ = try jobs.start(owner: "c", file: "d.csv", applies: false, now: 20)
        #expect(jobs.job(other, owner: "b", now: 20) != nil)
        #expect(jobs.count == 2)
    }
}
