extension VerificationFactor {
    /// The verification factor of an aggregate (a town, the county) over the units below it that were recounted
    /// (WHO *Data Quality Review*, module 3: the factor is computed over the facilities whose source documents were
    /// recounted), with how many were.
    ///
    ///     factor = Σ verified ÷ Σ reported     over the units with both a reported and a verified value
    ///
    /// A unit never recounted says nothing about the accuracy of reports: mixing its reported count into the
    /// denominator reads as over-reporting (three villages recounted at 0.961 and a fourth not recounted gave
    /// 0.858, flagged, instead of 0.961, passing). A unit recounted whose report is missing is counted apart
    /// (`recountedWithoutReport`): missing is not zero, so it cannot enter the sums.
    public struct Recounted: Sendable, Hashable {
        /// The number of units with a reported value.
        public let reportingUnits: Int
        /// The number of units with both a reported and a verified value: the units recounted.
        public let recountedUnits: Int
        /// The number of units with a verified value but no reported one (left out of the factor).
        public let recountedWithoutReport: Int
        /// `Σ reported` over every unit with a reported value.
        public let totalReported: Double
        /// `Σ reported` over the units recounted.
        public let recountedReported: Double
        /// `Σ verified` over the units recounted; nil when none was.
        public let verified: Double?
        /// The factor and its flag: over the recounted units, or — when none was recounted — the total reported
        /// with no verified count (flagged `reportsWithoutVerification` when something was reported).
        public let check: VerificationFactor

        /// `Σ verified ÷ Σ reported` over the recounted units; nil when none was recounted or they reported 0.
        public var factor: Double? { check.factor }

        /// The finding, if any (see `VerificationFactor.flag`).
        public var flag: Flag? { check.flag }
    }

    /// The factor of an aggregate over its recounted units.
    ///
    /// The audit calls it once per audited unit and element, with the reported and verified values of the
    /// reporting units below it (nil where a unit has no value): `VerificationFactor.recounted(units, lowerThreshold:
    /// settings.verificationLow, upperThreshold: settings.verificationHigh)`, reports `flag` and says
    /// `recountedUnits` of `reportingUnits` were recounted.
    ///
    /// - Parameters:
    ///   - units: each reporting unit's reported and verified values.
    ///   - lowerThreshold: flag over-reporting below this factor; 0.90 by default.
    ///   - upperThreshold: flag under-reporting above this factor; 1.10 by default.
    public static func recounted(
        _ units: [(reported: Double?, verified: Double?)], lowerThreshold: Double = 0.90, upperThreshold: Double = 1.10
    ) -> Recounted {
        var reporting = 0
        var recounted = 0
        var withoutReport = 0
        var total: [Double] = []
        var reportedSums: [Double] = []
        var verifiedSums: [Double] = []
        for unit in units {
            switch (unit.reported, unit.verified) {
            case let (reported?, verified?):
                reporting += 1
                recounted += 1
                total.append(reported)
                reportedSums.append(reported)
                verifiedSums.append(verified)
            case let (reported?, nil):
                reporting += 1
                total.append(reported)
            case (nil, _?):
                withoutReport += 1
            case (nil, nil):
                break
            }
        }
        let totalReported = Summation.neumaier(total)
        let recountedReported = Summation.neumaier(reportedSums)
        let verified = recounted > 0 ? Summation.neumaier(verifiedSums) : nil
        let check = VerificationFactor(
            reported: recounted > 0 ? recountedReported : totalReported, verified: verified,
            lowerThreshold: lowerThreshold, upperThreshold: upperThreshold)
        return Recounted(
            reportingUnits: reporting, recountedUnits: recounted, recountedWithoutReport: withoutReport,
            totalReported: totalReported, recountedReported: recountedReported, verified: verified, check: check)
    }
}
