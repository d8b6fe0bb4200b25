internal import Foundation
internal import HummingbirdBcrypt
public import TallyCore
public import TallyStore
public import TallyText

/// Users, passwords, sessions and tokens: what `tally user` and the sign-in page share.
public struct Accounts: Sendable {
    /// Where accounts are kept.
    public let store: any AccountStore
    /// The bcrypt cost of new password hashes (12 by default; tests use less).
    public var cost: UInt8

    /// Account operations on a store.
    public init(store: any AccountStore, cost: UInt8 = 12) {
        self.store = store
        self.cost = cost
    }

    /// The shortest password accepted.
    public static let minimumPasswordLength = 10

    /// Adds a user after checking the name, the display name, the password and the org unit.
    ///
    /// - Parameter units: the org-unit codes that exist.
    public func addUser(
        name: String, displayName: String = "", password: String, role: UserRole, orgUnit: String,
        units: Set<String>, now: Int64
    ) throws {
        let name = try Self.canonicalName(name)
        guard units.contains(orgUnit) else {
            throw AccountError(
                .unknownOrgUnit,
                Localized(
                    zh: "“\(orgUnit)”不是单位代码；应为单位树中的代码",
                    en: "'\(orgUnit)' is not an org unit code; expected a code from the tree"))
        }
        let displayName = try Self.canonicalDisplayName(displayName)
        try Self.check(password)
        try store.addUser(
            UserAccount(name: name, role: role, orgUnit: orgUnit, created: now, displayName: displayName),
            passwordHash: Bcrypt.hash(password, cost: cost))
    }

    /// Replaces a user's password; the user's sessions and API tokens end.
    public func setPassword(name: String, password: String) throws {
        try Self.check(password)
        try store.setPasswordHash(user: try Self.canonicalName(name), hash: Bcrypt.hash(password, cost: cost))
    }

    /// The canonical form of a user name (trimmed, NFC; see `Canonical`), which is what is stored and looked up.
    ///
    /// A name is 1 to 64 letters (of any script), digits, marks, `.`, `-` or `_`.
    /// - Throws: ``AccountError`` with code `invalidName` for anything else, such as a control or zero-width
    ///   character.
    public static func canonicalName(_ name: String) throws(AccountError) -> String {
        let canonical: String
        do throws(CanonicalError) {
            canonical = try Canonical.canonical(name, as: .code)
        } catch {
            let refused = error.messages()
            throw AccountError(
                .invalidName, Localized(zh: "用户名被拒绝：\(refused.zh)", en: "the user name is refused: \(refused.en)"))
        }
        guard isValidName(canonical) else {
            throw AccountError(
                .invalidName,
                Localized(
                    zh: "“\(LogText.escaped(canonical, length: 80))”不是用户名；请用1到64个字母、数字、“.”、“-”或“_”",
                    en:
                        "'\(LogText.escaped(canonical, length: 80))' is not a user name; use 1 to 64 letters, digits, '.', '-' or '_'"
                )
            )
        }
        return canonical
    }

    /// The user when the name and password match an enabled account, else `nil`.
    ///
    /// An unknown name is checked against a dummy hash of the same cost and a disabled user's password is checked
    /// too, so that the answer takes as long whether or not the account exists.
    /// - Parameter name: the canonical name (see ``canonicalName(_:)``).
    public func verify(name: String, password: String) throws -> UserAccount? {
        guard let (user, hash) = try store.user(named: name) else {
            _ = Bcrypt.verify(password, hash: Self.dummyHash(cost: cost))
            return nil
        }
        guard Bcrypt.verify(password, hash: hash), !user.disabled else { return nil }
        return user
    }

    /// Starts a session; returns the id for the cookie (only its hash is stored) and the record.
    public func startSession(user: String, now: Int64, lifetime: Int64) throws -> (id: String, record: SessionRecord) {
        let id = Secret.make()
        let record = SessionRecord(
            idHash: SHA256.hex(id), user: user, csrfToken: Secret.make(), created: now, expires: now + lifetime)
        try store.createSession(record)
        return (id, record)
    }

    /// The live session for a cookie's id, or `nil`.
    public func session(id: String, now: Int64) throws -> SessionRecord? {
        guard id.count == 64, let session = try store.session(idHash: SHA256.hex(id)), session.expires > now
        else { return nil }
        return session
    }

    /// Ends a session.
    public func endSession(id: String) throws {
        try store.deleteSession(idHash: SHA256.hex(id))
    }

    /// The days a token lasts when none are asked for.
    public static let defaultTokenDays = 90
    /// The most days a token may last.
    public static let maximumTokenDays = 365

    /// The seconds a token asked to last `days` (the default when `nil`) lasts.
    ///
    /// - Throws: ``AccountError`` with code `tokenLifetime` when `days` is not 1 to ``maximumTokenDays``.
    public static func tokenLifetime(days: Int?) throws(AccountError) -> Int64 {
        let days = days ?? defaultTokenDays
        guard (1...maximumTokenDays).contains(days) else {
            throw AccountError(
                .tokenLifetime,
                Localized(
                    zh: "令牌有效期为1到\(maximumTokenDays)天，不能是\(days)天；请少要几天，或不写天数（默认\(defaultTokenDays)天）",
                    en:
                        "a token lasts 1 to \(maximumTokenDays) days, not \(days); ask for fewer days, or leave them out for \(defaultTokenDays)"
                )
            )
        }
        return Int64(days) * 86_400
    }

    /// When a token ends: its expiry, or for a token stored without one, ``maximumTokenDays`` after it was made.
    public static func end(of token: APITokenRecord) -> Int64 {
        token.expires ?? token.created + Int64(maximumTokenDays) * 86_400
    }

    /// Creates an API token for a user; returns the secret, shown once (only its hash is stored), and the record.
    ///
    /// - Parameters:
    ///   - days: how long it lasts (see ``tokenLifetime(days:)``).
    ///   - notAfter: when the credential minting it ends (a session or another token): the new token never
    ///     outlives it.
    public func createToken(
        user: String, label: String, now: Int64, days: Int?, notAfter: Int64? = nil
    ) throws -> (secret: String, record: APITokenRecord) {
        let requested = now + (try Self.tokenLifetime(days: days))
        let secret = "tly_" + Secret.make()
        let record = APITokenRecord(
            hash: SHA256.hex(secret), user: user, label: label, created: now,
            expires: notAfter.map { min($0, requested) } ?? requested)
        try store.createToken(record)
        return (secret, record)
    }

    /// A user's tokens that have not ended, oldest first.
    public func tokens(user: String, now: Int64) throws -> [APITokenRecord] {
        try store.tokens(user: user).filter { Self.end(of: $0) > now }
    }

    /// Revokes the user's token with this ``APITokenRecord/id``; `false` when the user has none such.
    public func revokeToken(user: String, id: String) throws -> Bool {
        guard let token = try store.tokens(user: user).first(where: { $0.id == id }) else { return false }
        try store.deleteToken(hash: token.hash)
        return true
    }

    /// The user a bearer token acts for, with the token, or `nil` when it is unknown, ended or the user disabled.
    public func user(token: String, now: Int64) throws -> (user: UserAccount, token: APITokenRecord)? {
        guard token.count <= 100, let record = try store.token(hash: SHA256.hex(token)), Self.end(of: record) > now,
            let (user, _) = try store.user(named: record.user), !user.disabled
        else { return nil }
        return (user, record)
    }

    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy {
                switch $0.properties.generalCategory {
                case .decimalNumber, .nonspacingMark, .spacingMark: return true
                default: return $0.properties.isAlphabetic || "._-".unicodeScalars.contains($0)
                }
            }
    }

    static func check(_ password: String) throws {
        guard password.count >= minimumPasswordLength else {
            throw AccountError(
                .weakPassword,
                Localized(
                    zh: "密码太短；至少要\(minimumPasswordLength)个字符",
                    en: "the password is too short; use at least \(minimumPasswordLength) characters"))
        }
        guard password.utf8.count <= 72 else {
            throw AccountError(
                .weakPassword,
                Localized(zh: "密码太长；bcrypt 最多使用72个字节", en: "the password is too long; bcrypt uses at most 72 bytes"))
        }
    }

    /// A hash to verify against when the user does not exist, of the cost of new hashes, so that both cases take
    /// as long.
    private static func dummyHash(cost: UInt8) -> String {
        if let hash = dummyHashes.withLock({ $0[cost] }) { return hash }
        let hash = Bcrypt.hash("tally-no-such-user", cost: cost)
        dummyHashes.withLock { $0[cost] = hash }
        return hash
    }
    private static let dummyHashes = Locked<[UInt8: String]>([:])
}

/// A refused account operation.
public struct AccountError: SentencedError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        case invalidName, unknownOrgUnit, weakPassword, tokenLifetime
        /// The users page (``Accounts/managedUsers(by:tree:)`` and the calls beside it).
        case notAdmin, outsideSubtree, unitOutsideSubtree, ownAccount, unknownUser, userExists, invalidDisplayName
        case unknownToken
        /// A user's own new password.
        case wrongPassword, samePassword
    }

    /// What went wrong.
    public let code: Code
    /// The sentence in every language.
    public let sentence: Localized<String>

    /// An error.
    public init(_ code: Code, _ sentence: Localized<String>) {
        self.code = code
        self.sentence = sentence
    }

    public var errorCode: String { "account.\(code.rawValue)" }

}
