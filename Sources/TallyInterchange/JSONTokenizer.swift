internal import TallyIO
internal import TallyText

/// One token of a JSON document.
enum JSONToken: Equatable {
    case beginObject, endObject, beginArray, endArray
    /// An object key.
    case key(String)
    case string(String)
    /// A number, as written.
    case number(String)
    case bool(Bool)
    case null

    /// The JSON type, for messages.
    var typeName: Localized<String> {
        switch self {
        case .beginObject, .endObject: Localized(zh: "对象", en: "an object")
        case .beginArray, .endArray: Localized(zh: "数组", en: "an array")
        case .key, .string: Localized(zh: "字符串", en: "a string")
        case .number: Localized(zh: "数字", en: "a number")
        case .bool: Localized(zh: "true 或 false", en: "true or false")
        case .null: Localized(verbatim: "null")
        }
    }
}

/// A JSON document that cannot be read.
typealias JSONError = DocumentError

/// A streaming JSON tokenizer (RFC 8259): hands out one token at a time, checks the grammar, refuses nesting
/// deeper than `maxDepth` and strings longer than `maxString` bytes, so memory stays bounded whatever the input.
final class JSONTokenizer {
    private enum Expect { case value, valueOrEnd, key, keyOrEnd, colon, commaOrEnd, end }

    private let reader: ByteReader
    private let maxDepth: Int
    private let maxString: Int
    private var stack: [UInt8] = []
    private var expect = Expect.value
    /// Where the last token started.
    private(set) var line = 1
    private(set) var column = 1

    init(input: TextInput, maxDepth: Int = 64, maxString: Int = 1 << 20) {
        reader = ByteReader(input: input)
        self.maxDepth = maxDepth
        self.maxString = maxString
    }

    /// The nesting depth after the last token (0 outside the top-level value).
    var depth: Int { stack.count }

    /// The next token; `nil` after the end of the document.
    func next() throws(JSONError) -> JSONToken? {
        do {
            return try nextToken()
        } catch let error as JSONError {
            throw error
        } catch let error as TextInputError {
            throw JSONError(
                code: error.code == .notInEncoding ? .encoding : .unreadable, line: error.line ?? reader.line,
                column: reader.column, detail: error.details)
        } catch {
            throw fail(Localized(verbatim: "\(error)"))
        }
    }

    /// Skips the value that starts with `token` (already read), however deep.
    func skip(after token: JSONToken) throws(JSONError) {
        guard token == .beginObject || token == .beginArray else { return }
        let target = depth - 1
        while depth > target {
            guard try next() != nil else { return }
        }
    }

    private func fail(_ detail: Localized<String>, code: JSONError.Code = .syntax) -> JSONError {
        JSONError(code: code, line: reader.line, column: reader.column, detail: detail)
    }

    private func describe(_ b: UInt8?) -> Localized<String> {
        guard let b else { return Localized(zh: "文件结尾", en: "the end of the file") }
        if b >= 0x20 && b < 0x7F {
            return Localized(zh: "“\(Character(Unicode.Scalar(b)))”", en: "'\(Character(Unicode.Scalar(b)))'")
        }
        let hex = String(b, radix: 16, uppercase: true)
        return Localized(zh: "字节 0x\(hex)", en: "the byte 0x\(hex)")
    }

    private func skipWhitespace() throws -> UInt8? {
        while let b = try reader.peek() {
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return b }
            reader.advance()
        }
        return nil
    }

    private func nextToken() throws -> JSONToken? {
        while true {
            let b = try skipWhitespace()
            line = reader.line
            column = reader.column
            switch expect {
            case .end:
                guard let b else { return nil }
                throw fail(
                    Localized(
                        zh: "JSON 文档结束后出现了意外的\(describe(b).zh)",
                        en: "unexpected \(describe(b).en) after the end of the JSON document"))
            case .colon:
                guard b == UInt8(ascii: ":") else {
                    throw fail(
                        Localized(
                            zh: "键后面应为“:”，实际为\(describe(b).zh)",
                            en: "expected ':' after the key, found \(describe(b).en)"))
                }
                reader.advance()
                expect = .value
                continue
            case .commaOrEnd:
                let top = stack.last!
                if b == UInt8(ascii: ",") {
                    reader.advance()
                    expect = top == UInt8(ascii: "{") ? .key : .value
                    continue
                }
                if top == UInt8(ascii: "{") && b == UInt8(ascii: "}")
                    || top == UInt8(ascii: "[") && b == UInt8(ascii: "]")
                {
                    reader.advance()
                    return close()
                }
                let closer = top == UInt8(ascii: "{") ? "'}'" : "']'"
                let closerZh = top == UInt8(ascii: "{") ? "“}”" : "“]”"
                throw fail(
                    Localized(
                        zh: "应为“,”或\(closerZh)，实际为\(describe(b).zh)",
                        en: "expected ',' or \(closer), found \(describe(b).en)"))
            case .key, .keyOrEnd:
                if expect == .keyOrEnd && b == UInt8(ascii: "}") {
                    reader.advance()
                    return close()
                }
                guard b == UInt8(ascii: "\"") else {
                    throw fail(
                        expect == .key && b == UInt8(ascii: "}")
                            ? Localized(
                                zh: "JSON 不允许“}”前有“,”（多余的逗号）",
                                en: "a ',' before '}' is not allowed in JSON (trailing comma)")
                            : Localized(
                                zh: "应为带双引号的键，实际为\(describe(b).zh)",
                                en: "expected a key in double quotes, found \(describe(b).en)"))
                }
                reader.advance()
                let key = try readString()
                expect = .colon
                return .key(key)
            case .value, .valueOrEnd:
                guard let b else {
                    throw fail(Localized(zh: "文件在应有值的地方结束了", en: "the file ends where a value is expected"))
                }
                if expect == .valueOrEnd && b == UInt8(ascii: "]") {
                    reader.advance()
                    return close()
                }
                switch b {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard stack.count < maxDepth else {
                        throw fail(
                            Localized(
                                zh: "JSON 嵌套超过\(maxDepth)层；dataValueSets 文件只需要3层",
                                en: "the JSON is nested deeper than \(maxDepth) levels; a dataValueSets file needs 3"),
                            code: .tooDeep)
                    }
                    reader.advance()
                    stack.append(b)
                    expect = b == UInt8(ascii: "{") ? .keyOrEnd : .valueOrEnd
                    return b == UInt8(ascii: "{") ? .beginObject : .beginArray
                case UInt8(ascii: "\""):
                    reader.advance()
                    let s = try readString()
                    afterValue()
                    return .string(s)
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let n = try readNumber()
                    afterValue()
                    return .number(n)
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    let token: JSONToken
                    if try reader.consume(Array("true".utf8)) {
                        token = .bool(true)
                    } else if try reader.consume(Array("false".utf8)) {
                        token = .bool(false)
                    } else if try reader.consume(Array("null".utf8)) {
                        token = .null
                    } else {
                        throw fail(
                            Localized(
                                zh: "此处应为值（字符串、数字、对象、数组、true、false 或 null）",
                                en: "expected a value (a string, number, object, array, true, false or null)"))
                    }
                    afterValue()
                    return token
                case UInt8(ascii: "]") where expect == .value:
                    throw fail(
                        Localized(
                            zh: "JSON 不允许“]”前有“,”（多余的逗号）",
                            en: "a ',' before ']' is not allowed in JSON (trailing comma)"))
                default:
                    throw fail(
                        Localized(
                            zh: "此处应为值（字符串、数字、对象、数组、true、false 或 null），实际为\(describe(b).zh)",
                            en:
                                "expected a value (a string, number, object, array, true, false or null), found \(describe(b).en)"
                        ))
                }
            }
        }
    }

    private func close() -> JSONToken {
        let top = stack.removeLast()
        afterValue()
        return top == UInt8(ascii: "{") ? .endObject : .endArray
    }

    private func afterValue() {
        expect = stack.isEmpty ? .end : .commaOrEnd
    }

    private func readString() throws -> String {
        var bytes: [UInt8] = []
        while true {
            let (byteLine, byteColumn) = (reader.line, reader.column)
            guard let b = try reader.next() else {
                throw JSONError(
                    code: .syntax, line: line, column: column,
                    detail: Localized(
                        zh: "从这里开始的字符串到文件结束都没有闭合",
                        en: "a string that starts here is not closed before the end of the file"))
            }
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 {
                throw JSONError(
                    code: .syntax, line: byteLine, column: byteColumn,
                    detail:
                        b == 0x0A
                        ? Localized(zh: "字符串中的换行必须写成 \\n", en: "a line break inside a string must be written as \\n")
                        : Localized(zh: "字符串中有控制字符", en: "a control character inside a string"))
            }
            if b == UInt8(ascii: "\\") {
                guard let e = try reader.next() else {
                    throw fail(Localized(zh: "文件在字符串中间结束了", en: "the file ends inside a string"))
                }
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(e)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard try reader.consume(Array("\\u".utf8)) else {
                            throw fail(
                                Localized(
                                    zh: "高代理项的 \\u 转义后面必须跟低代理项",
                                    en: "a \\u escape of a high surrogate must be followed by a low surrogate"))
                        }
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else {
                            throw fail(Localized(zh: "\\u 转义：无效的低代理项", en: "\\u escape: invalid low surrogate"))
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw fail(
                            Localized(
                                zh: "\\u 转义：低代理项前没有高代理项", en: "\\u escape: a low surrogate without a high surrogate"))
                    }
                    guard let u = Unicode.Scalar(scalar) else {
                        throw fail(Localized(zh: "\\u 转义：不是字符", en: "\\u escape: not a character"))
                    }
                    bytes.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw fail(
                        Localized(
                            zh:
                                "“\\\(Character(Unicode.Scalar(e)))”不是 JSON 转义；应为 \\\"、\\\\、\\/、\\b、\\f、\\n、\\r、\\t 或 \\uXXXX",
                            en:
                                "'\\\(Character(Unicode.Scalar(e)))' is not a JSON escape; expected \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX"
                        )
                    )
                }
            } else {
                bytes.append(b)
            }
            if bytes.count > maxString {
                throw fail(
                    Localized(
                        zh: "字符串超过\(maxString)字节；数据值都很短",
                        en: "a string longer than \(maxString) bytes; data values are short"))
            }
        }
        if let problem = utf8Problem(bytes) {
            throw JSONError(code: .encoding, line: line, column: column, detail: problem)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func readHex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let h = try reader.next() else {
                throw fail(Localized(zh: "文件在 \\u 转义中间结束了", en: "the file ends inside a \\u escape"))
            }
            let d: UInt8
            switch h {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = h - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = h - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = h - 55
            default: throw fail(Localized(zh: "\\u 转义需要四位十六进制数字", en: "a \\u escape needs four hexadecimal digits"))
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    private func readNumber() throws -> String {
        var bytes: [UInt8] = []
        func digits() throws -> Int {
            var n = 0
            while let d = try reader.peek(), d >= 48 && d <= 57 {
                bytes.append(d)
                reader.advance()
                n += 1
                if bytes.count > 64 { throw fail(Localized(zh: "数字超过64个字符", en: "a number longer than 64 characters")) }
            }
            return n
        }
        if try reader.peek() == UInt8(ascii: "-") {
            bytes.append(UInt8(ascii: "-"))
            reader.advance()
        }
        let first = try reader.peek()
        let count = try digits()
        guard count > 0 else { throw fail(Localized(zh: "“-”后面需要数字", en: "a number needs digits after '-'")) }
        if first == UInt8(ascii: "0") && count > 1 {
            throw fail(Localized(zh: "数字不能以0开头（写7，不要写07）", en: "a number may not start with 0 (write 7, not 07)"))
        }
        if try reader.peek() == UInt8(ascii: ".") {
            bytes.append(UInt8(ascii: "."))
            reader.advance()
            guard try digits() > 0 else {
                throw fail(Localized(zh: "小数点后面需要数字", en: "a number needs digits after the decimal point"))
            }
        }
        if let e = try reader.peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes.append(e)
            reader.advance()
            if let s = try reader.peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                bytes.append(s)
                reader.advance()
            }
            guard try digits() > 0 else {
                throw fail(Localized(zh: "指数部分需要数字", en: "a number needs digits in its exponent"))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
