public import TallyCore
public import TallyEngine
public import TallyText

/// Renders a data-quality audit: findings grouped by check, the most serious first, each with a sentence.
///
/// JSON is one array of findings, each with `check`, `severity`, `orgunit`, `name`, `period`, `element`,
/// `value` (reported), `expected` (implied or verified count), `low` and `high` (the accepted range: the
/// Poisson interval of the report, or the verification thresholds), `score` (reported ÷ expected, or the
/// verification factor), `unreported` (expected − reported, expected-vs-reported only) and `message`.
public struct AuditReport {
    /// The result.
    public let result: AuditResult
    /// The tree.
    public let tree: OrgUnitTree
    /// The metadata (for names and settings).
    public let metadata: Metadata
    /// The language of names (`en`, `zh`).
    public let language: String

    /// A report.
    public init(result: AuditResult, tree: OrgUnitTree, metadata: Metadata, language: String = "en") {
        self.result = result
        self.tree = tree
        self.metadata = metadata
        self.language = language
    }

    static let titles: [Finding.Check: String] = [
        .expectedVsReported: "Expected vs reported (漏报)", .verification: "Verification (核实)",
        .completeness: "Completeness of reporting", .missingReport: "Missing reports",
        .timeliness: "Timeliness of reporting",
        .lateReport: "Late reports", .outlier: "Outliers", .elementCompleteness: "Completeness of indicator data",
        .validation: "Validation rules", .consistency: "Consistency over time",
        .score: "Data-quality score (share of checks passed)",
    ]

    func datasetName(_ f: Finding) -> String {
        let name =
            f.dataset.flatMap { code in metadata.datasets.first { $0.code == code }?.name.text(language) } ?? f.dataset
            ?? ""
        return name.lowercasedFirst
    }

    static func list(_ ids: [String]) -> String {
        guard ids.count > 1 else { return ids.first ?? "" }
        return ids.dropLast().joined(separator: ", ") + " and " + ids.last!
    }

    func count(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 0) }

    func elementName(_ code: String) -> String {
        (metadata.element(code)?.name.text(language) ?? code).lowercasedFirst
    }

    /// The plain sentence of a finding, with periods by their identifiers (`2025Oct`) and dates as `2025-12-05`.
    public func sentence(_ f: Finding) -> String {
        englishSentence(f, unit: tree.units[f.unit].name, periodText: \.identifier, dayText: { "\($0)" })
    }

    /// The plain sentence of a finding in `language`, with periods and dates written out as that language
    /// writes them (`2025年10月`, `October 2025`).
    public func sentence(_ f: Finding, _ language: Language) -> String {
        switch language {
        case .en:
            englishSentence(
                f, unit: qualifiedName(f.unit, .en), periodText: { LocalizedFormat.period($0, .en) },
                dayText: { LocalizedFormat.date($0, .en) })
        case .zh: chineseSentence(f)
        }
    }

    /// A unit's name in `language`; a unit more than one level below the audited unit also names the unit
    /// one level down that contains it ("青石镇白滩村", "白滩村 (Qingshi Town)"), so a county's reader can place a
    /// village.
    func qualifiedName(_ unit: Int, _ language: Language) -> String {
        let name = tree.units[unit].name(language.rawValue)
        guard let root = result.units.first, tree.level[unit] > tree.level[root] + 1 else { return name }
        var ancestor = unit
        while tree.level[ancestor] > tree.level[root] + 1, tree.parent[ancestor] >= 0 {
            ancestor = Int(tree.parent[ancestor])
        }
        let town = tree.units[ancestor].name(language.rawValue)
        return language == .zh ? town + name : "\(name) (\(town))"
    }

    func englishSentence(
        _ f: Finding, unit: String, periodText: (Period) -> String, dayText: (Day) -> String
    ) -> String {
        let periodName = periodText(f.period)
        let name = elementName(f.element)
        let value = f.value ?? 0
        switch f.check {
        case .expectedVsReported:
            let rate = metadata.element(f.element)?.referenceRate.map { NumberFormat.fixed($0, decimals: 1) } ?? "?"
            let confidence = NumberFormat.fixed(metadata.quality.confidence * 100, decimals: 0)
            let range = "\(confidence)% interval of the report \(count(f.low ?? 0))–\(count(f.high ?? 0))"
            let expected = f.expected ?? 0
            let gap =
                f.rateGap.map {
                    " The reported rate is \(NumberFormat.fixed(abs($0), decimals: 1)) per-mille points \($0 < 0 ? "below" : "above") the reference."
                } ?? ""
            if expected > value {
                return
                    "\(unit) reported \(count(value)) \(name) in \(periodName); its population and the reference rate (\(rate)‰) imply \(count(expected)) (\(range)): about \(count(expected - value)) \(name) may be unreported.\(gap)"
            }
            return
                "\(unit) reported \(count(value)) \(name) in \(periodName); its population and the reference rate (\(rate)‰) imply only \(count(expected)) (\(range)): check for double counting or a wrong population.\(gap)"
        case .verification:
            let verified = f.expected ?? 0
            let range =
                "expected \(NumberFormat.fixed(f.low ?? 0, decimals: 2))–\(NumberFormat.fixed(f.high ?? 0, decimals: 2))"
            if verified == 0 {
                return "\(unit) reported \(count(value)) \(name) in \(periodName), but none could be verified."
            }
            let factor = NumberFormat.fixed(f.score ?? 0, decimals: 2)
            if verified < value {
                return
                    "\(unit) reported \(count(value)) \(name) in \(periodName), but only \(count(verified)) were verified (verification factor \(factor), \(range)): the reports exceed what could be verified."
            }
            return
                "\(unit) reported \(count(value)) \(name) in \(periodName), and \(count(verified)) were verified (verification factor \(factor), \(range)): more were verified than reported, so reports are missing."
        case .completeness, .timeliness:
            let share = NumberFormat.fixed((f.score ?? 0) * 100, decimals: 1)
            let threshold = NumberFormat.fixed((f.low ?? 0) * 100, decimals: 0)
            let how = f.check == .timeliness ? " on time" : ""
            return
                "\(unit) sent \(count(value)) of the \(count(f.expected ?? 0)) reports due for \(periodName)\(how) (\(datasetName(f))): \(share)%, below the \(threshold)% expected."
        case .outlier where f.score == nil:
            let bound =
                value < (f.low ?? -.infinity)
                ? "below the smallest plausible value, \(count(f.low ?? 0))"
                : "above the largest plausible value, \(count(f.high ?? 0))"
            return
                "\(unit) reported \(count(value)) \(name) for \(periodName), \(bound): check for a typing error."
        case .outlier:
            let low = NumberFormat.fixed(max(f.low ?? 0, 0), decimals: 0)
            let high = NumberFormat.fixed(f.high ?? 0, decimals: 0)
            let z = NumberFormat.fixed(abs(f.score ?? 0), decimals: 1)
            let side = (f.score ?? 0) > 0 ? "above" : "below"
            return
                "\(unit) reported \(count(value)) \(name) for \(periodName); its usual values are \(low)–\(high) (median \(count(f.expected ?? 0))), so this is \(z) standard deviations \(side) its mean: check for a typing error."
        case .elementCompleteness:
            let share = NumberFormat.fixed((f.score ?? 0) * 100, decimals: 1)
            let threshold = NumberFormat.fixed((f.low ?? 0) * 100, decimals: 0)
            return
                "\(unit) has \(count(value)) of the \(count(f.expected ?? 0)) values of \(name) expected for \(periodName) (\(share)%, below the \(threshold)% expected; \(f.zeros ?? 0) of them are zero)."
        case .validation:
            let rule = f.rule.flatMap { code in metadata.validationRules.first { $0.code == code } }
            let text = rule.map { "\($0.left) \($0.op.rawValue) \($0.right)" } ?? ""
            let ruleName = rule?.name.text(language) ?? f.rule ?? ""
            return
                "\(unit), \(periodName): the rule '\(ruleName)' (\(text)) does not hold: \(NumberFormat.fixed(value, decimals: value == value.rounded() ? 0 : 2)) against \(NumberFormat.fixed(f.expected ?? 0, decimals: (f.expected ?? 0) == (f.expected ?? 0).rounded() ? 0 : 2))."
        case .consistency:
            let own = NumberFormat.fixed(value, decimals: 2)
            let parent = NumberFormat.fixed(f.expected ?? 0, decimals: 2)
            return
                "\(unit)'s \(name) in \(periodName) are \(own) times the mean of the same period in the previous years, against \(parent) for the unit above it: a change \(NumberFormat.fixed(abs((f.score ?? 1) - 1) * 100, decimals: 0))% out of line."
        case .score:
            return
                "\(unit) passed \(count(value)) of \(count(f.expected ?? 0)) applicable checks (\(NumberFormat.fixed((f.score ?? 0) * 100, decimals: 0))%)."
        case .missingReport:
            return "\(unit) has not sent the \(datasetName(f)) for \(Self.list(f.periods.map(periodText)))."
        case .lateReport:
            let stored = f.stored.map { dayText(Timestamp.day($0)) } ?? "?"
            let days = count(f.value ?? 0)
            return
                "\(unit) first stored the \(datasetName(f)) for \(periodName) on \(stored), \(days) day\(f.value == 1 ? "" : "s") after it was due (\(f.due.map(dayText) ?? "?"))."
        }
    }

    /// The rendered text.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: table()
        case .csv: csv()
        case .json: JSONValue.array(result.findings.map { .object(members($0)) }).pretty + "\n"
        }
    }

    func table() -> String {
        let root = result.units.first.map { tree.units[$0].name } ?? ""
        var out =
            "Data-quality audit of \(root) and \(result.units.count - 1) units below it, \(result.period.identifier)\n"
        if result.findings.isEmpty { out += "\nNo findings.\n" }
        for check in Finding.Check.allCases {
            let group = result.findings.filter { $0.check == check }
            guard !group.isEmpty else { continue }
            if check == .score {
                out += "\n\(Self.titles[check]!), worst first:\n"
                for f in group.sorted(by: { ($0.score ?? 0, $0.unit) < ($1.score ?? 0, $1.unit) }) {
                    out += "  \(sentence(f))\n"
                }
                continue
            }
            out += "\n\(Self.titles[check]!): \(group.count) finding\(group.count == 1 ? "" : "s")\n"
            for f in group {
                out += "  \(f.severity.rawValue.padding(9))\(sentence(f))\n"
            }
        }
        for total in result.totals {
            let name = elementName(total.element)
            let flagged = result.findings.filter {
                $0.check == .expectedVsReported && $0.element == total.element && $0.unit != result.units.first
                    && ($0.unreported ?? 0) > 0
            }
            let missing = flagged.reduce(0.0) { $0 + ($1.unreported ?? 0) }
            out +=
                "\n\(root): \(count(total.reported)) \(name) reported, \(count(total.expected)) expected from the population and the reference rate"
            out +=
                flagged.isEmpty
                ? ".\n" : "; the flagged units may have left about \(count(missing)) \(name) unreported.\n"
        }
        return out
    }

    func members(_ f: Finding) -> [(String, JSONValue)] {
        let unit = tree.units[f.unit]
        return [
            ("check", .string(f.check.rawValue)), ("severity", .string(f.severity.rawValue)),
            ("orgunit", .string(unit.code)),
            ("name", .string(unit.name)), ("period", .string(f.period.identifier)), ("element", .string(f.element)),
            ("value", .number(f.value)), ("expected", .number(f.expected)), ("low", .number(f.low)),
            ("high", .number(f.high)),
            ("score", .number(f.score)), ("unreported", .number(f.unreported)), ("dataset", .string(f.dataset)),
            ("rule", .string(f.rule)), ("zeros", .int(f.zeros)), ("rate_gap", .number(f.rateGap)),
            ("periods", .array(f.periods.map { .string($0.identifier) })), ("message", .string(sentence(f))),
        ]
    }

    /// The CSV columns, in the order of each finding's members.
    public static let columns = [
        "check", "severity", "orgunit", "name", "period", "element", "value", "expected", "low", "high", "score",
        "unreported",
        "dataset", "rule", "zeros", "rate_gap", "periods", "message",
    ]

    /// The findings as they are written in CSV: ``columns`` and each finding's values at full precision, the
    /// periods of a finding as one text (for spreadsheets).
    public var records: (columns: [String], rows: [[JSONValue]]) {
        let rows = result.findings.map { f in
            members(f).map { key, value in
                key == "periods" ? JSONValue.string(f.periods.map(\.identifier).joined(separator: " ")) : value
            }
        }
        return (Self.columns, rows)
    }

    func csv() -> String {
        var out = CSVWriter.line(Self.columns)
        for f in result.findings {
            out += CSVWriter.line(
                members(f).map { key, value in
                    key == "periods" ? f.periods.map(\.identifier).joined(separator: " ") : value.csvText
                })
        }
        return out
    }
}

extension String {
    var lowercasedFirst: String {
        guard let first, first.isUppercase, dropFirst().first?.isUppercase != true else { return self }
        return first.lowercased() + dropFirst()
    }

    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
