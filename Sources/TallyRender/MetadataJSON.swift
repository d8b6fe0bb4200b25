public import TallyCore
public import TallyText

/// The metadata as JSON for programs (`GET /api/metadata`): categories with their options, elements with their
/// value type, aggregation and combos, indicators, datasets and campaigns, each named in one language.
public enum MetadataJSON {
    /// The metadata's JSON object, names in `language`.
    public static func object(_ m: Metadata, language: Language) -> JSONValue {
        .object([
            (
                "categories",
                .array(
                    m.categories.map { c in
                        .object([
                            ("code", .string(c.code)), ("name", .string(c.name.text(language))),
                            (
                                "options",
                                .array(
                                    c.options.map {
                                        .object([("code", .string($0.code)), ("name", .string($0.name.text(language)))])
                                    })
                            ),
                        ])
                    })
            ),
            (
                "elements",
                .array(
                    m.elements.map { e in
                        .object([
                            ("code", .string(e.code)), ("name", .string(e.name.text(language))),
                            ("value_type", .string(e.valueType.rawValue)),
                            ("aggregation", .string(e.aggregation.rawValue)),
                            ("combos", .array(m.combos(of: e).map { .string($0.code) })),
                        ])
                    })
            ),
            (
                "indicators",
                .array(
                    m.indicators.map { i in
                        .object([
                            ("code", .string(i.code)), ("name", .string(i.name.text(language))),
                            ("factor", .number(i.factor)), ("decimals", .int(i.decimals)), ("unit", .string(i.unit)),
                        ])
                    })
            ),
            (
                "datasets",
                .array(
                    m.datasets.map { d in
                        .object([
                            ("code", .string(d.code)), ("name", .string(d.name.text(language))),
                            ("period_type", .string(d.periodType.rawValue)),
                            ("level", .int(d.assignment.level)), ("named_orgunits", .int(d.assignment.units.count)),
                            ("due_days", .int(d.dueDays)), ("elements", .array(d.elements.map(JSONValue.string))),
                        ])
                    })
            ),
            (
                "campaigns",
                .array(
                    m.campaigns.map { c in
                        .object([
                            ("code", .string(c.code)), ("name", .string(c.name.text(language))),
                            ("start", .string(c.start.description)), ("end", .string(c.end.description)),
                        ])
                    })
            ),
        ])
    }
}
