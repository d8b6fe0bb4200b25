public import TallyText

/// One organisation unit: a county, town, sub-district, village or residents' committee.
public struct OrgUnit: Hashable, Sendable, Codable {
    /// The stable code, such as the 12-digit administrative code `360121101201`.
    public var code: String
    /// The display name (UTF-8; Chinese names are the norm).
    public var name: String
    /// The parent's code; `nil` for a root.
    public var parentCode: String?
    /// The name in other languages, by language code (`en` → `Yunxi County`); empty for most units.
    public var translations: [String: String]

    /// A unit with its code, name, parent code and optional translated names.
    public init(code: String, name: String, parentCode: String?, translations: [String: String] = [:]) {
        self.code = code
        self.name = name
        self.parentCode = parentCode
        self.translations = translations
    }

    /// The name in `language`, or the name itself when there is no translation.
    public func name(_ language: Language) -> String {
        translations[language.rawValue] ?? name
    }
}

extension OrgUnit {
    private enum CodingKeys: String, CodingKey {
        case code, name, parentCode, translations
    }

    /// Decodes a unit; `translations` may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        name = try container.decode(String.self, forKey: .name)
        parentCode = try container.decodeIfPresent(String.self, forKey: .parentCode)
        translations = try container.decodeIfPresent([String: String].self, forKey: .translations) ?? [:]
    }
}
