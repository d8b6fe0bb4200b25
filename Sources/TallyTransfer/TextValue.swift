public import TallyCore
public import TallyIO
public import TallyText

/// The one canonical form of a text value (an element of value type `text` or `long_text`), and its bounds.
///
/// - `text`: one line, trimmed, NFC; tabs, line breaks and other control characters refused; at most
///   ``maximumLength(of:)`` characters (1,000).
/// - `long_text`: as `text`, but line feeds are kept inside (a carriage return and line feed, as Windows and Excel
///   write them, or a carriage return alone, becomes one line feed); at most 50,000 characters, DHIS2's limit for any
///   value (`ValidationUtils.VALUE_MAX_LENGTH`).
///
/// Characters are counted as Unicode scalars: a Chinese character is one.
public enum TextValue {
    /// The most characters a value of `type` holds: 1,000 for `text` (a remark, a name, a short answer), 50,000 for
    /// `long_text` (a narrative; DHIS2's limit for every value); 0 for the numeric types.
    public static func maximumLength(of type: ValueType) -> Int {
        switch type {
        case .text: 1_000
        case .longText: 50_000
        default: 0
        }
    }

    /// The canonical form of `raw` for an element `element` of a text type, or why it is refused: the problem's
    /// code and the sentence in every language.
    public static func canonical(_ raw: String, element: String, type: ValueType) -> Result<String, TextValueProblem> {
        let kind: Canonical.Kind = type == .longText ? .lines : .line
        let text: String
        do {
            text = try Canonical.canonical(raw, as: kind)
        } catch {
            if error.scalar == "\n" || error.scalar == "\r" {
                return .failure(
                    TextValueProblem(
                        code: .refusedCharacter,
                        detail: Localized(
                            zh: "第 \(error.position) 个字符是换行；“\(element)”是单行文本（text），不能换行；"
                                + "需要多行时请在元数据中把它改为 long_text",
                            en:
                                "character \(error.position) is a line break, but '\(element)' holds one line of text (text); "
                                + "for several lines make it long_text in the metadata")))
            }
            return .failure(TextValueProblem(code: .refusedCharacter, detail: error.messages()))
        }
        let limit = maximumLength(of: type)
        let length = text.unicodeScalars.count
        if length > limit {
            let hint =
                type == .text
                ? Localized(
                    zh: "；更长的文字请在元数据中把它改为 long_text（最多 50,000 个字）",
                    en: "; for longer texts make it long_text in the metadata (up to 50,000)")
                : Localized(zh: "", en: "")
            return .failure(
                TextValueProblem(
                    code: .textTooLong,
                    detail: Localized(
                        zh:
                            "文字有 \(Thousands.grouped(length)) 个字，但“\(element)”（\(type.rawValue)）最多 \(Thousands.grouped(limit)) 个字\(hint.zh)",
                        en:
                            "the text has \(Thousands.grouped(length)) characters, but '\(element)' (\(type.rawValue)) holds at most \(Thousands.grouped(limit))\(hint.en)"
                    )))
        }
        return .success(text)
    }
}

/// Why a text is not a value its element can hold: the problem's code and the sentence.
public struct TextValueProblem: Error, Sendable, Equatable {
    /// The problem's code (`refusedCharacter`, `textTooLong`).
    public let code: ImportIssue.Code
    /// The sentence in every language.
    public let detail: Localized<String>
}
