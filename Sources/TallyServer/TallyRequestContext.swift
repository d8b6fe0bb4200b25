public import Hummingbird
internal import NIOCore
internal import TallyRender

/// What the server knows about a request beyond the request itself: who sent it and in which language
/// to answer.
public struct TallyRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, set by ``AuthenticationMiddleware``.
    public var identity: Identity?
    /// The client's address (for sign-in rate limiting).
    public var remoteAddress: String
    /// The language of pages and messages: `zh` or `en`.
    public var language: String = "zh"

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// Bodies are small: forms and batches of values.
    public var maxUploadSize: Int { 2 * 1024 * 1024 }

    /// The identity, or 401.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw ServerError.unauthenticated() }
        return identity
    }
}
