internal import Foundation

/// How every store keeps an org unit's translated names in one text column: a JSON object with sorted keys,
/// `{"en": "Yunxi County"}`, or nothing when the unit has none.
public enum OrgUnitTranslations {
    /// The column's text for `translations`; `nil` for none.
    public static func encode(_ translations: [String: String]) -> String? {
        guard !translations.isEmpty,
            let data = try? JSONSerialization.data(withJSONObject: translations, options: [.sortedKeys]),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        return text
    }

    /// The translations in a column's text; empty for none or for text that is not such an object.
    public static func decode(_ text: String?) -> [String: String] {
        guard let text, let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: String]
        else { return [:] }
        return object
    }
}
