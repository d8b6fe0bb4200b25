internal import Foundation
internal import GRDB
public import TallyCore
public import TallyStore
internal import TallyText

extension SQLiteStore {
    /// Checks a database without changing it: SQLite's integrity and foreign-key checks, then Tally's own.
    ///
    /// Tally's checks: every value block decodes (its columns have matching lengths, org-unit ids ascend)
    /// and names an element, period, combo, org units, people and write batches that exist; periods are
    /// valid identifiers with the right dates; comments and history rows name known keys and batches; the
    /// org-unit tree has one or more top units, no unit under a missing parent and no cycle.
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - metadata: checks the stored metadata document, given the codes of the elements that have values;
    ///     returns the problems (the store cannot parse metadata itself).
    /// - Returns: each check with what it looked at and the problems it found (at most
    ///   ``StoreCheck/maxListedProblems`` each, then a count).
    /// - Throws: ``StoreError`` when the file cannot be opened at all.
    public static func verify(
        path: String, metadata: StoreCheck.MetadataCheck = { _, _ in [] }
    ) throws -> [StoreCheck] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(
                .notFound,
                Localized(
                    zh: "\(path) 没有 Tally 数据库；请用 --db 指定",
                    en: "there is no Tally database at \(path); name one with --db"))
        }
        var config = Configuration()
        config.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw StoreError(
                .damaged,
                Localized(
                    zh: "无法打开 \(path)：\(error.message ?? "\(error.resultCode)")",
                    en: "cannot open \(path): \(error.message ?? "\(error.resultCode)")"))
        }
        defer { try? queue.close() }
        var checks: [StoreCheck] = []
        func run(_ name: String, _ body: (Database, inout StoreCheck) throws -> Void) {
            var check = StoreCheck(name: name)
            do {
                try queue.read { db in try body(db, &check) }
            } catch let error as DatabaseError {
                check.problems.append("the check could not finish: \(error.message ?? "\(error.resultCode)")")
            } catch {
                check.problems.append("the check could not finish: \(error)")
            }
            check.finish()
            checks.append(check)
        }
        run("SQLite integrity check") { db, check in
            check.problems += try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
        }
        run("foreign keys") { db, check in
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0]
                let rowid: Int64? = row[1]
                let parent: String = row[2]
                check.problems.append(
                    "a row of \(table)\(rowid.map { " (rowid \($0))" } ?? "") refers to a missing row of \(parent)")
            }
        }
        var tallyTables = true
        run("schema") { db, check in
            for table in [
                "setting", "element", "combo", "org_unit", "period", "actor", "write_batch", "value_block",
                "value_comment", "data_value_history",
            ] where try !db.tableExists(table) {
                check.problems.append("the table \(table) is missing: this is not a Tally database")
                tallyTables = false
            }
            if tallyTables {
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let unknown = applied.filter { !knownMigrations.contains($0) }
                if !unknown.isEmpty {
                    check.problems.append(
                        "the schema '\(unknown.joined(separator: "', '"))' is from a newer Tally; update Tally")
                }
                check.scope = "schema \(applied.last ?? "none")"
            }
        }
        guard tallyTables else { return checks }
        run("metadata") { db, check in
            try check.checkMetadata(
                try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'metadata'"),
                elementsWithValues: {
                    try String.fetchAll(
                        db,
                        sql:
                            """
                            SELECT DISTINCT e.code FROM (SELECT element_id FROM value_block
                                UNION SELECT element_id FROM text_value) v
                            JOIN element e ON e.id = v.element_id ORDER BY e.code
                            """
                    )
                }, metadata)
        }
        var unitIDs = Set<Int32>()
        run("org-unit tree") { db, check in
            var parents: [Int64: Int64?] = [:]
            var codes: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, code, parent_id FROM org_unit") {
                parents[row[0]] = row[2] as Int64?
                codes[row[0]] = row[1]
            }
            unitIDs = Set(parents.keys.map { Int32(truncatingIfNeeded: $0) })
            check.checkTree(parents: parents, codes: codes)
        }
        var periodIDs = Set<Int32>()
        run("periods") { db, check in
            let rows = try Row.fetchAll(db, sql: "SELECT id, identifier, type, start_day, end_day FROM period")
            check.scope = "\(grouped(rows.count)) periods"
            for row in rows {
                let id: Int64 = row[0]
                let identifier: String = row[1]
                periodIDs.insert(Int32(truncatingIfNeeded: id))
                if let problem = StoreCheck.periodProblem(
                    id: id, identifier: identifier, type: row[2], start: row[3], end: row[4])
                {
                    check.problems.append(problem)
                }
            }
        }
        run("value blocks") { db, check in
            var elements: [Int32: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, code FROM element") { elements[row[0]] = row[1] }
            var periods: [Int32: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, identifier FROM period") { periods[row[0]] = row[1] }
            let combos = Set(try Int32.fetchAll(db, sql: "SELECT id FROM combo"))
            let actors = Set(try Int32.fetchAll(db, sql: "SELECT id FROM actor"))
            let batches = Set(try Int32.fetchAll(db, sql: "SELECT id FROM write_batch"))
            var blocks = 0
            var values = 0
            // Missing things are counted per id, so one lost unit is one sentence, not one per block.
            var missing: [String: (blocks: Int, example: String)] = [:]
            func note(_ what: String, _ place: String) {
                missing[what, default: (0, place)].blocks += 1
            }
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT element_id, period_id, combo_id, count, org_units, vals, actors, created, updated, batches,
                    flags FROM value_block ORDER BY element_id, period_id, combo_id
                    """)
            while let row = try cursor.next() {
                blocks += 1
                let element: Int32 = row[0]
                let period: Int32 = row[1]
                let combo: Int32 = row[2]
                let count: Int = row[3]
                let place =
                    "\(elements[element] ?? "element \(element)") in \(periods[period] ?? "period \(period)")"
                    + (combo == 0 ? "" : ", combo \(combo)")
                func bytes(_ i: Int) -> [UInt8] { (row[i] as Data?).map { [UInt8]($0) } ?? [] }
                let block = EncodedBlock(
                    units: bytes(4), values: bytes(5), actors: bytes(6), created: bytes(7), updated: bytes(8),
                    batches: bytes(9), flags: bytes(10))
                if elements[element] == nil { note("element id \(element)", place) }
                if periods[period] == nil { note("period id \(period)", place) }
                if !combos.contains(combo) { note("combo id \(combo)", place) }
                if let problem = block.problem {
                    check.problems.append("the block of \(place) does not decode: \(problem)")
                    continue
                }
                if block.count != count {
                    check.problems.append(
                        "the block of \(place) says it holds \(count) values but holds \(block.count)")
                }
                values += block.count
                let units: [Int32] = block.units.decoded()
                for unit in units where !unitIDs.contains(unit) { note("org unit id \(unit)", place) }
                let who: [Int32] = block.actors.decoded()
                for actor in Set(who) where actor != 0 && !actors.contains(actor) {
                    note("person (actor) id \(actor)", place)
                }
                let written: [Int32] = block.batches.decoded()
                for batch in Set(written) where !batches.contains(batch) { note("write batch \(batch)", place) }
                let numbers: [Double] = block.values.decoded()
                if numbers.contains(where: { !$0.isFinite }) {
                    check.problems.append("the block of \(place) holds a value that is not a finite number")
                }
            }
            for (what, found) in missing.sorted(by: { $0.key < $1.key }) {
                let blocksText = found.blocks == 1 ? "1 block" : "\(grouped(found.blocks)) blocks"
                check.problems.append(
                    "values in \(blocksText) (such as \(found.example)) name \(what), which does not exist")
            }
            check.scope = "\(grouped(blocks)) blocks, \(grouped(values)) values"
        }
        run("comments and history") { db, check in
            let comments = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM value_comment") ?? 0
            let history = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM data_value_history") ?? 0
            check.scope = "\(grouped(comments)) comments, \(grouped(history)) history rows"
            let keyChecks = [
                ("element_id", "element", "an element"), ("period_id", "period", "a period"),
                ("org_unit_id", "org_unit", "an org unit"), ("combo_id", "combo", "a combo"),
            ]
            for table in ["value_comment", "data_value_history"] {
                let what = table == "value_comment" ? "comment" : "history row"
                for (column, parent, noun) in keyChecks {
                    let missing = try Int.fetchOne(
                        db,
                        sql:
                            "SELECT COUNT(*) FROM \(table) t WHERE NOT EXISTS (SELECT 1 FROM \(parent) p WHERE p.id = t.\(column))"
                    )
                    if let missing, missing > 0 {
                        check.problems.append("\(grouped(missing)) \(what)s name \(noun) that does not exist")
                    }
                }
            }
            let orphanBatches =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM data_value_history h WHERE NOT EXISTS (SELECT 1 FROM write_batch b WHERE b.id = h.batch_id)"
                ) ?? 0
            if orphanBatches > 0 {
                check.problems.append("\(grouped(orphanBatches)) history rows name a write batch that does not exist")
            }
        }
        return checks
    }
}

private func grouped(_ n: Int) -> String { Thousands.grouped(n) }
