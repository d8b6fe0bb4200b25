internal import CZlib
internal import TallyText

/// A zip archive held in memory, read with every offset and size checked against the bytes that are there.
///
/// Workbooks are read with this instead of a general zip library because a hostile file must never make the
/// reader loop: a truncated deflate stream, a size that runs past the end of the file or a local header that
/// points anywhere are refused here as damaged, and inflating stops at the size the central directory declares.
/// Only what an `.xlsx` uses is supported: one disk, stored or deflated entries, ZIP64 sizes and offsets.
struct ZipArchive {
    /// One entry of the central directory.
    struct Entry: Equatable {
        /// The entry's path in the archive.
        var name: String
        /// 0 stored, 8 deflated.
        var method: UInt16
        /// The general-purpose flags (bit 0: encrypted).
        var flags: UInt16
        /// The CRC-32 of the inflated bytes.
        var checksum: UInt32
        /// The size of the stored (compressed) bytes.
        var compressedSize: UInt64
        /// The size once inflated.
        var uncompressedSize: UInt64
        /// Where the entry's local header starts.
        var localHeaderOffset: UInt64
        /// A symbolic link (made on Unix with the link file type).
        var isSymlink: Bool
        /// A directory (its name ends with `/`).
        var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// Why an archive or an entry cannot be read.
    enum Failure: Error, Equatable {
        /// Not a zip archive at all.
        case notZip(Localized<String>)
        /// More entries than allowed.
        case tooManyEntries(Int)
        /// A zip archive whose structure is damaged or unsupported.
        case damaged(Localized<String>)
        /// An entry that cannot be inflated or does not match its sizes or checksum.
        case badEntry(String, Localized<String>)
    }

    /// The entries in the central directory's order.
    let entries: [Entry]
    private let bytes: [UInt8]
    /// Where the central directory starts: no entry's data may reach into it.
    private let directoryStart: Int

    /// Reads the central directory of `bytes`.
    ///
    /// - Throws: ``Failure``: `.notZip` without an end-of-central-directory record, `.tooManyEntries` beyond
    ///   `maxEntries`, `.damaged` when the directory does not fit the bytes or uses what an `.xlsx` never does
    ///   (several disks, encryption).
    init(bytes: [UInt8], maxEntries: Int) throws(Failure) {
        self.bytes = bytes
        // The end-of-central-directory record: 22 bytes and a comment of up to 65,535, at the very end.
        let lowest = max(0, bytes.count - 22 - 65_535)
        var end = -1
        var position = bytes.count - 22
        while position >= lowest {
            if Self.u32(bytes, position) == 0x0605_4b50 {
                end = position
                break
            }
            position -= 1
        }
        guard end >= 0 else {
            throw .notZip(Localized(zh: "没有中央目录结束记录", en: "no end-of-central-directory record"))
        }
        var count = UInt64(Self.u16(bytes, end + 10))
        var size = UInt64(Self.u32(bytes, end + 12))
        var offset = UInt64(Self.u32(bytes, end + 16))
        if Self.u16(bytes, end + 4) != 0 || Self.u16(bytes, end + 6) != 0 {
            throw .damaged(Localized(zh: "压缩包分卷存放在多个磁盘上", en: "the archive spans several disks"))
        }
        var limit = end
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            // ZIP64: a locator just before the record points at the ZIP64 end record.
            let locator = end - 20
            guard locator >= 0, Self.u32(bytes, locator) == 0x0706_4b50 else {
                throw .damaged(
                    Localized(zh: "缺少 ZIP64 中央目录结束定位符", en: "the ZIP64 end-of-central-directory locator is missing"))
            }
            let record = Self.u64(bytes, locator + 8)
            guard locator >= 56, record <= UInt64(locator - 56), Self.u32(bytes, Int(record)) == 0x0606_4b50 else {
                throw .damaged(
                    Localized(
                        zh: "ZIP64 中央目录结束记录不在定位符所指的位置",
                        en: "the ZIP64 end-of-central-directory record is not where its locator points"))
            }
            count = Self.u64(bytes, Int(record) + 32)
            size = Self.u64(bytes, Int(record) + 40)
            offset = Self.u64(bytes, Int(record) + 48)
            limit = Int(record)
        }
        guard count <= UInt64(maxEntries) else { throw .tooManyEntries(maxEntries) }
        guard offset <= UInt64(limit), size <= UInt64(limit) - offset, count * 46 <= size else {
            throw .damaged(Localized(zh: "中央目录超出了文件范围", en: "the central directory does not fit in the file"))
        }
        directoryStart = Int(offset)
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var at = Int(offset)
        let directoryEnd = Int(offset + size)
        for _ in 0..<count {
            guard at + 46 <= directoryEnd, Self.u32(bytes, at) == 0x0201_4b50 else {
                throw .damaged(
                    Localized(
                        zh: "中央目录的第\(entries.count + 1)个条目已损坏",
                        en: "entry \(entries.count + 1) of the central directory is damaged"))
            }
            let madeBy = Self.u16(bytes, at + 4)
            let flags = Self.u16(bytes, at + 8)
            let method = Self.u16(bytes, at + 10)
            let checksum = Self.u32(bytes, at + 16)
            var compressed = UInt64(Self.u32(bytes, at + 20))
            var uncompressed = UInt64(Self.u32(bytes, at + 24))
            let nameLength = Int(Self.u16(bytes, at + 28))
            let extraLength = Int(Self.u16(bytes, at + 30))
            let commentLength = Int(Self.u16(bytes, at + 32))
            let disk = Self.u16(bytes, at + 34)
            let external = Self.u32(bytes, at + 38)
            var local = UInt64(Self.u32(bytes, at + 42))
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= directoryEnd else {
                throw .damaged(
                    Localized(
                        zh: "中央目录的第\(entries.count + 1)个条目超出了目录末尾",
                        en: "entry \(entries.count + 1) of the central directory runs past its end"))
            }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            // ZIP64 sizes and offset, in this order, for the fields that are all ones.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = Self.u16(bytes, extra)
                let length = Int(Self.u16(bytes, extra + 2))
                guard extra + 4 + length <= extraEnd else { break }
                if id == 0x0001 {
                    var field = extra + 4
                    let fieldEnd = field + length
                    func take(_ value: inout UInt64, _ wide: UInt64) throws(Failure) {
                        guard value == wide else { return }
                        guard field + 8 <= fieldEnd else {
                            throw .damaged(
                                Localized(
                                    zh: "条目“\(name)”缺少 ZIP64 大小", en: "the ZIP64 sizes of entry '\(name)' are missing"))
                        }
                        value = Self.u64(bytes, field)
                        field += 8
                    }
                    try take(&uncompressed, 0xFFFF_FFFF)
                    try take(&compressed, 0xFFFF_FFFF)
                    try take(&local, 0xFFFF_FFFF)
                }
                extra += 4 + length
            }
            if disk != 0 && disk != 0xFFFF {
                throw .damaged(Localized(zh: "条目“\(name)”在另一个磁盘上", en: "entry '\(name)' is on another disk"))
            }
            entries.append(
                Entry(
                    name: name, method: method, flags: flags, checksum: checksum, compressedSize: compressed,
                    uncompressedSize: uncompressed, localHeaderOffset: local,
                    isSymlink: madeBy >> 8 == 3 && (external >> 16) & 0o170000 == 0o120000))
            at = next
        }
        self.entries = entries
    }

    /// Inflates `entry`, handing the bytes to `consumer` in pieces of at most 64 KiB until it returns `false`
    /// or the entry ends; then the size and (when the whole entry was read) the checksum are verified.
    ///
    /// Every loop here consumes input or produces output, and output stops at the declared size, so a hostile
    /// entry costs at most its declared size in time and nothing in memory beyond one piece.
    ///
    /// - Throws: ``Failure/badEntry(_:_:)`` when the entry's data lies outside the file, is encrypted, uses
    ///   another method, is truncated, inflates to more or less than it declares or fails its checksum; and
    ///   whatever `consumer` throws.
    func read(_ entry: Entry, _ consumer: (ArraySlice<UInt8>) throws -> Bool) throws {
        func bad(_ detail: Localized<String>) -> Failure { .badEntry(entry.name, detail) }
        let data = try self.data(entry)
        let piece = 65_536
        var produced: UInt64 = 0
        var checksum: UInt = 0
        var complete = true
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw bad(Localized(zh: "未压缩存储的条目的两个大小不一致", en: "a stored entry whose two sizes differ"))
            }
            var at = data.startIndex
            while at < data.endIndex {
                let slice = data[at..<min(at + piece, data.endIndex)]
                checksum = slice.withUnsafeBufferPointer { crc32(checksum, $0.baseAddress, UInt32($0.count)) }
                produced += UInt64(slice.count)
                at = slice.endIndex
                if try !consumer(slice) {
                    complete = false
                    break
                }
            }
        case 8:
            var stream = z_stream()
            guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw bad(Localized(zh: "解压程序无法启动", en: "the inflater cannot start"))
            }
            defer { inflateEnd(&stream) }
            var output = [UInt8](repeating: 0, count: piece)
            try data.withUnsafeBufferPointer { input in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                while true {
                    let status = output.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = UInt32(out.count)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    let count = piece - Int(stream.avail_out)
                    if count > 0 {
                        produced += UInt64(count)
                        guard produced <= entry.uncompressedSize else {
                            throw bad(
                                Localized(
                                    zh: "条目解压后超过它声明的\(entry.uncompressedSize)字节",
                                    en:
                                        "the entry inflates to more than the \(entry.uncompressedSize) bytes it declares"
                                ))
                        }
                        checksum = output.withUnsafeBufferPointer { crc32(checksum, $0.baseAddress, UInt32(count)) }
                        if try !consumer(output[0..<count]) {
                            complete = false
                            return
                        }
                    }
                    switch status {
                    case Z_STREAM_END: return
                    case Z_OK: continue
                    case Z_BUF_ERROR where count == 0:
                        throw bad(Localized(zh: "压缩数据在条目结束前就结束了", en: "the compressed data ends before the entry does"))
                    case Z_BUF_ERROR: continue
                    default: throw bad(Localized(zh: "压缩数据已损坏", en: "the compressed data is damaged"))
                    }
                }
            }
        default:
            throw bad(
                Localized(
                    zh: "压缩方式 \(entry.method) 不是 Excel 使用的方式（存储或 deflate）",
                    en: "compression method \(entry.method) is not one Excel uses (stored or deflated)"))
        }
        guard complete else { return }
        guard produced == entry.uncompressedSize else {
            throw bad(
                Localized(
                    zh: "条目解压为\(produced)字节，但声明的是\(entry.uncompressedSize)字节",
                    en: "the entry inflates to \(produced) bytes but declares \(entry.uncompressedSize)"))
        }
        guard UInt32(truncatingIfNeeded: checksum) == entry.checksum else {
            throw bad(Localized(zh: "条目与校验和不符；文件已损坏", en: "the entry does not match its checksum; the file is damaged"))
        }
    }

    /// The stored (compressed) bytes of `entry`, after checking that its local header is where the central
    /// directory says and that its data lies before the directory.
    ///
    /// - Throws: ``Failure/badEntry(_:_:)`` for an encrypted entry or one whose data lies outside the archive.
    func data(_ entry: Entry) throws(Failure) -> ArraySlice<UInt8> {
        func bad(_ detail: Localized<String>) -> Failure { .badEntry(entry.name, detail) }
        guard entry.flags & 1 == 0 else {
            throw bad(
                Localized(zh: "条目已加密；请去掉工作簿的密码后保存", en: "the entry is encrypted; save the workbook without a password"))
        }
        let header = entry.localHeaderOffset
        guard header <= UInt64(directoryStart), UInt64(directoryStart) - header >= 30,
            Self.u32(bytes, Int(header)) == 0x0403_4b50
        else {
            throw bad(
                Localized(zh: "它的本地文件头不在中央目录所说的位置", en: "its local header is not where the central directory says"))
        }
        let start =
            Int(header) + 30 + Int(Self.u16(bytes, Int(header) + 26)) + Int(Self.u16(bytes, Int(header) + 28))
        guard start <= directoryStart, entry.compressedSize <= UInt64(directoryStart - start) else {
            throw bad(Localized(zh: "它的数据超出了压缩包条目的末尾", en: "its data runs past the end of the archive's entries"))
        }
        return bytes[start..<(start + Int(entry.compressedSize))]
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16
    }

    private static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        guard at >= 0, at + 8 <= bytes.count else { return 0 }
        return UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32
    }
}
