public import TallyStore

/// Who is making a request, and where they may read and write.
public struct Identity: Sendable {
    /// The user.
    public var user: UserAccount
    /// The tree index of the top of the user's subtree.
    public var root: Int
    /// The session, when signed in with a browser; `nil` for a bearer token.
    public var session: SessionRecord?

    /// The user's name, as recorded in value history.
    public var name: String { user.name }
    /// Whether the user may write values.
    public var canWrite: Bool { user.role != .analyst }
    /// Whether the user may reopen and close periods and write into closed ones.
    public var isAdmin: Bool { user.role == .admin }
}
