internal import HTTPTypes
public import Hummingbird
internal import Logging
internal import NIOCore
internal import Tally
internal import TallyCore
internal import TallyIO
internal import TallyRender
internal import TallyText

/// Picks the request's language, turns every error into an answer in it — JSON `{"error": {"code", "message"}}`
/// under `/api/`, a page elsewhere — and adds security headers to every response.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = TallyRequestContext

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.language = Self.language(request)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // The user, when AuthenticationMiddleware knew them, so that the error page keeps their menu.
            let identified = error as? IdentifiedError
            let identity = identified?.identity ?? context.identity
            let refusal = Self.refusal(identified?.error ?? error, context: context)
            if request.uri.path.hasPrefix("/api/") || request.uri.path == "/health" {
                response = Reply.json(Self.json(refusal, context.language), status: refusal.status)
            } else if refusal.status == .unauthorized {
                let next = request.uri.path == "/" ? "" : "?next=" + (request.uri.path.addingURLQueryEncoding)
                response = Reply.redirect("/signin" + next)
            } else {
                response = Reply.html(
                    Page.error(refusal, language: context.language, identity: identity),
                    status: refusal.status)
            }
            if let retry = refusal.retryAfter { response.headers[.retryAfter] = String(retry) }
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// `?lang=`, then the language cookie, then `Accept-Language`, then Chinese: the language text read once, here.
    static func language(_ request: Request) -> Language {
        if let lang = request.uri.queryParameters.get("lang"), let language = Language(rawValue: lang) {
            return language
        }
        if let lang = request.cookies[AuthenticationMiddleware.languageCookie]?.value,
            let language = Language(rawValue: lang)
        {
            return language
        }
        if let accept = request.headers[.acceptLanguage]?.lowercased(), accept.hasPrefix("en") { return .en }
        return .zh
    }

    static func refusal(_ error: any Error, context: Context) -> ServerError {
        refusal(error, logger: context.logger)
    }

    /// The refusal of `error`; an unexpected error is logged to `logger`.
    static func refusal(_ error: any Error, logger: Logger) -> ServerError {
        switch error {
        case let e as ServerError: return e
        case let e as CampaignError: return ServerError(e)
        case let e as SubjectError: return ServerError(e)
        case let e as QueryLimitError: return ServerError(.unprocessableContent, telling: e)
        case let e as EntrySheetError: return ServerError(e)
        case let e as ReportingError: return ServerError(.notFound, e.errorCode, e.sentence)
        case let e as ValueError: return ServerError(e)
        // A stored boundary that is not in the stored form: the database is damaged, not the request.
        case let e as BoundaryError: return ServerError(.internalServerError, telling: e)
        case let e as AccountError: return ServerError(e)
        case let e as ImportError: return ServerError(e)
        case let e as UploadChangedError: return ServerError(e)
        case let e as any TallyError:
            return ServerError(.badRequest, telling: e)
        case is NIOTooManyBytesError:
            return ServerError(
                .contentTooLarge, "request.tooLarge", Localized(zh: "请求内容太大", en: "the request body is too large"))
        case let e as HTTPError:
            if e.status == .contentTooLarge {
                return ServerError(
                    .contentTooLarge, "request.tooLarge", Localized(zh: "请求内容太大", en: "the request body is too large"))
            }
            if e.status == .notFound {
                return ServerError(
                    .notFound, "request.notFound",
                    Localized(zh: "没有这个页面；请从菜单进入", en: "there is no such page; use the menu"))
            }
            if e.status == .methodNotAllowed {
                return ServerError(
                    .methodNotAllowed, "request.method",
                    Localized(zh: "此地址不接受这种请求方法", en: "this address does not take this request method"))
            }
            return ServerError(e.status, "request.invalid", Localized(verbatim: e.body ?? e.status.reasonPhrase))
        default:
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return ServerError(
                .internalServerError, "server.internal",
                Localized(zh: "服务器出错了；错误已记入服务器日志", en: "the server failed; the error is in its log"))
        }
    }

    /// The JSON of a refusal, its sentences in `language`.
    static func json(_ refusal: ServerError, _ language: Language) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(refusal.errorCode)), ("message", .string(refusal.message(language))),
        ]
        if let details = refusal.details { members.append(("details", details(language))) }
        return .object([("error", .object(members))])
    }
}

/// Building responses.
enum Reply {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        body(value.text + "\n", type: "application/json; charset=utf-8", status: status)
    }

    static func json(text: String, status: HTTPResponse.Status = .ok) -> Response {
        body(text, type: "application/json; charset=utf-8", status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        body(text, type: "text/html; charset=utf-8", status: status)
    }

    static func body(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        let buffer = ByteBuffer(string: text)
        return Response(
            status: status, headers: [.contentType: type, .contentLength: String(buffer.readableBytes)],
            body: .init(byteBuffer: buffer))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .contentLength: "0"])
    }
}

extension String {
    /// Percent-encoded for a query parameter value.
    var addingURLQueryEncoding: String {
        var out = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
