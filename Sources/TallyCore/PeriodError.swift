public import TallyText

/// Text that is not a period Tally can use, with a sentence that says why.
public struct PeriodError: TallyError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The text has no period shape at all, such as `2025-13` or `Q4`.
        case malformed
        /// The shape is right but the period does not exist, such as `202513`, `20230229` or `2025W53`.
        case invalidDate
        /// A range whose two ends are periods of different types, such as `202510..2025Q4`.
        case mixedRange
        /// A range that ends before it starts, such as `202601..202510`.
        case reversedRange
    }

    /// What went wrong.
    public let code: Code
    /// The offending input: the whole text, or for a period that does not exist the identifier concerned.
    public let text: String
    /// What is said after the quoted text, such as `is not a valid month` / `不是有效的月份`.
    let detail: Localized<String>

    /// An error about `text`; `detail` finishes the sentence that starts with the quoted text.
    init(_ code: Code, _ text: String, _ detail: Localized<String>) {
        self.code = code
        self.text = text
        self.detail = detail
    }

    /// Text with no period shape.
    static func malformed(_ text: String) -> PeriodError {
        PeriodError(
            .malformed, text,
            Localized(
                zh: "不是期间；应为 \(Period.exampleIdentifiers) 之类", en: "is not a period; expected \(Period.examples)"))
    }

    /// A well-shaped identifier that names no period.
    static func invalid(_ text: String, _ detail: Localized<String>) -> PeriodError {
        PeriodError(.invalidDate, text, detail)
    }

    /// A stable identifier such as `period.invalidDate`.
    public var errorCode: String { "period.\(code.rawValue)" }

    /// A sentence a clerk can act on, such as `'202513' is not a valid month` / `“202513”不是有效的月份`.
    public func message(_ language: Language) -> String {
        Localized(zh: "“\(text)”\(detail.zh)", en: "'\(text)' \(detail.en)")(language)
    }
}
