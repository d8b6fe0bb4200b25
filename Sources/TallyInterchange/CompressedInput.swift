internal import CZlib
public import TallyIO
internal import TallyText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How far Tally inflates a compressed data file (`.json.gz`, `.csv.zip`, …), so that a zip bomb is refused
/// before it costs time: data files are read as a stream, so memory is never the limit.
public struct DecompressionLimits: Sendable, Equatable {
    /// The most bytes a file may inflate to (8 GiB: far more than a province's data for years).
    public var maxUncompressedBytes: Int = 8 << 30
    /// The most a file may inflate per compressed byte once it is larger than ``ratioGraceBytes``: exports of
    /// data values compress 5 to 30 times, a bomb of repeated bytes a thousand times.
    public var maxCompressionRatio: Int = 200
    /// Inflated sizes up to this are not held to ``maxCompressionRatio`` (16 MiB).
    public var ratioGraceBytes: Int = 16 << 20
    /// The largest zip file read; it is held in memory while its entry is inflated (1 GiB).
    public var maxZipFileBytes: Int = 1 << 30

    /// The default limits.
    public init() {}
}

/// A data file as Tally opens it: plain, gzip-compressed, or a zip archive of one file — told apart by their
/// first bytes, as DHIS2 does, whatever the name says.
struct DataFile {
    /// How the file's bytes are stored.
    enum Compression: Equatable {
        case none
        case gzip
        /// A zip archive; the entry inflated.
        case zip(entry: String)
    }

    /// The file.
    let path: String
    /// How it is stored.
    let compression: Compression
    /// The name that tells the format: the path without `.gz`, or the zip entry's name.
    let innerName: String
    /// The name in messages: the path, or `data.zip/dataValues.json` for an entry.
    let name: String
    private let archive: ZipArchive?
    private let entry: ZipArchive.Entry?
    private let limits: DecompressionLimits

    /// Opens `path` and looks at its first bytes; a zip archive is read and its one data entry chosen.
    ///
    /// - Throws: ``TextInputError`` when the file cannot be opened, or is a zip archive Tally cannot read (not
    ///   exactly one file, encrypted, damaged, too large).
    init(path: String, limits: DecompressionLimits = DecompressionLimits()) throws(TextInputError) {
        self.path = path
        self.limits = limits
        let magic = try Self.firstBytes(of: path, count: 4)
        if magic.starts(with: [0x1F, 0x8B]) {
            compression = .gzip
            var inner = path
            for suffix in [".gz", ".gzip"] where inner.lowercased().hasSuffix(suffix) {
                inner = String(inner.dropLast(suffix.count))
            }
            innerName = inner
            name = path
            archive = nil
            entry = nil
        } else if magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) || magic.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let (archive, entry) = try Self.openZip(path, limits: limits)
            compression = .zip(entry: entry.name)
            innerName = entry.name
            name = "\(path)/\(entry.name)"
            self.archive = archive
            self.entry = entry
        } else {
            compression = .none
            innerName = path
            name = path
            archive = nil
            entry = nil
        }
    }

    /// A fresh input over the file's text: each call starts again from the beginning.
    func input(encoding: TextEncoding) throws(TextInputError) -> TextInput {
        switch compression {
        case .none:
            return try TextInput(path: path, encoding: encoding)
        case .gzip:
            return TextInput(
                stream: try Inflater(gzipFile: path, limits: limits), name: name, size: nil, encoding: encoding)
        case .zip:
            guard let archive, let entry else { preconditionFailure("a zip data file has its entry") }
            let data: ArraySlice<UInt8>
            do {
                data = try archive.data(entry)
            } catch {
                throw Self.zipProblem(error, path: path)
            }
            return TextInput(
                stream: try Inflater(entry: entry, data: data, name: name, limits: limits), name: name,
                size: Int(clamping: entry.uncompressedSize), encoding: encoding)
        }
    }

    /// Up to `count` bytes from the start of `path`.
    static func firstBytes(of path: String, count: Int) throws(TextInputError) -> [UInt8] {
        // Opening a TextInput checks that the file exists and is not a folder, with the messages for both.
        _ = try TextInput(path: path, encoding: .utf8)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TextInputError(
                .cannotOpen, name: path, detail: Localized(zh: "无法打开文件", en: "the file cannot be opened"))
        }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
        return n > 0 ? Array(bytes[..<n]) : []
    }

    /// Reads a zip archive and picks its one data file (folders and macOS's `__MACOSX/` and `.DS_Store` aside).
    private static func openZip(
        _ path: String, limits: DecompressionLimits
    ) throws(TextInputError) -> (ZipArchive, ZipArchive.Entry) {
        guard let bytes = Workbook.contents(of: path, limit: limits.maxZipFileBytes) else {
            throw TextInputError(
                .cannotOpen, name: path, detail: Localized(zh: "无法读取文件", en: "the file cannot be read"))
        }
        guard bytes.count <= limits.maxZipFileBytes else {
            throw TextInputError(
                .cannotOpen, name: path,
                detail:
                    Localized(
                        zh: "zip 文件大于\(Workbook.megabytes(limits.maxZipFileBytes).zh)；请解压后导入其中的文件",
                        en:
                            "the zip file is larger than \(Workbook.megabytes(limits.maxZipFileBytes).en); unzip it and import the file inside"
                    )
            )
        }
        let archive: ZipArchive
        do {
            archive = try ZipArchive(bytes: bytes, maxEntries: 10_000)
        } catch {
            throw zipProblem(error, path: path)
        }
        let files = archive.entries.filter { entry in
            !entry.isDirectory && !entry.name.hasPrefix("__MACOSX/") && !entry.name.hasSuffix(".DS_Store")
        }
        guard files.count == 1, let entry = files.first else {
            let names = files.prefix(5).map(\.name).joined(separator: ", ")
            throw TextInputError(
                .cannotOpen, name: path,
                detail: files.isEmpty
                    ? Localized(
                        zh: "zip 压缩包中没有文件；应有一个数据文件（.json、.csv、.xml 或 .adx）",
                        en: "the zip archive holds no file; expected one data file (.json, .csv, .xml or .adx)")
                    : Localized(
                        zh:
                            "zip 压缩包中有\(files.count)个文件（\(names)\(files.count > 5 ? ", …" : "")）；Tally 只读取含一个数据文件的 zip：请解压后逐个导入",
                        en:
                            "the zip archive holds \(files.count) files (\(names)\(files.count > 5 ? ", …" : "")); Tally reads a zip of one data file: unzip it and import the files one by one"
                    )
            )
        }
        guard !Workbook.isUnsafe(entry.name), !entry.isSymlink else {
            throw TextInputError(
                .cannotOpen, name: path,
                detail: Localized(
                    zh: "zip 条目“\(entry.name)”是绝对路径、含“..”或是链接；拒绝该文件",
                    en: "the zip entry '\(entry.name)' has an absolute path, '..' or is a link; the file is refused"))
        }
        guard entry.flags & 1 == 0 else {
            throw TextInputError(
                .cannotOpen, name: path,
                detail: Localized(
                    zh: "zip 压缩包设置了密码；请解压后导入其中的文件",
                    en: "the zip archive is protected with a password; unzip it and import the file inside"))
        }
        return (archive, entry)
    }

    static func zipProblem(_ failure: ZipArchive.Failure, path: String) -> TextInputError {
        let detail: Localized<String> =
            switch failure {
            case .notZip(let why):
                Localized(
                    zh: "文件开头像 zip 压缩包，但并不是（\(why.zh)）",
                    en: "the file starts as a zip archive but is not one (\(why.en))")
            case .tooManyEntries(let limit):
                Localized(zh: "zip 压缩包的条目超过\(limit)个", en: "the zip archive has more than \(limit) entries")
            case .damaged(let why): Localized(zh: "zip 压缩包已损坏：\(why.zh)", en: "the zip archive is damaged: \(why.en)")
            case .badEntry(let name, let why):
                Localized(zh: "无法读取 zip 条目“\(name)”：\(why.zh)", en: "the zip entry '\(name)' cannot be read: \(why.en)")
            }
        return TextInputError(.cannotOpen, name: path, detail: detail)
    }
}

/// Inflates a gzip file or a zip entry as it is read, counting what it produces against
/// ``DecompressionLimits``: every call consumes input or produces output or fails, so a damaged or endless
/// stream cannot make it loop.
final class Inflater: ByteStream {
    /// Where the compressed bytes come from.
    private enum Source {
        /// A gzip file, read in chunks.
        case file(Int32)
        /// A zip entry's stored bytes, copied in chunks.
        case entry(ArraySlice<UInt8>, ZipArchive.Entry)
    }

    private let name: String
    private let limits: DecompressionLimits
    private let source: Source
    private let stream: UnsafeMutablePointer<z_stream>
    private let chunk: UnsafeMutablePointer<UInt8>
    private let chunkSize = 1 << 16
    private var inflating = false
    private var finished = false
    private var sourceEnded = false
    /// Compressed bytes handed to zlib so far.
    private var supplied = 0
    private var produced = 0
    private var checksum: UInt = 0

    /// Inflates the gzip file at `path` (several members one after another, as `cat a.gz b.gz` makes, too).
    convenience init(gzipFile path: String, limits: DecompressionLimits) throws(TextInputError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TextInputError(
                .cannotOpen, name: path, detail: Localized(zh: "无法打开文件", en: "the file cannot be opened"))
        }
        try self.init(source: .file(fd), name: path, limits: limits, windowBits: 16 + MAX_WBITS)
    }

    /// Inflates a zip entry's stored bytes (stored or deflated), checking its size and checksum at the end.
    convenience init(
        entry: ZipArchive.Entry, data: ArraySlice<UInt8>, name: String, limits: DecompressionLimits
    )
        throws(TextInputError)
    {
        switch entry.method {
        case 0: try self.init(source: .entry(data, entry), name: name, limits: limits, windowBits: nil)
        case 8: try self.init(source: .entry(data, entry), name: name, limits: limits, windowBits: -MAX_WBITS)
        default:
            throw TextInputError(
                .unreadable, name: name,
                detail: Localized(
                    zh: "zip 条目使用压缩方式 \(entry.method)；Tally 只读取存储或 deflate 的条目",
                    en: "the zip entry uses compression method \(entry.method); Tally reads stored or deflated entries")
            )
        }
    }

    /// An inflater of `source`; `windowBits` as zlib takes them, `nil` for bytes stored as they are.
    private init(source: Source, name: String, limits: DecompressionLimits, windowBits: Int32?) throws(TextInputError) {
        self.source = source
        self.name = name
        self.limits = limits
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        chunk = .allocate(capacity: chunkSize)
        if let windowBits {
            guard inflateInit2_(stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw TextInputError(
                    .unreadable, name: name, detail: Localized(zh: "解压程序无法启动", en: "the inflater cannot start"))
            }
            inflating = true
        }
    }

    deinit {
        if inflating { inflateEnd(stream) }
        stream.deallocate()
        chunk.deallocate()
        if case .file(let fd) = source { close(fd) }
    }

    private func fail(_ detail: Localized<String>) -> TextInputError {
        TextInputError(.unreadable, name: name, detail: detail)
    }

    /// Copies the next compressed bytes into `buffer`; 0 at the end of the source.
    private func supply(_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) throws(TextInputError) -> Int {
        var n = 0
        switch source {
        case .file(let fd):
            while true {
                n = Glibc.read(fd, buffer, capacity)
                if n < 0 && errno == EINTR { continue }
                break
            }
            guard n >= 0 else { throw fail(Localized(zh: "读取文件失败", en: "reading the file failed")) }
        case .entry(let data, _):
            n = min(capacity, data.count - supplied)
            if n > 0 {
                let from = data.startIndex + supplied
                data[from..<(from + n)].withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: n) }
            }
        }
        supplied += n
        if n == 0 { sourceEnded = true }
        return n
    }

    /// Counts `count` more inflated bytes against the limits (`compressed`: the compressed bytes used so far).
    private func count(_ count: Int, compressed: Int) throws(TextInputError) {
        produced += count
        if case .entry(_, let entry) = source, UInt64(produced) > entry.uncompressedSize {
            throw fail(
                Localized(
                    zh: "zip 条目解压后超过它声明的\(entry.uncompressedSize)字节",
                    en: "the zip entry inflates to more than the \(entry.uncompressedSize) bytes it declares"))
        }
        if produced > limits.maxUncompressedBytes {
            throw fail(
                Localized(
                    zh: "解压后超过 \(limits.maxUncompressedBytes >> 30) GiB；请把数据拆成几个文件",
                    en:
                        "it inflates to more than \(limits.maxUncompressedBytes >> 30) GiB; split the data into several files"
                ))
        }
        if produced > limits.ratioGraceBytes && produced > limits.maxCompressionRatio * max(compressed, 1) {
            throw fail(
                Localized(
                    zh:
                        "解压后超过压缩大小的\(limits.maxCompressionRatio)倍（\(compressed)字节解压到\(produced)字节以上）；没有数据值导出文件会这样，看起来是“压缩炸弹”，予以拒绝",
                    en:
                        "it inflates more than \(limits.maxCompressionRatio) times its compressed size (\(compressed) bytes to more than \(produced)); no export of data values does, so this looks like a zip bomb and is refused"
                )
            )
        }
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(TextInputError) -> Int {
        guard count > 0, !finished else { return 0 }
        guard inflating else {
            // A stored zip entry: the bytes as they are.
            let n = try supply(buffer, count)
            if n == 0 {
                finished = true
                try verify()
                return 0
            }
            checksum = crc32(checksum, buffer, UInt32(n))
            try self.count(n, compressed: supplied)
            return n
        }
        while true {
            if stream.pointee.avail_in == 0 && !sourceEnded {
                let n = try supply(chunk, chunkSize)
                stream.pointee.next_in = chunk
                stream.pointee.avail_in = UInt32(n)
            }
            stream.pointee.next_out = buffer
            stream.pointee.avail_out = UInt32(min(count, 1 << 30))
            let status = inflate(stream, Z_NO_FLUSH)
            let written = min(count, 1 << 30) - Int(stream.pointee.avail_out)
            if written > 0 {
                checksum = crc32(checksum, buffer, UInt32(written))
                try self.count(written, compressed: supplied - Int(stream.pointee.avail_in))
            }
            switch status {
            case Z_STREAM_END:
                if case .file = source, try anotherGzipMember() {
                    inflateReset(stream)
                    if written > 0 { return written }
                    continue
                }
                finished = true
                try verify()
                return written
            case Z_OK:
                if written > 0 { return written }
            case Z_BUF_ERROR:
                if written > 0 { return written }
                if stream.pointee.avail_in == 0 && sourceEnded {
                    throw fail(
                        Localized(
                            zh: "压缩数据在文件结束前就结束了；文件不完整",
                            en: "the compressed data ends before the file does; the file is truncated"))
                }
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                throw fail(Localized(zh: "压缩数据已损坏（\(reason)）", en: "the compressed data is damaged (\(reason))"))
            }
        }
    }

    /// After a gzip member: whether another follows. Anything else after it is damage, not data to leave out.
    private func anotherGzipMember() throws(TextInputError) -> Bool {
        if stream.pointee.avail_in == 0 && !sourceEnded {
            let n = try supply(chunk, chunkSize)
            stream.pointee.next_in = chunk
            stream.pointee.avail_in = UInt32(n)
        }
        guard stream.pointee.avail_in > 0 else { return false }
        guard stream.pointee.next_in.pointee == 0x1F else {
            throw fail(
                Localized(
                    zh: "压缩数据之后还有不是 gzip 的字节；文件已损坏",
                    en: "the file goes on after its compressed data with bytes that are not gzip; it is damaged"))
        }
        return true
    }

    /// For a zip entry: checks its size and checksum once it is inflated.
    private func verify() throws(TextInputError) {
        guard case .entry(_, let entry) = source else { return }
        guard UInt64(produced) == entry.uncompressedSize else {
            throw fail(
                Localized(
                    zh: "zip 条目解压为\(produced)字节，但声明的是\(entry.uncompressedSize)字节",
                    en: "the zip entry inflates to \(produced) bytes but declares \(entry.uncompressedSize)"))
        }
        guard UInt32(truncatingIfNeeded: checksum) == entry.checksum else {
            throw fail(
                Localized(
                    zh: "zip 条目与校验和不符；文件已损坏", en: "the zip entry does not match its checksum; the file is damaged"))
        }
    }
}
