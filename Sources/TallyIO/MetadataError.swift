public import TallyCore
public import TallyText

/// A problem in a metadata file; nothing from the file is applied.
public struct MetadataError: TallyError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        case syntax, unknownKey, missingKey, wrongType, badValue, duplicateCode, unknownReference, badExpression
        /// YAML features a metadata file does not use: aliases, deep nesting.
        case unsupported
    }

    /// What went wrong.
    public let code: Code
    /// The file, such as `tally.yaml`.
    public let file: String
    /// The path of the key, such as `elements.births.categories[0]`.
    public let keyPath: String
    /// The 1-based line, when known.
    public let line: Int?
    /// What was found and what was expected, in every language.
    public let details: Localized<String>
    /// The same, in English.
    public var detail: String { details.en }

    /// An error at `keyPath`.
    public init(_ code: Code, file: String, keyPath: String, line: Int?, detail: Localized<String>) {
        self.code = code
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.details = detail
    }

    public var errorCode: String { "metadata.\(code.rawValue)" }

    /// The sentence in English.
    public var message: String { message(.en) }

    public func message(_ language: Language) -> String {
        let place = Localized(
            zh: file + (line.map { "，第\($0)行" } ?? "") + (keyPath.isEmpty ? "" : "，\(keyPath)"),
            en: file + (line.map { ", line \($0)" } ?? "") + (keyPath.isEmpty ? "" : ", \(keyPath)"))
        return Localized.placed(place, details)(language)
    }
}
