/// The languages of Tally's reports.
public enum Language: String, Sendable, CaseIterable {
    /// Simplified Chinese (zh-Hans).
    case zh
    /// English.
    case en

    /// The language for a code such as `zh`, `zh-Hans`, `en`, `en-GB`.
    public init?(code: String) {
        let base = code.lowercased().prefix { $0 != "-" && $0 != "_" }
        guard let language = Language(rawValue: String(base)) else { return nil }
        self = language
    }
}

extension Language {
    /// The language's tag in an HTML `lang` attribute (BCP 47): `zh-Hans`, `en`.
    public var tag: String {
        switch self {
        case .zh: "zh-Hans"
        case .en: "en"
        }
    }

    /// The language's name in itself, for a link that switches to it: `中文`, `English`.
    public var ownName: String {
        switch self {
        case .zh: "中文"
        case .en: "English"
        }
    }

    /// A name placed inside a sentence: as it is in Chinese; in English with its first letter in lower case,
    /// unless it starts an abbreviation (`SRB`).
    public func insideSentence(_ name: String) -> String {
        switch self {
        case .zh: return name
        case .en:
            guard let first = name.first, first.isUppercase, name.dropFirst().first?.isUppercase != true else {
                return name
            }
            return first.lowercased() + name.dropFirst()
        }
    }

    /// A name that starts a sentence: as it is in Chinese; in English with its first letter in upper case.
    public func startingSentence(_ name: String) -> String {
        switch self {
        case .zh: return name
        case .en:
            guard let first = name.first else { return name }
            return first.uppercased() + name.dropFirst()
        }
    }
}
