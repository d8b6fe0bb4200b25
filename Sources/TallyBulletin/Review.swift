public import TallyText

/// The WHO Data Quality Review of a period (`tally report --dqr`) in one language, ready to be written as HTML,
/// Markdown or JSON: a summary table, then the four domains, each a list of the DQR's standard tables with the
/// summary row (the number and share of subunits divergent) and, for some, a chart.
///
/// Every text is final (numbers rounded for display, names from the metadata and the org-unit file, labels from
/// ``Label``). Built by ``ReviewBuilder``; written by ``ReviewHTML``, ``ReviewMarkdown`` and ``ReviewJSON``.
public struct Review: Sendable {
    /// The language of every text.
    public var language: Language
    /// The title, such as "云溪县数据质量年度评估".
    public var title: String
    /// Lines under the title: the method, the period, the years compared, the as-of day, when it was prepared.
    public var subtitle: [String]
    /// One row per table of the review: its measure, criterion, the boundary's figure and the subunits divergent.
    public var summary: Bulletin.Table
    /// The domains, in order (capture–recapture last, when declared).
    public var domains: [Domain]

    /// A domain of the review.
    public struct Domain: Sendable, Equatable {
        /// A file-name-safe id, such as `domain-1`.
        public var id: String
        /// The heading.
        public var heading: String
        /// The tables.
        public var parts: [Part]
        /// A sentence when the domain has nothing to show (such as no survey declared).
        public var empty: String?
    }

    /// One of the DQR's tables.
    public struct Part: Sendable, Equatable {
        /// The heading, such as "Completeness of reporting: monthly report".
        public var heading: String
        /// How the figure is computed and what counts as divergent.
        public var lines: [String]
        /// The boundary's row (emphasized) and a row per subunit judged.
        public var table: Bulletin.Table
        /// The summary row: the number and share of subunits divergent; and those not judged.
        public var summary: [String]
        /// A chart, if any.
        public var chart: Chart?
    }

    /// A chart as inline SVG.
    public struct Chart: Sendable, Equatable {
        /// A file-name-safe id, unique in the review, such as `completeness-monthly`.
        public var id: String
        /// The title (also the SVG's accessible `<title>`).
        public var title: String
        /// The SVG document.
        public var svg: String
    }

    /// Every chart, in order.
    public var charts: [Chart] { domains.flatMap { $0.parts.compactMap(\.chart) } }
}
