public import TallyCore

/// A finding's columns in `tally check`'s CSV and JSON, named as there.
///
/// This is the flat shape programs read; what each column holds depends on the check (docs/checks.md), and a
/// column that does not apply is `null`. Each check fills it from its payload (``FindingPayload/columns``);
/// Tally itself reads findings by their payloads, never back from these columns.
public struct FindingColumns: Sendable, Equatable {
    /// `element`: the element checked (for the reporting checks the dataset's first element, for a rule the
    /// first element it names; empty for a score).
    public var element: String
    /// `value`: the number found.
    public var value: Double?
    /// `expected`: what was expected instead.
    public var expected: Double?
    /// `low`: the lower end of what passes (or the threshold of a share).
    public var low: Double?
    /// `high`: the upper end of what passes.
    public var high: Double?
    /// `score`: a ratio, a share, a factor or a z-score, as the check defines it.
    public var score: Double?
    /// `unreported`: events that may be unreported.
    public var unreported: Double?
    /// `dataset`: the dataset of a reporting check.
    public var dataset: String?
    /// `rule`: the validation rule.
    public var rule: String?
    /// `zeros`: the values equal to zero.
    public var zeros: Int?
    /// `rate_gap`: the reported rate minus the reference rate, in per-mille points.
    public var rateGap: Double?
    /// `periods`: the periods concerned.
    public var periods: [Period]

    /// The columns; those not given are `null` (`periods` empty).
    public init(
        element: String, value: Double? = nil, expected: Double? = nil, low: Double? = nil, high: Double? = nil,
        score: Double? = nil, unreported: Double? = nil, dataset: String? = nil, rule: String? = nil,
        zeros: Int? = nil, rateGap: Double? = nil, periods: [Period] = []
    ) {
        self.element = element
        self.value = value
        self.expected = expected
        self.low = low
        self.high = high
        self.score = score
        self.unreported = unreported
        self.dataset = dataset
        self.rule = rule
        self.zeros = zeros
        self.rateGap = rateGap
        self.periods = periods
    }
}
