import Foundation
import TallyCore
import TallyServerTesting
import TallyStore
import TallyText
import Testing

@testable import Tally

/// The users page's calls: an admin adds, disables, enables, resets, changes and lists the users of their subtree and
/// revokes their tokens; hostile names and an admin reaching outside the subtree are refused. On SQLite and
/// PostgreSQL.
@Suite struct UserAdminUseCaseTests {
    static let now: Int64 = 1_772_712_000

    /// The county with admins at the county (C) and at town A (TA), an analyst of town B and a clerk of village A1.
    struct Setup {
        let county: County
        let accounts: Accounts
        var tree: OrgUnitTree { county.workspace.tree }
        let county_admin = UserAccount(name: "county.admin", role: .admin, orgUnit: "C", created: 0)
        let town_admin = UserAccount(name: "town.admin", role: .admin, orgUnit: "TA", created: 0)

        init(_ backend: TestBackend) throws {
            county = try County.make(backend, data: "dataelement,period,orgunit,categoryoptioncombo,value\n")
            accounts = Accounts(store: county.workspace.store as! any AccountStore, cost: 4)
            for (user, password) in [
                (county_admin, "county-password"), (town_admin, "town-password"),
                (UserAccount(name: "b.analyst", role: .analyst, orgUnit: "TB", created: 0), "analyst-password"),
                (UserAccount(name: "a1.clerk", role: .clerk, orgUnit: "A1", created: 0), "clerk-password"),
            ] {
                try accounts.addUser(
                    name: user.name, password: password, role: user.role, orgUnit: user.orgUnit,
                    units: Set(county.workspace.tree.index.keys), now: 0)
            }
        }

        func refusal<T>(_ body: () throws -> T) -> AccountError.Code? {
            thrown(AccountError.self, body)?.code
        }

        /// Adds a user as `admin`; the refusal, or `nil` when the user was added.
        func add(
            _ name: String, display: String = "", _ role: UserRole = .clerk, _ unit: String = "A1",
            by admin: UserAccount
        ) -> AccountError? {
            thrown(AccountError.self) {
                try accounts.addUser(
                    NewUser(name: name, displayName: display, role: role, orgUnit: unit), by: admin, tree: tree,
                    now: UserAdminUseCaseTests.now)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anAdminAddsLiMingWhoMustChangeTheOneTimePassword(_ backend: TestBackend) throws {
        let s = try Setup(backend)
        defer { s.county.remove() }
        // Typed with spaces around and in decomposed form where it has one: stored once, canonical.
        let (user, password) = try s.accounts.addUser(
            NewUser(name: " 李明 ", displayName: " 李明（甲一村） ", role: .clerk, orgUnit: " A1 "),
            by: s.town_admin, tree: s.tree, now: Self.now)
        #expect(
            user
                == UserAccount(
                    name: "李明", role: .clerk, orgUnit: "A1", created: Self.now, displayName: "李明（甲一村）",
                    mustChangePassword: true))
        #expect(try s.accounts.store.user(named: "李明")?.user == user)
        // Three groups of four unambiguous characters.
        #expect(password.count == 14)
        #expect(password.split(separator: "-").map(\.count) == [4, 4, 4])
        #expect(password.allSatisfy { $0 == "-" || Accounts.oneTimeAlphabet.contains($0) })
        // The one-time password signs in; the user's own replaces it and clears the flag.
        #expect(try s.accounts.verify(name: "李明", password: password)?.mustChangePassword == true)
        #expect(
            s.refusal { try s.accounts.changeOwnPassword(name: "李明", current: "wrong-password", new: "a-long-secret") }
                == .wrongPassword)
        #expect(
            s.refusal { try s.accounts.changeOwnPassword(name: "李明", current: password, new: password) }
                == .samePassword)
        #expect(
            s.refusal { try s.accounts.changeOwnPassword(name: "李明", current: password, new: "short") }
                == .weakPassword)
        try s.accounts.changeOwnPassword(name: "李明", current: password, new: "李明的新密码-2026")
        #expect(try s.accounts.verify(name: "李明", password: password) == nil)
        #expect(try s.accounts.verify(name: "李明", password: "李明的新密码-2026")?.mustChangePassword == false)
        // The county's admin sees every user, the town's admin those of town A only.
        #expect(
            try s.accounts.managedUsers(by: s.county_admin, tree: s.tree).map(\.name)
                == ["a1.clerk", "b.analyst", "county.admin", "town.admin", "李明"])
        #expect(
            try s.accounts.managedUsers(by: s.town_admin, tree: s.tree).map(\.name) == ["a1.clerk", "town.admin", "李明"])
    }

    @Test(arguments: TestBackend.available)
    func hostileNamesAreRefusedAndTheSameNameInAnotherFormCollides(_ backend: TestBackend) throws {
        let s = try Setup(backend)
        defer { s.county.remove() }
        func add(_ name: String, display: String = "") -> AccountError.Code? {
            s.add(name, display: display, by: s.county_admin)?.code
        }
        // "José" composed (U+00E9) and decomposed (e + U+0301) are one name.
        #expect(add("Jos\u{E9}") == nil)
        #expect(add("Jose\u{301}") == .userExists)
        #expect(try s.accounts.store.users().filter { $0.name.unicodeScalars.first == "J" }.count == 1)
        for name in [
            "li\u{0}ming", "li\u{7}ming", "li\nming", "li\u{200B}ming", "li\u{202E}gnim", "li ming", "li<b>", "",
            String(repeating: "名", count: 65),
        ] {
            #expect(add(name) == .invalidName, "\(name.debugDescription)")
        }
        #expect(add(String(repeating: "名", count: 64)) == nil)
        #expect(add("wang", display: "王\u{0}五") == .invalidDisplayName)
        #expect(add("wang", display: "王\u{200B}五") == .invalidDisplayName)
        #expect(add("wang", display: String(repeating: "王", count: 101)) == .invalidDisplayName)
        #expect(add("wang", display: String(repeating: "王", count: 100)) == nil)
        // Nothing was written for any refusal.
        #expect(try s.accounts.store.users().count == 4 + 3)
    }

    @Test(arguments: TestBackend.available)
    func anAdminManagesOnlyTheirSubtree(_ backend: TestBackend) throws {
        let s = try Setup(backend)
        defer { s.county.remove() }
        let a = s.accounts
        let town = s.town_admin
        func add(_ name: String, _ role: UserRole, _ unit: String, by admin: UserAccount) -> AccountError.Code? {
            s.add(name, role, unit, by: admin)?.code
        }
        // A unit above (C) or beside (TB, B1) the town, or none, is refused; one inside is granted, any role.
        #expect(add("x1", .clerk, "C", by: town) == .unitOutsideSubtree)
        #expect(add("x2", .clerk, "TB", by: town) == .unitOutsideSubtree)
        #expect(add("x3", .admin, "B1", by: town) == .unitOutsideSubtree)
        #expect(add("x4", .clerk, "Z9", by: town) == .unknownOrgUnit)
        #expect(add("x5", .clerk, "A\u{0}1", by: town) == .unknownOrgUnit)
        #expect(add("x6", .admin, "A2", by: town) == nil)
        // Non-admins manage nobody, whatever the role they would grant; a disabled admin neither.
        let analyst = UserAccount(name: "b.analyst", role: .analyst, orgUnit: "TB", created: 0)
        let clerk = UserAccount(name: "a1.clerk", role: .clerk, orgUnit: "A1", created: 0)
        #expect(add("y1", .admin, "B1", by: analyst) == .notAdmin)
        #expect(add("y2", .clerk, "A1", by: clerk) == .notAdmin)
        var disabledAdmin = s.county_admin
        disabledAdmin.disabled = true
        #expect(add("y3", .clerk, "A1", by: disabledAdmin) == .notAdmin)
        #expect(s.refusal { try a.managedUsers(by: clerk, tree: s.tree) } == .notAdmin)
        #expect(s.refusal { try a.resetPassword(name: "a1.clerk", by: analyst, tree: s.tree) } == .notAdmin)
        // A user above (the county's admin) or beside (town B's analyst) the town's admin is out of reach.
        for name in ["county.admin", "b.analyst"] {
            #expect(
                s.refusal { try a.setDisabled(name: name, disabled: true, by: town, tree: s.tree) } == .outsideSubtree)
            #expect(s.refusal { try a.resetPassword(name: name, by: town, tree: s.tree) } == .outsideSubtree)
            #expect(
                s.refusal {
                    try a.changeUser(
                        name: name, role: .clerk, orgUnit: "A1", displayName: "", by: town, tree: s.tree)
                } == .outsideSubtree)
            #expect(
                s.refusal { try a.managedTokens(name: name, by: town, tree: s.tree, now: Self.now) } == .outsideSubtree)
            #expect(s.refusal { try a.revokeToken(name: name, id: "0", by: town, tree: s.tree) } == .outsideSubtree)
        }
        #expect(try a.store.user(named: "county.admin")?.user.disabled == false)
        #expect(try a.store.user(named: "b.analyst")?.user.orgUnit == "TB")
        // Moving a user of the town out of it, to a unit the town's admin may not grant, is refused.
        #expect(
            s.refusal {
                try a.changeUser(name: "a1.clerk", role: .clerk, orgUnit: "B1", displayName: "", by: town, tree: s.tree)
            } == .unitOutsideSubtree)
        #expect(s.refusal { try a.setDisabled(name: "nobody", disabled: true, by: town, tree: s.tree) } == .unknownUser)
        #expect(
            s.refusal { try a.setDisabled(name: "no\u{0}body", disabled: true, by: town, tree: s.tree) } == .invalidName
        )
        // Their own access, role and unit: another admin's to change.
        #expect(
            s.refusal { try a.setDisabled(name: "town.admin", disabled: true, by: town, tree: s.tree) } == .ownAccount)
        #expect(s.refusal { try a.resetPassword(name: "town.admin", by: town, tree: s.tree) } == .ownAccount)
        #expect(
            s.refusal {
                try a.changeUser(
                    name: "town.admin", role: .clerk, orgUnit: "TA", displayName: "", by: town, tree: s.tree)
            } == .ownAccount)
        #expect(
            s.refusal {
                try a.changeUser(
                    name: "town.admin", role: .admin, orgUnit: "A1", displayName: "", by: town, tree: s.tree)
            } == .ownAccount)
        // Their own display name is theirs to change.
        #expect(
            try a.changeUser(
                name: "town.admin", role: .admin, orgUnit: "TA", displayName: "甲镇管理员", by: town, tree: s.tree
            ).displayName == "甲镇管理员")
    }

    @Test(arguments: TestBackend.available)
    func disablingResettingAndRevokingEndWhatTheUserHeld(_ backend: TestBackend) throws {
        let s = try Setup(backend)
        defer { s.county.remove() }
        let a = s.accounts
        let town = s.town_admin
        let session = try a.startSession(user: "a1.clerk", now: Self.now, lifetime: 3600)
        let first = try a.createToken(user: "a1.clerk", label: "laptop", now: Self.now, days: 30)
        let second = try a.createToken(user: "a1.clerk", label: "import", now: Self.now + 1, days: 30)
        #expect(
            try a.managedTokens(name: "a1.clerk", by: town, tree: s.tree, now: Self.now + 2).map(\.label)
                == ["laptop", "import"])
        try a.revokeToken(name: "a1.clerk", id: first.record.id, by: town, tree: s.tree)
        #expect(try a.user(token: first.secret, now: Self.now + 2) == nil)
        #expect(try a.user(token: second.secret, now: Self.now + 2)?.user.name == "a1.clerk")
        #expect(
            s.refusal { try a.revokeToken(name: "a1.clerk", id: first.record.id, by: town, tree: s.tree) }
                == .unknownToken)
        // Disabled: no sign-in, no session, no token.
        let disabled = try a.setDisabled(name: "a1.clerk", disabled: true, by: town, tree: s.tree)
        #expect(disabled.disabled)
        #expect(try a.verify(name: "a1.clerk", password: "clerk-password") == nil)
        #expect(try a.session(id: session.id, now: Self.now + 3) == nil)
        #expect(try a.user(token: second.secret, now: Self.now + 3) == nil)
        // Enabled again: the password works, the ended session and token stay ended.
        try a.setDisabled(name: "a1.clerk", disabled: false, by: town, tree: s.tree)
        #expect(try a.verify(name: "a1.clerk", password: "clerk-password")?.name == "a1.clerk")
        #expect(try a.user(token: second.secret, now: Self.now + 3) == nil)
        // A reset: the old password stops, the one-time password must be changed, sessions end.
        let again = try a.startSession(user: "a1.clerk", now: Self.now, lifetime: 3600)
        let password = try a.resetPassword(name: "a1.clerk", by: town, tree: s.tree)
        #expect(try a.verify(name: "a1.clerk", password: "clerk-password") == nil)
        #expect(try a.verify(name: "a1.clerk", password: password)?.mustChangePassword == true)
        #expect(try a.session(id: again.id, now: Self.now + 4) == nil)
        #expect(try a.resetPassword(name: "a1.clerk", by: town, tree: s.tree) != password)
        // Role and unit change within the town.
        let changed = try a.changeUser(
            name: "a1.clerk", role: .analyst, orgUnit: "TA", displayName: "甲镇分析员", by: town, tree: s.tree)
        #expect(try a.store.user(named: "a1.clerk")?.user == changed)
        #expect(changed.role == .analyst && changed.orgUnit == "TA" && changed.displayName == "甲镇分析员")
    }

    @Test func everyRefusalSpeaksChineseAndEnglish() throws {
        let s = try Setup(.sqlite)
        defer { s.county.remove() }
        let a = s.accounts
        let town = s.town_admin
        let clerk = UserAccount(name: "a1.clerk", role: .clerk, orgUnit: "A1", created: 0)
        func add(_ name: String, _ display: String, _ unit: String) -> AccountError? {
            s.add(name, display: display, .clerk, unit, by: town)
        }
        let errors: [AccountError?] = [
            thrown(AccountError.self) { try a.managedUsers(by: clerk, tree: s.tree) },
            thrown(AccountError.self) { try a.resetPassword(name: "county.admin", by: town, tree: s.tree) },
            thrown(AccountError.self) { try a.resetPassword(name: "town.admin", by: town, tree: s.tree) },
            thrown(AccountError.self) { try a.resetPassword(name: "nobody", by: town, tree: s.tree) },
            thrown(AccountError.self) { try a.revokeToken(name: "a1.clerk", id: "x", by: town, tree: s.tree) },
            add("a1.clerk", "", "A1"), add("new", "", "TB"), add("new", "", "Z9"), add("new", "王\u{0}", "A1"),
            add("new", String(repeating: "王", count: 101), "A1"),
            thrown(AccountError.self) { try a.changeOwnPassword(name: "a1.clerk", current: "no", new: "x") },
            thrown(AccountError.self) {
                try a.changeOwnPassword(name: "a1.clerk", current: "clerk-password", new: "clerk-password")
            },
        ]
        let codes = errors.map { $0?.code }
        #expect(
            codes == [
                .notAdmin, .outsideSubtree, .ownAccount, .unknownUser, .unknownToken, .userExists, .unitOutsideSubtree,
                .unknownOrgUnit, .invalidDisplayName, .invalidDisplayName, .wrongPassword, .samePassword,
            ])
        for error in errors.compactMap({ $0 }) {
            #expect(error.message(.zh) != error.message(.en), "\(error.code)")
            #expect(error.message(.zh).unicodeScalars.contains { $0.properties.isIdeographic }, "\(error.code)")
            #expect(error.errorCode == "account.\(error.code.rawValue)")
        }
    }
}
