internal import Foundation
internal import HummingbirdBcrypt
public import TallyCore
public import TallyStore

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

    /// Adds a user after checking the name, the password and the org unit.
    ///
    /// - Parameter units: the org-unit codes that exist.
    public func addUser(
        name: String, password: String, role: UserRole, orgUnit: String, units: Set<String>, now: Int64
    ) throws {
        guard Self.isValidName(name) else {
            throw AccountError(
                .invalidName,
                "'\(name)' is not a user name; use 1 to 64 letters, digits, '.', '-' or '_'")
        }
        guard units.contains(orgUnit) else {
            throw AccountError(.unknownOrgUnit, "'\(orgUnit)' is not an org unit code; expected a code from the tree")
        }
        try Self.check(password)
        try store.addUser(
            UserAccount(name: name, role: role, orgUnit: orgUnit, created: now),
            passwordHash: Bcrypt.hash(password, cost: cost))
    }

    /// Replaces a user's password; the user's sessions end.
    public func setPassword(name: String, password: String) throws {
        try Self.check(password)
        try store.setPasswordHash(user: name, hash: Bcrypt.hash(password, cost: cost))
    }

    /// The user when the name and password match an enabled account, else `nil` (the same time either way).
    public func verify(name: String, password: String) throws -> UserAccount? {
        guard let (user, hash) = try store.user(named: name) else {
            _ = Bcrypt.verify(password, hash: Self.dummyHash)
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

    /// Creates an API token for a user; returns the secret, shown once (only its hash is stored).
    public func createToken(user: String, label: String, now: Int64, lifetime: Int64?) throws -> String {
        let secret = "tly_" + Secret.make()
        try store.createToken(
            APITokenRecord(
                hash: SHA256.hex(secret), user: user, label: label, created: now, expires: lifetime.map { now + $0 }))
        return secret
    }

    /// The user a bearer token acts for, or `nil` when it is unknown, expired or the user is disabled.
    public func user(token: String, now: Int64) throws -> UserAccount? {
        guard token.count <= 100, let record = try store.token(hash: SHA256.hex(token)),
            record.expires.map({ $0 > now }) ?? true,
            let (user, _) = try store.user(named: record.user), !user.disabled
        else { return nil }
        return user
    }

    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                    || "._-".unicodeScalars
                        .contains($0)
            }
    }

    static func check(_ password: String) throws {
        guard password.count >= minimumPasswordLength else {
            throw AccountError(
                .weakPassword, "the password is too short; use at least \(minimumPasswordLength) characters")
        }
        guard password.utf8.count <= 72 else {
            throw AccountError(.weakPassword, "the password is too long; bcrypt uses at most 72 bytes")
        }
    }

    /// A hash to verify against when the user does not exist, so that both cases take as long.
    private static let dummyHash = Bcrypt.hash("tally-no-such-user", cost: 12)
}

/// A refused account operation.
public struct AccountError: TallyError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        case invalidName, unknownOrgUnit, weakPassword
    }

    /// What went wrong.
    public let code: Code
    /// The sentence.
    public let message: String

    /// An error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var errorCode: String { "account.\(code.rawValue)" }
}
