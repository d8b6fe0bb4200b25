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
    ///
    /// - Parameter language: `en`, `zh`, or a regional form such as `zh-Hans` (matched by its prefix).
    public func text(_ language: String) -> String {
        if let exact = translations[language] { return exact }
        let base = String(language.prefix { $0 != "-" && $0 != "_" })
        if let prefix = translations[base] { return prefix }
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
