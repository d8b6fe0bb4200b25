public import TallyText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fast streaming CSV reader (RFC 4180 plus the usual spreadsheet habits).
///
/// The file is read in chunks with `read(2)`; memory use does not grow with the file size. Accepted input:
/// a UTF-8 byte order mark at the start (skipped); LF, CRLF or lone CR line endings; quoted fields with `""`
/// escapes, commas and line breaks inside; a last line without a line break. Completely empty lines are skipped.
/// A quote inside an unquoted field is kept as it is; text after a closing quote (`"ab"c`) and a quote left open
/// at the end of the file are errors. A record longer than ``maxRecordBytes`` is an error too, so that a file
/// without line breaks (or with a quote that is never closed) cannot make the reader hold the whole file.
///
/// ```swift
/// var reader = try CSVReader(path: "data.csv")
/// var record = CSVRecord()
/// while try reader.next(into: &record) { … record.string(0) … }
/// ```
public struct CSVReader: ~Copyable {
    /// Where the parser is; states between records are `recordStart` and `recordStartAfterCR`.
    private enum State {
        case recordStart, recordStartAfterCR, fieldStart, unquoted, quoted, quotedAfterCR, quoteInQuoted
    }

    /// The file path, or `"<input>"` for in-memory input.
    public let source: String
    /// The size of the input in bytes, or `nil` when it is not known (a pipe).
    public let fileSize: Int?
    /// How many bytes of the input the parser has consumed so far; compare with `fileSize` for progress.
    public var bytesRead: Int { consumedBefore + position }
    /// The longest record accepted, in bytes of the file (line breaks inside quoted fields included).
    public let maxRecordBytes: Int

    /// The default for ``maxRecordBytes``: 1 MiB, a thousand times a long data-value row, and room for
    /// DHIS2's longest comment (50,000 characters).
    public static let defaultMaxRecordBytes = 1 << 20

    /// Spare bytes after the chunk buffer, so that short fields can be copied a word at a time.
    private static let padding = 16

    private let fd: Int32
    /// Where the bytes come from when not from `fd`: a file converted from another encoding.
    private let input: TextInput?
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private let chunkSize: Int
    private var position = 0
    private var end = 0
    private var consumedBefore = 0
    private var atEOF = false
    private var bomChecked = false
    private var line = 1
    private var resumeState = State.recordStart
    private var failure: CSVError?

    /// Opens the file at `path` for reading in chunks of `chunkSize` bytes.
    public init(
        path: String, chunkSize: Int = 1 << 20, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes
    ) throws(CSVError) {
        precondition(chunkSize > 0, "chunkSize must be positive")
        self.maxRecordBytes = maxRecordBytes
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path, reason: TextInputError.system(errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = TextInputError.system(errno)
            close(fd)
            throw .cannotOpen(path, reason: reason)
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR {
            close(fd)
            throw .cannotOpen(path, reason: TextInputError.folder)
        }
        self.source = path
        self.fileSize = kind == S_IFREG ? Int(info.st_size) : nil
        self.fd = fd
        self.input = nil
        self.chunkSize = chunkSize
        self.capacity = max(chunkSize, 4)
        self.buffer = .allocate(capacity: capacity + Self.padding)
        buffer.initialize(repeating: 0, count: capacity + Self.padding)
        #if os(Linux)
            _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
    }

    /// Reads CSV from bytes in memory (tests, pasted text, downloads).
    public init(bytes: [UInt8], source: String = "<input>", maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes) {
        self.source = source
        self.maxRecordBytes = maxRecordBytes
        self.fileSize = bytes.count
        self.fd = -1
        self.input = nil
        self.chunkSize = max(bytes.count, 1)
        self.capacity = max(bytes.count, 1)
        self.buffer = .allocate(capacity: capacity + Self.padding)
        buffer.initialize(repeating: 0, count: capacity + Self.padding)
        bytes.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { buffer.update(from: base, count: src.count) }
        }
        self.end = bytes.count
        self.atEOF = true
    }

    /// Reads CSV text from `input`, which converts it from its encoding (GBK, GB18030) as it is read.
    public init(
        input: TextInput, chunkSize: Int = 1 << 20, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes
    ) {
        precondition(chunkSize >= 16, "chunkSize must be at least 16")
        self.source = input.name
        self.maxRecordBytes = maxRecordBytes
        self.fileSize = input.fileSize
        self.fd = -1
        self.input = input
        self.chunkSize = chunkSize
        self.capacity = chunkSize
        self.buffer = .allocate(capacity: capacity + Self.padding)
        buffer.initialize(repeating: 0, count: capacity + Self.padding)
    }

    deinit {
        buffer.deallocate()
        if fd >= 0 { close(fd) }
    }

    /// Opens the CSV file at `path` in `encoding`: UTF-8 read directly, GBK or GB18030 converted as it is read.
    public init(path: String, encoding: TextEncoding) throws(CSVError) {
        if encoding == .utf8 {
            try self.init(path: path)
            return
        }
        let input: TextInput
        do {
            input = try TextInput(path: path, encoding: encoding)
        } catch {
            throw .cannotOpen(path, reason: error.details)
        }
        self.init(input: input)
    }

    /// Parses `text` and returns the fields of its first record; `[]` if there is none or the text is malformed.
    public static func parseLine(_ text: String) -> [String] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var record = CSVRecord()
        guard (try? reader.next(into: &record)) == true else { return [] }
        return record.fields
    }

    /// Reads more bytes after `end`; returns the number read (0 at the end of the file).
    private mutating func readMore() throws(CSVError) -> Int {
        guard !atEOF, end < capacity else { return 0 }
        if let input {
            let n: Int
            do {
                n = try input.read(into: buffer + end, count: min(chunkSize, capacity - end))
            } catch {
                let code: CSVError.Code = error.code == .notInEncoding ? .invalidUTF8 : .unreadable
                let failed = CSVError(
                    code: code, source: source, line: error.line ?? line, column: nil, byteOffset: error.byteOffset,
                    message: error.messages)
                failure = failed
                throw failed
            }
            if n == 0 { atEOF = true }
            end += n
            return n
        }
        while true {
            let n = read(fd, buffer + end, min(chunkSize, capacity - end))
            if n > 0 {
                end += n
                return n
            }
            if n == 0 {
                atEOF = true
                return 0
            }
            let code = errno
            if code == EINTR { continue }
            let error = CSVError.unreadable(source, line: line, reason: TextInputError.errorText(code))
            failure = error
            throw error
        }
    }

    /// Starts a new chunk after the current one has been consumed; false at the end of the input.
    private mutating func refill() throws(CSVError) -> Bool {
        consumedBefore += end
        position = 0
        end = 0
        return try readMore() > 0
    }

    /// Skips a UTF-8 byte order mark at the start of the input; refuses UTF-16 and UTF-32 text, naming it.
    private mutating func skipBOM() throws(CSVError) {
        bomChecked = true
        while end - position < 4, try readMore() > 0 {}
        if let found = TextEncoding.unsupported(
            prefix: UnsafeBufferPointer(start: buffer + position, count: end - position))
        {
            let error = CSVError(
                code: .invalidUTF8, source: source, line: 1, column: nil,
                message: .placed(source, TextEncoding.unsupportedDetail(found)))
            failure = error
            throw error
        }
        if end - position >= 3, buffer[position] == 0xEF, buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF {
            position += 3
        }
    }

    /// Fills `record` with the next record; returns false at the end of the input.
    ///
    /// After an error the reader stays failed and throws the same error again.
    public mutating func next(into record: inout CSVRecord) throws(CSVError) -> Bool {
        if let failure { throw failure }
        if !bomChecked { try skipBOM() }
        var sink = FieldSink(record.prepareForWriting(source: source))
        defer { sink.commit() }

        let base = buffer
        var p = position
        var e = end
        var ln = line
        var state = resumeState
        var quoteLine = 0
        // Where the record starts, counted from the start of the input; checked against `maxRecordBytes`
        // before each refill (so a long record never holds more than a chunk beyond the limit) and at its end.
        var recordStart = consumedBefore + p

        while true {
            if p == e {
                position = p
                line = ln
                if state != .recordStart && state != .recordStartAfterCR {
                    try checkLength(from: recordStart, line: record.line)
                }
                if try !refill() {
                    let more = try finish(state, &sink, quoteLine: quoteLine)
                    if more { try checkLength(from: recordStart, line: record.line) }
                    return more
                }
                p = position
                e = end
            }
            switch state {
            case .recordStart, .recordStartAfterCR:
                let c = base[p]
                if c == lf {
                    p &+= 1
                    if state == .recordStartAfterCR {
                        state = .recordStart
                    } else {
                        ln &+= 1
                    }
                } else if c == cr {
                    p &+= 1
                    ln &+= 1
                    state = .recordStartAfterCR
                } else {
                    record.line = ln
                    recordStart = consumedBefore + p
                    state = c == quote ? .fieldStart : .unquoted
                }

            case .fieldStart:
                if base[p] == quote {
                    p &+= 1
                    quoteLine = ln
                    state = .quoted
                } else {
                    state = .unquoted
                }

            case .unquoted:
                // The hot path: runs of unquoted fields without going back through the state switch.
                while true {
                    let i = Self.scan(base, from: p, to: e, until: comma, Self.commas)
                    sink.append(base + p, i &- p)
                    p = i
                    if i == e { break }
                    let c = base[i]
                    p &+= 1
                    sink.endField()
                    if c != comma {
                        position = p
                        line = ln &+ 1
                        resumeState = c == cr ? .recordStartAfterCR : .recordStart
                        try checkLength(from: recordStart, line: record.line)
                        return true
                    }
                    if p == e {
                        state = .fieldStart
                        break
                    }
                    if base[p] == quote {
                        p &+= 1
                        quoteLine = ln
                        state = .quoted
                        break
                    }
                }

            case .quoted:
                let i = Self.scan(base, from: p, to: e, until: quote, Self.quotes)
                sink.append(base + p, i &- p)
                p = i
                if i == e { continue }
                let c = base[i]
                p &+= 1
                if c == quote {
                    state = .quoteInQuoted
                } else {
                    sink.append(c)
                    ln &+= 1
                    if c == cr { state = .quotedAfterCR }
                }

            case .quotedAfterCR:
                if base[p] == lf {
                    sink.append(lf)
                    p &+= 1
                }
                state = .quoted

            case .quoteInQuoted:
                let c = base[p]
                if c == quote {
                    sink.append(quote)
                    p &+= 1
                    state = .quoted
                } else if c == comma {
                    p &+= 1
                    sink.endField()
                    state = .fieldStart
                } else if c == lf || c == cr {
                    p &+= 1
                    sink.endField()
                    position = p
                    line = ln &+ 1
                    resumeState = c == cr ? .recordStartAfterCR : .recordStart
                    try checkLength(from: recordStart, line: record.line)
                    return true
                } else {
                    position = p
                    line = ln
                    let error = CSVError.textAfterQuote(source, line: ln, column: sink.endCount + 1)
                    failure = error
                    throw error
                }
            }
        }
    }

    /// Fails when the record that started at offset `start` has grown beyond ``maxRecordBytes``.
    @inline(__always)
    private mutating func checkLength(from start: Int, line: Int) throws(CSVError) {
        let length = consumedBefore &+ position &- start
        guard length > maxRecordBytes else { return }
        let error = CSVError.recordTooLong(source, line: line, limit: maxRecordBytes)
        failure = error
        throw error
    }

    /// Handles the end of the input in `state`.
    private mutating func finish(_ state: State, _ sink: inout FieldSink, quoteLine: Int) throws(CSVError) -> Bool {
        resumeState = .recordStart
        switch state {
        case .recordStart, .recordStartAfterCR:
            return false
        case .fieldStart, .unquoted, .quoteInQuoted:
            sink.endField()
            return true
        case .quoted, .quotedAfterCR:
            let error = CSVError.unterminatedQuote(source, line: quoteLine, column: sink.endCount + 1)
            failure = error
            throw error
        }
    }

    /// The index of the first `stop` byte (a comma outside quotes, a quote inside), LF or CR in `base[from..<to]`,
    /// or `to`. `stops` is `stop` in every byte of a word; both are constants where this is inlined.
    @inline(__always)
    private static func scan(
        _ base: UnsafeMutablePointer<UInt8>, from: Int, to end: Int, until stop: UInt8, _ stops: UInt64
    ) -> Int {
        var i = from
        while i &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let mask = zeroBytes(word ^ stops) | zeroBytes(word ^ lfs) | zeroBytes(word ^ crs)
            if mask != 0 { return i &+ mask.trailingZeroBitCount &>> 3 }
            i &+= 8
        }
        // LF and CR are below both stops, so one comparison passes over most bytes.
        while i < end {
            let c = base[i]
            if c <= stop, c == stop || c == lf || c == cr { return i }
            i &+= 1
        }
        return end
    }

    /// High bit set in each byte of `word` that is zero; exact for the lowest zero byte, which is all we use.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    private static let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C
    private static let quotes: UInt64 = 0x2222_2222_2222_2222
    private static let lfs: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    private static let crs: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
}

private let comma: UInt8 = 0x2C
private let quote: UInt8 = 0x22
private let lf: UInt8 = 0x0A
private let cr: UInt8 = 0x0D

/// Writes fields into a record's storage through plain pointers; `commit()` stores the counts back.
private struct FieldSink {
    unowned(unsafe) let storage: CSVRecordStorage
    var bytes: UnsafeMutablePointer<UInt8>
    var byteCapacity: Int
    var byteCount = 0
    var ends: UnsafeMutablePointer<Int>
    var endCapacity: Int
    var endCount = 0

    init(_ storage: CSVRecordStorage) {
        self.storage = storage
        bytes = storage.bytes
        byteCapacity = storage.byteCapacity
        ends = storage.ends
        endCapacity = storage.endCapacity
    }

    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, _ count: Int) {
        if count == 0 { return }
        if byteCount &+ count > byteCapacity {
            storage.growBytes(to: byteCount &+ count, used: byteCount)
            bytes = storage.bytes
            byteCapacity = storage.byteCapacity
        }
        let target = bytes + byteCount
        if count <= 16 && byteCount &+ 16 <= byteCapacity {
            // Copy 16 bytes (the source has 16 bytes of padding); the extra bytes are overwritten later.
            let words = UnsafeRawPointer(source)
            let out = UnsafeMutableRawPointer(target)
            out.storeBytes(of: words.loadUnaligned(as: UInt64.self), as: UInt64.self)
            let second = words.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            out.storeBytes(of: second, toByteOffset: 8, as: UInt64.self)
        } else {
            target.update(from: source, count: count)
        }
        byteCount &+= count
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if byteCount == byteCapacity {
            storage.growBytes(to: byteCount &+ 1, used: byteCount)
            bytes = storage.bytes
            byteCapacity = storage.byteCapacity
        }
        bytes[byteCount] = byte
        byteCount &+= 1
    }

    @inline(__always)
    mutating func endField() {
        if endCount == endCapacity {
            storage.growEnds(used: endCount)
            ends = storage.ends
            endCapacity = storage.endCapacity
        }
        ends[endCount] = byteCount
        endCount &+= 1
    }

    func commit() {
        storage.byteCount = byteCount
        storage.endCount = endCount
    }
}
