public import TallyCore
public import TallyText

/// Where Tally keeps its metadata, org units, data values and their history.
///
/// The SQLite store is the embedded default; a server store plugs in behind the same protocol. Every
/// store must pass the shared suite in `TallyStoreTesting`. Stores identify elements, combos, org units
/// and periods by small integer ids of their own, handed out by ``catalog()``.
public protocol Store: Sendable {
    /// A short description for messages, such as the file path.
    var location: String { get }

    /// The metadata document (YAML text) last applied, or `nil` for a new store.
    func metadataDocument() throws -> String?

    /// Replaces the metadata document and registers ids for its element and combo codes.
    ///
    /// - Parameter combos: each element's code with the codes of its combos (`""` for an element without
    ///   categories).
    /// - Throws: ``StoreError`` when stored values use an element, or a combo of an element, that the new document
    ///   does not have — per element: a combo another element keeps does not keep this one's values.
    func applyMetadata(document: String, combos: [String: [String]]) throws

    /// Adds new org units and updates the name and parent of existing ones, in one transaction.
    ///
    /// - Parameter units: units in an order where parents come before their children.
    /// - Returns: how many units were added and how many changed.
    func saveOrgUnits(_ units: [OrgUnit]) throws -> (added: Int, changed: Int)

    /// Every org unit with its id and its parent's place, read in one pass: what a workspace builds its tree from.
    func storedOrgUnits() throws -> StoredOrgUnits

    /// The ids the store uses for codes, org units and periods.
    ///
    /// - Parameter includingOrgUnits: whether to read the org units' ids too; a workspace takes them from
    ///   ``storedOrgUnits()`` instead of reading and hashing every code twice.
    func catalog(includingOrgUnits: Bool) throws -> StoreCatalog

    /// Runs `body` with a writer inside one transaction.
    ///
    /// The transaction commits when `body` returns and `commit` is true, and rolls back when `body`
    /// throws or `commit` is false (a dry run sees every outcome but writes nothing).
    func write<R>(_ batch: WriteBatch, commit: Bool, _ body: (any ValueWriter) throws -> R) throws -> R

    /// The values of an element stored for any of the given periods, with store ids, in the order of period id,
    /// combo id and org-unit id.
    ///
    /// - Parameter units: the org units whose values are wanted (store ids), or `nil` for every unit. A store
    ///   may return values of other units too (the engine ignores them); it must return every value of these.
    func values(element: Int32, periods: [Int32], units: UnitRanges?) throws -> ValueColumns

    /// When each value of an element for the given periods was first stored, as columns whose `value` holds
    /// seconds since 1970 (UTC); `units` as for ``values(element:periods:units:)``.
    func createdTimes(element: Int32, periods: [Int32], units: UnitRanges?) throws -> ValueColumns

    /// Every stored value, in chunks, with store ids; `body` receives the element id of each chunk.
    func scanValues(_ body: (Int32, ValueColumns) throws -> Void) throws

    /// One stored value with its metadata, or `nil`.
    func value(_ key: ValueKey) throws -> StoredValue?

    /// Every value of an element stored for any of the given periods, with who stored it, when, its comment
    /// and follow-up mark: what ``value(_:)`` gives for each, read in one pass (an export of a county); `units` as
    /// for ``values(element:periods:units:)``.
    func storedValues(
        element: Int32, periods: [Int32], units: UnitRanges?
    ) throws -> [(key: ValueKey, value: StoredValue)]

    /// The history of one value, oldest first.
    func history(_ key: ValueKey) throws -> [HistoryEntry]

    /// One stored value (or none) and its version, read together in one snapshot: never a value paired with the
    /// version of another state.
    func versionedValue(_ key: ValueKey) throws -> VersionedValue

    /// The number of stored values.
    func valueCount() throws -> Int

    /// One stored text value (or none) and its version, read together in one snapshot.
    func versionedText(_ key: ValueKey) throws -> VersionedText

    /// The history of one text value, oldest first.
    func textHistory(_ key: ValueKey) throws -> [TextHistoryEntry]

    /// Every text value of an element stored for any of the given periods, with who stored it and when, ordered
    /// by period, combo and org unit (an export).
    func storedTexts(element: Int32, periods: [Int32]) throws -> [(key: ValueKey, value: StoredText)]

    /// The number of stored text values.
    func textCount() throws -> Int

    /// Replaces the explicit targets of a campaign (org-unit code → target) in one transaction.
    ///
    /// - Throws: ``StoreError`` when a code is not an org unit; nothing changes then.
    func replaceTargets(campaign: String, targets: [String: Int]) throws

    /// The explicit targets of a campaign, by org-unit code.
    func targets(campaign: String) throws -> [String: Int]

    /// Stores the boundaries of org units (org-unit code → the shape's stored text, TallyGeo's `g1:` form) in one
    /// transaction, replacing the boundary a unit had; units not named keep theirs.
    ///
    /// - Throws: ``StoreError`` when a code is not an org unit; nothing changes then.
    /// - Returns: how many units had no boundary before.
    @discardableResult
    func saveBoundaries(_ boundaries: [String: String]) throws -> Int

    /// The stored boundaries of the named org units, by code; a unit without one (or an unknown code) is absent.
    func boundaries(of codes: [String]) throws -> [String: String]

    /// How many org units have a stored boundary.
    func boundaryCount() throws -> Int

    /// A number that moves when another connection — another process such as `tally import`, or another store on
    /// the same database — has committed a change that may alter what a workspace keeps in memory: the metadata,
    /// the org units, the catalog's ids (a new period). One tiny query, cheap enough before every request of a
    /// server; compare it for equality only.
    ///
    /// SQLite answers `PRAGMA data_version` of the store's one connection, which moves on every commit of another
    /// connection and never on the store's own. PostgreSQL reads the `change_counter` row of `setting`, which every
    /// transaction that applies metadata, saves org units, replaces targets or registers a period raises just
    /// before it commits (value writes into known periods leave it alone, so writers never wait for each other on
    /// it); the store's own such writes move it too.
    func changeToken() throws -> Int64
}

/// Identifies one data value: element, period, org unit and combo, as store ids.
public struct ValueKey: Hashable, Sendable {
    /// The element id.
    public var element: Int32
    /// The period id.
    public var period: Int32
    /// The org unit id.
    public var orgUnit: Int32
    /// The combo id (0 = no disaggregation).
    public var combo: Int32

    /// A key from store ids.
    public init(element: Int32, period: Int32, orgUnit: Int32, combo: Int32) {
        self.element = element
        self.period = period
        self.orgUnit = orgUnit
        self.combo = combo
    }
}

extension Store {
    /// Every org unit.
    public func orgUnits() throws -> [OrgUnit] { try storedOrgUnits().units }

    /// The ids the store uses for codes, org units and periods.
    public func catalog() throws -> StoreCatalog { try catalog(includingOrgUnits: true) }
}

/// Every org unit of a store with its id and where its parent is, in the store's order.
public struct StoredOrgUnits: Sendable {
    /// The units, each with its parent's code.
    public var units: [OrgUnit]
    /// The store id of each unit.
    public var ids: [Int32]
    /// The position in ``units`` of each unit's parent, or -1 for a top unit.
    public var parents: [Int32]

    /// Units with their ids and their parents' positions (the three arrays of the same length).
    public init(units: [OrgUnit], ids: [Int32], parents: [Int32]) {
        precondition(units.count == ids.count && ids.count == parents.count, "one id and one parent for each unit")
        self.units = units
        self.ids = ids
        self.parents = parents
    }

    /// The parents' positions of units read with their parents' ids, found through an array by id (store ids are
    /// small and dense), not a dictionary of codes; each unit's ``OrgUnit/parentCode`` is set in place.
    ///
    /// - Throws: ``StoreError`` for a parent id that no unit has (a damaged database).
    public static func parents(of units: inout [OrgUnit], ids: [Int32], parentIDs: [Int32?]) throws -> [Int32] {
        var position = [Int32](repeating: -1, count: Int(ids.max() ?? 0) + 1)
        for (i, id) in ids.enumerated() where id >= 0 { position[Int(id)] = Int32(i) }
        var parents = [Int32](repeating: -1, count: units.count)
        for (i, parent) in parentIDs.enumerated() {
            guard let parent else { continue }
            guard parent >= 0, Int(parent) < position.count, position[Int(parent)] >= 0 else {
                throw StoreError(
                    .damaged,
                    Localized(
                        zh: "单位“\(units[i].code)”的上级（编号 \(parent)）不在数据库中；请运行“tally verify”",
                        en:
                            "the parent (id \(parent)) of the unit '\(units[i].code)' is not in the database; run 'tally verify'"
                    ))
            }
            let p = Int(position[Int(parent)])
            parents[i] = Int32(p)
            units[i].parentCode = units[p].code
        }
        return parents
    }
}

/// The ids a store uses.
public struct StoreCatalog: Sendable {
    /// Element ids by code.
    public var elements: [String: Int32]
    /// Combo ids by code; the empty code (no disaggregation) is always 0.
    public var combos: [String: Int32]
    /// Org unit ids by code.
    public var orgUnits: OrgUnitIDs
    /// Every period that has an id.
    public var periods: [Int32: Period] {
        didSet { periodIDs = Self.reversed(periods) }
    }
    /// The id of every period that has one.
    public private(set) var periodIDs: [Period: Int32]

    /// A catalog.
    public init(elements: [String: Int32], combos: [String: Int32], orgUnits: OrgUnitIDs, periods: [Int32: Period]) {
        self.elements = elements
        self.combos = combos
        self.orgUnits = orgUnits
        self.periods = periods
        self.periodIDs = Self.reversed(periods)
    }

    private static func reversed(_ periods: [Int32: Period]) -> [Period: Int32] {
        Dictionary(periods.map { ($0.value, $0.key) }, uniquingKeysWith: min)
    }
}

/// Who writes, from where, and when: one import file, one form, one API call.
public struct WriteBatch: Sendable {
    /// What the values come from, such as a file name.
    public var source: String
    /// The user who writes.
    public var user: String
    /// When the batch started, in seconds since 1970 (UTC).
    public var time: Int64

    /// A batch.
    public init(source: String, user: String, time: Int64) {
        self.source = source
        self.user = user
        self.time = time
    }
}

/// One value to store.
public struct ValueWrite: Sendable {
    /// Which value.
    public var key: ValueKey
    /// The value.
    public var value: Double
    /// Who entered it (`storedby`); the batch's user when `nil`.
    public var storedBy: String?
    /// Who entered it, as an id from ``ValueWriter/actorID(_:)``; takes precedence over ``storedBy`` and saves
    /// a name lookup per value on the import path.
    public var actor: Int32?
    /// When it was entered, seconds since 1970 (UTC); the batch time when `nil`.
    public var time: Int64?
    /// A comment.
    public var comment: String?
    /// Whether the value is marked for follow-up.
    public var followUp: Bool

    /// A value to store.
    public init(
        key: ValueKey, value: Double, storedBy: String? = nil, time: Int64? = nil, comment: String? = nil,
        followUp: Bool = false
    ) {
        self.key = key
        self.value = value
        self.storedBy = storedBy
        self.time = time
        self.comment = comment
        self.followUp = followUp
    }
}

/// What a write did.
public enum WriteOutcome: Equatable, Sendable {
    /// The value did not exist and was added.
    case new
    /// The value existed with another value, now kept in history.
    case changed(previous: Double)
    /// The value existed with the same value; nothing changed.
    case unchanged
    /// The same key was already written in this batch.
    case duplicate
    /// The value was removed and kept in history.
    case deleted(previous: Double)
    /// A removal of a value that does not exist.
    case absent
    /// A staged write the strategy left out (``WriteStrategy``): nothing written.
    case ignored
}

/// Writes values inside a store transaction; obtained from ``Store/write(_:commit:_:)``.
public protocol ValueWriter: AnyObject {
    /// The id of a period, registering it when it is new.
    func periodID(_ period: Period) throws -> Int32
    /// The id of a user who stores values, registering the name when it is new.
    func actorID(_ name: String) throws -> Int32
    /// Adds or updates one value.
    func upsert(_ write: ValueWrite) throws -> WriteOutcome
    /// Removes one value, keeping it in history.
    func delete(_ key: ValueKey, by user: String?, at time: Int64?) throws -> WriteOutcome
    /// The value as this transaction sees it now, with its version: what a version check compares, inside the
    /// transaction that then writes (no other writer can change the value in between).
    func current(_ key: ValueKey) throws -> VersionedValue
    /// Adds a step of a report's submission in this transaction (a complete registration imported with values),
    /// as ``AccountStore/addReportEvent(_:)`` does; `false`, adding nothing, when the report already has an event
    /// with that number.
    func addReportEvent(_ event: ReportEvent) throws -> Bool
    /// One report's submission and approval events as this transaction sees them, in order: the report as a whole
    /// (`attributeCombo` empty) or one attribute option combo's.
    func reportEvents(dataset: String, orgUnit: String, period: String, attributeCombo: String) throws -> [ReportEvent]

    /// Adds, updates or keeps one text value at once (never staged: text values are a row each, apart from the
    /// numeric blocks, so they may be written in the same transaction as staged numbers), with the rules of
    /// ``TextBatch``: a key written earlier in the batch is a duplicate, a write after a removal enters the text
    /// again, and `strategy` leaves out writes as it does staged numbers (``TextOutcome/ignored``).
    func writeText(_ write: TextWrite, strategy: WriteStrategy) throws -> TextOutcome
    /// Removes one text value at once, keeping it in history, by `actor` (the batch's user when `nil`) at `time`
    /// (the batch's time when `nil`).
    func deleteText(_ key: ValueKey, by actor: Int32?, at time: Int64?) throws -> TextOutcome
    /// The text value as this transaction sees it now, with its version.
    func currentText(_ key: ValueKey) throws -> VersionedText

    /// Stages one value to add or update; ``applyStaged(reporting:)`` decides its outcome.
    ///
    /// Staging is how a whole file is written: the rows may come in any order (by period, by org unit, shuffled)
    /// and the store applies them at once, block by block, in memory bounded by its budget. A writer either
    /// stages or writes directly (``upsert(_:)``, ``delete(_:by:at:)``, ``current(_:)``), never both, and applies
    /// what it staged once.
    ///
    /// - Parameters:
    ///   - write: the value; its `storedBy` (or `actor`) is registered now.
    ///   - row: where the value comes from (a line or row of the file), for ``StagedOutcomes/firstDuplicates``.
    /// - Throws: ``StoreError`` for an org unit the store does not have or a value that is not a number.
    func stage(_ write: ValueWrite, row: Int) throws

    /// Stages the removal of one value, by `actor` (an id from ``actorID(_:)``; the batch's user when `nil`) at
    /// `time` (the batch's time when `nil`).
    func stageRemoval(_ key: ValueKey, by actor: Int32?, at time: Int64?, row: Int) throws

    /// Applies everything staged, and returns what it did.
    ///
    /// The values, history and counts are those of ``upsert(_:)`` and ``delete(_:by:at:)`` called in the order
    /// the writes were staged: a later write of a key written earlier in the batch is a duplicate (except a write
    /// after a removal, which enters the value again), an equal value is unchanged. Only the order in which the
    /// history rows of *different* values are recorded may differ. The outcome therefore does not depend on the
    /// order of rows that each name a different value.
    ///
    /// With a strategy other than ``WriteStrategy/createAndUpdate`` a write the strategy leaves out is
    /// ``WriteOutcome/ignored`` (nothing written, no history); a later write of the same key in the batch is still a
    /// duplicate. The batch must then hold no removals (the importer refuses them).
    ///
    /// - Parameters:
    ///   - limit: how many duplicates to list in ``StagedOutcomes/firstDuplicates`` (all are counted).
    ///   - strategy: which writes to apply.
    func applyStaged(reporting limit: Int, strategy: WriteStrategy) throws -> StagedOutcomes
}

extension ValueWriter {
    /// Applies everything staged, adding new values and updating stored ones
    /// (``applyStaged(reporting:strategy:)`` with ``WriteStrategy/createAndUpdate``).
    public func applyStaged(reporting limit: Int) throws -> StagedOutcomes {
        try applyStaged(reporting: limit, strategy: .createAndUpdate)
    }
}

/// A stored value, or none, with the version an optimistic writer compares.
///
/// The version counts the value's states: 0 when none is stored; otherwise the number of its history entries
/// plus one, so every change (and every removal and re-entry) moves it.
public struct VersionedValue: Equatable, Sendable {
    /// The stored value, or `nil` when there is none.
    public var stored: StoredValue?
    /// 0 when nothing is stored; history entries + 1 otherwise.
    public var version: Int

    /// A value and its version.
    public init(stored: StoredValue?, version: Int) {
        self.stored = stored
        self.version = version
    }

    /// The version of a value given how many history entries it has.
    public init(stored: StoredValue?, historyCount: Int) {
        self.init(stored: stored, version: stored == nil ? 0 : historyCount + 1)
    }
}

/// A stored value with who entered it and when.
public struct StoredValue: Equatable, Sendable {
    /// The value.
    public var value: Double
    /// Who entered it.
    public var storedBy: String?
    /// When it was first stored.
    public var created: Int64
    /// When it last changed.
    public var updated: Int64
    /// Its comment.
    public var comment: String?
    /// Whether it is marked for follow-up.
    public var followUp: Bool

    /// A stored value.
    public init(value: Double, storedBy: String?, created: Int64, updated: Int64, comment: String?, followUp: Bool) {
        self.value = value
        self.storedBy = storedBy
        self.created = created
        self.updated = updated
        self.comment = comment
        self.followUp = followUp
    }
}

/// One earlier state of a value: what it was, who had entered it and when, and who changed it.
public struct HistoryEntry: Equatable, Sendable {
    /// `update` or `delete`.
    public var action: String
    /// The value before the change.
    public var previousValue: Double
    /// Who had entered the previous value.
    public var previousStoredBy: String?
    /// When the previous value had been stored.
    public var previousTime: Int64
    /// The new value (`nil` for a removal).
    public var newValue: Double?
    /// Who made the change.
    public var changedBy: String
    /// When the change was made.
    public var changedAt: Int64

    /// A history entry.
    public init(
        action: String, previousValue: Double, previousStoredBy: String?, previousTime: Int64, newValue: Double?,
        changedBy: String, changedAt: Int64
    ) {
        self.action = action
        self.previousValue = previousValue
        self.previousStoredBy = previousStoredBy
        self.previousTime = previousTime
        self.newValue = newValue
        self.changedBy = changedBy
        self.changedAt = changedAt
    }
}
