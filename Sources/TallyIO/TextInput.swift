public import TallyText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A text file (or bytes in memory) read in chunks as UTF-8, converted from its ``TextEncoding`` on the way.
///
/// Memory stays constant in the file size: one raw chunk and what the caller asks for. Conversion keeps line
/// breaks, so line numbers in the converted text are the file's line numbers. A UTF-8 byte-order mark at the
/// start is skipped; a file in UTF-16 or UTF-32 (by its byte-order mark or its zero bytes) is refused naming its
/// encoding, and so is a file with a UTF-8 byte-order mark read as GBK or GB18030.
public final class TextInput {
    /// The file path, or the name given to bytes in memory.
    public let name: String
    /// The encoding the input is converted from.
    public let encoding: TextEncoding
    /// The size of the input in bytes, when known.
    public let fileSize: Int?
    /// Raw bytes consumed so far.
    public private(set) var bytesRead = 0

    private let fd: Int32
    private let stream: (any ByteStream)?
    private var memory: [UInt8]
    private var memoryOffset = 0
    private let converter: Converter?
    private var raw: UnsafeMutableBufferPointer<UInt8>
    private var rawStart = 0
    private var rawEnd = 0
    private var rawAtEnd = false
    /// Raw bytes before `raw[rawStart]`.
    private var rawOffset = 0
    /// Line breaks in the converted text so far.
    private var lineBreaks = 0
    /// Whether the first bytes have been looked at (for a byte-order mark or UTF-16).
    private var headChecked = false
    /// The first raw bytes, read to look at them and handed out before the rest.
    private var head: [UInt8] = []

    /// Opens a file.
    public init(path: String, encoding: TextEncoding = .utf8) throws(TextInputError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TextInputError(.cannotOpen, name: path, detail: TextInputError.system(errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = TextInputError.system(errno)
            close(fd)
            throw TextInputError(.cannotOpen, name: path, detail: reason)
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw TextInputError(.cannotOpen, name: path, detail: TextInputError.folder)
        }
        self.name = path
        self.encoding = encoding
        self.fileSize = info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : nil
        self.fd = fd
        self.stream = nil
        self.memory = []
        self.converter = encoding == .utf8 ? nil : Converter(from: encoding)
        self.raw = .allocate(capacity: encoding == .utf8 ? 0 : 1 << 16)
    }

    /// Reads bytes in memory.
    public init(bytes: [UInt8], name: String, encoding: TextEncoding = .utf8) {
        self.name = name
        self.encoding = encoding
        self.fileSize = bytes.count
        self.fd = -1
        self.stream = nil
        self.memory = bytes
        self.converter = encoding == .utf8 ? nil : Converter(from: encoding)
        self.raw = .allocate(capacity: encoding == .utf8 ? 0 : 1 << 16)
    }

    /// Reads bytes from a stream, such as a decompressed file.
    ///
    /// - Parameters:
    ///   - name: the file, for messages.
    ///   - size: the size of the stream's bytes, when known (for progress).
    public init(stream: any ByteStream, name: String, size: Int? = nil, encoding: TextEncoding = .utf8) {
        self.name = name
        self.encoding = encoding
        self.fileSize = size
        self.fd = -1
        self.stream = stream
        self.memory = []
        self.converter = encoding == .utf8 ? nil : Converter(from: encoding)
        self.raw = .allocate(capacity: encoding == .utf8 ? 0 : 1 << 16)
    }

    deinit {
        raw.deallocate()
        if fd >= 0 { close(fd) }
    }

    /// Reads up to `count` bytes of UTF-8 text into `buffer`; returns how many, 0 at the end of the input.
    ///
    /// - Throws: ``TextInputError`` when reading fails or the bytes are not valid in the encoding.
    public func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(TextInputError) -> Int {
        guard count > 0 else { return 0 }
        if !headChecked { try checkHead() }
        guard let converter else {
            let n = try readRaw(into: buffer, count: count)
            bytesRead += n
            return n
        }
        while true {
            if rawStart == rawEnd || !rawAtEnd && rawEnd - rawStart < 8 {
                // Move what is left to the front and read more.
                if rawStart > 0 {
                    let left = rawEnd - rawStart
                    if left > 0 { (raw.baseAddress! + 0).update(from: raw.baseAddress! + rawStart, count: left) }
                    rawOffset += rawStart
                    rawEnd = left
                    rawStart = 0
                }
                if !rawAtEnd {
                    let n = try readRaw(into: raw.baseAddress! + rawEnd, count: raw.count - rawEnd)
                    if n == 0 { rawAtEnd = true }
                    rawEnd += n
                }
                if rawStart == rawEnd && rawAtEnd { return 0 }
            }
            let input = UnsafeMutableBufferPointer(rebasing: raw[rawStart..<rawEnd])
            let output = UnsafeMutableBufferPointer(start: buffer, count: count)
            let result = converter.convert(input, output, final: rawAtEnd)
            switch result {
            case .done(let consumed, let written), .full(let consumed, let written):
                rawStart += consumed
                bytesRead = rawOffset + rawStart
                countLines(buffer, written)
                if written > 0 { return written }
                if consumed == 0 && rawAtEnd { return 0 }
                if consumed == 0 && !rawAtEnd && rawEnd - rawStart == raw.count {
                    throw invalid(at: rawOffset + rawStart)
                }
            case .invalid(let consumed, let written):
                rawStart += consumed
                countLines(buffer, written)
                if written > 0 {
                    // Hand over what was converted; the invalid bytes fail on the next call.
                    bytesRead = rawOffset + rawStart
                    return written
                }
                throw invalid(at: rawOffset + rawStart)
            }
        }
    }

    /// Reads everything that is left, converted, into one array (for small files and tests).
    public func readAll() throws(TextInputError) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBufferPointer { b throws(TextInputError) in
                try read(into: b.baseAddress!, count: b.count)
            }
            if n == 0 { return result }
            result.append(contentsOf: chunk[..<n])
        }
    }

    /// Looks at the first bytes: skips a UTF-8 byte-order mark, refuses UTF-16 and UTF-32.
    private func checkHead() throws(TextInputError) {
        headChecked = true
        var bytes = [UInt8](repeating: 0, count: 4)
        var filled = 0
        while filled < 4 {
            let n = try bytes.withUnsafeMutableBufferPointer { b throws(TextInputError) in
                try readSource(into: b.baseAddress! + filled, count: 4 - filled)
            }
            if n == 0 { break }
            filled += n
        }
        head = Array(bytes[..<filled])
        if let found = TextEncoding.unsupported(prefix: head) {
            throw TextInputError(
                .notInEncoding, name: name, line: 1, byteOffset: 0, detail: TextEncoding.unsupportedDetail(found))
        }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard encoding == .utf8 else {
                throw TextInputError(
                    .notInEncoding, name: name, line: 1, byteOffset: 0,
                    detail: Localized(
                        zh: "文件以 UTF-8 字节顺序标记开头，所以是 UTF-8 文本，不是 \(encoding.iconvName)：导入时不要加 --encoding",
                        en:
                            "the file starts with a UTF-8 byte-order mark, so it is UTF-8 text, not \(encoding.iconvName): import it without --encoding"
                    ))
            }
            head.removeFirst(3)
            bytesRead += 3
            rawOffset += 3
        }
    }

    private func countLines(_ buffer: UnsafeMutablePointer<UInt8>, _ n: Int) {
        for i in 0..<n where buffer[i] == 0x0A { lineBreaks += 1 }
    }

    private func invalid(at offset: Int) -> TextInputError {
        let bytes = raw[rawStart..<min(rawEnd, rawStart + 4)].map { b -> String in
            let hex = String(b, radix: 16, uppercase: true)
            return "0x" + (hex.count < 2 ? "0" + hex : hex)
        }
        return TextInputError(
            .notInEncoding, name: name, line: lineBreaks + 1, byteOffset: offset,
            detail: Localized(
                zh:
                    "第\(offset)字节处的 \(bytes.joined(separator: " ")) 不是有效的 \(encoding.iconvName) 文本；请检查 --encoding（\(TextEncoding.names)）",
                en:
                    "the bytes \(bytes.joined(separator: " ")) at byte offset \(offset) are not valid \(encoding.iconvName) text; check the --encoding (\(TextEncoding.names))"
            ))
    }

    /// Reads raw bytes: first what ``checkHead()`` kept, then the source.
    private func readRaw(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(TextInputError) -> Int {
        if !head.isEmpty {
            let n = min(count, head.count)
            head.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: n) }
            head.removeFirst(n)
            return n
        }
        return try readSource(into: buffer, count: count)
    }

    /// Reads raw bytes from the file, the bytes in memory or the stream.
    private func readSource(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(TextInputError) -> Int {
        if let stream { return try stream.read(into: buffer, count: count) }
        if fd < 0 {
            let n = min(count, memory.count - memoryOffset)
            if n > 0 {
                memory.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + memoryOffset, count: n) }
                memoryOffset += n
            }
            return n
        }
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 { return n }
            let code = errno
            if code == EINTR { continue }
            throw TextInputError(.unreadable, name: name, detail: TextInputError.system(code))
        }
    }
}

/// A source of raw bytes read in pieces, such as a decompressing reader of a `.gz` file.
public protocol ByteStream: AnyObject {
    /// Reads up to `count` bytes into `buffer`; returns how many, 0 at the end.
    ///
    /// - Throws: ``TextInputError`` when the bytes cannot be read (damaged, too large).
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(TextInputError) -> Int
}

/// A text input that cannot be read.
public struct TextInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Code: String, Sendable {
        /// The file cannot be opened.
        case cannotOpen
        /// Reading failed part-way.
        case unreadable
        /// The bytes are not valid in the encoding the file is read as.
        case notInEncoding
    }

    /// What is wrong.
    public let code: Code
    /// The file.
    public let name: String
    /// The 1-based line of the problem, when known.
    public let line: Int?
    /// The byte offset in the file, when known.
    public let byteOffset: Int?
    /// What is wrong, without the location.
    public let details: Localized<String>
    /// The same, in English.
    public var detail: String { details.en }

    /// An error.
    public init(_ code: Code, name: String, line: Int? = nil, byteOffset: Int? = nil, detail: Localized<String>) {
        self.code = code
        self.name = name
        self.line = line
        self.byteOffset = byteOffset
        self.details = detail
    }

    /// The message with the location, in every language.
    public var messages: Localized<String> {
        switch code {
        case .cannotOpen, .unreadable: .placed(name, reasons)
        case .notInEncoding: line.map { .placed(.line($0, of: name), details) } ?? .placed(name, details)
        }
    }

    /// The message with the location, in English.
    public var message: String { messages.en }

    /// The sentence without the file and line, for messages that name them themselves, in every language.
    public var reasons: Localized<String> {
        switch code {
        case .cannotOpen:
            Localized(zh: "无法打开文件（\(details.zh)）", en: "the file cannot be opened (\(details.en))")
        case .unreadable:
            Localized(zh: "文件未能读完（\(details.zh)）", en: "the file could not be read to the end (\(details.en))")
        case .notInEncoding: details
        }
    }

    /// The sentence without the file and line, in English.
    public var reason: String { reasons.en }

    public var description: String { message }

    /// The detail of a path that names a folder.
    public static let folder = Localized(zh: "这是文件夹，不是文件", en: "it is a folder, not a file")

    /// The system's text for an `errno` code, with the common ones said in Chinese too.
    public static func system(_ code: Int32) -> Localized<String> {
        let english = errorText(code)
        let chinese: String =
            switch code {
            case ENOENT: "文件不存在"
            case EACCES, EPERM: "没有读取权限"
            case EISDIR: "这是文件夹，不是文件"
            case ENOTDIR: "路径中有一段不是文件夹"
            case ENAMETOOLONG: "文件名太长"
            case ELOOP: "符号链接过多"
            case EMFILE, ENFILE: "打开的文件太多"
            case EIO: "读写出错"
            default: english
            }
        return Localized(zh: chinese, en: english)
    }

    /// The system's English text for an `errno` code.
    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
