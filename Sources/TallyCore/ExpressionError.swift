public import TallyText

/// A problem in the text of an indicator or validation-rule expression, with the character position
/// at which it was found.
public struct ExpressionError: SentencedError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The expression is empty or only whitespace.
        case empty
        /// A character that cannot appear where it was found.
        case unexpectedCharacter
        /// The expression ends where an operand or `{` is still expected.
        case unexpectedEnd
        /// A `(` without its `)`.
        case unclosedParenthesis
        /// A `#{` without its `}`.
        case unclosedReference
        /// A `#{…}` whose content is not `element` or `element.option_option…`.
        case badReference
        /// A malformed or too large number.
        case badNumber
        /// Text left after a complete expression, such as a `)` without its `(`.
        case trailingInput
        /// Parentheses, unary minus or operators nested deeper than ``Expression/maximumDepth``.
        case tooDeep
    }

    /// What went wrong.
    public let code: Code
    /// The 1-based position, in characters, at which the problem was found; one past the last
    /// character when the expression ends too early.
    public let position: Int
    /// The whole expression text.
    public let expression: String
    /// The sentence shown to the user, starting with the position, in every language.
    public let sentence: Localized<String>

    /// An error at `position` of `expression`; the message is `position N: ` followed by `detail`.
    public init(_ code: Code, position: Int, expression: String, detail: Localized<String>) {
        self.code = code
        self.position = position
        self.expression = expression
        self.sentence = Localized(zh: "第\(position)个字符：\(detail.zh)", en: "position \(position): \(detail.en)")
    }

    /// A stable identifier such as `expression.badReference`.
    public var errorCode: String { "expression.\(code.rawValue)" }

}
