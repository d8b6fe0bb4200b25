internal import HummingbirdBcrypt
public import TallyCore
public import TallyStore
public import TallyText

/// A user an admin adds: the fields of the users page, as typed (``Accounts/addUser(_:by:tree:now:)`` checks and
/// canonicalises each once).
public struct NewUser: Sendable, Equatable {
    /// The sign-in name, in any script (李明).
    public var name: String
    /// The name people read; may be empty.
    public var displayName: String
    /// What the user may do.
    public var role: UserRole
    /// The code of the org unit at the top of the user's subtree.
    public var orgUnit: String

    /// A user to add.
    public init(name: String, displayName: String, role: UserRole, orgUnit: String) {
        self.name = name
        self.displayName = displayName
        self.role = role
        self.orgUnit = orgUnit
    }
}

/// What the users page does: an admin manages the users whose org unit lies in the admin's subtree — adds them with a
/// one-time password, disables and enables them, resets their password, changes their role, unit and display name,
/// lists and revokes their API tokens. Every call takes the admin as the store has them (`by`) and the tree, and
/// refuses with ``AccountError``: `notAdmin` for anyone but an admin, `outsideSubtree` for a user above or beside
/// the admin, `unitOutsideSubtree` for a unit the admin may not grant, `ownAccount` for the admin's own role, unit,
/// password or access (so that no admin locks themselves out; their own password changes on the password page).
/// Only admins manage users, so no one can grant a role above their own; what an admin may grant is bounded by the
/// subtree.
extension Accounts {
    /// The longest display name, in characters.
    public static let maximumDisplayNameLength = 100

    /// The users whose org unit is in the admin's subtree, by name (users of a unit no longer in the tree are in no
    /// one's subtree; `tally user` still reaches them).
    public func managedUsers(by admin: UserAccount, tree: OrgUnitTree) throws -> [UserAccount] {
        let subtree = try Self.subtree(of: admin, tree: tree)
        return try store.users().filter { user in tree.index[user.orgUnit].map(subtree.contains) ?? false }
    }

    /// Adds a user with a one-time password, which they must change at their first sign-in.
    ///
    /// - Returns: the user as stored and the one-time password, to be shown once (only its hash is stored).
    /// - Throws: ``AccountError``: the refusals above, `invalidName`, `invalidDisplayName`, `unknownOrgUnit`,
    ///   `userExists` (also for another spelling of the same name, such as its decomposed form).
    public func addUser(
        _ new: NewUser, by admin: UserAccount, tree: OrgUnitTree, now: Int64
    ) throws -> (user: UserAccount, oneTimePassword: String) {
        let subtree = try Self.subtree(of: admin, tree: tree)
        let name = try Self.canonicalName(new.name)
        let user = UserAccount(
            name: name, role: new.role, orgUnit: try Self.grantableUnit(new.orgUnit, by: admin, tree: tree, subtree),
            created: now, displayName: try Self.canonicalDisplayName(new.displayName), mustChangePassword: true)
        let password = Self.oneTimePassword()
        do {
            try store.addUser(user, passwordHash: Bcrypt.hash(password, cost: cost))
        } catch let error as StoreError where error.code == .alreadyExists {
            throw AccountError(
                .userExists, Localized(zh: "已有名为“\(name)”的用户", en: "there is already a user named '\(name)'"))
        }
        return (user, password)
    }

    /// Disables a user (their sessions end and their API tokens are revoked; they cannot sign in) or enables them.
    @discardableResult
    public func setDisabled(
        name: String, disabled: Bool, by admin: UserAccount, tree: OrgUnitTree
    ) throws -> UserAccount {
        var user = try managedUser(name, by: admin, tree: tree, changingOwn: true)
        try store.setDisabled(user: user.name, disabled: disabled)
        user.disabled = disabled
        return user
    }

    /// Gives a user a new one-time password, which they must change at their next sign-in; their sessions end and
    /// their API tokens are revoked.
    ///
    /// - Returns: the one-time password, to be shown once.
    public func resetPassword(name: String, by admin: UserAccount, tree: OrgUnitTree) throws -> String {
        let user = try managedUser(name, by: admin, tree: tree, changingOwn: true)
        let password = Self.oneTimePassword()
        try store.setPasswordHash(user: user.name, hash: Bcrypt.hash(password, cost: cost), mustChange: true)
        return password
    }

    /// Changes a user's role, org unit and display name.
    @discardableResult
    public func changeUser(
        name: String, role: UserRole, orgUnit: String, displayName: String, by admin: UserAccount,
        tree: OrgUnitTree
    ) throws -> UserAccount {
        let subtree = try Self.subtree(of: admin, tree: tree)
        var user = try managedUser(name, by: admin, tree: tree, changingOwn: false)
        let unit = try Self.grantableUnit(orgUnit, by: admin, tree: tree, subtree)
        let displayName = try Self.canonicalDisplayName(displayName)
        if user.name == admin.name, role != user.role || unit != user.orgUnit {
            throw Self.ownAccount(admin)
        }
        try store.updateUser(name: user.name, role: role, orgUnit: unit, displayName: displayName)
        user.role = role
        user.orgUnit = unit
        user.displayName = displayName
        return user
    }

    /// A managed user's API tokens that have not ended, oldest first.
    public func managedTokens(
        name: String, by admin: UserAccount, tree: OrgUnitTree, now: Int64
    ) throws -> [APITokenRecord] {
        try tokens(user: try managedUser(name, by: admin, tree: tree, changingOwn: false).name, now: now)
    }

    /// Revokes one of a managed user's API tokens, named by its ``APITokenRecord/id``.
    ///
    /// - Throws: ``AccountError`` `unknownToken` when the user has no token with this id.
    public func revokeToken(name: String, id: String, by admin: UserAccount, tree: OrgUnitTree) throws {
        let user = try managedUser(name, by: admin, tree: tree, changingOwn: false)
        guard try revokeToken(user: user.name, id: id) else {
            throw AccountError(
                .unknownToken,
                Localized(
                    zh: "\(user.name) 没有编号为“\(LogText.escaped(id, length: 40))”的 API 令牌",
                    en: "\(user.name) has no API token with the id '\(LogText.escaped(id, length: 40))'"))
        }
    }

    /// A user's own new password, given with the current one (a one-time password among them); nothing is left to
    /// change at sign-in. The user's sessions end and API tokens are revoked; the caller starts a new session.
    ///
    /// - Throws: ``AccountError``: `wrongPassword`, `samePassword`, `weakPassword`, `unknownUser`.
    public func changeOwnPassword(name: String, current: String, new: String) throws {
        guard current.utf8.count <= 72, let user = try verify(name: name, password: current) else {
            throw AccountError(
                .wrongPassword, Localized(zh: "当前密码不正确", en: "the current password is wrong"))
        }
        guard new != current else {
            throw AccountError(
                .samePassword,
                Localized(zh: "新密码不能与当前密码相同", en: "the new password must differ from the current one"))
        }
        try Self.check(new)
        try store.setPasswordHash(user: user.name, hash: Bcrypt.hash(new, cost: cost), mustChange: false)
    }

    /// The canonical form of a display name (trimmed, NFC, no hidden characters), at most
    /// ``maximumDisplayNameLength`` characters; empty for none.
    public static func canonicalDisplayName(_ text: String) throws(AccountError) -> String {
        let canonical: String
        do throws(CanonicalError) {
            canonical = try Canonical.canonical(text, as: .name)
        } catch {
            let refused = error.messages()
            throw AccountError(
                .invalidDisplayName,
                Localized(zh: "显示名被拒绝：\(refused.zh)", en: "the display name is refused: \(refused.en)"))
        }
        guard canonical.count <= maximumDisplayNameLength else {
            throw AccountError(
                .invalidDisplayName,
                Localized(
                    zh: "显示名有\(canonical.count)个字符；最多\(maximumDisplayNameLength)个",
                    en: "the display name has \(canonical.count) characters; at most \(maximumDisplayNameLength)"))
        }
        return canonical
    }

    /// The characters of one-time passwords: letters and digits that are not read as one another (no 0/O, 1/l/I).
    static let oneTimeAlphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// A new one-time password: three groups of four characters from ``oneTimeAlphabet`` (about 69 bits), drawn
    /// from the system's cryptographic generator.
    static func oneTimePassword() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<3).map { _ in
            String((0..<4).map { _ in oneTimeAlphabet.randomElement(using: &generator)! })
        }.joined(separator: "-")
    }

    /// The admin's subtree, or `notAdmin`.
    static func subtree(of admin: UserAccount, tree: OrgUnitTree) throws -> Range<Int> {
        guard admin.role == .admin, !admin.disabled, let root = tree.index[admin.orgUnit] else {
            throw AccountError(
                .notAdmin,
                Localized(
                    zh: "只有管理员可以管理用户；\(admin.name) 是\(admin.role.rawValue)",
                    en: "only an admin may manage users; \(admin.name) is \(admin.role.rawValue)"))
        }
        return tree.subtree(root)
    }

    /// The stored user with this name if the admin may manage them (their unit is in the admin's subtree; their own
    /// account only when not `changingOwn` access or password).
    func managedUser(
        _ name: String, by admin: UserAccount, tree: OrgUnitTree, changingOwn: Bool
    ) throws -> UserAccount {
        let subtree = try Self.subtree(of: admin, tree: tree)
        let name = try Self.canonicalName(name)
        guard let (user, _) = try store.user(named: name) else {
            throw AccountError(.unknownUser, Localized(zh: "没有名为“\(name)”的用户", en: "there is no user named '\(name)'"))
        }
        guard let unit = tree.index[user.orgUnit], subtree.contains(unit) else {
            throw AccountError(
                .outsideSubtree,
                Localized(
                    zh: "\(admin.name) 不能管理 \(user.name)：其单位 \(user.orgUnit) 不在 \(admin.orgUnit) 范围内",
                    en:
                        "\(admin.name) may not manage \(user.name): their unit \(user.orgUnit) is outside \(admin.orgUnit)"
                ))
        }
        if changingOwn, user.name == admin.name { throw Self.ownAccount(admin) }
        return user
    }

    static func ownAccount(_ admin: UserAccount) -> AccountError {
        AccountError(
            .ownAccount,
            Localized(
                zh: "\(admin.name) 不能停用自己、更改自己的角色或单位、重置自己的密码；请另一位管理员操作，或在“修改密码”页更改密码",
                en:
                    "\(admin.name) may not disable themselves, change their own role or unit or reset their own password; ask another admin, or change the password on the password page"
            ))
    }

    /// The canonical code of a unit in the admin's subtree.
    static func grantableUnit(
        _ typed: String, by admin: UserAccount, tree: OrgUnitTree, _ subtree: Range<Int>
    ) throws -> String {
        let code: String
        do throws(CanonicalError) {
            code = try Canonical.canonical(typed, as: .code)
        } catch {
            throw AccountError(.unknownOrgUnit, error.messages(fieldNamed: "orgunit"))
        }
        guard let unit = tree.index[code] else {
            throw AccountError(
                .unknownOrgUnit,
                Localized(
                    zh: "“\(LogText.escaped(code, length: 80))”不是单位代码；应为单位树中的代码",
                    en: "'\(LogText.escaped(code, length: 80))' is not an org unit code; expected a code from the tree")
            )
        }
        guard subtree.contains(unit) else {
            throw AccountError(
                .unitOutsideSubtree,
                Localized(
                    zh: "\(admin.name) 不能把用户放在 \(code)：它不在 \(admin.orgUnit) 范围内",
                    en: "\(admin.name) may not give a user the unit \(code): it is outside \(admin.orgUnit)"))
        }
        return code
    }
}
