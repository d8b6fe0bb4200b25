internal import GRDB
internal import GRDBSQLite
public import TallyCore
public import TallyStore

extension SQLiteStore {
    /// The values of some org units from an element's blocks for the given periods, reading only the part of each
    /// block they lie in: by period, then combo, then org-unit id, as a whole read gives them.
    ///
    /// A block holds every org unit of an element, period and combo (a province's 40,000 villages: 480 KB of ids and
    /// values, on overflow pages). Its row is found through the unique index by its rowid, and its columns are read
    /// with SQLite's incremental blob I/O (`sqlite3_blob_read`): each range of `units` is found by bisection of the
    /// ascending org-unit ids (a few reads of four bytes), then only its slice of ids and of `column` is copied.
    ///
    /// - Parameters:
    ///   - column: `vals` or `created`, eight bytes an entry.
    ///   - value: the entry's little-endian bits as the value returned.
    func slices(
        element: Int32, periods: [Int32], column: String, units: UnitRanges, value: (UInt64) -> Double
    ) throws -> ValueColumns {
        try wrap {
            try queue.read { db in
                var columns = ValueColumns()
                var rows: [(period: Int32, id: Int64, combo: Int32)] = []
                try Self.eachBlock(in: db, "id, combo_id", element: element, periods: periods) { s, period in
                    rows.append(
                        (period, sqlite3_column_int64(s, 0), Int32(truncatingIfNeeded: sqlite3_column_int64(s, 1))))
                }
                guard !rows.isEmpty, let connection = db.sqliteConnection else { return columns }
                var ids: OpaquePointer?
                var data: OpaquePointer?
                defer {
                    sqlite3_blob_close(ids)
                    sqlite3_blob_close(data)
                }
                var idBytes: [UInt8] = []
                var dataBytes: [UInt8] = []
                for row in rows {
                    if let ids, let data {
                        try Self.check(sqlite3_blob_reopen(ids, row.id))
                        try Self.check(sqlite3_blob_reopen(data, row.id))
                    } else {
                        try Self.check(
                            sqlite3_blob_open(connection, "main", "value_block", "org_units", row.id, 0, &ids))
                        try Self.check(sqlite3_blob_open(connection, "main", "value_block", column, row.id, 0, &data))
                    }
                    guard let ids, let data else { continue }
                    let n = Int(sqlite3_blob_bytes(ids)) / 4
                    // A damaged block whose columns do not match is read as far as both go; `tally verify` reports it.
                    let count = min(n, Int(sqlite3_blob_bytes(data)) / 8)
                    for slice in try Self.entries(ids, count: count, of: units) {
                        try Self.read(ids, into: &idBytes, from: slice.lowerBound * 4, count: slice.count * 4)
                        try Self.read(data, into: &dataBytes, from: slice.lowerBound * 8, count: slice.count * 8)
                        idBytes.withUnsafeBytes { u in
                            dataBytes.withUnsafeBytes { v in
                                for k in 0..<slice.count {
                                    columns.append(
                                        orgUnit: Int32(
                                            littleEndian: u.loadUnaligned(fromByteOffset: k * 4, as: Int32.self)),
                                        period: row.period, combo: row.combo,
                                        value: value(
                                            UInt64(
                                                littleEndian: v.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self))))
                                }
                            }
                        }
                    }
                }
                return columns
            }
        }
    }

    /// The entries of a block's ascending org-unit ids (the first `count` of the open blob `ids`) that lie in
    /// `units`, as ascending ranges of entry indices, each end found by bisection.
    static func entries(_ ids: OpaquePointer, count n: Int, of units: UnitRanges) throws -> [Range<Int>] {
        var bytes: [UInt8] = []
        func id(_ k: Int) throws -> Int32 {
            try read(ids, into: &bytes, from: k * 4, count: 4)
            return bytes.withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(as: Int32.self)) }
        }
        // The first entry at or after `start` whose id is at least `target`.
        func first(atLeast target: Int32, from start: Int) throws -> Int {
            var low = start
            var high = n
            while low < high {
                let mid = (low + high) / 2
                if try id(mid) < target { low = mid + 1 } else { high = mid }
            }
            return low
        }
        var slices: [Range<Int>] = []
        var start = 0
        for range in units.ranges where start < n {
            let low = try first(atLeast: range.lowerBound, from: start)
            let high = range.upperBound == .max ? n : try first(atLeast: range.upperBound + 1, from: low)
            if low < high { slices.append(low..<high) }
            start = high
        }
        return slices
    }

    /// Reads `count` bytes of an open blob from `offset` into `bytes`.
    private static func read(_ blob: OpaquePointer, into bytes: inout [UInt8], from offset: Int, count: Int) throws {
        if bytes.count < count { bytes = [UInt8](repeating: 0, count: count) }
        let rc = bytes.withUnsafeMutableBytes { sqlite3_blob_read(blob, $0.baseAddress, Int32(count), Int32(offset)) }
        try check(rc)
    }

    /// Throws the error of an SQLite result code other than `SQLITE_OK`.
    private static func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: rc)) }
    }
}
