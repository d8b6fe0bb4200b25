public import TallyAudit
public import TallyCore
public import TallyText

/// Renders a data-quality audit: findings grouped by check, the most serious first, each with a sentence.
///
/// A finding's sentence is its check's ``Sentence``; the report writes its words (names from the metadata and
/// the tree, periods, dates and numbers). JSON is one array of findings, each with `check`, `severity`,
/// `orgunit`, `name`, `period`, the check's ``FindingColumns`` (`element`, `value`, `expected`, `low`, `high`,
/// `score`, `unreported`, `dataset`, `rule`, `zeros`, `rate_gap`, `periods`) and `message`; CSV has the same
/// columns (docs/checks.md).
public struct AuditReport {
    /// The result.
    public let result: AuditResult
    /// The tree.
    public let tree: OrgUnitTree
    /// The metadata (for names and settings).
    public let metadata: Metadata
    /// The language of names and of the table's words.
    public let language: Language

    /// A report.
    public init(result: AuditResult, tree: OrgUnitTree, metadata: Metadata, language: Language = .en) {
        self.result = result
        self.tree = tree
        self.metadata = metadata
        self.language = language
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ ids: [String]) -> String {
        guard ids.count > 1 else { return ids.first ?? "" }
        return ids.dropLast().joined(separator: ", ") + " and " + ids.last!
    }

    func count(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 0) }

    /// The plain sentence of a finding, in English, with periods by their identifiers (`2025Oct`), dates as
    /// `2025-12-05` and units by their names.
    public func sentence(_ f: Finding) -> String {
        write(f.sentence, of: f, .en, localized: false)
    }

    /// The sentence of a finding in `language`, with periods and dates written out as that language writes
    /// them (`2025年10月`, `October 2025`) and a unit far below the audited one placed by the unit that holds
    /// it (``qualifiedName(_:_:)``).
    public func sentence(_ f: Finding, _ language: Language) -> String {
        write(f.sentence, of: f, language, localized: true)
    }

    /// A unit's name in `language`; a unit more than one level below the audited unit also names the unit
    /// one level down that contains it ("青石镇白滩村", "白滩村 (Qingshi Town)"), so a county's reader can place a
    /// village.
    func qualifiedName(_ unit: Int, _ language: Language) -> String {
        let name = tree.units[unit].name(language)
        guard let root = result.units.first, tree.level[unit] > tree.level[root] + 1 else { return name }
        var ancestor = unit
        while tree.level[ancestor] > tree.level[root] + 1, tree.parent[ancestor] >= 0 {
            ancestor = Int(tree.parent[ancestor])
        }
        let town = tree.units[ancestor].name(language)
        switch language {
        case .zh: return town + name
        case .en: return "\(name) (\(town))"
        }
    }

    /// A sentence in `language`: its text, and its words written for the finding. Localized, periods and dates
    /// are written in words and units by ``qualifiedName(_:_:)``; otherwise by their identifiers and names.
    func write(_ sentence: Sentence, of f: Finding, _ language: Language, localized: Bool) -> String {
        var out = ""
        for part in sentence.phrase(language).parts {
            switch part {
            case .text(let text): out += text
            case .word(let word): out += write(word, of: f, language, localized: localized)
            case .sentence(let inner): out += write(inner, of: f, language, localized: localized)
            }
        }
        return out
    }

    func write(_ word: Word, of f: Finding, _ language: Language, localized: Bool) -> String {
        func period(_ p: Period) -> String { localized ? LocalizedFormat.period(p, language) : p.identifier }
        // Chinese sentences name everything in Chinese; English ones use the report's language of names and
        // start a name in lower case inside the sentence.
        let names: Language
        let inSentence: (String) -> String
        switch language {
        case .zh: (names, inSentence) = (.zh, { $0 })
        case .en: (names, inSentence) = (self.language, { $0.lowercasedFirst })
        }
        let rule = { (code: String) in metadata.validationRules.first { $0.code == code } }
        switch word {
        case .unit: return localized ? qualifiedName(f.unit, language) : tree.units[f.unit].name
        case .orgUnit(let unit):
            guard unit >= 0 && unit < tree.count else { return "" }
            return localized ? qualifiedName(unit, language) : tree.units[unit].name
        case .period: return period(f.period)
        case .periods(let periods):
            let texts = periods.map(period)
            switch language {
            case .zh: return texts.joined(separator: "、")
            case .en: return Self.list(texts)
            }
        case .date(let day): return localized ? LocalizedFormat.date(day, language) : "\(day)"
        case .element(let code):
            return inSentence(metadata.element(code)?.name.text(names) ?? code)
        case .combo(let element, let combo):
            // The options' names in the element's category order: "male" → 男, "Male" → male.
            let options = metadata.element(element)?.categories.compactMap { metadata.category($0) }.flatMap(\.options)
            let parts = combo.split(separator: "_").map { code in
                inSentence(options?.first { $0.code == code }?.name.text(names) ?? String(code))
            }
            return parts.joined(separator: Label.listSeparator.text(language))
        case .dataset(let code):
            return inSentence(metadata.datasets.first { $0.code == code }?.name.text(names) ?? code)
        case .rule(let code): return rule(code)?.name.text(names) ?? code
        case .ruleExpression(let code): return rule(code).map { "\($0.left) \($0.op.rawValue) \($0.right)" } ?? ""
        case .count(let value): return count(value)
        case .decimal(let value, let places): return NumberFormat.fixed(value, decimals: places)
        case .percent(let share, let places): return NumberFormat.fixed(share * 100, decimals: places)
        case .integer(let value): return String(value)
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
        // The table's sentences in its language, with periods by their identifiers.
        func plain(_ f: Finding) -> String { write(f.sentence, of: f, language, localized: false) }
        let heading = { (check: any AuditCheck.Type) in
            Localized(zh: check.title.zh, en: check.title.table)(language)
        }
        var out =
            Label.auditHeading.text(language, root, String(result.units.count - 1), result.period.identifier) + "\n"
        if result.findings.isEmpty { out += "\n" + Label.noFindingsShort.text(language) + "\n" }
        for check in QualityAudit.checks {
            let group = result.findings.filter { $0.check == check }
            guard !group.isEmpty else { continue }
            if check == ScoreCheck.self {
                out += "\n" + Label.worstFirst.text(language, heading(check)) + "\n"
                let scores = result.findings(of: ScoreCheck.self)
                for (f, _) in scores.sorted(by: {
                    ($0.payload.share, $0.finding.unit) < ($1.payload.share, $1.finding.unit)
                }) {
                    out += "  \(plain(f))\n"
                }
                continue
            }
            let counted: Label = group.count == 1 ? .findingCount : .findingsCount
            out += "\n" + counted.text(language, heading(check), String(group.count)) + "\n"
            for f in group {
                out += "  \(Self.severity(f.severity).text(language).padding(9))\(plain(f))\n"
            }
        }
        for total in result.totals {
            let name = language.insideSentence(metadata.element(total.element)?.name.text(language) ?? total.element)
            let flagged = result.underReporting(of: total.element)
            let sentence: Label = flagged.units == 0 ? .auditTotals : .auditTotalsUnreported
            out +=
                "\n"
                + sentence.text(
                    language, root, name, count(total.reported), count(total.expected), count(flagged.unreported))
                + "\n"
        }
        return out
    }

    /// The word for a finding's severity: `extreme` / `严重`.
    public static func severity(_ severity: Finding.Severity) -> Label {
        switch severity {
        case .extreme: .extreme
        case .moderate: .moderate
        case .info: .info
        }
    }

    func members(_ f: Finding) -> [(String, JSONValue)] {
        let unit = tree.units[f.unit]
        let c = f.columns
        return [
            ("check", .string(f.check.code)), ("severity", .string(f.severity.rawValue)),
            ("orgunit", .string(unit.code)),
            ("name", .string(unit.name)), ("period", .string(f.period.identifier)), ("element", .string(c.element)),
            ("value", .number(c.value)), ("expected", .number(c.expected)), ("low", .number(c.low)),
            ("high", .number(c.high)),
            ("score", .number(c.score)), ("unreported", .number(c.unreported)), ("dataset", .string(c.dataset)),
            ("rule", .string(c.rule)), ("zeros", .int(c.zeros)), ("rate_gap", .number(c.rateGap)),
            ("periods", .array(c.periods.map { .string($0.identifier) })), ("message", .string(sentence(f))),
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
                key == "periods" ? JSONValue.string(f.columns.periods.map(\.identifier).joined(separator: " ")) : value
            }
        }
        return (Self.columns, rows)
    }

    func csv() -> String {
        var out = CSVWriter.line(Self.columns)
        for f in result.findings {
            out += CSVWriter.line(
                members(f).map { key, value in
                    key == "periods" ? f.columns.periods.map(\.identifier).joined(separator: " ") : value.csvText
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

    /// The text filled with spaces to `width` terminal columns (CJK characters take two), and at least one space.
    func padding(_ width: Int) -> String {
        let columns = displayWidth(self)
        return columns >= width ? self + " " : self + String(repeating: " ", count: width - columns)
    }
}
