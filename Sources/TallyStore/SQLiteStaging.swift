internal import Foundation

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
/// Rows are appended in the order staged. When the rows in memory reach the budget they are written to a temporary
/// file as one *run*: grouped by block (a counting sort on the block index, which keeps the staged order within a
/// block), blocks in key order. ``SQLiteValueWriter/applyStaged(reporting:)`` then visits each block once, in key
/// order, and reads its rows from every run in turn and then from memory — each run sequentially, so the order of
/// the file's rows costs nothing. Memory holds at most the budget's rows, however long and however ordered the file.
final class SQLiteStaging {
    /// The most bytes of staged rows held in memory before they are written to a run.
    let budget: Int
    /// The block keys seen, by index.
    private(set) var keys: [BlockKey] = []
    private var index: [BlockKey: UInt32] = [:]
    private var lastKey = BlockKey(element: -1, period: -1, combo: -1)
    private var lastIndex: UInt32 = 0
    /// Rows staged since the last run was written, in the order staged.
    private(set) var rows: [StagedRow] = []
    /// For each block, where its rows are in each run: (offset in bytes, count).
    private(set) var segments: [[(offset: Int64, count: Int)]] = []
    /// How many rows were staged in all.
    private(set) var count = 0
    private var runs: SpillFile?
    private var comments: SpillFile?

    /// Rows of one run held while it is written, and read back at a time while it is applied.
    static let chunkRows = 16_384

    init(budget: Int) {
        self.budget = max(budget, 1)
    }

    var rowLimit: Int { max(budget / MemoryLayout<StagedRow>.stride, 1) }

    /// Whether any run was written to the spill file.
    var spilled: Bool { runs != nil }

    /// The index of a block, registering a new one.
    @inline(__always)
    func block(_ key: BlockKey) -> UInt32 {
        if key == lastKey { return lastIndex }
        let i: UInt32
        if let known = index[key] {
            i = known
        } else {
            i = UInt32(keys.count)
            keys.append(key)
            index[key] = i
            segments.append([])
        }
        lastKey = key
        lastIndex = i
        return i
    }

    /// Appends a row; writes a run when the rows in memory reach the budget.
    @inline(__always)
    func append(_ row: StagedRow) throws {
        if rows.count == rows.capacity {
            if rows.count >= rowLimit {
                try spill()
            } else {
                rows.reserveCapacity(min(max(rows.capacity * 2, 1024), rowLimit))
            }
        }
        rows.append(row)
        count += 1
    }

    /// Keeps a comment in the comment file; returns where it starts.
    func keep(comment: String) throws -> Int64 {
        if comments == nil { comments = try SpillFile(purpose: "comments") }
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
        var start = [Int](repeating: 0, count: keys.count + 1)
        for row in rows { start[Int(row.block) + 1] += 1 }
        for b in 0..<keys.count { start[b + 1] += start[b] }
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
        keys.indices.sorted {
            (keys[$0].element, keys[$0].period, keys[$0].combo) < (keys[$1].element, keys[$1].period, keys[$1].combo)
        }
    }

    /// Writes the rows in memory to the spill file as one run, grouped by block in key order.
    private func spill() throws {
        if runs == nil { runs = try SpillFile(purpose: "staged values") }
        let file = runs!
        let (start, order) = grouped()
        var buffer: [StagedRow] = []
        buffer.reserveCapacity(Self.chunkRows)
        for b in blocksInKeyOrder() where start[b + 1] > start[b] {
            let offset = file.size
            for k in start[b]..<start[b + 1] {
                buffer.append(rows[Int(order[k])])
                if buffer.count == Self.chunkRows {
                    _ = try buffer.withUnsafeBytes { try file.append($0) }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            _ = try buffer.withUnsafeBytes { try file.append($0) }
            buffer.removeAll(keepingCapacity: true)
            segments[b].append((offset, start[b + 1] - start[b]))
        }
        rows.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with the rows of block `b` that were written to runs, a chunk at a time, in the order staged.
    func forEachSpilledChunk(of b: Int, _ body: (UnsafeBufferPointer<StagedRow>) throws -> Void) throws {
        guard let runs, !segments[b].isEmpty else { return }
        var buffer = [StagedRow](
            repeating: StagedRow(value: 0, time: 0, row: 0, comment: -1, unit: 0, actor: 0, block: 0, kind: 0),
            count: Self.chunkRows)
        for segment in segments[b] {
            var done = 0
            while done < segment.count {
                let n = min(Self.chunkRows, segment.count - done)
                let offset = segment.offset + Int64(done * MemoryLayout<StagedRow>.stride)
                try buffer.withUnsafeMutableBytes { raw in
                    try runs.read(
                        at: offset,
                        into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<n * MemoryLayout<StagedRow>.stride]))
                }
                try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<n])) }
                done += n
            }
        }
    }
}

/// A temporary file, deleted as soon as it is opened: appended to through a buffer, read back anywhere.
final class SpillFile {
    private let fd: Int32
    private let directory: String
    private var buffer: [UInt8] = []
    private var flushed: Int64 = 0
    /// Bytes appended so far.
    var size: Int64 { flushed + Int64(buffer.count) }

    static let bufferSize = 1 << 20

    /// Opens a new temporary file in `TMPDIR` (or `/tmp`); `purpose` names it in errors.
    init(purpose: String) throws {
        directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/tally-import-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw StoreError(
                .database,
                "cannot create a temporary file for the \(purpose) of this import in \(directory) (\(String(cString: strerror(errno)))); set TMPDIR to a directory with room"
            )
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit { close(fd) }

    /// Appends bytes; returns the offset they start at.
    func append(_ bytes: UnsafeRawBufferPointer) throws -> Int64 {
        let offset = size
        if buffer.count + bytes.count > Self.bufferSize { try flush() }
        if bytes.count > Self.bufferSize {
            try write(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
        return offset
    }

    /// Reads `into.count` bytes starting at `offset`.
    func read(at offset: Int64, into: UnsafeMutableRawBufferPointer) throws {
        if offset + Int64(into.count) > flushed { try flush() }
        var done = 0
        while done < into.count {
            let n = pread(fd, into.baseAddress! + done, into.count - done, off_t(offset) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw problem("read") }
            done += n
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(flushed))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw problem("write") }
            done += n
            flushed += Int64(n)
        }
    }

    private func problem(_ what: String) -> StoreError {
        StoreError(
            .database,
            "cannot \(what) the import's temporary file in \(directory) (\(String(cString: strerror(errno)))); free some disk space there or set TMPDIR to a directory with room"
        )
    }
}
