internal import Foundation
internal import Hummingbird
internal import HummingbirdCore
internal import Logging
internal import Tally
internal import TallyCore
internal import TallyRender
internal import TallyStore
internal import TallyText

/// A report named in a request: `POST /api/approvals/{action}`'s JSON body, the forms' fields.
struct ReportRequestBody: Decodable, Sendable {
    var dataset: String
    var orgunit: String
    var period: String
    var comment: String?
}

/// Submission and approval, shared by the API (`/api/approvals`) and the pages (`/approvals`, the entry form's
/// submit button): the report resolved once by Tally, checked inside the user's subtree, acted on by Tally, the
/// step logged.
enum Approvals {
    /// The report a request names, resolved once (``Workspace/report(dataset:orgUnit:period:)``) and inside the
    /// user's subtree.
    static func report(
        _ body: ReportRequestBody, identity: Identity, workspace: Workspace
    ) throws -> ReportRef {
        let report: ReportRef
        do {
            report = try workspace.report(dataset: body.dataset, orgUnit: body.orgunit, period: body.period)
        } catch {
            throw ServerError(error)
        }
        try Access.inside(report.unit, identity: identity, tree: workspace.tree)
        return report
    }

    /// Does `request` to the report, as `identity`; logs the step.
    static func act(
        _ request: ReportRequest, _ body: ReportRequestBody, identity: Identity, server: ServerEnvironment,
        logger: Logger
    ) async throws -> (ReportRef, ReportState, Workspace) {
        let workspace = try await server.backend.read { $0 }
        let report = try report(body, identity: identity, workspace: workspace)
        let time = server.configuration.clock()
        let state: ReportState
        do {
            state = try await server.backend.account { accounts in
                try workspace.act(
                    request, on: report, comment: body.comment ?? "", by: identity.user, time: time,
                    accounts: accounts)
            }
        } catch let error as ReportError {
            throw ServerError(error)
        }
        logger.notice(
            "report \(request.rawValue)",
            metadata: [
                "user": "\(LogText.escaped(identity.name))", "dataset": "\(report.dataset.code)",
                "orgunit": "\(workspace.tree.units[report.unit].code)", "period": "\(report.period.identifier)",
            ])
        return (report, state, workspace)
    }

    /// A report's state as JSON: the stage, the approval steps, what the user may do, and every event.
    static func json(
        _ report: ReportRef, _ state: ReportState, workspace: Workspace, identity: Identity, today: Day
    ) -> JSONValue {
        .object([
            ("dataset", .string(report.dataset.code)),
            ("orgunit", .string(workspace.tree.units[report.unit].code)),
            ("period", .string(report.period.identifier)),
            ("state", .string(state.stage.rawValue)),
            ("approvals", .int(state.approvals)),
            ("approval_levels", .array(report.dataset.approvalLevels.map { .int($0) })),
            ("locked", .bool(state.isLocked)),
            ("submitted_at", state.submission.map { .number(Double($0.at)) } ?? .null),
            (
                "allowed",
                .array(
                    workspace.allowedRequests(on: report, state: state, by: identity.user, today: today).map {
                        .string($0.rawValue)
                    })
            ),
            (
                "events",
                .array(
                    state.events.map { event in
                        .object([
                            ("action", .string(event.action.rawValue)), ("by", .string(event.by)),
                            ("at", .number(Double(event.at))), ("comment", .string(event.comment)),
                        ])
                    })
            ),
        ])
    }

    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        let api = router.group("api")
        api.get("approvals") { request, context -> Response in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            let body = ReportRequestBody(
                dataset: q.get("dataset") ?? "", orgunit: q.get("orgunit") ?? "", period: q.get("period") ?? "")
            let today = server.today
            let answer = try await server.backend.read { workspace in
                let report = try Approvals.report(body, identity: identity, workspace: workspace)
                let state = try workspace.reportState(report, accounts: server.backend.accounts)
                return Approvals.json(report, state, workspace: workspace, identity: identity, today: today)
            }
            return Reply.json(answer)
        }
        for request in ReportRequest.allCases {
            api.post("approvals/\(request.rawValue)") { http, context -> Response in
                let identity = try context.requireIdentity()
                let body = try await http.decode(as: ReportRequestBody.self, context: context, limit: BodyLimit.small)
                let (report, state, workspace) = try await act(
                    request, body, identity: identity, server: server, logger: context.logger)
                let today = server.today
                return Reply.json(json(report, state, workspace: workspace, identity: identity, today: today))
            }
        }

        router.get("approvals") { request, context -> Response in
            let identity = try context.requireIdentity()
            let done = request.uri.queryParameters.get("done") != nil
            return Reply.html(
                try await render(identity: identity, server: server, language: context.language, done: done))
        }

        // The pages' buttons: the entry form's submit, the approvals page's approve / accept / return.
        router.post("approvals") { request, context -> Response in
            var request = request
            let identity = try context.requireIdentity()
            let fields = FormData(String(buffer: try await request.collectBody(upTo: BodyLimit.small))).dictionary
            guard let action = fields["action"].flatMap(ReportRequest.init(rawValue:)) else {
                throw ServerError.badRequest(
                    Localized(
                        zh: "action：应为 \(ReportRequest.allCases.map(\.rawValue).joined(separator: "、"))",
                        en: "action: expected one of \(ReportRequest.allCases.map(\.rawValue).joined(separator: ", "))")
                )
            }
            let body = ReportRequestBody(
                dataset: fields["dataset"] ?? "", orgunit: fields["orgunit"] ?? "", period: fields["period"] ?? "",
                comment: fields["comment"])
            let (report, _, workspace) = try await act(
                action, body, identity: identity, server: server, logger: context.logger)
            if fields["back"] == "entry" {
                return Reply.redirect(
                    "/entry?dataset=\(report.dataset.code.addingURLQueryEncoding)&orgunit=\(workspace.tree.units[report.unit].code.addingURLQueryEncoding)&period=\(report.period.identifier.addingURLQueryEncoding)&done=1"
                )
            }
            return Reply.redirect("/approvals?done=1")
        }
    }

    /// The approvals page: the reports of the user's subtree waiting for the user's step, each with approve (or
    /// accept) and return-with-comment.
    static func render(
        identity: Identity, server: ServerEnvironment, language: Language, done: Bool
    ) async throws -> String {
        let t = { (label: Label) in label.text(language) }
        let today = server.today
        let workspace = try await server.backend.read { $0 }
        let pending = try await server.backend.account { accounts in
            try workspace.pendingReports(for: identity.user, today: today, accounts: accounts)
        }
        let tree = workspace.tree
        var body = done ? "<p class=\"ok\" role=\"status\">\(t(.approvalRecorded).html)</p>" : ""
        body += "<section id=\"pending\"><h2>\(t(.approvalsHeading).html)</h2>"
        guard !pending.isEmpty else {
            body += "<p id=\"pending-none\">\(t(.approvalsNone).html)</p></section>"
            return Page.frame(
                title: t(.approvalsMenu), language: language, identity: identity, path: "/approvals", body: body)
        }
        body += "<ul class=\"reports\">"
        for (report, state) in pending {
            let code = tree.units[report.unit].code
            let entry =
                "/entry?dataset=\(report.dataset.code.addingURLQueryEncoding)&orgunit=\(code.addingURLQueryEncoding)&period=\(report.period.identifier.addingURLQueryEncoding)"
            let fields = hiddenFields(report, code: code, identity: identity)
            let step: ReportRequest = state.approvals == 0 ? .approve : .accept
            let last = state.approvalEvents.last ?? state.submission
            let who =
                last.map { "\(t($0.action.label)) · \($0.by) · \(workspace.metadata.timeZone.minute(of: $0.at))" } ?? ""
            body += """
                <li class="report" data-report="\(report.dataset.code.html) \(code.html) \(report.period.identifier.html)">
                <p><a href="\(entry.html)">\(tree.units[report.unit].name(language).html) · \(report.dataset.name.text(language).html) · \(report.period.identifier.html)</a>
                <span class="stage stage-\(state.stage.rawValue)">\(t(state.stage.label).html)</span> <span class="muted">\(who.html)</span></p>
                <form class="inline" method="post" action="/approvals">\(fields)
                <button type="submit" name="action" value="\(step.rawValue)">\(t(step == .approve ? .approveReport : .acceptReport).html)</button></form>
                <form class="return" method="post" action="/approvals">\(fields)
                <label>\(t(.returnComment).html) <input name="comment" maxlength="\(Workspace.maximumReportComment)" required></label>
                <button type="submit" name="action" value="return">\(t(.returnReport).html)</button></form>
                </li>
                """
        }
        body += "</ul></section>"
        return Page.frame(
            title: t(.approvalsMenu), language: language, identity: identity, path: "/approvals", body: body)
    }

    /// The fields every approval form carries: the session's CSRF token and the report.
    static func hiddenFields(_ report: ReportRef, code: String, identity: Identity) -> String {
        """
        <input type="hidden" name="csrf" value="\(identity.session?.csrfToken.html ?? "")">
        <input type="hidden" name="dataset" value="\(report.dataset.code.html)">
        <input type="hidden" name="orgunit" value="\(code.html)">
        <input type="hidden" name="period" value="\(report.period.identifier.html)">
        """
    }

    /// The entry form's parts: above the values, where the report stands, the latest return's comment and a
    /// clerk's lock; below them, the buttons the user may press (submit for the clerk; approve, return, undo for
    /// an approver) and the history of its steps.
    static func entrySection(
        _ report: ReportRef, _ state: ReportState, workspace: Workspace, identity: Identity, today: Day,
        language: Language
    ) -> (above: String, below: String) {
        let t = { (label: Label) in label.text(language) }
        let code = workspace.tree.units[report.unit].code
        var html =
            "<section id=\"report-state\" data-stage=\"\(state.stage.rawValue)\"><p>\(t(.reportState).html): <strong class=\"stage stage-\(state.stage.rawValue)\">\(t(state.stage.label).html)</strong></p>"
        if let returned = state.returned, state.stage == .returned {
            html +=
                "<p class=\"warning\" id=\"returned-comment\">\(t(.returnReport).html) · \(returned.by.html) · \(workspace.metadata.timeZone.minute(of: returned.at).html)：\(returned.comment.html)</p>"
        }
        if identity.user.role == .clerk, state.isLocked, let approval = state.approvalEvents.last {
            html +=
                "<p class=\"warning\" id=\"locked\" role=\"status\">\(Label.reportLockedNote.text(language, approval.by, workspace.metadata.timeZone.day(of: approval.at).description, t(approval.action.label)).html)</p>"
        }
        let above = html + "</section>"
        html = "<section id=\"report-actions\">"
        let allowed = workspace.allowedRequests(on: report, state: state, by: identity.user, today: today)
        if !allowed.isEmpty {
            html += """
                <form class="approval" method="post" action="/approvals">\(hiddenFields(report, code: code, identity: identity))
                <input type="hidden" name="back" value="entry">
                """
            if allowed.contains(.return) {
                html +=
                    "<label>\(t(.returnComment).html) <input name=\"comment\" maxlength=\"\(Workspace.maximumReportComment)\"></label> "
            }
            for request in allowed {
                html +=
                    "<button type=\"submit\" name=\"action\" value=\"\(request.rawValue)\" id=\"report-\(request.rawValue)\">\(t(request.buttonLabel).html)</button> "
            }
            html += "</form>"
            if allowed.contains(.submit) { html += "<p class=\"muted\">\(t(.submitHint).html)</p>" }
        }
        if !state.events.isEmpty {
            html += "<details><summary>\(t(.approvalHistory).html)</summary><ul>"
            for event in state.events.reversed() {
                let comment = event.comment.isEmpty ? "" : "：\(event.comment)"
                html +=
                    "<li>\(workspace.metadata.timeZone.minute(of: event.at).html) · \(event.by.html) · \(t(event.action.label).html)\(comment.html)</li>"
            }
            html += "</ul></details>"
        }
        return (above, html + "</section>")
    }
}

extension ReportRequest {
    /// The button's label.
    var buttonLabel: Label {
        switch self {
        case .submit: .submitReport
        case .approve: .approveReport
        case .return: .returnReport
        case .accept: .acceptReport
        case .unapprove: .unapproveReport
        }
    }
}

extension ServerError {
    /// The HTTP answer to a refused submission or approval: 404 for what does not exist, 403 for who may not, 409
    /// for a report that does not stand where the request needs it, 400 for the rest.
    init(_ error: ReportError) {
        switch error.code {
        case .unknownDataset, .unknownOrgUnit: self.init(.notFound, error.errorCode, error.sentence)
        case .notAllowed: self.init(.forbidden, error.errorCode, error.sentence)
        case .wrongStage, .changed: self.init(.conflict, error.errorCode, error.sentence)
        case .badPeriod, .notReporting, .noApproval, .badComment:
            self.init(.badRequest, error.errorCode, error.sentence)
        }
    }
}
