internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import Logging
internal import Tally
internal import TallyCore
internal import TallyIO
internal import TallyInterchange
internal import TallyRender
internal import TallyStore
internal import TallyText

/// The import page (`/import`): a data file uploaded in any format `tally import` reads, checked by a dry run
/// confined to the user's subtree (what it would add, change and delete, or every problem by line or cell), kept
/// in ``PendingUploads`` and imported when the user confirms — refused when the values it touches changed in
/// between. `POST /api/import` does the same for programs, the file in the body. Every step is one call of
/// `Workspace` (`checkUpload`, `applyUpload`, which decide what the user may write);
/// the page only parses the form and renders.
///
/// With script, `/static/tally.js` sends either form itself with ``jobHeader``: it shows the upload's progress, the
/// server answers 202 at once and runs the step as one of ``ImportJobs``, the page shows the server's reading
/// (`GET /api/import/jobs/{id}`) and then opens the step's page (`GET /import/jobs/{id}`), the same page the plain
/// form POST answers.
enum ImportPage {
    static let path = "/import"
    static let applyPath = "/import/apply"
    /// Where a job's page is (`/import/jobs/{id}`).
    static let jobPath = "/import/jobs"
    /// The header with which the page's script asks for a step to run as a job.
    static let jobHeader = HTTPField.Name("X-Tally-Job")!

    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.get("import") { _, context -> Response in
            let identity = try context.requireIdentity()
            return Reply.html(
                render(
                    identity: identity, server: server, language: context.language,
                    columns: try await proposedColumns(identity, server)))
        }

        router.post("import") { request, context -> Response in
            var request = request
            let identity = try context.requireIdentity()
            let body = try await request.collectBody(upTo: BodyLimit.upload)
            let form = try Multipart(
                [UInt8](buffer: body), boundary: try Multipart.boundary(contentType: request.headers[.contentType]))
            let language = context.language
            guard let file = form.file, let name = uploadName(file.filename), !file.body.isEmpty else {
                throw ServerError.badRequest(
                    Localized(zh: "请选择要上传的文件", en: "choose a file to upload"), code: "import.noFile")
            }
            let format = try format(form["format"])
            let schemes = try schemes(form["id_scheme"])
            let options = try workbookOptions(form, server: server)
            let (id, stored) = try server.uploads.store(file.body, name: name)
            let upload = DataUpload(
                name: name, path: stored, format: format, workbook: options, schemes: schemes)
            return try await answer(request, context, server: server, file: name, applies: false) { progress in
                let now = server.configuration.clock()
                let check: UploadCheck
                do {
                    check = try await server.heavy.run {
                        try await server.backend.write { workspace in
                            try workspace.checkUpload(
                                upload, by: identity.user, policy: server.configuration.policy,
                                accounts: server.accounts.store, time: now, progress: progress)
                        }
                    }
                } catch {
                    // Busy, or the store failed: nothing is kept.
                    try? FileManager.default.removeItem(atPath: stored)
                    throw error
                }
                var pending: String?
                switch check.outcome {
                case .ready(_, let fingerprint):
                    server.uploads.add(
                        PendingUploads.Entry(
                            id: id, owner: identity.name, upload: upload, fingerprint: fingerprint, created: now),
                        now: now)
                    pending = id
                case .refused:
                    try? FileManager.default.removeItem(atPath: stored)
                }
                return ImportJobs.Finished(
                    html: render(
                        identity: identity, server: server, language: language,
                        result: result(check, pending: pending, identity: identity, language: language),
                        refused: pending == nil, columns: try await proposedColumns(identity, server)),
                    status: pending == nil ? .unprocessableContent : .ok)
            }
        }

        router.post("import/apply") { request, context -> Response in
            var request = request
            let identity = try context.requireIdentity()
            let fields = FormData(String(buffer: try await request.collectBody(upTo: BodyLimit.small))).dictionary
            let language = context.language
            let now = server.configuration.clock()
            guard let id = fields["upload"], let entry = server.uploads.entry(id, owner: identity.name, now: now)
            else {
                throw ServerError(
                    .notFound, "import.expired",
                    Localized(
                        zh: "这次上传已过期或已导入；请重新上传文件并试导入",
                        en: "this upload has expired or was imported; upload the file again and run the dry run"))
            }
            let logger = context.logger
            return try await answer(request, context, server: server, file: entry.upload.name, applies: true) {
                progress in
                defer { server.uploads.remove(entry.id) }
                return try await apply(
                    entry, identity: identity, server: server, language: language, now: now, logger: logger,
                    progress: progress)
            }
        }
    }

    /// Imports an upload whose dry run the user saw: the import page with what was imported, or with why not.
    static func apply(
        _ entry: PendingUploads.Entry, identity: Identity, server: ServerEnvironment, language: Language, now: Int64,
        logger: Logger, progress: (@Sendable (UploadProgress) -> Void)?
    ) async throws -> ImportJobs.Finished {
        let html: String
        do {
            let summary = try await server.heavy.run {
                try await server.backend.write(reload: { _ in true }) { workspace in
                    try workspace.applyUpload(
                        entry.upload, by: identity.user, policy: server.configuration.policy,
                        accounts: server.accounts.store, time: now,
                        fingerprint: entry.fingerprint, progress: progress)
                }
            }
            logger.notice(
                "data imported",
                metadata: [
                    "by": "\(LogText.escaped(identity.name))", "file": "\(LogText.escaped(entry.upload.name))",
                    "rows": "\(summary.rows)",
                ])
            html = """
                <section id="result"><p class="saved" role="status" id="imported">\(Label.importedNotice.text(language, summary.file).html)</p>
                \(table(summary, language))</section>
                """
        } catch let error as ImportError {
            return ImportJobs.Finished(
                html: render(
                    identity: identity, server: server, language: language,
                    result: "<section id=\"result\">\(problems(error, language))</section>", refused: true),
                status: .unprocessableContent)
        } catch let error as UploadChangedError {
            let refusal = ServerError(error)
            return ImportJobs.Finished(
                html: render(
                    identity: identity, server: server, language: language,
                    result:
                        "<p class=\"error\" role=\"alert\" id=\"refusal\">\(refusal.message(language).html)</p>",
                    refused: true),
                status: refusal.status)
        }
        return ImportJobs.Finished(
            html: render(identity: identity, server: server, language: language, result: html), status: .ok)
    }

    /// Runs a step of the page (`step`, told how far the server has read the file when it can be): at once for a
    /// plain form POST, answering its page; as one of ``ImportJobs`` when the page's script asks (``jobHeader``),
    /// answering 202 with where to follow it (`{"job", "progress", "page"}`).
    static func answer(
        _ request: Request, _ context: TallyRequestContext, server: ServerEnvironment, file: String, applies: Bool,
        _ step: @escaping @Sendable ((@Sendable (UploadProgress) -> Void)?) async throws -> ImportJobs.Finished
    ) async throws -> Response {
        guard request.headers[jobHeader] != nil else {
            let page = try await step(nil)
            return Reply.html(page.html, status: page.status)
        }
        let identity = try context.requireIdentity()
        let (jobs, language, logger) = (server.jobs, context.language, context.logger)
        let id = try jobs.start(owner: identity.name, file: file, applies: applies, now: server.configuration.clock())
        Task {
            let page: ImportJobs.Finished
            do {
                page = try await step { jobs.report(id, $0) }
            } catch {
                let refusal = ErrorMiddleware.refusal(error, logger: logger)
                page = ImportJobs.Finished(
                    html: Page.error(refusal, language: language, identity: identity), status: refusal.status)
            }
            jobs.finish(id, html: page.html, status: page.status, now: server.configuration.clock())
        }
        return Reply.json(
            .object([
                ("job", .string(id)), ("progress", .string("/api/import/jobs/\(id)")),
                ("page", .string("\(jobPath)/\(id)")),
            ]), status: .accepted)
    }

    /// `GET /import/jobs/{id}`: the page a step ended with; while it runs, how far it has come, asked again in two
    /// seconds. `GET /api/import/jobs/{id}`: how far it has come (``ImportJobs/Job/json(_:)``).
    static func addJobs(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        @Sendable func job(_ context: TallyRequestContext) throws -> ImportJobs.Job {
            let identity = try context.requireIdentity()
            guard let id = context.parameters.get("id"),
                let job = server.jobs.job(id, owner: identity.name, now: server.configuration.clock())
            else { throw ImportJobs.unknown }
            return job
        }
        router.get("import/jobs/:id") { _, context -> Response in
            let job = try job(context)
            if let page = job.page { return Reply.html(page.html, status: page.status) }
            let language = context.language
            var response = Reply.html(
                render(
                    identity: try context.requireIdentity(), server: server, language: language,
                    result: "<p id=\"job-progress\" role=\"status\">\(job.message(language).html)</p>"))
            response.headers[HTTPField.Name("Refresh")!] = "2"
            return response
        }
        router.get("api/import/jobs/:id") { _, context -> Response in
            Reply.json(try job(context).json(context.language))
        }
    }

    /// `POST /api/import?name=F[&format=…&dry_run=true|false&fingerprint=…&sheet=…&layout=…&period=…]`: the file
    /// in the body; a dry run answers what would change and the fingerprint to send with the import.
    static func addAPI(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.post("api/import") { request, context -> Response in
            var request = request
            let identity = try context.requireIdentity()
            let q = request.uri.parameterDictionary
            guard let name = uploadName(q["name"]) else {
                throw ServerError.badRequest(
                    Localized(
                        zh: "name：应为文件名，如 births.csv（用以判断格式）",
                        en: "name: expected the file's name, such as births.csv (it tells the format)"))
            }
            let dryRun = q["dry_run"].map { $0 != "false" } ?? true
            guard dryRun || q["fingerprint"] != nil else {
                throw ServerError.badRequest(
                    Localized(
                        zh: "fingerprint：导入时须给出试导入返回的 fingerprint",
                        en: "fingerprint: an import sends the fingerprint its dry run answered"))
            }
            let schemes = try schemes(q["id_scheme"])
            let body = try await request.collectBody(upTo: BodyLimit.upload)
            let (_, stored) = try server.uploads.store([UInt8](buffer: body), name: name)
            defer { try? FileManager.default.removeItem(atPath: stored) }
            var options = WorkbookOptions()
            options.sheet = try Access.canonical(q["sheet"], field: "sheet", as: .name).flatMap {
                $0.isEmpty ? nil : $0
            }
            if q["layout"] == "wide" { options.layout = .wide }
            options.period = try Access.canonical(q["period"], field: "period").flatMap { $0.isEmpty ? nil : $0 }
            let upload = DataUpload(
                name: name, path: stored, format: try format(q["format"]), workbook: options, schemes: schemes)
            let now = server.configuration.clock()
            if dryRun {
                let check = try await server.heavy.run {
                    try await server.backend.write { workspace in
                        try workspace.checkUpload(
                            upload, by: identity.user, policy: server.configuration.policy,
                            accounts: server.accounts.store, time: now)
                    }
                }
                switch check.outcome {
                case .ready(let summary, let fingerprint):
                    var answer = json(summary, encoding: check.encoding, fingerprint: fingerprint)
                    if case .object(var members) = answer {
                        let warnings = check.ruleWarnings.map { broken in
                            JSONValue.object([
                                ("rule", .string(broken.ruleBreak.rule.code)),
                                ("importance", .string(broken.ruleBreak.rule.importance.rawValue)),
                                ("org_unit", .string(broken.ruleBreak.orgUnit)),
                                ("period", .string(broken.ruleBreak.period.identifier)),
                                ("lines", .array(broken.lines.map { .int($0) })),
                                ("message", .string(broken.sentence(context.language))),
                            ])
                        }
                        members.append(("rule_warnings", .array(warnings)))
                        answer = .object(members)
                    }
                    return Reply.json(answer)
                case .refused(let error):
                    throw ServerError(error)
                }
            }
            let fingerprint = q["fingerprint"] ?? ""
            let summary = try await server.heavy.run {
                try await server.backend.write(reload: { _ in true }) { workspace in
                    try workspace.applyUpload(
                        upload, by: identity.user, policy: server.configuration.policy,
                        accounts: server.accounts.store, time: now, fingerprint: fingerprint)
                }
            }
            return Reply.json(json(summary, encoding: nil, fingerprint: nil))
        }
    }

    /// The column mapping the user chose for their last wide sheets, proposed in the form.
    static func proposedColumns(_ identity: Identity, _ server: ServerEnvironment) async throws -> String {
        let name = identity.name
        return try await server.backend.account { accounts in
            try Workspace.proposedColumns(user: name, accounts: accounts)
        }
    }

    /// The summary as the API answers it.
    static func json(_ summary: ImportSummary, encoding: TextEncoding?, fingerprint: String?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("file", .string(summary.file)), ("dry_run", .bool(summary.dryRun)), ("rows", .int(summary.rows)),
            ("new", .int(summary.new)), ("changed", .int(summary.changed)), ("unchanged", .int(summary.unchanged)),
            ("deleted", .int(summary.deleted)), ("absent", .int(summary.absent)), ("texts", .int(summary.texts)),
            ("skipped", .int(summary.skipped.reduce(0) { $0 + $1.places.count })),
        ]
        if let encoding { members.append(("encoding", .string(encodingName(encoding)))) }
        if let fingerprint { members.append(("fingerprint", .string(fingerprint))) }
        return .object(members)
    }

    /// The uploaded file's name: its canonical form (see `Canonical`) without a path, at most 200 characters;
    /// `nil` when there is none or it holds a refused character.
    static func uploadName(_ raw: String?) -> String? {
        guard let raw, let name = try? Canonical.canonical(raw, as: .name), !name.isEmpty, name.count <= 200,
            !name.contains("/"), !name.contains("\\")
        else { return nil }
        return name
    }

    /// The identifier scheme a form or query names (`id_scheme`): `code` (also when empty) or `name`. An upload has no
    /// mapping file, so DHIS2 UIDs are imported with `tally import --mapping F --id-scheme uid`.
    static func schemes(_ text: String?) throws -> IdentifierSchemes {
        switch text?.lowercased() ?? "" {
        case "", "code": return IdentifierSchemes()
        case "name": return try IdentifierSchemes(idScheme: "name")
        default:
            throw ServerError.badRequest(
                Localized(
                    zh: "id_scheme：应为 code 或 name；DHIS2 的 UID 请用 tally import --mapping 映射文件 --id-scheme uid 导入",
                    en:
                        "id_scheme: expected code or name; import DHIS2 UIDs with tally import --mapping FILE --id-scheme uid"
                ))
        }
    }

    /// The format a form or query names (`csv`, `dhis2-json`, `dxf2-xml`, `adx`, `xlsx`); `nil` (from the file's
    /// name) when empty.
    static func format(_ text: String?) throws -> DataFormat? {
        guard let text, !text.isEmpty else { return nil }
        guard let format = DataFormat(name: text) else {
            throw ServerError.badRequest(
                Localized(
                    zh: "format：应为 \(InterchangeFormat.names) 之一，或留空按文件名判断",
                    en: "format: expected one of \(InterchangeFormat.names), or nothing to tell it from the file's name"
                ))
        }
        return format
    }

    /// A workbook's sheet, layout, period and columns from the form.
    static func workbookOptions(_ form: Multipart, server: ServerEnvironment) throws -> WorkbookOptions {
        var options = WorkbookOptions()
        options.sheet = try Access.canonical(form["sheet"], field: "sheet", as: .name).flatMap { $0.isEmpty ? nil : $0 }
        if form["layout"] == "wide" { options.layout = .wide }
        options.period = try Access.canonical(form["period"], field: "period").flatMap { $0.isEmpty ? nil : $0 }
        let columns = (form["columns"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard options.layout == .wide, !columns.isEmpty else { return options }
        // The columns as the `title,element` file `tally import --columns` reads.
        let text = columns.lowercased().hasPrefix("title,element") ? columns : "title,element\n" + columns
        let (_, path) = try server.uploads.store(Array(text.utf8), name: "columns.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            options.columns = try WideColumns.read(path: path)
        } catch {
            throw ServerError(
                .unprocessableContent, error.errorCode,
                Localized.each { error.message($0).replacingOccurrences(of: path, with: "columns") })
        }
        return options
    }

    static func encodingName(_ encoding: TextEncoding) -> String { encoding.rawValue.uppercased() }

    /// The dry run's result as HTML: the encoding, the counts and the import button, or the problems.
    static func result(_ check: UploadCheck, pending: String?, identity: Identity, language: Language) -> String {
        var html = "<section id=\"result\">"
        if let encoding = check.encoding {
            html +=
                "<p id=\"encoding\">\(Label.encodingShown.text(language, encodingName(encoding)).html)</p>"
        }
        switch check.outcome {
        case .ready(let summary, _):
            html += "<h2>\(Label.dryRunHeading.text(language, summary.file).html)</h2>"
            html += table(summary, language)
            html += ruleWarnings(check.ruleWarnings, language)
            if check.rulesUnchecked {
                html += "<p class=\"warning\" id=\"rules-unchecked\">\(Label.rulesUnchecked.text(language).html)</p>"
            }
            if let pending {
                html += """
                    <p>\(Label.importReady.text(language).html)</p>
                    <form method="post" action="\(applyPath)" class="actions" data-job><input type="hidden" name="csrf" value="\(identity.session?.csrfToken.html ?? "")">
                    <input type="hidden" name="upload" value="\(pending.html)"><button type="submit" id="apply">\(Label.importNow.text(language).html)</button></form>
                    """
            }
        case .refused(let error):
            html += problems(error, language)
        }
        return html + "</section>"
    }

    /// The counts of a summary as a table.
    static func table(_ summary: ImportSummary, _ language: Language) -> String {
        var rows: [(Label, Int)] = [
            (.rowsRead, summary.rows), (.valuesNew, summary.new), (.valuesChanged, summary.changed),
            (.valuesUnchanged, summary.unchanged), (.valuesDeleted, summary.deleted),
        ]
        if summary.absent > 0 { rows.append((.valuesAbsent, summary.absent)) }
        let skipped = summary.skipped.reduce(0) { $0 + $1.places.count }
        if skipped > 0 { rows.append((.rowsSkipped, skipped)) }
        var html = "<table id=\"summary\">"
        for (label, count) in rows {
            html += "<tr><th>\(label.text(language).html)</th><td class=\"n\">\(Thousands.grouped(count))</td></tr>"
        }
        html += "</table>"
        for group in summary.skipped {
            html +=
                "<p class=\"muted skipped\">\(Label.skippedBecause.text(language, group.reasons(language), group.shown(language)).html)</p>"
        }
        return html
    }

    /// The validation rules of `medium` and `low` importance the values would break after the import, as a list
    /// of warnings (at most 50, then how many more); nothing when there are none.
    static func ruleWarnings(_ breaks: [ImportRuleBreak], _ language: Language) -> String {
        guard !breaks.isEmpty else { return "" }
        var html = """
            <h3 class="warning" id="rule-warnings-heading">\(Label.ruleWarningsHeading.text(language, Thousands.grouped(breaks.count)).html)</h3><ul id="rule-warnings">
            """
        for broken in breaks.prefix(50) { html += "<li>\(broken.sentence(language).html)</li>" }
        html += "</ul>"
        if breaks.count > 50 {
            html += "<p>\(Label.moreProblems.text(language, Thousands.grouped(breaks.count - 50)).html)</p>"
        }
        return html
    }

    /// The problems of a refused file: where each is (line or cell, column) and what is wrong, in `language`.
    static func problems(_ error: ImportError, _ language: Language) -> String {
        var html = """
            <h2 class="error" role="alert" id="problems-heading">\(Label.problemsHeading.text(language, error.file, Thousands.grouped(error.total)).html)</h2>
            <table class="problems" id="problems"><tr><th>\(Label.problemPlace.text(language).html)</th><th>\(Label.problemMessage.text(language).html)</th></tr>
            """
        for issue in error.issues {
            // The place without the file's name, which the heading gives.
            var place = issue.place(language)
            if place.hasPrefix(error.file) { place.removeFirst(error.file.count) }
            place = place.trimmingCharacters(in: CharacterSet(charactersIn: "，, "))
            html += "<tr><td>\((place.isEmpty ? "–" : place).html)</td><td>\(issue.details(language).html)</td></tr>"
        }
        html += "</table>"
        if error.total > error.issues.count {
            html +=
                "<p>\(Label.moreProblems.text(language, Thousands.grouped(error.total - error.issues.count)).html)</p>"
        }
        return html
    }

    /// The page: the upload form, under the result of the last step (HTML) when there is one; `refused` when that
    /// result refuses the file.
    static func render(
        identity: Identity, server: ServerEnvironment, language: Language, result: String? = nil,
        refused: Bool = false, columns: String = ""
    ) -> String {
        let t = { (label: Label) in label.text(language) }
        let tree = server.backend.workspace.tree
        let top = tree.units[identity.root]
        let formats = ["csv", "xlsx", "dhis2-json", "dxf2-xml", "adx"].map { "<option value=\"\($0)\">\($0)</option>" }
        var body = result ?? ""
        body += """
            <section id="upload"><h2>\((result == nil ? t(.importFile) : refused ? t(.uploadAgain) : t(.uploadAnother)).html)</h2>
            <p class="muted">\(Label.importHint.text(language, "\(top.name) (\(top.code))").html)</p>
            <form method="post" action="\(path)" enctype="multipart/form-data" class="stacked" data-job>
            <input type="hidden" name="csrf" value="\(identity.session?.csrfToken.html ?? "")">
            <p><label>\(t(.importFile).html)<br><input type="file" name="file" id="file" required accept=".csv,.txt,.xlsx,.json,.xml,.adx,.gz,.zip"></label></p>
            <p><label>\(t(.importFormat).html)<br><select name="format"><option value="">\(t(.formatFromName).html)</option>\(formats.joined())</select></label></p>
            <p><label>\(t(.importIdScheme).html)<br><select name="id_scheme"><option value="code">\(t(.idSchemeCode).html)</option><option value="name">\(t(.idSchemeName).html)</option></select></label></p>
            <details><summary>\(t(.workbookOptions).html)</summary>
            <p><label>\(t(.importSheet).html)<br><input name="sheet" maxlength="100"></label></p>
            <p><label>\(t(.importLayout).html)<br><select name="layout"><option value="long">\(t(.layoutLong).html)</option><option value="wide">\(t(.layoutWide).html)</option></select></label></p>
            <p><label>\(t(.importPeriod).html)<br><input name="period" maxlength="40"></label></p>
            <p><label>\(t(.importColumns).html)<br><textarea name="columns" id="columns" rows="4">\(columns.html)</textarea></label></p>
            </details>
            <p><button type="submit" id="dry-run">\(t(.dryRun).html)</button></p>
            </form></section>
            <div id="import-progress" role="status" aria-live="polite" hidden data-sending="\(t(.uploadSending).html)" data-failed="\(t(.uploadFailed).html)"><progress max="100"></progress> <span></span></div>
            """
        return Page.frame(title: t(.importData), language: language, identity: identity, path: path, body: body)
    }
}

extension ServerError {
    /// An upload's problems: 422 with each by line or cell (`line`, `sheet`, `column`, `code`, `message`).
    init(_ error: ImportError) {
        let details = Localized.each { language in
            let rows = error.issues.map { issue -> JSONValue in
                .object([
                    ("line", .int(issue.line)), ("sheet", .string(issue.sheet)), ("column", .string(issue.column)),
                    ("code", .string("import.\(issue.code.rawValue)")), ("message", .string(issue.details(language))),
                ])
            }
            return JSONValue.object([("problems", .array(rows)), ("total", .int(error.total))])
        }
        self.init(.unprocessableContent, error.errorCode, error.messages, localizedDetails: details)
    }

    /// An apply refused because the values changed since the dry run: 409.
    init(_ error: UploadChangedError) {
        self.init(.conflict, telling: error)
    }
}
