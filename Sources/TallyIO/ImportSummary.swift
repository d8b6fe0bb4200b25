internal import TallyCore
public import TallyText

/// What an import did, or would do in a dry run.
public struct ImportSummary: Equatable, Sendable {
    /// The file.
    public var file: String
    /// Data rows read.
    public var rows = 0
    /// Values added.
    public var new = 0
    /// Values changed (their previous values are in history).
    public var changed = 0
    /// Values that were already stored with the same value.
    public var unchanged = 0
    /// Values removed (kept in history).
    public var deleted = 0
    /// Rows of text values (elements of type `text` or `long_text`) among the rows: counted with the numbers in
    /// ``new``, ``changed`` and the rest, and named apart in the summary's line.
    public var texts = 0
    /// Removals of values that did not exist.
    public var absent = 0
    /// Whether nothing was written because it was a dry run.
    public var dryRun = false
    /// Rows the file's reader left out on purpose, with the reason (a sheet's totals rows): never silently.
    public var skipped: [SkippedRows] = []
    /// The import strategy (`create-and-update`, `create`, `update`, `delete`).
    public var strategy = "create-and-update"
    /// Rows the strategy left out: of stored values (`create`) or of values not stored (`update`).
    public var ignored = 0
    /// In a partial import, the bad rows left out (each problem counted once), and the first problems.
    public var refused = 0
    /// The first problems of a partial import, at most the importer's limit.
    public var refusedIssues: [ImportIssue] = []
    /// In a partial import, identifiers that were neither mapped nor Tally codes.
    public var unmapped: [String] = []
    /// Reports the file's complete registrations marked complete (recorded as submissions).
    public var completed = 0
    /// Reports whose submission the file took back: by its registrations (`completed: false`), or by a clerk's
    /// changed values.
    public var withdrawn = 0
    /// Complete registrations that changed nothing (the report already stood complete, or open).
    public var registrationsUnchanged = 0

    /// What to show with the summary without refusing the file: the validation rules of `medium` and `low`
    /// importance the values would break once imported, one sentence each.
    public var warnings: [Localized<String>] = []
    /// When the file held more values of the validation rules' elements than an import keeps for the check, that
    /// number: the rules were not checked (said with the summary, never counted as a rule broken).
    public var rulesUncheckedAbove: Int? = nil

    /// An empty summary for a file.
    public init(file: String) {
        self.file = file
    }

    /// One line for people: `data.csv: 1,200 rows: 1,180 new, 15 changed, 5 unchanged, 0 deleted`.
    public var line: String { line(.en) }

    /// One line for people in `language`: `data.csv: 1,200 rows: 1,180 new, 15 changed, 5 unchanged, 0 deleted` /
    /// `data.csv：1,200 行：新增 1,180，修改 15，不变 5，删除 0`.
    public func line(_ language: Language) -> String {
        let g = Self.grouped
        let would = dryRun ? Localized(zh: "将", en: "") : Localized(zh: "", en: "")
        var parts = [
            Localized(zh: "\(would.zh)新增 \(g(new))", en: "\(g(new)) new"),
            Localized(zh: "\(would.zh)修改 \(g(changed))", en: "\(g(changed)) changed"),
            Localized(zh: "不变 \(g(unchanged))", en: "\(g(unchanged)) unchanged"),
            Localized(zh: "\(would.zh)删除 \(g(deleted))", en: "\(g(deleted)) deleted"),
        ]
        if texts > 0 {
            parts.append(Localized(zh: "其中文字 \(g(texts)) 行", en: "\(g(texts)) of them text values"))
        }
        if absent > 0 {
            parts.append(Localized(zh: "要删除的 \(g(absent)) 个数值不存在", en: "\(g(absent)) to delete not found"))
        }
        if ignored > 0 { parts.append(ignoredPhrase) }
        if refused > 0 { parts.append(refusedPhrase) }
        if let registrations = registrationsPhrase { parts.append(registrations) }
        for group in skipped {
            let count = group.places.count
            let noun = count == 1 ? group.noun : group.noun + "s"
            parts.append(
                Localized(
                    zh: "略过 \(g(count)) \(group.noun == "row" ? "行" : "个")（\(group.reasons.zh)：\(group.shown(.zh))）",
                    en: "\(g(count)) \(noun) skipped (\(group.reasons.en): \(group.shown(.en)))"))
        }
        let prefix =
            dryRun
            ? Localized(
                zh: "\(file)（试导入，未写入任何数据）：\(g(rows)) 行，",
                en: "\(file) (dry run, nothing written): \(g(rows)) rows would be")
            : Localized(zh: "\(file)：\(g(rows)) 行：", en: "\(file): \(g(rows)) rows:")
        let separator = Localized(zh: "，", en: ", ")(language)
        let joined = parts.map { $0(language) }.joined(separator: separator)
        return language == .zh ? prefix(language) + joined : "\(prefix(language)) \(joined)"
    }

    /// How many rows the strategy left out, and why.
    public var ignoredPhrase: Localized<String> {
        let n = Self.grouped(ignored)
        return strategy == "update"
            ? Localized(
                zh: "\(n) 行被略过（尚未存储的数值；策略 update 只更新已有的）",
                en: "\(n) ignored (values not stored yet; the strategy update only updates)")
            : Localized(
                zh: "\(n) 行被略过（已存储的数值；策略 create 只添加新的）",
                en: "\(n) ignored (values already stored; the strategy create only adds)")
    }

    /// What the file's complete registrations did (`2 reports marked complete, 1 taken back`); nil when it had none.
    public var registrationsPhrase: Localized<String>? {
        guard completed + withdrawn + registrationsUnchanged > 0 else { return nil }
        let verb = dryRun ? Localized(zh: "将", en: "would be ") : Localized(zh: "", en: "")
        var zh = ["\(Self.grouped(completed)) 份报表\(verb.zh)标记为已上报"]
        var en = ["\(Self.grouped(completed)) report\(completed == 1 ? "" : "s") \(verb.en)marked complete"]
        if withdrawn > 0 {
            zh.append("\(Self.grouped(withdrawn)) 份\(verb.zh)撤回上报")
            en.append("\(Self.grouped(withdrawn)) \(verb.en)taken back")
        }
        if registrationsUnchanged > 0 {
            zh.append("\(Self.grouped(registrationsUnchanged)) 份已是该状态")
            en.append("\(Self.grouped(registrationsUnchanged)) already so")
        }
        return Localized(zh: zh.joined(separator: "，"), en: en.joined(separator: ", "))
    }

    /// How many bad rows a partial import left out.
    public var refusedPhrase: Localized<String> {
        let n = Self.grouped(refused)
        return Localized(
            zh: "\(n) 行有问题未导入（部分导入，问题见下）", en: "\(n) refused (a partial import; the problems follow)")
    }

    /// The problems of a partial import, one per line, and how many more there were.
    public func refusedLines(_ language: Language) -> [String] {
        var lines = refusedIssues.map { $0.messages(language) }
        if refused > refusedIssues.count {
            let more = refused - refusedIssues.count
            lines.append(Localized(zh: "……另有\(more)个问题", en: "… and \(more) more problems")(language))
        }
        if !unmapped.isEmpty {
            lines.append(
                Localized(
                    zh: "未映射的标识符：\(unmapped.joined(separator: "、"))",
                    en: "identifiers not mapped: \(unmapped.joined(separator: ", "))")(language))
        }
        return lines
    }

    /// `1234567` as `1,234,567`.
    public static func grouped(_ n: Int) -> String { Thousands.grouped(n) }
}

/// Rows (or single values) a reader left out on purpose, for one reason, such as the totals rows of a sheet.
public struct SkippedRows: Equatable, Sendable {
    /// Why, such as `totals rows (合计), which Tally adds up itself`, in every language.
    public var reasons: Localized<String>
    /// Where each row or value is, such as `sheet 出生 row 12` / `工作表 出生 第12行`.
    public var places: [Localized<String>]
    /// What was left out: `row`, or `value` for single cells.
    public var noun: String

    /// Rows (or what `noun` says) left out for `reason`.
    public init(reason: Localized<String>, places: [Localized<String>], noun: String = "row") {
        self.reasons = reason
        self.places = places
        self.noun = noun
    }

    /// Why, in English (the command line's summary).
    public var reason: String { reasons.en }

    /// The places for a sentence in English: the first ten, and how many more.
    public var shown: String { shown(.en) }

    /// The places for a sentence in `language`: the first ten, and how many more.
    public func shown(_ language: Language) -> String {
        let separator = Localized(zh: "、", en: ", ")(language)
        let first = places.prefix(10).map { $0(language) }.joined(separator: separator)
        guard places.count > 10 else { return first }
        return first + Localized(zh: "，另有\(places.count - 10)处", en: " and \(places.count - 10) more")(language)
    }
}
