public import TallyCore

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
    /// What was found and what was expected.
    public let detail: String

    /// An error at `keyPath`.
    public init(_ code: Code, file: String, keyPath: String, line: Int?, detail: String) {
        self.code = code
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.detail = detail
    }

    public var errorCode: String { "metadata.\(code.rawValue)" }

    public var message: String {
        var place = file
        if let line { place += ", line \(line)" }
        if !keyPath.isEmpty { place += ", \(keyPath)" }
        return "\(place): \(detail)"
    }
}
