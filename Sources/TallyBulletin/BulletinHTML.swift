internal import TallyRender
internal import TallyText

/// Writes a bulletin as one self-contained HTML page: inline CSS and inline SVG charts, no script, no
/// network. It prints on A4 (tables and charts are not cut across pages, table headers repeat) and reads on a
/// phone (tables scroll sideways, charts scale to the width). Chinese text falls back through the usual CJK
/// fonts of each system.
public enum BulletinHTML {
    /// The start of a page, up to the end of its header: the document head with the CSS, the title as the heading
    /// and the subtitle's lines. The bulletin and the data quality review share it.
    ///
    /// - Parameters:
    ///   - issuer: the line above the title (the issuing office and the issue number), when given.
    ///   - toolbar: trusted HTML placed before the page's content (the server's menu and controls); empty in a
    ///     downloaded page.
    static func head(
        title: String, subtitle: [String], language: Language, issuer: String? = nil, toolbar: String = ""
    ) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="\(language.tag)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Tally">
            <title>\(Escape.html(title))</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            \(toolbar)<main>
            <header>
            \(issuer.map { "<p class=\"issuer\">\(Escape.html($0))</p>\n" } ?? "")<h1>\(Escape.html(title))</h1>

            """
        for line in subtitle { out += "<p class=\"meta\">\(Escape.html(line))</p>\n" }
        return out + "</header>\n"
    }

    /// The page.
    ///
    /// - Parameter toolbar: trusted HTML placed before the bulletin (the server's menu and controls, hidden when
    ///   printed); empty for the self-contained page of a download.
    public static func render(_ bulletin: Bulletin, toolbar: String = "") -> String {
        let language = bulletin.language
        var out = head(
            title: bulletin.title, subtitle: bulletin.subtitle, language: language, issuer: bulletin.issuer,
            toolbar: toolbar)
        var figureNumber = 0
        for (i, section) in bulletin.sections.enumerated() {
            let heading = BulletinText.sectionNumber(i + 1, language) + section.label.text(language)
            out += "<section id=\"\(section.rawValue)\">\n<h2>\(Escape.html(heading))</h2>\n"
            switch section {
            case .keyFigures:
                if let caveat = bulletin.caveat {
                    out += "<p class=\"caveat\" role=\"note\">\(Escape.html(caveat))</p>\n"
                }
                out += "<div class=\"cards\">\n"
                for f in bulletin.keyFigures {
                    let arrow = f.direction.map { $0 > 0 ? "▲ " : $0 < 0 ? "▼ " : "＝ " } ?? ""
                    out += "<div class=\"card\"><div class=\"name\">\(Escape.html(f.name))</div>"
                    out += "<div class=\"value\">\(Escape.html(f.value))</div>"
                    if let change = f.change {
                        out += "<div class=\"change\">\(arrow)\(Escape.html(change))</div>"
                    }
                    if let previous = f.previous, let compared = bulletin.comparedLabel {
                        out +=
                            "<div class=\"previous\">\(Escape.html(compared.text(language))) \(Escape.html(previous))</div>"
                    }
                    out += "</div>\n"
                }
                out += "</div>\n<ul class=\"sentences\">\n"
                for s in bulletin.sentences { out += "<li>\(Escape.html(s))</li>\n" }
                out += "</ul>\n"
            case .ranking:
                if let table = bulletin.ranking { out += self.table(table, id: "ranking-table") }
                for note in bulletin.rankingNotes { out += "<p class=\"note\">\(Escape.html(note))</p>\n" }
            case .trend: break
            case .quality:
                guard let q = bulletin.quality else { break }
                for s in q.unreported { out += "<p>\(Escape.html(s))</p>\n" }
                if q.findings.isEmpty {
                    out += "<p>\(Escape.html(Label.noFindings.text(language)))</p>\n"
                } else {
                    out += "<h3>\(Escape.html(Label.findings.text(language)))</h3>\n<ol class=\"findings\">\n"
                    for f in q.findings {
                        out +=
                            "<li><span class=\"severity s\(f.level)\">\(Escape.html(f.severity))</span> \(Escape.html(f.sentence))</li>\n"
                    }
                    out += "</ol>\n"
                    if let more = q.more { out += "<p class=\"note\">\(Escape.html(more))</p>\n" }
                }
                if let byUnit = q.byUnit {
                    out += "<h3>\(Escape.html(byUnit.caption))</h3>\n" + table(byUnit, id: "quality-table")
                }
            case .captureRecapture:
                guard let c = bulletin.captureRecapture else { break }
                out += table(c.table, id: "capture-recapture-table")
                for line in c.lines { out += "<p class=\"note\">\(Escape.html(line))</p>\n" }
            case .campaign:
                guard let c = bulletin.campaign else { break }
                for line in c.lines { out += "<p>\(Escape.html(line))</p>\n" }
                out += table(c.table, id: "campaign-table")
                if !c.praise.isEmpty || !c.warning.isEmpty {
                    out += "<ul class=\"lists\">\n"
                    for line in c.praise { out += "<li class=\"praise\">\(Escape.html(line))</li>\n" }
                    for line in c.warning { out += "<li class=\"warning\">\(Escape.html(line))</li>\n" }
                    out += "</ul>\n"
                }
            }
            for chart in bulletin.charts(in: section) {
                figureNumber += 1
                out += "<figure class=\"chart\" id=\"chart-\(chart.id)\">\n\(chart.svg)\n"
                out +=
                    "<figcaption>\(Escape.html(Label.figure.text(language, String(figureNumber)))) \(Escape.html(chart.title))</figcaption>\n</figure>\n"
                if section == .quality, let note = bulletin.quality?.note {
                    out += "<p class=\"note\">\(Escape.html(note))</p>\n"
                }
            }
            out += "</section>\n"
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static func table(_ table: Bulletin.Table, id: String) -> String {
        var out = "<div class=\"table-wrap\"><table id=\"\(id)\">\n"
        if !table.caption.isEmpty && id != "quality-table" {
            out += "<caption>\(Escape.html(table.caption))</caption>\n"
        }
        out += "<thead><tr>"
        for (title, numeric) in zip(table.columns, table.numeric) {
            out += "<th scope=\"col\"\(numeric ? " class=\"num\"" : "")>\(Escape.html(title))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for (i, row) in table.rows.enumerated() {
            out += table.emphasized.contains(i) ? "<tr class=\"total\">" : "<tr>"
            for (k, cell) in row.enumerated() {
                let numeric = k < table.numeric.count && table.numeric[k]
                out += numeric ? "<td class=\"num\">\(Escape.html(cell))</td>" : "<td>\(Escape.html(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }

    static let css = """
        :root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --shade: #f2f2f2; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff;
          font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
            "WenQuanYi Micro Hei", "Noto Sans", "Helvetica Neue", Arial, sans-serif;
          font-size: 15px; line-height: 1.6; }
        main { max-width: 820px; margin: 0 auto; padding: 24px 20px 48px; }
        header { border-bottom: 3px double var(--ink); margin-bottom: 8px; padding-bottom: 8px; }
        h1 { font-size: 1.6em; line-height: 1.3; margin: 0 0 8px; }
        h2 { font-size: 1.25em; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 1.05em; margin: 18px 0 6px; }
        p { margin: 6px 0; }
        .meta { color: var(--muted); margin: 2px 0; font-size: 0.93em; }
        .issuer { color: #b00; font-weight: 600; margin: 0 0 4px; }
        .note { color: var(--muted); font-size: 0.88em; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; margin: 8px 0 12px; }
        .card { border: 1px solid var(--rule); border-radius: 4px; padding: 8px 12px; break-inside: avoid; }
        .card .name { color: var(--muted); font-size: 0.9em; }
        .card .value { font-size: 1.6em; font-weight: 700; font-variant-numeric: tabular-nums; }
        .card .change { font-weight: 600; font-variant-numeric: tabular-nums; }
        .card .previous { color: var(--muted); font-size: 0.85em; }
        ul.sentences, ul.lists { padding-left: 1.2em; }
        p.caveat { border-left: 4px solid #b45309; background: #fffbeb; padding: 0.5em 0.8em; }
        ol.findings { padding-left: 1.6em; }
        ol.findings li { margin: 4px 0; break-inside: avoid; }
        .severity { display: inline-block; font-size: 0.8em; padding: 0 6px; border: 1px solid var(--ink); border-radius: 3px; }
        .severity.s2 { background: var(--ink); color: #fff; }
        .table-wrap { overflow-x: auto; margin: 8px 0; }
        table { border-collapse: collapse; width: 100%; font-size: 0.92em; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
        th { background: var(--shade); font-weight: 600; border-bottom: 1.5px solid var(--ink); }
        td.num, th.num { text-align: right; }
        tr.total td { font-weight: 700; border-bottom: 1.5px solid var(--ink); }
        figure.chart { margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
        figure.chart svg { display: block; width: 100%; height: auto; max-width: 720px; margin: 0 auto; }
        figcaption { text-align: center; color: var(--muted); font-size: 0.88em; margin-top: 4px; }
        li.praise::marker { content: "＋ "; }
        li.warning::marker { content: "！ "; }
        @media (max-width: 560px) {
          body { font-size: 14px; }
          main { padding: 14px 10px 32px; }
          h1 { font-size: 1.3em; }
          .card .value { font-size: 1.3em; }
        }
        @page { size: A4; margin: 16mm 14mm; }
        @media print {
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          .cards { grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          table { font-size: 9pt; }
          thead { display: table-header-group; }
          tr, .card, figure.chart { break-inside: avoid; page-break-inside: avoid; }
          .table-wrap { overflow: visible; }
          th, td { white-space: normal; }
        }
        """
}

/// Text shared by the HTML and Markdown writers.
enum BulletinText {
    /// "一、" / "1. " before a section heading.
    static func sectionNumber(_ n: Int, _ language: Language) -> String {
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        return Localized(zh: (n <= 10 ? digits[n] : String(n)) + "、", en: "\(n). ")(language)
    }
}
