internal import GRDB
public import TallyStore

extension SQLiteStore: AccountStore {
    /// The tables of users, sessions, API tokens and period locks (migration `v4 accounts`).
    static func createAccountTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE user_account (
                    name TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'clerk')),
                    org_unit TEXT NOT NULL, password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
                    created INTEGER NOT NULL);
                CREATE TABLE user_session (
                    id_hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES user_account(name) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL);
                CREATE INDEX user_session_user ON user_session (user);
                CREATE TABLE api_token (
                    hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES user_account(name) ON DELETE CASCADE,
                    label TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER);
                CREATE INDEX api_token_user ON api_token (user);
                CREATE TABLE period_override (
                    id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, period TEXT NOT NULL, org_unit TEXT NOT NULL,
                    open INTEGER NOT NULL, until TEXT, decided_by TEXT NOT NULL, decided_at INTEGER NOT NULL);
                CREATE INDEX period_override_key ON period_override (dataset, period);
                """)
    }

    /// A user's display name and whether the password must be changed (migration `v6 user profiles`).
    static func addUserProfiles(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE user_account ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
                ALTER TABLE user_account ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
                """)
    }

    /// The steps of reports' submission and approval (migration `v7 report events`).
    static func createReportEvents(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE report_event (
                    dataset TEXT NOT NULL, period TEXT NOT NULL, org_unit TEXT NOT NULL, seq INTEGER NOT NULL,
                    action TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', done_by TEXT NOT NULL,
                    done_at INTEGER NOT NULL, PRIMARY KEY (dataset, period, org_unit, seq));
                """)
    }

    /// Reports per attribute option combo (migration `v12 report events per attribute combo`): the key gains the
    /// attribute option combo, empty for the report as a whole, which every earlier event is.
    static func addReportEventAttributeCombos(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE report_event_new (
                    dataset TEXT NOT NULL, period TEXT NOT NULL, org_unit TEXT NOT NULL,
                    attribute_combo TEXT NOT NULL DEFAULT '', seq INTEGER NOT NULL, action TEXT NOT NULL,
                    comment TEXT NOT NULL DEFAULT '', done_by TEXT NOT NULL, done_at INTEGER NOT NULL,
                    PRIMARY KEY (dataset, period, org_unit, attribute_combo, seq));
                INSERT INTO report_event_new (dataset, period, org_unit, seq, action, comment, done_by, done_at)
                    SELECT dataset, period, org_unit, seq, action, comment, done_by, done_at FROM report_event;
                DROP TABLE report_event;
                ALTER TABLE report_event_new RENAME TO report_event;
                """)
    }

    /// The column mappings of wide sheets each user chose on the import page (migration `v8 import mappings`).
    static func createImportMappings(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE import_mapping (
                    user_name TEXT NOT NULL, title TEXT NOT NULL, element TEXT NOT NULL, used_at INTEGER NOT NULL,
                    PRIMARY KEY (user_name, title));
                """)
    }

    public func rememberImportMapping(
        user: String, titles: [(title: String, element: String)], at time: Int64
    ) throws {
        guard !titles.isEmpty else { return }
        try wrap {
            try queue.write { db in
                for (title, element) in titles.prefix(importMappingLimit) {
                    try db.execute(
                        sql: """
                            INSERT INTO import_mapping (user_name, title, element, used_at) VALUES (?, ?, ?, ?)
                            ON CONFLICT (user_name, title) DO UPDATE SET element = excluded.element,
                                used_at = excluded.used_at
                            """, arguments: [user, title, element, time])
                }
                try db.execute(
                    sql: """
                        DELETE FROM import_mapping WHERE user_name = ? AND title NOT IN (
                            SELECT title FROM import_mapping WHERE user_name = ? ORDER BY used_at DESC, title
                            LIMIT ?)
                        """, arguments: [user, user, importMappingLimit])
            }
        }
    }

    public func importMapping(user: String) throws -> [(title: String, element: String)] {
        try wrap {
            try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT title, element FROM import_mapping WHERE user_name = ? ORDER BY used_at DESC, title
                        LIMIT ?
                        """, arguments: [user, importMappingLimit]
                ).map { (title: $0["title"], element: $0["element"]) }
            }
        }
    }

    public func addUser(_ user: UserAccount, passwordHash: String) throws {
        try wrap {
            try queue.write { db in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM user_account WHERE name = ?", arguments: [user.name])
                    != nil
                {
                    throw StoreError.userExists(user.name)
                }
                try db.execute(
                    sql: """
                        INSERT INTO user_account (
                            name, role, org_unit, password_hash, disabled, created, display_name,
                            must_change_password)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        user.name, user.role.rawValue, user.orgUnit, passwordHash, user.disabled, user.created,
                        user.displayName, user.mustChangePassword,
                    ])
            }
        }
    }

    public func user(named name: String) throws -> (user: UserAccount, passwordHash: String)? {
        try wrap {
            try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM user_account WHERE name = ?", arguments: [name]).map {
                    (Self.account($0), $0["password_hash"])
                }
            }
        }
    }

    public func users() throws -> [UserAccount] {
        try wrap {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM user_account ORDER BY name").map(Self.account)
            }
        }
    }

    private static func account(_ row: Row) -> UserAccount {
        UserAccount(
            name: row["name"], role: UserRole(stored: row["role"]), orgUnit: row["org_unit"],
            disabled: row["disabled"], created: row["created"], displayName: row["display_name"],
            mustChangePassword: row["must_change_password"])
    }

    public func setPasswordHash(user: String, hash: String, mustChange: Bool) throws {
        try wrap {
            try queue.write { db in
                try db.execute(
                    sql: "UPDATE user_account SET password_hash = ?, must_change_password = ? WHERE name = ?",
                    arguments: [hash, mustChange, user])
                guard db.changesCount > 0 else { throw StoreError.noUser(user) }
                try db.execute(sql: "DELETE FROM user_session WHERE user = ?", arguments: [user])
                try db.execute(sql: "DELETE FROM api_token WHERE user = ?", arguments: [user])
            }
        }
    }

    public func updateUser(name: String, role: UserRole, orgUnit: String, displayName: String) throws {
        try wrap {
            try queue.write { db in
                try db.execute(
                    sql: "UPDATE user_account SET role = ?, org_unit = ?, display_name = ? WHERE name = ?",
                    arguments: [role.rawValue, orgUnit, displayName, name])
                guard db.changesCount > 0 else { throw StoreError.noUser(name) }
            }
        }
    }

    public func setDisabled(user: String, disabled: Bool) throws {
        try wrap {
            try queue.write { db in
                try db.execute(
                    sql: "UPDATE user_account SET disabled = ? WHERE name = ?", arguments: [disabled, user])
                guard db.changesCount > 0 else { throw StoreError.noUser(user) }
                if disabled {
                    try db.execute(sql: "DELETE FROM user_session WHERE user = ?", arguments: [user])
                    try db.execute(sql: "DELETE FROM api_token WHERE user = ?", arguments: [user])
                }
            }
        }
    }

    public func createSession(_ session: SessionRecord) throws {
        try wrap {
            try queue.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO user_session (id_hash, user, csrf_token, created, expires) VALUES (?, ?, ?, ?, ?)",
                    arguments: [session.idHash, session.user, session.csrfToken, session.created, session.expires])
            }
        }
    }

    public func session(idHash: String) throws -> SessionRecord? {
        try wrap {
            try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM user_session WHERE id_hash = ?", arguments: [idHash]).map {
                    SessionRecord(
                        idHash: $0["id_hash"], user: $0["user"], csrfToken: $0["csrf_token"], created: $0["created"],
                        expires: $0["expires"])
                }
            }
        }
    }

    public func deleteSession(idHash: String) throws {
        try wrap {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM user_session WHERE id_hash = ?", arguments: [idHash])
            }
        }
    }

    @discardableResult
    public func deleteExpiredSessions(now: Int64) throws -> Int {
        try wrap {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM user_session WHERE expires < ?", arguments: [now])
                return db.changesCount
            }
        }
    }

    public func createToken(_ token: APITokenRecord) throws {
        try wrap {
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO api_token (hash, user, label, created, expires) VALUES (?, ?, ?, ?, ?)",
                    arguments: [token.hash, token.user, token.label, token.created, token.expires])
            }
        }
    }

    public func token(hash: String) throws -> APITokenRecord? {
        try wrap {
            try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE hash = ?", arguments: [hash]).map(Self.token)
            }
        }
    }

    public func tokens(user: String) throws -> [APITokenRecord] {
        try wrap {
            try queue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM api_token WHERE user = ? ORDER BY created, hash", arguments: [user]
                ).map(Self.token)
            }
        }
    }

    public func deleteToken(hash: String) throws {
        try wrap {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM api_token WHERE hash = ?", arguments: [hash])
            }
        }
    }

    private static func token(_ row: Row) -> APITokenRecord {
        APITokenRecord(
            hash: row["hash"], user: row["user"], label: row["label"], created: row["created"],
            expires: row["expires"])
    }

    public func addPeriodOverride(_ override: PeriodOverride) throws {
        try wrap {
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO period_override (dataset, period, org_unit, open, until, decided_by, decided_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        override.dataset, override.period, override.orgUnit, override.open, override.until,
                        override.by, override.at,
                    ])
            }
        }
    }

    public func periodOverrides(dataset: String, period: String) throws -> [PeriodOverride] {
        try wrap {
            try queue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM period_override WHERE dataset = ? AND period = ? ORDER BY id",
                    arguments: [dataset, period]
                ).map {
                    PeriodOverride(
                        dataset: $0["dataset"], period: $0["period"], orgUnit: $0["org_unit"], open: $0["open"],
                        until: $0["until"], by: $0["decided_by"], at: $0["decided_at"])
                }
            }
        }
    }

    public func addReportEvent(_ event: ReportEvent) throws -> Bool {
        try wrap {
            try queue.write { db in try SQLiteStore.add(event, in: db) }
        }
    }

    public func reportEvents(dataset: String, periods: [String], orgUnits: [String]?) throws -> [ReportEvent] {
        guard !periods.isEmpty, orgUnits?.isEmpty != true else { return [] }
        func marks(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ", ") }
        let units = orgUnits.map { " AND org_unit IN (\(marks($0.count)))" } ?? ""
        return try wrap {
            try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM report_event WHERE dataset = ? AND period IN (\(marks(periods.count)))\(units)
                        ORDER BY period, org_unit, attribute_combo, seq
                        """,
                    arguments: StatementArguments([dataset] + periods + (orgUnits ?? []))
                ).compactMap(SQLiteStore.reportEvent)
            }
        }
    }
}

extension SQLiteStore {
    /// The event a `report_event` row holds; nil for an action this version does not know.
    static func reportEvent(_ row: Row) -> ReportEvent? {
        ReportAction(rawValue: row["action"]).map {
            ReportEvent(
                dataset: row["dataset"], orgUnit: row["org_unit"], period: row["period"],
                attributeCombo: row["attribute_combo"], seq: row["seq"], action: $0, comment: row["comment"],
                by: row["done_by"], at: row["done_at"])
        }
    }

    /// Adds a report's event at its number in `db`'s transaction; `false`, adding nothing, when the number is taken.
    static func add(_ event: ReportEvent, in db: Database) throws -> Bool {
        try db.execute(
            sql: """
                INSERT INTO report_event (
                    dataset, period, org_unit, attribute_combo, seq, action, comment, done_by, done_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """,
            arguments: [
                event.dataset, event.period, event.orgUnit, event.attributeCombo, event.seq, event.action.rawValue,
                event.comment, event.by, event.at,
            ])
        return db.changesCount == 1
    }
}
