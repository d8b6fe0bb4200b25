public import TallyCore
public import TallyText

/// A problem reaching or using a PostgreSQL database, with a sentence a clerk can act on.
///
/// Problems with the data itself (an unknown org unit, metadata that would orphan values) are ``StoreError``s,
/// as with every store; this type covers the server: the URL, the connection, the login and failed statements.
public struct PostgresStoreError: SentencedError, Equatable, CustomDebugStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The `postgres://` URL cannot be understood.
        case invalidURL
        /// No connection could be made to the host and port.
        case cannotConnect
        /// The server refused the user or password.
        case authentication
        /// The database named in the URL does not exist.
        case noDatabase
        /// The connection was lost or closed.
        case connectionLost
        /// The store was called from an event-loop thread, where it must not block.
        case onEventLoop
        /// The server rejected a statement.
        case server
    }

    /// What went wrong.
    public let code: Code
    /// The sentence shown to the user, in every language.
    public let sentence: Localized<String>
    /// The server's SQLSTATE, such as `23505`, when the server reported the problem.
    public let sqlState: String?
    /// Details for developers: the underlying error and statement.
    public let detail: String

    /// An error.
    public init(_ code: Code, _ sentence: Localized<String>, sqlState: String? = nil, detail: String = "") {
        self.code = code
        self.sentence = sentence
        self.sqlState = sqlState
        self.detail = detail
    }

    public var errorCode: String { "postgres.\(code.rawValue)" }

    public var debugDescription: String {
        "\(errorCode): \(message)" + (sqlState.map { " [SQLSTATE \($0)]" } ?? "")
            + (detail.isEmpty ? "" : "\n\(detail)")
    }
}
