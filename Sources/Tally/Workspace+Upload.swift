internal import Foundation
public import TallyCore
public import TallyIO
public import TallyInterchange
public import TallyStore
public import TallyText
public import TallyTransfer

/// A data file uploaded through the browser or the API, held in a file of the server's until it is applied: any
/// format `tally import` reads.
public struct DataUpload: Sendable {
    /// The name the file was uploaded with, such as `出生.csv`: for messages, and for the format when none is given.
    public var name: String
    /// Where its bytes are.
    public var path: String
    /// The format; from ``name`` when `nil` (`.xlsx` a workbook, `.csv`, `.json`, `.xml`, `.adx`, also compressed).
    public var format: DataFormat?
    /// For a workbook: the sheet, the layout, the period and the columns of a wide sheet; for a CSV file the
    /// layout (a wide CSV file is read as a wide sheet), the period and the columns.
    public var workbook: WorkbookOptions
    /// The identifiers the file uses: Tally's codes, or names (``Workspace/identifierMapping(schemes:mapping:language:)``).
    public var schemes: IdentifierSchemes

    /// An upload.
    public init(
        name: String, path: String, format: DataFormat? = nil, workbook: WorkbookOptions = WorkbookOptions(),
        schemes: IdentifierSchemes = IdentifierSchemes()
    ) {
        self.name = name
        self.path = path
        self.format = format
        self.workbook = workbook
        self.schemes = schemes
    }

    /// Whether the upload is read as an Excel workbook.
    public var isWorkbook: Bool {
        format == .workbook || format == nil && name.lowercased().hasSuffix(".xlsx")
    }

    /// Whether the upload is a CSV file (by its format, else by its name).
    var isCSV: Bool {
        format == .interchange(.csv) || format == nil && name.lowercased().hasSuffix(".csv")
    }

    /// Whether the upload is a wide sheet (a workbook's, or a CSV file in the same shape), whose unit column may
    /// name units by name.
    var isWide: Bool { (isWorkbook || isCSV) && workbook.layout == .wide }
}

/// What a dry run of an upload found: the text encoding it was read in and either what the import would do, with
/// the fingerprint of the stored values it would touch, or every problem.
public struct UploadCheck: Sendable {
    /// What the dry run found.
    public enum Outcome: Sendable {
        /// The file can be imported: what it would change, and the fingerprint ``Workspace/applyUpload`` compares.
        case ready(ImportSummary, fingerprint: String)
        /// The file cannot be imported: its problems, by line or cell.
        case refused(ImportError)
    }

    /// The text encoding the file was read in (told from its bytes); `nil` for a workbook or a compressed file.
    public var encoding: TextEncoding?
    /// What the dry run found.
    public var outcome: Outcome
    /// The validation rules of `medium` and `low` importance the values would break once imported (a rule of
    /// `high` importance refuses the file: a problem of ``Outcome/refused(_:)``), to show as warnings.
    public var ruleWarnings: [ImportRuleBreak] = []
    /// Whether the file held too many values of the rules' elements to check the rules on (a large compressed
    /// file; ``DataValueImporter/recordsValuesLimit``): the page says so.
    public var rulesUnchecked = false
}

/// How far the server has read an upload: which reading of the file this is (a clerk's dry run reads it twice, to
/// learn its periods first; an import reads it once more than its dry run) and how far that reading has come.
public struct UploadProgress: Sendable {
    /// The reading, from 1.
    public var reading: Int
    /// How many readings the step makes.
    public var readings: Int
    /// How far this reading has come.
    public var progress: DataValueImporter.Progress

    /// The progress of reading `reading` of `readings`.
    public init(reading: Int, of readings: Int, _ progress: DataValueImporter.Progress) {
        self.reading = reading
        self.readings = readings
        self.progress = progress
    }

    /// The seconds left to the end of the step at this pace (this reading and the later ones, each of the whole
    /// file), when the file's size is known.
    public var secondsLeft: Int? { progress.secondsLeft(readingsAfter: readings - reading) }

    /// The share of the step done, from 0 to 1, when the file's size is known (each reading an equal part).
    public var fraction: Double? {
        progress.fraction.map { (Double(reading - 1) + $0) / Double(max(1, readings)) }
    }

    /// What the import page shows while the server reads `file`: rows read, rows a second, the time left, and which
    /// reading when there are several, in each language.
    public func message(file: String) -> Localized<String> {
        let line =
            progress.rows == 0
            ? Localized(zh: "\(file)：正在读取……", en: "\(file): reading…")
            : progress.line(file: file, readingsAfter: readings - reading)
        guard readings > 1 else { return line }
        return Localized(
            zh: "第\(reading)遍（共\(readings)遍）：" + line.zh, en: "Reading \(reading) of \(readings): " + line.en)
    }
}

/// An apply refused because the stored values the upload touches changed since its dry run.
public struct UploadChangedError: TallyError, Equatable {
    /// The uploaded file's name.
    public let file: String

    public var errorCode: String { "import.changed" }

    public func message(_ language: Language) -> String {
        Localized(
            zh: "\(file)：试导入之后，它涉及的数据已被修改；没有导入任何数据。请重新试导入，核对结果后再导入",
            en:
                "\(file): the values it touches changed after its dry run; nothing was imported. Run the dry run again, check it, then import"
        )(language)
    }
}

extension Workspace {
    /// Checks an upload as `tally import --dry-run` does, confined to what `user` may write: the subtree of their
    /// unit (a row for a unit outside it is a problem naming its line, never skipped) and, for a clerk, the periods
    /// open under `policy` and the admins' overrides in `accounts`, as for the entry form. The validation rules run
    /// on the values as they would be after the import: a rule of `high` importance broken refuses the file (a
    /// problem at the rows involved), the others are ``UploadCheck/ruleWarnings``. Nothing is written but, for an
    /// importable wide sheet with a column mapping, the mapping, remembered for the user (``proposedColumns(user:accounts:)``).
    ///
    /// An unsafe or unreadable workbook is a problem of the whole file. `progress` is told how far each reading of
    /// the file has come (at its start, then about every 65,536 rows).
    ///
    /// - Throws: the store's errors.
    public func checkUpload(
        _ upload: DataUpload, by user: UserAccount, policy: PeriodPolicy, accounts: any AccountStore, time: Int64,
        progress: (@Sendable (UploadProgress) -> Void)? = nil
    ) throws -> UploadCheck {
        let encoding = try uploadEncoding(upload)
        let rules = UploadRules(
            user: user, policy: policy, accounts: accounts, today: metadata.timeZone.day(of: time), time: time,
            namesUnits: upload.isWide)
        do {
            let run = try dryRun(
                upload, encoding: encoding, rules: rules, time: time,
                progress: progress.map { tell in Readings(count: dryRunReadings(rules), tell: tell) })
            if let refusal = ruleRefusal(run.ruleBreaks, file: upload.name, sheet: run.sheet) {
                return UploadCheck(encoding: encoding, outcome: .refused(refusal))
            }
            if upload.isWide, let columns = upload.workbook.columns, !columns.titles.isEmpty {
                // The mapping the user chose, proposed for their next file.
                try accounts.rememberImportMapping(
                    user: user.name, titles: columns.titles.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                    at: time)
            }
            return UploadCheck(
                encoding: encoding, outcome: .ready(run.summary, fingerprint: run.fingerprint),
                ruleWarnings: run.ruleBreaks, rulesUnchecked: run.rulesUnchecked)
        } catch let error as ImportError {
            return UploadCheck(encoding: encoding, outcome: .refused(error))
        }
    }

    /// The column mapping `user` chose for their wide sheets (remembered by ``checkUpload(_:by:policy:accounts:time:progress:)``
    /// when a dry run found the file importable), as the import page's `title,element` lines, most recently used
    /// first: what the page proposes for the next file. Empty when there is none.
    public static func proposedColumns(user: String, accounts: any AccountStore) throws -> String {
        try accounts.importMapping(user: user).map { "\(Escape.csvField($0.title)),\(Escape.csvField($0.element))\n" }
            .joined()
    }

    /// Imports an upload whose dry run gave `fingerprint`, in one transaction, as `user` (recorded in history),
    /// with the checks of ``checkUpload(_:by:policy:accounts:time:progress:)``. A clerk's upload that changes values takes
    /// back the standing submissions of the reports it writes into (a `withdraw` event in the same transaction,
    /// counted in ``ImportSummary/withdrawn``; the dry run counts them too).
    ///
    /// The file is checked again first; when the stored values it touches are no longer those of the dry run (the
    /// fingerprint differs), nothing is written. Run it on the server's one write queue, so that no write of the
    /// server comes between that check and the import.
    ///
    /// `progress` is told how far each reading of the file (the dry run's, then the import's) has come.
    ///
    /// - Throws: ``UploadChangedError`` when the values changed; ``ImportError`` listing the problems.
    public func applyUpload(
        _ upload: DataUpload, by user: UserAccount, policy: PeriodPolicy, accounts: any AccountStore, time: Int64,
        fingerprint: String, progress: (@Sendable (UploadProgress) -> Void)? = nil
    ) throws -> ImportSummary {
        let encoding = try uploadEncoding(upload)
        let rules = UploadRules(
            user: user, policy: policy, accounts: accounts, today: metadata.timeZone.day(of: time), time: time,
            namesUnits: upload.isWide)
        let readings = progress.map { tell in Readings(count: dryRunReadings(rules) + 1, tell: tell) }
        let run = try dryRun(upload, encoding: encoding, rules: rules, time: time, progress: readings)
        if let refusal = ruleRefusal(run.ruleBreaks, file: upload.name, sheet: run.sheet) { throw refusal }
        guard run.fingerprint == fingerprint else { throw UploadChangedError(file: upload.name) }
        return try renamed(upload) {
            try importUpload(
                upload, encoding: encoding, importer: try gatedImporter(rules, overrides: run.overrides),
                user: user.name, time: time, progress: readings?.next())
        }
    }

    /// The text encoding of an upload told from its bytes; `nil` for a workbook or a compressed file.
    func uploadEncoding(_ upload: DataUpload) throws -> TextEncoding? {
        guard !upload.isWorkbook else { return nil }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: upload.path)))
        if bytes.starts(with: [0x1F, 0x8B]) || bytes.starts(with: [0x50, 0x4B]) { return nil }
        return TextEncoding.detect(bytes)
    }

    /// An importer confined to the user's subtree, to the elements the user enters (`entered_by`), and for a clerk
    /// to the periods open to them (`overrides`: the admins' decisions for each period the file names, read before
    /// the import's transaction; none yet on a clerk's first reading).
    func gatedImporter(
        _ rules: UploadRules, overrides: [Period: [String: [PeriodOverride]]]?
    ) throws
        -> DataValueImporter
    {
        let importer = self.importer
        let orgUnit = try tree.unit(rules.user.orgUnit)
        var units: [Int32: Int] = [:]
        for unit in tree.subtree(orgUnit) {
            if let id = catalog.orgUnits[tree.units[unit].code] { units[id] = unit }
        }
        let top = tree.units[orgUnit]
        importer.scope = ImportScope(orgUnits: Set(units.keys), top: "\(top.name) (\(top.code))")
        recordRegistrations(into: importer, user: rules.user, name: rules.user.name, time: rules.time)
        if rules.namesUnits { importer.unitNames = unitNames(under: orgUnit) }
        if rules.user.role != .admin {
            // A clerk's periods are checked, and the reports they fall in: their states read before the import's
            // transaction.
            let clerkOverrides = rules.user.role == .clerk ? overrides : nil
            let book = ReportBook(workspace: self, accounts: rules.accounts)
            if let clerkOverrides { for period in clerkOverrides.keys { try book.load(period) } }
            let gate = PeriodGate(
                workspace: self, rules: rules, units: units, overrides: clerkOverrides, book: book)
            importer.gate = { element, period, unit in gate.refusal(element: element, period: period, unit: unit) }
            if rules.user.role == .clerk {
                // A clerk's change takes the submissions of the reports it writes into back, in its transaction.
                importer.afterStaged = { writer, summary in
                    guard summary.new + summary.changed + summary.deleted > 0 else { return }
                    summary.withdrawn += try book.withdraw(
                        gate.passed, by: rules.user.name, time: rules.time, writer: writer)
                }
            }
        }
        return importer
    }

    /// What a dry run of an upload found.
    private struct DryRun {
        var summary: ImportSummary
        /// The fingerprint of the stored values it would touch.
        var fingerprint: String
        /// For a clerk, the admins' decisions on its periods.
        var overrides: [Period: [String: [PeriodOverride]]]?
        /// The validation rules its values would break (``importRuleBreaks(_:)``).
        var ruleBreaks: [ImportRuleBreak]
        /// The sheet read, for a workbook.
        var sheet: String?
        /// Whether the file held too many values of the rules' elements to check them.
        var rulesUnchecked: Bool
    }

    /// A dry run of the upload: what it would change, the fingerprint of the stored values it would touch, for a
    /// clerk the admins' decisions on its periods, and the validation rules it would break. A clerk's file is read
    /// twice: first to learn its periods, whose decisions are read outside the import's transaction, then with the
    /// periods checked.
    private func dryRun(
        _ upload: DataUpload, encoding: TextEncoding?, rules: UploadRules, time: Int64, progress: Readings?
    ) throws -> DryRun {
        var overrides: [Period: [String: [PeriodOverride]]]?
        if rules.user.role == .clerk {
            let first = try gatedImporter(rules, overrides: nil)
            first.recordsKeys = true
            do {
                _ = try importUpload(
                    upload, encoding: encoding, importer: first, user: rules.user.name, time: time, dryRun: true,
                    progress: progress?.next())
            } catch is ImportError {
                // The second reading reports the problems, with those of the periods.
            }
            var byPeriod: [Period: [String: [PeriodOverride]]] = [:]
            for period in first.stagedPeriods {
                var byDataset: [String: [PeriodOverride]] = [:]
                for dataset in metadata.datasets where dataset.periodType == period.type {
                    byDataset[dataset.code] = try rules.accounts.periodOverrides(
                        dataset: dataset.code, period: period.identifier)
                }
                byPeriod[period] = byDataset
            }
            overrides = byPeriod
        }
        let importer = try gatedImporter(rules, overrides: overrides)
        importer.recordsKeys = true
        importer.recordsValuesOf = ruleElementIDs
        let summary = try renamed(upload) {
            try importUpload(
                upload, encoding: encoding, importer: importer, user: rules.user.name, time: time, dryRun: true,
                progress: progress?.next())
        }
        return DryRun(
            summary: summary, fingerprint: try fingerprint(of: importer.stagedKeys), overrides: overrides,
            ruleBreaks: try importRuleBreaks(importer.stagedValues), sheet: importer.stagedSheet,
            rulesUnchecked: !importer.stagedValuesComplete)
    }

    /// How many times a dry run reads the file: twice for a clerk (``dryRun(_:encoding:rules:time:progress:)``).
    private func dryRunReadings(_ rules: UploadRules) -> Int { rules.user.role == .clerk ? 2 : 1 }

    private func importUpload(
        _ upload: DataUpload, encoding: TextEncoding?, importer: DataValueImporter, user: String, time: Int64,
        dryRun: Bool = false, progress: ((DataValueImporter.Progress) -> Void)? = nil
    ) throws -> ImportSummary {
        var schemes = upload.schemes
        let format: InterchangeFormat?
        if case .interchange(let chosen)? = upload.format { format = chosen } else { format = nil }
        if !upload.isWorkbook && !upload.isWide {
            schemes = try self.schemes(
                schemes, ofFile: upload.path, named: upload.name,
                format: format ?? InterchangeFormat.guess(path: upload.name),
                encoding: encoding ?? .utf8)
        }
        let mapping = try identifierMapping(schemes: schemes, mapping: nil)
        importer.mapping = mapping
        let context = InterchangeContext(metadata: metadata, mapping: mapping)
        let source: any DataValueRowSource
        if upload.isWorkbook {
            source = try WorkbookRowSource(path: upload.path, options: upload.workbook, context: context)
        } else if upload.isWide {
            source = try WorkbookRowSource(
                csvPath: upload.path, encoding: encoding ?? .utf8, options: upload.workbook, context: context)
        } else {
            source = try makeRowSource(
                path: upload.path, format: format ?? InterchangeFormat.guess(path: upload.name),
                encoding: encoding ?? .utf8, context: context)
        }
        var summary = try importer.importRows(
            from: source, into: store, user: user, time: time, dryRun: dryRun, progress: progress)
        summary.file = upload.name
        return summary
    }

    /// Runs `body`, naming the upload by the name it was sent with, not the server's file, in its errors.
    private func renamed<T>(_ upload: DataUpload, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ImportError {
            let issues = error.issues.map { issue in
                var renamed = ImportIssue(
                    issue.code, file: upload.name, line: issue.line, column: issue.column, detail: issue.details,
                    fieldKind: issue.fieldKind, position: issue.position)
                renamed.sheet = issue.sheet
                return renamed
            }
            throw ImportError(
                file: upload.name, issues: issues, total: error.total, unmapped: error.unmapped,
                mappingFile: error.mappingFile)
        } catch let error as WorkbookError {
            // An unsafe or unreadable workbook, or a wrong sheet or layout: a problem of the whole file.
            let detail = Localized.each { error.message($0).replacingOccurrences(of: upload.path, with: upload.name) }
            let issue = ImportIssue(.unreadable, file: upload.name, line: 0, column: nil, detail: detail)
            throw ImportError(file: upload.name, issues: [issue], total: 1)
        }
    }

    /// A digest of the stored state (value, who, when, comment, mark) of the values with the given keys, read in
    /// one pass per element: equal digests mean an import of the same file decides every value the same way.
    func fingerprint(of keys: [ValueKey]) throws -> String {
        var periods: [Int32: Set<Int32>] = [:]
        for key in keys { periods[key.element, default: []].insert(key.period) }
        let wanted = Set(keys)
        let units = UnitRanges(ids: keys.map(\.orgUnit))
        var lines: [String] = []
        for (element, set) in periods.sorted(by: { $0.key < $1.key }) {
            for (key, value) in try store.storedValues(element: element, periods: set.sorted(), units: units)
            where wanted.contains(key) {
                lines.append(
                    "\(key.element) \(key.period) \(key.orgUnit) \(key.combo) \(value.value.bitPattern) "
                        + "\(value.updated) \(value.followUp) \(value.storedBy ?? "") \(value.comment ?? "")")
            }
            // Text values: a text element's keys are in the text store (its blocks hold none).
            for (key, text) in try store.storedTexts(element: element, periods: set.sorted())
            where wanted.contains(key) {
                lines.append(
                    "\(key.element) \(key.period) \(key.orgUnit) \(key.combo) text \(Escape.json(text.text)) "
                        + "\(text.updated) \(text.followUp) \(text.storedBy ?? "") \(text.comment ?? "")")
            }
        }
        lines.sort()
        return Secret.hex(SHA256.digest(Array((["\(wanted.count)"] + lines).joined(separator: "\n").utf8)))
    }
}

/// The readings of an upload one step makes, told to one progress callback in turn.
final class Readings {
    /// How many readings the step makes.
    let count: Int
    private let tell: @Sendable (UploadProgress) -> Void
    private var started = 0

    init(count: Int, tell: @escaping @Sendable (UploadProgress) -> Void) {
        self.count = count
        self.tell = tell
    }

    /// The callback of the next reading, which tells it as reading n of ``count``; told at once that it began.
    func next() -> (DataValueImporter.Progress) -> Void {
        started += 1
        let (reading, count, tell) = (min(started, count), count, tell)
        tell(
            UploadProgress(
                reading: reading, of: count,
                DataValueImporter.Progress(rows: 0, bytesRead: 0, fileSize: nil, seconds: 0)))
        return { tell(UploadProgress(reading: reading, of: count, $0)) }
    }
}

/// Who uploads, and what decides which periods a clerk may write.
struct UploadRules {
    let user: UserAccount
    let policy: PeriodPolicy
    let accounts: any AccountStore
    let today: Day
    /// The time of the upload (a complete registration without a date is made then).
    let time: Int64
    /// Whether rows may name their unit by name (a wide sheet), matched within the user's subtree.
    var namesUnits = false
}

/// What a user other than an admin may import, as the entry form decides it: the elements they enter for the unit
/// (``Workspace/entryRefusal(element:unit:user:)``), and for a clerk the periods (begun, open under the policy and
/// the admins' overrides, and not in an approved report); decided once per element, period and unit of a file,
/// without reading the store (the import's transaction is open while it decides).
final class PeriodGate {
    private struct Key: Hashable {
        let element: String
        let period: Period
        let unit: Int32
    }

    private let workspace: Workspace
    private let rules: UploadRules
    /// The store id of each unit of the subtree → its tree index.
    private let units: [Int32: Int]
    /// The admins' decisions for each period, by dataset, read before the import's transaction; `nil`: the periods
    /// are not checked (an analyst, or a clerk's first reading).
    private let overrides: [Period: [String: [PeriodOverride]]]?
    /// The states of the reports of each period, read before the import's transaction.
    private let book: ReportBook
    private var decided: [Key: GateRefusal?] = [:]

    init(
        workspace: Workspace, rules: UploadRules, units: [Int32: Int], overrides: [Period: [String: [PeriodOverride]]]?,
        book: ReportBook
    ) {
        self.book = book
        self.workspace = workspace
        self.rules = rules
        self.units = units
        self.overrides = overrides
    }

    /// The element, period and unit (tree index) of every value the gate let through so far, in no order.
    var passed: [(element: String, period: Period, unit: Int)] {
        var passed: [(element: String, period: Period, unit: Int)] = []
        for (key, refusal) in decided {
            guard case .none = refusal, let unit = units[key.unit] else { continue }
            passed.append((key.element, key.period, unit))
        }
        return passed
    }

    /// Why the user may not write `element` for the unit in `period`; `nil` when they may.
    func refusal(element: String, period: Period, unit id: Int32) -> GateRefusal? {
        let key = Key(element: element, period: period, unit: id)
        if let known = decided[key] { return known }
        let answer = decide(element: element, period: period, unit: id)
        decided[key] = answer
        return answer
    }

    private func decide(element: String, period: Period, unit id: Int32) -> GateRefusal? {
        guard let unit = units[id] else { return nil }  // outside the subtree: the importer's scope says so
        if let refusal = workspace.entryRefusal(element: element, unit: unit, user: rules.user) {
            return GateRefusal(.enteredAbove, at: .element, refusal.sentence)
        }
        guard let overrides else { return nil }
        if period.start > rules.today {
            return GateRefusal(
                .periodClosed, at: .period,
                Localized(
                    zh: "\(period.identifier) 还没有开始；期间开始后才能录入数值",
                    en: "\(period.identifier) has not begun; values are entered once it has"))
        }
        let open = rules.policy.isOpen(
            element: element, period: period, unit: unit, today: rules.today, metadata: workspace.metadata,
            tree: workspace.tree, overrides: overrides[period] ?? [:])
        guard !open else {
            // The periods' reports were read before the transaction: this reads nothing.
            let locked = (try? book.lockRefusal(element: element, period: period, unit: unit)) ?? nil
            return locked.map { GateRefusal(.periodClosed, at: .period, $0) }
        }
        let code = workspace.tree.units[unit].code
        return GateRefusal(
            .periodClosed, at: .period,
            Localized(
                zh: "\(period.identifier) 已关闭录入；请联系管理员为 \(code) 重新开放",
                en: "\(period.identifier) is closed for data entry; ask an admin to reopen it for \(code)"))
    }
}
