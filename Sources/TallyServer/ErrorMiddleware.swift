internal import HTTPTypes
public import Hummingbird
internal import Logging
internal import NIOCore
internal import Tally
internal import TallyCore
internal import TallyRender

/// Turns every error into an answer: JSON `{"error": {"code", "message"}}` under `/api/`, a page elsewhere;
/// adds security headers to every response.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = TallyRequestContext

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let refusal = Self.refusal(error, context: context)
            if request.uri.path.hasPrefix("/api/") || request.uri.path == "/health" {
                response = Reply.json(Self.json(refusal), status: refusal.status)
            } else if refusal.status == .unauthorized {
                let next = request.uri.path == "/" ? "" : "?next=" + (request.uri.path.addingURLQueryEncoding)
                response = Reply.redirect("/signin" + next)
            } else {
                response = Reply.html(
                    Page.error(refusal, language: context.language, identity: context.identity),
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

    static func refusal(_ error: any Error, context: Context) -> ServerError {
        switch error {
        case let e as ServerError: return e
        case let e as CampaignError: return ServerError(e)
        case let e as SubjectError: return ServerError(e)
        case let e as EntrySheetError: return ServerError(e)
        case let e as ValueError: return ServerError(e)
        case let e as any TallyError:
            return ServerError(.badRequest, e.errorCode, e.message)
        case is NIOTooManyBytesError:
            return ServerError(.contentTooLarge, "request.tooLarge", "the request body is too large")
        case let e as HTTPError:
            if e.status == .contentTooLarge {
                return ServerError(.contentTooLarge, "request.tooLarge", "the request body is too large")
            }
            return ServerError(e.status, "request.invalid", e.body ?? e.status.reasonPhrase)
        default:
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return ServerError(.internalServerError, "server.internal", "the server failed; the error is in its log")
        }
    }

    static func json(_ refusal: ServerError) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(refusal.errorCode)), ("message", .string(refusal.message)),
        ]
        if let details = refusal.details { members.append(("details", details)) }
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
