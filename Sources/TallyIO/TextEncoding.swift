public import TallyText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The text encodings Tally reads: UTF-8, and GBK and GB18030 as saved by Chinese Excel and older systems.
///
/// Other encodings are converted to UTF-8 with the C library's `iconv` as the file is read.
public enum TextEncoding: String, CaseIterable, Sendable {
    /// UTF-8, with or without a byte order mark (the default).
    case utf8 = "utf-8"
    /// GBK (code page 936), the usual encoding of CSV files saved by Chinese Excel.
    case gbk
    /// GB18030, the superset of GBK that covers all of Unicode.
    case gb18030

    /// The encoding called `name`, in any case: `utf-8`, `utf8`, `gbk`, `cp936`, `gb2312` (read as GBK) or `gb18030`.
    public init?(name: String) {
        switch name.lowercased().trimmed {
        case "utf-8", "utf8": self = .utf8
        case "gbk", "cp936", "gb2312", "936": self = .gbk
        case "gb18030": self = .gb18030
        default: return nil
        }
    }

    /// The names accepted by ``init(name:)``, for messages.
    public static let names = "utf-8, gbk, gb18030"

    /// The encoding Tally does not read that the first bytes of a file show, such as `UTF-16 (little-endian)`:
    /// a UTF-16 or UTF-32 byte-order mark, or the zero bytes between ASCII characters of UTF-16 text without one;
    /// `nil` for anything else (no text format Tally reads has a zero byte).
    public static func unsupported(prefix: some Collection<UInt8>) -> String? {
        let b = Array(prefix.prefix(4))
        func at(_ i: Int) -> UInt8? { i < b.count ? b[i] : nil }
        if b.starts(with: [0xFF, 0xFE, 0, 0]) { return "UTF-32 (little-endian)" }
        if b.starts(with: [0, 0, 0xFE, 0xFF]) { return "UTF-32 (big-endian)" }
        if b.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian)" }
        if b.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian)" }
        guard b.count >= 2 else { return nil }
        if at(0) != 0 && at(1) == 0 && (b.count < 4 || at(2) != 0 && at(3) == 0) { return "UTF-16 (little-endian)" }
        if at(0) == 0 && at(1) != 0 && (b.count < 4 || at(2) == 0 && at(3) != 0) { return "UTF-16 (big-endian)" }
        return nil
    }

    /// The sentence for a file in an encoding Tally does not read (see ``unsupported(prefix:)``).
    static func unsupportedDetail(_ name: String) -> Localized<String> {
        Localized(
            zh:
                "文件是 \(name) 文本（Excel 的“Unicode 文本”和一些 Windows 程序这样保存）；Tally 读取 UTF-8、GBK 和 GB18030：请另存为 UTF-8（Excel 中：CSV UTF-8）",
            en:
                "the file is \(name) text, as Excel's \"Unicode text\" and some Windows programs save it; Tally reads UTF-8, GBK and GB18030: save it as UTF-8 (in Excel: CSV UTF-8)"
        )
    }

    /// The encoding of text bytes as Tally tells it: UTF-8 when they are valid UTF-8 (pure ASCII among them), else
    /// GBK when they are valid GBK, else GB18030 when valid there; UTF-8 otherwise, so that the reader names the
    /// first bad line. Only whole, bounded texts (an upload) are told this way: a file on the command line names
    /// its encoding.
    public static func detect(_ bytes: [UInt8]) -> TextEncoding {
        if String(validating: bytes, as: UTF8.self) != nil { return .utf8 }
        if TextEncoding.gbk.decode(bytes) != nil { return .gbk }
        if TextEncoding.gb18030.decode(bytes) != nil { return .gb18030 }
        return .utf8
    }

    /// The name `iconv` knows the encoding by.
    var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .gbk: "GBK"
        case .gb18030: "GB18030"
        }
    }

    /// Converts `bytes` in this encoding to a string; `nil` when they are not valid in it.
    public func decode(_ bytes: some Collection<UInt8>) -> String? {
        if self == .utf8 { return String(validating: Array(bytes), as: UTF8.self) }
        guard let converter = Converter(from: self) else { return nil }
        var input = Array(bytes)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 4)
        let result = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                converter.convert(inBuf, outBuf, final: true)
            }
        }
        guard case .done(_, let written) = result else { return nil }
        return String(validating: output[..<written], as: UTF8.self)
    }

    /// Converts UTF-8 `text` to this encoding; `nil` when it has characters the encoding lacks.
    public func encode(_ text: String) -> [UInt8]? {
        if self == .utf8 { return Array(text.utf8) }
        guard let converter = Converter(from: "UTF-8", to: iconvName) else { return nil }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 4)
        let result = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                converter.convert(inBuf, outBuf, final: true)
            }
        }
        guard case .done(_, let written) = result else { return nil }
        return Array(output[..<written])
    }
}

/// An `iconv` converter, by default from an encoding to UTF-8.
final class Converter {
    private let cd: iconv_t

    /// What one call converted.
    enum Result {
        /// All input was consumed (or, not final, all but an incomplete sequence at its end): bytes read, written.
        case done(consumed: Int, written: Int)
        /// The output is full: bytes read and written so far.
        case full(consumed: Int, written: Int)
        /// The bytes at offset `consumed` are not valid in the encoding.
        case invalid(consumed: Int, written: Int)
    }

    convenience init?(from encoding: TextEncoding) {
        self.init(from: encoding.iconvName, to: "UTF-8")
    }

    init?(from source: String, to target: String) {
        guard let cd = iconv_open(target, source), cd != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        self.cd = cd
    }

    deinit { iconv_close(cd) }

    /// Converts as much of `input` into `output` as fits. An incomplete sequence at the end of the input is left
    /// unconsumed unless `final`, when it is invalid.
    func convert(
        _ input: UnsafeMutableBufferPointer<UInt8>, _ output: UnsafeMutableBufferPointer<UInt8>, final: Bool
    ) -> Result {
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(input.baseAddress)?.assumingMemoryBound(
            to: CChar.self)
        var inLeft = input.count
        var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(output.baseAddress)?.assumingMemoryBound(
            to: CChar.self)
        var outLeft = output.count
        guard inLeft > 0 else { return .done(consumed: 0, written: 0) }
        let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
        let consumed = input.count - inLeft
        let written = output.count - outLeft
        if rc != -1 { return .done(consumed: consumed, written: written) }
        switch errno {
        case E2BIG: return .full(consumed: consumed, written: written)
        case EINVAL:
            return final ? .invalid(consumed: consumed, written: written) : .done(consumed: consumed, written: written)
        default: return .invalid(consumed: consumed, written: written)
        }
    }
}
