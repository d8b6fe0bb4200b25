internal import Foundation
internal import TallyStore
internal import TallyText

#if canImport(Glibc)
    internal import Glibc
#endif

/// One staged write of ``SQLiteValueWriter``, as it waits in memory or in a run of the spill file.
struct StagedRow {
    /// The value (ignored for a removal).
    var value: Double
    /// When it was entered, or ``StagedRow/noTime`` for the batch's time.
    var time: Int64
    /// The row of the file it came from.
    var row: Int64
    /// Where its comment starts in the comment file, or -1 for none.
    var comment: Int64
    /// The org unit id.
    var unit: Int32
    /// Who entered it (or removes it), or -1 for the batch's user.
    var actor: Int32
    /// Its block's index in ``SQLiteStaging/keys``.
    var block: UInt32
    /// ``StagedRow/removal`` and ``StagedRow/followUp`` bits.
    var kind: UInt8

    static let noTime = Int64.min
    static let removal: UInt8 = 1
    static let followUp: UInt8 = 2
}

/// The writes an import has staged, grouped by block when they are applied.
///
/// Rows are appended in the order staged. When the rows in memory fill half the budget they are written to a
/// temporary file as one *run* — grouped by block (a counting sort on the block index, which keeps the staged order
/// within a block), blocks in key order, each block's rows in the compact form of ``RunEncoder`` — by a thread of its
/// own, while the next rows fill the other half. ``SQLiteValueWriter/applyStaged(reporting:)`` then visits each
/// block once, in key order, and reads its rows from every run in turn and then from memory — each run
/// sequentially, so the order of the file's rows costs nothing. Memory holds at most the budget's rows, however
/// long and however ordered the file.
final class SQLiteStaging {
    /// The most bytes of staged rows held in memory (two halves: one filling, one being written to a run).
    let budget: Int
    /// The block keys seen, by index.
    private(set) var keys: [BlockKey] = []
    private var index = BlockIndex()
    private var lastKey = BlockKey(element: -1, period: -1, combo: -1)
    private var lastIndex: UInt32 = 0
    /// Rows staged since the last run was started, in the order staged.
    private(set) var rows: [StagedRow] = []
    /// The other half of the budget: the rows of the run being written, then an empty buffer to fill next.
    private let other = RowBuffer()
    /// Where one block's rows are in one run.
    struct Segment {
        var offset: Int64
        var bytes: Int
        var rows: Int
    }
    /// For each block, where its rows are in each run.
    private(set) var segments: [[Segment]] = []
    /// How many rows were staged in all.
    private(set) var count = 0
    private let runs = RunFile()
    private var running: DispatchGroup?
    private var comments: SpillFile?
    private let queue = DispatchQueue(label: "tally.import.runs")

    /// Rows of one run held while it is written, and read back at a time while it is applied.
    static let chunkRows = 16_384

    init(budget: Int) {
        self.budget = max(budget, 1)
    }

    /// The rows of one half of the budget.
    var rowLimit: Int { max(budget / 2 / MemoryLayout<StagedRow>.stride, 1) }

    /// The index of a block, registering a new one.
    @inline(__always)
    func block(_ key: BlockKey) -> UInt32 {
        if key == lastKey { return lastIndex }
        let i: UInt32
        if let known = index.find(key) {
            i = known
        } else {
            i = UInt32(keys.count)
            keys.append(key)
            index.insert(key, i)
            segments.append([])
        }
        lastKey = key
        lastIndex = i
        return i
    }

    /// Appends a row; starts a run when the rows in memory fill half the budget.
    @inline(__always)
    func append(_ row: StagedRow) throws {
        if rows.count == rows.capacity {
            if rows.count >= rowLimit {
                try startRun()
            } else {
                // The half budget at once: its pages are used only as rows fill them, and no row is copied as
                // the array would grow (a county's 73,000 rows: 1,700 page faults and 3.5 MB copied less).
                rows.reserveCapacity(rowLimit)
            }
        }
        rows.append(row)
        count += 1
    }

    /// Hands the rows in memory to the run thread and goes on with the other half of the budget.
    private func startRun() throws {
        try finishRun()
        swap(&rows, &other.rows)
        rows.removeAll(keepingCapacity: true)
        let keys = keys
        let (other, runs) = (other, runs)
        let group = DispatchGroup()
        queue.async(group: group) { runs.write(other, keys: keys) }
        running = group
    }

    /// Waits for the run being written, and notes where its blocks' rows are.
    func finishRun() throws {
        guard let running else { return }
        running.wait()
        self.running = nil
        for (b, segment) in try runs.takeSegments() { segments[b].append(segment) }
    }

    /// Keeps a comment in the comment file; returns where it starts.
    func keep(comment: String) throws -> Int64 {
        if comments == nil { comments = try SpillFile(purpose: Localized(zh: "备注", en: "comments")) }
        var bytes = Array(comment.utf8)
        let length = UInt32(bytes.count)
        bytes.insert(contentsOf: withUnsafeBytes(of: length.littleEndian) { Array($0) }, at: 0)
        return try bytes.withUnsafeBytes { try comments!.append($0) }
    }

    /// The comment that ``keep(comment:)`` kept at `offset`.
    func comment(at offset: Int64) throws -> String {
        guard let comments else { return "" }
        var length: UInt32 = 0
        try withUnsafeMutableBytes(of: &length) { try comments.read(at: offset, into: $0) }
        var bytes = [UInt8](repeating: 0, count: Int(UInt32(littleEndian: length)))
        try bytes.withUnsafeMutableBytes { try comments.read(at: offset + 4, into: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The rows in memory grouped by block: for block `b`, `order[start[b]..<start[b + 1]]` are the indices of its
    /// rows in ``rows``, in the order staged.
    func grouped() -> (start: [Int], order: [Int32]) {
        Self.grouped(rows, blocks: keys.count)
    }

    /// Rows grouped by block (a counting sort that keeps their order within a block).
    static func grouped(_ rows: [StagedRow], blocks: Int) -> (start: [Int], order: [Int32]) {
        var start = [Int](repeating: 0, count: blocks + 1)
        for row in rows { start[Int(row.block) + 1] += 1 }
        for b in 0..<blocks { start[b + 1] += start[b] }
        var next = start
        var order = [Int32](repeating: 0, count: rows.count)
        for (i, row) in rows.enumerated() {
            order[next[Int(row.block)]] = Int32(i)
            next[Int(row.block)] += 1
        }
        return (start, order)
    }

    /// The blocks' indices in key order (element, period, combo).
    func blocksInKeyOrder() -> [Int] {
        Self.inKeyOrder(keys)
    }

    static func inKeyOrder(_ keys: [BlockKey]) -> [Int] {
        keys.indices.sorted {
            (keys[$0].element, keys[$0].period, keys[$0].combo) < (keys[$1].element, keys[$1].period, keys[$1].combo)
        }
    }

    /// Calls `body` with the rows of block `b` that were written to runs, a chunk at a time, in the order staged.
    func forEachSpilledChunk(of b: Int, _ body: (UnsafeBufferPointer<StagedRow>) throws -> Void) throws {
        guard !segments[b].isEmpty, let file = runs.file else { return }
        var chunk = [StagedRow](
            repeating: StagedRow(value: 0, time: 0, row: 0, comment: -1, unit: 0, actor: 0, block: 0, kind: 0),
            count: Self.chunkRows)
        var input = [UInt8](repeating: 0, count: SpillFile.bufferSize)
        for segment in segments[b] {
            var decoder = RunDecoder(block: UInt32(b))
            var read = 0  // bytes of the segment read into `input` so far
            var position = 0
            var end = 0
            var filled = 0
            for _ in 0..<segment.rows {
                // Keep at least one whole row ahead of the position while the segment has more bytes.
                if end - position < RunEncoder.maximumRowBytes && read < segment.bytes {
                    let left = end - position
                    let n = min(input.count - left, segment.bytes - read)
                    try input.withUnsafeMutableBytes { raw in
                        raw.baseAddress!.copyMemory(from: raw.baseAddress! + position, byteCount: left)
                        try file.read(
                            at: segment.offset + Int64(read),
                            into: UnsafeMutableRawBufferPointer(rebasing: raw[left..<left + n]))
                    }
                    read += n
                    position = 0
                    end = left + n
                }
                chunk[filled] = try input.withUnsafeBufferPointer { try decoder.next($0, &position, end: end) }
                filled += 1
                if filled == Self.chunkRows {
                    try chunk.withUnsafeBufferPointer { try body($0) }
                    filled = 0
                }
            }
            if filled > 0 {
                try chunk.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<filled])) }
            }
        }
    }
}

/// The index of each block key staged, in an open-addressing table with a multiplicative hash. Rows of a file
/// shuffled or grouped by org unit change block on nearly every row, and a `Dictionary` hashed each row's key with
/// SipHash (a tenth of such an import's own work, with the lookup).
struct BlockIndex {
    private var keys: [BlockKey] = []
    /// The index of the key in the same slot, or `UInt32.max` for an empty slot.
    private var indices: [UInt32] = []
    private var count = 0
    private var shift = 64

    /// The slot where a key's search starts: Fibonacci hashing of its three ids, the top bits of the product.
    @inline(__always)
    private func start(_ key: BlockKey) -> Int {
        let a = UInt64(UInt32(bitPattern: key.element)) << 32 | UInt64(UInt32(bitPattern: key.period))
        var h = a &* 0x9e37_79b9_7f4a_7c15
        h ^= UInt64(UInt32(bitPattern: key.combo)) &* 0xc2b2_ae3d_27d4_eb4f
        h ^= h >> 29
        h &*= 0x9e37_79b9_7f4a_7c15
        return shift >= 64 ? 0 : Int(truncatingIfNeeded: h >> UInt64(shift))
    }

    /// The index registered for `key`, if any.
    @inline(__always)
    func find(_ key: BlockKey) -> UInt32? {
        guard !indices.isEmpty else { return nil }
        let mask = indices.count - 1
        var at = start(key)
        while true {
            let i = indices[at]
            if i == UInt32.max { return nil }
            if keys[at] == key { return i }
            at = (at + 1) & mask
        }
    }

    /// Registers `key` (not registered yet) as `index`.
    mutating func insert(_ key: BlockKey, _ index: UInt32) {
        if (count + 1) * 2 > indices.count {
            let (oldKeys, oldIndices) = (keys, indices)
            let size = max(indices.count * 2, 64)
            keys = Array(repeating: BlockKey(element: 0, period: 0, combo: 0), count: size)
            indices = Array(repeating: UInt32.max, count: size)
            shift = 64 - size.trailingZeroBitCount
            count = 0
            for (k, i) in zip(oldKeys, oldIndices) where i != UInt32.max { place(k, i) }
        }
        place(key, index)
    }

    private mutating func place(_ key: BlockKey, _ index: UInt32) {
        let mask = indices.count - 1
        var at = start(key)
        while indices[at] != UInt32.max { at = (at + 1) & mask }
        keys[at] = key
        indices[at] = index
        count += 1
    }
}

/// Rows handed between the importing thread and the run thread; one of them uses it at a time (the importing thread
/// waits for the run to be written before it touches the rows again).
final class RowBuffer: @unchecked Sendable {
    var rows: [StagedRow] = []
}

/// The temporary file of the runs, written by the run thread. One thread uses it at a time: the run thread while a
/// run is written, the importing thread after it has waited for the run (``SQLiteStaging/finishRun()``).
final class RunFile: @unchecked Sendable {
    private(set) var file: SpillFile?
    private var written: [(Int, SQLiteStaging.Segment)] = []
    private var failure: (any Error)?

    /// Writes the rows as one run, grouped by block in key order, then empties them (keeping their memory).
    func write(_ buffer: RowBuffer, keys: [BlockKey]) {
        defer { buffer.rows.removeAll(keepingCapacity: true) }
        guard failure == nil else { return }
        do {
            if file == nil { file = try SpillFile(purpose: Localized(zh: "暂存数值", en: "staged values")) }
            let file = file!
            let rows = buffer.rows
            let (start, order) = SQLiteStaging.grouped(rows, blocks: keys.count)
            var encoder = RunEncoder()
            for b in SQLiteStaging.inKeyOrder(keys) where start[b + 1] > start[b] {
                let offset = file.size
                var bytes = 0
                encoder.startSegment()
                for k in start[b]..<start[b + 1] {
                    encoder.append(rows[Int(order[k])])
                    if encoder.bytes.count >= SpillFile.bufferSize {
                        bytes += encoder.bytes.count
                        _ = try encoder.bytes.withUnsafeBytes { try file.append($0) }
                        encoder.bytes.removeAll(keepingCapacity: true)
                    }
                }
                bytes += encoder.bytes.count
                _ = try encoder.bytes.withUnsafeBytes { try file.append($0) }
                encoder.bytes.removeAll(keepingCapacity: true)
                written.append((b, SQLiteStaging.Segment(offset: offset, bytes: bytes, rows: start[b + 1] - start[b])))
            }
        } catch {
            failure = error
        }
    }

    /// The segments of the run just written, or its error.
    func takeSegments() throws -> [(Int, SQLiteStaging.Segment)] {
        if let failure { throw failure }
        defer { written.removeAll() }
        return written
    }
}

/// The compact form of a block's rows in a run: per row a byte of flags, then the changes from the row before as
/// zigzag varints — org unit, person, time, row of the file — and the value (a varint when it is a whole number,
/// else its eight bytes) and the comment's offset when there is one. Rows of one block in one file share much
/// (times of one month, the people of neighbouring units, rows a fixed distance apart), so a row takes some 8–15
/// bytes instead of the 48 it takes in memory: less to write and read back.
struct RunEncoder {
    var bytes: [UInt8] = []
    private var previous = (unit: Int64(0), actor: Int64(0), time: Int64(0), row: Int64(0))

    /// The most bytes one row can take: a flag byte, five varints and the value's eight bytes.
    static let maximumRowBytes = 1 + 5 * 10 + 8

    static let removal: UInt8 = 1
    static let followUp: UInt8 = 2
    static let hasComment: UInt8 = 4
    static let hasTime: UInt8 = 8
    static let wholeValue: UInt8 = 16
    static let rawValue: UInt8 = 32

    init() {
        bytes.reserveCapacity(SpillFile.bufferSize + Self.maximumRowBytes)
    }

    /// Starts the rows of another block: the first row's changes are from zero.
    mutating func startSegment() {
        previous = (0, 0, 0, 0)
    }

    @inline(__always)
    mutating func append(_ row: StagedRow) {
        var flags = row.kind & (StagedRow.removal | StagedRow.followUp)
        if row.comment >= 0 { flags |= Self.hasComment }
        if row.time != StagedRow.noTime { flags |= Self.hasTime }
        let whole = Self.isWhole(row.value)
        if row.kind & StagedRow.removal == 0 { flags |= whole ? Self.wholeValue : Self.rawValue }
        bytes.append(flags)
        varint(zigzag(Int64(row.unit) &- previous.unit))
        varint(zigzag(Int64(row.actor) &- previous.actor))
        if flags & Self.hasTime != 0 {
            varint(zigzag(row.time &- previous.time))
            previous.time = row.time
        }
        varint(zigzag(row.row &- previous.row))
        if flags & Self.wholeValue != 0 {
            varint(zigzag(Int64(row.value)))
        } else if flags & Self.rawValue != 0 {
            var bits = row.value.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
        }
        if row.comment >= 0 { varint(UInt64(row.comment)) }
        previous.unit = Int64(row.unit)
        previous.actor = Int64(row.actor)
        previous.row = row.row
    }

    /// Whether a value is a whole number that a varint holds exactly (not -0, which is not +0 bit for bit).
    @inline(__always)
    static func isWhole(_ v: Double) -> Bool {
        v == v.rounded(.towardZero) && abs(v) < 0x1p62 && !(v == 0 && v.sign == .minus)
    }

    @inline(__always)
    private func zigzag(_ n: Int64) -> UInt64 { UInt64(bitPattern: (n << 1) ^ (n >> 63)) }

    @inline(__always)
    private mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
}

/// Reads back what ``RunEncoder`` wrote for one block.
struct RunDecoder {
    let block: UInt32
    private var previous = (unit: Int64(0), actor: Int64(0), time: Int64(0), row: Int64(0))

    init(block: UInt32) {
        self.block = block
    }

    /// The row at `position`, which moves past it; a row that runs past `end` is a damaged run.
    @inline(__always)
    mutating func next(_ b: UnsafeBufferPointer<UInt8>, _ position: inout Int, end: Int) throws -> StagedRow {
        func byte() throws -> UInt8 {
            guard position < end else {
                throw StoreError(
                    .damaged,
                    Localized(
                        zh: "导入的临时文件在一行中间结束；请重新导入该文件",
                        en: "the import's temporary file ended inside a row; import the file again"))
            }
            defer { position += 1 }
            return b[position]
        }
        func varint() throws -> UInt64 {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let c = try byte()
                v |= UInt64(c & 0x7F) << shift
                if c < 0x80 { return v }
                shift += 7
                guard shift < 64 else {
                    throw StoreError(
                        .damaged,
                        Localized(
                            zh: "导入的临时文件中有一个过长的数字",
                            en: "the import's temporary file holds a number that is too long"))
                }
            }
        }
        func signed() throws -> Int64 {
            let z = try varint()
            return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
        }
        let flags = try byte()
        previous.unit &+= try signed()
        previous.actor &+= try signed()
        var time = StagedRow.noTime
        if flags & RunEncoder.hasTime != 0 {
            previous.time &+= try signed()
            time = previous.time
        }
        previous.row &+= try signed()
        var value = 0.0
        if flags & RunEncoder.wholeValue != 0 {
            value = Double(try signed())
        } else if flags & RunEncoder.rawValue != 0 {
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(try byte()) << (8 * UInt64(k)) }
            value = Double(bitPattern: bits)
        }
        let comment = flags & RunEncoder.hasComment != 0 ? Int64(bitPattern: try varint()) : -1
        return StagedRow(
            value: value, time: time, row: previous.row, comment: comment,
            unit: Int32(truncatingIfNeeded: previous.unit),
            actor: Int32(truncatingIfNeeded: previous.actor), block: block,
            kind: flags & (StagedRow.removal | StagedRow.followUp))
    }
}
