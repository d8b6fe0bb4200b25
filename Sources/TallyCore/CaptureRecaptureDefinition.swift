/// Two lists of the same events and their overlap, for a capture–recapture estimate of the true total (the
/// metadata's `capture_recapture:`): for example births registered by the villages (`first`), births reported
/// by the hospitals (`second`) and the births the office found on both (`matched`).
public struct CaptureRecaptureDefinition: Sendable, Equatable {
    /// The name shown; nil for the default ("Capture–recapture").
    public var name: LocalizedText?
    /// The events on the first list (n1).
    public var first: ElementReference
    /// The events on the second list (n2).
    public var second: ElementReference
    /// The events found on both (m).
    public var matched: ElementReference
    /// A list whose completeness (its count ÷ the estimated total) is below this share is flagged: 90% by
    /// default.
    public var threshold: Double

    /// A definition.
    public init(
        name: LocalizedText? = nil, first: ElementReference, second: ElementReference, matched: ElementReference,
        threshold: Double = 0.90
    ) {
        self.name = name
        self.first = first
        self.second = second
        self.matched = matched
        self.threshold = threshold
    }
}
