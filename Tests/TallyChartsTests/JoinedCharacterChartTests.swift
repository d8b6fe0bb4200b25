import Testing

@testable import TallyCharts

/// Every chart writes labels, titles and series names whose `<` is joined to a neighbouring character as text:
/// U+0600 ARABIC NUMBER SIGN joins to the `<` after it, a combining acute accent to the `<` before it.
@Suite struct JoinedCharacterChartTests {
    static let joined = ["\u{0600}<img src=x onerror=alert(1)>", "<\u{0301}img src=x onerror=alert(1)>"]

    /// Whether `svg` holds a raw `<img`, compared as UTF-8 bytes (`String.contains` compares characters).
    func holdsRawImage(_ svg: String) -> Bool {
        Array(svg.utf8).firstRange(of: Array("<img".utf8)) != nil
    }

    @Test(arguments: joined)
    func everyChartEscapesJoinedMarkup(_ name: String) {
        let charts = [
            RankedBars(
                title: name, items: [.init(label: name, value: 2, display: name)], axisTitle: name,
                reference: .init(value: 1, label: name)
            ).chart,
            TrendLines(
                title: name, months: [name, name], current: .init(name: name, values: [1, nil]),
                previous: .init(name: name, values: [nil, 2]), axisTitle: name
            ).chart,
            ProgressBars(
                title: name, items: [.init(label: name, achieved: 0.5, status: name)],
                milestones: [.init(share: 0.5, label: name)]
            ).chart,
            HeatMap(title: name, rows: [name], columns: [name], values: [[0.2]]).chart,
            Choropleth(
                title: name,
                areas: [
                    .init(id: name, name: name, rings: [planeSquare(0, 0, 100)], value: 1, display: name),
                    .init(id: name, name: name, rings: [planeSquare(100, 0, 100)], value: nil),
                ],
                unit: name, legendTitle: name, missingLabel: name, labels: true
            ).chart,
        ]
        for chart in charts {
            #expect(!holdsRawImage(chart.svg), "\(chart.svg)")
            #expect(Array(chart.svg.utf8).firstRange(of: Array("&lt;".utf8)) != nil)
        }
    }
}
