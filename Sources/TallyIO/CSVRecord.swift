/// One CSV record: its fields as raw bytes, stored in one reusable buffer.
///
/// A record is meant to be reused: pass the same value to `CSVReader.next(into:)` again and again, and after the
/// first few records reading allocates nothing. Fields are indexed from 0; quotes are already removed and `""`
/// escapes resolved. Nothing is trimmed.
public struct CSVRecord: Sendable {
    /// The 1-based physical line where the record starts (line breaks inside quoted fields count).
    public var line: Int = 0
    /// The file path, or `"<input>"`, used in error messages.
    public internal(set) var source: String = "<input>"
    /// The field bytes and end offsets; copied on write.
    @usableFromInline var storage = CSVRecordStorage(byteCapacity: 256, endCapacity: 16)

    /// The number of fields.
    @inlinable public var count: Int { storage.endCount }

    /// All fields as strings (invalid UTF-8 is repaired with U+FFFD); convenient for tests and small files.
    public var fields: [String] { (0..<count).map { string($0) } }

    /// Creates an empty record, ready to be filled by `CSVReader.next(into:)`.
    public init() {}

    /// Empties the record, keeping its storage, and makes the storage unique so that it can be written.
    mutating func prepareForWriting(source: String) -> CSVRecordStorage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        storage.byteCount = 0
        storage.endCount = 0
        if self.source != source { self.source = source }
        return storage
    }

    /// The byte range of field `i` in the storage.
    @inlinable func range(_ i: Int) -> Range<Int> {
        let storage = storage
        precondition(i >= 0 && i < storage.endCount, "CSV field index \(i) out of range 0..<\(storage.endCount)")
        return (i == 0 ? 0 : storage.ends[i - 1])..<storage.ends[i]
    }

    /// Whether field `i` (0-based) has no bytes.
    @inlinable public func isEmpty(_ i: Int) -> Bool {
        range(i).isEmpty
    }

    /// Calls `body` with the raw bytes of field `i` (0-based), without copying; the pointer is valid only inside.
    @inlinable public func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = range(i)
        let storage = storage
        return try withExtendedLifetime(storage) {
            try body(UnsafeBufferPointer(start: storage.bytes + r.lowerBound, count: r.count))
        }
    }

    /// Field `i` (0-based) as a string; invalid UTF-8 is repaired with U+FFFD. See `validatedString(_:)`.
    public func string(_ i: Int) -> String {
        withBytes(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Field `i` (0-based) as a string, or an `.invalidUTF8` error naming line, column and byte offset.
    public func validatedString(_ i: Int) throws(CSVError) -> String {
        let result: String? = withBytes(i) { String(validating: $0, as: UTF8.self) }
        if let result { return result }
        let (offset, byte) = withBytes(i) { field in
            let offset = UTF8Check.firstInvalidOffset(field) ?? 0
            return (offset, field[offset])
        }
        // The line of the bad byte: the record's line plus the line breaks (inside quoted fields) before it.
        var breaks = 0
        for field in 0...i {
            breaks += withBytes(field) { bytes in
                UTF8Check.lineBreaks(field == i ? UnsafeBufferPointer(rebasing: bytes[..<offset]) : bytes)
            }
        }
        throw .invalidUTF8(source, line: line + breaks, column: i + 1, byteOffset: offset, byte: byte)
    }
}

/// The growable buffers behind `CSVRecord`: all field bytes one after the other, and each field's end offset.
///
/// Only written while uniquely referenced (copy on write), so sharing it between threads is safe.
/// The properties opt out of dynamic exclusivity checks: they are touched once per record on the hot path, and
/// all access goes through `CSVRecord` and `CSVReader`, which never overlap.
@usableFromInline final class CSVRecordStorage: @unchecked Sendable {
    @exclusivity(unchecked) @usableFromInline var bytes: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) var byteCapacity: Int
    @exclusivity(unchecked) var byteCount = 0
    @exclusivity(unchecked) @usableFromInline var ends: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) var endCapacity: Int
    @exclusivity(unchecked) @usableFromInline var endCount = 0

    init(byteCapacity: Int, endCapacity: Int) {
        self.byteCapacity = max(byteCapacity, 16)
        self.endCapacity = max(endCapacity, 4)
        bytes = .allocate(capacity: self.byteCapacity)
        ends = .allocate(capacity: self.endCapacity)
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
    }

    /// A copy holding the same fields.
    func copy() -> CSVRecordStorage {
        let other = CSVRecordStorage(byteCapacity: byteCapacity, endCapacity: endCapacity)
        other.bytes.update(from: bytes, count: byteCount)
        other.ends.update(from: ends, count: endCount)
        other.byteCount = byteCount
        other.endCount = endCount
        return other
    }

    /// Makes room for at least `minimum` bytes, keeping the first `used`.
    func growBytes(to minimum: Int, used: Int) {
        let capacity = max(minimum, byteCapacity * 2)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        new.update(from: bytes, count: used)
        bytes.deallocate()
        bytes = new
        byteCapacity = capacity
    }

    /// Makes room for more field ends, keeping the first `used`.
    func growEnds(used: Int) {
        let capacity = endCapacity * 2
        let new = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        new.update(from: ends, count: used)
        ends.deallocate()
        ends = new
        endCapacity = capacity
    }
}

/// UTF-8 validation helpers.
enum UTF8Check {
    /// The offset of the first byte that does not start a well-formed UTF-8 sequence, or `nil` if all is valid.
    static func firstInvalidOffset(_ buf: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = buf.count
        while i < n {
            let c = buf[i]
            if c < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= n, buf[i + 1] >= low, buf[i + 1] <= high else { return i }
            for k in 2..<length where buf[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// The number of line breaks (LF, CR or CRLF) in `buf`.
    static func lineBreaks(_ buf: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var i = 0
        while i < buf.count {
            if buf[i] == 0x0A {
                count += 1
            } else if buf[i] == 0x0D {
                count += 1
                if i + 1 < buf.count, buf[i + 1] == 0x0A { i += 1 }
            }
            i += 1
        }
        return count
    }
}

extension CSVRecord {
    /// Replaces the fields with `fields` and sets the line: how row sources that are not CSV (JSON, XML) hand
    /// their rows to the importer.
    public mutating func set(_ fields: [String], line: Int, source: String) {
        let s = prepareForWriting(source: source)
        var used = 0
        for (k, field) in fields.enumerated() {
            var field = field
            field.withUTF8 { b in
                guard b.count > 0 else { return }
                if used + b.count > s.byteCapacity { s.growBytes(to: used + b.count, used: used) }
                (s.bytes + used).update(from: b.baseAddress!, count: b.count)
                used += b.count
            }
            if k == s.endCapacity { s.growEnds(used: k) }
            s.ends[k] = used
        }
        s.byteCount = used
        s.endCount = fields.count
        self.line = line
    }

    /// Whether any byte of the record is outside ASCII (a fast check before validating UTF-8).
    var hasNonASCII: Bool {
        let s = storage
        let n = s.endCount == 0 ? 0 : s.ends[s.endCount - 1]
        return withExtendedLifetime(s) {
            var i = 0
            var acc: UInt64 = 0
            let raw = UnsafeRawPointer(s.bytes)
            while i + 8 <= n {
                acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                i += 8
            }
            while i < n {
                acc |= UInt64(s.bytes[i])
                i += 1
            }
            return acc & 0x8080_8080_8080_8080 != 0
        }
    }
}
