internal import TallyEngine
public import TallyRender
internal import TallyText

/// A bulletin as JSON, for programs: the same final texts as the page (numbers already formatted for display,
/// sentences in the bulletin's language) and each chart's SVG.
public enum BulletinJSON {
    /// The bulletin as one JSON object.
    public static func render(_ bulletin: Bulletin) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("language", .string(bulletin.language.rawValue)),
            ("title", .string(bulletin.title)),
            ("subtitle", .array(bulletin.subtitle.map(JSONValue.string))),
            ("office", bulletin.office.map(JSONValue.string) ?? .null),
            ("number", bulletin.number.map(JSONValue.string) ?? .null),
            ("comparison", .string(BulletinComparison(bulletin.comparison).rawValue)),
            ("sections", .array(bulletin.sections.map { .string($0.rawValue) })),
            (
                "key_figures",
                .array(
                    bulletin.keyFigures.map { figure in
                        .object([
                            ("name", .string(figure.name)), ("value", .string(figure.value)),
                            ("change", figure.change.map(JSONValue.string) ?? .null),
                            ("previous", figure.previous.map(JSONValue.string) ?? .null),
                            ("direction", figure.direction.map { .number(Double($0)) } ?? .null),
                        ])
                    })
            ),
            ("sentences", .array(bulletin.sentences.map(JSONValue.string))),
            ("caveat", bulletin.caveat.map(JSONValue.string) ?? .null),
            ("ranking", bulletin.ranking.map(table) ?? .null),
            ("ranking_notes", .array(bulletin.rankingNotes.map(JSONValue.string))),
        ]
        members.append(
            (
                "quality",
                bulletin.quality.map { quality in
                    .object([
                        (
                            "findings",
                            .array(
                                quality.findings.map {
                                    .object([
                                        ("severity", .string($0.severity)), ("level", .number(Double($0.level))),
                                        ("sentence", .string($0.sentence)),
                                    ])
                                })
                        ),
                        ("more", quality.more.map(JSONValue.string) ?? .null),
                        ("by_unit", quality.byUnit.map(table) ?? .null),
                        ("unreported", .array(quality.unreported.map(JSONValue.string))),
                        ("note", .string(quality.note)),
                    ])
                } ?? .null
            ))
        members.append(
            (
                "capture_recapture",
                bulletin.captureRecapture.map { section in
                    .object([("table", table(section.table)), ("lines", .array(section.lines.map(JSONValue.string)))])
                } ?? .null
            ))
        members.append(
            (
                "campaign",
                bulletin.campaign.map { campaign in
                    .object([
                        ("name", .string(campaign.name)),
                        ("lines", .array(campaign.lines.map(JSONValue.string))),
                        ("table", table(campaign.table)),
                        ("praise", .array(campaign.praise.map(JSONValue.string))),
                        ("warning", .array(campaign.warning.map(JSONValue.string))),
                    ])
                } ?? .null
            ))
        members.append(
            (
                "charts",
                .array(
                    bulletin.charts.map {
                        .object([
                            ("id", .string($0.id)), ("section", .string($0.section.rawValue)),
                            ("title", .string($0.title)), ("svg", .string($0.svg)),
                        ])
                    })
            ))
        return .object(members)
    }

    static func table(_ table: Bulletin.Table) -> JSONValue {
        .object([
            ("caption", .string(table.caption)),
            ("columns", .array(table.columns.map(JSONValue.string))),
            ("numeric", .array(table.numeric.map(JSONValue.bool))),
            ("rows", .array(table.rows.map { .array($0.map(JSONValue.string)) })),
            ("emphasized", .array(table.emphasized.sorted().map { .number(Double($0)) })),
        ])
    }
}
