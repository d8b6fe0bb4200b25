internal import Foundation
internal import HTTPTypes
public import Hummingbird
internal import Tally
internal import TallyCore
internal import TallyStore

/// Finds out who sends each request (a bearer token or a session cookie), picks the language, and
/// refuses state-changing requests that rely on the session cookie without the session's CSRF token.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = TallyRequestContext
    let server: ServerEnvironment

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        var request = request
        context.language = Self.language(request)
        let now = server.configuration.clock()
        let accounts = server.accounts
        let backend = server.backend
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else {
                throw ServerError.unauthenticated("use 'Authorization: Bearer TOKEN' with an API token")
            }
            let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard let (user, record) = try await backend.account({ _ in try accounts.user(token: token, now: now) })
            else {
                throw ServerError.unauthenticated(
                    "the API token is unknown, expired or revoked, or its user is disabled")
            }
            context.identity = try identity(user, session: nil, token: record)
        } else if let id = request.cookies[Self.sessionCookie]?.value {
            if let session = try await backend.account({ _ in try accounts.session(id: id, now: now) }),
                let (user, _) = try await backend.account({ try $0.user(named: session.user) }), !user.disabled
            {
                context.identity = try identity(user, session: session)
            }
        }
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
            }
            guard let token, Secret.equal(token, session.csrfToken) else {
                throw ServerError.forbidden(
                    "auth.csrf",
                    "this form or request lacks the session's CSRF token; reload the page and try again")
            }
        }
        return try await next(request, context)
    }

    func identity(_ user: UserAccount, session: SessionRecord?, token: APITokenRecord? = nil) throws -> Identity {
        guard let root = server.backend.workspace.tree.index[user.orgUnit] else {
            throw ServerError.forbidden(
                "access.noOrgUnit", "\(user.name)'s org unit \(user.orgUnit) no longer exists; ask an admin")
        }
        return Identity(user: user, root: root, session: session, token: token)
    }

    /// The session cookie's name.
    public static let sessionCookie = "tally_session"
    /// The language cookie's name.
    public static let languageCookie = "tally_lang"
    /// The header an API client using the session cookie sends the CSRF token in.
    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// `?lang=`, then the cookie, then `Accept-Language`, then Chinese.
    static func language(_ request: Request) -> String {
        if let lang = request.uri.queryParameters.get("lang"), lang == "en" || lang == "zh" { return lang }
        if let lang = request.cookies[languageCookie]?.value, lang == "en" || lang == "zh" { return lang }
        if let accept = request.headers[.acceptLanguage]?.lowercased(), accept.hasPrefix("en") { return "en" }
        return "zh"
    }
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
