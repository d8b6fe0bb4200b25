public import TallyCore

/// The submission and approval of reports, as recorded: what completeness and timeliness count (``ReportCounts``)
/// besides the stored values, and what the reporting grid shows in each cell.
///
/// A report with a standing submission (submitted, approved or accepted) counts as received, and on time when it
/// was submitted by the end of its due day, whatever the time its values were stored; a report without one counts
/// by its first stored value.
public struct ReportProgress: Sendable {
    /// One report.
    public struct Key: Hashable, Sendable {
        /// The dataset's code.
        public var dataset: String
        /// The reporting unit (tree index).
        public var unit: Int
        /// The period.
        public var period: Period

        /// A report.
        public init(dataset: String, unit: Int, period: Period) {
            self.dataset = dataset
            self.unit = unit
            self.period = period
        }
    }

    /// How one report stands.
    public struct Entry: Sendable, Equatable {
        /// Where it stands.
        public var stage: ReportStage
        /// When the standing submission was made (seconds since 1970, UTC); nil when none stands.
        public var submitted: Int64?
        /// The partners' standing complete registrations (a dataset with attribute categories): when each attribute
        /// option combo (by code) registered the report complete, seconds since 1970 (UTC).
        public var partners: [String: Int64]

        /// An entry.
        public init(stage: ReportStage, submitted: Int64?, partners: [String: Int64] = [:]) {
            self.stage = stage
            self.submitted = submitted
            self.partners = partners
        }

        /// When the report arrived by its registrations: the standing submission's time, else the first partner's
        /// registration; nil when none stands.
        public var registered: Int64? { submitted ?? partners.values.min() }
    }

    /// The reports that have any event, by report.
    public var entries: [Key: Entry]

    /// Progress over some reports; none by default.
    public init(entries: [Key: Entry] = [:]) {
        self.entries = entries
    }
}
