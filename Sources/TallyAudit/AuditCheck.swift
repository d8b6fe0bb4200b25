public import TallyText

/// One check of the data-quality audit: a kind of finding, with its code, its title and the numbers each of its
/// findings carries (``Payload``, which gives the finding's distance, score mark, sentence and columns).
///
/// Each check is one type in its own file under `Checks/`. A check that makes its own findings is also an
/// `AuditStep`, listed in `QualityAudit.steps`; that list gives the order of the checks in every report
/// (``QualityAudit/checks``). A check without a code, a title, or a payload with a distance, a score mark, a
/// sentence in both languages and its columns does not compile.
public protocol AuditCheck: Sendable {
    /// The numbers one finding of this check carries.
    associatedtype Payload: FindingPayload

    /// The check's name in the CSV and JSON (`check`), such as `late_report`; stable, for programs.
    static var code: String { get }
    /// The check's names in Chinese and English.
    static var title: CheckTitle { get }
}

/// The numbers a finding of one check carries, named for what they are, and what follows from them.
///
/// A consumer reads them by the payload's type: `if let late = finding.payload as? LateReportCheck.Payload`.
public protocol FindingPayload: Sendable, Equatable {
    /// The check whose findings carry these numbers.
    associatedtype Check: AuditCheck

    /// How far the finding lies from what was expected; among findings of one severity the larger comes first.
    var distance: Double { get }
    /// What the finding fails in the data-quality score, or nil when it is not counted there.
    var scoring: ScoreMark? { get }
    /// The finding's sentence: Chinese and English side by side, from one definition.
    var sentence: Sentence { get }
    /// The finding's columns in `tally check`'s CSV and JSON.
    var columns: FindingColumns { get }
}

extension FindingPayload {
    /// The check.
    var check: any AuditCheck.Type { Check.self }

    /// Whether `other` is the same payload.
    func isEqual(_ other: any FindingPayload) -> Bool { (other as? Self) == self }
}

/// A check's names.
public struct CheckTitle: Sendable, Equatable {
    /// The short name in Chinese (the bulletin's list of checks failed).
    public var zh: String
    /// The short name in English.
    public var en: String
    /// The heading of the check's findings in `tally check`'s table.
    public var table: String

    /// A title.
    public init(zh: String, en: String, table: String) {
        self.zh = zh
        self.en = en
        self.table = table
    }

    /// The short name in `language`.
    public func text(_ language: Language) -> String {
        switch language {
        case .zh: zh
        case .en: en
        }
    }
}

/// Two ends of a range of numbers.
public struct NumberRange: Sendable, Equatable {
    /// The lower end.
    public var low: Double
    /// The upper end.
    public var high: Double

    /// A range.
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}
