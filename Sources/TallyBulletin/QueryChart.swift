public import TallyCharts
public import TallyCore
public import TallyEngine
public import TallyRender
public import TallyText

/// The chart of a query of several subjects and periods (``QueryTable``), as the analysis page shows it and
/// downloads it: the figures the table holds, drawn by TallyCharts, never computed again.
///
/// - ``Kind/bars``: the first subject over the first period, one bar per listed unit, highest first; with one
///   unit, one bar per period.
/// - ``Kind/lines``: the first subject over the periods for the first listed unit, against its comparison (or,
///   without one, the second unit).
/// - ``Kind/map``: a choropleth of the one subject over the one period by unit, for the units with a boundary;
///   units without a value hatched as missing, not drawn as zero.
public enum QueryChart {
    /// What to draw.
    public enum Kind: String, Sendable, CaseIterable {
        /// Ranked bars.
        case bars
        /// A line over the periods.
        case lines
        /// A choropleth map.
        case map
    }

    /// Chart sizes for the page: 480 units wide, which a phone shows no narrower than 460 px (the page's CSS), so
    /// that the smallest labels (a map's names, 11 units) stay at least 10 px.
    public static let style = ChartStyle(width: 480, fontSize: 13)

    /// Whether the table can be drawn as a map: one subject over one period, several units, and `areas` for any.
    public static func mapFits(_ table: QueryTable, areas: [Int: [[ChartPoint]]]) -> Bool {
        guard table.parts.count == 1, let rows = table.parts.first?.rows, rows.count > 1 else { return false }
        return rows.contains { areas[$0.unit] != nil }
    }

    /// The chart of `table` as `kind`; `nil` when there is nothing to draw (no rows, or a map that does not fit).
    /// - Parameter areas: the listed units' boundaries projected for the chart (`Workspace.mapAreas`).
    public static func chart(_ table: QueryTable, kind: Kind, areas: [Int: [[ChartPoint]]] = [:]) -> SVGChart? {
        guard let first = table.parts.first, !first.rows.isEmpty else { return nil }
        let language = table.language
        let tree = table.tree
        let report = QueryReport(
            rows: first.rows, tree: tree, subject: first.subject, metadata: table.metadata, language: language)
        let unit: String = {
            if case .indicator(let code) = first.subject { return table.metadata.indicator(code)?.unit ?? "" }
            return ""
        }()
        func show(_ v: Double?) -> String? { v.map { NumberFormat.fixed($0, decimals: report.decimals) + unit } }
        let name = report.titleWithUnit
        // The parts of the first subject, one per period, in order.
        let periods = table.parts.filter { $0.subject == first.subject }
        switch kind {
        case .map:
            guard mapFits(table, areas: areas) else { return nil }
            let drawn = first.rows.compactMap { row -> Choropleth.Area? in
                guard let rings = areas[row.unit] else { return nil }
                return Choropleth.Area(
                    id: tree.units[row.unit].code, name: tree.units[row.unit].name(language), rings: rings,
                    value: row.figure.value, display: show(row.figure.value))
            }
            return Choropleth(
                title: "\(name) · \(first.rows[0].period.identifier)", areas: drawn, unit: unit,
                decimals: min(report.decimals, 2), legendTitle: name, missingLabel: Label.noData.text(language),
                labels: true, id: "query-map", style: style
            ).chart
        case .bars:
            let items: [RankedBars.Item]
            let title: String
            if first.rows.count > 1 {
                items = first.rows.sorted { ($0.figure.value ?? -.infinity) > ($1.figure.value ?? -.infinity) }.map {
                    RankedBars.Item(
                        label: tree.units[$0.unit].name(language), value: $0.figure.value,
                        display: show($0.figure.value))
                }
                title = "\(name) · \(first.rows[0].period.identifier)"
            } else {
                items = periods.compactMap { part in
                    part.rows.first.map {
                        RankedBars.Item(
                            label: $0.period.identifier, value: $0.figure.value, display: show($0.figure.value))
                    }
                }
                title = "\(name) · \(tree.units[first.rows[0].unit].name(language))"
            }
            return RankedBars(title: title, items: items, axisTitle: name, id: "query-bars", style: style).chart
        case .lines:
            let labels = periods.compactMap { $0.rows.first?.period.identifier }
            let u = first.rows[0].unit
            func values(of unit: Int) -> [Double?] {
                periods.map { part in part.rows.first { $0.unit == unit }?.figure.value }
            }
            let current = TrendLines.Series(name: tree.units[u].name(language), values: values(of: u))
            let previous: TrendLines.Series
            if first.rows[0].comparison != nil {
                previous = TrendLines.Series(
                    name: (first.rows[0].comparison?.period == first.rows[0].period.sameLastYear
                        ? Label.lastYear : Label.lastPeriod).text(language),
                    values: periods.map { part in part.rows.first { $0.unit == u }?.comparison?.figure.value })
            } else if first.rows.count > 1 {
                let v = first.rows[1].unit
                previous = TrendLines.Series(name: tree.units[v].name(language), values: values(of: v))
            } else {
                previous = TrendLines.Series(name: "", values: [])
            }
            return TrendLines(
                title: name, months: labels, current: current, previous: previous, axisTitle: name, id: "query-lines",
                style: style
            ).chart
        }
    }
}
