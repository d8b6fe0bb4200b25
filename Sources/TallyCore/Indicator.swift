/// A rate or ratio: numerator ÷ denominator × factor, evaluated on aggregated values.
///
/// Over a subtree or a longer period an indicator is the ratio of the summed numerator and the summed
/// denominator, never an average of the children's ratios.
public struct Indicator: Hashable, Sendable {
    /// The code, such as `cbr`.
    public var code: String
    /// The display name.
    public var name: LocalizedText
    /// The numerator expression.
    public var numerator: Expression
    /// The denominator expression.
    public var denominator: Expression
    /// The multiplier: 1000 for per mille, 100 for percent.
    public var factor: Double
    /// Decimals shown when the value is displayed (computation keeps full precision).
    public var decimals: Int
    /// The unit shown after the value, such as `‰` or `%`.
    public var unit: String?
    /// Whether the value is scaled to a year: × days in the year ÷ days in the period.
    public var annualized: Bool

    /// An indicator.
    public init(
        code: String, name: LocalizedText, numerator: Expression, denominator: Expression, factor: Double = 1,
        decimals: Int = 1, unit: String? = nil, annualized: Bool = false
    ) {
        self.code = code
        self.name = name
        self.numerator = numerator
        self.denominator = denominator
        self.factor = factor
        self.decimals = decimals
        self.unit = unit
        self.annualized = annualized
    }
}
