public import Hummingbird
public import TallyCore
public import TallyRender

/// A refusal by the server: an HTTP status, a stable code and a sentence; sent as
/// `{"error": {"code", "message"}}` to API clients and as a page to browsers.
public struct ServerError: TallyError, Equatable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// A stable code such as `auth.csrf`.
    public let errorCode: String
    /// The sentence shown to the user.
    public let message: String
    /// More data for API clients (a conflict's current value, an import's problems).
    public let details: JSONValue?
    /// Seconds to wait before trying again (sign-in rate limiting).
    public var retryAfter: Int64?

    /// An error.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: JSONValue? = nil) {
        self.status = status
        self.errorCode = code
        self.message = message
        self.details = details
    }

    /// Not signed in, or the token is unknown or expired.
    public static func unauthenticated(_ message: String = "sign in first, or send an API token") -> ServerError {
        ServerError(.unauthorized, "auth.required", message)
    }

    /// Signed in, but not allowed.
    public static func forbidden(_ code: String, _ message: String) -> ServerError {
        ServerError(.forbidden, code, message)
    }

    /// The request is malformed.
    public static func badRequest(_ message: String, code: String = "request.invalid") -> ServerError {
        ServerError(.badRequest, code, message)
    }

    /// Something named in the request does not exist.
    public static func notFound(_ message: String) -> ServerError {
        ServerError(.notFound, "request.notFound", message)
    }
}
