public import TallyCore
public import TallyText

/// A finding's sentence in Chinese and in English, defined once, side by side, from the same words.
///
/// ```swift
/// let days = Word.count(Double(payload.daysLate))
/// return Sentence(
///     zh: "\(.unit)\(.period)的\(.dataset(code))于\(.date(stored))首次录入，晚\(days)天。",
///     en: "\(.unit) first stored the \(.dataset(code)) for \(.period) on \(.date(stored)), \(days) days late.")
/// ```
///
/// The renderer (TallyRender's `AuditReport`) writes the words: names from the metadata and the org-unit
/// tree, periods and dates as each language writes them, numbers rounded for display only.
public struct Sentence: Sendable, Equatable {
    /// The Chinese sentence.
    public var zh: Phrase
    /// The English sentence.
    public var en: Phrase

    /// A sentence.
    public init(zh: Phrase, en: Phrase) {
        self.zh = zh
        self.en = en
    }

    /// The sentence in `language`.
    public func phrase(_ language: Language) -> Phrase {
        switch language {
        case .zh: zh
        case .en: en
        }
    }
}

extension Sentence {
    /// A share below the share required: "58.3%, below the 90% expected", "58.3%，低于要求的90%".
    static func share(_ share: Double, below threshold: Double) -> Sentence {
        let share = Word.percent(share, places: 1)
        let required = Word.percent(threshold, places: 0)
        return Sentence(zh: "\(share)%，低于要求的\(required)%", en: "\(share)%, below the \(required)% expected")
    }
}

/// A sentence in one language: text with ``Word``s, written as a string literal with the words interpolated
/// (`"\(.unit) reported \(.count(n)) \(.element(code))"`). Interpolated `String`s are text; an interpolated
/// ``Sentence`` (or nil, for nothing) is written in the same language.
public struct Phrase: Sendable, Equatable, ExpressibleByStringInterpolation {
    /// A piece of a phrase.
    public enum Part: Sendable, Equatable {
        /// Text as it stands.
        case text(String)
        /// A word the renderer writes.
        case word(Word)
        /// A sentence written in the phrase's language.
        case sentence(Sentence)
    }

    /// The pieces, in order.
    public var parts: [Part]

    /// A phrase of text only.
    public init(stringLiteral value: String) {
        parts = value.isEmpty ? [] : [.text(value)]
    }

    /// A phrase of text and words.
    public init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    /// The pieces of a phrase being written.
    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            parts.reserveCapacity(2 * interpolationCount + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { parts.append(.text(literal)) }
        }

        /// A word.
        public mutating func appendInterpolation(_ word: Word) {
            parts.append(.word(word))
        }

        /// Text chosen by the definition (a plural ending, a word for one side).
        public mutating func appendInterpolation(_ text: String) {
            appendLiteral(text)
        }

        /// A sentence in the same language, or nothing.
        public mutating func appendInterpolation(_ sentence: Sentence?) {
            if let sentence { parts.append(.sentence(sentence)) }
        }
    }
}

/// A word of a finding's sentence that the renderer writes for the language and the form of the report.
public enum Word: Sendable, Equatable {
    /// The finding's org unit.
    case unit
    /// Another org unit, by its tree index (the unit a finding's unit is compared with).
    case orgUnit(Int)
    /// The finding's period.
    case period
    /// Periods, as a list.
    case periods([Period])
    /// A day.
    case date(Day)
    /// A data element's name, by its code.
    case element(String)
    /// The names of a category option combo's options, by the element's code and the combo's code (`male`).
    case combo(String, String)
    /// A dataset's name, by its code.
    case dataset(String)
    /// A validation rule's name, by its code.
    case rule(String)
    /// A validation rule as written (`left operator right`), by its code.
    case ruleExpression(String)
    /// A count, rounded to a whole number, with thousands separators.
    case count(Double)
    /// A number with `places` decimals, with thousands separators.
    case decimal(Double, places: Int)
    /// A share as a percentage with `places` decimals, without the sign (0.583 → `58.3`).
    case percent(Double, places: Int)
    /// A whole number, as plain digits.
    case integer(Int)
}
