public import TallyCore
public import TallyIO
public import TallyStore
public import TallyText

#if canImport(Glibc)
    internal import Glibc
#endif

/// The org units an import may write to: store ids, and the unit at their top for messages.
public struct ImportScope: Sendable {
    /// The store ids of the units.
    public var orgUnits: Set<Int32>
    /// The top unit, as a message names it: `东城镇 (3601)`.
    public var top: String

    /// A scope.
    public init(orgUnits: Set<Int32>, top: String) {
        self.orgUnits = orgUnits
        self.top = top
    }
}

/// Org units a file may name by name as well as by code (a wide sheet's unit column as the towns send it): each
/// canonical name (``TallyText/Canonical``: trimmed, NFC) of the units in reach, in any language, → the units of
/// that name.
public struct UnitNames: Sendable {
    /// One unit of a name.
    public struct Unit: Sendable, Equatable {
        /// The store id.
        public var id: Int32
        /// The code, for messages.
        public var code: String
        /// The name of its parent, for telling units of one name apart.
        public var parent: String

        /// A unit.
        public init(id: Int32, code: String, parent: String) {
            self.id = id
            self.code = code
            self.parent = parent
        }
    }

    /// Canonical name → its units.
    public var units: [String: [Unit]]
    /// Where the names were looked for, as a message names it: `甲镇 (TA)`.
    public var within: Localized<String>

    /// Names.
    public init(units: [String: [Unit]], within: Localized<String>) {
        self.units = units
        self.within = within
    }
}

/// Imports data values from DHIS2-style CSV files, one transaction per file.
///
/// Columns (case-insensitive header): `dataelement, period, orgunit, categoryoptioncombo,
/// attributeoptioncombo, value, storedby, lastupdated, comment, followup, deleted`; element, period,
/// org unit and value are required. Without a header the columns are taken in that (DHIS2) order. Codes,
/// not UIDs. Any bad row means nothing from the file is written; up to ``maxReportedIssues`` problems are
/// reported, then a count. Memory stays constant in the file size.
public final class DataValueImporter {
    /// The most problems listed in one error.
    public static let maxReportedIssues = 20
    /// What the importer needs of an element; a class so that the per-row cache hands out one reference.
    final class ElementInfo {
        let id: Int32
        let element: DataElement
        let code: String
        let isInteger: Bool
        let allowNegative: Bool
        let valueType: ValueType
        let allowedTypes: Set<PeriodType>?
        let combos: [String: Int32]
        /// The element's combo codes, in the metadata's order, for messages.
        let comboCodes: [String]
        /// Combo field bytes already resolved for this element.
        var comboCache = ByteCache<Int32>()
        /// The codes of its category option combos (its own categories), for an element whose data set has
        /// attribute categories; empty otherwise.
        let categoryCombos: [String]
        /// The codes of its attribute option combos (its data set's attribute categories); empty when it has none.
        let attributeCombos: [String]
        /// Category option combo field bytes already resolved to a code (an element with attribute categories).
        var categoryCache = ByteCache<String>()
        /// Attribute option combo field bytes already resolved to a code (an element with attribute categories).
        var attributeCache = ByteCache<String>()
        /// The last period type found among ``allowedTypes``: a file gives an element's values in one type.
        private var lastAllowed: PeriodType?

        /// Whether a value of this element may be for a period of `type` (asked on every row: a hit is one compare).
        @inline(__always)
        func allows(_ type: PeriodType) -> Bool {
            guard let allowedTypes, type != lastAllowed else { return true }
            guard allowedTypes.contains(type) else { return false }
            lastAllowed = type
            return true
        }

        init(
            id: Int32, element: DataElement, allowedTypes: Set<PeriodType>?, combos: [String: Int32],
            comboCodes: [String], categoryCombos: [String] = [], attributeCombos: [String] = []
        ) {
            self.categoryCombos = categoryCombos
            self.attributeCombos = attributeCombos
            self.id = id
            self.element = element
            code = element.code
            isInteger = element.valueType.isWhole
            allowNegative = element.allowNegative
            valueType = element.valueType
            self.allowedTypes = allowedTypes
            self.combos = combos
            self.comboCodes = comboCodes
        }
    }

    let metadata: Metadata
    let elements: [String: ElementInfo]
    let orgUnits: OrgUnitIDs

    /// An importer that checks values against `metadata` and the store's ids.
    public init(metadata: Metadata, catalog: StoreCatalog) {
        self.metadata = metadata
        var infos: [String: ElementInfo] = [:]
        for element in metadata.elements {
            guard let id = catalog.elements[element.code] else { continue }
            var combos: [String: Int32] = [:]
            for combo in metadata.combos(of: element) {
                if let comboID = catalog.combos[combo.code] { combos[combo.code] = comboID }
            }
            let attributed = !element.attributeCategories.isEmpty
            infos[element.code] = ElementInfo(
                id: id, element: element, allowedTypes: metadata.allowedPeriodTypes(of: element.code), combos: combos,
                comboCodes: metadata.combos(of: element).map(\.code).filter { !$0.isEmpty },
                categoryCombos: attributed ? metadata.disaggregationCombos(of: element).map(\.code) : [],
                attributeCombos: attributed ? metadata.attributeCombos(of: element).map(\.code) : [])
        }
        elements = infos
        orgUnits = catalog.orgUnits
    }

    /// Progress of a long import.
    public struct Progress: Sendable {
        /// Rows read so far.
        public var rows: Int
        /// Bytes read so far.
        public var bytesRead: Int
        /// The file's size, when known.
        public var fileSize: Int?
        /// Seconds since the import started.
        public var seconds: Double

        /// Progress after `rows` rows, `bytesRead` of `fileSize` bytes, `seconds` into the import.
        public init(rows: Int, bytesRead: Int, fileSize: Int?, seconds: Double) {
            self.rows = rows
            self.bytesRead = bytesRead
            self.fileSize = fileSize
            self.seconds = seconds
        }

        /// Rows read a second so far.
        public var rowsPerSecond: Int { Int(Double(rows) / max(seconds, 0.001)) }

        /// The share of the file read, from 0 to 1, when its size is known.
        public var fraction: Double? {
            guard let size = fileSize, size > 0 else { return nil }
            return min(1, Double(bytesRead) / Double(size))
        }

        /// The seconds left at this pace to the end of this reading and `more` readings of the whole file after
        /// it, when the file's size is known and some of it has been read.
        public func secondsLeft(readingsAfter more: Int = 0) -> Int? {
            guard let size = fileSize, size > 0, bytesRead > 0 else { return nil }
            let whole = seconds * Double(size) / Double(bytesRead)
            return Int((whole - seconds + whole * Double(max(0, more))).rounded())
        }

        /// `file: N rows, M rows/s, about S s left` in each language (the time left when ``secondsLeft(readingsAfter:)``
        /// knows it): the line `tally import` rewrites on a terminal, and the import page's progress.
        public func line(file: String, readingsAfter more: Int = 0) -> Localized<String> {
            let rows = ImportSummary.grouped(rows)
            let rate = ImportSummary.grouped(rowsPerSecond)
            var line = Localized(zh: "\(file)：已读\(rows)行，每秒\(rate)行", en: "\(file): \(rows) rows, \(rate) rows/s")
            if let left = secondsLeft(readingsAfter: more) {
                line = Localized(zh: line.zh + "，约剩\(left)秒", en: line.en + ", about \(left) s left")
            }
            return line
        }
    }

    /// Identifiers of another system (DHIS2 UIDs) and their Tally codes; identifiers without a row pass through.
    public var mapping: IdentifierMapping?

    /// The mapping when a mapping file stands behind it, for messages that name the file.
    var fileMapping: IdentifierMapping? { mapping.flatMap { $0.isFile ? $0 : nil } }

    /// The org units a file may write to; `nil`: any. A row naming a unit outside is a problem at its line.
    public var scope: ImportScope?

    /// The names a row's org unit may be given by when it is no code; `nil`: codes only. A name of no unit, or of
    /// several, is a problem at the row's org-unit field.
    public var unitNames: UnitNames?

    /// Decides whether a row may write a value of an element (its code) for a period and an org unit (its store
    /// id): `nil` when it may, else why not, which becomes a problem at the row's field it names.
    /// `nil`: every row may (the command line).
    public var gate: ((String, Period, Int32) throws -> GateRefusal?)?

    /// Which rows write (DHIS2's import strategies): every row by default.
    public var strategy = ImportStrategy.createAndUpdate

    /// Whether a file with bad rows imports its good rows and lists the bad ones in the summary
    /// (``ImportSummary/refused``) instead of importing nothing. Off by default: an import is all-or-nothing.
    public var partial = false

    /// Records a file's complete registrations inside the import's transaction (the workspace's rules); given the
    /// registrations, the transaction's writer, the file's name and how its fields are named; counts into the
    /// summary and returns the problems, by line. Without it (the importer used alone, as the interchange tests
    /// do), registrations are not recorded; every import of Tally's (`tally import`, the upload) sets it.
    public var recordRegistrations:
        (
            (
                _ registrations: [CompleteRegistration], _ writer: any ValueWriter, _ file: String,
                _ kind: ImportIssue.FieldKind, _ summary: inout ImportSummary
            ) throws -> [ImportIssue]
        )?

    /// Runs inside the import's transaction once the staged values are applied (before the file's complete
    /// registrations are recorded, in a dry run too), given the transaction's writer and the summary so far; what
    /// it writes commits or rolls back with the values. Tally's upload sets it to take a clerk's submission back.
    public var afterStaged: ((_ writer: any ValueWriter, _ summary: inout ImportSummary) throws -> Void)?

    /// The elements (store ids) whose staged values ``stagedValues`` records: those the validation rules name.
    public var recordsValuesOf: Set<Int32> = [] {
        didSet {
            let small = recordsValuesOf.filter { $0 >= 0 && $0 < 1 << 16 }
            recorded = Array(repeating: false, count: Int(small.max() ?? -1) + 1)
            for element in small { recorded[Int(element)] = true }
            recordsLargeIDs = small.count < recordsValuesOf.count
        }
    }
    /// ``recordsValuesOf``'s ids below 65,536 (a store's element ids are few and small) by id, so that each row asks
    /// an array, not a hash table; the set itself is asked only when it holds other ids.
    private var recorded: [Bool] = []
    private var recordsLargeIDs = false

    /// The values of the elements of ``recordsValuesOf`` the last import staged: the key, the period, the value
    /// (`nil`: a removal) and the line of the row.
    public private(set) var stagedValues = StagedValueRecord()

    /// At most how many values ``stagedValues`` holds (32 bytes each); beyond, it is emptied and
    /// ``stagedValuesComplete`` is false.
    public var recordsValuesLimit = 1_000_000

    /// Whether ``stagedValues`` holds every value of the elements of ``recordsValuesOf`` the last import staged.
    public private(set) var stagedValuesComplete = true

    /// The sheet the last import read, for a workbook.
    public private(set) var stagedSheet: String?

    /// Whether ``stagedKeys`` records the key of every value staged.
    public var recordsKeys = false

    /// The keys of the values the last import staged, in the order of the rows, when ``recordsKeys`` is set.
    public private(set) var stagedKeys: [ValueKey] = []

    /// The periods of the values the last import staged, when ``recordsKeys`` is set.
    public private(set) var stagedPeriods: Set<Period> = []

    /// Imports one CSV file.
    ///
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - encoding: the file's text encoding; GBK and GB18030 are converted as the file is read.
    ///   - store: where to write.
    ///   - user: who imports (used when a row has no `storedby`).
    ///   - time: the import time, seconds since 1970 (used when a row has no `lastupdated`).
    ///   - dryRun: check everything and count what would change, but write nothing.
    ///   - progress: called about every 65,536 rows.
    /// - Throws: ``ImportError`` listing the problems; nothing is written then.
    public func importFile(
        path: String, encoding: TextEncoding = .utf8, into store: any Store, user: String, time: Int64,
        dryRun: Bool = false, progress: ((Progress) -> Void)? = nil
    ) throws -> ImportSummary {
        let source: CSVRowSource
        do {
            source = try CSVRowSource(path: path, encoding: encoding)
        } catch {
            throw ImportError(file: path, issues: [error], total: 1)
        }
        return try importRows(from: source, into: store, user: user, time: time, dryRun: dryRun, progress: progress)
    }

    /// Imports CSV bytes held in memory (the same rules as a file).
    public func importBytes(
        _ bytes: [UInt8], name: String, encoding: TextEncoding = .utf8, into store: any Store, user: String,
        time: Int64, dryRun: Bool = false
    ) throws -> ImportSummary {
        let source = CSVRowSource(bytes: bytes, name: name, encoding: encoding)
        return try importRows(from: source, into: store, user: user, time: time, dryRun: dryRun, progress: nil)
    }

    /// Imports the rows of any source (CSV, DHIS2 JSON, ADX) in one transaction, with the same checks.
    ///
    /// - Throws: ``ImportError`` listing the problems; nothing is written then.
    public func importRows<Source: DataValueRowSource>(
        from source: Source, into store: any Store, user: String, time: Int64, dryRun: Bool = false,
        progress: ((Progress) -> Void)? = nil
    ) throws -> ImportSummary {
        let file = source.name
        var summary = ImportSummary(file: file)
        summary.dryRun = dryRun
        summary.strategy = strategy.rawValue
        stagedKeys = []
        stagedPeriods = []
        // Room for the recorded values at once (pages are used only as values fill them: no copy as it grows).
        stagedValues = StagedValueRecord(capacity: recorded.isEmpty ? 0 : min(recordsValuesLimit, 1 << 20))
        stagedValuesComplete = true
        stagedSheet = source.sheet
        var issues: [ImportIssue] = []
        var total = 0
        var sourceFailed = false
        func report(_ issue: ImportIssue) {
            total += 1
            if issues.count < Self.maxReportedIssues { issues.append(issue) }
        }
        let clock = ContinuousClock()
        let started = clock.now
        let batch = WriteBatch(source: file, user: user, time: time)
        let naming = Naming(file: file, names: source.fieldNames, kind: source.fieldKind, sheet: source.sheet)
        try store.write(batch, commit: !dryRun) { writer in
            var row = DataValueRow()
            var state = RowState()
            while true {
                let more: Bool
                do throws(ImportIssue) {
                    more = try source.next(into: &row)
                } catch {
                    // The file cannot be read on: nothing is written, even in a partial import.
                    report(error)
                    sourceFailed = true
                    break
                }
                guard more else { break }
                summary.rows += 1
                if summary.rows & 0xFFFF == 0, let progress {
                    progress(
                        Progress(
                            rows: summary.rows, bytesRead: source.bytesRead, fileSize: source.fileSize,
                            seconds: Self.seconds(clock.now - started)))
                }
                if let issue = row.issue {
                    report(issue)
                    continue
                }
                do {
                    try importRow(row, naming: naming, writer: writer, state: &state)
                } catch let issue as ImportIssue {
                    report(issue)
                }
            }
            // The staged rows are applied block by block, whatever their order in the file; a value given twice is
            // found here, and reported at its line among the other problems.
            let staged = try writer.applyStaged(reporting: Self.maxReportedIssues, strategy: strategy.writes)
            summary.count(staged)
            summary.count(state.texts)
            summary.texts = state.textRows
            if staged.duplicates + state.textDuplicateCount > 0 {
                let first = (staged.firstDuplicates + state.textDuplicates).sorted { $0.row < $1.row }
                let duplicates = duplicateIssues(first, naming: naming, state: state)
                issues = Self.merged(issues, duplicates, limit: Self.maxReportedIssues)
                total += staged.duplicates + state.textDuplicateCount
            }
            if !sourceFailed, total == 0 || partial, let afterStaged { try afterStaged(writer, &summary) }
            if !sourceFailed && !source.registrations.isEmpty {
                let found = try registrationIssues(source, writer: writer, summary: &summary)
                issues = Self.merged(issues, found, limit: Self.maxReportedIssues)
                total += found.count
            }
            if partial && !sourceFailed {
                // The good rows are written; the bad ones are listed (a value given twice keeps its first row).
                summary.refused = total
                summary.refusedIssues = issues
                summary.unmapped = state.unmapped.list
                total = 0
            }
            if total > 0 {
                // Throwing inside the transaction rolls it back: nothing from the file is written.
                throw ImportError(
                    file: file, issues: issues, total: total, unmapped: state.unmapped.list,
                    mappingFile: fileMapping?.file)
            }
        }
        summary.skipped = source.skipped
        return summary
    }

    /// Records the source's complete registrations through ``recordRegistrations``; the problems, by line.
    private func registrationIssues<Source: DataValueRowSource>(
        _ source: Source, writer: any ValueWriter, summary: inout ImportSummary
    ) throws -> [ImportIssue] {
        // The importer alone keeps no reports: only the workspace's import records registrations.
        guard let recordRegistrations else { return [] }
        return try recordRegistrations(source.registrations, writer, source.name, source.fieldKind, &summary)
    }

    /// The issues of two lists, each in the order of its lines, as one list in that order (the first list's
    /// issues before the second's on the same line), at most `limit`.
    static func merged(_ a: [ImportIssue], _ b: [ImportIssue], limit: Int) -> [ImportIssue] {
        var out: [ImportIssue] = []
        var i = 0
        var j = 0
        while out.count < limit && (i < a.count || j < b.count) {
            if j == b.count || i < a.count && a[i].line <= b[j].line {
                out.append(a[i])
                i += 1
            } else {
                out.append(b[j])
                j += 1
            }
        }
        return out
    }

    /// The problems of values given twice: the element, combo, org unit and period by their codes, and the line
    /// that gave each first.
    func duplicateIssues(_ duplicates: [StagedDuplicate], naming: Naming, state: RowState) -> [ImportIssue] {
        var elementCodes: [Int32: (code: String, combos: [Int32: String])] = [:]
        for info in elements.values {
            elementCodes[info.id] = (info.code, Dictionary(info.combos.map { ($0.value, $0.key) }) { a, _ in a })
        }
        let wanted = Set(duplicates.map(\.key.orgUnit))
        var unitCodes: [Int32: String] = [:]
        for (code, id) in orgUnits where wanted.contains(id) { unitCodes[id] = code }
        return duplicates.map { duplicate in
            let key = duplicate.key
            let element = elementCodes[key.element]
            let combo = element?.combos[key.combo] ?? ""
            let value = "\(element?.code ?? "\(key.element)")\(combo.isEmpty ? "" : ".\(combo)")"
            let unit = unitCodes[key.orgUnit] ?? "\(key.orgUnit)"
            let period = state.periodIdentifiers[key.period] ?? "\(key.period)"
            let first = "\(naming.sheet == nil ? "line" : "row") \(duplicate.firstRow)"
            var issue = ImportIssue(
                .duplicate, file: naming.file, line: duplicate.row, column: nil,
                detail: Localized(
                    zh: "\(unit) 在 \(period) 的 \(value) 在本文件中出现了不止一次（首次在第 \(duplicate.firstRow) 行）；每个数值只保留一行",
                    en:
                        "\(value) for \(unit) in \(period) appears more than once in this file (first at \(first)); keep one row per value"
                ))
            issue.sheet = naming.sheet
            issue.fieldKind = naming.kind
            return issue
        }
    }

    /// How the fields of a source are named in messages.
    struct Naming {
        let file: String
        let names: [String]
        let kind: ImportIssue.FieldKind
        let sheet: String?
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, a) = d.components
        return Double(s) + Double(a) / 1e18
    }

    /// Caches of the last resolved field values: import files repeat them row after row.
    struct RowState {
        var element = ByteCache<ElementInfo>()
        var fieldLimit = 0
        var period = FieldMemo<(Period, Int32)>(limit: 1 << 16)
        var orgUnit = FieldMemo<Int32>(limit: 1 << 20)
        /// As many texts as the org units': a file names a clerk per village as often as not (DHIS2's `storedby`),
        /// and a memo smaller than the people of a file grouped by period starts empty again before any name
        /// comes back, so every row resolves its person anew (a fifth of the import of 400,000 villages).
        var storedBy = FieldMemo<Int32>(limit: 1 << 20)
        /// A reference, so that resolving closures can add to it while a cache of the state is being resolved.
        let unmapped = UnmappedList()
        /// The identifier of every period id resolved, for the messages about values given twice.
        var periodIdentifiers: [Int32: String] = [:]
        /// The outcomes of the text values written.
        var texts = StagedOutcomes()
        /// Rows of text values written.
        var textRows = 0
        /// The line of the first row of each text value, for the message about a text given twice.
        var textLines: [ValueKey: Int] = [:]
        /// The first text values given twice (the numbers' are listed by the store), and how many there were.
        var textDuplicates: [StagedDuplicate] = []
        var textDuplicateCount = 0
    }

    /// Distinct identifiers that were neither mapped nor Tally codes, in the order found (at most 1,000).
    final class UnmappedList {
        var list: [String] = []
        var seen: Set<String> = []

        func add(_ kind: IdentifierMapping.Kind, _ id: String) {
            let entry = "\(kind.rawValue) \(id)"
            guard list.count < 1000, seen.insert(entry).inserted else { return }
            list.append(entry)
        }
    }

    private func importRow(
        _ row: DataValueRow, naming: Naming, writer: any ValueWriter, state: inout RowState
    ) throws {
        let r = row.record
        let layout = row.layout
        let file = naming.file
        let line = r.line
        if naming.kind == .column {
            if state.fieldLimit == 0 {
                state.fieldLimit = max(layout.count(where: { $0 >= 0 }), (layout.max() ?? 0) + 1)
            }
            // Empty fields after the last column (a trailing comma, as spreadsheets write) are ignored.
            if r.count > state.fieldLimit, (state.fieldLimit..<r.count).contains(where: { !r.isEmpty($0) }) {
                let hint =
                    r.count == state.fieldLimit + 1
                    ? Localized(
                        zh: "（带千位分隔符的数字，如 1,234，会被拆成两个字段：请写成 1234）",
                        en:
                            " (a number written with a thousands separator, such as 1,234, is split in two: write it as 1234)"
                    )
                    : .empty
                let named = layout.count(where: { $0 >= 0 })
                throw ImportIssue(
                    .tooManyFields, file: file, line: line, column: nil,
                    detail: Localized(
                        zh: "这一行有\(r.count)个字段，但表头只列了\(named)列；含逗号的字段必须加引号\(hint.zh)",
                        en:
                            "this row has \(r.count) fields but the header names \(named); a field with a comma must be quoted\(hint.en)"
                    ))
            }
        }
        func field(_ c: Int) -> Int? {
            let i = layout[c]
            return i >= 0 && i < r.count ? i : nil
        }
        func text(_ c: Int) -> String {
            guard let i = field(c) else { return "" }
            return r.string(i).trimmed
        }
        // The local functions below capture these, not `row`: capturing the row copied it on every record.
        let fieldLines = row.fieldLines
        let fieldNames = row.fieldNames
        func issue(_ code: ImportIssue.Code, _ c: Int, _ detail: Localized<String>) -> ImportIssue {
            let fieldLine = c < fieldLines.count && fieldLines[c] > 0 ? fieldLines[c] : line
            let fieldName = c < fieldNames.count && !fieldNames[c].isEmpty ? fieldNames[c] : naming.names[c]
            var issue = ImportIssue(
                code, file: file, line: fieldLine, column: fieldName, detail: detail, fieldKind: naming.kind)
            issue.sheet = naming.sheet
            return issue
        }
        let unmappedList = state.unmapped
        /// The Tally code for an identifier, and whether the mapping file gave it.
        func mapped(_ kind: IdentifierMapping.Kind, _ s: String) -> (code: String, isMapped: Bool) {
            guard let mapping, let code = mapping.tally(kind, s) else { return (s, false) }
            return (code, true)
        }
        /// The issue for an identifier `s` that names nothing: `predicate` says what the code it stands for is
        /// not ("is not a data element; expected …"), after the mapping when one was used.
        func unknown(
            _ kind: IdentifierMapping.Kind, _ s: String, as code: String, _ predicate: Localized<String>,
            _ issueCode: ImportIssue.Code, _ c: Int
        ) -> ImportIssue {
            let what = Localized(zh: "“\(code)”\(predicate.zh)", en: "'\(code)' \(predicate.en)")
            guard let mapping = fileMapping else { return issue(issueCode, c, what) }
            if mapping.tally(kind, s) != nil {
                return issue(
                    issueCode, c,
                    Localized(
                        zh: "“\(s)”在 \(mapping.file) 中映射为“\(code)”，但\(what.zh)",
                        en: "'\(s)' is mapped to '\(code)' in \(mapping.file), but \(what.en)"))
            }
            unmappedList.add(kind, s)
            return issue(
                .unmappedIdentifier, c,
                Localized(
                    zh: "“\(s)”不在映射文件 \(mapping.file)（类别 \(kind.rawValue)）中，而且\(predicate.zh)",
                    en: "'\(s)' is not in the mapping file \(mapping.file) (kind \(kind.rawValue)) and \(predicate.en)")
            )
        }
        /// The Tally code of an identifier of a kind read through an identifier scheme (`--id-scheme name`), or `nil`
        /// when the kind's identifiers are codes or the mapping file's rows; `what` names the kind in a sentence.
        /// An identifier that is not one of the scheme's, or that several share, is a problem at column `c`.
        func schemed(
            _ kind: IdentifierMapping.Kind, _ s: String, _ c: Int, _ issueCode: ImportIssue.Code,
            _ what: Localized<String>
        ) throws(ImportIssue) -> String? {
            guard let mapping, let scheme = mapping.scheme(kind) else { return nil }
            if let codes = mapping.sharing(kind, s) {
                throw issue(
                    kind == .orgUnit ? .ambiguousOrgUnit : .ambiguousIdentifier, c,
                    Localized(
                        zh:
                            "按 \(scheme.zh)，“\(s)”同时是\(codes.count)个\(what.zh)的标识：\(codes.joined(separator: "、"))；请改用代码",
                        en:
                            "by \(scheme.en), '\(s)' identifies \(codes.count) of the \(what.en)s: \(codes.joined(separator: ", ")); use the code"
                    ))
            }
            guard let code = mapping.tally(kind, s) else {
                throw issue(
                    issueCode, c,
                    Localized(
                        zh: "按 \(scheme.zh)，“\(s)”不是任何\(what.zh)的标识",
                        en: "by \(scheme.en), '\(s)' identifies no \(what.en)"))
            }
            return code
        }
        /// Field `i` (column `c`) as text that is stored: it must be valid UTF-8.
        func validated(_ r: CSVRecord, _ i: Int, _ c: Int) throws(ImportIssue) -> String {
            do {
                return try r.validatedString(i)
            } catch {
                throw ImportIssue(
                    .invalidText, file: file, line: error.line ?? line, column: DataValueColumns.names[c],
                    detail: Localized(
                        zh: "文字不是有效的 UTF-8；文件多半是 GBK/GB18030 编码（中文 Excel 默认这样保存）。"
                            + "请另存为 UTF-8（Excel 中：另存为“CSV UTF-8（逗号分隔）”）后重新导入",
                        en:
                            "the text is not valid UTF-8; the file is probably GBK/GB18030-encoded (as saved by Chinese Excel). "
                            + "Save it as UTF-8 (in Excel: Save As, \"CSV UTF-8 (Comma delimited)\") and import it again"
                    ))
            }
        }
        /// The canonical form of a field's text (see `Canonical`): the one form every lookup and the write use.
        func canonical(_ text: String, _ c: Int, as kind: Canonical.Kind = .code) throws(ImportIssue) -> String {
            do {
                return try Canonical.canonical(text, as: kind)
            } catch {
                throw issue(.refusedCharacter, c, error.messages())
            }
        }
        // The org unit's and the person's memos probed first, looked up after the element and period (see
        // `FieldMemo.Probe`).
        let unitProbe = field(2).flatMap { state.orgUnit.probe(r, $0) }
        let personProbe = field(6).flatMap { state.storedBy.probe(r, $0) }
        // Element
        guard let ei = field(0), !r.isEmpty(ei) else {
            throw issue(
                .missingField, 0,
                Localized(zh: "数据项为空；应为数据项代码", en: "the data element is empty; expected an element code"))
        }
        let info =
            try state.element.cached(r, ei)
            ?? state.element.resolve(r, ei) {
                (raw: String) throws(ImportIssue) -> ElementInfo in
                let s = try canonical(raw, 0)
                let code =
                    try schemed(.element, s, 0, .unknownElement, Localized(zh: "数据项", en: "data element"))
                    ?? mapped(.element, s).code
                guard let info = elements[code] else {
                    let predicate = Localized(
                        zh: "不是数据项；应为以下之一：\(metadata.elements.map(\.code).joined(separator: "、"))",
                        en:
                            "is not a data element; expected one of: \(metadata.elements.map(\.code).joined(separator: ", "))"
                    )
                    throw unknown(.element, s, as: code, predicate, .unknownElement, 0)
                }
                return info
            }
        let elementCode = info.code
        // Period
        guard let pi = field(1), !r.isEmpty(pi) else {
            throw issue(
                .missingField, 1, Localized(zh: "期间为空；应为如 202510", en: "the period is empty; expected e.g. 202510"))
        }
        // Each memo is asked first on its own: the resolving closure (and what it captures) is made only for a text
        // not seen before.
        let (period, periodID) =
            try state.period.known(r, pi)
            ?? state.period.resolve(r, pi) {
                (raw: String) throws(ImportIssue) -> (Period, Int32) in
                let s = try canonical(raw, 1)
                let p: Period
                do {
                    p = try Period(s)
                } catch {
                    throw issue(
                        .malformedPeriod, 1, (error as? PeriodError)?.messages ?? Localized(verbatim: "\(error)"))
                }
                if p.count > 1 {
                    throw issue(
                        .malformedPeriod, 1,
                        Localized(
                            zh: "“\(s)”是期间范围；一个数值只属于单个期间，如 \(p.first.identifier)",
                            en:
                                "'\(s)' is a range of periods; a value belongs to a single period such as \(p.first.identifier)"
                        ))
                }
                do {
                    return (p, try writer.periodID(p))
                } catch {
                    throw issue(.unreadable, 1, Localized(verbatim: "\(error)"))
                }
            }
        if state.period.isFresh { state.periodIdentifiers[periodID] = period.identifier }
        if !info.allows(period.type), let allowed = info.allowedTypes {
            throw issue(.periodTypeNotAllowed, 1, Self.wrongPeriodType(period, elementCode, allowed))
        }
        // Org unit
        guard let oi = field(2), !r.isEmpty(oi) else {
            throw issue(
                .missingField, 2, Localized(zh: "单位为空；应为单位代码", en: "the org unit is empty; expected an org unit code"))
        }
        let orgUnitID =
            try state.orgUnit.known(r, oi, probe: unitProbe)
            ?? state.orgUnit.resolve(r, oi) {
                (raw: String) throws(ImportIssue) -> Int32 in
                let s = try canonical(raw, 2)
                var code =
                    try schemed(.orgUnit, s, 2, .unknownOrgUnit, Localized(zh: "单位", en: "org unit"))
                    ?? mapped(.orgUnit, s).code
                var found = orgUnits[code]
                if found == nil, let unitNames {
                    let named = unitNames.units[s] ?? []
                    guard named.count <= 1 else {
                        let list = named.map { "\($0.code) (\($0.parent))" }
                        throw issue(
                            .ambiguousOrgUnit, 2,
                            Localized(
                                zh:
                                    "“\(s)”是\(unitNames.within.zh)内\(named.count)个单位的名称：\(list.joined(separator: "、"))；请改用单位代码",
                                en:
                                    "'\(s)' is the name of \(named.count) units in \(unitNames.within.en): \(list.joined(separator: ", ")); use the unit's code"
                            ))
                    }
                    if let unit = named.first {
                        found = unit.id
                        code = unit.code
                    } else {
                        throw issue(
                            .unknownOrgUnit, 2,
                            Localized(
                                zh: "“\(s)”既不是单位代码，也不是\(unitNames.within.zh)内单位的名称；请改正单位名称或代码",
                                en:
                                    "'\(s)' is neither an org unit code nor the name of a unit in \(unitNames.within.en); correct the name or code"
                            ))
                    }
                }
                guard let id = found else {
                    let predicate = Localized(
                        zh: "不是单位代码；请先用“tally orgunits import”导入该单位，或改正代码",
                        en: "is not an org unit code; load it with 'tally orgunits import' first or correct the code")
                    throw unknown(.orgUnit, s, as: code, predicate, .unknownOrgUnit, 2)
                }
                if let scope, !scope.orgUnits.contains(id) {
                    throw issue(
                        .outsideSubtree, 2,
                        Localized(
                            zh: "单位“\(code)”不在\(scope.top)及其下级单位之内；只能导入本单位及下级单位的数据",
                            en:
                                "the org unit '\(code)' is outside \(scope.top) and the units below it, the only ones this import may write"
                        ))
                }
                return id
            }
        if let gate, let refusal = try gate(elementCode, period, orgUnitID) {
            throw issue(refusal.code, refusal.field.rawValue, refusal.sentence)
        }
        // Combo: resolved once per element and distinct field bytes.
        let comboID: Int32
        /// The code of a combo field `c` (3: category option combo, 4: attribute option combo) through the scheme or
        /// the mapping file's rows; empty for the default.
        func comboCode(_ raw: String, _ c: Int) throws(ImportIssue) -> String {
            let s = try canonical(raw, c)
            if IdentifierMapping.isDefaultCombo(s) { return "" }
            let what =
                c == 3
                ? Localized(zh: "分类组合", en: "category option combo")
                : Localized(zh: "属性选项组合", en: "attribute option combo")
            let kind: IdentifierMapping.Kind = c == 3 ? .combo : .attributeCombo
            let code =
                try schemed(kind, s, c, c == 3 ? .unknownCombo : .attributeCombo, what) ?? mapped(kind, s).code
            return IdentifierMapping.isDefaultCombo(code) ? "" : code
        }
        if !info.attributeCombos.isEmpty {
            comboID = try attributedCombo(info, field(3), field(4), r, comboCode, issue)
        } else {
            if let ci = field(3) {
                comboID =
                    try info.comboCache.cached(r, ci)
                    ?? info.comboCache.resolve(r, ci) {
                        (raw: String) throws(ImportIssue) -> Int32 in
                        var comboText = try canonical(raw, 3)
                        do throws(ImportIssue) {
                            if !IdentifierMapping.isDefaultCombo(comboText),
                                let code = try schemed(
                                    .combo, comboText, 3, .unknownCombo,
                                    Localized(zh: "分类组合", en: "category option combo"))
                            {
                                comboText = code
                            }
                            return try resolveCombo(comboText, info, issue)
                        } catch {
                            if error.code == .unmappedIdentifier { unmappedList.add(.combo, comboText) }
                            throw error
                        }
                    }
            } else {
                comboID = try resolveCombo("", info, issue)
            }
            if let ai = field(4), !r.isEmpty(ai) {
                let attribute = mapped(.attributeCombo, text(4)).code
                if !IdentifierMapping.isDefaultCombo(attribute) {
                    throw issue(
                        .attributeCombo, 4,
                        Localized(
                            zh: "“\(attribute)”是属性选项组合，但“\(elementCode)”所在的报表没有属性分类；请留空或写“default”",
                            en:
                                "'\(attribute)' is an attribute option combo, but the data set of '\(elementCode)' has no attribute categories, so leave it empty or 'default'"
                        ))
                }
            }
        }
        // Flags, time, who
        let marked = try field(10).map { r.isEmpty($0) ? false : try flag(text(10), 10, issue) } ?? false
        if marked && (strategy == .create || strategy == .update) {
            throw issue(
                .badFlag, 10,
                Localized(
                    zh: "这一行标为删除，但导入策略是 \(strategy.rawValue)；删除要用策略 delete 或 create-and-update",
                    en:
                        "the row is marked deleted, but the import strategy is \(strategy.rawValue); removals need the strategy delete or create-and-update"
                ))
        }
        // The delete strategy removes every value the file names, whatever its value field holds.
        let deleted = marked || strategy == .delete
        let followUp = try field(9).map { r.isEmpty($0) ? false : try flag(text(9), 9, issue) } ?? false
        var time: Int64?
        if let ti = field(7), !r.isEmpty(ti) {
            // Times differ on nearly every row: read from the field's bytes, without making a string.
            time = r.withBytes(ti) { b in
                var start = 0
                var end = b.count
                while start < end, b[start] == 32 || b[start] == 9 { start += 1 }
                while end > start, b[end - 1] == 32 || b[end - 1] == 9 { end -= 1 }
                return Timestamp.parse(UnsafeBufferPointer(rebasing: b[start..<end]))
            }
            if time == nil {
                let s = text(7)
                throw issue(
                    .badTimestamp, 7,
                    Localized(
                        zh: "“\(s)”不是时间；应为如 2025-11-08T09:30:00Z 或 2025-11-08",
                        en: "'\(s)' is not a time; expected e.g. 2025-11-08T09:30:00Z or 2025-11-08"))
            }
        }
        var actor: Int32?
        if let si = field(6), !r.isEmpty(si) {
            actor =
                try state.storedBy.known(r, si, probe: personProbe)
                ?? state.storedBy.resolve(r, si) {
                    (raw: String) throws(ImportIssue) -> Int32 in
                    let name = try canonical(try validated(r, si, 6), 6, as: .name)
                    do {
                        return try writer.actorID(name)
                    } catch {
                        throw issue(.unreadable, 6, Localized(verbatim: "\(error)"))
                    }
                }
        }
        let key = ValueKey(element: info.id, period: periodID, orgUnit: orgUnitID, combo: comboID)
        if recordsKeys {
            stagedKeys.append(key)
            stagedPeriods.insert(period)
        }
        if info.valueType.isText {
            // Text values are written at once, beside the staged numbers, in the same transaction.
            let outcome: TextOutcome
            if deleted {
                outcome = try writer.deleteText(key, by: actor, at: time)
            } else {
                guard let vi = field(5), !r.isEmpty(vi) else {
                    throw issue(
                        .missingField, 5,
                        Localized(
                            zh: "数值为空；应为文字（缺失的数值不写这一行，而不是留空）",
                            en:
                                "the value is empty; expected a text (missing values are left out, not written as empty)"
                        ))
                }
                let text: String
                switch TextValue.canonical(try validated(r, vi, 5), element: elementCode, type: info.valueType) {
                case .success(let t): text = t
                case .failure(let problem): throw issue(problem.code, 5, problem.detail)
                }
                guard !text.isEmpty else {
                    throw issue(
                        .missingField, 5,
                        Localized(zh: "数值为空；应为文字", en: "the value is empty; expected a text"))
                }
                let comment = try field(8).flatMap { (i: Int) throws(ImportIssue) -> String? in
                    r.isEmpty(i) ? nil : try canonical(try validated(r, i, 8), 8, as: .text)
                }
                outcome = try writer.writeText(
                    TextWrite(key: key, text: text, actor: actor, time: time, comment: comment, followUp: followUp),
                    strategy: strategy.writes)
            }
            if outcome == .duplicate {
                // Reported with the numbers given twice, after the rows are read.
                state.textDuplicateCount += 1
                if state.textDuplicates.count < Self.maxReportedIssues {
                    state.textDuplicates.append(
                        StagedDuplicate(row: line, key: key, firstRow: state.textLines[key] ?? line))
                }
                return
            }
            if state.textLines[key] == nil { state.textLines[key] = line }
            state.texts.count(outcome)
            state.textRows += 1
            return
        }
        if deleted {
            try writer.stageRemoval(key, by: actor, at: time, row: line)
            recordValue(key, StagedValue(period: period, value: nil, line: line))
        } else {
            guard let vi = field(5), !r.isEmpty(vi) else {
                throw issue(
                    .missingField, 5,
                    Localized(
                        zh: "数值为空；应为数字（缺失的数值不写这一行，而不是留空）",
                        en: "the value is empty; expected a number (missing values are left out, not written as empty)")
                )
            }
            let checked = r.withBytes(vi) { bytes in Self.checkedValue(bytes, info: info) }
            let value: Double
            switch checked {
            case .success(let v): value = v
            case .failure(let problem): throw issue(problem.code, 5, problem.detail)
            }
            let comment = try field(8).flatMap { (i: Int) throws(ImportIssue) -> String? in
                r.isEmpty(i) ? nil : try canonical(try validated(r, i, 8), 8, as: .text)
            }
            var write = ValueWrite(key: key, value: value, time: time, comment: comment, followUp: followUp)
            write.actor = actor
            try writer.stage(write, row: line)
            recordValue(key, StagedValue(period: period, value: value, line: line))
        }
    }

    /// Keeps a staged value in ``stagedValues`` when its element is recorded, up to ``recordsValuesLimit``.
    private func recordValue(_ key: ValueKey, _ value: StagedValue) {
        guard stagedValuesComplete else { return }
        let element = Int(key.element)
        guard
            (element >= 0 && element < recorded.count && recorded[element])
                || (recordsLargeIDs && recordsValuesOf.contains(key.element))
        else { return }
        if stagedValues.count >= recordsValuesLimit {
            stagedValuesComplete = false
            stagedValues = StagedValueRecord()
            return
        }
        stagedValues.append(key, value)
    }

    func resolveCombo(
        _ text: String, _ info: ElementInfo, _ issue: (ImportIssue.Code, Int, Localized<String>) -> ImportIssue
    ) throws(ImportIssue) -> Int32 {
        // Under an identifier scheme the text is already the combo's code (resolved once, by the caller).
        let throughRows = mapping?.scheme(.combo) == nil
        let comboText = throughRows ? mapping?.tally(.combo, text) ?? text : text
        let combos = Localized(
            zh: info.comboCodes.joined(separator: "、"), en: info.comboCodes.joined(separator: ", "))
        if IdentifierMapping.isDefaultCombo(comboText) {
            guard let id = info.combos[""] else {
                throw issue(
                    .unknownCombo, 3,
                    Localized(
                        zh: "“\(info.code)”是分类的；应为以下之一：\(combos.zh)",
                        en: "'\(info.code)' is disaggregated; expected one of: \(combos.en)"))
            }
            return id
        }
        if let id = info.combos[comboText] { return id }
        let expected =
            info.comboCodes.isEmpty
            ? Localized(
                zh: "“\(info.code)”没有分类，请留空", en: "'\(info.code)' has no categories, so leave it empty")
            : Localized(zh: "应为以下之一：\(combos.zh)", en: "expected one of: \(combos.en)")
        if let mapping = fileMapping, throughRows, comboText == text, info.combos[text] == nil {
            throw issue(
                .unmappedIdentifier, 3,
                Localized(
                    zh: "“\(text)”不在映射文件 \(mapping.file)（类别 combo）中，也不是“\(info.code)”的分类组合；\(expected.zh)",
                    en:
                        "'\(text)' is not in the mapping file \(mapping.file) (kind combo) and not a category option combo of '\(info.code)'; \(expected.en)"
                ))
        }
        throw issue(
            .unknownCombo, 3,
            Localized(
                zh: "“\(comboText)”不是“\(info.code)”的分类组合；\(expected.zh)",
                en: "'\(comboText)' is not a category option combo of '\(info.code)'; \(expected.en)"))
    }

    /// The sentence for a value of `period` for `element`, whose datasets are reported in the `allowed` types.
    static func wrongPeriodType(_ period: Period, _ element: String, _ allowed: Set<PeriodType>) -> Localized<String> {
        let types = allowed.sorted().map(\.rawValue)
        return Localized(
            zh:
                "“\(period.identifier)”是\(period.type.names.zh)期间，但“\(element)”按 \(types.joined(separator: " 或 ")) 报送（其报表的期间类型）",
            en:
                "'\(period.identifier)' is a \(period.type.rawValue) period, but '\(element)' is reported \(types.joined(separator: " or ")) (its dataset's period type)"
        )
    }

    private func flag(
        _ s: String, _ c: Int, _ issue: (ImportIssue.Code, Int, Localized<String>) -> ImportIssue
    ) throws(ImportIssue) -> Bool {
        switch s.lowercased() {
        case "", "false", "0", "no": return false
        case "true", "1", "yes": return true
        default: throw issue(.badFlag, c, Localized(zh: "“\(s)”不是 true 或 false", en: "'\(s)' is not true or false"))
        }
    }

    /// The largest whole number a `Double` holds exactly, 2^53; counts above it are refused.
    static let largestExactInteger = 9_007_199_254_740_992.0

    /// What ``unusualNumber(_:)`` makes of a field that is not a plain ASCII number.
    enum UnusualNumber: Equatable {
        /// A number after all: written with full-width digits (１２３), as a Chinese input method types them.
        case value(Double)
        /// Not a number; the text finishes the sentence "'…' …".
        case problem(Localized<String>)
    }

    /// Reads a value field that ``number(_:)`` refused: full-width digits, sign and point are accepted as
    /// their ASCII forms (the number is the same, only the glyphs are wider); anything else gets a sentence
    /// saying what is wrong — thousands separators, infinities and NaN, numbers too large, other text.
    static func unusualNumber(_ b: UnsafeBufferPointer<UInt8>) -> UnusualNumber {
        let text = String(decoding: b, as: UTF8.self).trimmed
        var ascii: [UInt8] = []
        var fullWidth = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19:  // full-width digits
                ascii.append(UInt8(scalar.value - 0xFF10) + 48)
                fullWidth = true
            case 0xFF0B, 0xFF0D, 0x2212:  // full-width plus and minus, minus sign
                ascii.append(scalar.value == 0xFF0B ? 43 : 45)
                fullWidth = true
            case 0xFF0E:  // full-width full stop
                ascii.append(46)
                fullWidth = true
            case 0x3000:  // ideographic space
                fullWidth = true
            default:
                if scalar.isASCII { ascii.append(UInt8(scalar.value)) } else { ascii.append(0xFF) }
            }
        }
        if fullWidth, let value = ascii.withUnsafeBufferPointer({ number($0) }) {
            return .value(value)
        }
        let lower = String(decoding: ascii, as: UTF8.self).lowercased()
        let unsigned = lower.hasPrefix("-") || lower.hasPrefix("+") ? String(lower.dropFirst()) : lower
        if ["nan", "inf", "infinity"].contains(unsigned) {
            return .problem(
                Localized(
                    zh: "不是数字；数值必须是有限的数，如 42 或 3.5",
                    en: "is not a number; a value must be a finite number such as 42 or 3.5"))
        }
        let groups = unsigned.split(separator: ".", maxSplits: 1)
        if let whole = groups.first, whole.contains(","),
            whole.split(separator: ",", omittingEmptySubsequences: false).enumerated().allSatisfy({ k, group in
                group.allSatisfy(\.isASCII) && group.allSatisfy(\.isNumber)
                    && (k == 0 ? (1...3).contains(group.count) : group.count == 3)
            })
        {
            let plain = lower.filter { $0 != "," }
            return .problem(
                Localized(
                    zh: "带有千位分隔符，数值中不允许；请写成 \(plain)",
                    en: "has a thousands separator, which is not allowed in a value; write it as \(plain)"))
        }
        if ascii.allSatisfy({ (48...57).contains($0) || [43, 45, 46, 69, 101].contains($0) }),
            let v = Double(String(decoding: ascii, as: UTF8.self)), !v.isFinite
        {
            return .problem(
                Localized(
                    zh: "太大，无法保存；数值必须小于约 1.8e308", en: "is too large to store; a value must be below about 1.8e308"))
        }
        return .problem(
            Localized(
                zh: "不是数字；应为 42 或 3.5 之类的数字（不带千位分隔符或单位）",
                en: "is not a number; expected digits such as 42 or 3.5 (no thousands separators or units)"))
    }

    /// Parses a plain decimal number: optional sign, digits, optional fraction and exponent, surrounding
    /// spaces allowed. Thousands separators, units, `inf`, `nan` and hexadecimal are refused.
    static func number(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var start = 0
        var end = b.count
        while start < end, b[start] == 32 || b[start] == 9 { start += 1 }
        while end > start, b[end - 1] == 32 || b[end - 1] == 9 { end -= 1 }
        guard start < end else { return nil }
        var i = start
        var negative = false
        if b[i] == 45 || b[i] == 43 {
            negative = b[i] == 45
            i += 1
        }
        var integer: Int64 = 0
        var digits = 0
        while i < end, b[i] >= 48, b[i] <= 57, digits < 18 {
            integer = integer * 10 + Int64(b[i] - 48)
            digits += 1
            i += 1
        }
        if i == end && digits > 0 {
            return Double(negative ? -integer : integer)
        }
        // Slow path: check the characters, then let the standard library convert.
        var sawDigit = digits > 0
        for k in i..<end {
            let c = b[k]
            switch c {
            case 48...57: sawDigit = true
            case 46, 101, 69, 43, 45: break
            default: return nil
            }
        }
        guard sawDigit, let v = Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)),
            v.isFinite
        else { return nil }
        return v
    }
}

/// Remembers what each distinct field text resolved to (periods, org units, people), up to a number of texts:
/// files sorted by org unit, by element or not at all change these fields on nearly every row, where a cache of the
/// last value alone would resolve them again each time.
///
/// An open-addressing table of 32-byte slots, each holding the text's first 20 bytes, a hash's upper bits with the
/// text's length, the index of its value and — when the value is an `Int32`, as an org unit's or a person's id is —
/// the value itself, in memory aligned to 64 bytes: a lookup of a code or a name of up to 20 bytes reads one cache
/// line and compares words, and only a longer text's remaining bytes are compared in the arena of texts. In a
/// shuffled file every row looks up an org unit and a person among tens of thousands, so each slot's line is a miss;
/// with the texts kept apart from their slots (and compared there) a lookup missed twice, and at 420,000 org units
/// reading the value from the array of values missed again.
/// When ``limit`` texts or ``byteLimit`` bytes are kept the memo starts empty again: its memory stays bounded
/// whatever the file holds (at most 2 × ``limit`` slots of 32 bytes).
struct FieldMemo<Value> {
    let limit: Int
    /// The most bytes of texts kept.
    static var byteLimit: Int { 16 << 20 }
    private var table = MemoTable(count: 0)
    /// Every text kept, one after the other, for the bytes past a slot's 20 and for growing the table.
    private var arena: [UInt8] = []
    /// Where each value's text starts in ``arena``, by the value's index.
    private var starts: [Int32] = []
    private var values: [Value] = []
    /// Whether the last `resolve` computed a new value rather than reusing a kept one.
    var isFresh = true

    init(limit: Int) {
        self.limit = max(limit, 1)
    }

    /// The value kept for field `i`'s text, if any, without resolving it (a miss costs a lookup and nothing more).
    @inline(__always)
    mutating func known(_ r: CSVRecord, _ i: Int) -> Value? {
        known(r, i, probe: probe(r, i))
    }

    /// Where field `i`'s text is looked for, its slot already on its way to the cache: the importer probes the org
    /// unit's and the person's memos as soon as it has a row, and looks them up after the element and the period, so
    /// that the two reads from memory — in a shuffled file each a miss of every cache — overlap each other and that
    /// work instead of following each other.
    struct Probe {
        fileprivate let head: MemoSlot.Head
        fileprivate let tag: UInt32
        fileprivate let at: Int
    }

    /// Field `i`'s probe; nil when nothing is kept.
    @inline(__always)
    func probe(_ r: CSVRecord, _ i: Int) -> Probe? {
        guard table.count > 0 else { return nil }
        return r.withBytes(i) { b in
            let head = Self.head(b)
            let hash = Self.hash(b, head)
            let at = Int(truncatingIfNeeded: hash) & (table.count - 1)
            prefetch(table.slots + at)
            return Probe(head: head, tag: Self.tag(hash, length: b.count), at: at)
        }
    }

    /// The value kept for field `i`'s text, looked for from `probe` (made of the same field, with nothing kept in
    /// between).
    @inline(__always)
    mutating func known(_ r: CSVRecord, _ i: Int, probe: Probe?) -> Value? {
        guard let probe, let found = r.withBytes(i, { find($0, from: probe) }) else { return nil }
        isFresh = false
        // Specialised for `Int32` this is the slot's own word; for other values a read of the array.
        if Value.self == Int32.self { return unsafeBitCast(found.small, to: Value.self) }
        return values[Int(found.index)]
    }

    mutating func resolve<E: Error>(_ r: CSVRecord, _ i: Int, _ make: (String) throws(E) -> Value) throws(E) -> Value {
        if let value = known(r, i) { return value }
        isFresh = true
        let value = try make(r.string(i).trimmed)
        r.withBytes(i) { insert($0, value) }
        return value
    }

    /// The first 20 bytes of a text, zero-padded, as three words.
    @inline(__always)
    private static func head(_ b: UnsafeBufferPointer<UInt8>) -> MemoSlot.Head {
        var head: MemoSlot.Head = (0, 0, 0)
        if let base = b.baseAddress {
            withUnsafeMutableBytes(of: &head) {
                $0.baseAddress!.copyMemory(from: base, byteCount: min(b.count, MemoSlot.headBytes))
            }
        }
        return head
    }

    /// A hash of the text, word by word over its head and byte by byte past it, finished by MurmurHash3's
    /// finaliser so that every input bit moves the low bits that pick the slot (village codes differ in their last
    /// digits only).
    @inline(__always)
    private static func hash(_ b: UnsafeBufferPointer<UInt8>, _ head: MemoSlot.Head) -> UInt64 {
        var h = 0x9e37_79b9_7f4a_7c15 &* UInt64(b.count &+ 1)
        h = (h ^ head.0) &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 29
        h = (h ^ head.1) &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 29
        h = (h ^ UInt64(head.2)) &* 0xff51_afd7_ed55_8ccd
        if b.count > MemoSlot.headBytes {
            for byte in b[MemoSlot.headBytes...] { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }

    /// The hash's upper bits and the text's length (255 for 255 bytes or more) in one word.
    @inline(__always)
    private static func tag(_ hash: UInt64, length: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: hash >> 32) & 0xffff_ff00 | UInt32(min(length, 255))
    }

    /// The bytes of value `index`'s text in the arena.
    @inline(__always)
    private func textRange(_ index: Int) -> Range<Int> {
        Int(starts[index])..<(index + 1 < starts.count ? Int(starts[index + 1]) : arena.count)
    }

    @inline(__always)
    private func find(_ b: UnsafeBufferPointer<UInt8>, from probe: Probe) -> MemoSlot? {
        let (head, tag) = (probe.head, probe.tag)
        let mask = table.count - 1
        var at = probe.at
        var slot = table.slots[at]
        while true {
            if slot.index < 0 { return nil }
            if slot.tag == tag && slot.head.0 == head.0 && slot.head.1 == head.1 && slot.head.2 == head.2
                && (b.count <= MemoSlot.headBytes || sameTail(b, Int(slot.index)))
            {
                return slot
            }
            at = (at + 1) & mask
            slot = table.slots[at]
        }
    }

    /// Whether a text longer than 20 bytes is value `index`'s (whose first 20 bytes are known to be the same).
    private func sameTail(_ b: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let range = textRange(index)
        let n = MemoSlot.headBytes
        guard range.count == b.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            memcmp(a.baseAddress! + range.lowerBound + n, b.baseAddress! + n, b.count - n) == 0
        }
    }

    private mutating func insert(_ b: UnsafeBufferPointer<UInt8>, _ value: Value) {
        if !isKnownUniquelyReferenced(&table) { table = table.copy() }
        if values.count >= limit || arena.count + b.count > Self.byteLimit {
            arena.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
            table.clear()
        }
        if (values.count + 1) * 2 > table.count {
            table = MemoTable(count: max(table.count * 2, 64))
            arena.withUnsafeBufferPointer { a in
                for index in values.indices {
                    place(UnsafeBufferPointer(rebasing: a[textRange(index)]), index: index, values[index])
                }
            }
        }
        starts.append(Int32(arena.count))
        arena.append(contentsOf: b)
        values.append(value)
        place(b, index: values.count - 1, value)
    }

    private func place(_ b: UnsafeBufferPointer<UInt8>, index: Int, _ value: Value) {
        let head = Self.head(b)
        let hash = Self.hash(b, head)
        let mask = table.count - 1
        var at = Int(truncatingIfNeeded: hash) & mask
        let slots = table.slots
        while slots[at].index >= 0 { at = (at + 1) & mask }
        slots[at] = MemoSlot(
            head: head, tag: Self.tag(hash, length: b.count), index: Int32(index),
            small: Value.self == Int32.self ? unsafeBitCast(value, to: Int32.self) : 0)
    }
}

/// One slot of a ``FieldMemo``'s table: 32 bytes, two to a cache line.
struct MemoSlot {
    typealias Head = (UInt64, UInt64, UInt32)
    /// The bytes of a text a slot holds.
    static let headBytes = 20
    /// The text's first 20 bytes, zero-padded.
    var head: Head = (0, 0, 0)
    /// The upper bits of the text's hash and its length (see `FieldMemo.tag`).
    var tag: UInt32 = 0
    /// The index of the text's value, or -1 for an empty slot.
    var index: Int32 = -1
    /// The value itself when it is an `Int32`.
    var small: Int32 = 0
}

/// The slots of a ``FieldMemo``, in memory aligned to a cache line (an array's elements start 32 bytes into its
/// allocation, which would split every other slot across two lines). A table of 2 MiB or more is aligned to 2 MiB and
/// asks the kernel for huge pages (`MADV_HUGEPAGE`, where transparent huge pages are on `madvise`): its lookups land
/// anywhere in it, and with 4 KiB pages nearly every one also missed the address cache (TLB).
final class MemoTable {
    let count: Int
    let slots: UnsafeMutablePointer<MemoSlot>

    /// The size of a huge page, the alignment of a large table.
    static let hugePage = 2 << 20

    /// `count` empty slots (a power of two, or zero).
    init(count: Int) {
        self.count = count
        let bytes = max(count, 1) * MemoryLayout<MemoSlot>.stride
        let huge = bytes >= Self.hugePage
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, huge ? Self.hugePage : 64, bytes) == 0, let raw else {
            fatalError("out of memory for \(bytes) bytes of the import's memo")
        }
        #if canImport(Glibc)
            if huge { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        #endif
        slots = raw.bindMemory(to: MemoSlot.self, capacity: max(count, 1))
        slots.initialize(repeating: MemoSlot(), count: max(count, 1))
    }

    deinit { free(slots) }

    /// Empties every slot.
    func clear() {
        slots.update(repeating: MemoSlot(), count: count)
    }

    /// A table with the same slots, for a memo copied before it is changed.
    func copy() -> MemoTable {
        let other = MemoTable(count: count)
        other.slots.update(from: slots, count: count)
        return other
    }
}

/// Remembers what a few distinct field values resolved to (element codes, combos): a linear scan of
/// at most ``limit`` byte strings beats hashing a new `String` on every row. The texts are kept one after the other
/// in one array and compared where they lie (an array of arrays retained and released each text it compared: in a
/// file whose element changes on every row, a twentieth of the import).
struct ByteCache<Value> {
    static var limit: Int { 32 }
    private var bytes: [UInt8] = []
    /// Where each text ends in ``bytes``.
    private var ends: [Int] = []
    private var values: [Value] = []
    /// The text found last, looked at first.
    private var last = 0

    /// The value of field `i`'s text when the cache holds it. Asked before ``resolve(_:_:_:)``, it spares a row whose
    /// text is known the resolving closure: what the closure captures is retained to make the call and released after
    /// it (with the element's and the combo's closures made on every row, the county's import took 13 % longer).
    @inline(__always)
    mutating func cached(_ r: CSVRecord, _ i: Int) -> Value? {
        guard let hit = r.withBytes(i, { find($0) }) else { return nil }
        last = hit
        return values[hit]
    }

    mutating func resolve<E: Error>(_ r: CSVRecord, _ i: Int, _ make: (String) throws(E) -> Value) throws(E) -> Value {
        if let hit = r.withBytes(i, { find($0) }) {
            last = hit
            return values[hit]
        }
        let v = try make(r.string(i).trimmed)
        if values.count < Self.limit {
            r.withBytes(i) { bytes.append(contentsOf: $0) }
            ends.append(bytes.count)
            values.append(v)
        }
        return v
    }

    @inline(__always)
    private func find(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { kept in
            ends.withUnsafeBufferPointer { ends in
                func same(_ k: Int) -> Bool {
                    let start = k == 0 ? 0 : ends[k - 1]
                    return ends[k] - start == b.count
                        && (b.count == 0 || memcmp(kept.baseAddress! + start, b.baseAddress!, b.count) == 0)
                }
                if last < ends.count && same(last) { return last }
                for k in ends.indices where same(k) { return k }
                return nil
            }
        }
    }
}

/// Which rows of a file write (DHIS2's `importStrategy`).
public enum ImportStrategy: String, Sendable, CaseIterable {
    /// New values are added and stored ones updated (DHIS2's `CREATE_AND_UPDATE`; the default).
    case createAndUpdate = "create-and-update"
    /// Only values not stored yet are added; rows of stored values are counted as ignored (DHIS2's `CREATE`).
    case create
    /// Only stored values are updated; rows of values not stored are counted as ignored (DHIS2's `UPDATE`).
    case update
    /// Every value the file names is removed (kept in history), whatever its value field holds (DHIS2's `DELETE`).
    case delete

    /// The strategy of a name as the command line or DHIS2 gives it (`create-and-update` or `CREATE_AND_UPDATE`,
    /// DHIS2's older `NEW_AND_UPDATES`, `NEW`, `UPDATES`, `DELETES`), in any case; nil for anything else.
    public init?(name: String) {
        switch String(name.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "create-and-update", "new-and-updates": self = .createAndUpdate
        case "create", "new": self = .create
        case "update", "updates": self = .update
        case "delete", "deletes": self = .delete
        default: return nil
        }
    }

    /// The names the command line takes.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The store's rule for the staged writes.
    var writes: WriteStrategy {
        switch self {
        case .createAndUpdate, .delete: .createAndUpdate
        case .create: .createOnly
        case .update: .updateOnly
        }
    }
}

/// A value an import staged (``DataValueImporter/stagedValues``): its period, the value (`nil`: a removal) and
/// the line of its row.
public struct StagedValue: Sendable, Equatable {
    /// The period.
    public var period: Period
    /// The value; `nil` for a removal.
    public var value: Double?
    /// The line (or sheet row) of the row.
    public var line: Int

    /// A staged value.
    public init(period: Period, value: Double?, line: Int) {
        self.period = period
        self.value = value
        self.line = line
    }
}

/// The values an import staged for the validation rules' check, kept in columns: a key, the value (NaN for a
/// removal; a stored value is never NaN) and the line — 32 bytes a value, where a dictionary of ``StagedValue``s took
/// about 200 — and the period of each period id the keys name.
public struct StagedValueRecord: Sendable {
    @usableFromInline var keys: [ValueKey] = []
    @usableFromInline var values: [Double] = []
    @usableFromInline var lines: [Int] = []
    /// The period of each period id below ``smallIDs`` (ids are the store's, few and small), else in
    /// ``periodOfLargeID``: found by the key's id, not by hashing the period on every row.
    @usableFromInline var periodOfID: [Period?] = []
    @usableFromInline var periodOfLargeID: [Int32: Period] = [:]
    @usableFromInline static let smallIDs: Int32 = 1 << 16

    /// An empty record.
    public init() {}

    /// An empty record with room for `capacity` values.
    public init(capacity: Int) {
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        lines.reserveCapacity(capacity)
    }

    /// How many values were appended, a key given twice counted twice.
    public var count: Int { keys.count }

    /// Whether nothing was appended.
    public var isEmpty: Bool { keys.isEmpty }

    /// Appends the value a row staged for `key`.
    public mutating func append(_ key: ValueKey, _ value: StagedValue) {
        let id = key.period
        if id >= 0 && id < Self.smallIDs {
            if Int(id) >= periodOfID.count {
                periodOfID.append(contentsOf: repeatElement(nil, count: Int(id) + 1 - periodOfID.count))
            }
            if periodOfID[Int(id)] == nil { periodOfID[Int(id)] = value.period }
        } else if periodOfLargeID[id] == nil {
            periodOfLargeID[id] = value.period
        }
        keys.append(key)
        values.append(value.value ?? .nan)
        lines.append(value.line)
    }

    /// The period of the store's period id `id`, as appended.
    @inlinable
    func period(ofID id: Int32) -> Period {
        if id >= 0 && id < Self.smallIDs, let period = periodOfID[Int(id)] { return period }
        return periodOfLargeID[id]!
    }

    /// Each key's last staged value (a later row for the same key replaces an earlier one, as the import does),
    /// ordered by period, org unit, element and combo (so the values of one unit in one period follow each other):
    /// sorted once, read as often as needed.
    public func latest() -> Latest {
        let sorted = Self.packedOrder(keys) ?? Self.comparedOrder(keys)
        var kept: [Int32] = []
        kept.reserveCapacity(sorted.count)
        for k in sorted.indices
        where k + 1 == sorted.count || keys[Int(sorted[k + 1])] != keys[Int(sorted[k])] {
            kept.append(sorted[k])
        }
        return Latest(record: self, order: kept)
    }

    /// The positions of `keys` ordered by period, org unit, element and combo, and by position among equal keys:
    /// each key packed into one word (its ids' bits, when they are not negative and fit in 64 bits together: a
    /// store's ids are small) and the words sorted by their digits, a byte at a time, lowest first (a sort that keeps
    /// equal words in the order of their positions). Nil when the ids do not fit.
    static func packedOrder(_ keys: [ValueKey]) -> [Int32]? {
        var top = (period: Int32(0), orgUnit: Int32(0), element: Int32(0), combo: Int32(0))
        for key in keys {
            guard key.period >= 0, key.orgUnit >= 0, key.element >= 0, key.combo >= 0 else { return nil }
            top = (
                max(top.period, key.period), max(top.orgUnit, key.orgUnit), max(top.element, key.element),
                max(top.combo, key.combo)
            )
        }
        func bits(_ x: Int32) -> Int { Int32.bitWidth - x.leadingZeroBitCount }
        let (c, e, u, p) = (bits(top.combo), bits(top.element), bits(top.orgUnit), bits(top.period))
        guard c + e + u + p <= 64 else { return nil }
        var words = keys.map { key in
            UInt64(key.period) << (c + e + u) | UInt64(key.orgUnit) << (c + e) | UInt64(key.element) << c
                | UInt64(key.combo)
        }
        var order = Array(0..<Int32(keys.count))
        var (otherWords, otherOrder) = (words, order)
        var shift = 0
        while shift < c + e + u + p {
            var counts = [Int](repeating: 0, count: 257)
            for word in words { counts[Int(truncatingIfNeeded: word >> shift) & 0xFF + 1] += 1 }
            for d in 1..<257 { counts[d] += counts[d - 1] }
            for k in words.indices {
                let d = Int(truncatingIfNeeded: words[k] >> shift) & 0xFF
                otherWords[counts[d]] = words[k]
                otherOrder[counts[d]] = order[k]
                counts[d] += 1
            }
            swap(&words, &otherWords)
            swap(&order, &otherOrder)
            shift += 8
        }
        return order
    }

    /// The positions of `keys` in the order of ``packedOrder(_:)``, by comparing keys.
    static func comparedOrder(_ keys: [ValueKey]) -> [Int32] {
        var order = Array(0..<Int32(keys.count))
        order.sort { a, b in
            let (x, y) = (keys[Int(a)], keys[Int(b)])
            if x.period != y.period { return x.period < y.period }
            if x.orgUnit != y.orgUnit { return x.orgUnit < y.orgUnit }
            if x.element != y.element { return x.element < y.element }
            if x.combo != y.combo { return x.combo < y.combo }
            return a < b
        }
        return order
    }

    /// The last staged value of each key of a ``StagedValueRecord``, ordered by period, org unit, element, combo.
    public struct Latest: Sequence, Sendable {
        @usableFromInline let record: StagedValueRecord
        @usableFromInline let order: [Int32]

        /// How many keys.
        public var count: Int { order.count }

        /// The key of the `n`th value (of ``count``), read without making the value's ``StagedValue``.
        @inlinable
        public func key(_ n: Int) -> ValueKey { record.keys[Int(order[n])] }

        /// The `n`th value; `nil` for a removal.
        @inlinable
        public func value(_ n: Int) -> Double? {
            let value = record.values[Int(order[n])]
            return value.isNaN ? nil : value
        }

        /// The line of the `n`th value.
        @inlinable
        public func line(_ n: Int) -> Int { record.lines[Int(order[n])] }

        /// The period of the `n`th value.
        @inlinable
        public func period(_ n: Int) -> Period { record.period(ofID: key(n).period) }

        public func makeIterator() -> some IteratorProtocol<(key: ValueKey, value: StagedValue)> {
            order.lazy.map { index in
                let i = Int(index)
                let value = record.values[i]
                let key = record.keys[i]
                return (
                    key,
                    StagedValue(
                        period: record.period(ofID: key.period), value: value.isNaN ? nil : value,
                        line: record.lines[i])
                )
            }.makeIterator()
        }
    }
}

/// Why a ``DataValueImporter/gate`` refuses a row: the problem's code, the field it names and the sentence.
public struct GateRefusal: Sendable, Equatable {
    /// The field a refusal names.
    public enum Field: Int, Sendable {
        /// The element: the user does not enter it (`enteredAbove`).
        case element = 0
        /// The period: not begun or closed for entry (`periodClosed`).
        case period = 1
    }

    /// The problem's code.
    public var code: ImportIssue.Code
    /// The field it names.
    public var field: Field
    /// Why.
    public var sentence: Localized<String>

    /// A refusal.
    public init(_ code: ImportIssue.Code, at field: Field, _ sentence: Localized<String>) {
        self.code = code
        self.field = field
        self.sentence = sentence
    }
}
