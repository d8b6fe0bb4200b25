public import TallyAudit
public import TallyCore
public import TallyStore
public import TallyText

/// A report: one dataset × one reporting unit × one period, resolved (``Workspace/report(dataset:orgUnit:period:)``);
/// for a dataset with attribute categories, also one partner's registration of it (``attributeCombo``).
public struct ReportRef: Sendable, Hashable {
    /// The dataset.
    public var dataset: DataSet
    /// The reporting unit (tree index).
    public var unit: Int
    /// The period, of the dataset's period type.
    public var period: Period
    /// The attribute option combo's code of one partner's complete registration (DHIS2's `attributeOptionCombo`);
    /// empty for the report as a whole, which is what submission and approval act on.
    public var attributeCombo: String

    /// A report (resolve one named in a request with ``Workspace/report(dataset:orgUnit:period:)``).
    public init(dataset: DataSet, unit: Int, period: Period, attributeCombo: String = "") {
        self.dataset = dataset
        self.unit = unit
        self.period = period
        self.attributeCombo = attributeCombo
    }
}

/// Where a report stands, folded from its events (oldest first): the stage, the approval steps done, the standing
/// submission and the events themselves.
public struct ReportState: Sendable, Equatable {
    /// Where it stands.
    public private(set) var stage: ReportStage = .open
    /// How many approval steps stand (0: none; 1: approved by the first level; 2: accepted by the second, …).
    public private(set) var approvals = 0
    /// The submission that stands; nil when the report is open or was returned.
    public private(set) var submission: ReportEvent?
    /// The standing approval steps, lowest level first.
    public private(set) var approvalEvents: [ReportEvent] = []
    /// The latest return, while the report stands returned.
    public private(set) var returned: ReportEvent?
    /// Every event, oldest first.
    public private(set) var events: [ReportEvent] = []

    /// The state after `events` (one report's, oldest first).
    public init(_ events: [ReportEvent] = []) {
        for event in events { apply(event) }
    }

    /// Whether clerks may no longer change the report's values: it is approved or accepted.
    public var isLocked: Bool { approvals > 0 }

    mutating func apply(_ event: ReportEvent) {
        events.append(event)
        switch event.action {
        case .submit:
            submission = event
            returned = nil
            approvalEvents = []
        case .withdraw:
            submission = nil
            approvalEvents = []
        case .return:
            submission = nil
            approvalEvents = []
            returned = event
        case .approve, .accept:
            approvalEvents.append(event)
        case .unapprove:
            approvalEvents.removeLast(min(1, approvalEvents.count))
        }
        approvals = approvalEvents.count
        stage =
            switch approvals {
            case 0: submission != nil ? .submitted : returned != nil ? .returned : .open
            case 1: .approved
            default: .accepted
            }
    }
}

/// What a user asks of a report.
public enum ReportRequest: String, Sendable, CaseIterable {
    /// The clerk declares it complete.
    case submit
    /// The first approval level approves it.
    case approve
    /// An approver sends it back to the clerk with a comment.
    case `return`
    /// A higher approval level accepts the approval below.
    case accept
    /// An approver (or a level above) undoes the latest approval.
    case unapprove

    /// The event it records.
    var action: ReportAction {
        switch self {
        case .submit: .submit
        case .approve: .approve
        case .return: .return
        case .accept: .accept
        case .unapprove: .unapprove
        }
    }
}

extension Workspace {
    /// The longest comment a return may carry, in characters.
    public static let maximumReportComment = 500

    /// Resolves a report named as in a request: the dataset's code and the unit's code canonicalised once, the
    /// period parsed once, and checked: the dataset exists, the period is of its type, and the unit reports it.
    ///
    /// - Throws: ``ReportError`` naming what does not resolve.
    public func report(dataset: String, orgUnit: String, period: String) throws(ReportError) -> ReportRef {
        let code = (try? Canonical.canonical(dataset, as: .code)) ?? dataset
        guard let found = metadata.datasets.first(where: { $0.code == code }) else {
            throw ReportError(.unknownDataset, notADataset(LogText.escaped(dataset, length: 80)))
        }
        guard let unitCode = try? Canonical.canonical(orgUnit, as: .code), let unit = tree.index[unitCode] else {
            throw ReportError(
                .unknownOrgUnit,
                Localized(
                    zh: "“\(LogText.escaped(orgUnit, length: 80))”不是单位代码",
                    en: "'\(LogText.escaped(orgUnit, length: 80))' is not an org unit code"))
        }
        guard let resolved = try? Period(period), resolved.type == found.periodType else {
            throw ReportError(
                .badPeriod,
                Localized(
                    zh:
                        "“\(LogText.escaped(period, length: 40))”不是 \(found.code) 的期间；该报表按\(found.periodType.names.zh)报送",
                    en:
                        "'\(LogText.escaped(period, length: 40))' is not a period of \(found.code), which is reported \(found.periodType.rawValue)"
                ))
        }
        guard found.reports(unit: unit, in: tree) else {
            throw ReportError(
                .notReporting,
                Localized(
                    zh: "\(unitCode)（\(tree.units[unit].name)）不报送 \(found.code)",
                    en: "\(unitCode) (\(tree.units[unit].name)) does not report \(found.code)"))
        }
        return ReportRef(dataset: found, unit: unit, period: resolved)
    }

    /// Where a report stands (as a whole, or one partner's registration), from its recorded events.
    public func reportState(_ report: ReportRef, accounts: any AccountStore) throws -> ReportState {
        let code = tree.units[report.unit].code
        return ReportState(
            try accounts.reportEvents(
                dataset: report.dataset.code, periods: [report.period.identifier], orgUnits: [code]
            ).filter { $0.attributeCombo == report.attributeCombo })
    }

    /// Where every report of `dataset` in `periods` that has an event stands, by report: the reports as a whole,
    /// and with `partners` also each partner's registration (a ``ReportRef`` with its ``ReportRef/attributeCombo``).
    public func reportStates(
        dataset: DataSet, periods: [Period], accounts: any AccountStore, partners: Bool = false
    ) throws -> [ReportRef: ReportState] {
        let byIdentifier = Dictionary(periods.map { ($0.identifier, $0) }, uniquingKeysWith: { a, _ in a })
        var grouped: [ReportRef: [ReportEvent]] = [:]
        for event in try accounts.reportEvents(dataset: dataset.code, periods: Array(byIdentifier.keys))
        where partners || event.attributeCombo.isEmpty {
            guard let unit = tree.index[event.orgUnit], let period = byIdentifier[event.period] else { continue }
            grouped[
                ReportRef(dataset: dataset, unit: unit, period: period, attributeCombo: event.attributeCombo),
                default: []
            ].append(event)
        }
        return grouped.mapValues { ReportState($0) }
    }

    /// The submissions and approvals of every dataset's reports in `period` (each dataset's periods inside it), for
    /// completeness, timeliness and the grid; none when the store keeps no accounts (a file without the server's
    /// tables reads as one without events).
    public func reportProgress(period: Period, datasets: [DataSet]? = nil) throws -> ReportProgress {
        guard let accounts = store as? any AccountStore else { return ReportProgress() }
        var entries: [ReportProgress.Key: ReportProgress.Entry] = [:]
        for dataset in datasets ?? metadata.datasets {
            let periods = period.periods(of: dataset.periodType)
            let states = try reportStates(
                dataset: dataset, periods: periods, accounts: accounts, partners: !dataset.attributes.isEmpty)
            for (report, state) in states {
                let key = ReportProgress.Key(dataset: dataset.code, unit: report.unit, period: report.period)
                var entry = entries[key] ?? ReportProgress.Entry(stage: .open, submitted: nil)
                if report.attributeCombo.isEmpty {
                    entry.stage = state.stage
                    entry.submitted = state.submission?.at
                } else if let submission = state.submission {
                    entry.partners[report.attributeCombo] = submission.at
                }
                entries[key] = entry
            }
        }
        return ReportProgress(entries: entries)
    }

    /// The periods of a dataset that the approval pages look at: today's and the ``openPeriodLookBack`` before it
    /// that lie inside the dataset's dates, latest first.
    func recentPeriods(_ dataset: DataSet, today: Day) -> [Period] {
        var out: [Period] = []
        var period = Period.containing(today, type: dataset.periodType)
        for _ in 0..<Self.openPeriodLookBack {
            if dataset.expects(period) { out.append(period) }
            period = period.previous
        }
        return out
    }

    /// The reports of the user's subtree waiting for the user's step (approve, accept or return), latest period
    /// first, then in tree order.
    public func pendingReports(
        for user: UserAccount, today: Day, accounts: any AccountStore
    ) throws -> [(report: ReportRef, state: ReportState)] {
        var out: [(report: ReportRef, state: ReportState)] = []
        for dataset in metadata.datasets where !dataset.approvalLevels.isEmpty && user.role != .clerk {
            let states = try reportStates(
                dataset: dataset, periods: recentPeriods(dataset, today: today), accounts: accounts)
            for (report, state) in states
            where state.submission != nil && state.approvals < dataset.approvalLevels.count {
                if mayApprove(user, step: state.approvals, of: dataset, unit: report.unit) {
                    out.append((report, state))
                }
            }
        }
        return out.sorted {
            ($0.report.period.start, $1.report.unit, $1.report.dataset.code)
                > ($1.report.period.start, $0.report.unit, $0.report.dataset.code)
        }
    }

    /// A unit's own reports that stand returned, latest period first.
    public func returnedReports(
        unit: Int, today: Day, accounts: any AccountStore
    ) throws -> [(report: ReportRef, state: ReportState)] {
        var out: [(report: ReportRef, state: ReportState)] = []
        for dataset in metadata.datasets where dataset.reports(unit: unit, in: tree) {
            let states = try reportStates(
                dataset: dataset, periods: recentPeriods(dataset, today: today), accounts: accounts)
            for (report, state) in states where report.unit == unit && state.stage == .returned {
                out.append((report, state))
            }
        }
        return out.sorted { $0.report.period.start > $1.report.period.start }
    }

    /// Does what `user` asks of a report and records it with its time, after checking who may and that the report
    /// stands where the request needs it:
    ///
    /// - submit: the clerk of the report's unit (or an admin over it), when the report is open or returned and its
    ///   period has begun;
    /// - approve: a user at the dataset's first approval level whose subtree holds the unit (or an admin above),
    ///   when it is submitted;
    /// - accept: a user at the next approval level (or an admin above), when the level below approved it;
    /// - return (with a comment): whoever may approve or accept next, when it is submitted and not fully approved;
    ///   it goes back to the clerk;
    /// - unapprove: a user at the level of the latest approval or a higher approval level (or an admin above).
    ///
    /// Clerks are analysts' and admins' equals only for their own unit; analysts and admins approve. A request
    /// made at the same time as another on the same report is refused rather than both recorded.
    ///
    /// - Throws: ``ReportError``; the store's errors.
    public func act(
        _ request: ReportRequest, on report: ReportRef, comment: String = "", by user: UserAccount, time: Int64,
        accounts: any AccountStore
    ) throws -> ReportState {
        let state = try reportState(report, accounts: accounts)
        let comment = try checkedComment(comment, required: request == .return)
        try check(request, on: report, state: state, by: user, today: metadata.timeZone.day(of: time))
        let event = ReportEvent(
            dataset: report.dataset.code, orgUnit: tree.units[report.unit].code, period: report.period.identifier,
            seq: state.events.count + 1, action: request.action, comment: comment, by: user.name, at: time)
        guard try accounts.addReportEvent(event) else {
            throw ReportError(
                .changed,
                Localized(
                    zh: "\(describe(report).zh)刚被别人处理过；请刷新后再试",
                    en: "\(describe(report).en) was just acted on by someone else; reload and try again"))
        }
        var after = state
        after.apply(event)
        return after
    }

    /// Why an approved report refuses a clerk's change: who approved it, when, and what to do.
    func lockSentence(_ report: ReportRef, approval: ReportEvent) -> Localized<String> {
        let name = describe(report)
        let day = metadata.timeZone.day(of: approval.at)
        return Localized(
            zh: "\(name.zh)已由 \(approval.by) 于 \(day) \(approval.action.label.text(.zh))，已锁定；如需修改，请审核人撤销审核",
            en:
                "\(name.en) was \(approval.action.label.text(.en)) by \(approval.by) on \(day) and is locked; ask the approver to undo the approval to change it"
        )
    }

    /// The report named for people: `monthly（月报）· A1（东村）· 202601`.
    public func describe(_ report: ReportRef) -> Localized<String> {
        let unit = tree.units[report.unit]
        let partner = report.attributeCombo.isEmpty ? "" : " · \(report.attributeCombo)"
        return Localized.each { language in
            "\(report.dataset.code)（\(report.dataset.name.text(language))）· \(unit.code)（\(unit.name)）· \(report.period.identifier)\(partner)"
        }
    }

    /// Whether `user` may act at approval step `step` (0: approve, 1 and up: accept) of a report of `unit`: an
    /// analyst or admin whose subtree holds the unit, at the step's level, or an admin above it.
    public func mayApprove(_ user: UserAccount, step: Int, of dataset: DataSet, unit: Int) -> Bool {
        guard user.role != .clerk, step >= 0, step < dataset.approvalLevels.count,
            let top = tree.index[user.orgUnit], tree.subtree(top).contains(unit)
        else { return false }
        let level = dataset.approvalLevels[step]
        return tree.level[top] == level || (user.role == .admin && tree.level[top] < level)
    }

    /// Whether `user` may submit a report of `unit`: its own clerk, or an admin over it.
    public func maySubmit(_ user: UserAccount, unit: Int) -> Bool {
        guard let top = tree.index[user.orgUnit] else { return false }
        switch user.role {
        case .clerk: return top == unit
        case .admin: return tree.subtree(top).contains(unit)
        case .analyst: return false
        }
    }

    /// The requests `user` may make of a report as it stands (what the pages offer).
    public func allowedRequests(
        on report: ReportRef, state: ReportState, by user: UserAccount, today: Day
    ) -> [ReportRequest] {
        ReportRequest.allCases.filter { request in
            (try? check(request, on: report, state: state, by: user, today: today)) != nil
        }
    }

    func check(
        _ request: ReportRequest, on report: ReportRef, state: ReportState, by user: UserAccount, today: Day
    ) throws(ReportError) {
        let name = describe(report)
        let levels = report.dataset.approvalLevels
        func refuse(_ zh: String, _ en: String) -> ReportError { ReportError(.notAllowed, Localized(zh: zh, en: en)) }
        func wrong(_ zh: String, _ en: String) -> ReportError { ReportError(.wrongStage, Localized(zh: zh, en: en)) }
        if request != .submit && levels.isEmpty {
            throw ReportError(
                .noApproval,
                Localized(
                    zh: "\(report.dataset.code) 不需要审核（元数据中没有“approval”）；只需上报",
                    en: "\(report.dataset.code) is not approved (the metadata has no 'approval'); it is only submitted")
            )
        }
        switch request {
        case .submit:
            guard maySubmit(user, unit: report.unit) else {
                throw refuse(
                    "\(user.name) 不能上报\(name.zh)：只有该单位的录入员可以上报",
                    "\(user.name) may not submit \(name.en): only the unit's clerk submits it")
            }
            guard report.period.start <= today else {
                throw wrong(
                    "\(name.zh)的期间还没有开始，不能上报", "\(name.en) cannot be submitted before its period has begun")
            }
            guard state.stage == .open || state.stage == .returned else {
                throw wrong(
                    "\(name.zh)已经上报（\(state.stage.names.zh)）",
                    "\(name.en) is already submitted (\(state.stage.names.en))")
            }
        case .approve, .accept, .return:
            let step = state.approvals
            guard state.submission != nil, step < levels.count else {
                throw wrong(
                    "\(name.zh)现在是“\(state.stage.names.zh)”，不能\(request.names.zh)",
                    "\(name.en) is \(state.stage.names.en); it cannot be \(request.names.en)")
            }
            if request == .approve && step != 0 || request == .accept && step == 0 {
                throw wrong(
                    "\(name.zh)现在是“\(state.stage.names.zh)”，不能\(request.names.zh)",
                    "\(name.en) is \(state.stage.names.en); it cannot be \(request.names.en)")
            }
            guard mayApprove(user, step: step, of: report.dataset, unit: report.unit) else {
                throw refuse(
                    "\(user.name) 不能\(request.names.zh)\(name.zh)：这一步由第\(levels[step])级单位的分析员或管理员办理",
                    "\(user.name) may not have \(name.en) \(request.names.en): this step is for an analyst or admin at level \(levels[step]) above it"
                )
            }
        case .unapprove:
            guard state.approvals > 0 else {
                throw wrong(
                    "\(name.zh)还没有审核，无需撤销", "\(name.en) is not approved; there is nothing to undo")
            }
            let may = (state.approvals - 1..<levels.count).contains {
                mayApprove(user, step: $0, of: report.dataset, unit: report.unit)
            }
            guard may else {
                throw refuse(
                    "\(user.name) 不能撤销\(name.zh)的审核：只有审核人所在级别或更高级别可以撤销",
                    "\(user.name) may not undo the approval of \(name.en): only the approver's level or one above may")
            }
        }
    }

    func checkedComment(_ comment: String, required: Bool) throws(ReportError) -> String {
        let text: String
        do {
            text = try Canonical.canonical(comment, as: .text)
        } catch {
            let refused = error.messages()
            throw ReportError(
                .badComment, Localized(zh: "意见被拒绝：\(refused.zh)", en: "the comment is refused: \(refused.en)"))
        }
        if required && text.isEmpty {
            throw ReportError(
                .badComment,
                Localized(zh: "退回时请写明原因，让录入员知道要改什么", en: "a return needs a comment telling the clerk what to fix"))
        }
        guard text.count <= Self.maximumReportComment else {
            throw ReportError(
                .badComment,
                Localized(
                    zh: "意见最多\(Self.maximumReportComment)个字，这条有\(text.count)个",
                    en: "a comment holds at most \(Self.maximumReportComment) characters; this one has \(text.count)"))
        }
        return text
    }
}

extension ReportAction {
    /// The action's label (`退回` / `returned`).
    public var label: Label {
        switch self {
        case .submit: .actionSubmit
        case .withdraw: .actionWithdraw
        case .approve: .actionApprove
        case .return: .actionReturn
        case .accept: .actionAccept
        case .unapprove: .actionUnapprove
        }
    }
}

extension ReportRequest {
    /// What the request does, in every language (`审核` / `approved`, as in “cannot be approved”).
    public var names: Localized<String> {
        switch self {
        case .submit: Localized(zh: "上报", en: "submitted")
        case .approve: Localized(zh: "审核", en: "approved")
        case .return: Localized(zh: "退回", en: "returned")
        case .accept: Localized(zh: "验收", en: "accepted")
        case .unapprove: Localized(zh: "撤销审核", en: "unapproved")
        }
    }
}

/// A submission or approval that cannot be done.
public struct ReportError: SentencedError, Equatable {
    /// What is wrong.
    public enum Code: String, Sendable {
        /// No dataset has the code.
        case unknownDataset
        /// No org unit has the code.
        case unknownOrgUnit
        /// The period is not one, or not of the dataset's type.
        case badPeriod
        /// The unit does not report the dataset.
        case notReporting
        /// The dataset has no approval levels.
        case noApproval
        /// The user may not do this to this report.
        case notAllowed
        /// The report does not stand where the request needs it.
        case wrongStage
        /// A return without a comment, or a comment refused or too long.
        case badComment
        /// Someone else acted on the report at the same time.
        case changed
    }

    /// What is wrong.
    public let code: Code
    /// The sentence in every language.
    public let sentence: Localized<String>

    /// An error.
    public init(_ code: Code, _ sentence: Localized<String>) {
        self.code = code
        self.sentence = sentence
    }

    public var errorCode: String { "report.\(code.rawValue)" }
}

/// The states of reports, for the checks of a write: whether a clerk's value falls in an approved (locked) report,
/// and which submissions a clerk's change takes back. Only the events of each report as a whole count: approvals
/// are of the whole report, and a partner's registration recorded after one does not take its lock away. A report's state is read with its unit's alone for the first
/// ``singleReads`` reports (a form's or the API's write costs its own units' reports, not a province's), then with
/// every unit's of its dataset and period at once (an upload's).
final class ReportBook {
    /// How many reports' states are read one unit at a time before whole datasets and periods are read.
    static let singleReads = 64

    private let workspace: Workspace
    private let accounts: any AccountStore
    /// "dataset period" → unit code → state, for every unit of the dataset and period.
    private var loaded: [String: [String: ReportState]] = [:]
    /// "dataset period unit" → state, for reports read one unit at a time.
    private var single: [String: ReportState] = [:]

    init(workspace: Workspace, accounts: any AccountStore) {
        self.workspace = workspace
        self.accounts = accounts
    }

    /// The datasets with `element` of `period`'s type that `unit` reports.
    func reports(element: String, period: Period, unit: Int) -> [ReportRef] {
        workspace.metadata.datasets.filter {
            $0.periodType == period.type && $0.elements.contains(element) && $0.reports(unit: unit, in: workspace.tree)
        }.map { ReportRef(dataset: $0, unit: unit, period: period) }
    }

    /// Reads the states of every dataset's reports of `period`'s type in `period`.
    func load(_ period: Period) throws {
        for dataset in workspace.metadata.datasets where dataset.periodType == period.type {
            _ = try states(dataset.code, period)
        }
    }

    /// A report's state.
    func state(_ report: ReportRef) throws -> ReportState {
        let code = workspace.tree.units[report.unit].code
        let dataset = report.dataset.code
        let period = report.period.identifier
        if let states = loaded["\(dataset) \(period)"] { return states[code] ?? ReportState() }
        let key = "\(dataset) \(period) \(code)"
        if let known = single[key] { return known }
        guard single.count < Self.singleReads else { return try states(dataset, report.period)[code] ?? ReportState() }
        let state = ReportState(
            try accounts.reportEvents(dataset: dataset, periods: [period], orgUnits: [code]).filter(\.isWhole))
        single[key] = state
        return state
    }

    private func states(_ dataset: String, _ period: Period) throws -> [String: ReportState] {
        let key = "\(dataset) \(period.identifier)"
        if let known = loaded[key] { return known }
        let events = try accounts.reportEvents(dataset: dataset, periods: [period.identifier]).filter(\.isWhole)
        let states = Dictionary(grouping: events, by: \.orgUnit).mapValues { ReportState($0) }
        loaded[key] = states
        return states
    }

    /// Why a clerk may not write `element` for `unit` in `period`: a report holding it is approved; nil when none is.
    func lockRefusal(element: String, period: Period, unit: Int) throws -> Localized<String>? {
        for report in reports(element: element, period: period, unit: unit) {
            let state = try state(report)
            guard state.isLocked, let approval = state.approvalEvents.last else { continue }
            return workspace.lockSentence(report, approval: approval)
        }
        return nil
    }

    /// Records, inside the write's transaction (`writer`), that a clerk's change took back the standing, not yet
    /// approved submissions of the reports holding the written values: each report's state is read in that
    /// transaction, and the `withdraw` event commits or rolls back with the values. Returns how many it took back.
    ///
    /// - Throws: ``ReportError`` (`changed`) when another event took the report's next place meanwhile (nothing is
    ///   written then); the store's errors.
    func withdraw(
        _ written: [(element: String, period: Period, unit: Int)], by user: String, time: Int64,
        writer: any ValueWriter
    ) throws -> Int {
        var seen: Set<ReportRef> = []
        var taken = 0
        for value in written {
            for report in reports(element: value.element, period: value.period, unit: value.unit)
            where seen.insert(report).inserted {
                let code = workspace.tree.units[report.unit].code
                let state = ReportState(
                    try writer.reportEvents(
                        dataset: report.dataset.code, orgUnit: code, period: report.period.identifier,
                        attributeCombo: ""))
                guard state.stage == .submitted else { continue }
                let added = try writer.addReportEvent(
                    ReportEvent(
                        dataset: report.dataset.code, orgUnit: code, period: report.period.identifier,
                        seq: state.events.count + 1, action: .withdraw, by: user, at: time))
                guard added else {
                    let name = workspace.describe(report)
                    throw ReportError(
                        .changed,
                        Localized(
                            zh: "\(name.zh)刚被别人处理过；没有保存任何数值，请重新保存",
                            en: "\(name.en) was just acted on by someone else; nothing was saved, save again"))
                }
                taken += 1
            }
        }
        return taken
    }
}

extension ReportEvent {
    /// Whether the event is of the report as a whole, not one partner's registration of it.
    var isWhole: Bool { attributeCombo.isEmpty }
}
