/// The WHO Data Quality Review's standard table: the boundary unit's figure, one row per subunit judged, and the
/// summary row, the number and % of subunits divergent (the DQR app's `subunitsOutsideThreshold` and
/// `subunitViolationPercentage`).
///
/// Subunits without the data a row needs are listed in `skipped` and left out of the percentage (the app's
/// "skipped for the following units due to missing data"). `Unit` is whatever identifies a unit to the caller
/// (an index, a code); each kind of table has its own `Row`.
public struct SubunitTable<Unit: Hashable & Sendable, Row: Hashable & Sendable>: Hashable, Sendable {
    /// One subunit's row.
    public struct Entry: Hashable, Sendable {
        /// The subunit.
        public let unit: Unit
        /// Its figures.
        public let row: Row
        /// Whether it lies outside the threshold.
        public let isDivergent: Bool

        /// A subunit's row and whether it is divergent.
        public init(unit: Unit, row: Row, isDivergent: Bool) {
            self.unit = unit
            self.row = row
            self.isDivergent = isDivergent
        }
    }

    /// The boundary unit's own figures; nil when it lacks the data.
    public let boundary: Row?
    /// The boundary's verdict against the same threshold; nil when it has no row.
    public let boundaryIsDivergent: Bool?
    /// The subunits judged, in the order given.
    public let entries: [Entry]
    /// The subunits without the data to judge, in the order given.
    public let skipped: [Unit]

    /// A table from its parts.
    public init(boundary: Row?, boundaryIsDivergent: Bool?, entries: [Entry], skipped: [Unit]) {
        self.boundary = boundary
        self.boundaryIsDivergent = boundaryIsDivergent
        self.entries = entries
        self.skipped = skipped
    }

    /// Builds a table by judging every subunit's row (nil: skipped) with one rule, and the boundary's with it.
    init(
        boundary: Row?, subunits: [(unit: Unit, row: Row?)], isDivergent: (Row) -> Bool
    ) {
        var entries: [Entry] = []
        var skipped: [Unit] = []
        for (unit, row) in subunits {
            if let row {
                entries.append(Entry(unit: unit, row: row, isDivergent: isDivergent(row)))
            } else {
                skipped.append(unit)
            }
        }
        self.init(
            boundary: boundary, boundaryIsDivergent: boundary.map(isDivergent), entries: entries, skipped: skipped)
    }

    /// The divergent subunits, in the order given.
    public var divergent: [Unit] {
        entries.filter(\.isDivergent).map(\.unit)
    }

    /// The number of divergent subunits.
    public var divergentCount: Int {
        entries.reduce(0) { $0 + ($1.isDivergent ? 1 : 0) }
    }

    /// The number of subunits judged (skipped ones excluded).
    public var judgedCount: Int {
        entries.count
    }

    /// `divergentCount ÷ judgedCount`; nil when no subunit was judged.
    public var divergentShare: Double? {
        entries.isEmpty ? nil : Double(divergentCount) / Double(judgedCount)
    }
}
