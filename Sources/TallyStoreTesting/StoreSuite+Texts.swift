public import TallyCore
public import TallyStore
internal import Testing

extension StoreSuite {
    /// The checks of text values (`text_value` and its history).
    static let textChecks: [Check] = [
        Check(name: "text values: outcomes, history and versions", body: textOutcomes),
        Check(name: "text values beside staged numbers, by strategy, rolled back", body: textsInImports),
        Check(name: "text values are read in bulk and keep their element in the metadata", body: textsInBulk),
    ]

    /// A store with `remark` (a text) and `births` (male/female), and the three units.
    static func preparedWithTexts(_ store: any Store) throws -> StoreCatalog {
        try store.applyMetadata(
            document: "elements: {}", combos: ["births": ["male", "female"], "remark": [""]])
        _ = try store.saveOrgUnits(units)
        return try store.catalog()
    }

    /// The metadata and unit of ``textIsWritable(_:)``: a text element `remark` and one unit `A1`.
    public static func prepareForTexts(_ store: any Store) throws {
        try store.applyMetadata(document: "m", combos: ["remark": [""]])
        _ = try store.saveOrgUnits([OrgUnit(code: "A1", name: "甲", parentCode: nil)])
    }

    /// Checks that a store prepared by ``prepareForTexts(_:)`` (and then upgraded from a schema without text values)
    /// writes and counts a text.
    public static func textIsWritable(_ store: any Store) throws {
        let c = try store.catalog()
        try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
            let key = ValueKey(
                element: c.elements["remark"]!, period: try w.periodID(try Period("202510")),
                orgUnit: c.orgUnits["A1"]!, combo: 0)
            #expect(try w.writeText(TextWrite(key: key, text: "说明"), strategy: .createAndUpdate) == .new)
        }
        #expect(try store.textCount() == 1)
    }

    static func textOutcomes(_ store: any Store) throws {
        let c = try preparedWithTexts(store)
        var k = ValueKey(element: 0, period: 0, orgUnit: 0, combo: 0)
        try store.write(WriteBatch(source: "first.csv", user: "clerk1", time: 1_000), commit: true) {
            (w: any ValueWriter) throws in
            k = try key(c, w, element: "remark", combo: "")
            #expect(try w.currentText(k) == VersionedText(stored: nil, historyCount: 0))
            let write = TextWrite(key: k, text: "村里修路，\n部分住户外出", storedBy: "clerk_a", time: 900, comment: "首报")
            #expect(try w.writeText(write, strategy: .createAndUpdate) == .new)
            #expect(try w.writeText(write, strategy: .createAndUpdate) == .duplicate)
            #expect(try w.currentText(k).version == 1)
        }
        let first = StoredText(
            text: "村里修路，\n部分住户外出", storedBy: "clerk_a", created: 900, updated: 900, comment: "首报", followUp: false)
        #expect(try store.versionedText(k) == VersionedText(stored: first, historyCount: 0))
        #expect(try store.textCount() == 1)
        #expect(try store.valueCount() == 0, "a text is no number")
        try store.write(WriteBatch(source: "second.csv", user: "clerk2", time: 2_000), commit: true) {
            (w: any ValueWriter) throws in
            #expect(
                try w.writeText(TextWrite(key: k, text: "村里修路，\n部分住户外出", followUp: true), strategy: .createAndUpdate)
                    == .unchanged)
        }
        #expect(try store.versionedText(k).stored?.followUp == true)
        #expect(try store.versionedText(k).stored?.comment == "首报", "a write without a comment keeps it")
        #expect(try store.textHistory(k).isEmpty)
        try store.write(WriteBatch(source: "third.csv", user: "clerk3", time: 3_000), commit: true) {
            (w: any ValueWriter) throws in
            let outcome = try w.writeText(
                TextWrite(key: k, text: "路已修好", storedBy: "clerk_b"), strategy: .createAndUpdate)
            #expect(outcome == .changed(previous: "村里修路，\n部分住户外出"))
        }
        #expect(try store.versionedText(k).stored?.text == "路已修好")
        #expect(try store.versionedText(k).stored?.created == 900)
        #expect(try store.versionedText(k).stored?.updated == 3_000)
        #expect(try store.versionedText(k).version == 2)
        #expect(
            try store.textHistory(k) == [
                TextHistoryEntry(
                    action: "update", previousText: "村里修路，\n部分住户外出", previousStoredBy: "clerk_a", previousTime: 900,
                    newText: "路已修好", changedBy: "clerk_b", changedAt: 3_000)
            ])
        try store.write(WriteBatch(source: "fourth.csv", user: "clerk4", time: 4_000), commit: true) {
            (w: any ValueWriter) throws in
            #expect(try w.deleteText(k, by: nil, at: nil) == .deleted(previous: "路已修好"))
            #expect(try w.deleteText(k, by: nil, at: nil) == .duplicate)
            // Entered again after its removal in the same batch.
            #expect(try w.writeText(TextWrite(key: k, text: "重报"), strategy: .createAndUpdate) == .new)
            let missing = try key(c, w, element: "remark", period: "202511", combo: "")
            #expect(try w.deleteText(missing, by: nil, at: nil) == .absent)
        }
        let history = try store.textHistory(k)
        #expect(history.count == 2)
        #expect(
            history.last
                == TextHistoryEntry(
                    action: "delete", previousText: "路已修好", previousStoredBy: "clerk_b", previousTime: 3_000,
                    newText: nil, changedBy: "clerk4", changedAt: 4_000))
        #expect(try store.versionedText(k).stored?.text == "重报")
        #expect(try store.versionedText(k).version == 3)
    }

    static func textsInImports(_ store: any Store) throws {
        let c = try preparedWithTexts(store)
        var text = ValueKey(element: 0, period: 0, orgUnit: 0, combo: 0)
        var number = text
        // Text values are written at once beside staged numbers, in the same transaction.
        let outcome = try store.write(WriteBatch(source: "a.csv", user: "u", time: 10), commit: true) {
            (w: any ValueWriter) throws -> StagedOutcomes in
            text = try key(c, w, element: "remark", combo: "")
            number = try key(c, w)
            try w.stage(ValueWrite(key: number, value: 4), row: 1)
            var texts = StagedOutcomes()
            texts.count(try w.writeText(TextWrite(key: text, text: "说明"), strategy: .createAndUpdate))
            var staged = try w.applyStaged(reporting: 5)
            staged.new += texts.new
            return staged
        }
        #expect(outcome.new == 2)
        #expect(try store.value(number)?.value == 4 && store.versionedText(text).stored?.text == "说明")
        // A failed write rolls its texts back with its numbers.
        #expect(throws: Refused.self) {
            try store.write(WriteBatch(source: "bad.csv", user: "u", time: 11), commit: true) {
                (w: any ValueWriter) throws in
                _ = try w.writeText(TextWrite(key: text, text: "改了"), strategy: .createAndUpdate)
                throw Refused()
            }
        }
        _ = try store.write(WriteBatch(source: "dry.csv", user: "u", time: 12), commit: false) {
            (w: any ValueWriter) throws in
            #expect(try w.deleteText(text, by: nil, at: nil) == .deleted(previous: "说明"))
        }
        #expect(try store.versionedText(text).stored?.text == "说明")
        #expect(try store.textHistory(text).isEmpty)
        // Strategies: create leaves stored texts alone, update leaves new ones out; a later write is a duplicate.
        try store.write(WriteBatch(source: "s.csv", user: "u", time: 13), commit: true) {
            (w: any ValueWriter) throws in
            #expect(try w.writeText(TextWrite(key: text, text: "新"), strategy: .createOnly) == .ignored)
            #expect(try w.writeText(TextWrite(key: text, text: "新"), strategy: .createOnly) == .duplicate)
            let other = try key(c, w, element: "remark", unit: "T1", combo: "")
            #expect(try w.writeText(TextWrite(key: other, text: "镇"), strategy: .updateOnly) == .ignored)
            let third = try key(c, w, element: "remark", unit: "C", combo: "")
            #expect(try w.writeText(TextWrite(key: third, text: "县"), strategy: .createOnly) == .new)
        }
        #expect(try store.versionedText(text).stored?.text == "说明")
        #expect(try store.textCount() == 2)
    }

    static func textsInBulk(_ store: any Store) throws {
        let c = try preparedWithTexts(store)
        var periods: [Int32] = []
        var keys: [ValueKey] = []
        try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
            for (p, unit) in [("202511", "V1"), ("202510", "T1"), ("202510", "V1")] {
                let k = try key(c, w, element: "remark", period: p, unit: unit, combo: "")
                keys.append(k)
                _ = try w.writeText(TextWrite(key: k, text: "\(p) \(unit)", comment: "c"), strategy: .createAndUpdate)
            }
            periods = [try w.periodID(try Period("202510")), try w.periodID(try Period("202511"))]
        }
        let bulk = try store.storedTexts(element: c.elements["remark"]!, periods: periods)
        #expect(bulk.count == 3)
        for (k, stored) in bulk { #expect(try store.versionedText(k).stored == stored) }
        #expect(
            bulk.map(\.key.period) == bulk.map(\.key.period).sorted(), "ordered by period, then combo and org unit")
        #expect(try store.storedTexts(element: c.elements["births"]!, periods: periods).isEmpty)
        // Metadata without the text element would orphan its texts: refused.
        #expect(throws: StoreError.self) {
            try store.applyMetadata(document: "x", combos: ["births": ["male", "female"]])
        }
    }
}
