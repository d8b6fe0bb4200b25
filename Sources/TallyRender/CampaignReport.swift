public import TallyCore
public import TallyEngine
public import TallyTargets
public import TallyText

/// Renders a campaign's standing.
///
/// JSON is one object: `campaign`, `name`, `as_of`, `window`, `rows` (each with `orgunit`, `name`, `level`,
/// `target`, `achieved`, `percent`, `due`, `next_milestone`, `next_due`, `gap`, `status`, `at_risk`,
/// `projected_date`, `rank`; for a threshold campaign `value`, `threshold`, `passes`), `praise` and
/// `warning` (each a list of `{parent, units}`) and `below` (threshold campaigns). CSV holds the rows only.
public struct CampaignReport {
    /// The result.
    public let result: CampaignResult
    /// The tree the rows refer to.
    public let tree: OrgUnitTree
    /// The language of names and of the table's words.
    public let language: Language

    /// A report.
    public init(result: CampaignResult, tree: OrgUnitTree, language: Language = .en) {
        self.result = result
        self.tree = tree
        self.language = language
    }

    var threshold: Double? {
        if case .threshold(_, let t) = result.campaign.measure { return t }
        return nil
    }

    /// The rendered text.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: table()
        case .csv: csv()
        case .json: JSONValue.object(object()).pretty + "\n"
        }
    }

    /// The word for a unit's status: done, ahead, on track or behind.
    public static func statusLabel(_ p: TargetProgress) -> Label {
        switch p.status {
        case .ahead: p.completed ? .done : .ahead
        case .onTrack: .onTrack
        case .behind: .behind
        }
    }

    /// A unit's status in `language`: `on track`, `behind, at risk`, `no target` / `正常`, `落后，有风险`, `无目标`.
    public static func status(_ p: TargetProgress?, _ language: Language) -> String {
        guard let p else { return Label.noTarget.text(language) }
        let text = statusLabel(p).text(language)
        return p.atRisk ? Label.statusAtRisk.text(language, text) : text
    }

    /// The heading lines: the campaign, its dates and the as-of day; the milestones (a count campaign).
    public func header() -> String {
        let c = result.campaign
        let elapsed = result.window.days
        let total = c.end - c.start + 1
        var text =
            Label.campaignHeading.text(
                language, c.name.text(language), c.code, "\(c.start)", "\(c.end)", "\(result.asOf)", String(elapsed),
                String(total)) + "\n"
        if threshold == nil {
            let schedule = c.milestones.map {
                Label.milestoneBy.text(language, "\($0.date)", "\(NumberFormat.fixed($0.share * 100, decimals: 0))%")
            }
            text +=
                Label.milestones.text(language, schedule.joined(separator: Label.listSeparator.text(language))) + "\n"
        }
        return text
    }

    /// The table's columns: the heading, and whether it holds numbers (right-aligned).
    public var columns: [(heading: String, numeric: Bool)] {
        let labels: [(Label?, Bool)] =
            threshold != nil
            ? [(.columnRank, true), (.columnUnit, false), (.columnValue, true), (.columnThreshold, true), (nil, false)]
            : [
                (.columnRank, true), (.columnUnit, false), (.columnTarget, true), (.columnAchieved, true), (nil, true),
                (.columnDueNow, true), (.columnNextMilestone, false), (.columnNextDue, true), (.columnGap, true),
                (.columnStatus, false), (.columnProjected, false),
            ]
        return labels.enumerated().map { k, column in
            (column.0?.text(language) ?? (threshold == nil && k == 4 ? "%" : ""), column.1)
        }
    }

    /// The table's rows as they are written (the text table of `tally targets` and the campaign page), a row per
    /// unit in the result's order.
    public var cells: [[String]] {
        result.rows.map { row in
            let (rank, name) = (row.rank.map(String.init) ?? "", tree.units[row.unit].name)
            if let threshold {
                return [
                    rank, name, row.value.map { NumberFormat.fixed($0, decimals: 1) } ?? "–",
                    NumberFormat.fixed(threshold, decimals: 1),
                    (row.passes.map { $0 ? Label.passes : .belowThreshold } ?? .noData).text(language),
                ]
            }
            let p = row.progress
            return [
                rank, name, row.target.map { NumberFormat.fixed(Double($0), decimals: 0) } ?? "–",
                NumberFormat.fixed(row.achieved, decimals: 0),
                p?.percent.map { NumberFormat.fixed($0, decimals: 1) } ?? "–",
                p.map { NumberFormat.fixed(Double($0.dueNow), decimals: 0) } ?? "–",
                p?.nextMilestone.map { "\($0.date)" } ?? "–",
                p?.nextDue.map { NumberFormat.fixed(Double($0), decimals: 0) } ?? "–",
                p.map { NumberFormat.fixed(max($0.gap, 0), decimals: 0) } ?? "–",
                Self.status(p, language), p?.projectedDate.map { "\($0)" } ?? "–",
            ]
        }
    }

    /// The units below the threshold (a threshold campaign), or the praise and warning lists, as sentences:
    /// "表扬（甲镇）：甲一村、甲二村".
    public var lists: [String] {
        let names = { (units: [Int]) in
            units.map { tree.units[$0].name }.joined(separator: Label.listSeparator.text(language))
        }
        if threshold != nil {
            return result.below.isEmpty ? [] : [Label.unitsBelowThreshold.text(language, names(result.below))]
        }
        var out: [String] = []
        for (title, lists) in [(Label.praise, result.praise), (Label.warning, result.warning)] {
            for (parent, units) in lists where !units.isEmpty {
                out.append(Label.unitsUnder.text(language, title.text(language), tree.units[parent].name, names(units)))
            }
        }
        return out
    }

    func table() -> String {
        var table = TextTable(columns: columns.map { ($0.heading, $0.numeric ? .right : .left) })
        for row in cells { table.addRow(row) }
        let lists = self.lists
        return header() + "\n" + table.render() + (threshold == nil ? "\n" : lists.isEmpty ? "" : "\n")
            + lists.map { $0 + "\n" }.joined()
    }

    var headers: [String] {
        threshold != nil
            ? ["orgunit", "name", "level", "value", "threshold", "passes", "rank"]
            : [
                "orgunit", "name", "level", "target", "achieved", "percent", "due", "next_milestone", "next_due", "gap",
                "status", "at_risk", "projected_date", "rank",
            ]
    }

    func rowObject(_ row: CampaignRow) -> [(String, JSONValue)] {
        let unit = tree.units[row.unit]
        var m: [(String, JSONValue)] = [
            ("orgunit", .string(unit.code)), ("name", .string(unit.name)), ("level", .int(tree.level[row.unit])),
        ]
        if let threshold {
            m += [
                ("value", .number(row.value)), ("threshold", .number(threshold)),
                ("passes", row.passes.map(JSONValue.bool) ?? .null),
            ]
        } else {
            let p = row.progress
            m += [
                ("target", .int(row.target)), ("achieved", .number(row.achieved)), ("percent", .number(p?.percent)),
                ("due", .int(p?.dueNow)), ("next_milestone", .string(p?.nextMilestone.map { "\($0.date)" })),
                ("next_due", .int(p?.nextDue)), ("gap", .number(p?.gap)),
                ("status", .string(p.map { $0.status == .onTrack ? "on_track" : $0.status.rawValue })),
                ("at_risk", p.map { JSONValue.bool($0.atRisk) } ?? .null),
                ("projected_date", .string(p?.projectedDate.map { "\($0)" })),
            ]
        }
        m.append(("rank", .int(row.rank)))
        return m
    }

    func csv() -> String {
        var out = CSVWriter.line(headers)
        for row in result.rows { out += CSVWriter.line(rowObject(row).map { $0.1.csvText }) }
        return out
    }

    func object() -> [(String, JSONValue)] {
        func lists(_ l: [(parent: Int, units: [Int])]) -> JSONValue {
            .array(
                l.map {
                    .object([
                        ("parent", .string(tree.units[$0.parent].code)),
                        ("units", .array($0.units.map { .string(tree.units[$0].code) })),
                    ])
                })
        }
        return [
            ("campaign", .string(result.campaign.code)), ("name", .string(result.campaign.name.text(language))),
            ("as_of", .string("\(result.asOf)")), ("window", .string(result.window.identifier)),
            ("rows", .array(result.rows.map { .object(rowObject($0)) })),
            ("praise", lists(result.praise)), ("warning", lists(result.warning)),
            ("below", .array(result.below.map { .string(tree.units[$0].code) })),
        ]
    }
}
