/// Where the server keeps its users, sessions, API tokens and period locks.
///
/// A separate protocol from ``Store`` so that a store can hold data values without accounts (a file the CLI
/// works on) and so that every database behind the server (SQLite, PostgreSQL) implements the same calls.
/// Secrets are never stored in the clear: passwords as bcrypt hashes, session ids and API tokens as SHA-256
/// hashes (hex) computed by the caller.
public protocol AccountStore: Sendable {
    /// Adds a user.
    ///
    /// - Throws: ``StoreError`` with code `alreadyExists` when the name is taken.
    func addUser(_ user: UserAccount, passwordHash: String) throws

    /// A user with the bcrypt hash of their password, or `nil`.
    func user(named name: String) throws -> (user: UserAccount, passwordHash: String)?

    /// Every user, by name.
    func users() throws -> [UserAccount]

    /// Replaces a user's password hash and whether it must be changed at the next sign-in, ends every session of
    /// the user and revokes the user's API tokens.
    ///
    /// - Throws: ``StoreError`` with code `notFound` when there is no such user.
    func setPasswordHash(user: String, hash: String, mustChange: Bool) throws

    /// Replaces a user's role, org unit and display name (sessions and tokens stay: every request reads the user
    /// anew, so the change holds from the next request).
    ///
    /// - Throws: ``StoreError`` with code `notFound` when there is no such user.
    func updateUser(name: String, role: UserRole, orgUnit: String, displayName: String) throws

    /// Disables or enables a user; disabling ends the user's sessions and revokes the user's API tokens.
    ///
    /// - Throws: ``StoreError`` with code `notFound` when there is no such user.
    func setDisabled(user: String, disabled: Bool) throws

    /// Records a new session.
    func createSession(_ session: SessionRecord) throws

    /// The session whose id hashes to `idHash`, or `nil` (expired sessions included; the caller checks).
    func session(idHash: String) throws -> SessionRecord?

    /// Ends one session.
    func deleteSession(idHash: String) throws

    /// Removes sessions that expired before `now`; returns how many.
    @discardableResult
    func deleteExpiredSessions(now: Int64) throws -> Int

    /// Records a new API token.
    func createToken(_ token: APITokenRecord) throws

    /// The token whose secret hashes to `hash`, or `nil`.
    func token(hash: String) throws -> APITokenRecord?

    /// A user's API tokens (ended ones included; the caller checks), oldest first.
    func tokens(user: String) throws -> [APITokenRecord]

    /// Revokes one API token; nothing happens when there is none with this hash.
    func deleteToken(hash: String) throws

    /// Records a lock or a reopening of a dataset's period for an org-unit subtree.
    func addPeriodOverride(_ override: PeriodOverride) throws

    /// Every lock and reopening recorded for a dataset's period, oldest first.
    func periodOverrides(dataset: String, period: String) throws -> [PeriodOverride]

    /// Adds a step of a report's submission and approval at its ``ReportEvent/seq``; `false`, adding nothing, when
    /// the report already has an event with that number (someone else acted first).
    func addReportEvent(_ event: ReportEvent) throws -> Bool

    /// The submission and approval events of a dataset's reports in the given periods (the reports as a whole and
    /// per attribute option combo), each report's events in order: of every unit, or with `orgUnits` of those units
    /// only (a write's check reads its own units' reports, not a province's).
    func reportEvents(dataset: String, periods: [String], orgUnits: [String]?) throws -> [ReportEvent]

    /// Remembers how `user` mapped a wide sheet's column titles (title → element reference, `orgunit`, `period`
    /// or empty for ignored), each at `time`, replacing the user's earlier mapping of the same title; keeps the
    /// user's ``importMappingLimit`` most recently used titles and forgets the rest.
    func rememberImportMapping(user: String, titles: [(title: String, element: String)], at time: Int64) throws

    /// The column titles `user` mapped, most recently used first (then by title), at most ``importMappingLimit``.
    func importMapping(user: String) throws -> [(title: String, element: String)]
}

/// How many column titles a user's remembered import mapping keeps (the most recently used).
public let importMappingLimit = 200

extension AccountStore {
    /// The submission and approval events of a dataset's reports in the given periods, of every unit
    /// (``reportEvents(dataset:periods:orgUnits:)``).
    public func reportEvents(dataset: String, periods: [String]) throws -> [ReportEvent] {
        try reportEvents(dataset: dataset, periods: periods, orgUnits: nil)
    }

    /// Replaces a user's password hash with one the user chose (nothing to change at the next sign-in), ends every
    /// session of the user and revokes the user's API tokens.
    public func setPasswordHash(user: String, hash: String) throws {
        try setPasswordHash(user: user, hash: hash, mustChange: false)
    }
}

/// What a user may do.
public enum UserRole: String, Sendable, CaseIterable, Codable {
    /// Reads and writes everything in the subtree, reopens periods, any time.
    case admin
    /// Reads the subtree.
    case analyst
    /// Reads and writes the subtree while the period is open.
    case clerk
}

/// A user of the server.
public struct UserAccount: Equatable, Sendable {
    /// The sign-in name.
    public var name: String
    /// What the user may do.
    public var role: UserRole
    /// The code of the org unit at the top of the user's subtree.
    public var orgUnit: String
    /// Whether the user is locked out.
    public var disabled: Bool
    /// When the user was added, seconds since 1970 (UTC).
    public var created: Int64
    /// The name people read (李明 for `liming`); empty when none was given.
    public var displayName: String
    /// Whether the password was set by someone else (a one-time password) and must be changed at sign-in.
    public var mustChangePassword: Bool

    /// A user.
    public init(
        name: String, role: UserRole, orgUnit: String, disabled: Bool = false, created: Int64,
        displayName: String = "", mustChangePassword: Bool = false
    ) {
        self.name = name
        self.role = role
        self.orgUnit = orgUnit
        self.disabled = disabled
        self.created = created
        self.displayName = displayName
        self.mustChangePassword = mustChangePassword
    }
}

/// A signed-in browser session.
public struct SessionRecord: Equatable, Sendable {
    /// The SHA-256 hash (hex) of the session id held in the cookie.
    public var idHash: String
    /// The user's name.
    public var user: String
    /// The token every form and cookie-authenticated API write must carry.
    public var csrfToken: String
    /// When it was created, seconds since 1970 (UTC).
    public var created: Int64
    /// When it expires, seconds since 1970 (UTC).
    public var expires: Int64

    /// A session.
    public init(idHash: String, user: String, csrfToken: String, created: Int64, expires: Int64) {
        self.idHash = idHash
        self.user = user
        self.csrfToken = csrfToken
        self.created = created
        self.expires = expires
    }
}

/// A bearer token for API clients.
public struct APITokenRecord: Equatable, Sendable {
    /// The SHA-256 hash (hex) of the token.
    public var hash: String
    /// The user it acts for.
    public var user: String
    /// A label to recognise it by.
    public var label: String
    /// When it was created, seconds since 1970 (UTC).
    public var created: Int64
    /// When it expires; `nil` only for tokens made before every token had an end.
    public var expires: Int64?

    /// What names the token in lists and revocations: the first 16 hex digits of its hash, never the secret.
    public var id: String { String(hash.prefix(16)) }

    /// A token.
    public init(hash: String, user: String, label: String, created: Int64, expires: Int64?) {
        self.hash = hash
        self.user = user
        self.label = label
        self.created = created
        self.expires = expires
    }
}

/// An admin's decision to close a dataset's period early or to reopen a closed one, for an org-unit subtree.
public struct PeriodOverride: Equatable, Sendable {
    /// The dataset's code.
    public var dataset: String
    /// The period identifier, such as `202510`.
    public var period: String
    /// The code of the org unit at the top of the subtree it applies to.
    public var orgUnit: String
    /// `true` to open, `false` to close.
    public var open: Bool
    /// The last day (`yyyy-mm-dd`) a reopening lasts, inclusive; `nil` for no end.
    public var until: String?
    /// The admin who decided.
    public var by: String
    /// When, seconds since 1970 (UTC).
    public var at: Int64

    /// An override.
    public init(dataset: String, period: String, orgUnit: String, open: Bool, until: String?, by: String, at: Int64) {
        self.dataset = dataset
        self.period = period
        self.orgUnit = orgUnit
        self.open = open
        self.until = until
        self.by = by
        self.at = at
    }
}
