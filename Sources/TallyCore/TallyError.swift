public import TallyText

/// An error a clerk can act on: a stable machine-readable code and a sentence that names what was
/// found, where, and what was expected.
///
/// Every error type of Tally conforms, so the command line and the server can print any of them the
/// same way and scripts can match on ``errorCode``. The sentence exists in every ``Language``: an error type
/// without ``message(_:)`` does not compile, and each writes its sentences as ``Localized`` values, Chinese and
/// English side by side. ``message`` is the English one (the command line's and the logs').
public protocol TallyError: Error, CustomStringConvertible, Sendable {
    /// A stable identifier such as `import.unknownOrgUnit`; never changes between releases.
    var errorCode: String { get }
    /// The sentence shown to the user, in English.
    var message: String { get }
    /// The sentence shown to the user in `language`.
    func message(_ language: Language) -> String
}

extension TallyError {
    /// The message, so that `print(error)` shows the sentence.
    public var description: String { message }

    /// The English sentence.
    public var message: String { message(.en) }

    /// The sentence in every language, for an error that carries another's message.
    public var messages: Localized<String> { Localized.each { message($0) } }
}

/// A ``TallyError`` whose sentence is one ``Localized`` value, written in every language where the error is made:
/// its ``TallyError/message(_:)`` is that sentence in the language asked for.
public protocol SentencedError: TallyError {
    /// The sentence in every language.
    var sentence: Localized<String> { get }
}

extension SentencedError {
    /// The sentence in `language`.
    public func message(_ language: Language) -> String { sentence(language) }
}
