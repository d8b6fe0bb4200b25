/// The verification factor of a data-quality audit: the count recounted from source documents divided by the
/// count reported (WHO *Data Quality Review*, 2017, module 3; the Data Quality Audit tool).
///
///     factor = verified ÷ reported        (nil when reported = 0 or verified is missing)
///
/// A factor below the lower threshold (0.90) means the report claims more than the source shows
/// (over-reporting); above the upper threshold (1.10), less (under-reporting). A positive report with no
/// verified count, or a verified count of 0, is flagged as `reportsWithoutVerification` instead.
public struct VerificationFactor: Sendable, Hashable {
    /// What an audit finds wrong with a reported count.
    public enum Flag: Sendable, Hashable {
        /// `factor < lowerThreshold`: more reported than verified.
        case overReported
        /// `factor > upperThreshold`: fewer reported than verified.
        case underReported
        /// `reported > 0` while the verified count is 0 or missing.
        case reportsWithoutVerification
    }

    /// The count reported.
    public let reported: Double
    /// The count recounted from source documents; nil when not recounted.
    public let verified: Double?
    /// The factor below which a report is over-reported; 0.90 by default.
    public let lowerThreshold: Double
    /// The factor above which a report is under-reported; 1.10 by default.
    public let upperThreshold: Double

    /// Computes the factor for one reported count.
    ///
    /// - Parameters:
    ///   - reported: the count reported.
    ///   - verified: the count recounted from source documents, or nil when missing.
    ///   - lowerThreshold: flag over-reporting below this factor; 0.90 by default.
    ///   - upperThreshold: flag under-reporting above this factor; 1.10 by default.
    public init(reported: Double, verified: Double?, lowerThreshold: Double = 0.90, upperThreshold: Double = 1.10) {
        self.reported = reported
        self.verified = verified
        self.lowerThreshold = lowerThreshold
        self.upperThreshold = upperThreshold
    }

    /// `verified ÷ reported`; nil when `reported = 0` or the verified count is missing.
    public var factor: Double? {
        guard let verified, reported != 0 else { return nil }
        return verified / reported
    }

    /// The finding, if any: `reportsWithoutVerification` when `reported > 0` and the verified count is 0 or
    /// missing (this takes precedence); otherwise `overReported` when `factor < lowerThreshold` and
    /// `underReported` when `factor > upperThreshold` (bounds themselves pass); nil when consistent or when
    /// there is no factor.
    public var flag: Flag? {
        if reported > 0, verified == nil || verified == 0 { return .reportsWithoutVerification }
        guard let factor else { return nil }
        if factor < lowerThreshold { return .overReported }
        if factor > upperThreshold { return .underReported }
        return nil
    }
}
