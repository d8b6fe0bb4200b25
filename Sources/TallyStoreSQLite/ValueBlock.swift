internal import TallyStore
internal import TallyText

/// The key of a block: one element, period and combo, across all org units.
struct BlockKey: Hashable {
    var element: Int32
    var period: Int32
    var combo: Int32
}

/// One block of values held densely in memory, indexed by org-unit id, while a writer works on it.
///
/// On disk a block is one row of `value_block` with its present values only, as little-endian column
/// arrays: org-unit ids (ascending), values, who stored each, when it was created and updated, the
/// write batch, and flags (bit 0: follow-up; bit 1: has a comment in `value_comment`).
final class ValueBlock {
    var value: [Double]
    var actor: [Int32]
    var created: [Int64]
    var updated: [Int64]
    var batch: [Int32]
    var flags: [UInt8]
    var count = 0
    var dirty = false
    var lastUse = 0

    static let followUp: UInt8 = 1
    static let hasComment: UInt8 = 2

    init(capacity: Int) {
        value = Array(repeating: .nan, count: capacity)
        actor = Array(repeating: 0, count: capacity)
        created = Array(repeating: 0, count: capacity)
        updated = Array(repeating: 0, count: capacity)
        batch = Array(repeating: 0, count: capacity)
        flags = Array(repeating: 0, count: capacity)
    }

    var capacity: Int { value.count }

    /// Bytes held in memory.
    var memory: Int { capacity * 33 }

    /// Fills the block from its stored columns and returns the org-unit ids it holds, ascending; a block whose
    /// columns do not match (a damaged database) is refused rather than read past its end.
    @discardableResult
    func load(_ row: EncodedBlock) throws(StoreError) -> [Int32] {
        if let problem = row.problem {
            throw StoreError.damagedBlock(problem)
        }
        let units: [Int32] = row.units.decoded()
        let values: [Double] = row.values.decoded()
        let actors: [Int32] = row.actors.decoded()
        let createds: [Int64] = row.created.decoded()
        let updateds: [Int64] = row.updated.decoded()
        let batches: [Int32] = row.batches.decoded()
        for (k, u) in units.enumerated() {
            let i = Int(u)
            guard i >= 0 && i < capacity else { continue }
            value[i] = values[k]
            actor[i] = actors[k]
            created[i] = createds[k]
            updated[i] = updateds[k]
            batch[i] = batches[k]
            flags[i] = row.flags[k]
        }
        count = units.count
        return units
    }

    /// The stored columns of the present values.
    func encode() -> EncodedBlock { encode(slots: 0..<Int32(capacity)) }

    /// The stored columns of the present values among `slots`, which ascend.
    func encode<Slots: Sequence<Int32>>(slots: Slots) -> EncodedBlock {
        var units: [Int32] = []
        var values: [Double] = []
        var actors: [Int32] = []
        var createds: [Int64] = []
        var updateds: [Int64] = []
        var batches: [Int32] = []
        var flagBytes: [UInt8] = []
        units.reserveCapacity(count)
        values.reserveCapacity(count)
        actors.reserveCapacity(count)
        createds.reserveCapacity(count)
        updateds.reserveCapacity(count)
        batches.reserveCapacity(count)
        flagBytes.reserveCapacity(count)
        for u in slots {
            let i = Int(u)
            guard !value[i].isNaN else { continue }
            units.append(u)
            values.append(value[i])
            actors.append(actor[i])
            createds.append(created[i])
            updateds.append(updated[i])
            batches.append(batch[i])
            flagBytes.append(flags[i])
        }
        return EncodedBlock(
            units: units.encoded(), values: values.encoded(), actors: actors.encoded(), created: createds.encoded(),
            updated: updateds.encoded(), batches: batches.encoded(), flags: flagBytes)
    }
}

/// The one dense block an import's ``SQLiteValueWriter/applyStaged(reporting:)`` works in, reused for every block.
///
/// Only the slots a block touches are visited: those loaded from the stored block and those its staged rows name.
/// So a block with few values costs little even in a province of 400,000 org units, and clearing it for the next
/// block resets just those slots.
final class ScratchBlock {
    let block: ValueBlock
    /// The row of the first staged write of each slot in this block.
    var firstRow: [Int64]
    /// Whether a slot is in ``touched``, and whether a staged row has written it.
    private var marks: [UInt8]
    /// The slots loaded or written, loaded ones first (ascending), then the others in the order first written.
    private var touched: [Int32] = []
    private var loadedCount = 0

    private static let listed: UInt8 = 1
    private static let written: UInt8 = 2

    /// Where each column's slots start, for ``prefetch(_:)`` alone: taken once, as the columns are filled in place
    /// and never grow. The addresses are hints to the processor; one gone stale would cost a wasted hint, not a
    /// fault or a wrong value.
    private let columns: [(base: UnsafeRawPointer, stride: Int)]

    init(capacity: Int) {
        block = ValueBlock(capacity: capacity)
        firstRow = Array(repeating: 0, count: capacity)
        marks = Array(repeating: 0, count: capacity)
        func base<T>(_ column: [T]) -> (UnsafeRawPointer, Int) {
            (column.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) }, MemoryLayout<T>.stride)
        }
        columns =
            capacity == 0
            ? []
            : [
                base(block.value), base(block.actor), base(block.created), base(block.updated), base(block.batch),
                base(block.flags), base(firstRow), base(marks),
            ]
    }

    /// Asks for slot `i` of every column to be brought into the cache for writing: the rows of a block are applied
    /// in the order staged, which for a file shuffled or grouped by org unit is any order of the org units, and at
    /// 420,000 of them each column is larger than the cache, so every slot of every column was a miss. The rows
    /// a few places ahead are prefetched while the row at hand is applied.
    @inline(__always)
    func prefetch(_ i: Int) {
        for column in columns { prefetchForWriting(column.base + i &* column.stride) }
    }

    /// Notes the slots just loaded from the stored block.
    func loaded(_ units: [Int32]) {
        // Ids past the last org unit (a damaged block) were not loaded; the block is written without them, as before.
        for u in units where u >= 0 && Int(u) < marks.count && marks[Int(u)] == 0 {
            marks[Int(u)] = Self.listed
            touched.append(u)
        }
        loadedCount = touched.count
    }

    /// Notes that a staged row from `row` writes slot `i`; returns whether it is the first in this batch.
    @inline(__always)
    func touch(_ i: Int, row: Int64) -> Bool {
        let mark = marks[i]
        if mark & Self.written != 0 { return false }
        if mark == 0 { touched.append(Int32(i)) }
        marks[i] = Self.listed | Self.written
        firstRow[i] = row
        return true
    }

    /// The stored columns of the present values, or `nil` when the block holds none.
    func encoded() -> EncodedBlock? {
        guard block.count > 0 else { return nil }
        if touched.count > loadedCount && !touched.isAscending {
            if touched.count > block.capacity / 16 {
                // Most slots are touched: one pass over the marks is cheaper than a sort.
                touched.removeAll(keepingCapacity: true)
                for i in 0..<block.capacity where marks[i] != 0 { touched.append(Int32(i)) }
            } else {
                touched.sort()
            }
        }
        return block.encode(slots: touched)
    }

    /// Empties the touched slots for the next block.
    func clear() {
        for u in touched {
            let i = Int(u)
            block.value[i] = .nan
            block.batch[i] = 0
            block.flags[i] = 0
            marks[i] = 0
        }
        touched.removeAll(keepingCapacity: true)
        loadedCount = 0
        block.count = 0
    }
}

extension Array where Element == Int32 {
    /// Whether every element is larger than the one before.
    var isAscending: Bool {
        withUnsafeBufferPointer { p in
            var k = 1
            while k < p.count {
                if p[k - 1] >= p[k] { return false }
                k += 1
            }
            return true
        }
    }
}

/// A block's stored columns as bytes.
struct EncodedBlock {
    var units: [UInt8]
    var values: [UInt8]
    var actors: [UInt8]
    var created: [UInt8]
    var updated: [UInt8]
    var batches: [UInt8]
    var flags: [UInt8]

    var count: Int { units.count / 4 }

    /// The entry of an org unit, found by bisection of the ascending ids, or `nil` when the block has none.
    func index(of unit: Int32) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            let id: Int32 = units.entry(mid)
            if id == unit { return mid }
            if id < unit { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Why the columns do not make a block, or `nil` when they do: every column holds `count` entries of its
    /// width, and the org-unit ids ascend.
    var problem: String? {
        let n = count
        if units.count % 4 != 0 { return "the org-unit column has \(units.count) bytes, not a multiple of 4" }
        let widths = [
            ("values", values.count, 8), ("actors", actors.count, 4), ("created", created.count, 8),
            ("updated", updated.count, 8), ("batches", batches.count, 4), ("flags", flags.count, 1),
        ]
        for (name, bytes, width) in widths where bytes != n * width {
            return "the \(name) column has \(bytes) bytes, but \(n) values need \(n * width)"
        }
        let ids: [Int32] = units.decoded()
        for k in ids.indices.dropFirst() where ids[k - 1] >= ids[k] {
            return "the org-unit ids are not in ascending order at entry \(k + 1)"
        }
        return nil
    }
}

extension Array where Element: FixedWidthInteger {
    /// The little-endian bytes of the integers.
    func encoded() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count * MemoryLayout<Element>.size)
        out.withUnsafeMutableBytes { raw in
            for (i, v) in enumerated() {
                raw.storeBytes(of: v.littleEndian, toByteOffset: i * MemoryLayout<Element>.size, as: Element.self)
            }
        }
        return out
    }
}

extension Array where Element == Double {
    /// The little-endian IEEE 754 bytes of the values.
    func encoded() -> [UInt8] {
        map(\.bitPattern).encoded()
    }
}

extension Array where Element == UInt8 {
    /// Integers from little-endian bytes.
    func decoded<T: FixedWidthInteger>() -> [T] {
        let n = count / MemoryLayout<T>.size
        return withUnsafeBytes { raw in
            (0..<n).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
    }

    /// The `k`-th little-endian integer of the bytes.
    func entry<T: FixedWidthInteger>(_ k: Int) -> T {
        withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: k * MemoryLayout<T>.size, as: T.self)) }
    }

    /// Doubles from little-endian bytes.
    func decoded() -> [Double] {
        let bits: [UInt64] = decoded()
        return bits.map(Double.init(bitPattern:))
    }
}

extension StoreError {
    /// A stored block of values whose columns do not match: `problem` says how.
    static func damagedBlock(_ problem: String) -> StoreError {
        StoreError(
            .damaged,
            Localized(
                zh: "一个已存储的数值块已损坏（\(problem)）；请运行“tally verify”并恢复备份",
                en: "a stored block of values is damaged (\(problem)); run 'tally verify' and restore a backup"))
    }
}
