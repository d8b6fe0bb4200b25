internal import TallyIO
internal import TallyText

/// A JSON or XML document that cannot be read: what is wrong and where (the tokenizers' error).
struct DocumentError: Error {
    enum Code { case syntax, tooDeep, forbiddenDeclaration, encoding, unreadable }
    let code: Code
    let line: Int
    let column: Int
    /// What is wrong, in every language.
    let details: Localized<String>
    /// What is wrong, in English.
    var detail: String { details.en }

    init(code: Code, line: Int, column: Int, detail: Localized<String>) {
        self.code = code
        self.line = line
        self.column = column
        self.details = detail
    }

    /// The issue for the importer.
    func issue(file: String) -> ImportIssue {
        let issueCode: ImportIssue.Code =
            switch code {
            case .syntax: .syntax
            case .tooDeep: .tooDeep
            case .forbiddenDeclaration: .forbiddenDeclaration
            case .encoding: .encoding
            case .unreadable: .unreadable
            }
        return ImportIssue(issueCode, file: file, line: line, column: nil, detail: details, position: column)
    }
}

/// Reads a ``TextInput`` byte by byte through a buffer, keeping the line and column of the next byte
/// (columns count characters, not bytes). Shared by the JSON and XML tokenizers.
final class ByteReader {
    let input: TextInput
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity = 1 << 16
    private var position = 0
    private var end = 0
    private var atEnd = false
    /// The 1-based line of the next byte.
    private(set) var line = 1
    /// The 1-based column (in characters) of the next byte.
    private(set) var column = 1

    init(input: TextInput) {
        self.input = input
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// The next byte without consuming it; `nil` at the end of the input.
    @inline(__always)
    func peek() throws(TextInputError) -> UInt8? {
        if position < end { return buffer[position] }
        return try fill() ? buffer[position] : nil
    }

    /// Consumes the next byte (after a successful ``peek()``).
    @inline(__always)
    func advance() {
        let b = buffer[position]
        position += 1
        if b == 0x0A {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    /// Consumes and returns the next byte; `nil` at the end of the input.
    @inline(__always)
    func next() throws(TextInputError) -> UInt8? {
        guard let b = try peek() else { return nil }
        advance()
        return b
    }

    /// Whether the input continues with `bytes`; consumes them when it does.
    func consume(_ bytes: [UInt8]) throws(TextInputError) -> Bool {
        // Make sure enough bytes are buffered.
        if end - position < bytes.count { try compact() }
        guard end - position >= bytes.count else { return false }
        for (k, b) in bytes.enumerated() where buffer[position + k] != b { return false }
        for _ in bytes { advance() }
        return true
    }

    private func compact() throws(TextInputError) {
        let left = end - position
        if position > 0 {
            if left > 0 { buffer.update(from: buffer + position, count: left) }
            position = 0
            end = left
        }
        while !atEnd && end < capacity {
            let n = try input.read(into: buffer + end, count: capacity - end)
            if n == 0 { atEnd = true }
            end += n
            if end - position >= 16 { break }
        }
    }

    private func fill() throws(TextInputError) -> Bool {
        guard !atEnd else { return false }
        position = 0
        end = 0
        let n = try input.read(into: buffer, count: capacity)
        if n == 0 {
            atEnd = true
            return false
        }
        end = n
        return true
    }
}

/// Whether `bytes` are valid UTF-8; when not, a sentence for the error message with the GBK hint.
func utf8Problem(_ bytes: [UInt8]) -> Localized<String>? {
    if String(validating: bytes, as: UTF8.self) != nil { return nil }
    let looksGBK = TextEncoding.gb18030.decode(bytes) != nil
    return looksGBK
        ? Localized(
            zh: "文字不是有效的 UTF-8；它可以按 GBK/GB18030 读出：导入时加 --encoding gbk（或 gb18030），或另存为 UTF-8",
            en:
                "the text is not valid UTF-8; it reads as GBK/GB18030: import it with --encoding gbk (or gb18030), or save it as UTF-8"
        )
        : Localized(
            zh: "文字不是有效的 UTF-8；请把文件另存为 UTF-8，或用 --encoding 指明它的编码（\(TextEncoding.names)）",
            en:
                "the text is not valid UTF-8; save the file as UTF-8, or name its encoding with --encoding (\(TextEncoding.names))"
        )
}
