public import TallyEngine
public import TallyRender
public import TallyText

/// A bulletin's content in one language, ready to be written as HTML or Markdown.
///
/// Every text is final: numbers are rounded for display and formatted for the language, names come from
/// the metadata and the org-unit file in that language, fixed labels from ``Label``. Built by
/// ``BulletinBuilder``; written by ``BulletinHTML`` and ``BulletinMarkdown``.
public struct Bulletin: Sendable {
    /// The language of every text.
    public var language: Language
    /// The title, such as "云溪县出生与妇幼服务统计简报".
    public var title: String
    /// Lines under the title: the period, the comparison, when it was prepared.
    public var subtitle: [String]
    /// The issuing office, such as "云溪县统计局" (`report.office`); `nil` when the metadata gives none.
    public var office: String? = nil
    /// The issue number, such as "2025年第10期" (`report.number`); `nil` when the metadata gives none.
    public var number: String? = nil
    /// The comparison the figures make: the same period last year, the previous period, or none (`nil`: no change
    /// and no compared figure).
    public var comparison: Comparison? = .lastYear
    /// The headline figures.
    public var keyFigures: [KeyFigure]
    /// Plain sentences on the headline figures and their change.
    public var sentences: [String]
    /// The warning before the headline figures when the period's reports have not all arrived; nil when they have.
    public var caveat: String? = nil
    /// The units one level down, ranked; `nil` when the unit has no children.
    public var ranking: Table?
    /// Notes under the ranked table.
    public var rankingNotes: [String]
    /// The charts, each placed in its section.
    public var charts: [Chart]
    /// The data-quality section; `nil` when no audit was run.
    public var quality: QualitySection?
    /// The campaign section; `nil` without a campaign.
    public var campaign: CampaignSection?
    /// The capture–recapture section; `nil` when the metadata declares none (`capture_recapture:`).
    public var captureRecapture: CaptureRecaptureSection? = nil

    /// The office and the issue number on one line, such as "云溪县统计局　2025年第10期"; `nil` when neither is given.
    public var issuer: String? {
        switch (office, number) {
        case (let office?, let number?): Label.issuerLine.text(language, office, number)
        case (let office?, nil): office
        case (nil, let number?): number
        case (nil, nil): nil
        }
    }

    /// The words for the period compared with (上年同期, 上期), `nil` without a comparison.
    public var comparedLabel: Label? {
        switch comparison {
        case .lastYear: .sameLastYear
        case .previous: .lastPeriod
        case nil: nil
        }
    }

    /// The charts of `section`, in order.
    public func charts(in section: Section) -> [Chart] { charts.filter { $0.section == section } }

    /// The sections that have content, in the order the bulletin shows them.
    public var sections: [Section] {
        var result: [Section] = [.keyFigures]
        if ranking != nil { result.append(.ranking) }
        if !charts(in: .trend).isEmpty { result.append(.trend) }
        if quality != nil { result.append(.quality) }
        if captureRecapture != nil { result.append(.captureRecapture) }
        if campaign != nil { result.append(.campaign) }
        return result
    }

    /// A bulletin's sections.
    public enum Section: String, Sendable, CaseIterable {
        /// Headline figures and sentences.
        case keyFigures = "key-figures"
        /// The ranked table and bar chart.
        case ranking
        /// The monthly trend.
        case trend
        /// Data-quality findings.
        case quality
        /// The capture–recapture estimate of the true total from two lists.
        case captureRecapture = "capture-recapture"
        /// Campaign progress.
        case campaign

        /// The section's heading.
        public var label: Label {
            switch self {
            case .keyFigures: .keyFigures
            case .ranking: .ranking
            case .trend: .trend
            case .quality: .quality
            case .captureRecapture: .captureRecapture
            case .campaign: .campaign
            }
        }
    }

    /// One headline figure.
    public struct KeyFigure: Sendable, Equatable {
        /// The figure's name, such as "出生率".
        public var name: String
        /// The value for display with its unit, such as "9.19‰", or the "no data" label.
        public var value: String
        /// The change on the period compared with, such as "−0.81", or `nil` without a comparison.
        public var change: String?
        /// The period compared with, with its unit, such as "10.00‰", or `nil` without a comparison.
        public var previous: String?
        /// The direction of the change: 1 up, −1 down, 0 unchanged, `nil` unknown.
        public var direction: Int?
    }

    /// A table: column titles, rows of display texts, and which rows to emphasise.
    public struct Table: Sendable, Equatable {
        /// Column titles.
        public var columns: [String]
        /// Which columns hold numbers (right-aligned).
        public var numeric: [Bool]
        /// The rows, one text per column.
        public var rows: [[String]]
        /// Indices of rows shown in bold (totals).
        public var emphasized: Set<Int>
        /// The table's caption.
        public var caption: String

        /// A table.
        public init(
            columns: [String], numeric: [Bool], rows: [[String]], emphasized: Set<Int> = [], caption: String = ""
        ) {
            self.columns = columns
            self.numeric = numeric
            self.rows = rows
            self.emphasized = emphasized
            self.caption = caption
        }
    }

    /// A chart as inline SVG.
    public struct Chart: Sendable, Equatable {
        /// A file-name-safe id, unique in the bulletin, such as `ranked-cbr`.
        public var id: String
        /// The title (also the SVG's accessible `<title>`).
        public var title: String
        /// The SVG document.
        public var svg: String
        /// The section it belongs to.
        public var section: Section
    }

    /// The data-quality section.
    public struct QualitySection: Sendable, Equatable {
        /// The most serious findings first: the severity label and the sentence.
        public var findings: [(severity: String, level: Int, sentence: String)]
        /// "N more findings", when the list was cut.
        public var more: String?
        /// Findings per unit one level down: unit, extreme, moderate, checks.
        public var byUnit: Table?
        /// Sentences on expected against reported events and the estimated unreported events.
        public var unreported: [String]
        /// The note under the heat map.
        public var note: String

        public static func == (a: QualitySection, b: QualitySection) -> Bool {
            a.findings.map(\.sentence) == b.findings.map(\.sentence)
                && a.findings.map(\.severity)
                    == b.findings.map(\.severity)
                && a.more == b.more && a.byUnit == b.byUnit
                && a.unreported == b.unreported && a.note == b.note
        }
    }

    /// The capture–recapture section: the estimate for the unit and each unit one level down.
    public struct CaptureRecaptureSection: Sendable, Equatable {
        /// Per unit: the two lists, the events on both, the estimated total and its interval, each list's share,
        /// the events on neither; the unit itself first.
        public var table: Table
        /// The unit's estimate in a sentence, the units whose counts cannot be right, and the assumptions.
        public var lines: [String]
    }

    /// The campaign section.
    public struct CampaignSection: Sendable, Equatable {
        /// The campaign's name.
        public var name: String
        /// The window, as-of date and milestones.
        public var lines: [String]
        /// Targets, achieved, due and status per unit.
        public var table: Table
        /// "表扬：…" lines, one per parent.
        public var praise: [String]
        /// "预警：…" lines, one per parent.
        public var warning: [String]
    }
}
