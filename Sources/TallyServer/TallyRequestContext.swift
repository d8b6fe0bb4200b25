public import Hummingbird
internal import NIOCore
internal import TallyRender
public import TallyText

/// What the server knows about a request beyond the request itself: who sent it and in which language
/// to answer.
public struct TallyRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, set by ``AuthenticationMiddleware``.
    public var identity: Identity?
    /// The client's address (for sign-in rate limiting).
    public var remoteAddress: String
    /// The language of pages and messages.
    public var language: Language = .zh

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// The largest body this request may send: ``BodyLimit/form`` unless its route allows another (JSON bodies
    /// are decoded with `decode(as:context:limit:)`).
    public var maxUploadSize: Int { bodyLimit }
    var bodyLimit = BodyLimit.form

    /// The identity, or 401.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw ServerError.unauthenticated() }
        return identity
    }
}

/// The largest body each route reads, in bytes; a larger one is refused with 413 `request.tooLarge` before it is
/// read to the end.
enum BodyLimit {
    /// Sign-in: a name and a password.
    static let signIn = 16 * 1024
    /// A small JSON body: a period decision, a token request.
    static let small = 16 * 1024
    /// One value (`POST /api/values`), with its comment.
    static let value = 64 * 1024
    /// A form: the entry form of a dataset (every element × combo of a unit and period), the reporting periods
    /// page; also what the sign-in check reads of any form for its CSRF field.
    static let form = 256 * 1024
    /// A batch of values (`POST /api/values/batch`): about 20,000 values.
    static let batch = 2 * 1024 * 1024
    /// A data file uploaded for import (`/import`, `POST /api/import`): about 200,000 CSV rows.
    static let upload = 10 * 1024 * 1024
}

extension Request {
    /// Decodes the JSON body, reading at most `limit` bytes of it.
    func decode<T: Decodable>(as type: T.Type, context: TallyRequestContext, limit: Int) async throws -> T {
        var context = context
        context.bodyLimit = limit
        return try await decode(as: type, context: context)
    }
}
