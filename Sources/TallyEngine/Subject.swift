public import TallyCore

/// What a query measures: an element (or element.options) or an indicator.
public enum Subject: Hashable, Sendable, CustomStringConvertible {
    /// An element total, such as `births` or `births.male`.
    case element(ElementReference)
    /// An indicator by code, such as `cbr`.
    case indicator(String)

    public var description: String {
        switch self {
        case .element(let reference): "\(reference)"
        case .indicator(let code): code
        }
    }
}

/// The figures for one unit: the value, and for an indicator its numerator and denominator.
public struct Figure: Equatable, Sendable {
    /// The value at full precision; `nil` when missing or when the denominator is zero or missing.
    public var value: Double?
    /// The aggregated numerator (indicators only).
    public var numerator: Double?
    /// The aggregated denominator (indicators only).
    public var denominator: Double?

    /// A figure.
    public init(value: Double?, numerator: Double? = nil, denominator: Double? = nil) {
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
    }
}
