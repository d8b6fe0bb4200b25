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
