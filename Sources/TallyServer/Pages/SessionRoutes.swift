internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import Logging
internal import Tally
internal import TallyRender
internal import TallyStore
internal import TallyText

/// Sign-in, sign-out, the style sheet and the script.
enum SessionRoutes {
    static func add(to router: Router<TallyRequestContext>, server: ServerEnvironment) {
        router.get("/") { _, context -> Response in
            Reply.redirect(context.identity == nil ? "/signin" : "/dashboard")
        }
        router.get("static/tally.css") { _, _ -> Response in
            var r = Reply.body(Page.css, type: "text/css; charset=utf-8")
            r.headers[.cacheControl] = "max-age=3600"
            return r
        }
        router.get("static/tally.js") { _, _ -> Response in
            var r = Reply.body(Page.javaScript, type: "text/javascript; charset=utf-8")
            r.headers[.cacheControl] = "max-age=3600"
            return r
        }
        router.get("signin") { request, context -> Response in
            var response = Reply.html(
                signInPage(
                    language: context.language, message: nil, next: request.uri.queryParameters.get("next")))
            rememberLanguage(request, context, &response, secure: server.configuration.secureCookies)
            return response
        }
        router.post("signin") { request, context -> Response in
            var request = request
            let form = FormData(String(buffer: try await request.collectBody(upTo: BodyLimit.signIn)))
            let given = form["name"] ?? ""
            let password = form["password"] ?? ""
            let next = safeNext(form["next"])
            let now = server.configuration.clock()
            let address = context.remoteAddress
            let limiter = server.limiter
            func page(_ label: Label, _ status: HTTPResponse.Status) -> Response {
                Reply.html(
                    signInPage(language: context.language, message: label.text(context.language), next: next),
                    status: status)
            }
            func wait(_ seconds: Int64, _ label: Label, _ status: HTTPResponse.Status) -> Response {
                var response = page(label, status)
                response.headers[.retryAfter] = String(seconds)
                return response
            }
            // A name that cannot be an account's (a hidden character, too long) is a failed sign-in like any other.
            let canonical: String? = given.utf8.count > 256 ? nil : (try? Accounts.canonicalName(given))
            if let seconds = limiter.retryAfter(user: canonical, address: address, now: now) {
                return wait(seconds, .signInLimited, .tooManyRequests)
            }
            func refuse() -> Response {
                limiter.failed(user: canonical, address: address, now: now)
                context.logger.notice(
                    "sign-in refused",
                    metadata: ["user": "\(LogText.escaped(given))", "address": "\(LogText.escaped(address))"])
                return page(.signInFailed, .unauthorized)
            }
            guard let name = canonical, password.utf8.count <= 72 else { return refuse() }
            let accounts = server.accounts
            let lifetime = server.configuration.sessionLifetime
            let checked = try await limiter.checks.run {
                try await server.backend.account {
                    _ -> (session: (id: String, record: SessionRecord), user: UserAccount)? in
                    guard let user = try accounts.verify(name: name, password: password) else { return nil }
                    return (try accounts.startSession(user: user.name, now: now, lifetime: lifetime), user)
                }
            }
            guard let checked else {
                context.logger.warning("sign-in deferred: too many at once", metadata: ["address": "\(address)"])
                return wait(Self.busyRetry, .signInBusy, .serviceUnavailable)
            }
            guard let (started, user) = checked else { return refuse() }
            limiter.succeeded(user: name, address: address)
            context.logger.info("signed in", metadata: ["user": "\(LogText.escaped(name))"])
            // A one-time password is replaced first; the page it was going to can wait.
            var response = Reply.redirect(user.mustChangePassword ? PasswordPage.path : next ?? "/dashboard")
            setSessionCookie(&response, started, server: server)
            return response
        }
        router.post("signout") { request, context -> Response in
            if let id = request.cookies[AuthenticationMiddleware.sessionCookie]?.value {
                try await server.backend.account { _ in try server.accounts.endSession(id: id) }
            }
            var response = Reply.redirect("/signin")
            response.setCookie(
                Cookie(
                    name: AuthenticationMiddleware.sessionCookie, value: "", maxAge: 0, path: "/",
                    secure: server.configuration.secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("health") { _, _ -> Response in
            let count = try await server.backend.read { try $0.store.valueCount() }
            return Reply.json(.object([("status", .string("ok")), ("values", .int(count))]))
        }
    }

    /// Gives the browser the cookie of a new session.
    static func setSessionCookie(
        _ response: inout Response, _ started: (id: String, record: SessionRecord), server: ServerEnvironment
    ) {
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.sessionCookie, value: started.id,
                expires: Date(timeIntervalSince1970: TimeInterval(started.record.expires)),
                maxAge: Int(server.configuration.sessionLifetime), path: "/",
                secure: server.configuration.secureCookies, httpOnly: true, sameSite: .strict))
    }

    /// Seconds a browser is asked to wait when too many passwords are being checked at once.
    static let busyRetry: Int64 = 2

    /// Only a path on this site, else `nil`.
    ///
    /// Browsers repair what they are sent: they drop tabs and line breaks, read `\\` as `/` and follow `//host`
    /// to another site, and a path may carry any of these percent-encoded. So the text is decoded (twice, for a
    /// value encoded once more on the way) and each form must start with exactly one `/` and hold no second `/`
    /// right after it, no backslash, no white space and no control or hidden character.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.utf8.count < 500 else { return nil }
        var forms = [next]
        while let last = forms.last, let decoded = last.removingPercentEncoding, decoded != last {
            // Encoded more than twice: no browser link looks like that.
            guard forms.count < 3 else { return nil }
            forms.append(decoded)
        }
        for form in forms {
            let scalars = form.unicodeScalars
            guard scalars.first == "/", scalars.dropFirst().first != "/",
                !scalars.contains(where: {
                    $0 == "\\" || Canonical.isTrimmed($0) || Canonical.refusal(of: $0, kind: .code) != nil
                })
            else { return nil }
        }
        return next
    }

    static func rememberLanguage(
        _ request: Request, _ context: TallyRequestContext, _ response: inout Response, secure: Bool
    ) {
        guard request.uri.queryParameters.get("lang") != nil else { return }
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.languageCookie, value: context.language.rawValue, maxAge: 365 * 86_400,
                path: "/",
                secure: secure, httpOnly: true, sameSite: .strict))
    }

    static func signInPage(language: Language, message: String?, next: String?) -> String {
        let t = { (label: Label) in label.text(language) }
        let alert = message.map { "<p class=\"error\" role=\"alert\">\($0.html)</p>" } ?? ""
        let nextField = safeNext(next).map { "<input type=\"hidden\" name=\"next\" value=\"\($0.html)\">" } ?? ""
        return Page.frame(
            title: t(.signIn), language: language, identity: nil, path: "/signin",
            body: """
                \(alert)
                <form method="post" action="/signin" id="signin">
                \(nextField)
                <p><label>\(t(.userName).html)<br><input name="name" autocomplete="username" required autofocus maxlength="64"></label></p>
                <p><label>\(t(.password).html)<br><input name="password" type="password" autocomplete="current-password" required maxlength="72"></label></p>
                <p><button type="submit">\(t(.signIn).html)</button></p>
                </form>
                """)
    }
}
