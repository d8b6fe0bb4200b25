internal import Tally
public import TallyStore

/// Who is making a request, and where they may read and write.
public struct Identity: Sendable {
    /// The user.
    public var user: UserAccount
    /// The tree index of the top of the user's subtree.
    public var root: Int
    /// The session, when signed in with a browser; `nil` for a bearer token.
    public var session: SessionRecord?
    /// The API token, when the request carries one.
    public var token: APITokenRecord? = nil

    /// The user's name, as recorded in value history.
    public var name: String { user.name }
    /// When the credential of this request ends (the session or the token), seconds since 1970 (UTC).
    public var credentialEnd: Int64? { session?.expires ?? token.map(Accounts.end(of:)) }
    /// Whether the user may write values.
    public var canWrite: Bool { user.role != .analyst }
    /// Whether the user may reopen and close periods and write into closed ones.
    public var isAdmin: Bool { user.role == .admin }
}
