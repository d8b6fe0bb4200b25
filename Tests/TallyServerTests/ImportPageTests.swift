import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyCore
import TallyIO
import TallyInterchange
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

/// The import page and `POST /api/import`: a dry run, the import of exactly that file, the refusal when the values
/// changed in between, the user's subtree, the encoding told, and hostile uploads.
@Suite struct ImportPageTests {
    static let boundary = "----tallyTestBoundary7MA4YWxk"

    /// A `multipart/form-data` body: the fields, then the file.
    static func multipart(_ fields: [(String, String)], file: (name: String, bytes: [UInt8])?) -> ByteBuffer {
        var out: [UInt8] = []
        for (name, value) in fields {
            out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            out += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: text/csv\r\n\r\n"
                    .utf8)
            out += file.bytes + Array("\r\n".utf8)
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: out)
    }

    static func headers(_ cookie: String, language: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: cookie]
        if let language { headers[.acceptLanguage] = language }
        return headers
    }

    /// Uploads `text` (UTF-8 unless `bytes` are given) as `name` for a dry run.
    static func upload(
        _ client: some TestClientProtocol, _ session: (cookie: String, csrf: String), name: String = "births.csv",
        _ bytes: [UInt8], language: String? = nil
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/import", method: .post, headers: headers(session.cookie, language: language),
            body: multipart([("csrf", session.csrf)], file: (name, bytes)))
    }

    /// The pending upload's id in a dry run's page.
    static func pendingID(_ page: String) -> String? {
        page.firstMatch(of: /name="upload" value="([^"]+)"/).map { String($0.output.1) }
    }

    static func apply(
        _ client: some TestClientProtocol, _ session: (cookie: String, csrf: String), id: String,
        language: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: session.cookie]
        if let language { headers[.acceptLanguage] = language }
        return try await client.execute(
            uri: "/import/apply", method: .post, headers: headers, body: body("csrf=\(session.csrf)&upload=\(id)"))
    }

    static let file = """
        dataelement,period,orgunit,categoryoptioncombo,value
        births,202602,A1,male,5
        births,202602,A2,female,4
        births,202601,A1,male,6
        births,202601,A1,female,2

        """

    @Test(arguments: TestBackend.available)
    func anAnalystDryRunsThenImportsExactlyThatFile(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let session = try await signIn(client, "analyst")
            let page = try await client.execute(uri: "/import", method: .get, headers: [.cookie: session.cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>导入数据</h1>"))
            #expect(page.text.contains("enctype=\"multipart/form-data\""))
            #expect(page.text.contains("<a href=\"/import\">导入</a>"), "the menu links the page")
            let dry = try await Self.upload(client, session, Array(Self.file.utf8), language: "en")
            #expect(dry.status == .ok, "\(dry.text)")
            #expect(dry.text.contains("Encoding: UTF-8"))
            // Two new values, one changed (A1 male 3 → 6), one unchanged (A1 female 2).
            #expect(dry.text.contains("<tr><th>Rows read</th><td class=\"n\">4</td></tr>"))
            #expect(dry.text.contains("<tr><th>New</th><td class=\"n\">2</td></tr>"))
            #expect(dry.text.contains("<tr><th>Changed</th><td class=\"n\">1</td></tr>"))
            #expect(dry.text.contains("<tr><th>Unchanged</th><td class=\"n\">1</td></tr>"))
            #expect(try fixture.stored("births", "male", "A1", "202602") == nil, "a dry run writes nothing")
            let id = try #require(Self.pendingID(dry.text))
            let applied = try await Self.apply(client, session, id: id, language: "en")
            #expect(applied.status == .ok, "\(applied.text)")
            #expect(applied.text.contains("Imported births.csv"))
            let stored = try #require(try fixture.stored("births", "male", "A1", "202602"))
            #expect(stored.value == 5)
            #expect(stored.storedBy == "analyst", "the uploader is the person in history")
            #expect(try fixture.stored("births", "male", "A1", "202601")?.value == 6)
            // The upload is gone once imported.
            let again = try await Self.apply(client, session, id: id)
            #expect(again.status == .notFound)
            #expect(again.text.contains("已过期或已导入"))
        }
    }

    @Test(arguments: TestBackend.available)
    func theImportIsRefusedWhenAValueItTouchesChangedAfterTheDryRun(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let session = try await signIn(client, "analyst")
            let dry = try await Self.upload(client, session, Array(Self.file.utf8))
            let id = try #require(Self.pendingID(dry.text))
            // The clerk of A1 changes a value the file touches.
            let changed = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element":"births","combo":"male","orgunit":"A1","period":"202602","value":"9"}"#))
            #expect(changed.status == .ok || changed.status == .created, "\(changed.text)")
            let applied = try await Self.apply(client, session, id: id)
            #expect(applied.status == .conflict, "\(applied.text)")
            #expect(applied.text.contains("试导入之后，它涉及的数据已被修改"))
            #expect(try fixture.stored("births", "male", "A1", "202602")?.value == 9, "the clerk's value stays")
            #expect(try fixture.stored("births", "female", "A2", "202602") == nil, "nothing was imported")
            #expect(try fixture.stored("births", "male", "A1", "202601")?.value == 3)
            // A value the file does not touch may change: the import goes ahead.
            let dryAgain = try await Self.upload(client, session, Array(Self.file.utf8))
            let again = try #require(Self.pendingID(dryAgain.text))
            let elsewhere = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element":"visits","orgunit":"A1","period":"202602","value":"4"}"#))
            #expect(elsewhere.status == .ok || elsewhere.status == .created, "\(elsewhere.text)")
            let applied2 = try await Self.apply(client, session, id: again)
            #expect(applied2.status == .ok, "\(applied2.text)")
            #expect(try fixture.stored("births", "male", "A1", "202602")?.value == 5)
        }
    }

    @Test(arguments: TestBackend.available)
    func aRowOutsideTheSubtreeIsAProblemNamingItsLine(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let session = try await signIn(client, "analyst")
            let file = "dataelement,period,orgunit,value\nvisits,202602,A1,3\nvisits,202602,B1,4\n"
            let dry = try await Self.upload(client, session, Array(file.utf8))
            #expect(dry.status == .unprocessableContent)
            #expect(dry.text.contains("<td>第3行，“orgunit”列</td>"), "\(dry.text)")
            #expect(dry.text.contains("单位“B1”不在甲镇 (TA)及其下级单位之内"))
            #expect(Self.pendingID(dry.text) == nil, "no import button")
            #expect(try fixture.stored("visits", "", "A1", "202602") == nil)
            // A clerk: only their own village.
            let clerk = try await signIn(client, "clerk")
            let refused = try await Self.upload(
                client, clerk, Array("dataelement,period,orgunit,value\nvisits,202602,A2,3\n".utf8))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("单位“A2”不在甲一村 (A1)及其下级单位之内"))
            // … and, like the entry form, only periods that have begun and are still open: 202512 closed on
            // 2026-02-09 (due 10 days after the month, closed 30 days later), 202604 has not begun.
            let closed = try await Self.upload(
                client, clerk,
                Array(
                    "dataelement,period,orgunit,value\nvisits,202601,A1,3\nvisits,202512,A1,3\nvisits,202604,A1,1\n"
                        .utf8))
            #expect(closed.status == .unprocessableContent)
            #expect(closed.text.contains("<td>第3行，“period”列</td><td>202512 已关闭录入"), "\(closed.text)")
            #expect(closed.text.contains("<td>第4行，“period”列</td><td>202604 还没有开始"))
            #expect(closed.text.contains("2个问题"))
            // The analyst is not held to the periods.
            let analyst = try await Self.upload(
                client, session, Array("dataelement,period,orgunit,value\nvisits,202512,A1,3\n".utf8))
            #expect(analyst.status == .ok)
        }
    }

    @Test(arguments: TestBackend.available)
    func aGBKFileIsShownAsGBKAndABadCellIsExplainedInChinese(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let session = try await signIn(client, "analyst")
            let text = "dataelement,period,orgunit,value,comment\nvisits,202602,A1,3,入户\nvisits,202602,A2,三,入户\n"
            let gbk = try #require(TextEncoding.gbk.encode(text))
            let dry = try await Self.upload(client, session, name: "访视.csv", gbk)
            #expect(dry.status == .unprocessableContent)
            #expect(dry.text.contains("文件编码：GBK"))
            #expect(dry.text.contains("访视.csv：1个问题，没有导入任何数据"), "\(dry.text)")
            #expect(dry.text.contains("<td>第3行，“value”列</td>"))
            #expect(dry.text.contains("不是数字"))
            // Fixed, it imports, the comment read as GBK.
            let fixed = try #require(TextEncoding.gbk.encode(text.replacingOccurrences(of: ",三,", with: ",5,")))
            let ok = try await Self.upload(client, session, name: "访视.csv", fixed)
            #expect(ok.status == .ok)
            let id = try #require(Self.pendingID(ok.text))
            let applied = try await Self.apply(client, session, id: id)
            #expect(applied.status == .ok)
            #expect(try fixture.stored("visits", "", "A2", "202602")?.value == 5)
            #expect(try fixture.stored("visits", "", "A1", "202602")?.comment == "入户")
        }
    }

    @Test(arguments: TestBackend.available)
    func aWideSheetIsReadWithThePeriodAndTheColumnsChosenOnThePage(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        @Sendable func workbook(_ female: WorkbookValue) throws -> [UInt8] {
            let path = fixture.directory.appendingPathComponent("出生-\(UUID().uuidString).xlsx").path
            try WorkbookWriter.write(
                [
                    WorkbookSheet(
                        name: "出生", header: ["单位代码", "单位名称", "出生数（男）", "出生数（女）"],
                        rows: [
                            [.text("A1"), .text("甲一村"), .number(3), .number(2)],
                            [.text("A2"), .text("甲二村"), .number(1), female],
                        ])
                ], to: path)
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let columns = "单位代码,orgunit\n单位名称,\n出生数（男）,births.male\n出生数（女）,births.female"
        try await fixture.application.test(.router) { client in
            let session = try await signIn(client, "analyst")
            func upload(_ bytes: [UInt8]) async throws -> TestResponse {
                try await client.execute(
                    uri: "/import", method: .post, headers: Self.headers(session.cookie),
                    body: Self.multipart(
                        [("csrf", session.csrf), ("layout", "wide"), ("period", "202602"), ("columns", columns)],
                        file: ("出生.xlsx", bytes)))
            }
            let bad = try await upload(try workbook(.text("两")))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("<td>工作表“出生”，单元格 D3</td>"), "\(bad.text)")
            // A refused file does not remember its mapping; the form proposes nothing yet.
            let empty = try await client.execute(uri: "/import", method: .get, headers: [.cookie: session.cookie])
            #expect(empty.text.contains("<textarea name=\"columns\" id=\"columns\" rows=\"4\"></textarea>"))
            #expect(bad.text.contains("不是数字"))
            #expect(!bad.text.contains("文件编码"), "a workbook has no text encoding")
            let good = try await upload(try workbook(.number(4)))
            #expect(good.status == .ok, "\(good.text)")
            #expect(good.text.contains("<tr><th>新增</th><td class=\"n\">4</td></tr>"))
            // The mapping of the importable sheet is proposed for the analyst's next file.
            let next = try await client.execute(uri: "/import", method: .get, headers: [.cookie: session.cookie])
            #expect(
                next.text.contains(
                    "<textarea name=\"columns\" id=\"columns\" rows=\"4\">出生数（女）,births.female\n出生数（男）,births.male\n单位代码,orgunit\n单位名称,\n</textarea>"
                ), "\(next.text)")
            let id = try #require(Self.pendingID(good.text))
            let applied = try await Self.apply(client, session, id: id)
            #expect(applied.status == .ok)
            #expect(try fixture.stored("births", "female", "A2", "202602")?.value == 4)
        }
    }

    @Test(arguments: TestBackend.available)
    func theAPIDryRunsAndImportsWithTheFingerprint(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            var headers = fixture.bearer("analyst")
            headers[.contentType] = "text/csv"
            let dry = try await client.execute(
                uri: "/api/import?name=births.csv&dry_run=true", method: .post, headers: headers,
                body: body(Self.file))
            #expect(dry.status == .ok, "\(dry.text)")
            #expect(dry.json["new"] as? Int == 2)
            #expect(dry.json["encoding"] as? String == "UTF-8")
            let fingerprint = try #require(dry.json["fingerprint"] as? String)
            let wrong = try await client.execute(
                uri: "/api/import?name=births.csv&dry_run=false&fingerprint=0", method: .post, headers: headers,
                body: body(Self.file))
            #expect(wrong.status == .conflict)
            #expect(wrong.errorCode == "import.changed")
            let done = try await client.execute(
                uri: "/api/import?name=births.csv&dry_run=false&fingerprint=\(fingerprint)", method: .post,
                headers: headers, body: body(Self.file))
            #expect(done.status == .ok, "\(done.text)")
            #expect(done.json["dry_run"] as? Bool == false)
            #expect(try fixture.stored("births", "female", "A2", "202602")?.value == 4)
            let outside = try await client.execute(
                uri: "/api/import?name=v.csv", method: .post, headers: headers,
                body: body("dataelement,period,orgunit,value\nvisits,202602,B1,4\n"))
            #expect(outside.status == .unprocessableContent)
            #expect(outside.errorCode == "import.outsideSubtree")
            let problems = ((outside.json["error"] as? [String: Any])?["details"] as? [String: Any])?["problems"]
            #expect((problems as? [[String: Any]])?.first?["line"] as? Int == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func filesNamingElementsUnitsAndCombosByNameImportOnThePageAndThroughTheAPI(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        let byName = "dataelement,period,orgunit,categoryoptioncombo,value\n出生数,202602, 甲一村 ,Female,7\n"
        try await fixture.application.test(.router) { client in
            let session = try await signIn(client, "analyst")
            let page = try await client.execute(uri: "/import", method: .get, headers: [.cookie: session.cookie])
            #expect(page.text.contains("<select name=\"id_scheme\"><option value=\"code\">代码</option>"))
            let dry = try await client.execute(
                uri: "/import", method: .post, headers: Self.headers(session.cookie, language: "en"),
                body: Self.multipart(
                    [("csrf", session.csrf), ("id_scheme", "name")], file: ("names.csv", Array(byName.utf8))))
            #expect(dry.status == .ok, "\(dry.text)")
            let id = try #require(Self.pendingID(dry.text))
            let applied = try await Self.apply(client, session, id: id, language: "en")
            #expect(applied.status == .ok, "\(applied.text)")
            #expect(try fixture.stored("births", "female", "A1", "202602")?.value == 7)

            var headers = fixture.bearer("analyst")
            headers[.contentType] = "text/csv"
            let api = try await client.execute(
                uri: "/api/import?name=names.csv&id_scheme=name", method: .post, headers: headers,
                body: body("dataelement,period,orgunit,value\nHome visits,202602,乙一村,3\n"))
            #expect(api.status == .unprocessableContent)
            #expect(api.errorCode == "import.outsideSubtree", "a unit found by name is checked as one found by code")
            let codes = try await client.execute(
                uri: "/api/import?name=names.csv&id_scheme=name", method: .post, headers: headers,
                body: body("dataelement,period,orgunit,value\nvisits,202602,A1,3\n"))
            #expect(codes.errorCode == "import.unknownElement", "a code is not a name")
            let uid = try await client.execute(
                uri: "/api/import?name=names.csv&id_scheme=uid", method: .post, headers: headers,
                body: body(byName))
            #expect(uid.status == .badRequest)
            #expect(uid.text.contains("id_scheme：应为 code 或 name"))
        }
    }

    @Test(arguments: TestBackend.available)
    func hostileUploadsAreRefused(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let session = try await signIn(client, "analyst")
            // Larger than the limit.
            let large = [UInt8](repeating: 65, count: BodyLimit.upload + 1)
            let tooLarge = try await Self.upload(client, session, large)
            #expect(tooLarge.status == .contentTooLarge)
            // Without the session's CSRF token.
            let noToken = try await client.execute(
                uri: "/import", method: .post, headers: Self.headers(session.cookie),
                body: Self.multipart([], file: ("births.csv", Array(Self.file.utf8))))
            #expect(noToken.status == .forbidden)
            #expect(noToken.text.contains("CSRF"))
            // A boundary that is not the body's, or none at all.
            for contentType in [
                "multipart/form-data; boundary=other", "multipart/form-data",
                "multipart/form-data; boundary=\(String(repeating: "x", count: 71))",
            ] {
                let bad = try await client.execute(
                    uri: "/import", method: .post, headers: [.contentType: contentType, .cookie: session.cookie],
                    body: Self.multipart([("csrf", session.csrf)], file: ("births.csv", Array(Self.file.utf8))))
                #expect(bad.status == .badRequest, "\(contentType)")
                #expect(bad.text.contains("上传的表单格式不对"), "\(contentType)")
            }
            // Nothing was kept of any of them.
            #expect(fixture.server.uploads.count == 0)
            // An apply naming another user's upload, or none.
            let dry = try await Self.upload(client, session, Array(Self.file.utf8))
            let id = try #require(Self.pendingID(dry.text))
            let clerk = try await signIn(client, "clerk")
            let stolen = try await Self.apply(client, clerk, id: id)
            #expect(stolen.status == .notFound)
        }
    }

    // MARK: The multipart reader

    static func parts(_ text: String, boundary: String = "b") throws -> [Multipart.Part] {
        try Multipart(Array(text.utf8), boundary: boundary).parts
    }

    @Test func theMultipartReaderReadsFieldsAndAFile() throws {
        let parts = try Self.parts(
            "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\Users\\\\x\\\\出生;1.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\na,b\r\n--bb\r\n\r\n--b--\r\n")
        #expect(parts.count == 2)
        #expect(parts[0] == Multipart.Part(name: "csrf", filename: nil, body: Array("abc".utf8)))
        #expect(parts[1].filename == "出生;1.csv", "the path is dropped, a quoted ';' kept")
        #expect(parts[1].body == Array("a,b\r\n--bb\r\n".utf8), "a line that only begins like the boundary is data")
    }

    @Test(arguments: [
        "", "--b", "--b\r\n", "--c\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--c--",
        "--bX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b",
        "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nx\r\n--b--",
        "preamble\r\n--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--",
    ])
    func theMultipartReaderRefusesMalformedBodies(_ text: String) {
        #expect(throws: ServerError.self) { try Self.parts(text) }
    }

    @Test func theMultipartReaderBoundsPartsAndHeaders() throws {
        let part = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n"
        #expect(
            try Self.parts(String(repeating: part, count: Multipart.maxParts) + "--b--").count == Multipart.maxParts)
        #expect(throws: ServerError.self) {
            try Self.parts(String(repeating: part, count: Multipart.maxParts + 1) + "--b--")
        }
        let longHeader =
            "--b\r\nX-Padding: \(String(repeating: "p", count: Multipart.maxHeaderBytes))\r\n"
            + "Content-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--"
        #expect(throws: ServerError.self) { try Self.parts(longHeader) }
        // Invalid UTF-8 in the headers.
        var bytes = Array("--b\r\nContent-Disposition: form-data; name=\"".utf8) + [0xFF, 0xFE]
        bytes += Array("\"\r\n\r\nx\r\n--b--".utf8)
        #expect(throws: ServerError.self) { try Multipart(bytes, boundary: "b") }
    }

    @Test(arguments: [
        ("multipart/form-data; boundary=abc", "abc"), ("multipart/form-data; boundary=\"a b:c\"", "a b:c"),
        ("Multipart/Form-Data; charset=utf-8; BOUNDARY=x", "x"),
    ])
    func theBoundaryIsReadFromTheContentType(_ contentType: String, _ expected: String) throws {
        #expect(try Multipart.boundary(contentType: contentType) == expected)
    }

    @Test(arguments: [
        nil, "text/csv", "multipart/form-data", "multipart/form-data; boundary=",
        "multipart/form-data; boundary=a\u{0}b",
        "multipart/form-data; boundary=\"ab \"", "multipart/form-data; boundary=<>",
    ])
    func aBadBoundaryIsRefused(_ contentType: String?) {
        #expect(throws: ServerError.self) { try Multipart.boundary(contentType: contentType) }
    }
}
