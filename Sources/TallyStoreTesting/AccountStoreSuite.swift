internal import TallyCore
public import TallyStore
internal import Testing

/// The checks every ``AccountStore`` must pass, whatever database is behind it.
///
/// ```swift
/// @Test(arguments: AccountStoreSuite.checks) func sqlite(_ check: AccountStoreSuite.Check) throws {
///     try check.run { try SQLiteStore(path: ":memory:") }
/// }
/// ```
public enum AccountStoreSuite {
    /// One named check.
    public typealias Check = SuiteCheck<any AccountStore>

    /// Every check.
    public static let checks: [Check] = [
        Check(name: "users are added once, listed, changed and disabled", body: users),
        Check(name: "a user's display name, role and unit change; a one-time password must be changed", body: profiles),
        Check(name: "sessions expire and end with a password change", body: sessions),
        Check(name: "tokens are found by hash and revoked when the user is disabled", body: tokens),
        Check(name: "tokens end with a password change", body: tokensEndWithPassword),
        Check(name: "a user's tokens are listed and revoked one by one", body: tokenList),
        Check(name: "period overrides are kept in order", body: overrides),
        Check(name: "report events are kept in order, each number once", body: reportEvents),
        Check(name: "a write's report events commit and roll back with its values", body: eventsWithValues),
        Check(name: "import mappings are kept per user, latest first, bounded", body: importMappings),
    ]

    static func users(_ store: any AccountStore) throws {
        try store.addUser(UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 10), passwordHash: "h1")
        try store.addUser(UserAccount(name: "admin", role: .admin, orgUnit: "C", created: 11), passwordHash: "h2")
        #expect(throws: StoreError.self) {
            try store.addUser(UserAccount(name: "li", role: .admin, orgUnit: "C", created: 12), passwordHash: "x")
        }
        #expect(try store.users().map(\.name) == ["admin", "li"])
        let li = try #require(try store.user(named: "li"))
        #expect(li.user == UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 10))
        #expect(li.passwordHash == "h1")
        try store.setPasswordHash(user: "li", hash: "h3")
        #expect(try store.user(named: "li")?.passwordHash == "h3")
        try store.setDisabled(user: "li", disabled: true)
        #expect(try store.user(named: "li")?.user.disabled == true)
        try store.setDisabled(user: "li", disabled: false)
        #expect(try store.user(named: "li")?.user.disabled == false)
        #expect(throws: StoreError.self) { try store.setDisabled(user: "nobody", disabled: true) }
        #expect(throws: StoreError.self) { try store.setPasswordHash(user: "nobody", hash: "x") }
        #expect(try store.user(named: "nobody") == nil)
    }

    static func profiles(_ store: any AccountStore) throws {
        let li = UserAccount(
            name: "李明", role: .clerk, orgUnit: "A1", created: 10, displayName: "李明 (甲一村)", mustChangePassword: true)
        try store.addUser(li, passwordHash: "h1")
        try store.addUser(UserAccount(name: "wang", role: .clerk, orgUnit: "A2", created: 11), passwordHash: "h2")
        #expect(try store.user(named: "李明")?.user == li)
        #expect(try store.users().first { $0.name == "wang" }?.displayName == "")
        try store.updateUser(name: "李明", role: .analyst, orgUnit: "TA", displayName: "李明")
        var changed = li
        changed.role = .analyst
        changed.orgUnit = "TA"
        changed.displayName = "李明"
        #expect(try store.user(named: "李明")?.user == changed)
        #expect(try store.users().first { $0.name == "李明" } == changed)
        #expect(try store.user(named: "wang")?.user.role == .clerk)
        #expect(throws: StoreError.self) {
            try store.updateUser(name: "nobody", role: .admin, orgUnit: "C", displayName: "")
        }
        // The user chooses a password: nothing more to change; a reset sets the flag again and ends the sessions.
        try store.setPasswordHash(user: "李明", hash: "h3")
        #expect(try store.user(named: "李明")?.user.mustChangePassword == false)
        #expect(try store.user(named: "李明")?.passwordHash == "h3")
        try store.createSession(SessionRecord(idHash: "s", user: "李明", csrfToken: "c", created: 0, expires: 900))
        try store.setPasswordHash(user: "李明", hash: "h4", mustChange: true)
        #expect(try store.user(named: "李明")?.user.mustChangePassword == true)
        #expect(try store.session(idHash: "s") == nil)
        #expect(throws: StoreError.self) { try store.setPasswordHash(user: "nobody", hash: "x", mustChange: true) }
    }

    static func sessions(_ store: any AccountStore) throws {
        try store.addUser(UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 0), passwordHash: "h")
        let old = SessionRecord(idHash: "s1", user: "li", csrfToken: "c1", created: 0, expires: 100)
        let new = SessionRecord(idHash: "s2", user: "li", csrfToken: "c2", created: 50, expires: 500)
        try store.createSession(old)
        try store.createSession(new)
        #expect(try store.session(idHash: "s1") == old)
        #expect(try store.deleteExpiredSessions(now: 200) == 1)
        #expect(try store.session(idHash: "s1") == nil)
        #expect(try store.session(idHash: "s2") == new)
        try store.deleteSession(idHash: "s2")
        #expect(try store.session(idHash: "s2") == nil)
        try store.createSession(new)
        try store.setPasswordHash(user: "li", hash: "h2")
        #expect(try store.session(idHash: "s2") == nil)
    }

    static func tokens(_ store: any AccountStore) throws {
        try store.addUser(UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 0), passwordHash: "h")
        let token = APITokenRecord(hash: "t1", user: "li", label: "import", created: 5, expires: nil)
        try store.createToken(token)
        #expect(try store.token(hash: "t1") == token)
        #expect(try store.token(hash: "t2") == nil)
        try store.createSession(SessionRecord(idHash: "s", user: "li", csrfToken: "c", created: 0, expires: 900))
        try store.setDisabled(user: "li", disabled: true)
        #expect(try store.token(hash: "t1") == nil)
        #expect(try store.session(idHash: "s") == nil)
    }

    static func tokensEndWithPassword(_ store: any AccountStore) throws {
        try store.addUser(UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 0), passwordHash: "h")
        try store.addUser(UserAccount(name: "wang", role: .clerk, orgUnit: "A1", created: 0), passwordHash: "h")
        try store.createToken(APITokenRecord(hash: "t1", user: "li", label: "a", created: 5, expires: 900))
        try store.createToken(APITokenRecord(hash: "t2", user: "wang", label: "b", created: 5, expires: 900))
        try store.setPasswordHash(user: "li", hash: "h2")
        #expect(try store.token(hash: "t1") == nil)
        #expect(try store.tokens(user: "li").isEmpty)
        #expect(try store.token(hash: "t2") != nil)
    }

    static func tokenList(_ store: any AccountStore) throws {
        try store.addUser(UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 0), passwordHash: "h")
        try store.addUser(UserAccount(name: "wang", role: .clerk, orgUnit: "A1", created: 0), passwordHash: "h")
        let first = APITokenRecord(hash: "b1", user: "li", label: "laptop", created: 5, expires: 900)
        let second = APITokenRecord(hash: "a2", user: "li", label: "import", created: 7, expires: nil)
        let other = APITokenRecord(hash: "c3", user: "wang", label: "x", created: 6, expires: 900)
        for token in [second, other, first] { try store.createToken(token) }
        #expect(try store.tokens(user: "li") == [first, second])
        #expect(try store.tokens(user: "nobody").isEmpty)
        try store.deleteToken(hash: "b1")
        try store.deleteToken(hash: "none")
        #expect(try store.tokens(user: "li") == [second])
        #expect(try store.token(hash: "b1") == nil)
        #expect(try store.token(hash: "c3") == other)
    }

    static func overrides(_ store: any AccountStore) throws {
        let first = PeriodOverride(
            dataset: "monthly", period: "202601", orgUnit: "C", open: true, until: "2026-03-31", by: "admin", at: 1)
        let second = PeriodOverride(
            dataset: "monthly", period: "202601", orgUnit: "TA", open: false, until: nil, by: "admin", at: 2)
        try store.addPeriodOverride(first)
        try store.addPeriodOverride(second)
        try store.addPeriodOverride(
            PeriodOverride(dataset: "yearly", period: "2026", orgUnit: "C", open: true, until: nil, by: "a", at: 3))
        #expect(try store.periodOverrides(dataset: "monthly", period: "202601") == [first, second])
        #expect(try store.periodOverrides(dataset: "monthly", period: "202602").isEmpty)
    }

    static func reportEvents(_ store: any AccountStore) throws {
        let submit = ReportEvent(
            dataset: "monthly", orgUnit: "A1", period: "202601", seq: 1, action: .submit, by: "li", at: 10)
        let returned = ReportEvent(
            dataset: "monthly", orgUnit: "A1", period: "202601", seq: 2, action: .return, comment: "核对 “出生”\n",
            by: "wang", at: 20)
        let other = ReportEvent(
            dataset: "monthly", orgUnit: "A2", period: "202602", seq: 1, action: .submit, by: "zhao", at: 30)
        #expect(try store.addReportEvent(submit))
        #expect(try store.addReportEvent(other))
        #expect(try store.addReportEvent(returned))
        var late = returned
        late.action = .approve
        #expect(try store.addReportEvent(late) == false)
        #expect(
            try store.addReportEvent(
                ReportEvent(
                    dataset: "yearly", orgUnit: "A1", period: "202601", seq: 1, action: .submit, by: "li", at: 1)))
        #expect(try store.reportEvents(dataset: "monthly", periods: ["202601"]) == [submit, returned])
        #expect(
            try store.reportEvents(dataset: "monthly", periods: ["202602", "202601"]) == [submit, returned, other])
        #expect(try store.reportEvents(dataset: "monthly", periods: []).isEmpty)
        #expect(try store.reportEvents(dataset: "monthly", periods: ["202603"]).isEmpty)
        // One unit's reports only.
        #expect(
            try store.reportEvents(dataset: "monthly", periods: ["202602", "202601"], orgUnits: ["A2"]) == [other])
        #expect(
            try store.reportEvents(dataset: "monthly", periods: ["202602", "202601"], orgUnits: ["A1", "A9"]) == [
                submit, returned,
            ])
        #expect(try store.reportEvents(dataset: "monthly", periods: ["202601"], orgUnits: []).isEmpty)
        #expect(try store.reportEvents(dataset: "monthly", periods: ["202601"], orgUnits: ["A2"]).isEmpty)
        // A partner's registration is a report of its own: numbered from 1 beside the whole report's events.
        let partner = ReportEvent(
            dataset: "monthly", orgUnit: "A1", period: "202601", attributeCombo: "pb", seq: 1, action: .submit,
            by: "li", at: 40)
        let otherPartner = ReportEvent(
            dataset: "monthly", orgUnit: "A1", period: "202601", attributeCombo: "pa", seq: 1, action: .submit,
            by: "zhao", at: 50)
        #expect(try store.addReportEvent(partner))
        #expect(try store.addReportEvent(otherPartner))
        #expect(try store.addReportEvent(partner) == false)
        #expect(
            try store.reportEvents(dataset: "monthly", periods: ["202601"]) == [
                submit, returned, otherPartner, partner,
            ])
    }

    /// A store upgraded by migration `v11` from one that held A1's January report submitted by li (at 10) and approved
    /// by wang (at 20, "ok"): those are the report as a whole, and a partner's registration is added beside them.
    public static func upgradedReportEvents(_ store: any AccountStore) throws {
        let partner = ReportEvent(
            dataset: "monthly", orgUnit: "A1", period: "202601", attributeCombo: "pa", seq: 1, action: .submit,
            by: "zhao", at: 30)
        #expect(try store.addReportEvent(partner))
        #expect(
            try store.reportEvents(dataset: "monthly", periods: ["202601"]) == [
                ReportEvent(
                    dataset: "monthly", orgUnit: "A1", period: "202601", seq: 1, action: .submit, by: "li", at: 10),
                ReportEvent(
                    dataset: "monthly", orgUnit: "A1", period: "202601", seq: 2, action: .approve, comment: "ok",
                    by: "wang", at: 20),
                partner,
            ])
    }

    /// A report event added through a write's writer is part of its transaction: a failed write (it throws after
    /// the value and the event) and a dry run leave neither; a committed one both; the writer reads its own event.
    static func eventsWithValues(_ accounts: any AccountStore) throws {
        let store = try #require(accounts as? any Store)
        let c = try StoreSuite.prepared(store)
        struct Broken: Error {}
        let withdraw = ReportEvent(
            dataset: "monthly", orgUnit: "V1", period: "202510", seq: 2, action: .withdraw, by: "li", at: 20)
        #expect(
            try accounts.addReportEvent(
                ReportEvent(
                    dataset: "monthly", orgUnit: "V1", period: "202510", seq: 1, action: .submit, by: "li", at: 10)))
        let batch = WriteBatch(source: "form", user: "li", time: 20)
        func write(_ w: any ValueWriter) throws {
            _ = try w.upsert(ValueWrite(key: try StoreSuite.key(c, w), value: 4))
            #expect(try w.addReportEvent(withdraw))
            #expect(
                try w.reportEvents(dataset: "monthly", orgUnit: "V1", period: "202510", attributeCombo: "").map(
                    \.action) == [.submit, .withdraw])
            #expect(
                try w.reportEvents(dataset: "monthly", orgUnit: "V1", period: "202510", attributeCombo: "pa").isEmpty)
        }
        #expect(throws: Broken.self) {
            try store.write(batch, commit: true) { w in
                try write(w)
                throw Broken()
            }
        }
        try store.write(batch, commit: false) { w in try write(w) }
        let key = ValueKey(
            element: c.elements["births"]!, period: try store.catalog().periodIDs[try Period("202510")] ?? -1,
            orgUnit: c.orgUnits["V1"]!, combo: c.combos["male"]!)
        #expect(try store.value(key) == nil)
        #expect(try accounts.reportEvents(dataset: "monthly", periods: ["202510"]).map(\.action) == [.submit])
        try store.write(batch, commit: true) { w in try write(w) }
        #expect(
            try accounts.reportEvents(dataset: "monthly", periods: ["202510"]).map(\.action) == [.submit, .withdraw])
        #expect(try store.write(batch, commit: true) { w in try w.addReportEvent(withdraw) } == false)
    }

    /// A user's column mapping: a title mapped again takes the new element and moves first; other users' are
    /// apart; only the ``importMappingLimit`` most recently used titles are kept.
    static func importMappings(_ store: any AccountStore) throws {
        #expect(try store.importMapping(user: "wang").isEmpty)
        try store.rememberImportMapping(
            user: "wang", titles: [("访视人数", "visits"), ("男", "births.male"), ("村名", "orgunit")], at: 10)
        try store.rememberImportMapping(user: "li", titles: [("访视人数", "births")], at: 20)
        try store.rememberImportMapping(user: "wang", titles: [("男", "births.female"), ("备注", "")], at: 30)
        let wang = try store.importMapping(user: "wang")
        #expect(wang.map(\.title) == ["备注", "男", "村名", "访视人数"])
        #expect(wang.map(\.element) == ["", "births.female", "orgunit", "visits"])
        #expect(try store.importMapping(user: "li").map(\.element) == ["births"])
        let many = (0..<(importMappingLimit + 5)).map { (title: "列\($0)", element: "visits") }
        try store.rememberImportMapping(user: "li", titles: many, at: 40)
        try store.rememberImportMapping(user: "li", titles: [("最新", "births")], at: 50)
        let li = try store.importMapping(user: "li")
        #expect(li.count == importMappingLimit)
        #expect(li.first?.title == "最新")
        #expect(!li.contains { $0.title == "访视人数" })
        #expect(try store.importMapping(user: "wang").count == 4)
    }
}
