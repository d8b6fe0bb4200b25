internal import Foundation
internal import HTTPTypes
public import Hummingbird
internal import Tally
internal import TallyCore
internal import TallyStore
internal import TallyText

/// An error of a request whose user is known, with the user, so that the error page shows their menu.
struct IdentifiedError: Error {
    let error: any Error
    let identity: Identity
}

/// Finds out who sends each request (a bearer token or a session cookie), and
/// refuses state-changing requests that rely on the session cookie without the session's CSRF token.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = TallyRequestContext
    let server: ServerEnvironment

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let now = server.configuration.clock()
        let accounts = server.accounts
        let backend = server.backend
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else {
                throw ServerError.unauthenticated(
                    Localized(
                        zh: "请用“Authorization: Bearer 令牌”发送 API 令牌",
                        en: "use 'Authorization: Bearer TOKEN' with an API token"))
            }
            let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard let (user, record) = try await backend.account({ _ in try accounts.user(token: token, now: now) })
            else {
                throw ServerError.unauthenticated(
                    Localized(
                        zh: "API 令牌不存在、已过期或已撤销，或其用户已停用",
                        en: "the API token is unknown, expired or revoked, or its user is disabled"))
            }
            context.identity = try identity(user, session: nil, token: record)
        } else if let id = request.cookies[Self.sessionCookie]?.value {
            if let session = try await backend.account({ _ in try accounts.session(id: id, now: now) }),
                let (user, _) = try await backend.account({ try $0.user(named: session.user) }), !user.disabled
            {
                context.identity = try identity(user, session: session)
            }
        }
        do {
            return try await checked(request, context: context, next: next)
        } catch {
            // The error page keeps the user's menu: ErrorMiddleware, which runs before this, learns who asked.
            guard let identity = context.identity else { throw error }
            throw IdentifiedError(error: error, identity: identity)
        }
    }

    /// The CSRF check and the one-time password gate, then the route.
    private func checked(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        // Signing in again needs the password, not the old session's token.
        if let session = context.identity?.session, ![.get, .head, .options].contains(request.method),
            request.uri.path != "/signin"
        {
            var token = request.headers[Self.csrfHeader]
            if token == nil,
                request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
            {
                let body = try await request.collectBody(upTo: context.maxUploadSize)
                token = FormData(String(buffer: body))["csrf"]
            } else if token == nil,
                request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
            {
                // A file uploaded from a page: its form's csrf field (only the import page takes large bodies).
                let limit = request.uri.path == ImportPage.path ? BodyLimit.upload : context.maxUploadSize
                let body = try await request.collectBody(upTo: limit)
                let boundary = try Multipart.boundary(contentType: request.headers[.contentType])
                token = try Multipart([UInt8](buffer: body), boundary: boundary)["csrf"]
            }
            guard let token, Secret.equal(token, session.csrfToken) else {
                throw ServerError.forbidden(
                    "auth.csrf",
                    Localized(
                        zh: "表单或请求缺少本次登录的 CSRF 令牌；请刷新页面后重试",
                        en: "this form or request lacks the session's CSRF token; reload the page and try again"))
            }
        }
        // A user holding a one-time password replaces it before doing anything else.
        if context.identity?.user.mustChangePassword == true, !Self.allowedBeforePasswordChange(request.uri.path) {
            guard request.uri.path.hasPrefix("/api/") else { return Reply.redirect(PasswordPage.path) }
            throw ServerError.forbidden(
                "auth.mustChangePassword",
                Localized(
                    zh: "请先在 \(PasswordPage.path) 页把一次性密码改为你自己的密码",
                    en: "first replace your one-time password with your own on the page \(PasswordPage.path)"))
        }
        return try await next(request, context)
    }

    /// What a user who must change their password may still open: the password page, signing out, who they are
    /// (`/api/me`), the style sheet and the script.
    static func allowedBeforePasswordChange(_ path: String) -> Bool {
        [PasswordPage.path, "/signin", "/signout", "/api/me", "/static/tally.css", "/static/tally.js"].contains(path)
    }

    func identity(_ user: UserAccount, session: SessionRecord?, token: APITokenRecord? = nil) throws -> Identity {
        guard let root = server.backend.workspace.tree.index[user.orgUnit] else {
            throw ServerError.forbidden(
                "access.noOrgUnit",
                Localized(
                    zh: "\(user.name) 所属的单位 \(user.orgUnit) 已不存在；请联系管理员",
                    en: "\(user.name)'s org unit \(user.orgUnit) no longer exists; ask an admin"))
        }
        return Identity(user: user, root: root, session: session, token: token)
    }

    /// The session cookie's name.
    public static let sessionCookie = "tally_session"
    /// The language cookie's name.
    public static let languageCookie = "tally_lang"
    /// The header an API client using the session cookie sends the CSRF token in.
    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

}

/// Fields of an `application/x-www-form-urlencoded` body.
struct FormData: Sendable {
    private(set) var pairs: [(String, String)] = []

    init(_ text: String) {
        for part in text.split(separator: "&", omittingEmptySubsequences: true).prefix(10_000) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            pairs.append((decode(kv[0]), kv.count > 1 ? decode(kv[1]) : ""))
        }
    }

    subscript(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }
}
