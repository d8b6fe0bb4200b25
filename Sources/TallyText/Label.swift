/// The string catalog of Tally's bulletins: every fixed label in Simplified Chinese (zh-Hans) and English.
///
/// A label may hold numbered placeholders, `{0}`, `{1}`, …, filled by ``text(_:_:)``. Names of elements,
/// indicators, datasets, campaigns and units come from the metadata and the org-unit file, not from here.
/// The switch in ``pair`` makes a missing translation a compile error.
public enum Label: String, CaseIterable, Sendable {
    // The bulletin.
    case defaultTitle, period, comparedWith, preparedOn, campaignAsOf, contents
    case keyFigures, ranking, trend, quality, campaign, notes
    case rank, unit, change, thisPeriod, sameLastYear, noData, rankedBy, changeNote, parentRow
    case chartRanked, chartTrend, chartProgress, chartHeatMap, figure, referenceLine, lastTwelveMonths, yearBefore
    case findings, noFindings, moreFindings, severity, findingsByUnit, extreme, moderate, info, checksFailed
    case unreportedEstimate, unreportedNone, scoreNote
    // Campaigns.
    case target, achieved, percentDone, dueNow, nextMilestone, nextDue, gap, status, projected, milestones
    case praise, warning, ahead, done, onTrack, behind, atRisk, noTarget, campaignWindow
    // The heat map's last column (the score groups and the checks name themselves: TallyAudit's `ScoreGroup`
    // and each check's `title`).
    case groupScore

    /// The label in `language`, with `{0}`, `{1}`, … replaced by `arguments`.
    public func text(_ language: Language, _ arguments: String...) -> String {
        var text = language == .zh ? pair.zh : pair.en
        for (i, argument) in arguments.enumerated() {
            text = text.replacing("{\(i)}", with: argument)
        }
        return text
    }

    /// The Chinese and the English text.
    public var pair: (zh: String, en: String) {
        switch self {
        case .defaultTitle: ("{0}统计简报", "{0} statistical bulletin")
        case .period: ("统计时段：{0}", "Period: {0}")
        case .comparedWith: ("比较对象：上年同期（{0}）", "Compared with the same period last year ({0})")
        case .preparedOn: ("{0}由 Tally 生成", "Prepared with Tally on {0}")
        case .campaignAsOf: ("专项行动数据截至{0}", "Campaign figures as of {0}")
        case .contents: ("目录", "Contents")
        case .keyFigures: ("主要指标", "Key figures")
        case .ranking: ("各单位情况", "The units one level down")
        case .trend: ("月度走势", "Monthly trend")
        case .quality: ("数据质量", "Data quality")
        case .campaign: ("专项行动进展", "Campaign progress")
        case .notes: ("说明", "Notes")
        case .rank: ("排名", "Rank")
        case .unit: ("单位", "Unit")
        case .change: ("增减", "Change")
        case .thisPeriod: ("本期", "This period")
        case .sameLastYear: ("上年同期", "Same period last year")
        case .noData: ("无数据", "no data")
        case .rankedBy: ("按{0}排名，从高到低；并列者名次相同。", "Ranked by {0}, highest first; ties share a rank.")
        case .changeNote:
            ("增减为与上年同期相比；率的增减以千分点或百分点计。", "Changes are on the same period last year; changes of rates are in points.")
        case .parentRow: ("{0}（合计）", "{0} (total)")
        case .chartRanked: ("{0}：各单位排名", "{0} by unit")
        case .chartTrend: ("{0}：近12个月与上年同期逐月比较", "{0}: the last 12 months against a year earlier")
        case .chartProgress: ("{0}：目标完成进度", "{0}: progress to target")
        case .chartHeatMap: ("各单位数据质量检查通过率", "Share of data-quality checks passed, by unit")
        case .figure: ("图{0}", "Figure {0}")
        case .referenceLine: ("{0}：{1}", "{0}: {1}")
        case .lastTwelveMonths: ("{0}", "{0}")
        case .yearBefore: ("上年同期", "A year earlier")
        case .findings: ("主要问题（按严重程度排列）", "Main findings, most serious first")
        case .noFindings: ("本期未发现数据质量问题。", "No data-quality problems were found for this period.")
        case .moreFindings: ("另有{0}项问题，详见 tally check。", "{0} more findings: see tally check.")
        case .severity: ("程度", "Severity")
        case .findingsByUnit: ("各单位问题数", "Findings by unit")
        case .extreme: ("严重", "extreme")
        case .moderate: ("中度", "moderate")
        case .info: ("提示", "info")
        case .checksFailed: ("涉及检查", "Checks")
        case .unreportedEstimate:
            (
                "按人口和参考出生率估算，{0}本期应有{1}约{2}，实报{3}；被标记的单位可能漏报约{4}。",
                "From the population and the reference rate, {0} should have had about {2} {1} in the period and reported {3}; the flagged units may have left about {4} unreported."
            )
        case .unreportedNone:
            (
                "按人口和参考出生率估算，{0}本期应有{1}约{2}，实报{3}，未发现明显漏报的单位。",
                "From the population and the reference rate, {0} should have had about {2} {1} in the period and reported {3}; no unit looks under-reported."
            )
        case .scoreNote:
            (
                "每格为该单位适用检查的通过比例：报告完整、及时，数值完整且无异常，与估算相符，经核实，符合校验规则。",
                "Each cell is the share of the applicable checks the unit passed: reports complete and on time, values complete without outliers, in line with the estimate, verified, and within the validation rules."
            )
        case .target: ("目标", "Target")
        case .achieved: ("已完成", "Achieved")
        case .percentDone: ("完成率", "Done")
        case .dueNow: ("应完成", "Due now")
        case .nextMilestone: ("下一节点", "Next milestone")
        case .nextDue: ("节点任务", "Due then")
        case .gap: ("差距", "Gap")
        case .status: ("进度", "Status")
        case .projected: ("按现进度完成日期", "At this pace done by")
        case .milestones: ("节点：{0}", "Milestones: {0}")
        case .praise: ("表扬", "Praise")
        case .warning: ("预警", "Warning")
        case .ahead: ("超前", "ahead")
        case .done: ("已完成", "done")
        case .onTrack: ("正常", "on track")
        case .behind: ("落后", "behind")
        case .atRisk: ("有风险", "at risk")
        case .noTarget: ("无目标", "no target")
        case .campaignWindow: ("{0}：{1}至{2}，截至{3}（第{4}天，共{5}天）", "{0}: {1} to {2}, as of {3} (day {4} of {5})")
        case .groupScore: ("综合", "Overall")
        }
    }
}
