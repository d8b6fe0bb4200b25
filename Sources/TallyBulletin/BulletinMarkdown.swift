internal import TallyEngine
internal import TallyRender
internal import TallyText

/// Writes a bulletin as Markdown: the same content as the HTML page, tables as pipe tables, and each chart
/// as an image link to an SVG file written beside the Markdown file.
public enum BulletinMarkdown {
    /// The Markdown text.
    ///
    /// - Parameters:
    ///   - bulletin: the bulletin.
    ///   - chartPath: the relative path of a chart's SVG file, such as `bulletin-ranked.svg`.
    public static func render(_ bulletin: Bulletin, chartPath: (Bulletin.Chart) -> String) -> String {
        let language = bulletin.language
        var out = "# \(Escape.markdown(bulletin.title))\n\n"
        if let issuer = bulletin.issuer { out += "**\(Escape.markdown(issuer))**  \n" }
        for line in bulletin.subtitle { out += "\(Escape.markdown(line))  \n" }
        var figureNumber = 0
        for (i, section) in bulletin.sections.enumerated() {
            out += "\n## \(BulletinText.sectionNumber(i + 1, language))\(section.label.text(language))\n\n"
            switch section {
            case .keyFigures:
                if let caveat = bulletin.caveat { out += "> \(Escape.markdown(caveat))\n\n" }
                // The change and the compared figure only with a comparison.
                var columns = ["", Label.thisPeriod.text(language)]
                if let comparison = bulletin.comparison, let compared = bulletin.comparedLabel {
                    columns += [
                        BulletinBuilder.changeColumn(comparison, language: language), compared.text(language),
                    ]
                }
                let table = Bulletin.Table(
                    columns: columns, numeric: [false] + Array(repeating: true, count: columns.count - 1),
                    rows: bulletin.keyFigures.map { f in
                        Array([f.name, f.value, f.change ?? "–", f.previous ?? "–"].prefix(columns.count))
                    })
                out += self.table(table) + "\n"
                for s in bulletin.sentences { out += "- \(Escape.markdown(s))\n" }
            case .ranking:
                if let table = bulletin.ranking { out += self.table(table) }
                out += "\n"
                for note in bulletin.rankingNotes { out += "*\(Escape.markdown(note))*  \n" }
            case .trend: break
            case .quality:
                guard let q = bulletin.quality else { break }
                for s in q.unreported { out += "\(Escape.markdown(s))\n\n" }
                if q.findings.isEmpty {
                    out += "\(Escape.markdown(Label.noFindings.text(language)))\n"
                } else {
                    out += "### \(Escape.markdown(Label.findings.text(language)))\n\n"
                    for (k, f) in q.findings.enumerated() {
                        out += "\(k + 1). **\(Escape.markdown(f.severity))** \(Escape.markdown(f.sentence))\n"
                    }
                    if let more = q.more { out += "\n*\(Escape.markdown(more))*\n" }
                }
                if let byUnit = q.byUnit { out += "\n### \(Escape.markdown(byUnit.caption))\n\n" + table(byUnit) }
            case .captureRecapture:
                guard let c = bulletin.captureRecapture else { break }
                out += table(c.table) + "\n"
                for line in c.lines { out += "*\(Escape.markdown(line))*  \n" }
            case .campaign:
                guard let c = bulletin.campaign else { break }
                for line in c.lines { out += "\(Escape.markdown(line))  \n" }
                out += "\n" + table(c.table) + "\n"
                for line in c.praise + c.warning { out += "- \(Escape.markdown(line))\n" }
            }
            for chart in bulletin.charts(in: section) {
                figureNumber += 1
                let caption = "\(Label.figure.text(language, String(figureNumber))) \(chart.title)"
                out += "\n![\(Escape.markdown(caption))](\(chartPath(chart)))\n\n*\(Escape.markdown(caption))*\n"
                if section == .quality, let note = bulletin.quality?.note { out += "\n*\(Escape.markdown(note))*\n" }
            }
        }
        return out
    }

    static func table(_ table: Bulletin.Table) -> String {
        var out = "| " + table.columns.map(Escape.markdown).joined(separator: " | ") + " |\n"
        out += "|" + table.numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for (i, row) in table.rows.enumerated() {
            let cells = row.map(Escape.markdown).map { table.emphasized.contains(i) && !$0.isEmpty ? "**\($0)**" : $0 }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
