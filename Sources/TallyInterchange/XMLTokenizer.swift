internal import TallyIO
internal import TallyText

/// One attribute of an XML element.
struct XMLAttribute: Equatable {
    /// The qualified name as written, such as `period` or `xsi:schemaLocation`.
    var name: String
    var value: String
}

/// One event of an XML document.
enum XMLEvent: Equatable {
    /// An element starts; `selfClosing` for `<a/>`, which gets no ``end(_:)`` event.
    case start(String, [XMLAttribute], selfClosing: Bool)
    case end(String)
    /// Character data (text or CDATA); only whitespace is skipped unless the tokenizer keeps it.
    case text(String)
}

/// An XML document that cannot be read.
typealias XMLError = DocumentError

/// A minimal streaming XML tokenizer for data files: elements, attributes, text, comments, CDATA, processing
/// instructions (skipped), the five predefined entities and numeric character references.
///
/// It never expands other entities: a DOCTYPE or ENTITY declaration is refused, so entity-expansion attacks
/// ("billion laughs") and external entities cannot happen. Nesting deeper than `maxDepth` and names, values
/// or text longer than `maxText` bytes are refused, so memory stays bounded.
final class XMLTokenizer {
    private let reader: ByteReader
    private let maxDepth: Int
    private let maxText: Int
    private let keepsWhitespace: Bool
    private var stack: [(name: String, line: Int)] = []
    private var sawRoot = false
    /// Whether the last start tag was the document's root element.
    private var startedRoot = false
    /// Where the last event started.
    private(set) var line = 1
    private(set) var column = 1

    /// A tokenizer of `input`. With `keepsWhitespace`, text that is only whitespace inside the root element is
    /// an event too (a spreadsheet cell holding a space, the space between two runs of formatted text);
    /// otherwise it is skipped (the indentation of a data file).
    init(input: TextInput, maxDepth: Int = 64, maxText: Int = 1 << 20, keepsWhitespace: Bool = false) {
        reader = ByteReader(input: input)
        self.keepsWhitespace = keepsWhitespace
        self.maxDepth = maxDepth
        self.maxText = maxText
    }

    /// The next event; `nil` at the end of the document.
    func next() throws(XMLError) -> XMLEvent? {
        do {
            return try nextEvent()
        } catch let error as XMLError {
            throw error
        } catch let error as TextInputError {
            throw XMLError(
                code: error.code == .notInEncoding ? .encoding : .unreadable, line: error.line ?? reader.line,
                column: reader.column, detail: error.details)
        } catch {
            throw fail(Localized(verbatim: "\(error)"))
        }
    }

    private func fail(_ detail: Localized<String>, _ code: XMLError.Code = .syntax) -> XMLError {
        XMLError(code: code, line: reader.line, column: reader.column, detail: detail)
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    private func nextEvent() throws -> XMLEvent? {
        while true {
            line = reader.line
            column = reader.column
            guard let b = try reader.peek() else {
                if let open = stack.last {
                    throw fail(
                        Localized(
                            zh: "第\(open.line)行打开的元素 <\(open.name)> 还没有闭合，文件就结束了",
                            en: "the file ends before the element <\(open.name)> opened on line \(open.line) is closed")
                    )
                }
                guard sawRoot else { throw fail(Localized(zh: "文件中没有 XML 元素", en: "the file has no XML element")) }
                return nil
            }
            if b != UInt8(ascii: "<") {
                let text = try readText()
                if (!keepsWhitespace || stack.isEmpty) && text.allSatisfy({ $0.isWhitespace }) { continue }
                guard !stack.isEmpty else {
                    throw XMLError(
                        code: .syntax, line: line, column: column,
                        detail: Localized(zh: "根元素之外有文字", en: "text outside the root element"))
                }
                return .text(text)
            }
            reader.advance()
            if try reader.consume(Array("!--".utf8)) {
                try skip(until: Array("-->".utf8), what: Localized(zh: "注释", en: "comment"))
                continue
            }
            if try reader.consume(Array("![CDATA[".utf8)) {
                guard !stack.isEmpty else {
                    throw fail(Localized(zh: "根元素之外有 CDATA", en: "CDATA outside the root element"))
                }
                let text = try readUntil(Array("]]>".utf8), what: Localized(zh: "CDATA 段", en: "CDATA section"))
                if text.isEmpty { continue }
                return .text(text)
            }
            if try reader.peek() == UInt8(ascii: "!") {
                throw XMLError(
                    code: .forbiddenDeclaration, line: line, column: column,
                    detail:
                        Localized(
                            zh: "拒绝 DOCTYPE 和 ENTITY 声明：Tally 从不展开实体（数据文件不需要实体）",
                            en:
                                "DOCTYPE and ENTITY declarations are refused: Tally never expands entities (a data file needs none)"
                        )
                )
            }
            if try reader.peek() == UInt8(ascii: "?") {
                reader.advance()
                try skip(until: Array("?>".utf8), what: Localized(zh: "处理指令", en: "processing instruction"))
                continue
            }
            if try reader.peek() == UInt8(ascii: "/") {
                reader.advance()
                let name = try readName()
                _ = try skipSpace()
                guard try reader.next() == UInt8(ascii: ">") else {
                    throw fail(Localized(zh: "</\(name) 后面应为“>”", en: "expected '>' after </\(name)"))
                }
                guard let open = stack.popLast() else {
                    throw fail(Localized(zh: "</\(name)> 没有对应的开始元素", en: "</\(name)> closes no element"))
                }
                guard open.name == name else {
                    throw XMLError(
                        code: .syntax, line: line, column: column,
                        detail: Localized(
                            zh: "</\(name)> 与第\(open.line)行打开的 <\(open.name)> 不匹配",
                            en: "</\(name)> does not match <\(open.name)> opened on line \(open.line)"))
                }
                return .end(name)
            }
            // A start tag.
            let name = try readName()
            startedRoot = !sawRoot
            if stack.isEmpty && sawRoot {
                throw fail(
                    Localized(
                        zh: "出现了第二个根元素 <\(name)>；XML 文件只有一个根元素",
                        en: "a second root element <\(name)>; an XML file has one"))
            }
            var attributes: [XMLAttribute] = []
            while true {
                let hadSpace = try skipSpace()
                guard let c = try reader.peek() else {
                    throw fail(Localized(zh: "文件在标签 <\(name)> 中间结束了", en: "the file ends inside the tag <\(name)>"))
                }
                if c == UInt8(ascii: "/") {
                    reader.advance()
                    guard try reader.next() == UInt8(ascii: ">") else {
                        throw fail(Localized(zh: "<\(name)> 中“/”后面应为“>”", en: "expected '>' after '/' in <\(name)>"))
                    }
                    sawRoot = true
                    guard stack.count < maxDepth else { throw tooDeep() }
                    return .start(name, attributes, selfClosing: true)
                }
                if c == UInt8(ascii: ">") {
                    reader.advance()
                    guard stack.count < maxDepth else { throw tooDeep() }
                    stack.append((name, line))
                    sawRoot = true
                    return .start(name, attributes, selfClosing: false)
                }
                guard hadSpace else {
                    throw fail(
                        Localized(zh: "<\(name)> 中此处应为空格、“>”或“/>”", en: "expected a space, '>' or '/>' in <\(name)>"))
                }
                let attribute = try readName()
                _ = try skipSpace()
                guard try reader.next() == UInt8(ascii: "=") else {
                    throw fail(
                        Localized(
                            zh: "<\(name)> 中属性 \(attribute) 后面应为“=”",
                            en: "expected '=' after the attribute \(attribute) in <\(name)>"))
                }
                _ = try skipSpace()
                guard let quote = try reader.peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                    throw fail(Localized(zh: "\(attribute) 的值必须加引号", en: "the value of \(attribute) must be in quotes"))
                }
                reader.advance()
                let value = try readAttributeValue(quote: quote)
                if attributes.contains(where: { $0.name == attribute }) {
                    throw fail(
                        Localized(
                            zh: "<\(name)> 中属性 \(attribute) 出现了两次",
                            en: "the attribute \(attribute) appears twice in <\(name)>"))
                }
                attributes.append(XMLAttribute(name: attribute, value: value))
            }
        }
    }

    private func tooDeep() -> XMLError {
        XMLError(
            code: .tooDeep, line: line, column: column,
            detail: Localized(
                zh: "XML 嵌套超过\(maxDepth)层；ADX 文件只需要4层",
                en: "the XML is nested deeper than \(maxDepth) levels; an ADX file needs 4"))
    }

    private func skipSpace() throws -> Bool {
        var any = false
        while let b = try reader.peek(), Self.isSpace(b) {
            reader.advance()
            any = true
        }
        return any
    }

    private func readName() throws -> String {
        var bytes: [UInt8] = []
        while let b = try reader.peek(), !Self.isSpace(b), b != UInt8(ascii: ">"), b != UInt8(ascii: "/"),
            b != UInt8(ascii: "="), b != UInt8(ascii: "<"), b != UInt8(ascii: "\""), b != UInt8(ascii: "'")
        {
            bytes.append(b)
            reader.advance()
            if bytes.count > 1024 { throw fail(Localized(zh: "名称超过1,024字节", en: "a name longer than 1,024 bytes")) }
        }
        guard let first = bytes.first else { throw fail(Localized(zh: "此处应为名称", en: "expected a name")) }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || (48...57).contains(first) {
            throw fail(
                Localized(
                    zh: "“\(String(decoding: bytes, as: UTF8.self))”不是 XML 名称（不能以数字、“-”或“.”开头）",
                    en:
                        "'\(String(decoding: bytes, as: UTF8.self))' is not an XML name (it may not start with a digit, '-' or '.')"
                )
            )
        }
        if let problem = utf8Problem(bytes) { throw fail(problem, .encoding) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func readAttributeValue(quote: UInt8) throws -> String {
        var bytes: [UInt8] = []
        while true {
            guard let b = try reader.next() else {
                throw fail(Localized(zh: "文件在属性值中间结束了", en: "the file ends inside an attribute value"))
            }
            if b == quote { break }
            switch b {
            case UInt8(ascii: "<"):
                throw fail(
                    Localized(zh: "属性值中不允许“<”；请写成 &lt;", en: "'<' is not allowed in an attribute value; write &lt;"))
            case UInt8(ascii: "&"): try readReference(into: &bytes)
            case 0x09, 0x0A, 0x0D: bytes.append(0x20)
            default: bytes.append(b)
            }
            if bytes.count > maxText {
                throw fail(Localized(zh: "属性值超过\(maxText)字节", en: "an attribute value longer than \(maxText) bytes"))
            }
        }
        if let problem = utf8Problem(bytes) { throw fail(problem, .encoding) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func readText() throws -> String {
        var bytes: [UInt8] = []
        while let b = try reader.peek(), b != UInt8(ascii: "<") {
            reader.advance()
            if b == UInt8(ascii: "&") {
                try readReference(into: &bytes)
            } else {
                bytes.append(b)
            }
            if bytes.count > maxText {
                throw fail(Localized(zh: "文字超过\(maxText)字节", en: "text longer than \(maxText) bytes"))
            }
        }
        if let problem = utf8Problem(bytes) { throw fail(problem, .encoding) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads an entity or character reference after `&`.
    private func readReference(into bytes: inout [UInt8]) throws {
        var name: [UInt8] = []
        while true {
            guard let b = try reader.next() else {
                throw fail(Localized(zh: "文件在实体引用中间结束了", en: "the file ends inside an entity reference"))
            }
            if b == UInt8(ascii: ";") { break }
            name.append(b)
            if name.count > 16 {
                throw fail(
                    Localized(
                        zh: "“&”必须开始一个实体，如 &amp;（单独的 & 要写成 &amp;）",
                        en: "'&' must start an entity such as &amp; (write a lone & as &amp;)"))
            }
        }
        let text = String(decoding: name, as: UTF8.self)
        switch text {
        case "lt": bytes.append(UInt8(ascii: "<"))
        case "gt": bytes.append(UInt8(ascii: ">"))
        case "amp": bytes.append(UInt8(ascii: "&"))
        case "quot": bytes.append(UInt8(ascii: "\""))
        case "apos": bytes.append(UInt8(ascii: "'"))
        default:
            var scalar: UInt32?
            if text.hasPrefix("#x") || text.hasPrefix("#X") {
                scalar = UInt32(text.dropFirst(2), radix: 16)
            } else if text.hasPrefix("#") {
                scalar = UInt32(text.dropFirst(), radix: 10)
            } else {
                throw fail(
                    Localized(
                        zh: "“&\(text);”既不是五个预定义实体（&lt; &gt; &amp; &quot; &apos;）之一，也不是字符引用；Tally 不展开其他实体",
                        en:
                            "'&\(text);' is not one of the five predefined entities (&lt; &gt; &amp; &quot; &apos;) or a character reference; Tally expands no other entities"
                    ),
                    .forbiddenDeclaration)
            }
            guard let scalar, scalar != 0, let u = Unicode.Scalar(scalar) else {
                throw fail(Localized(zh: "“&\(text);”不是有效的字符引用", en: "'&\(text);' is not a valid character reference"))
            }
            bytes.append(contentsOf: Array(String(Character(u)).utf8))
        }
    }

    private func skip(until terminator: [UInt8], what: Localized<String>) throws {
        let startLine = reader.line
        while true {
            if try reader.consume(terminator) { return }
            guard try reader.next() != nil else {
                throw XMLError(
                    code: .syntax, line: startLine, column: column,
                    detail: Localized(
                        zh: "从这里开始的\(what.zh)到文件结束都没有闭合",
                        en: "a \(what.en) that starts here is not closed before the end of the file"))
            }
        }
    }

    private func readUntil(_ terminator: [UInt8], what: Localized<String>) throws -> String {
        let startLine = reader.line
        var bytes: [UInt8] = []
        while true {
            if try reader.consume(terminator) { break }
            guard let b = try reader.next() else {
                throw XMLError(
                    code: .syntax, line: startLine, column: column,
                    detail: Localized(
                        zh: "从这里开始的\(what.zh)到文件结束都没有闭合",
                        en: "a \(what.en) that starts here is not closed before the end of the file"))
            }
            bytes.append(b)
            if bytes.count > maxText {
                throw fail(Localized(zh: "\(what.zh)超过\(maxText)字节", en: "a \(what.en) longer than \(maxText) bytes"))
            }
        }
        if let problem = utf8Problem(bytes) { throw fail(problem, .encoding) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension XMLTokenizer {
    /// The local part of a qualified name: `adx:group` → `group`, `group` → `group`.
    static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// Whether an attribute declares a namespace or belongs to XML Schema instance (`xmlns`, `xmlns:x`, `xsi:…`):
    /// no data file's field.
    static func isNamespaceDeclaration(_ name: String) -> Bool {
        name == "xmlns" || name.hasPrefix("xmlns:") || name.hasPrefix("xsi:")
    }
}

extension XMLTokenizer {
    /// The next event for a reader of data values: an error becomes the importer's issue about `file`.
    func next(reporting file: String) throws(ImportIssue) -> XMLEvent? {
        do {
            return try next()
        } catch {
            throw error.issue(file: file)
        }
    }

    /// The file's name, for issues.
    var file: String { reader.input.name }

    /// An issue about an attribute (or the element, when `nil`) of the last event, at its line.
    /// The issue for a DHIS2 XML data file whose root element is `qname` instead of `expected`.
    /// Whether the start tag `qname` just read is the document's root element, which must be `expected` (a local
    /// name); `label` and `other` name the two roots DHIS2's XML data files start with, for the issue.
    func isRoot(_ qname: String, expected: String, label: String, other: String) throws(ImportIssue) -> Bool {
        guard startedRoot else { return false }
        guard Self.localName(qname) == expected else {
            throw issue(
                .unknownKey, nil,
                Localized(
                    zh: "根元素是 <\(qname)>；DHIS2 的 XML 数据文件以 \(label) 或 \(other) 开头",
                    en: "the root element is <\(qname)>; a DHIS2 XML data file starts with \(label) or \(other)"))
        }
        return true
    }

    func issue(_ code: ImportIssue.Code, _ attribute: String?, _ detail: Localized<String>) -> ImportIssue {
        ImportIssue(code, file: file, line: line, column: attribute, detail: detail, fieldKind: .attribute)
    }
}
