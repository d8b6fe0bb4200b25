/// The string catalog of Tally: every fixed word and sentence of the bulletins, the web pages and the command
/// line's tables, in Simplified Chinese (zh-Hans) and English.
///
/// A label may hold numbered placeholders, `{0}`, `{1}`, …, filled by ``text(_:_:)``; both languages hold the
/// same ones. Names of elements, indicators, datasets, campaigns and units come from the metadata and the org-unit
/// file, not from here; the checks and score groups name themselves in TallyAudit. An error's sentence is a
/// ``Localized`` written beside the error (it carries the error's values). The switch in ``pair`` makes a
/// missing translation a compile error.
public enum Label: String, CaseIterable, Sendable {
    // MARK: The bulletin
    case defaultTitle, unitAndTitle, period, comparedWith, preparedOn, campaignAsOf, contents
    case keyFigures, ranking, trend, quality, campaign, notes
    case rank, unit, change, thisPeriod, sameLastYear, noData, rankedBy, changeNote, parentRow, figureOptions
    case chartRanked, chartTrend, chartProgress, chartHeatMap, figure, referenceLine, lastTwelveMonths, yearBefore
    case findings, noFindings, moreFindings, severity, findingsByUnit, extreme, moderate, info, checksFailed
    case unreportedEstimate, unreportedNone, scoreNote
    /// The heat map's last column (the score groups and the checks name themselves: TallyAudit's `ScoreGroup`
    /// and each check's `title`).
    case groupScore

    // MARK: A figure and its change on the same period last year (TallyRender's `Headline`)
    case rateInSentence, noDataSentence
    case countNoComparison, countUnchanged, countRose, countFell, countRosePercent, countFellPercent
    case rateNoComparison, rateUnchanged, rateRose, rateFell

    // MARK: Campaigns (the bulletin, `tally targets`, the dashboard)
    case target, achieved, percentDone, dueNow, nextMilestone, nextDue, gap, status, projected, milestones
    case milestoneBy, milestoneSeparator, praise, warning, unitsUnder
    case ahead, done, onTrack, behind, statusAtRisk, noTarget, campaignWindow

    // MARK: Lists
    case listSeparator

    // MARK: The web pages (`tally serve`)
    case signIn, signOut, userName, password, signInFailed, signInLimited, signInBusy
    case dashboard, dataEntry, history, pagePeriod, pageOrgUnit, show, up, datasets
    case keyIndicators, value, lastYear, lastPeriod, yearOnYear, pageTrend
    case unitsBelowRanked, pageRank, pageFindings, noFindingsShort, pageCampaigns, pageTarget, pageAchieved, pageStatus
    case element, save, saved, confirmUnusual, unusualValue, periodClosed, readOnly
    case currentValue, storedBy, changedBy, changedAt, previousValue, newValue, noHistory
    case errorTitle, back, none
    case reportingPeriods, dataset, lastDayOfEntry, today, openForEntry, closedForEntry, openUntil, reopen, close
    case decisions, decision, reopened, closedNow
    case users, displayName, role, roleAdmin, roleAnalyst, roleClerk, addUser, enabled, disabled, mustChangeMark
    case disable, enable, resetPassword, saveChanges, apiTokens, tokenLabel, created, expires, revoke, actions
    case oneTimePassword, userAdded, userDisabled, userEnabled, userChanged, tokenRevoked, noTokens, usersHint
    case changePassword, currentPassword, newPassword, newPasswordAgain, mustChangePassword, passwordsDiffer

    // MARK: The command line's tables (`tally query`, `tally targets`, `tally check`)
    case columnOrgUnit, columnName, columnLevel, columnPeriod, columnNumerator, columnDenominator, columnRank
    case columnComparedWith, columnThen, columnChange, columnChangePoints, columnChangePercent
    case columnUnit, columnValue, columnThreshold, columnTarget, columnAchieved, columnDueNow, columnNextMilestone
    case columnNextDue, columnGap, columnStatus, columnProjected
    case campaignHeading, passes, belowThreshold, unitsBelowThreshold
    case auditHeading, worstFirst, findingCount, findingsCount, auditTotals, auditTotalsUnreported

    /// The label in `language`, with `{0}`, `{1}`, … replaced by `arguments` (in one pass: a placeholder inside an
    /// argument stays as it is).
    public func text(_ language: Language, _ arguments: String...) -> String {
        text(language, arguments)
    }

    /// The label in `language`, with `{0}`, `{1}`, … replaced by `arguments`.
    public func text(_ language: Language, _ arguments: [String]) -> String {
        Self.fill(pair(language), arguments)
    }

    /// The label in every language, with `{0}`, `{1}`, … replaced by `arguments` in each.
    public func localized(_ arguments: Localized<String>...) -> Localized<String> {
        Localized.each { language in Self.fill(pair(language), arguments.map { $0(language) }) }
    }

    /// `template` with each `{n}` replaced by `arguments[n]`; a placeholder without an argument stays.
    static func fill(_ template: String, _ arguments: [String]) -> String {
        guard !arguments.isEmpty else { return template }
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let n = Int(after[..<close]), arguments.indices.contains(n) {
                out += arguments[n]
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        return out + rest
    }

    /// The numbers of the placeholders (`{0}` is 0) in `text`, sorted, each once.
    public static func placeholders(in text: String) -> [Int] {
        var found = Set<Int>()
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            if let n = Int(after[..<close]) { found.insert(n) }
            rest = after
        }
        return found.sorted()
    }

    /// The Chinese and the English text.
    public var pair: Localized<String> {
        let (zh, en) = texts
        return Localized(zh: zh, en: en)
    }

    /// The Chinese and the English text, side by side.
    var texts: (zh: String, en: String) {
        switch self {
        // MARK: The bulletin
        case .defaultTitle: ("{0}统计简报", "{0} statistical bulletin")
        case .unitAndTitle: ("{0}{1}", "{0} — {1}")
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
        case .figureOptions: ("{0}（{1}）", "{0} ({1})")
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
        case .groupScore: ("综合", "Overall")

        // MARK: A figure and its change on the same period last year (TallyRender's `Headline`)
        case .rateInSentence: ("{0}", "the {0}")
        case .noDataSentence: ("{0}无数据。", "{0}: no data for this period.")
        case .countNoComparison: ("{0}{1}，上年同期无数据。", "{0}: {1}; no figure for the same period last year.")
        case .countUnchanged: ("{0}{1}，与上年同期持平。", "{0} were unchanged on the same period last year, at {1}.")
        case .countRose: ("{0}{1}，比上年同期增加{2}{3}。", "{0} rose by {2}{3} on the same period last year, to {1}.")
        case .countFell: ("{0}{1}，比上年同期减少{2}{3}。", "{0} fell by {2}{3} on the same period last year, to {1}.")
        case .countRosePercent: ("，增长{0}%", " (+{0}%)")
        case .countFellPercent: ("，下降{0}%", " (−{0}%)")
        case .rateNoComparison: ("{0}{1}，上年同期无数据。", "{0} was {1}; no figure for the same period last year.")
        case .rateUnchanged: ("{0}{1}，与上年同期持平。", "{0} was unchanged at {1}.")
        case .rateRose: ("{0}{1}，比上年同期上升{2}{3}。", "{0} rose {2} {3} to {1}.")
        case .rateFell: ("{0}{1}，比上年同期下降{2}{3}。", "{0} fell {2} {3} to {1}.")

        // MARK: Campaigns (the bulletin, `tally targets`, the dashboard)
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
        case .milestoneBy: ("{0}前完成{1}", "{1} by {0}")
        case .milestoneSeparator: ("；", "; ")
        case .praise: ("表扬", "Praise")
        case .warning: ("预警", "Warning")
        case .unitsUnder: ("{0}（{1}）：{2}", "{0} ({1}): {2}")
        case .ahead: ("超前", "ahead")
        case .done: ("已完成", "done")
        case .onTrack: ("正常", "on track")
        case .behind: ("落后", "behind")
        case .statusAtRisk: ("{0}，有风险", "{0}, at risk")
        case .noTarget: ("无目标", "no target")
        case .campaignWindow: ("{0}：{1}至{2}，截至{3}（第{4}天，共{5}天）", "{0}: {1} to {2}, as of {3} (day {4} of {5})")

        // MARK: Lists
        case .listSeparator: ("、", ", ")

        // MARK: The web pages (`tally serve`)
        case .signIn: ("登录", "Sign in")
        case .signOut: ("退出", "Sign out")
        case .userName: ("用户名", "User name")
        case .password: ("密码", "Password")
        case .signInFailed: ("用户名或密码不正确。", "The user name or password is wrong.")
        case .signInLimited: ("尝试次数过多，请稍后再试。", "Too many attempts; try again later.")
        case .signInBusy: ("同时登录的人太多，请几秒后再试。", "Too many sign-ins at once; try again in a few seconds.")
        case .dashboard: ("概览", "Dashboard")
        case .dataEntry: ("数据录入", "Data entry")
        case .history: ("修改记录", "History")
        case .pagePeriod: ("期间", "Period")
        case .pageOrgUnit: ("单位", "Org unit")
        case .show: ("显示", "Show")
        case .up: ("上级", "Up")
        case .datasets: ("报表", "Reports")
        case .keyIndicators: ("主要指标", "Key indicators")
        case .value: ("数值", "Value")
        case .lastYear: ("去年同期", "Same period last year")
        case .lastPeriod: ("上期", "Last period")
        case .yearOnYear: ("同比", "Change")
        case .pageTrend: ("趋势（本年与上年）", "Trend (this year and last)")
        case .unitsBelowRanked: ("下级单位排名", "Units below, ranked")
        case .pageRank: ("名次", "Rank")
        case .pageFindings: ("数据质量问题", "Data-quality findings")
        case .noFindingsShort: ("未发现问题。", "No findings.")
        case .pageCampaigns: ("专项活动进度", "Campaign progress")
        case .pageTarget: ("任务数", "Target")
        case .pageAchieved: ("完成数", "Achieved")
        case .pageStatus: ("状态", "Status")
        case .element: ("指标项", "Element")
        case .save: ("保存", "Save")
        case .saved: ("已保存。", "Saved.")
        case .confirmUnusual: ("确认异常值无误，仍然保存", "The unusual values are right; save anyway")
        case .unusualValue:
            ("{0}：{1} — 与该单位以往数值相差较大（通常 {2}）", "{0}: {1} — far from this unit's usual values (usually {2})")
        case .periodClosed: ("本期已关闭，不能录入；请联系管理员重新开放。", "This period is closed for entry; ask an admin to reopen it.")
        case .readOnly: ("只读", "Read only")
        case .currentValue: ("当前值", "Current value")
        case .storedBy: ("录入人", "Stored by")
        case .changedBy: ("修改人", "Changed by")
        case .changedAt: ("修改时间", "Changed at")
        case .previousValue: ("原值", "Previous value")
        case .newValue: ("新值", "New value")
        case .noHistory: ("尚无修改。", "Not changed since it was first stored.")
        case .errorTitle: ("出错了", "Something went wrong")
        case .back: ("返回", "Back")
        case .none: ("无", "none")
        case .reportingPeriods: ("报告期管理", "Reporting periods")
        case .dataset: ("报表", "Report")
        case .lastDayOfEntry: ("截止录入日期", "Last day of entry")
        case .today: ("今天", "Today")
        case .openForEntry: ("可以录入", "open for entry")
        case .closedForEntry: ("已关闭", "closed")
        case .openUntil: ("开放至", "Open until")
        case .reopen: ("重新开放", "Reopen")
        case .close: ("关闭", "Close")
        case .decisions: ("开放与关闭记录", "Reopenings and closings")
        case .decision: ("操作", "Decision")
        case .reopened: ("已重新开放。", "Reopened.")
        case .closedNow: ("已关闭。", "Closed.")
        case .users: ("用户管理", "Users")
        case .displayName: ("显示名", "Display name")
        case .role: ("角色", "Role")
        case .roleAdmin: ("管理员", "admin")
        case .roleAnalyst: ("分析员", "analyst")
        case .roleClerk: ("录入员", "clerk")
        case .addUser: ("添加用户", "Add a user")
        case .enabled: ("正常", "active")
        case .disabled: ("已停用", "disabled")
        case .mustChangeMark: ("待改密码", "must change password")
        case .disable: ("停用", "Disable")
        case .enable: ("启用", "Enable")
        case .resetPassword: ("重置密码", "Reset the password")
        case .saveChanges: ("保存更改", "Save changes")
        case .apiTokens: ("API 令牌", "API tokens")
        case .tokenLabel: ("标签", "Label")
        case .created: ("创建时间", "Created")
        case .expires: ("到期时间", "Expires")
        case .revoke: ("撤销", "Revoke")
        case .actions: ("操作", "Actions")
        case .oneTimePassword:
            (
                "{0} 的一次性密码：{1}。只显示这一次；请当面或电话告知本人，其首次登录时须改为自己的密码。",
                "The one-time password of {0}: {1}. It is shown only this once; tell it to them in person or by phone — they must choose their own at their first sign-in."
            )
        case .userAdded: ("已添加用户。", "User added.")
        case .userDisabled: ("已停用；其登录和 API 令牌均已失效。", "Disabled; their sessions and API tokens have ended.")
        case .userEnabled: ("已启用。", "Enabled.")
        case .userChanged: ("已保存更改。", "Changes saved.")
        case .tokenRevoked: ("已撤销令牌。", "Token revoked.")
        case .noTokens: ("没有有效的 API 令牌。", "No API tokens in force.")
        case .usersHint:
            (
                "你可以管理{0}及其下级单位的用户。登录名可用任何文字（如 李明）。",
                "You manage the users of {0} and the units below it. Login names may be in any script (such as 李明)."
            )
        case .changePassword: ("修改密码", "Change password")
        case .currentPassword: ("当前密码", "Current password")
        case .newPassword: ("新密码（至少10个字符）", "New password (at least 10 characters)")
        case .newPasswordAgain: ("再次输入新密码", "New password again")
        case .mustChangePassword:
            (
                "请先把管理员给你的一次性密码改为你自己的密码。",
                "First replace the one-time password an admin gave you with a password of your own."
            )
        case .passwordsDiffer: ("两次输入的新密码不一致。", "The two new passwords differ.")

        // MARK: The command line's tables (`tally query`, `tally targets`, `tally check`)
        case .columnOrgUnit: ("单位代码", "orgunit")
        case .columnName: ("名称", "name")
        case .columnLevel: ("层级", "level")
        case .columnPeriod: ("期间", "period")
        case .columnNumerator: ("分子", "numerator")
        case .columnDenominator: ("分母", "denominator")
        case .columnRank: ("名次", "rank")
        case .columnComparedWith: ("比较期", "compared with")
        case .columnThen: ("比较期数值", "then")
        case .columnChange: ("增减", "change")
        case .columnChangePoints: ("增减（点）", "change (points)")
        case .columnChangePercent: ("增减%", "change %")
        case .columnUnit: ("单位", "unit")
        case .columnValue: ("数值", "value")
        case .columnThreshold: ("阈值", "threshold")
        case .columnTarget: ("目标", "target")
        case .columnAchieved: ("已完成", "achieved")
        case .columnDueNow: ("应完成", "due now")
        case .columnNextMilestone: ("下一节点", "next milestone")
        case .columnNextDue: ("节点任务", "next due")
        case .columnGap: ("差距", "gap")
        case .columnStatus: ("进度", "status")
        case .columnProjected: ("按现进度完成日期", "at this pace done by")
        case .campaignHeading:
            ("{0}（{1}）：{2}至{3}，截至{4}（第{5}天，共{6}天）", "{0} ({1}): {2} to {3}, as of {4} (day {5} of {6})")
        case .passes: ("达到", "passes")
        case .belowThreshold: ("未达到", "below")
        case .unitsBelowThreshold: ("低于阈值：{0}", "Below the threshold: {0}")
        case .auditHeading: ("{0}及其下属{1}个单位的数据质量检查，{2}", "Data-quality audit of {0} and {1} units below it, {2}")
        case .worstFirst: ("{0}，从低到高：", "{0}, worst first:")
        case .findingCount: ("{0}：{1}项", "{0}: {1} finding")
        case .findingsCount: ("{0}：{1}项", "{0}: {1} findings")
        case .auditTotals:
            (
                "{0}：实报{1}{2}，按人口和参考出生率应有{3}。",
                "{0}: {2} {1} reported, {3} expected from the population and the reference rate."
            )
        case .auditTotalsUnreported:
            (
                "{0}：实报{1}{2}，按人口和参考出生率应有{3}；被标记的单位可能漏报约{4}。",
                "{0}: {2} {1} reported, {3} expected from the population and the reference rate; the flagged units may have left about {4} {1} unreported."
            )
        }
    }
}
