internal import Foundation
internal import GRDB
public import TallyCore
public import TallyStore

extension SQLiteStore {
    /// Reads each block of the element and periods once, the names of the people once, and the comments of
    /// each period in one statement.
    public func storedValues(
        element: Int32, periods: [Int32], units wanted: UnitRanges?
    ) throws -> [(
        key: ValueKey, value: StoredValue
    )] {
        try wrap {
            try queue.read { db in
                var out: [(key: ValueKey, value: StoredValue)] = []
                guard !periods.isEmpty else { return out }
                var names: [Int32: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, name FROM actor") {
                    names[row[0]] = row[1]
                }
                for period in periods.sorted() {
                    var comments: [ValueKey: String] = [:]
                    for row in try Row.fetchAll(
                        db,
                        sql: """
                            SELECT org_unit_id, combo_id, comment FROM value_comment
                            WHERE element_id = ? AND period_id = ?
                            """, arguments: [element, period])
                    {
                        comments[ValueKey(element: element, period: period, orgUnit: row[0], combo: row[1])] = row[2]
                    }
                    let rows = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT combo_id, org_units, vals, actors, created, updated, batches, flags FROM value_block
                            WHERE element_id = ? AND period_id = ? ORDER BY combo_id
                            """, arguments: [element, period])
                    for row in rows {
                        let combo: Int32 = row["combo_id"]
                        let block = try Self.block(row)
                        let units: [Int32] = block.units.decoded()
                        let values: [Double] = block.values.decoded()
                        let actors: [Int32] = block.actors.decoded()
                        let created: [Int64] = block.created.decoded()
                        let updated: [Int64] = block.updated.decoded()
                        for k in units.indices where wanted?.contains(units[k]) ?? true {
                            let key = ValueKey(element: element, period: period, orgUnit: units[k], combo: combo)
                            let flags = block.flags[k]
                            out.append(
                                (
                                    key,
                                    StoredValue(
                                        value: values[k], storedBy: names[actors[k]], created: created[k],
                                        updated: updated[k],
                                        comment: flags & ValueBlock.hasComment != 0 ? comments[key] : nil,
                                        followUp: flags & ValueBlock.followUp != 0)
                                ))
                        }
                    }
                }
                return out
            }
        }
    }

    /// The columns of a `value_block` row, checked: a damaged block is a ``StoreError`` (`store.damaged`).
    static func block(_ row: Row) throws -> EncodedBlock {
        let block = EncodedBlock(
            units: [UInt8](row["org_units"] as Data), values: [UInt8](row["vals"] as Data),
            actors: [UInt8](row["actors"] as Data), created: [UInt8](row["created"] as Data),
            updated: [UInt8](row["updated"] as Data), batches: [UInt8](row["batches"] as Data),
            flags: [UInt8](row["flags"] as Data))
        if let problem = block.problem {
            throw StoreError.damagedBlock(problem)
        }
        return block
    }
}
