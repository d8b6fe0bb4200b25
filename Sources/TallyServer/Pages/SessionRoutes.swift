internal import Foundation
internal import Hummingbird
internal import Logging
internal import Tally
internal import TallyRender
internal import TallyStore

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
            let name = String((form["name"] ?? "").prefix(64))
            let password = form["password"] ?? ""
            let next = safeNext(form["next"])
            let now = server.configuration.clock()
            let address = context.remoteAddress
            if let wait = server.limiter.retryAfter(user: name, address: address, now: now) {
                var refusal = ServerError(
                    .tooManyRequests, "auth.rateLimited", Strings.text("signin.limited", context.language))
                refusal.retryAfter = wait
                var response = Reply.html(
                    signInPage(language: context.language, message: refusal.message, next: next),
                    status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            let accounts = server.accounts
            let lifetime = server.configuration.sessionLifetime
            let started = try await server.backend.account { _ -> (id: String, record: SessionRecord)? in
                guard password.utf8.count <= 72, let user = try accounts.verify(name: name, password: password)
                else { return nil }
                return try accounts.startSession(user: user.name, now: now, lifetime: lifetime)
            }
            guard let started else {
                server.limiter.failed(user: name, address: address, now: now)
                context.logger.notice("sign-in refused", metadata: ["user": "\(name)", "address": "\(address)"])
                return Reply.html(
                    signInPage(
                        language: context.language, message: Strings.text("signin.failed", context.language),
                        next: next),
                    status: .unauthorized)
            }
            server.limiter.succeeded(user: name, address: address)
            context.logger.info("signed in", metadata: ["user": "\(name)"])
            var response = Reply.redirect(next ?? "/dashboard")
            response.setCookie(
                Cookie(
                    name: AuthenticationMiddleware.sessionCookie, value: started.id,
                    expires: Date(timeIntervalSince1970: TimeInterval(started.record.expires)),
                    maxAge: Int(lifetime), path: "/", secure: server.configuration.secureCookies, httpOnly: true,
                    sameSite: .strict))
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

    /// Only a path on this site: `/x`, never `//host` or `http://`.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 500 else {
            return nil
        }
        return next
    }

    static func rememberLanguage(
        _ request: Request, _ context: TallyRequestContext, _ response: inout Response, secure: Bool
    ) {
        guard request.uri.queryParameters.get("lang") != nil else { return }
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.languageCookie, value: context.language, maxAge: 365 * 86_400, path: "/",
                secure: secure, httpOnly: true, sameSite: .strict))
    }

    static func signInPage(language: String, message: String?, next: String?) -> String {
        let t = { (key: String) in Strings.text(key, language) }
        let alert = message.map { "<p class=\"error\" role=\"alert\">\($0.html)</p>" } ?? ""
        let nextField = safeNext(next).map { "<input type=\"hidden\" name=\"next\" value=\"\($0.html)\">" } ?? ""
        return Page.frame(
            title: t("signin"), language: language, identity: nil, path: "/signin",
            body: """
                \(alert)
                <form method="post" action="/signin" id="signin">
                \(nextField)
                <p><label>\(t("name").html)<br><input name="name" autocomplete="username" required autofocus maxlength="64"></label></p>
                <p><label>\(t("password").html)<br><input name="password" type="password" autocomplete="current-password" required maxlength="72"></label></p>
                <p><button type="submit">\(t("signin").html)</button></p>
                </form>
                """)
    }
}
