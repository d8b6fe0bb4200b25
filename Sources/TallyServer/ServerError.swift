public import Hummingbird
public import TallyCore
public import TallyRender
public import TallyText

/// A refusal by the server: an HTTP status, a stable code and a sentence in every language; sent as
/// `{"error": {"code", "message"}}` to API clients and as a page to browsers, in the request's language.
public struct ServerError: SentencedError, Equatable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// A stable code such as `auth.csrf`.
    public let errorCode: String
    /// The sentence shown to the user, in every language.
    public let sentence: Localized<String>
    /// More data for API clients (a conflict's current value, an import's problems), in every language.
    public let details: Localized<JSONValue>?
    /// Seconds to wait before trying again (sign-in rate limiting).
    public var retryAfter: Int64?

    /// An error whose details are the same in every language.
    public init(
        _ status: HTTPResponse.Status, _ code: String, _ sentence: Localized<String>, details: JSONValue? = nil
    ) {
        self.init(status, code, sentence, localizedDetails: details.map { Localized(verbatim: $0) })
    }

    /// An error whose details hold sentences.
    public init(
        _ status: HTTPResponse.Status, _ code: String, _ sentence: Localized<String>,
        localizedDetails: Localized<JSONValue>?
    ) {
        self.status = status
        self.errorCode = code
        self.sentence = sentence
        self.details = localizedDetails
    }

    /// Another error told to a client with `status`: its code and its sentence in every language.
    public init(_ status: HTTPResponse.Status, telling error: any TallyError) {
        self.init(status, error.errorCode, error.messages)
    }

    /// Not signed in, or the token is unknown or expired.
    public static func unauthenticated(
        _ sentence: Localized<String> = Localized(
            zh: "请先登录，或发送 API 令牌", en: "sign in first, or send an API token")
    ) -> ServerError {
        ServerError(.unauthorized, "auth.required", sentence)
    }

    /// Signed in, but not allowed.
    public static func forbidden(_ code: String, _ sentence: Localized<String>) -> ServerError {
        ServerError(.forbidden, code, sentence)
    }

    /// The request is malformed.
    public static func badRequest(_ sentence: Localized<String>, code: String = "request.invalid") -> ServerError {
        ServerError(.badRequest, code, sentence)
    }

    /// Something named in the request does not exist.
    public static func notFound(_ sentence: Localized<String>) -> ServerError {
        ServerError(.notFound, "request.notFound", sentence)
    }
}
