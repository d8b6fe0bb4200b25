public import TallyRender
internal import TallyText

/// Writes a data quality review as one self-contained HTML page, like the bulletin's: inline CSS and SVG charts, no
/// script, no network; it prints on A4 and reads on a phone.
public enum ReviewHTML {
    /// The page.
    public static func render(_ review: Review) -> String {
        let language = review.language
        var out = BulletinHTML.head(title: review.title, subtitle: review.subtitle, language: language)
        out += "<section id=\"summary\">\n<h2>\(Escape.html(Label.reviewSummary.text(language)))</h2>\n"
        out += BulletinHTML.table(review.summary, id: "summary-table") + "</section>\n"
        var figureNumber = 0
        // The domains' headings carry their own numbers (the DQR's "Domain 1" …).
        for domain in review.domains {
            out += "<section id=\"\(domain.id)\">\n<h2>\(Escape.html(domain.heading))</h2>\n"
            if let empty = domain.empty { out += "<p>\(Escape.html(empty))</p>\n" }
            for (k, part) in domain.parts.enumerated() {
                out += "<h3>\(Escape.html(part.heading))</h3>\n"
                for line in part.lines { out += "<p class=\"note\">\(Escape.html(line))</p>\n" }
                out += BulletinHTML.table(part.table, id: "\(domain.id)-\(k + 1)")
                for line in part.summary { out += "<p><strong>\(Escape.html(line))</strong></p>\n" }
                if let chart = part.chart {
                    figureNumber += 1
                    out += "<figure class=\"chart\" id=\"chart-\(chart.id)\">\n\(chart.svg)\n"
                    out +=
                        "<figcaption>\(Escape.html(Label.figure.text(language, String(figureNumber)))) \(Escape.html(chart.title))</figcaption>\n</figure>\n"
                }
            }
            out += "</section>\n"
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }
}

/// Writes a data quality review as Markdown: the same content as the page, tables as pipe tables, and each chart as
/// an image link to an SVG file written beside the Markdown file.
public enum ReviewMarkdown {
    /// The Markdown text.
    ///
    /// - Parameter chartPath: the relative path of a chart's SVG file, such as `dqr-completeness-monthly.svg`.
    public static func render(_ review: Review, chartPath: (Review.Chart) -> String) -> String {
        let language = review.language
        var out = "# \(Escape.markdown(review.title))\n\n"
        for line in review.subtitle { out += "\(Escape.markdown(line))  \n" }
        out +=
            "\n## \(Escape.markdown(Label.reviewSummary.text(language)))\n\n" + BulletinMarkdown.table(review.summary)
        var figureNumber = 0
        for domain in review.domains {
            out += "\n## \(Escape.markdown(domain.heading))\n"
            if let empty = domain.empty { out += "\n\(Escape.markdown(empty))\n" }
            for part in domain.parts {
                out += "\n### \(Escape.markdown(part.heading))\n\n"
                for line in part.lines { out += "*\(Escape.markdown(line))*  \n" }
                out += "\n" + BulletinMarkdown.table(part.table)
                if !part.summary.isEmpty { out += "\n" }
                for line in part.summary { out += "**\(Escape.markdown(line))**  \n" }
                if let chart = part.chart {
                    figureNumber += 1
                    let caption = "\(Label.figure.text(language, String(figureNumber))) \(chart.title)"
                    out += "\n![\(Escape.markdown(caption))](\(chartPath(chart)))\n\n*\(Escape.markdown(caption))*\n"
                }
            }
        }
        return out
    }
}

/// A data quality review as JSON, for programs: the same final texts as the page and each chart's SVG.
public enum ReviewJSON {
    /// The review as one JSON object.
    public static func render(_ review: Review) -> JSONValue {
        .object([
            ("language", .string(review.language.rawValue)), ("title", .string(review.title)),
            ("subtitle", .array(review.subtitle.map(JSONValue.string))),
            ("summary", BulletinJSON.table(review.summary)),
            (
                "domains",
                .array(
                    review.domains.map { domain in
                        .object([
                            ("id", .string(domain.id)), ("heading", .string(domain.heading)),
                            ("empty", domain.empty.map(JSONValue.string) ?? .null),
                            (
                                "parts",
                                .array(
                                    domain.parts.map { part in
                                        .object([
                                            ("heading", .string(part.heading)),
                                            ("lines", .array(part.lines.map(JSONValue.string))),
                                            ("table", BulletinJSON.table(part.table)),
                                            ("summary", .array(part.summary.map(JSONValue.string))),
                                            (
                                                "chart",
                                                part.chart.map { chart in
                                                    .object([
                                                        ("id", .string(chart.id)), ("title", .string(chart.title)),
                                                        ("svg", .string(chart.svg)),
                                                    ])
                                                } ?? .null
                                            ),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }
}
