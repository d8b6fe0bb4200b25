public import TallyCore
public import TallyStore
internal import TallyText
public import Testing

/// The checks every ``Store`` must pass, whatever database is behind it.
///
/// A backend's test target calls each check with a factory for a new, empty store:
/// ```swift
/// @Test(arguments: StoreSuite.checks) func sqlite(_ check: StoreSuite.Check) throws {
///     try check.run { try SQLiteStore(path: ":memory:") }
/// }
/// ```
public enum StoreSuite {
    /// One named check.
    public typealias Check = SuiteCheck<any Store>

    /// Every check.
    public static let checks: [Check] = valueChecks + stagingChecks + textChecks

    /// The checks of metadata, org units, direct writes, reads and targets.
    static let valueChecks: [Check] = [
        Check(name: "metadata document round-trips", body: metadataRoundTrip),
        Check(name: "metadata that would orphan values is refused", body: metadataInUse),
        Check(name: "org units are added and updated", body: orgUnits),
        Check(name: "write outcomes and history", body: writeOutcomes),
        Check(name: "failed or dry-run batches write nothing", body: rollback),
        Check(name: "values are read back by element and period", body: readBack),
        Check(name: "period ids are stable", body: periodIDs),
        Check(name: "comments are kept unless replaced or removed", body: comments),
        Check(name: "stored values are read in bulk as one by one", body: storedValuesInBulk),
        Check(name: "values are read for some org units as for all of them", body: valuesOfSomeUnits),
        Check(name: "campaign targets are replaced as a whole", body: campaignTargets),
        Check(name: "versions count every state, read alone and inside a write", body: versions),
        Check(name: "boundaries are stored all or nothing and read by code", body: boundaries),
    ]

    static let units = [
        OrgUnit(code: "C", name: "县", parentCode: nil),
        OrgUnit(code: "T1", name: "一镇", parentCode: "C"),
        OrgUnit(code: "V1", name: "一村", parentCode: "T1"),
    ]

    /// A store with metadata for `births` (male/female) and `population`, and the three units.
    static func prepared(_ store: any Store) throws -> StoreCatalog {
        try store.applyMetadata(
            document: "elements: {}", combos: ["births": ["male", "female"], "population": [""]])
        _ = try store.saveOrgUnits(units)
        return try store.catalog()
    }

    static func key(
        _ c: StoreCatalog, _ writer: any ValueWriter, element: String = "births", period: String = "202510",
        unit: String = "V1", combo: String = "male"
    ) throws -> ValueKey {
        ValueKey(
            element: c.elements[element]!, period: try writer.periodID(try Period(period)), orgUnit: c.orgUnits[unit]!,
            combo: c.combos[combo]!)
    }

    static func metadataRoundTrip(_ store: any Store) throws {
        #expect(try store.metadataDocument() == nil)
        try store.applyMetadata(document: "elements: {births: {}}\n# 注释", combos: ["births": [""]])
        #expect(try store.metadataDocument() == "elements: {births: {}}\n# 注释")
        let catalog = try store.catalog()
        #expect(catalog.elements.keys.sorted() == ["births"])
        #expect(catalog.combos[""] == 0)
    }

    static func metadataInUse(_ store: any Store) throws {
        let c = try prepared(store)
        try store.write(WriteBatch(source: "t", user: "u", time: 100), commit: true) { (w: any ValueWriter) throws in
            _ = try w.upsert(ValueWrite(key: try key(c, w), value: 3))
        }
        #expect(throws: StoreError.self) {
            try store.applyMetadata(document: "x", combos: ["population": [""]])
        }
        #expect(throws: StoreError.self) {
            try store.applyMetadata(document: "x", combos: ["births": ["", "female"], "population": [""]])
        }
        // births.male kept by another element only (or births' own categories folded with a data set's
        // attributes into other combos) keeps nothing of births': refused per element.
        #expect(throws: StoreError.self) {
            try store.applyMetadata(document: "x", combos: ["births": ["male_pa", "female_pa"], "deaths": ["male"]])
        }
        #expect(try store.metadataDocument() == "elements: {}")
        try store.applyMetadata(
            document: "y", combos: ["births": ["male", "female"], "population": [""], "deaths": [""]])
        #expect(try store.metadataDocument() == "y")
    }

    static func orgUnits(_ store: any Store) throws {
        let first = try store.saveOrgUnits(units)
        #expect(first.added == 3 && first.changed == 0)
        let again = try store.saveOrgUnits(units)
        #expect(again.added == 0 && again.changed == 0)
        let moved = try store.saveOrgUnits([
            OrgUnit(code: "T2", name: "二镇", parentCode: "C"), OrgUnit(code: "V1", name: "一村（新）", parentCode: "T2"),
        ])
        #expect(moved.added == 1 && moved.changed == 1)
        let stored = try store.orgUnits()
        #expect(stored.count == 4)
        #expect(stored.first { $0.code == "V1" } == OrgUnit(code: "V1", name: "一村（新）", parentCode: "T2"))
        #expect(stored.first { $0.code == "C" }?.parentCode == nil)
        // Read with their ids and their parents' places, as a workspace reads them (V1's new parent T2 was saved
        // after V1), the ids those of the catalog and the tree the one built by codes.
        let read = try store.storedOrgUnits()
        let ids = try store.catalog().orgUnits
        #expect(read.units.map(\.code).sorted() == ["C", "T1", "T2", "V1"])
        for (i, unit) in read.units.enumerated() {
            #expect(read.ids[i] == ids[unit.code])
            #expect(
                read.parents[i] < 0 ? unit.parentCode == nil : read.units[Int(read.parents[i])].code == unit.parentCode)
        }
        let tree = try OrgUnitTree(units: read.units, parents: read.parents)
        #expect(tree.units.map(\.code) == ["C", "T1", "T2", "V1"])
        #expect(tree.units.map(\.code) == (try OrgUnitTree(stored)).units.map(\.code))
        #expect(tree.index == ["C": 0, "T1": 1, "T2": 2, "V1": 3])
        // Translated names are kept, and a changed translation is a change.
        let named = try store.saveOrgUnits([
            OrgUnit(code: "C", name: "县", parentCode: nil, translations: ["en": "The County", "fr": "Le comté"])
        ])
        #expect(named.added == 0 && named.changed == 1)
        let county = try store.orgUnits().first { $0.code == "C" }
        #expect(county?.translations == ["en": "The County", "fr": "Le comté"])
        #expect(county?.name(.en) == "The County" && county?.name(.zh) == "县")
        #expect(try store.saveOrgUnits([county!]).changed == 0)
    }

    static func writeOutcomes(_ store: any Store) throws {
        let c = try prepared(store)
        var k = ValueKey(element: 0, period: 0, orgUnit: 0, combo: 0)
        try store.write(WriteBatch(source: "first.csv", user: "clerk1", time: 1_000), commit: true) {
            (w: any ValueWriter) throws in
            k = try key(c, w)
            #expect(try w.upsert(ValueWrite(key: k, value: 5, storedBy: "clerk_a", time: 900, comment: "首报")) == .new)
            #expect(try w.upsert(ValueWrite(key: k, value: 5)) == .duplicate)
            let female = try key(c, w, combo: "female")
            #expect(try w.upsert(ValueWrite(key: female, value: 0)) == .new)
        }
        #expect(
            try store.value(k)
                == StoredValue(
                    value: 5, storedBy: "clerk_a", created: 900, updated: 900, comment: "首报", followUp: false))
        try store.write(WriteBatch(source: "second.csv", user: "clerk2", time: 2_000), commit: true) {
            (w: any ValueWriter) throws in
            #expect(try w.upsert(ValueWrite(key: k, value: 5, comment: "首报")) == .unchanged)
            let female = try key(c, w, combo: "female")
            #expect(try w.upsert(ValueWrite(key: female, value: 2.5)) == .changed(previous: 0))
            #expect(try w.upsert(ValueWrite(key: female, value: 3)) == .duplicate)
        }
        #expect(try store.history(k).isEmpty)
        try store.write(WriteBatch(source: "third.csv", user: "clerk3", time: 3_000), commit: true) {
            (w: any ValueWriter) throws in
            #expect(try w.upsert(ValueWrite(key: k, value: 7, storedBy: "clerk_b")) == .changed(previous: 5))
        }
        #expect(try store.value(k)?.value == 7)
        #expect(try store.value(k)?.created == 900)
        #expect(try store.value(k)?.updated == 3_000)
        #expect(
            try store.history(k) == [
                HistoryEntry(
                    action: "update", previousValue: 5, previousStoredBy: "clerk_a", previousTime: 900, newValue: 7,
                    changedBy: "clerk_b", changedAt: 3_000)
            ])
        try store.write(WriteBatch(source: "fourth.csv", user: "clerk4", time: 4_000), commit: true) {
            (w: any ValueWriter) throws in
            #expect(try w.delete(k, by: nil, at: nil) == .deleted(previous: 7))
            #expect(try w.delete(k, by: nil, at: nil) == .duplicate)
            let missing = try key(c, w, period: "202511")
            #expect(try w.delete(missing, by: nil, at: nil) == .absent)
        }
        #expect(try store.value(k) == nil)
        let history = try store.history(k)
        #expect(history.count == 2)
        #expect(
            history.last
                == HistoryEntry(
                    action: "delete", previousValue: 7, previousStoredBy: "clerk_b", previousTime: 3_000, newValue: nil,
                    changedBy: "clerk4", changedAt: 4_000))
        // A deleted value can be entered again.
        try store.write(WriteBatch(source: "fifth.csv", user: "clerk5", time: 5_000), commit: true) {
            (w: any ValueWriter) throws in
            #expect(try w.upsert(ValueWrite(key: k, value: 8)) == .new)
        }
        #expect(try store.valueCount() == 2)
    }

    struct Refused: Error {}

    static func rollback(_ store: any Store) throws {
        let c = try prepared(store)
        #expect(throws: Refused.self) {
            try store.write(WriteBatch(source: "bad.csv", user: "u", time: 1), commit: true) {
                (w: any ValueWriter) throws in
                _ = try w.upsert(ValueWrite(key: try key(c, w), value: 1))
                throw Refused()
            }
        }
        #expect(try store.valueCount() == 0)
        let outcome = try store.write(WriteBatch(source: "dry.csv", user: "u", time: 1), commit: false) {
            (w: any ValueWriter) throws in
            try w.upsert(ValueWrite(key: try key(c, w), value: 1))
        }
        #expect(outcome == .new)
        #expect(try store.valueCount() == 0)
        #expect(try store.catalog().periods.isEmpty)
    }

    static func readBack(_ store: any Store) throws {
        let c = try prepared(store)
        var periods: [String: Int32] = [:]
        try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
            for (p, v) in [("202510", 1.0), ("202511", 2), ("202512", 4)] {
                periods[p] = try w.periodID(try Period(p))
                _ = try w.upsert(ValueWrite(key: try key(c, w, period: p), value: v))
                _ = try w.upsert(ValueWrite(key: try key(c, w, period: p, unit: "T1", combo: "female"), value: v * 10))
            }
            _ = try w.upsert(
                ValueWrite(key: try key(c, w, element: "population", period: "2025", combo: ""), value: 1234.5))
        }
        let cols = try store.values(element: c.elements["births"]!, periods: [periods["202510"]!, periods["202512"]!])
        var seen: [Double] = []
        for i in 0..<cols.count { seen.append(cols.value[i]) }
        #expect(seen.sorted() == [1, 4, 10, 40])
        #expect(Set(cols.orgUnit) == [c.orgUnits["V1"]!, c.orgUnits["T1"]!])
        var scanned = 0
        var sum = 0.0
        try store.scanValues { _, chunk in
            scanned += chunk.count
            sum += chunk.value.reduce(0, +)
        }
        #expect(scanned == 7)
        #expect(sum == 7 + 70 + 1234.5)
    }

    static func periodIDs(_ store: any Store) throws {
        let c = try prepared(store)
        var first: Int32 = 0
        try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
            first = try w.periodID(try Period("2025Oct"))
            _ = try w.upsert(ValueWrite(key: try key(c, w, period: "202510"), value: 1))
        }
        try store.write(WriteBatch(source: "t", user: "u", time: 2), commit: true) { (w: any ValueWriter) throws in
            #expect(try w.periodID(try Period("2025Oct")) == first)
        }
        let catalog = try store.catalog()
        #expect(catalog.periods[first] == (try Period("2025Oct")))
        #expect(catalog.periods.count == 2)
    }
}

extension StoreSuite {
    /// `storedValues` gives, for every value of the element and periods, exactly what `value(_:)` gives.
    static func storedValuesInBulk(_ store: any Store) throws {
        let c = try prepared(store)
        var periods: [String: Int32] = [:]
        try store.write(WriteBatch(source: "a", user: "u", time: 10), commit: true) { (w: any ValueWriter) throws in
            for p in ["202510", "202511", "202512"] {
                periods[p] = try w.periodID(try Period(p))
                _ = try w.upsert(ValueWrite(key: try key(c, w, period: p), value: 1, storedBy: "clerk_a", time: 5))
                _ = try w.upsert(
                    ValueWrite(
                        key: try key(c, w, period: p, unit: "T1", combo: "female"), value: 2, comment: "补报 \(p)",
                        followUp: p == "202511"))
                _ = try w.upsert(ValueWrite(key: try key(c, w, period: p, unit: "C", combo: "female"), value: 3))
            }
            _ = try w.upsert(ValueWrite(key: try key(c, w, element: "population", period: "2025", combo: ""), value: 9))
        }
        try store.write(WriteBatch(source: "b", user: "v", time: 20), commit: true) { (w: any ValueWriter) throws in
            _ = try w.upsert(ValueWrite(key: try key(c, w, period: "202511"), value: 4, storedBy: "clerk_b"))
            _ = try w.delete(try key(c, w, period: "202512", unit: "C", combo: "female"), by: nil, at: nil)
        }
        let births = c.elements["births"]!
        let chosen = [periods["202511"]!, periods["202512"]!]
        let bulk = try store.storedValues(element: births, periods: chosen)
        let columns = try store.values(element: births, periods: chosen)
        #expect(bulk.count == columns.count)
        #expect(bulk.count == 5)
        #expect(Set(bulk.map(\.key)).count == bulk.count)
        for (key, value) in bulk {
            #expect(key.element == births && chosen.contains(key.period))
            #expect(try store.value(key) == value)
        }
        let changed = bulk.first { $0.key.period == periods["202511"]! && $0.key.orgUnit == c.orgUnits["V1"]! }
        #expect(
            changed?.value
                == StoredValue(value: 4, storedBy: "clerk_b", created: 5, updated: 20, comment: nil, followUp: false))
        let marked = bulk.first { $0.key.period == periods["202511"]! && $0.key.orgUnit == c.orgUnits["T1"]! }
        #expect(marked?.value.comment == "补报 202511" && marked?.value.followUp == true)
        #expect(try store.storedValues(element: births, periods: []).isEmpty)
        #expect(try store.storedValues(element: c.elements["population"]!, periods: chosen).isEmpty)
    }

    /// A write without a comment keeps the stored comment; a removal removes it.
    static func comments(_ store: any Store) throws {
        let c = try prepared(store)
        var k = ValueKey(element: 0, period: 0, orgUnit: 0, combo: 0)
        try store.write(WriteBatch(source: "a", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
            k = try key(c, w)
            _ = try w.upsert(ValueWrite(key: k, value: 1, comment: "补报", followUp: true))
        }
        try store.write(WriteBatch(source: "b", user: "u", time: 2), commit: true) { (w: any ValueWriter) throws in
            #expect(try w.upsert(ValueWrite(key: k, value: 1)) == .unchanged)
        }
        #expect(try store.value(k)?.comment == "补报")
        try store.write(WriteBatch(source: "c", user: "u", time: 3), commit: true) { (w: any ValueWriter) throws in
            #expect(try w.upsert(ValueWrite(key: k, value: 2, comment: "更正")) == .changed(previous: 1))
        }
        #expect(try store.value(k)?.comment == "更正")
        try store.write(WriteBatch(source: "d", user: "u", time: 4), commit: true) { (w: any ValueWriter) throws in
            #expect(try w.delete(k, by: nil, at: nil) == .deleted(previous: 2))
            #expect(try w.upsert(ValueWrite(key: try key(c, w, period: "202511"), value: 5)) == .new)
        }
        try store.write(WriteBatch(source: "e", user: "u", time: 5), commit: true) { (w: any ValueWriter) throws in
            #expect(try w.upsert(ValueWrite(key: k, value: 3)) == .new)
        }
        #expect(try store.value(k)?.comment == nil)
    }
}

extension StoreSuite {
    static func campaignTargets(_ store: any Store) throws {
        _ = try prepared(store)
        #expect(try store.targets(campaign: "anc").isEmpty)
        try store.replaceTargets(campaign: "anc", targets: ["C": 250, "T1": 100])
        try store.replaceTargets(campaign: "other", targets: ["C": 7])
        #expect(try store.targets(campaign: "anc") == ["C": 250, "T1": 100])
        try store.replaceTargets(campaign: "anc", targets: ["V1": 40])
        #expect(try store.targets(campaign: "anc") == ["V1": 40])
        #expect(throws: StoreError.self) {
            try store.replaceTargets(campaign: "anc", targets: ["V1": 1, "nowhere": 2])
        }
        #expect(try store.targets(campaign: "anc") == ["V1": 40])
        #expect(try store.targets(campaign: "other") == ["C": 7])
    }

    static func boundaries(_ store: any Store) throws {
        _ = try prepared(store)
        #expect(try store.boundaries(of: ["C", "T1", "V1"]).isEmpty)
        #expect(try store.boundaryCount() == 0)
        // Stored text is kept byte for byte (encoded polylines use every character from `?` to `~`, `\` among them).
        let town = #"g1:_c`\@_c`|@?_ibE_ibE?"#
        let village = "g1:o}@o}@?o}@o}@?"
        #expect(try store.saveBoundaries(["T1": town, "V1": village]) == 2)
        #expect(try store.boundaries(of: ["C", "T1", "V1", "nowhere"]) == ["T1": town, "V1": village])
        #expect(try store.boundaries(of: []).isEmpty)
        #expect(try store.boundaryCount() == 2)
        // A new boundary replaces the old one; units not named keep theirs.
        #expect(try store.saveBoundaries(["V1": "g1:new", "C": "g1:county"]) == 1)
        #expect(try store.boundaries(of: ["C", "T1", "V1"]) == ["C": "g1:county", "T1": town, "V1": "g1:new"])
        // An unknown code refuses the whole batch.
        #expect(throws: StoreError.self) {
            try store.saveBoundaries(["T1": "g1:changed", "nowhere": "g1:x"])
        }
        #expect(try store.boundaries(of: ["C", "T1", "V1"]) == ["C": "g1:county", "T1": town, "V1": "g1:new"])
        #expect(try store.boundaryCount() == 3)
        // Many codes at once (more than one chunk of parameters).
        let many = (0..<1_200).map { "X\($0)" } + ["V1"]
        #expect(try store.boundaries(of: many) == ["V1": "g1:new"])
    }

    static func versions(_ store: any Store) throws {
        let c = try prepared(store)
        var k: ValueKey?
        // Nothing stored: version 0, inside a writer and alone.
        try store.write(WriteBatch(source: "t", user: "u", time: 100), commit: true) { (w: any ValueWriter) throws in
            let first = try Self.key(c, w)
            k = first
            #expect(try w.current(first) == VersionedValue(stored: nil, version: 0))
            _ = try w.upsert(ValueWrite(key: first, value: 3, comment: "first"))
            // The writer sees its own write before the transaction ends.
            #expect(try w.current(first).stored?.value == 3)
            #expect(try w.current(first).version == 1)
        }
        let key = k!
        var read = try store.versionedValue(key)
        #expect(read.version == 1)
        #expect(read.stored?.value == 3)
        #expect(read.stored?.comment == "first")
        #expect(read.stored?.storedBy == "u")
        #expect(read.stored == (try store.value(key)))
        // A change moves the version, and the writer sees the committed state.
        try store.write(WriteBatch(source: "t", user: "v", time: 200), commit: true) { (w: any ValueWriter) throws in
            #expect(try w.current(key).version == 1)
            _ = try w.upsert(ValueWrite(key: key, value: 4))
            let now = try w.current(key)
            #expect(now.version == 2)
            #expect(now.stored?.value == 4)
            #expect(now.stored?.comment == "first")
        }
        read = try store.versionedValue(key)
        #expect(read.version == 2)
        #expect(read.stored?.updated == 200)
        // Unchanged: the same version.
        try store.write(WriteBatch(source: "t", user: "v", time: 300), commit: true) { (w: any ValueWriter) throws in
            _ = try w.upsert(ValueWrite(key: key, value: 4))
        }
        #expect(try store.versionedValue(key).version == 2)
        // Removed: nothing stored, version 0; entered again: a version above every earlier one.
        try store.write(WriteBatch(source: "t", user: "v", time: 400), commit: true) { (w: any ValueWriter) throws in
            _ = try w.delete(key, by: nil, at: nil)
            #expect(try w.current(key) == VersionedValue(stored: nil, version: 0))
        }
        #expect(try store.versionedValue(key) == VersionedValue(stored: nil, version: 0))
        try store.write(WriteBatch(source: "t", user: "v", time: 500), commit: true) { (w: any ValueWriter) throws in
            _ = try w.upsert(ValueWrite(key: key, value: 5))
        }
        read = try store.versionedValue(key)
        #expect(read.version == 3)
        #expect(read.stored?.value == 5)
        #expect(read.stored?.comment == nil)
        // A rolled-back write leaves the version where it was.
        try store.write(WriteBatch(source: "t", user: "v", time: 600), commit: false) { (w: any ValueWriter) throws in
            _ = try w.upsert(ValueWrite(key: key, value: 6))
            #expect(try w.current(key).version == 4)
        }
        #expect(try store.versionedValue(key).version == 3)
    }
}

extension StoreSuite {
    /// One named check that opens the same database more than once, as a server and a command-line import in
    /// another process do.
    public struct SameDatabaseCheck: Sendable, CustomStringConvertible {
        /// The check's name.
        public let name: String
        let body: @Sendable (_ open: () throws -> any Store) throws -> Void

        /// Runs the check; `open` must open another store on the same, initially empty, database at each call (a
        /// file on disk or one PostgreSQL schema, not `:memory:`).
        public func run(opening open: () throws -> any Store) throws {
            try body(open)
        }

        public var description: String { name }
    }

    /// Every check that needs a second store on the same database.
    public static let sameDatabaseChecks: [SameDatabaseCheck] = [
        SameDatabaseCheck(name: "a change by another store moves the change token", body: changeTokenMoves)
    ]

    static func changeTokenMoves(_ open: () throws -> any Store) throws {
        let server = try open()
        let c = try prepared(server)
        var token = try server.changeToken()
        #expect(try server.changeToken() == token)
        _ = try server.value(ValueKey(element: c.elements["births"]!, period: 1, orgUnit: 1, combo: 0))
        #expect(try server.changeToken() == token, "a read does not move it")

        let other = try open()
        func moved(_ what: String, _ change: () throws -> Void) throws {
            try change()
            let next = try server.changeToken()
            #expect(next != token, "\(what) by another store moves the token")
            token = next
            #expect(try server.changeToken() == token, "the token stays until the next change")
        }
        try moved("a write that registers a period") {
            try other.write(WriteBatch(source: "cli", user: "u", time: 1), commit: true) { (w: any ValueWriter) in
                _ = try w.upsert(ValueWrite(key: try key(c, w, period: "202511"), value: 4))
            }
        }
        #expect(try server.catalog().periods.values.contains(try Period("202511")))
        try moved("metadata") {
            try other.applyMetadata(
                document: "elements: {births: {}}",
                combos: ["births": ["male", "female"], "population": [""], "visits": [""]])
        }
        try moved("org units") {
            _ = try other.saveOrgUnits(units + [OrgUnit(code: "V2", name: "二村", parentCode: "T1")])
        }
        try moved("targets") { try other.replaceTargets(campaign: "anc", targets: ["V2": 5]) }
        // A dry run commits nothing.
        try other.write(WriteBatch(source: "cli", user: "u", time: 2), commit: false) { (w: any ValueWriter) in
            _ = try w.upsert(ValueWrite(key: try key(c, w, period: "202512"), value: 4))
        }
        #expect(try server.changeToken() == token, "a dry run does not move it")
    }
}

extension StoreSuite {
    /// Reading the values of some org units (``UnitRanges``) gives, for those units, exactly what reading all of them
    /// does, in the same order: a unit at either edge of a range, a leaf, the top unit, the units of two subtrees,
    /// and ids that are several ranges because the units were saved parents first, level by level.
    static func valuesOfSomeUnits(_ store: any Store) throws {
        try store.applyMetadata(document: "elements: {}", combos: ["births": ["male", "female"]])
        // Saved level by level, so that a town's subtree is two ranges of ids: the town, then its villages.
        let tree = [
            ("C", nil), ("T1", "C"), ("T2", "C"), ("V11", "T1"), ("V12", "T1"), ("V21", "T2"), ("V22", "T2"),
        ]
        _ = try store.saveOrgUnits(tree.map { OrgUnit(code: $0.0, name: "单位\($0.0)", parentCode: $0.1) })
        let c = try store.catalog()
        var periods: [Int32] = []
        try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
            for (p, month) in ["202510", "202511", "202512"].enumerated() {
                let period = try w.periodID(try Period(month))
                periods.append(period)
                for (u, unit) in tree.enumerated() where (u + p) % 4 != 0 {
                    for (k, combo) in ["male", "female"].enumerated() {
                        let key = ValueKey(
                            element: c.elements["births"]!, period: period, orgUnit: c.orgUnits[unit.0]!,
                            combo: c.combos[combo]!)
                        _ = try w.upsert(ValueWrite(key: key, value: Double(100 * p + 10 * u + k) + 0.1))
                    }
                }
            }
        }
        let births = c.elements["births"]!
        let all = try store.values(element: births, periods: periods)
        let allCreated = try store.createdTimes(element: births, periods: periods)
        #expect(all.count == 2 * (7 * 3 - 5))
        func id(_ code: String) -> Int32 { c.orgUnits[code]! }
        let sets: [[String]] = [
            ["C"], ["T1", "V11", "V12"], ["V11"], ["V12"], ["V22"], ["T2", "V21", "V22"], ["V11", "V22"],
            tree.map(\.0),
        ]
        for codes in sets {
            let wanted = UnitRanges(ids: codes.map(id))
            #expect(wanted.count == codes.count)
            for code in tree.map(\.0) { #expect(wanted.contains(id(code)) == codes.contains(code)) }
            // The values of the wanted units, in order, as (unit, period, combo, value).
            func only(_ columns: ValueColumns) -> [[Double]] {
                (0..<columns.count).filter { wanted.contains(columns.orgUnit[$0]) }.map {
                    [
                        Double(columns.orgUnit[$0]), Double(columns.period[$0]), Double(columns.combo[$0]),
                        columns.value[$0],
                    ]
                }
            }
            let some = try store.values(element: births, periods: periods, units: wanted)
            #expect(only(some) == only(all), "\(codes)")
            #expect(!only(some).isEmpty)
            let created = try store.createdTimes(element: births, periods: periods, units: wanted)
            #expect(only(created) == only(allCreated), "\(codes)")
            let stored = try store.storedValues(element: births, periods: periods, units: wanted)
                .filter { wanted.contains($0.key.orgUnit) }
            let allStored = try store.storedValues(element: births, periods: periods)
                .filter { wanted.contains($0.key.orgUnit) }
            #expect(stored.map(\.key) == allStored.map(\.key), "\(codes)")
            #expect(stored.map(\.value) == allStored.map(\.value), "\(codes)")
        }
        #expect(UnitRanges(ids: [id("T1"), id("V11"), id("V12")]).ranges.count == 2)
        #expect(try store.values(element: births, periods: [], units: UnitRanges(ids: [id("C")])).count == 0)
    }
}
