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
    /// A period whose reports have not all arrived (the headline says so, with last year's completeness).
    case partialPeriod, partialPeriodCompared, partialPeriodComparedPrevious
    /// The comparison the bulletin and the dashboard make (同比, 环比 or none): the subtitle, the phrase the headline
    /// sentences name it by, the ranked table's change columns and note, the trend's title.
    case comparedWithPrevious, comparisonLastYear, comparisonPrevious, changeOnLastYear, changeOnPrevious
    case changeNotePrevious, chartTrendMonths, chartTrendPrevious
    /// The choropleth of the ranking figure, and the note naming the units it cannot draw.
    case chartMap, mapWithoutBoundary
    /// The heat map's last column (the score groups and the checks name themselves: TallyAudit's `ScoreGroup`
    /// and each check's `title`).
    case groupScore

    // MARK: A figure and its change on the period compared with (TallyRender's `Headline`)
    case rateInSentence, noDataSentence
    case countNoComparison, countUnchanged, countRose, countFell, countRosePercent, countFellPercent
    case rateNoComparison, rateUnchanged, rateRose, rateFell
    /// A figure alone, when no comparison is made.
    case countAlone, rateAlone

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
    /// The dashboard's and the bulletin page's comparison picker, and the dashboard's columns and trend under 环比.
    case periodOnPeriod, pageTrendMonths, compareLastYear, comparePrevious
    case unitsBelowRanked, pageRank, pageFindings, noFindingsShort, pageCampaigns, pageTarget, pageAchieved, pageStatus
    case element, save, saved, confirmUnusual, confirmRules, unusualValue, periodClosed, readOnly, enteredAbove
    case currentValue, storedBy, changedBy, changedAt, previousValue, newValue, noHistory
    case errorTitle, back, none
    case reportingPeriods, dataset, lastDayOfEntry, today, openForEntry, closedForEntry, openUntil, reopen, close
    case decisions, decision, reopened, closedNow
    case users, displayName, role, roleAdmin, roleAnalyst, roleClerk, addUser, enabled, disabled, mustChangeMark
    case disable, enable, resetPassword, saveChanges, apiTokens, tokenLabel, created, expires, revoke, actions
    case oneTimePassword, userAdded, userDisabled, userEnabled, userChanged, tokenRevoked, noTokens, usersHint
    case changePassword, currentPassword, newPassword, newPasswordAgain, mustChangePassword, passwordsDiffer
    case importData, importMenu, importHint, importFile, importFormat, formatFromName, importIdScheme, idSchemeCode,
        idSchemeName, importSheet, importLayout,
        layoutLong
    case layoutWide, importPeriod, importColumns, workbookOptions, dryRun, importNow, encodingShown, dryRunHeading
    case rowsRead, valuesNew, valuesChanged, valuesUnchanged, valuesDeleted, valuesAbsent, rowsSkipped, skippedBecause
    case problemsHeading, problemPlace, problemMessage, moreProblems, importedNotice, uploadAgain, uploadAnother
    case importReady, ruleWarningsHeading, rulesUnchecked, jobWaiting, jobDone, uploadSending, uploadFailed
    /// The reporting grid (`/reporting`), the reminder (`/reporting/overdue`) and the clerk's home page.
    case reporting, reportingMenu, gridHeading, town, periodRange, download, statusOnTime, statusLate
    case statusMissing, gridTotal, gridLegend, gridNone, overdueList, overdueHeading, overdueNone
    case contacts
    case noContact, printPage, dueOn, daysLateShort, openPeriods, noOpenPeriod, ownOverdue, ownOverdueNone
    case choosePartner, enteringFor
    case columnLate, columnMissing
    /// The analysis page (`/analysis`): a pivot of several subjects, units and periods, its chart and downloads.
    case analysisMenu, analysisTitle, analysisIndicators, analysisElements, analysisUnits, analysisScope, scopeUnit
    case scopeChildren
    case scopeLevel, scopeList, analysisPeriods, analysisPeriodHint, analysisFirstMonths, analysisYear
    case analysisMonths, analysisComparison, compareNone, analysisLayout, analysisRows, analysisColumns
    case axisSubject, axisUnit, axisPeriod, analysisChart, chartBars, chartLines, chartMapChoice
    case downloadWorkbook, downloadCSV, downloadCSVGBK, downloadChart, downloadPNG, scrollHint, missingNote,
        analysisChooseSubject
    case mapNeeds, sheetAllColumns, analysisListHint
    /// Submission and approval (`/approvals`, the entry form, the grid, the clerk's home page).
    case approvalsMenu, approvalsHeading, approvalsNone, reportState, submitReport, approveReport, acceptReport
    case returnReport, unapproveReport, returnComment, approvalHistory, returnedReports, reportLockedNote
    case approvalRecorded, submitHint, columnReport, columnSubmittedAt, gridStages
    case stageOpen, stageSubmitted, stageReturned, stageApproved, stageAccepted
    case actionSubmit, actionWithdraw, actionApprove, actionReturn, actionAccept, actionUnapprove
    /// The bulletin page's controls and the dashboard's links (`/bulletin`, `/dashboard`).
    case bulletinMenu, bulletinCampaign, bulletinNoCampaign, bulletinAsOf, bulletinLanguage, bulletinPrint,
        bulletinNumber
    case dashboardOpenBulletin, dashboardOpenAnalysis, dashboardOpenGrid, dashboardCounts
    /// The bulletin's line above its title: the issuing office and the issue number.
    case issuerLine
    /// The quality page (`/quality`), the campaign page (`/campaign`) and the dashboard's links to them.
    case qualityMenu, qualityCheck, qualitySeverity, qualityFindingUnit, qualityAll, qualityShown, qualityFinding
    case qualityOpenForm, qualityScores, qualityPassed, qualityShare, qualityReporting, qualityReview
    case qualityNoneMatch, qualityScoreLine, qualityTotals
    case campaignMenu, campaignNone, campaignChart
    case dashboardOpenQuality, dashboardOpenCampaign

    // MARK: The command line's tables (`tally query`, `tally targets`, `tally check`)
    case columnOrgUnit, columnName, columnLevel, columnPeriod, columnNumerator, columnDenominator, columnRank
    case columnComparedWith, columnThen, columnChange, columnChangePoints, columnChangePercent
    case columnSubject, columnSubjectName, queryTitle
    case columnUnit, columnValue, columnThreshold, columnTarget, columnAchieved, columnDueNow, columnNextMilestone
    case columnNextDue, columnGap, columnStatus, columnProjected
    case campaignHeading, passes, belowThreshold, unitsBelowThreshold
    case auditHeading, worstFirst, findingCount, findingsCount, auditTotals, auditTotalsUnreported
    case summaryHeading, summaryDueBefore, summaryMarks, summaryNone, columnDataset, columnExpected, columnReceived
    case columnOnTime, columnSubmitted, columnApproved, columnCompleteness, columnMark, columnTimeliness

    // MARK: Capture–recapture (the bulletin and the review).
    case captureRecapture, crMatched, crTotal, crInterval, crShare, crMissed, crUndefined, crSummary, crImpossible
    case crNote, crNoCounts
    // MARK: The WHO data quality review (tally report --dqr).
    case reviewTitle, reviewMethod, reviewYears, reviewAsOf, reviewMeasure, reviewCriterion, reviewDivergentUnits
    case reviewDivergentShare, reviewDivergent, reviewDivergentMark, reviewDivergentCount, reviewSkipped
    case reviewDomain1, reviewDomain2, reviewDomain3, reviewDomain4, reviewRuleBelow, reviewRuleBand
    case reviewReporting, reviewReportingHow, reviewTimeliness, reviewTimelinessHow, reviewReportingTrend
    case reviewReportingTrendHow, reviewByYear, reviewValues, reviewValuesHow, reviewChartCompleteness
    case reviewExpected, reviewReceived, reviewOnTime, reviewCompleteness, reviewTimelinessColumn
    case reviewValuesExpected, reviewValuesPresent, reviewMissing, reviewZeros, reviewThisPeriod, reviewReference
    case reviewRatio, reviewRelative, reviewCompared, reviewForecast, reviewOutliers, reviewOutliersHow
    case reviewOutliersShare, reviewRuleOutliersShort, reviewValueCount, reviewExtreme, reviewModerate
    case reviewConsistency, reviewTrendConstant, reviewTrendForecast, reviewCompareBoundary, reviewCompareExpected
    case reviewChartRelative, reviewNoDifference, reviewRelation, reviewRuleSimilar, reviewRuleAtLeast
    case reviewRuleDropout, reviewRuleDropoutNegative, reviewRuleSameAsBoundary, reviewDropout, reviewExternal
    case reviewExternalHow, reviewNumerator, reviewDenominator, reviewRoutine, reviewSurvey, reviewNoExternal
    case reviewPopulationSources, reviewPopulationTrend, reviewNoPopulation, reviewSummary

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
        case .partialPeriod:
            (
                "注意：本期应报{1}份报表，已收到{0}份（{2}），数据尚不完整，以下数字会随补报而变化。",
                "Note: {0} of the {1} reports for this period have arrived ({2}); the figures are incomplete and will change as the rest arrive."
            )
        case .partialPeriodCompared:
            (
                "上年同期已收到{0}的报表，两期不是同样的单位，同比变化不宜作结论。",
                "Last year {0} of the same period's reports had arrived, so the two periods do not cover the same units: do not read the change on last year as a trend."
            )
        case .partialPeriodComparedPrevious:
            (
                "上期已收到{0}的报表，两期不是同样的单位，环比变化不宜作结论。",
                "In the previous period {0} of the reports had arrived, so the two periods do not cover the same units: do not read the change on the previous period as a trend."
            )
        case .comparedWith: ("比较对象：上年同期（{0}）", "Compared with the same period last year ({0})")
        case .comparedWithPrevious: ("比较对象：上期（{0}）", "Compared with the previous period ({0})")
        case .comparisonLastYear: ("上年同期", "the same period last year")
        case .comparisonPrevious: ("上期", "the previous period")
        case .changeOnLastYear: ("同比增减", "Change on last year")
        case .changeOnPrevious: ("环比增减", "Change on previous period")
        case .changeNotePrevious:
            (
                "增减为与上期相比（环比）；率的增减以千分点或百分点计。",
                "Changes are on the previous period; changes of rates are in points."
            )
        case .chartTrendMonths: ("{0}：近12个月逐月走势", "{0}: the last 12 months")
        case .chartTrendPrevious:
            ("{0}：近12个月逐月走势（相邻两月相比即为环比）", "{0}: the last 12 months, each month against the one before")
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
        case .chartMap: ("{0}：各单位分布图", "{0} by unit: map")
        case .mapWithoutBoundary:
            ("{0}个单位没有边界，未在分布图中显示：{1}。", "{0} units have no boundary and are not on the map: {1}.")
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

        // MARK: A figure and its change on the period compared with (TallyRender's `Headline`)
        case .rateInSentence: ("{0}", "the {0}")
        case .noDataSentence: ("{0}无数据。", "{0}: no data for this period.")
        case .countNoComparison: ("{0}{1}，{2}无数据。", "{0}: {1}; no figure for {2}.")
        case .countUnchanged: ("{0}{1}，与{2}持平。", "{0} were unchanged on {2}, at {1}.")
        case .countRose: ("{0}{1}，比{4}增加{2}{3}。", "{0} rose by {2}{3} on {4}, to {1}.")
        case .countFell: ("{0}{1}，比{4}减少{2}{3}。", "{0} fell by {2}{3} on {4}, to {1}.")
        case .countRosePercent: ("，增长{0}%", " (+{0}%)")
        case .countFellPercent: ("，下降{0}%", " (−{0}%)")
        case .rateNoComparison: ("{0}{1}，{2}无数据。", "{0} was {1}; no figure for {2}.")
        case .rateUnchanged: ("{0}{1}，与{2}持平。", "{0} was unchanged on {2}, at {1}.")
        case .rateRose: ("{0}{1}，比{4}上升{2}{3}。", "{0} rose {2} {3} on {4}, to {1}.")
        case .rateFell: ("{0}{1}，比{4}下降{2}{3}。", "{0} fell {2} {3} on {4}, to {1}.")
        case .countAlone: ("{0}{1}。", "{0}: {1}.")
        case .rateAlone: ("{0}{1}。", "{0} was {1}.")

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
        case .yearOnYear: ("同比", "Change on last year")
        case .pageTrend: ("趋势（本年与上年）", "Trend (this year and last)")
        case .periodOnPeriod: ("环比", "Change on previous period")
        case .pageTrendMonths: ("趋势（近12个月）", "Trend (last 12 months)")
        case .compareLastYear: ("同比（上年同期）", "Same period last year")
        case .comparePrevious: ("环比（上期）", "Previous period")
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
        case .confirmRules: ("已核对，数值无误，仍然保存", "I have checked the values; save anyway")
        case .enteredAbove: ("由上级单位录入", "entered by the level above")
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
        case .importData: ("导入数据", "Import data")
        case .importMenu: ("导入", "Import")
        case .importHint:
            (
                "导入{0}及其下级单位的数据：CSV（UTF-8 或 GBK/GB18030，自动识别）、Excel（.xlsx）、DHIS2 JSON 或 ADX。先试导入，核对结果后再导入。",
                "Import data of {0} and the units below it: CSV (UTF-8 or GBK/GB18030, told automatically), Excel (.xlsx), DHIS2 JSON or ADX. First a dry run; check it, then import."
            )
        case .importFile: ("文件", "File")
        case .importFormat: ("格式", "Format")
        case .formatFromName: ("按文件名判断", "From the file name")
        case .importIdScheme: ("数据项、单位、分类组合的标识", "Elements, units and combos named by")
        case .idSchemeCode: ("代码", "Code")
        case .idSchemeName: ("名称（任一语言）", "Name (in any language)")
        case .importSheet: ("工作表（留空为第一个）", "Sheet (empty: the first)")
        case .importLayout: ("表格布局", "Layout")
        case .layoutLong: ("长表：每行一个数值", "Long: one value per row")
        case .layoutWide: ("宽表：每行一个单位", "Wide: one row per unit")
        case .importPeriod: ("期间（宽表，如 202510）", "Period (wide sheet, e.g. 202510)")
        case .importColumns:
            ("列标题与数据项（宽表；每行“标题,数据项”）", "Column titles and elements (wide sheet; one 'title,element' a line)")
        case .workbookOptions: ("Excel 与宽表 CSV 选项", "Excel and wide CSV options")
        case .dryRun: ("试导入", "Dry run")
        case .importNow: ("导入", "Import")
        case .encodingShown: ("文件编码：{0}", "Encoding: {0}")
        case .dryRunHeading: ("试导入结果：{0}（尚未写入任何数据）", "Dry run of {0} (nothing written yet)")
        case .rowsRead: ("读取行数", "Rows read")
        case .valuesNew: ("新增", "New")
        case .valuesChanged: ("修改", "Changed")
        case .valuesUnchanged: ("不变", "Unchanged")
        case .valuesDeleted: ("删除", "Deleted")
        case .valuesAbsent: ("要删除但不存在", "To delete but not found")
        case .rowsSkipped: ("略去", "Left out")
        case .skippedBecause: ("略去（{0}）：{1}", "Left out ({0}): {1}")
        case .problemsHeading: ("{0}：{1}个问题，没有导入任何数据", "{0}: {1} problems, nothing imported")
        case .problemPlace: ("位置", "Where")
        case .problemMessage: ("问题", "Problem")
        case .moreProblems: ("……另有{0}个问题", "… and {0} more problems")
        case .importedNotice: ("已导入 {0}：", "Imported {0}:")
        case .uploadAgain: ("上传改正后的文件", "Upload the corrected file")
        case .uploadAnother: ("上传另一个文件", "Upload another file")
        case .importReady: ("核对无误后导入这个文件：", "If this is right, import the file:")
        case .jobWaiting: ("{0}：已上传，等待服务器读取……", "{0}: uploaded, waiting for the server to read it…")
        case .jobDone: ("已完成，正在打开结果……", "Done; opening the result…")
        case .uploadSending: ("正在上传：{0} / {1}（{2}%）", "Uploading: {0} of {1} ({2}%)")
        case .uploadFailed:
            ("与服务器的连接中断；请检查网络后重试", "The connection to the server broke; check the network and try again")
        case .rulesUnchecked:
            (
                "文件中校验规则涉及的数值太多，试导入没有检查校验规则；导入后请查看数据质量检查",
                "The file holds too many values the validation rules name; the dry run did not check the rules. Check the data quality after the import"
            )
        case .ruleWarningsHeading:
            (
                "导入后有{0}条校验规则不成立（不阻止导入，请核对）：",
                "{0} validation rule breaks after the import (they do not stop it; check them):"
            )

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
        case .columnSubject: ("项目代码", "subject")
        case .columnSubjectName: ("项目", "subject name")
        case .queryTitle: ("查询结果", "Query")
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
        case .summaryHeading:
            ("{0}及其下属{1}个单位的报表入库率，{2}", "Reporting rates of {0} and {1} units below it, {2}")
        case .summaryDueBefore: ("（{0}前应报的报表）", ", reports due before {0}")
        case .summaryMarks:
            (
                "入库率按{0}标注；及时率低于{1}的标“!”。上报数和审核数尚未记录（—）。",
                "Completeness is marked against {0}; timeliness below {1} is marked !. Submitted and approved are not recorded yet (—)."
            )
        case .summaryNone: ("没有应报的报表。", "No reports were due.")
        case .columnDataset: ("报表", "dataset")
        case .columnExpected: ("应报", "expected")
        case .columnReceived: ("已报", "received")
        case .columnOnTime: ("及时", "on time")
        case .columnSubmitted: ("上报", "submitted")
        case .columnApproved: ("审核", "approved")
        case .columnCompleteness: ("入库率", "completeness")
        case .columnMark: ("标注", "mark")
        case .columnTimeliness: ("及时率", "timeliness")
        case .columnLate: ("逾期", "late")
        case .columnMissing: ("缺报", "missing")
        case .analysisMenu: ("分析", "Analysis")
        case .analysisTitle: ("数据分析", "Analysis")
        case .analysisIndicators: ("指标", "Indicators")
        case .analysisElements: ("数据项", "Data elements")
        case .analysisUnits: ("单位", "Org units")
        case .analysisScope: ("范围", "Listed")
        case .scopeUnit: ("本单位", "The unit")
        case .scopeChildren: ("下级单位", "Its children")
        case .scopeLevel: ("某一层级", "A level below it")
        case .scopeList: ("所选单位", "Chosen units")
        case .analysisPeriods: ("期间", "Periods")
        case .analysisPeriodHint:
            ("每行一个，如 202510、2025Q4、202510..202601", "One a line, e.g. 202510, 2025Q4, 202510..202601")
        case .analysisFirstMonths: ("考核年度前几个月", "First months of the reporting year")
        case .analysisYear: ("考核年度", "Reporting year")
        case .analysisMonths: ("前几个月", "First months")
        case .analysisComparison: ("比较", "Comparison")
        case .compareNone: ("不比较", "None")
        case .analysisLayout: ("布局", "Layout")
        case .analysisRows: ("行", "Rows")
        case .analysisColumns: ("列", "Columns")
        case .axisSubject: ("项目", "Subject")
        case .axisUnit: ("单位", "Unit")
        case .axisPeriod: ("期间", "Period")
        case .analysisChart: ("图表", "Chart")
        case .chartBars: ("条形图", "Bars")
        case .chartLines: ("折线图", "Lines")
        case .chartMapChoice: ("地图", "Map")
        case .downloadWorkbook: ("下载 Excel", "Download Excel")
        case .downloadCSV: ("下载 CSV（UTF-8）", "Download CSV (UTF-8)")
        case .downloadCSVGBK: ("下载 CSV（GBK）", "Download CSV (GBK)")
        case .downloadChart: ("下载图表（SVG）", "Download the chart (SVG)")
        case .downloadPNG: ("下载图表（PNG）", "Download the chart (PNG)")
        case .scrollHint: ("表格较宽，可左右滑动 →", "Wide table: scroll sideways →")
        case .missingNote:
            (
                "“–”表示无数据（不是零）；数值按指标的小数位显示，下载文件保留全部精度。",
                "'–' is no data (not zero); figures are shown to each indicator's decimals, downloads keep full precision."
            )
        case .analysisChooseSubject:
            (
                "请至少选择一个指标或数据项，并给出期间，然后点“显示”。",
                "Choose at least one indicator or data element and a period, then press Show."
            )
        case .mapNeeds:
            (
                "地图需要：多个单位 × 一个项目 × 一个期间，且单位有边界。",
                "A map needs several units × one subject × one period, with boundaries."
            )
        case .sheetAllColumns: ("明细", "All columns")
        case .analysisListHint: ("所选单位的代码，用逗号或空格分隔", "The chosen units' codes, separated by commas or spaces")
        case .reporting: ("报送情况", "Reporting")
        case .reportingMenu: ("报送", "Reporting")
        case .gridHeading: ("{0} · {1} · {2}", "{0} · {1} · {2}")
        case .town: ("乡镇（单位）", "Town (unit)")
        case .periodRange: ("期间范围", "Periods")
        case .download: ("下载 Excel", "Download Excel")
        case .statusOnTime: ("按时", "on time")
        case .statusLate: ("逾期", "late")
        case .statusMissing: ("缺报", "missing")
        case .gridTotal: ("合计", "Total")
        case .gridLegend:
            (
                "每格为该单位该期报表的状态：按时＝截止日当天（本地时间）结束前已录入；逾期＝截止日之后录入；缺报＝尚未录入。只列截止日在 {0} 之前的期间。",
                "Each cell is the unit's report for the period: on time = entered by the end of its due day (office time); late = entered after it; missing = not entered. Only periods due before {0} are listed."
            )
        case .gridStages:
            (
                "格中第二行为上报和审核：已上报＝录入员已上报；已退回＝退回录入员修改；已审核＝上级已审核并锁定；已验收＝再上一级已验收。有上报时，按上报时间判断按时或逾期。",
                "A cell's second line is its submission and approval: submitted = the clerk submitted it; returned = sent back to the clerk; approved = approved and locked by the level above; accepted = accepted by the level above that. When a report was submitted, its submission time decides on time or late."
            )
        case .approvalsMenu: ("审核", "Approvals")
        case .bulletinMenu: ("简报", "Bulletin")
        case .bulletinCampaign: ("专项行动", "Campaign")
        case .bulletinNoCampaign: ("无", "none")
        case .bulletinAsOf: ("截至日期", "As of")
        case .bulletinLanguage: ("语言", "Language")
        case .bulletinPrint: ("打印或另存为PDF", "Print or save as PDF")
        case .bulletinNumber: ("文号", "Issue number")
        case .dashboardOpenBulletin: ("本期简报", "This period's bulletin")
        case .dashboardOpenAnalysis: ("分析", "Analysis")
        case .dashboardOpenGrid: ("报送情况", "Reporting grid")
        case .dashboardCounts: ("分子／分母", "Numerator / denominator")
        case .issuerLine: ("{0}　{1}", "{0} · {1}")
        case .qualityMenu: ("数据质量", "Data quality")
        case .qualityCheck: ("检查项", "Check")
        case .qualitySeverity: ("严重程度", "Severity")
        case .qualityFindingUnit: ("问题所在单位", "Unit of the finding")
        case .qualityAll: ("全部", "all")
        case .qualityShown: ("显示{0}条，共{1}条问题", "{0} of {1} findings shown")
        case .qualityFinding: ("问题", "Finding")
        case .qualityOpenForm: ("填报表", "Form")
        case .qualityScores: ("各单位检查通过情况", "Checks passed by unit")
        case .qualityPassed: ("通过／适用", "Passed / applicable")
        case .qualityShare: ("通过率", "Share passed")
        case .qualityReporting: ("报送率", "Reporting rates")
        case .qualityReview: ("数据质量评估（WHO DQR）摘要", "Data quality review (WHO DQR) summary")
        case .qualityNoneMatch: ("没有符合筛选条件的问题。", "No finding matches the filters.")
        case .qualityScoreLine: ("检查通过：{0}", "Checks passed: {0}")
        case .qualityTotals: ("{0}：报告{1}，预期{2}", "{0}: {1} reported, {2} expected")
        case .campaignMenu: ("专项行动", "Campaigns")
        case .campaignNone: ("元数据中没有定义专项行动（campaigns:）。", "The metadata defines no campaign (campaigns:).")
        case .campaignChart: ("{0}：各单位进度", "{0}: progress by unit")
        case .dashboardOpenQuality: ("数据质量", "Data quality")
        case .dashboardOpenCampaign: ("专项行动", "Campaigns")
        case .approvalsHeading: ("等待你审核的报表", "Reports waiting for you")
        case .approvalsNone: ("没有等待你审核的报表。", "No report is waiting for you.")
        case .reportState: ("报表状态", "Report")
        case .submitReport: ("上报", "Submit")
        case .approveReport: ("审核通过", "Approve")
        case .acceptReport: ("验收", "Accept")
        case .returnReport: ("退回", "Return")
        case .unapproveReport: ("撤销审核", "Undo approval")
        case .returnComment: ("退回原因", "Reason for returning")
        case .approvalHistory: ("上报与审核记录", "Submission and approval")
        case .returnedReports: ("被退回的报表", "Returned reports")
        case .reportLockedNote:
            (
                "本报表已由 {0} 于 {1} {2}，已锁定，不能修改；如需修改，请审核人撤销审核。",
                "This report was {2} by {0} on {1} and is locked; ask the approver to undo the approval to change it."
            )
        case .approvalRecorded: ("已记录。", "Recorded.")
        case .submitHint:
            (
                "录完后请上报；上报后修改数值会撤回上报，需要重新上报。",
                "Submit when the form is complete; changing a value after submitting takes the submission back, and you submit again."
            )
        case .columnReport: ("报表", "Report")
        case .columnSubmittedAt: ("上报时间", "Submitted")
        case .stageOpen: ("未上报", "not submitted")
        case .stageSubmitted: ("已上报", "submitted")
        case .stageReturned: ("已退回", "returned")
        case .stageApproved: ("已审核", "approved")
        case .stageAccepted: ("已验收", "accepted")
        case .actionSubmit: ("上报", "submitted")
        case .actionWithdraw: ("修改后撤回上报", "changed, submission taken back")
        case .actionApprove: ("审核通过", "approved")
        case .actionReturn: ("退回", "returned")
        case .actionAccept: ("验收", "accepted")
        case .actionUnapprove: ("撤销审核", "approval undone")
        case .gridNone: ("所选范围内没有应报的报表。", "No reports were due in the chosen range.")
        case .overdueList: ("催报单", "Reminder list")
        case .overdueHeading: ("{0} · {1} · {2} 催报单", "{0} · {1} · {2}: reports to chase")
        case .overdueNone: ("没有缺报或逾期的报表。", "No report is missing or late.")
        case .contacts: ("联系人", "Contact")
        case .noContact: ("（无用户）", "(no user)")
        case .printPage: ("打印", "Print")
        case .dueOn: ("截止日", "Due")
        case .daysLateShort: ("逾期{0}天", "{0} days late")
        case .openPeriods: ("可录入的期间", "Periods open for entry")
        case .choosePartner: ("先选择{0}，再录入它的数据", "Choose the {0} first, then enter its values")
        case .enteringFor: ("正在录入：{0}", "Entering for: {0}")
        case .noOpenPeriod: ("没有可录入的期间", "No period is open for entry")
        case .ownOverdue: ("我的缺报", "My overdue reports")
        case .ownOverdueNone: ("没有缺报的报表。", "No report is overdue.")
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

        // MARK: Capture–recapture and the data quality review
        case .captureRecapture: ("两来源比对估计", "Capture–recapture estimate")
        case .crMatched: ("两者均有", "On both")
        case .crTotal: ("估计实际数", "Estimated total")
        case .crInterval: ("{0}%区间", "{0}% interval")
        case .crShare: ("{0}完整率", "{0}: share")
        case .crMissed: ("两来源均未记录", "On neither list")
        case .crUndefined: ("无法估计", "no estimate")
        case .crSummary:
            (
                "按两来源比对（Chapman法）估计，{0}本期实际总数约{1}（{2}%区间{3}–{4}）：{5}完整率{6}，{7}完整率{8}；两来源均未记录的约{9}。",
                "Matching the two lists (Chapman's estimator), {0}'s true total in the period is about {1} ({2}% interval {3}–{4}): {5} hold {6} of it and {7} {8}; on neither list: about {9}."
            )
        case .crImpossible: ("{0}的比对数据不能成立：{1}。", "{0}'s counts cannot be right: {1}.")
        case .crNote:
            (
                "完整率为各来源数占估计实际数的比例，低于{0}的标“!”。估计假定两来源相互独立、每一事件被同一来源记录的机会相同且比对准确；区间为Chao对数正态区间；两者均有为0时无法估计。",
                "A list's share is its count ÷ the estimated total; shares below {0} are marked !. The estimate assumes the two lists are independent, every event is equally likely to be on a given list and the matching is exact; the interval is Chao's log-normal interval; with nothing on both lists there is no estimate."
            )
        case .crNoCounts: ("本期没有两来源比对数据。", "No unit has the counts of both lists and their overlap for this period.")
        case .reviewTitle: ("{0}数据质量年度评估", "{0} data quality review")
        case .reviewSummary: ("摘要", "Summary")
        case .reviewMethod:
            ("按世界卫生组织数据质量评估（WHO DQR）方法，四个领域", "The four domains of the WHO Data Quality Review (DQR)")
        case .reviewYears: ("比较年份：{0}", "Years compared: {0}")
        case .reviewAsOf: ("仅计{0}前到期的报告", "Reports due before {0}")
        case .reviewMeasure: ("指标", "Measure")
        case .reviewCriterion: ("标准", "Criterion")
        case .reviewDivergentUnits: ("偏离单位", "Subunits divergent")
        case .reviewDivergentShare: ("偏离比例", "% divergent")
        case .reviewDivergent: ("偏离", "Divergent")
        case .reviewDivergentMark: ("是", "yes")
        case .reviewDivergentCount: ("偏离的下级单位：{0}个（共{1}个，占{2}）。", "Subunits divergent: {0} of {1} ({2}).")
        case .reviewSkipped: ("数据不足未评估：{0}。", "Not judged for lack of data: {0}.")
        case .reviewDomain1: ("领域一：完整性与及时性", "Domain 1: completeness and timeliness")
        case .reviewDomain2: ("领域二：内部一致性", "Domain 2: internal consistency")
        case .reviewDomain3: ("领域三：外部比较", "Domain 3: external comparison")
        case .reviewDomain4: ("领域四：人口数据一致性", "Domain 4: consistency of population data")
        case .reviewRuleBelow: ("低于{0}为偏离。", "Divergent below {0}.")
        case .reviewRuleBand: ("超出1±{0}为偏离。", "Divergent outside 1 ± {0}.")
        case .reviewReporting: ("报告完整性：{0}", "Completeness of reporting: {0}")
        case .reviewReportingHow: ("完整率＝已报份数÷应报份数。", "Completeness = reports received ÷ reports expected.")
        case .reviewTimeliness: ("报告及时性：{0}", "Timeliness of reporting: {0}")
        case .reviewTimelinessHow:
            (
                "及时率＝按时（规定日期当天结束前）报送份数÷应报份数。",
                "Timeliness = reports received by the end of their due day ÷ reports expected."
            )
        case .reviewReportingTrend: ("报告完整性的时间一致性：{0}", "Consistency of reporting completeness over time: {0}")
        case .reviewReportingTrendHow:
            (
                "本期完整率÷前{0}年完整率的均值（不超过100%），再与合计单位的比值相比。",
                "This period's completeness ÷ the mean of the previous {0} years' (at most 100%), compared with the boundary's ratio."
            )
        case .reviewByYear: ("{0}逐年：{1}。", "{0} by year: {1}.")
        case .reviewValues: ("指标数据完整性：{0}", "Completeness of indicator data: {0}")
        case .reviewValuesHow:
            (
                "完整率＝实有数值÷应有数值（报告单位×应报期数×分类组合）；缺失与为0分别计。",
                "Completeness = values present ÷ values expected (reporting units × periods due × combos); missing and zero values apart."
            )
        case .reviewChartCompleteness: ("{0}：各单位报告完整率", "{0}: completeness of reporting by unit")
        case .reviewExpected: ("应报", "Expected")
        case .reviewReceived: ("已报", "Received")
        case .reviewOnTime: ("按时", "On time")
        case .reviewCompleteness: ("完整率", "Completeness")
        case .reviewTimelinessColumn: ("及时率", "Timeliness")
        case .reviewValuesExpected: ("应有数值", "Values expected")
        case .reviewValuesPresent: ("实有数值", "Values present")
        case .reviewMissing: ("缺失", "Missing")
        case .reviewZeros: ("为0", "Zero")
        case .reviewThisPeriod: ("本期", "This period")
        case .reviewReference: ("参考值", "Reference")
        case .reviewRatio: ("比值", "Ratio")
        case .reviewRelative: ("相对比值", "Relative ratio")
        case .reviewCompared: ("比较比值", "Compared with")
        case .reviewForecast: ("趋势预测", "Forecast")
        case .reviewOutliers: ("异常值：{0}", "Outliers: {0}")
        case .reviewOutliersHow:
            (
                "各单位本期各期数值与其自身均值相比：超出{0}个标准差为中度，超出{1}个标准差为严重。有1个以上严重或2个以上中度异常值的单位为偏离。",
                "Each subunit's values of the period against their own mean: beyond {0} standard deviations moderate, beyond {1} extreme. A subunit with at least 1 extreme or 2 moderate values is divergent."
            )
        case .reviewOutliersShare: ("全部数值中严重异常值占{0}，中度异常值占{1}。", "Of all values, {0} are extreme and {1} moderate.")
        case .reviewRuleOutliersShort: ("≥1个严重或≥2个中度", "≥ 1 extreme or ≥ 2 moderate")
        case .reviewValueCount: ("数值个数", "Values")
        case .reviewExtreme: ("严重", "Extreme")
        case .reviewModerate: ("中度", "Moderate")
        case .reviewConsistency: ("时间一致性：{0}", "Consistency over time: {0}")
        case .reviewTrendConstant:
            (
                "参考值为前{0}年中数据足够（至少75%的报告期有数）的年份的均值。",
                "Reference: the mean of the previous {0} years with enough data (at least 75% of their periods)."
            )
        case .reviewTrendForecast:
            ("参考值为前{0}年线性趋势外推一年的预测值。", "Reference: the previous {0} years' linear trend, one year on.")
        case .reviewCompareBoundary:
            ("比值＝本期÷参考值，与{0}的比值相比。", "Ratio = this period ÷ reference, compared with {0}'s ratio.")
        case .reviewCompareExpected:
            ("比值＝本期÷参考值，与1（无变化）相比。", "Ratio = this period ÷ reference, compared with 1 (no change).")
        case .reviewChartRelative: ("{0}：各单位相对比值", "{0}: relative ratio by unit")
        case .reviewNoDifference: ("1（一致）", "1 (in line)")
        case .reviewRelation: ("相关指标一致性：{0}", "Consistency between related indicators: {0}")
        case .reviewRuleSimilar: ("{0}÷{1}超出1±{2}为偏离。", "{0} ÷ {1} outside 1 ± {2} is divergent.")
        case .reviewRuleAtLeast:
            ("{0}应不少于{1}：{0}÷{1}低于1−{2}为偏离。", "{0} should be at least {1}: {0} ÷ {1} below 1 − {2} is divergent.")
        case .reviewRuleDropout:
            ("流失率＝（{0}−{1}）÷{0}，低于0或高于{2}为偏离。", "Dropout rate = ({0} − {1}) ÷ {0}; below 0 or above {2} is divergent.")
        case .reviewRuleDropoutNegative:
            ("流失率＝（{0}−{1}）÷{0}，低于0为偏离。", "Dropout rate = ({0} − {1}) ÷ {0}; below 0 is divergent.")
        case .reviewRuleSameAsBoundary:
            ("{0}÷{1}与{2}的比值相比，超出1±{3}为偏离。", "{0} ÷ {1} against {2}'s; outside 1 ± {3} is divergent.")
        case .reviewDropout: ("流失率", "Dropout rate")
        case .reviewExternal: ("与调查比较：{0}", "Comparison with a survey: {0}")
        case .reviewExternalHow:
            ("常规报告的{0}（分子÷分母）与调查值之比。", "The routine {0} (numerator ÷ denominator) against the survey's value.")
        case .reviewNumerator: ("分子", "Numerator")
        case .reviewDenominator: ("分母", "Denominator")
        case .reviewRoutine: ("常规报告", "Routine")
        case .reviewSurvey: ("调查", "Survey")
        case .reviewNoExternal:
            (
                "元数据未声明调查比较（review.external），本领域未评估。",
                "The metadata declares no survey comparison (review.external): not reviewed."
            )
        case .reviewPopulationSources: ("两个人口来源：{0}与{1}", "Two population sources: {0} and {1}")
        case .reviewPopulationTrend: ("人口的时间趋势：{0}", "The population's own trend: {0}")
        case .reviewNoPopulation:
            (
                "元数据未声明第二个人口来源（review.population）。",
                "The metadata declares no second population source (review.population)."
            )
        }
    }
}
