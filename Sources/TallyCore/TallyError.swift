/// An error a clerk can act on: a stable machine-readable code and a sentence that names what was
/// found, where, and what was expected.
///
/// Every error type of Tally conforms, so the command line and the server can print any of them the
/// same way and scripts can match on ``code``.
public protocol TallyError: Error, CustomStringConvertible, Sendable {
    /// A stable identifier such as `import.unknownOrgUnit`; never changes between releases.
    var errorCode: String { get }
    /// The sentence shown to the user.
    var message: String { get }
}

extension TallyError {
    /// The message, so that `print(error)` shows the sentence.
    public var description: String { message }
}
