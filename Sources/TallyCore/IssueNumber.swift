public import TallyText

/// A bulletin's issue number as printed beside the office (`report.number` in the metadata, or the bulletin page's
/// `number` control), written as a pattern that each period's bulletin fills in:
///
/// - `{year}`: the year of the period's first day (`2025Q4` → 2025, `202601` → 2026, `2025Oct` → 2025); for a
///   week or bi-week the year its identifier names (`2026W01` → 2026, though it begins on 29 December 2025);
/// - `{seq}`: the period's place among the periods of its type that begin in that year, from 1: a month's number
///   (`202603` → 3), a quarter's (`2025Q4` → 4), a half-year's, a day's in the year (`20260305` → 64), 1 for a
///   year; for a week or bi-week its number in the identifier (`2026W10` → 10).
///
/// For a range (`202510..202601`) both are its last period's. Any other `{…}` is refused, so a typing error does not
/// print as it stands: `云统〔{year}〕{seq}号` gives `云统〔2026〕3号` for `202603`; a pattern without placeholders
/// (`2025年第10期`) is printed as it is.
public enum IssueNumber {
    /// The placeholders a pattern may hold.
    public static let placeholders = ["year", "seq"]
    /// The longest pattern, in characters.
    public static let maxLength = 40

    /// What is wrong with `pattern`, or `nil` when it can be used: empty, longer than ``maxLength``, or holding a
    /// `{` that does not open `{year}` or `{seq}`.
    public static func problem(in pattern: String) -> Localized<String>? {
        guard !pattern.isEmpty else {
            return Localized(
                zh: "不能为空；应为如 2025年第10期 或 云统〔{year}〕{seq}号",
                en: "must not be empty; expected e.g. 2025年第10期 or 云统〔{year}〕{seq}号")
        }
        guard pattern.count <= maxLength else {
            return Localized(
                zh: "太长（\(pattern.count)个字）；最多\(maxLength)个字",
                en: "is too long (\(pattern.count) characters); at most \(maxLength)")
        }
        var rest = pattern[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}"), placeholders.contains(String(after[..<close])) else {
                let shown = String(after.prefix { $0 != "}" }.prefix(12))
                return Localized(
                    zh: "“{\(shown)”不是可用的占位符；只能用 {year}（年份）和 {seq}（年内序号）",
                    en: "'{\(shown)' is not a placeholder; use {year} (the year) and {seq} (the sequence in the year)")
            }
            rest = after[after.index(after: close)...]
        }
        return nil
    }

    /// `pattern` filled for `period` (a pattern ``problem(in:)`` accepts; anything else in braces stays as it is).
    public static func text(_ pattern: String, period: Period) -> String {
        let last = period.last
        let values = ["year": String(year(last)), "seq": String(sequence(last))]
        var out = ""
        var rest = pattern[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = values[String(after[..<close])] {
                out += value
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        return out + rest
    }

    /// The year of the period's first day; a week's or bi-week's numbering year.
    public static func year(_ period: Period) -> Int { period.weekNumber?.year ?? period.start.year }

    /// The period's place, from 1, among the periods of its type that begin in the year of its first day; a week's
    /// or bi-week's number.
    public static func sequence(_ period: Period) -> Int {
        if let week = period.weekNumber { return week.number }
        let type = period.type
        let january = Day(year: period.start.year, month: 1, day: 1)!
        var first = type.index(containing: january)
        if type.start(ofIndex: first) < january { first += 1 }
        return period.last.firstIndex - first + 1
    }
}
