public import TallyText

/// A name given in one or more languages, such as `{en: Live births, zh: 出生数}`.
///
/// A plain string is stored under the empty language key and serves every language.
public struct LocalizedText: Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    /// Texts by language code (`en`, `zh`, …); the empty key holds a text for every language.
    public var translations: [String: String]

    /// A text that is the same in every language.
    public init(_ text: String) {
        translations = ["": text]
    }

    /// A text per language.
    public init(translations: [String: String]) {
        self.translations = translations
    }

    /// A text that is the same in every language.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The text in `language`, falling back to a language-neutral text, then English, then Chinese,
    /// then any text.
    public func text(_ language: Language) -> String {
        if let exact = translations[language.rawValue] { return exact }
        for fallback in ["", "en", "zh"] {
            if let text = translations[fallback] { return text }
        }
        return translations.sorted { $0.key < $1.key }.first?.value ?? ""
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let plain = try? container.decode(String.self) {
            self.init(plain)
        } else {
            self.init(translations: try container.decode([String: String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if translations.count == 1, let plain = translations[""] {
            try container.encode(plain)
        } else {
            try container.encode(translations)
        }
    }
}
