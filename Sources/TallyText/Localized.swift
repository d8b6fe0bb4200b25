/// A value in every ``Language``, written side by side where it is made, so that a text without its translation
/// does not compile.
///
/// Fixed words are cases of ``Label``; a sentence with arguments — every error's message — is a `Localized`
/// written where the sentence is made, once:
///
/// ```swift
/// Localized(
///     zh: "“\(text)”不是期间；应为 202510、2025Q4 或 2025Oct 之类",
///     en: "'\(text)' is not a period; expected e.g. 202510, 2025Q4, 2025Oct")
/// ```
///
/// Adding a language adds an argument to the initializer, so every sentence that lacks it stops compiling.
public struct Localized<Value: Sendable>: Sendable {
    /// The value in Simplified Chinese.
    public var zh: Value
    /// The value in English.
    public var en: Value

    /// A value in every language.
    public init(zh: Value, en: Value) {
        self.zh = zh
        self.en = en
    }

    /// A value that is the same in every language: a file's or a part's name, a code, a number, a text another
    /// program wrote (a system's error, a database server's message). Never a sentence of Tally's own.
    public init(verbatim value: Value) {
        self.init(zh: value, en: value)
    }

    /// The value in `language`.
    public func callAsFunction(_ language: Language) -> Value {
        switch language {
        case .zh: zh
        case .en: en
        }
    }

    /// Each language's value changed by `transform`, which is told the language.
    public func map<T>(_ transform: (Value, Language) throws -> T) rethrows -> Localized<T> {
        Localized<T>(zh: try transform(zh, .zh), en: try transform(en, .en))
    }

    /// The values of `make` for every language.
    public static func each(_ make: (Language) throws -> Value) rethrows -> Localized<Value> {
        Localized(zh: try make(.zh), en: try make(.en))
    }
}

extension Localized: Equatable where Value: Equatable {}
extension Localized: Hashable where Value: Hashable {}

extension Localized where Value == String {
    /// No text, in every language.
    public static var empty: Localized<String> { Localized(verbatim: "") }

    /// A sentence after the place it is about: `orgunits.csv，第12行：…` / `orgunits.csv, line 12: …`.
    public static func placed(_ place: Localized<String>, _ detail: Localized<String>) -> Localized<String> {
        Localized(zh: "\(place.zh)：\(detail.zh)", en: "\(place.en): \(detail.en)")
    }

    /// A sentence after the file (or another name) it is about: `data.csv：…` / `data.csv: …`.
    public static func placed(_ place: String, _ detail: Localized<String>) -> Localized<String> {
        Localized(zh: "\(place)：\(detail.zh)", en: "\(place): \(detail.en)")
    }

    /// A line of a file: `orgunits.csv，第12行` / `orgunits.csv, line 12`.
    public static func line(_ line: Int, of file: String) -> Localized<String> {
        Localized(zh: "\(file)，第\(line)行", en: "\(file), line \(line)")
    }
}
