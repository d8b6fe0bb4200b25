public import TallyCore

/// A storage problem a user can act on.
public struct StoreError: TallyError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        case notFound, alreadyExists, inUse, database, notInitialized
    }

    /// What went wrong.
    public let code: Code
    /// The sentence.
    public let message: String

    /// An error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var errorCode: String { "store.\(code.rawValue)" }
}
