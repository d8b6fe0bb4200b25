internal import HTTPTypes
internal import Hummingbird
internal import Logging
internal import Tally
internal import TallyCore
internal import TallyStore
internal import TallyText

/// The signed-in user's own password (`/password`): where a one-time password from the users page is replaced at
/// the first sign-in (the sign-in and every other page send such a user here), and where anyone changes theirs.
enum PasswordPage {
    static let path = "/password"

    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.get("password") { _, context -> Response in
            let identity = try context.requireIdentity()
            return Reply.html(render(identity: identity, language: context.language, message: nil))
        }

        router.post("password") { request, context -> Response in
            var request = request
            let identity = try context.requireIdentity()
            let form = FormData(String(buffer: try await request.collectBody(upTo: BodyLimit.signIn)))
            let current = form["current"] ?? ""
            let new = form["new"] ?? ""
            guard new == form["again"] ?? "" else {
                return Reply.html(
                    render(
                        identity: identity, language: context.language,
                        message: Label.passwordsDiffer.text(context.language)),
                    status: .badRequest)
            }
            let accounts = server.accounts
            let now = server.configuration.clock()
            let limiter = server.limiter
            if let seconds = limiter.retryAfter(user: identity.name, address: context.remoteAddress, now: now) {
                var response = Reply.html(
                    render(
                        identity: identity, language: context.language,
                        message: Label.signInLimited.text(context.language)),
                    status: .tooManyRequests)
                response.headers[.retryAfter] = String(seconds)
                return response
            }
            let lifetime = server.configuration.sessionLifetime
            let checked: (id: String, record: SessionRecord)?
            do {
                checked = try await limiter.checks.run {
                    try await server.backend.account { _ in
                        try accounts.changeOwnPassword(name: identity.name, current: current, new: new)
                        // The change ended every session; this browser goes on in a new one.
                        return try accounts.startSession(user: identity.name, now: now, lifetime: lifetime)
                    }
                }
            } catch let error as AccountError {
                if error.code == .wrongPassword {
                    limiter.failed(user: identity.name, address: context.remoteAddress, now: now)
                }
                return Reply.html(
                    render(identity: identity, language: context.language, message: error.message(context.language)),
                    status: ServerError(error).status)
            }
            guard let started = checked else {
                var response = Reply.html(
                    render(
                        identity: identity, language: context.language,
                        message: Label.signInBusy.text(context.language)),
                    status: .serviceUnavailable)
                response.headers[.retryAfter] = String(SessionRoutes.busyRetry)
                return response
            }
            context.logger.info("password changed", metadata: ["user": "\(LogText.escaped(identity.name))"])
            var response = Reply.redirect("/dashboard")
            SessionRoutes.setSessionCookie(&response, started, server: server)
            return response
        }
    }

    static func render(identity: Identity, language: Language, message: String?) -> String {
        let t = { (label: Label) in label.text(language) }
        var body = ""
        if let message { body += "<p class=\"error\" role=\"alert\">\(message.html)</p>" }
        if identity.user.mustChangePassword {
            body += "<p class=\"warning\" role=\"status\">\(t(.mustChangePassword).html)</p>"
        }
        body += """
            <form method="post" action="\(path)" id="password" class="stacked">
            <input type="hidden" name="csrf" value="\(identity.session?.csrfToken.html ?? "")">
            <p><label>\(t(.currentPassword).html)<br><input name="current" type="password" autocomplete="current-password" required maxlength="72"></label></p>
            <p><label>\(t(.newPassword).html)<br><input name="new" type="password" autocomplete="new-password" required minlength="\(Accounts.minimumPasswordLength)" maxlength="72"></label></p>
            <p><label>\(t(.newPasswordAgain).html)<br><input name="again" type="password" autocomplete="new-password" required maxlength="72"></label></p>
            <p><button type="submit">\(t(.changePassword).html)</button></p>
            </form>
            """
        return Page.frame(
            title: t(.changePassword), language: language, identity: identity, path: path, body: body)
    }
}
