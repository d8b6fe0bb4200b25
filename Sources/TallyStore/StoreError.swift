public import TallyCore
public import TallyText

/// A storage problem a user can act on.
public struct StoreError: SentencedError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        case notFound, alreadyExists, inUse, database, notInitialized
        /// The file is not a Tally database, or one of a schema this version does not know.
        case notTallyDatabase
        /// The database is damaged: a failed integrity check or a block that does not decode.
        case damaged
    }

    /// What went wrong.
    public let code: Code
    /// The sentence in every language.
    public let sentence: Localized<String>

    /// An error.
    public init(_ code: Code, _ sentence: Localized<String>) {
        self.code = code
        self.sentence = sentence
    }

    public var errorCode: String { "store.\(code.rawValue)" }

}
