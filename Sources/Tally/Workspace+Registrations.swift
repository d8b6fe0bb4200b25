public import TallyCore
public import TallyIO
public import TallyInterchange
public import TallyStore
public import TallyText
public import TallyTransfer

extension Workspace {
    /// Has `importer` record the complete registrations of the files it imports (a data value set's `dataSet` and
    /// `completeDate`, a `completeDataSetRegistrations` file) as submissions of their reports, inside the import's
    /// transaction, so that they are written with the values or not at all (a dry run records nothing).
    ///
    /// Each registration is resolved as a request names a report (``report(dataset:orgUnit:period:)``) and checked
    /// as a submission is: `user` must be allowed to submit it (``maySubmit(_:unit:)``: a clerk only the own unit, an
    /// admin the subtree; `nil`: the owner of the database, as `tally import`, who may submit any), and its period
    /// must have begun. A report already submitted, approved or accepted stays as it stands (counted as unchanged),
    /// except that a clerk's registration for an approved report is refused with the lock's sentence, as the clerk's
    /// values there are. `completed: false` takes a standing submission back; it is refused for an approved report
    /// (undo the approval first). The submission's time is the registration's date at the end of its day in the
    /// office's time zone, or the time it gives; its author the registration's `storedBy`, else `importer`.
    /// Anything refused is a problem at the registration's line, and the file imports nothing.
    func recordRegistrations(into importer: DataValueImporter, user: UserAccount?, name: String, time: Int64) {
        importer.recordRegistrations = { [self] registrations, writer, file, kind, summary in
            var issues: [ImportIssue] = []
            var states: [ReportRef: ReportState] = [:]
            for registration in registrations {
                func issue(_ code: ImportIssue.Code, _ detail: Localized<String>) -> ImportIssue {
                    ImportIssue(
                        code, file: file, line: registration.line, column: registration.field, detail: detail,
                        fieldKind: kind)
                }
                do throws(ImportIssue) {
                    let whole = try resolveRegistration(registration, issue: issue)
                    let report = try partnerReport(whole, registration.attributeCombo) { code, detail in
                        ImportIssue(
                            code, file: file, line: registration.line, column: "attributeOptionCombo", detail: detail,
                            fieldKind: kind)
                    }
                    let at = try registrationTime(registration, now: time, issue: issue)
                    func stateOf(_ report: ReportRef) throws(ImportIssue) -> ReportState {
                        if let known = states[report] { return known }
                        do {
                            let read = ReportState(
                                try writer.reportEvents(
                                    dataset: report.dataset.code, orgUnit: tree.units[report.unit].code,
                                    period: report.period.identifier, attributeCombo: report.attributeCombo))
                            states[report] = read
                            return read
                        } catch {
                            throw issue(
                                .unreadable,
                                Localized(zh: "读取报表状态失败：\(error)", en: "cannot read the report's state: \(error)"))
                        }
                    }
                    let state = try stateOf(report)
                    guard
                        let action = try registrationAction(
                            registration, report: report, state: state, lock: try stateOf(whole), user: user,
                            today: metadata.timeZone.day(of: time),
                            issue: issue)
                    else {
                        summary.registrationsUnchanged += 1
                        continue
                    }
                    let event = ReportEvent(
                        dataset: report.dataset.code, orgUnit: tree.units[report.unit].code,
                        period: report.period.identifier, attributeCombo: report.attributeCombo,
                        seq: state.events.count + 1, action: action,
                        by: registration.storedBy.flatMap { $0.isEmpty ? nil : $0 } ?? name, at: at)
                    let added: Bool
                    do {
                        added = try writer.addReportEvent(event)
                    } catch {
                        throw issue(
                            .unreadable, Localized(zh: "记录上报失败：\(error)", en: "cannot record the submission: \(error)"))
                    }
                    guard added else {
                        let described = describe(report)
                        throw issue(
                            .duplicate,
                            Localized(
                                zh: "\(described.zh)刚被别人处理过；请重新导入",
                                en: "\(described.en) was just acted on by someone else; import again"))
                    }
                    var after = state
                    after.apply(event)
                    states[report] = after
                    if action == .submit { summary.completed += 1 } else { summary.withdrawn += 1 }
                } catch {
                    issues.append(error)
                }
            }
            return issues
        }
    }

    /// The report a registration names, resolved and checked as a request's; a problem at its line otherwise.
    private func resolveRegistration(
        _ registration: CompleteRegistration, issue: (ImportIssue.Code, Localized<String>) -> ImportIssue
    ) throws(ImportIssue) -> ReportRef {
        guard !registration.orgUnit.isEmpty, !registration.period.isEmpty else {
            throw issue(
                .missingField,
                Localized(
                    zh: "上报登记需要 orgUnit 和 period（写在数据值集上）；\(registration.dataSet) 缺少它们",
                    en:
                        "a complete registration needs an orgUnit and a period (on the data value set); \(registration.dataSet) has none"
                ))
        }
        do {
            return try report(dataset: registration.dataSet, orgUnit: registration.orgUnit, period: registration.period)
        } catch {
            let code: ImportIssue.Code =
                switch error.code {
                case .unknownOrgUnit: .unknownOrgUnit
                case .badPeriod: .periodTypeNotAllowed
                default: .unknownDataSet
                }
            throw issue(code, error.sentence)
        }
    }

    /// The report a registration names with its attribute option combo (`attributeCombo`, a Tally code): one
    /// partner's report of `whole`, checked to be one of its dataset's attribute option combos; `whole` itself for
    /// none (the default). A problem (made by `issue`, at the registration's `attributeOptionCombo`) for a dataset
    /// without attribute categories or a combo that is not one of its.
    private func partnerReport(
        _ whole: ReportRef, _ attributeCombo: String, issue: (ImportIssue.Code, Localized<String>) -> ImportIssue
    ) throws(ImportIssue) -> ReportRef {
        guard !attributeCombo.isEmpty else { return whole }
        let dataset = whole.dataset
        let shown = LogText.escaped(attributeCombo, length: 80)
        guard !dataset.attributes.isEmpty else {
            throw issue(
                .attributeCombo,
                Localized(
                    zh: "“\(shown)”是属性选项组合，但报表 \(dataset.code) 没有属性分类；请去掉它或写“default”",
                    en:
                        "'\(shown)' is an attribute option combo, but the data set \(dataset.code) has no attribute categories, so leave it out or write 'default'"
                ))
        }
        let combos = metadata.attributeCombos(of: dataset).map(\.code)
        guard combos.contains(attributeCombo) else {
            throw issue(
                .attributeCombo,
                Localized(
                    zh: "“\(shown)”不是报表 \(dataset.code) 的属性选项组合；应为以下之一：\(combos.joined(separator: "、"))",
                    en:
                        "'\(shown)' is not an attribute option combo of the data set \(dataset.code); expected one of: \(combos.joined(separator: ", "))"
                ))
        }
        var report = whole
        report.attributeCombo = attributeCombo
        return report
    }

    /// When a registration says the report was completed: its date's last second in the office's time zone, or
    /// the time it gives (the office's clock unless it names its offset); the import's time when it gives none.
    private func registrationTime(
        _ registration: CompleteRegistration, now: Int64, issue: (ImportIssue.Code, Localized<String>) -> ImportIssue
    ) throws(ImportIssue) -> Int64 {
        let text = registration.date.trimmed
        if text.isEmpty { return now }
        let zone = metadata.timeZone
        let at: Int64
        if text.count == 10, let day = Day.parse(text) {
            at = zone.endOfDay(day)
        } else if let parsed = Timestamp.parse(text) {
            let time = text.dropFirst(10)
            if time.hasSuffix("Z") || time.contains("+") || time.dropFirst(3).contains("-") {
                at = parsed
            } else {
                at = parsed - Int64(zone.secondsFromUTC(at: parsed - Int64(zone.secondsFromUTC(at: parsed))))
            }
        } else {
            throw issue(
                .badTimestamp,
                Localized(
                    zh: "“\(LogText.escaped(text, length: 40))”不是日期；应为如 2025-11-08 或 2025-11-08T10:00:00",
                    en:
                        "'\(LogText.escaped(text, length: 40))' is not a date; expected e.g. 2025-11-08 or 2025-11-08T10:00:00"
                ))
        }
        guard zone.day(of: at) <= zone.day(of: now) else {
            throw issue(
                .badTimestamp,
                Localized(
                    zh: "完成日期 \(text) 在今天之后", en: "the complete date \(text) is after today"))
        }
        return at
    }

    /// What a registration records on a report as it stands: a submission, a withdrawal, or nothing (`nil`: it
    /// already stands so); a problem when the user may not. `lock` is the report as a whole, whose approval also
    /// holds its partners' registrations: none is taken back, a clerk's is refused, an admin's (or the owner's) is
    /// recorded.
    private func registrationAction(
        _ registration: CompleteRegistration, report: ReportRef, state: ReportState, lock: ReportState,
        user: UserAccount?, today: Day, issue: (ImportIssue.Code, Localized<String>) -> ImportIssue
    ) throws(ImportIssue) -> ReportAction? {
        let name = describe(report)
        if let user, !maySubmit(user, unit: report.unit) {
            throw issue(
                .outsideSubtree,
                Localized(
                    zh: "\(user.name) 不能上报\(name.zh)：只有该单位的录入员或其上级管理员可以上报",
                    en: "\(user.name) may not submit \(name.en): only the unit's clerk or an admin over it submits it"))
        }
        if lock.isLocked, let approval = lock.approvalEvents.last {
            let day = metadata.timeZone.day(of: approval.at)
            let label = approval.action.label
            if !registration.completed {
                throw issue(
                    .periodClosed,
                    Localized(
                        zh: "\(name.zh)已由 \(approval.by) 于 \(day) \(label.text(.zh))，不能撤回上报；请审核人先撤销审核",
                        en:
                            "\(name.en) was \(label.text(.en)) by \(approval.by) on \(day); its submission cannot be taken back until the approval is undone"
                    ))
            }
            if user?.role == .clerk {
                var whole = report
                whole.attributeCombo = ""
                throw issue(.periodClosed, lockSentence(whole, approval: approval))
            }
            // The report as a whole stands approved, so submitted; a partner's registration is recorded.
            if report.attributeCombo.isEmpty { return nil }
        }
        if !registration.completed { return state.stage == .submitted ? .withdraw : nil }
        if state.stage == .submitted { return nil }
        guard report.period.start <= today else {
            throw issue(
                .periodClosed,
                Localized(
                    zh: "\(name.zh)的期间还没有开始，不能上报", en: "\(name.en) cannot be submitted before its period has begun"))
        }
        return .submit
    }
}

extension Workspace {
    /// The complete registrations of the reports of `orgUnit`'s subtree (the top unit when `nil`) in `periods`
    /// (every stored period when empty) that stand submitted, approved or accepted, and those of each partner (a
    /// dataset's attribute option combo) that stand: each submission's time on the office's clock
    /// (`2026-02-08T23:59:59`, which an import reads back as the same instant) and its author, in dataset, period
    /// and tree order, the report as a whole before its partners'.
    public func completeRegistrations(orgUnit: String?, periods: [Period] = []) throws -> [CompleteRegistration] {
        guard let accounts = store as? any AccountStore else { return [] }
        let subtree = Set(tree.subtree(try unit(orgUnit)))
        let stored = Array(catalog.periods.values)
        let zone = metadata.timeZone
        var out: [CompleteRegistration] = []
        for dataset in metadata.datasets {
            let wanted =
                periods.isEmpty
                ? stored.filter { $0.type == dataset.periodType }
                : Array(Set(periods.flatMap { $0.periods(of: dataset.periodType) }))
            let states = try reportStates(
                dataset: dataset, periods: wanted, accounts: accounts, partners: !dataset.attributes.isEmpty)
            for (report, state) in states.sorted(by: {
                ($0.key.period.start, $0.key.unit, $0.key.attributeCombo)
                    < ($1.key.period.start, $1.key.unit, $1.key.attributeCombo)
            })
            where subtree.contains(report.unit) {
                guard let submission = state.submission else { continue }
                let local = Timestamp.format(submission.at + Int64(zone.secondsFromUTC(at: submission.at)))
                out.append(
                    CompleteRegistration(
                        dataSet: dataset.code, orgUnit: tree.units[report.unit].code,
                        period: report.period.identifier, date: String(local.dropLast()), storedBy: submission.by,
                        attributeCombo: report.attributeCombo, line: 0, field: "date"))
            }
        }
        return out
    }

    /// Writes ``completeRegistrations(orgUnit:periods:)`` as `completeDataSetRegistrations` JSON, codes as the
    /// mapping's DHIS2 identifiers or those of `schemes` (``identifierMapping(schemes:mapping:language:)``); returns
    /// how many.
    ///
    /// - Throws: ``IdentifierSchemeError`` before anything is written when a report's data set or unit has no
    ///   identifier in the schemes.
    @discardableResult
    public func exportRegistrations(
        orgUnit: String?, periods: [Period] = [], mapping: IdentifierMapping? = nil,
        schemes: IdentifierSchemes = IdentifierSchemes(), language: Language = .en, to write: (String) -> Void
    ) throws -> Int {
        let registrations = try completeRegistrations(orgUnit: orgUnit, periods: periods)
        let mapping = try identifierMapping(schemes: schemes, mapping: mapping, language: language)
        if let mapping {
            try checkIdentifiers(
                [
                    .dataSet: Set(registrations.map(\.dataSet)), .orgUnit: Set(registrations.map(\.orgUnit)),
                    .attributeCombo: Set(registrations.map(\.attributeCombo).filter { !$0.isEmpty }),
                ],
                mapping: mapping)
        }
        CompleteRegistrationsWriter.write(registrations, mapping: mapping, to: write)
        return registrations.count
    }
}
