/// What the WHO Data Quality Review (`tally report --dqr`) compares, from the metadata file's `review:` section:
/// the elements reviewed and how their consistency over time is judged, related indicators, survey values and
/// two population sources. Every part is optional.
public struct ReviewSettings: Sendable, Equatable {
    /// How an element's value this year is set against its previous years (the DQR's "expected trend" and
    /// "compare with").
    public struct Consistency: Sendable, Equatable {
        /// What the previous years predict.
        public enum Trend: String, Sendable, CaseIterable {
            /// The mean of the previous years (the DQR's "constant").
            case constant
            /// The least-squares trend of the previous years, one year on (the DQR's "increasing/decreasing").
            case increasing
            /// Written `decreasing`: the same forecast as `increasing`.
            case decreasing
        }

        /// What a subunit's ratio is compared with.
        public enum Comparison: String, Sendable, CaseIterable {
            /// The boundary unit's ratio.
            case boundary
            /// No change: a ratio of 1 ("compare to expected").
            case expected
        }

        /// The reference.
        public var trend: Trend
        /// The comparison.
        public var compare: Comparison

        /// An option; the defaults are the DQR app's (the mean of previous years, against the boundary).
        public init(trend: Trend = .constant, compare: Comparison = .boundary) {
            self.trend = trend
            self.compare = compare
        }
    }

    /// Two related figures that should agree (domain 2, "internal consistency between related indicators").
    public struct Relation: Sendable, Equatable {
        /// How A and B should relate.
        public enum Kind: String, Sendable, CaseIterable {
            /// A ÷ B within 1 ± band.
            case similar
            /// A ≥ B (A ÷ B at least 1 − band).
            case atLeast = "at_least"
            /// The dropout rate (A − B) ÷ A within 0 … band (ANC1 → ANC4, DPT1 → DPT3).
            case dropout
            /// A ÷ B within 1 ± band of the boundary unit's A ÷ B.
            case sameAsBoundary = "same_as_boundary"
        }

        /// The code (the key in the metadata).
        public var code: String
        /// The name shown.
        public var name: LocalizedText
        /// A.
        public var a: ElementReference
        /// B.
        public var b: ElementReference
        /// How they should relate.
        public var kind: Kind
        /// The band: 10% by default for `similar`, `at_least` and `same_as_boundary`; for a dropout the largest
        /// rate allowed (nil: only a negative rate diverges).
        public var band: Double?

        /// A relation.
        public init(
            code: String, name: LocalizedText, a: ElementReference, b: ElementReference, kind: Kind, band: Double?
        ) {
            self.code = code
            self.name = name
            self.a = a
            self.b = b
            self.kind = kind
            self.band = band
        }
    }

    /// Routine coverage against a survey's (domain 3, "external comparison").
    public struct External: Sendable, Equatable {
        /// The code (the key in the metadata).
        public var code: String
        /// The name shown.
        public var name: LocalizedText
        /// The indicator whose routine value is compared (its numerator ÷ denominator × factor).
        public var indicator: String
        /// The relative difference allowed: 33% by default.
        public var band: Double
        /// The survey's values by org-unit code, in the indicator's unit (a `--survey` file adds to them).
        public var survey: [String: Double]

        /// A comparison.
        public init(code: String, name: LocalizedText, indicator: String, band: Double, survey: [String: Double]) {
            self.code = code
            self.name = name
            self.indicator = indicator
            self.band = band
            self.survey = survey
        }
    }

    /// Two sources of the population (domain 4), such as the population reported by the villages and the
    /// census or projection.
    public struct PopulationSources: Sendable, Equatable {
        /// The first source (A).
        public var a: ElementReference
        /// The second source (B).
        public var b: ElementReference
        /// The relative difference allowed: 10% by default (also for the population's own trend).
        public var band: Double

        /// Two sources.
        public init(a: ElementReference, b: ElementReference, band: Double = 0.10) {
            self.a = a
            self.b = b
            self.band = band
        }
    }

    /// The elements reviewed in domains 1 and 2; empty: every summed element of a dataset except verified
    /// counterparts (``Metadata/reviewedElements``).
    public var elements: [String]
    /// Per element code, how its consistency over time is judged; the default for the others.
    public var consistency: [String: Consistency]
    /// Related figures, in file order.
    public var relations: [Relation]
    /// Survey comparisons, in file order.
    public var external: [External]
    /// Two population sources, if declared.
    public var population: PopulationSources?

    /// Settings; by default the review covers every summed element with the DQR app's defaults and has no
    /// relations, surveys or second population source.
    public init(
        elements: [String] = [], consistency: [String: Consistency] = [:], relations: [Relation] = [],
        external: [External] = [], population: PopulationSources? = nil
    ) {
        self.elements = elements
        self.consistency = consistency
        self.relations = relations
        self.external = external
        self.population = population
    }
}

extension Metadata {
    /// The elements the review covers: those listed in `review.elements`, or every summed element of a dataset
    /// that is not a verified counterpart, in file order.
    public var reviewedElements: [String] {
        if !review.elements.isEmpty { return review.elements }
        let counterparts = Set(elements.compactMap(\.verifiedBy))
        let inDatasets = Set(datasets.flatMap(\.elements))
        return elements.filter {
            $0.aggregation == .sum && inDatasets.contains($0.code) && !counterparts.contains($0.code)
        }
        .map(\.code)
    }
}
