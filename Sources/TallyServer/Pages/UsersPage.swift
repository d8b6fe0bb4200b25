internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import Logging
internal import Tally
internal import TallyCore
internal import TallyStore
internal import TallyText

/// The admin's users page (`/admin/users`): the users of the admin's subtree, a form to add one (with a one-time
/// password, shown once), and for the user chosen (`?user=`) forms to change their display name, role and unit, to
/// disable or enable them, to reset their password, and their API tokens to revoke. Every action is one call of
/// ``Accounts`` (which checks the admin and the subtree); the page only parses the forms and renders.
enum UsersPage {
    static let path = "/admin/users"

    /// What a form on the page asks for.
    enum Action: String, CaseIterable {
        case add, change, disable, enable, reset, revoke
    }

    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.get("admin/users") { request, context -> Response in
            let identity = try context.requireIdentity()
            let q = request.uri.parameterDictionary
            let saved = q["saved"].flatMap(Action.init(rawValue:))
            return Reply.html(
                try await render(
                    chosen: q["user"], notice: saved.map { notice(for: $0, context.language).html }, identity: identity,
                    server: server, language: context.language))
        }

        router.post("admin/users") { request, context -> Response in
            var request = request
            let identity = try context.requireIdentity()
            let fields = FormData(String(buffer: try await request.collectBody(upTo: BodyLimit.small))).dictionary
            guard let action = fields["action"].flatMap(Action.init(rawValue:)) else {
                throw ServerError.badRequest(
                    Localized(
                        zh: "action：应为 \(Action.allCases.map(\.rawValue).joined(separator: "、"))",
                        en: "action: expected \(Action.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            do {
                return try await perform(action, fields, identity: identity, server: server, context: context)
            } catch let error as AccountError where action == .add {
                // The form again, as typed, under the reason.
                let refusal = ServerError(error)
                return Reply.html(
                    try await render(
                        chosen: nil, notice: nil, refusal: refusal, typed: fields, identity: identity, server: server,
                        language: context.language),
                    status: refusal.status)
            }
        }
    }

    /// Does what a form asks: the page to show, or where to go next.
    static func perform(
        _ action: Action, _ fields: [String: String], identity: Identity, server: ServerEnvironment,
        context: TallyRequestContext
    ) async throws -> Response {
        let name = fields["name"] ?? ""
        let tree = server.backend.workspace.tree
        let accounts = server.accounts
        let admin = identity.user
        let now = server.configuration.clock()
        switch action {
        case .add:
            let new = NewUser(
                name: name, displayName: fields["display_name"] ?? "", role: try role(fields["role"]),
                orgUnit: fields["orgunit"] ?? "")
            let (user, password) = try await server.backend.account { _ in
                try accounts.addUser(new, by: admin, tree: tree, now: now)
            }
            log(context, "user added", admin: admin, user: user.name)
            return Reply.html(
                try await render(
                    chosen: user.name,
                    notice: Label.userAdded.text(context.language).html + " "
                        + shown(password, of: user.name, context.language),
                    identity: identity, server: server, language: context.language))
        case .reset:
            let password = try await server.backend.account { _ in
                try accounts.resetPassword(name: name, by: admin, tree: tree)
            }
            let user = try Accounts.canonicalName(name)
            log(context, "password reset", admin: admin, user: user)
            return Reply.html(
                try await render(
                    chosen: user, notice: shown(password, of: user, context.language),
                    identity: identity, server: server, language: context.language))
        case .change:
            let role = try role(fields["role"])
            let user = try await server.backend.account { _ in
                try accounts.changeUser(
                    name: name, role: role, orgUnit: fields["orgunit"] ?? "",
                    displayName: fields["display_name"] ?? "", by: admin, tree: tree)
            }
            log(context, "user changed", admin: admin, user: user.name)
            return redirect(user.name, action)
        case .disable, .enable:
            let user = try await server.backend.account { _ in
                try accounts.setDisabled(name: name, disabled: action == .disable, by: admin, tree: tree)
            }
            log(context, action == .disable ? "user disabled" : "user enabled", admin: admin, user: user.name)
            return redirect(user.name, action)
        case .revoke:
            let id = fields["token"] ?? ""
            try await server.backend.account { _ in
                try accounts.revokeToken(name: name, id: id, by: admin, tree: tree)
            }
            let user = try Accounts.canonicalName(name)
            log(context, "API token revoked", admin: admin, user: user)
            return redirect(user, action)
        }
    }

    /// The sentence that shows a one-time password, as HTML: the password on one line, never broken.
    static func shown(_ password: String, of user: String, _ language: Language) -> String {
        Label.oneTimePassword.text(language, user.html, "<code class=\"otp\">\(password.html)</code>")
    }

    static func redirect(_ user: String, _ action: Action) -> Response {
        Reply.redirect("\(path)?user=\(user.addingURLQueryEncoding)&saved=\(action.rawValue)")
    }

    static func log(_ context: TallyRequestContext, _ what: String, admin: UserAccount, user: String) {
        context.logger.notice(
            "\(what)", metadata: ["by": "\(LogText.escaped(admin.name))", "user": "\(LogText.escaped(user))"])
    }

    /// The role a form names.
    static func role(_ text: String?) throws -> UserRole {
        guard let text, let role = UserRole(rawValue: text) else {
            throw ServerError.badRequest(
                Localized(
                    zh: "role：应为 admin、analyst 或 clerk，不是“\(LogText.escaped(text ?? "", length: 40))”",
                    en: "role: expected admin, analyst or clerk, not '\(LogText.escaped(text ?? "", length: 40))'"))
        }
        return role
    }

    static func notice(for action: Action, _ language: Language) -> String {
        switch action {
        case .add: Label.userAdded.text(language)
        case .change, .reset: Label.userChanged.text(language)
        case .disable: Label.userDisabled.text(language)
        case .enable: Label.userEnabled.text(language)
        case .revoke: Label.tokenRevoked.text(language)
        }
    }

    /// The name of a role in `language`.
    static func roleName(_ role: UserRole, _ language: Language) -> String {
        switch role {
        case .admin: Label.roleAdmin.text(language)
        case .analyst: Label.roleAnalyst.text(language)
        case .clerk: Label.roleClerk.text(language)
        }
    }

    /// The page; `notice` is HTML (escaped by the caller).
    static func render(
        chosen: String?, notice: String?, refusal: ServerError? = nil, typed: [String: String] = [:],
        identity: Identity, server: ServerEnvironment, language: Language
    ) async throws -> String {
        let t = { (label: Label) in label.text(language) }
        let tree = server.backend.workspace.tree
        let accounts = server.accounts
        let admin = identity.user
        let now = server.configuration.clock()
        let chosen = try chosen.flatMap { $0.isEmpty ? nil : try Accounts.canonicalName($0) }
        let (users, tokens) = try await server.backend.account { _ in
            let users = try accounts.managedUsers(by: admin, tree: tree)
            let tokens = try chosen.map { try accounts.managedTokens(name: $0, by: admin, tree: tree, now: now) }
            return (users, tokens)
        }
        let csrf = "<input type=\"hidden\" name=\"csrf\" value=\"\(identity.session?.csrfToken.html ?? "")\">"
        func unitName(_ code: String) -> String {
            tree.index[code].map { "\(tree.units[$0].name) (\(code))" } ?? code
        }
        func roleOptions(_ selected: UserRole) -> String {
            UserRole.allCases.map { role in
                "<option value=\"\(role.rawValue)\"\(role == selected ? " selected" : "")>\(roleName(role, language).html)</option>"
            }.joined()
        }
        var body = ""
        if let notice { body += "<p class=\"saved\" role=\"status\" id=\"notice\">\(notice)</p>" }
        if let refusal {
            body += """
                <p class="error" role="alert" id="refusal">\(refusal.message(language).html)</p>
                <p class="code">\(refusal.errorCode.html)</p>
                """
        }
        body += "<p class=\"muted\">\(Label.usersHint.text(language, unitName(admin.orgUnit)).html)</p>"
        // The units the admin may grant, for the unit fields.
        let subtree = tree.index[admin.orgUnit].map(tree.subtree) ?? 0..<0
        body += "<datalist id=\"units\">"
        for unit in subtree.prefix(2_000) {
            body += "<option value=\"\(tree.units[unit].code.html)\">\(tree.units[unit].name.html)</option>"
        }
        body += "</datalist>"
        if let chosen, let user = users.first(where: { $0.name == chosen }), let tokens {
            body += """
                <section id="user"><h2>\(user.name.html)\(user.displayName.isEmpty ? "" : " · " + user.displayName.html)</h2>
                <form method="post" action="\(path)" class="stacked">\(csrf)
                <input type="hidden" name="name" value="\(user.name.html)">
                <p><label>\(t(.displayName).html)<br><input name="display_name" value="\(user.displayName.html)" maxlength="\(Accounts.maximumDisplayNameLength)"></label></p>
                <p><label>\(t(.role).html)<br><select name="role">\(roleOptions(user.role))</select></label></p>
                <p><label>\(t(.pageOrgUnit).html)<br><input name="orgunit" value="\(user.orgUnit.html)" list="units" required></label></p>
                <p><button type="submit" name="action" value="change">\(t(.saveChanges).html)</button></p>
                </form>
                <form method="post" action="\(path)" class="actions">\(csrf)
                <input type="hidden" name="name" value="\(user.name.html)">
                <button type="submit" name="action" value="\(user.disabled ? "enable" : "disable")">\(t(user.disabled ? .enable : .disable).html)</button>
                <button type="submit" name="action" value="reset">\(t(.resetPassword).html)</button>
                </form>
                <h3>\(t(.apiTokens).html)</h3>
                """
            if tokens.isEmpty {
                body += "<p>\(t(.noTokens).html)</p>"
            } else {
                body +=
                    "<div class=\"wide\"><table><tr><th>\(t(.tokenLabel).html)</th><th>\(t(.created).html)</th><th>\(t(.expires).html)</th><th></th></tr>"
                for token in tokens {
                    body += """
                        <tr><td>\(token.label.html) <span class="muted">\(token.id.html)</span></td><td>\(Timestamp.format(token.created).html)</td><td>\(Timestamp.format(Accounts.end(of: token)).html)</td>
                        <td><form method="post" action="\(path)" class="inline">\(csrf)<input type="hidden" name="name" value="\(user.name.html)"><input type="hidden" name="token" value="\(token.id.html)"><button type="submit" name="action" value="revoke">\(t(.revoke).html)</button></form></td></tr>
                        """
                }
                body += "</table></div>"
            }
            body += "</section>"
        }
        body += """
            <section id="users"><h2>\(t(.users).html)</h2><div class="wide"><table>
            <tr><th>\(t(.userName).html)</th><th>\(t(.displayName).html)</th><th>\(t(.role).html)</th><th>\(t(.pageOrgUnit).html)</th><th>\(t(.pageStatus).html)</th></tr>
            """
        for user in users {
            var status = t(user.disabled ? .disabled : .enabled)
            if user.mustChangePassword { status += " · " + t(.mustChangeMark) }
            body += """
                <tr\(user.disabled ? " class=\"muted\"" : "")><td><a href="\(path)?user=\(user.name.addingURLQueryEncoding.html)">\(user.name.html)</a></td><td>\(user.displayName.html)</td><td>\(roleName(user.role, language).html)</td><td>\(unitName(user.orgUnit).html)</td><td>\(status.html)</td></tr>
                """
        }
        body += """
            </table></div></section>
            <section id="add"><h2>\(t(.addUser).html)</h2>
            <form method="post" action="\(path)" class="stacked">\(csrf)
            <p><label>\(t(.userName).html)<br><input name="name" value="\((typed["name"] ?? "").html)" required maxlength="64" autocomplete="off"></label></p>
            <p><label>\(t(.displayName).html)<br><input name="display_name" value="\((typed["display_name"] ?? "").html)" maxlength="\(Accounts.maximumDisplayNameLength)" autocomplete="off"></label></p>
            <p><label>\(t(.role).html)<br><select name="role">\(roleOptions(typed["role"].flatMap(UserRole.init(rawValue:)) ?? .clerk))</select></label></p>
            <p><label>\(t(.pageOrgUnit).html)<br><input name="orgunit" value="\((typed["orgunit"] ?? admin.orgUnit).html)" list="units" required></label></p>
            <p><button type="submit" name="action" value="add">\(t(.addUser).html)</button></p>
            </form></section>
            """
        let here = chosen.map { "\(path)?user=\($0.addingURLQueryEncoding)" } ?? path
        return Page.frame(title: t(.users), language: language, identity: identity, path: here, body: body)
    }
}
