public import TallyCore
public import TallyStore
public import Testing

extension StoreSuite {
    /// Every check of staged writes that runs on one store (part of ``checks``).
    static let stagingChecks: [Check] = [
        Check(name: "staged writes: outcomes, values and history", body: stagedOutcomes),
        Check(name: "staged writes give what direct writes give", body: stagedMatchesDirect),
        Check(name: "a writer stages or writes directly, and applies what it staged", body: stagingMisuse),
        Check(name: "staged writes under the create and update strategies", body: stagedStrategies),
    ]

    /// One named check that needs several separate stores, each new and empty.
    public struct SeparateStoresCheck: Sendable, CustomStringConvertible {
        /// The check's name.
        public let name: String
        let body: @Sendable (_ makeStore: () throws -> any Store) throws -> Void

        /// Runs the check; `makeStore` must give a new, empty store (its own database) at each call.
        public func run(making makeStore: () throws -> any Store) throws {
            try body(makeStore)
        }

        public var description: String { name }
    }

    /// Every check that needs several separate stores.
    public static let separateStoresChecks: [SeparateStoresCheck] = [
        SeparateStoresCheck(name: "one file in four orders gives one database", body: anyOrderOneDatabase)
    ]

    /// A staged row of a test file: a value (or a removal when `value` is nil) with who, when, comment and mark.
    struct Row {
        var element: String
        var period: String
        var unit: String
        var combo: String
        var value: Double?
        var storedBy: String? = nil
        var time: Int64? = nil
        var comment: String? = nil
        var followUp = false
        var line = 0
    }

    /// Stages `rows` in one batch and applies them.
    static func stageAll(
        _ store: any Store, _ rows: [Row], batch: WriteBatch, limit: Int = 100,
        strategy: WriteStrategy = .createAndUpdate
    ) throws -> StagedOutcomes {
        let c = try store.catalog()
        return try store.write(batch, commit: true) { (w: any ValueWriter) throws in
            for row in rows {
                let key = ValueKey(
                    element: c.elements[row.element]!, period: try w.periodID(try Period(row.period)),
                    orgUnit: c.orgUnits[row.unit]!, combo: c.combos[row.combo]!)
                if let value = row.value {
                    try w.stage(
                        ValueWrite(
                            key: key, value: value, storedBy: row.storedBy, time: row.time, comment: row.comment,
                            followUp: row.followUp), row: row.line)
                } else {
                    try w.stageRemoval(key, by: try row.storedBy.map(w.actorID), at: row.time, row: row.line)
                }
            }
            return try w.applyStaged(reporting: limit, strategy: strategy)
        }
    }

    /// `create` adds only values not stored and `update` changes only stored ones; the rest are ignored (nothing
    /// written, no history), and a second row of a key is a duplicate even when the first was ignored.
    static func stagedStrategies(_ store: any Store) throws {
        let c = try prepared(store)
        func row(_ period: String, _ unit: String, _ value: Double, line: Int) -> Row {
            Row(element: "births", period: period, unit: unit, combo: "male", value: value, line: line)
        }
        func key(_ period: String, _ unit: String) throws -> ValueKey {
            ValueKey(
                element: c.elements["births"]!,
                period: try store.catalog().periods.first { $0.value.identifier == period }!.key,
                orgUnit: c.orgUnits[unit]!, combo: c.combos["male"]!)
        }
        _ = try stageAll(
            store, [row("202510", "V1", 5, line: 2), row("202510", "T1", 7, line: 3)],
            batch: WriteBatch(source: "a.csv", user: "u1", time: 1_000))
        // update: V1 changes, T1 is unchanged, C and V1 in November are new and ignored; C again is a duplicate.
        let update = try stageAll(
            store,
            [
                row("202510", "V1", 6, line: 2), row("202510", "T1", 7, line: 3), row("202510", "C", 1, line: 4),
                row("202511", "V1", 2, line: 5), row("202510", "C", 3, line: 6),
            ], batch: WriteBatch(source: "b.csv", user: "u2", time: 2_000), strategy: .updateOnly)
        var expected = StagedOutcomes()
        expected.changed = 1
        expected.unchanged = 1
        expected.ignored = 2
        expected.duplicates = 1
        expected.firstDuplicates = [StagedDuplicate(row: 6, key: try key("202510", "C"), firstRow: 4)]
        #expect(update == expected)
        #expect(try store.value(try key("202510", "V1"))?.value == 6)
        #expect(try store.value(try key("202510", "C")) == nil)
        #expect(try store.valueCount() == 2)
        // create: V1 and T1 are stored and ignored (V1 keeps 6, no history); C is new; T1 again is a duplicate.
        let create = try stageAll(
            store,
            [
                row("202510", "V1", 9, line: 2), row("202510", "T1", 8, line: 3), row("202510", "C", 4, line: 4),
                row("202510", "T1", 1, line: 5),
            ], batch: WriteBatch(source: "c.csv", user: "u3", time: 3_000), strategy: .createOnly)
        expected = StagedOutcomes()
        expected.new = 1
        expected.ignored = 2
        expected.duplicates = 1
        expected.firstDuplicates = [StagedDuplicate(row: 5, key: try key("202510", "T1"), firstRow: 3)]
        #expect(create == expected)
        #expect(try store.value(try key("202510", "V1"))?.value == 6)
        #expect(try store.value(try key("202510", "T1"))?.value == 7)
        #expect(try store.value(try key("202510", "C"))?.value == 4)
        #expect(try store.history(try key("202510", "V1")).count == 1)
        #expect(try store.history(try key("202510", "T1")).isEmpty)
    }

    static func stagedOutcomes(_ store: any Store) throws {
        let c = try prepared(store)
        func row(_ period: String, _ unit: String, _ combo: String, _ value: Double?, line: Int) -> Row {
            Row(element: "births", period: period, unit: unit, combo: combo, value: value, line: line)
        }
        var first = [
            row("202510", "V1", "male", 5, line: 2), row("202510", "V1", "female", 4, line: 3),
            row("202510", "T1", "male", 7, line: 4), row("202511", "V1", "male", 1, line: 5),
        ]
        first[0].storedBy = "clerk_a"
        first[0].time = 900
        first[0].comment = "首报"
        first[1].followUp = true
        let one = try stageAll(store, first, batch: WriteBatch(source: "a.csv", user: "u1", time: 1_000))
        var expected = StagedOutcomes()
        expected.new = 4
        #expect(one == expected)
        func key(_ period: String, _ unit: String, _ combo: String) throws -> ValueKey {
            ValueKey(
                element: c.elements["births"]!,
                period: try store.catalog().periods.first { $0.value.identifier == period }!.key,
                orgUnit: c.orgUnits[unit]!, combo: c.combos[combo]!)
        }
        #expect(
            try store.value(try key("202510", "V1", "male"))
                == StoredValue(
                    value: 5, storedBy: "clerk_a", created: 900, updated: 900, comment: "首报", followUp: false))
        #expect(try store.value(try key("202510", "V1", "female"))?.followUp == true)

        // The second file: unchanged (keeps the comment), changed by someone, removed, removed again (a duplicate),
        // a removal of nothing, a new value given twice (the second a duplicate), removed and entered again.
        var second = [
            row("202510", "V1", "male", 5, line: 2),
            row("202510", "V1", "female", 6, line: 3),
            row("202510", "T1", "male", nil, line: 4),
            row("202510", "T1", "male", nil, line: 5),
            row("202512", "V1", "male", nil, line: 6),
            row("202512", "C", "female", 9, line: 7),
            row("202512", "C", "female", 10, line: 8),
            row("202511", "V1", "male", nil, line: 9),
            row("202511", "V1", "male", 2, line: 10),
            row("202511", "V1", "male", 3, line: 11),
        ]
        second[1].storedBy = "clerk_b"
        second[1].time = 1_500
        second[2].storedBy = "clerk_c"
        let two = try stageAll(store, second, batch: WriteBatch(source: "b.csv", user: "u2", time: 2_000))
        expected = StagedOutcomes()
        expected.new = 2
        expected.changed = 1
        expected.unchanged = 1
        expected.deleted = 2
        expected.absent = 1
        expected.duplicates = 3
        expected.firstDuplicates = [
            StagedDuplicate(row: 5, key: try key("202510", "T1", "male"), firstRow: 4),
            StagedDuplicate(row: 8, key: try key("202512", "C", "female"), firstRow: 7),
            StagedDuplicate(row: 11, key: try key("202511", "V1", "male"), firstRow: 9),
        ]
        #expect(two == expected)
        #expect(
            try store.value(try key("202510", "V1", "male"))
                == StoredValue(
                    value: 5, storedBy: "clerk_a", created: 900, updated: 900, comment: "首报", followUp: false))
        #expect(
            try store.value(try key("202510", "V1", "female"))
                == StoredValue(
                    value: 6, storedBy: "clerk_b", created: 1_000, updated: 1_500, comment: nil, followUp: false))
        #expect(
            try store.history(try key("202510", "V1", "female")) == [
                HistoryEntry(
                    action: "update", previousValue: 4, previousStoredBy: "u1", previousTime: 1_000, newValue: 6,
                    changedBy: "clerk_b", changedAt: 2_000)
            ])
        #expect(try store.value(try key("202510", "T1", "male")) == nil)
        #expect(
            try store.history(try key("202510", "T1", "male")) == [
                HistoryEntry(
                    action: "delete", previousValue: 7, previousStoredBy: "u1", previousTime: 1_000, newValue: nil,
                    changedBy: "clerk_c", changedAt: 2_000)
            ])
        #expect(try store.value(try key("202512", "C", "female"))?.value == 9)
        #expect(
            try store.value(try key("202511", "V1", "male"))
                == StoredValue(value: 2, storedBy: "u2", created: 2_000, updated: 2_000, comment: nil, followUp: false))
        #expect(try store.history(try key("202511", "V1", "male")).map(\.action) == ["delete"])
        #expect(try store.valueCount() == 4)
        // Only the first duplicates are listed, all are counted.
        let three = try stageAll(
            store, [row("202601", "V1", "male", 1, line: 2)] + (3...9).map { row("202601", "V1", "male", 1, line: $0) },
            batch: WriteBatch(source: "c.csv", user: "u3", time: 3_000), limit: 2)
        #expect(three.new == 1 && three.duplicates == 7)
        #expect(three.firstDuplicates.map(\.row) == [3, 4])
        #expect(three.firstDuplicates.allSatisfy { $0.firstRow == 2 })
        // A stored value given twice, without removals: unchanged, then a duplicate that changes nothing.
        let four = try stageAll(
            store, [row("202510", "V1", "female", 6, line: 2), row("202510", "V1", "female", 8, line: 3)],
            batch: WriteBatch(source: "d.csv", user: "u4", time: 4_000))
        expected = StagedOutcomes()
        expected.unchanged = 1
        expected.duplicates = 1
        expected.firstDuplicates = [StagedDuplicate(row: 3, key: try key("202510", "V1", "female"), firstRow: 2)]
        #expect(four == expected)
        #expect(try store.value(try key("202510", "V1", "female"))?.value == 6)
        #expect(try store.history(try key("202510", "V1", "female")).count == 1)
    }

    static func stagingMisuse(_ store: any Store) throws {
        let c = try prepared(store)
        #expect(throws: StoreError.self) {
            try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
                _ = try w.upsert(ValueWrite(key: try key(c, w), value: 1))
                try w.stage(ValueWrite(key: try key(c, w, period: "202511"), value: 1), row: 1)
            }
        }
        #expect(throws: StoreError.self) {
            try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
                try w.stage(ValueWrite(key: try key(c, w), value: 1), row: 1)
                _ = try w.current(try key(c, w))
            }
        }
        // Staged but never applied: refused, and nothing is written.
        #expect(throws: StoreError.self) {
            try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
                try w.stage(ValueWrite(key: try key(c, w), value: 1), row: 1)
            }
        }
        #expect(throws: StoreError.self) {
            try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
                try w.stage(ValueWrite(key: try key(c, w), value: .nan), row: 1)
            }
        }
        #expect(throws: StoreError.self) {
            try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
                try w.stage(
                    ValueWrite(
                        key: ValueKey(
                            element: c.elements["births"]!, period: try w.periodID(try Period("202510")),
                            orgUnit: 9_999, combo: 0), value: 1), row: 1)
            }
        }
        #expect(try store.valueCount() == 0)
        // Nothing staged: nothing to apply.
        let none = try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) {
            (w: any ValueWriter) throws in try w.applyStaged(reporting: 5)
        }
        #expect(none == StagedOutcomes())
    }

    /// Random batches — values, removals, repeats, comments, marks, people and times — written directly into one
    /// element and staged into another give the same outcomes, values and history, batch after batch.
    static func stagedMatchesDirect(_ store: any Store) throws {
        let combos = ["", "male", "female"]
        try store.applyMetadata(document: "m", combos: ["direct": combos, "staged": combos])
        let units =
            [OrgUnit(code: "C", name: "县", parentCode: nil)]
            + (1...5).map { OrgUnit(code: "U\($0)", name: "单位\($0)", parentCode: "C") }
        _ = try store.saveOrgUnits(units)
        let c = try store.catalog()
        let periods = ["202510", "202511", "2025"]
        var random = SuiteRandom(seed: 11)
        for round in 0..<12 {
            var rows: [Row] = []
            for line in 0..<50 {
                var row = Row(
                    element: "", period: periods[random.below(3)], unit: units[random.below(units.count)].code,
                    combo: combos[random.below(3)], value: random.below(5) == 0 ? nil : Double(random.below(4)) / 2,
                    line: line + 2)
                if random.below(3) == 0 { row.storedBy = "clerk\(random.below(2))" }
                if random.below(3) == 0 { row.time = Int64(100 + random.below(50)) }
                if row.value != nil && random.below(4) == 0 { row.comment = "注\(round)\t\\\n\(random.below(3))" }
                row.followUp = random.below(2) == 0
                rows.append(row)
            }
            let batch = WriteBatch(source: "r\(round)", user: "u\(round % 3)", time: Int64(1_000 + round))
            var direct = StagedOutcomes()
            try store.write(batch, commit: true) { (w: any ValueWriter) throws in
                for row in rows {
                    let key = ValueKey(
                        element: c.elements["direct"]!, period: try w.periodID(try Period(row.period)),
                        orgUnit: c.orgUnits[row.unit]!, combo: c.combos[row.combo]!)
                    let outcome =
                        try row.value.map {
                            try w.upsert(
                                ValueWrite(
                                    key: key, value: $0, storedBy: row.storedBy, time: row.time, comment: row.comment,
                                    followUp: row.followUp))
                        } ?? w.delete(key, by: row.storedBy, at: row.time)
                    direct.count(outcome)
                }
            }
            let staged = try stageAll(
                store,
                rows.map {
                    var r = $0; r.element = "staged"; return r
                }, batch: batch, limit: 0)
            #expect(staged == direct, "round \(round)")
        }
        let catalog = try store.catalog()
        for (period, id) in catalog.periods.map({ ($0.value, $0.key) }) {
            let d = try store.storedValues(element: catalog.elements["direct"]!, periods: [id])
            let s = try store.storedValues(element: catalog.elements["staged"]!, periods: [id])
            #expect(d.map(\.value) == s.map(\.value), "\(period)")
            #expect(d.map(\.key.orgUnit) == s.map(\.key.orgUnit) && d.map(\.key.combo) == s.map(\.key.combo))
            for unit in units {
                for combo in combos {
                    func key(_ element: String) -> ValueKey {
                        ValueKey(
                            element: catalog.elements[element]!, period: id, orgUnit: catalog.orgUnits[unit.code]!,
                            combo: catalog.combos[combo]!)
                    }
                    #expect(try store.history(key("direct")) == (try store.history(key("staged"))))
                }
            }
        }
    }
}

extension StoreSuite {
    /// The file of ``anyOrderOneDatabase``: a base file, and a second file in which every row names another value
    /// — new, changed, unchanged, removed, removals of nothing, comments, marks, people, times — so that its outcome
    /// cannot depend on the order of its rows.
    static func orderTestFiles() -> (units: [OrgUnit], base: [Row], second: [Row], expected: StagedOutcomes) {
        var units = [OrgUnit(code: "C", name: "县", parentCode: nil)]
        for t in 1...3 { units.append(OrgUnit(code: "T\(t)", name: "镇\(t)", parentCode: "C")) }
        for v in 1...24 { units.append(OrgUnit(code: "V\(v)", name: "村\(v)", parentCode: "T\(v % 3 + 1)")) }
        let months = ["202510", "202511", "202512"]
        let series = [("births", "male"), ("births", "female"), ("deaths", "")]
        var base: [Row] = []
        var second: [Row] = []
        var expected = StagedOutcomes()
        var n = 0
        for month in months {
            for (element, combo) in series {
                for v in 1...24 {
                    n += 1
                    let unit = "V\(v)"
                    var row = Row(element: element, period: month, unit: unit, combo: combo, value: Double(n % 17))
                    if n % 5 == 0 { row.comment = "初报 \(n)" }
                    if n % 7 == 0 { row.storedBy = "clerk\(n % 3)" }
                    if n % 11 == 0 { row.time = Int64(500 + n) }
                    base.append(row)
                    var next = row
                    next.comment = nil
                    next.storedBy = n % 4 == 0 ? "checker" : nil
                    next.time = n % 6 == 0 ? Int64(5_000 + n) : nil
                    next.followUp = n % 3 == 0
                    switch n % 5 {
                    case 0:
                        expected.unchanged += 1
                    case 1:
                        next.value = row.value! + 1
                        expected.changed += 1
                    case 2:
                        next.value = nil
                        expected.deleted += 1
                    case 3:
                        next.value = row.value! + 0.5
                        next.comment = "更正 \(n)"
                        expected.changed += 1
                    default:
                        continue
                    }
                    second.append(next)
                }
            }
        }
        // New values in a new month, values of towns, removals of values never stored.
        for (element, combo) in series {
            for v in 1...24 {
                second.append(Row(element: element, period: "202601", unit: "V\(v)", combo: combo, value: Double(v)))
                expected.new += 1
            }
        }
        for t in 1...3 {
            second.append(Row(element: "deaths", period: "202511", unit: "T\(t)", combo: "", value: Double(t)))
            second.append(Row(element: "births", period: "202512", unit: "T\(t)", combo: "male", value: nil))
            expected.new += 1
            expected.absent += 1
        }
        for k in second.indices { second[k].line = k + 2 }
        for k in base.indices { base[k].line = k + 2 }
        return (units, base, second, expected)
    }

    /// The second file sorted four ways — by period, by org unit, by element, shuffled — imported each into its own
    /// store after the base file gives the same outcomes, values and history.
    static func anyOrderOneDatabase(_ makeStore: () throws -> any Store) throws {
        let (units, base, second, expected) = orderTestFiles()
        func sorted(_ by: (Row) -> [String]) -> [Row] {
            second.sorted { by($0).lexicographicallyPrecedes(by($1)) }
        }
        var random = SuiteRandom(seed: 3)
        var shuffled = second
        for k in shuffled.indices.reversed() where k > 0 { shuffled.swapAt(k, random.below(k + 1)) }
        let orders: [(String, [Row])] = [
            ("period", sorted { [$0.period, $0.element, $0.unit, $0.combo] }),
            ("unit", sorted { [$0.unit, $0.period, $0.element, $0.combo] }),
            ("element", sorted { [$0.element, $0.combo, $0.period, $0.unit] }),
            ("shuffled", shuffled),
        ]
        var databases: [(name: String, outcomes: StagedOutcomes, values: [String], history: [String])] = []
        for (name, rows) in orders {
            let store = try makeStore()
            try store.applyMetadata(
                document: "m", combos: ["births": ["", "male", "female"], "deaths": ["", "male", "female"]])
            _ = try store.saveOrgUnits(units)
            _ = try stageAll(store, base, batch: WriteBatch(source: "base.csv", user: "importer", time: 1_000))
            let outcomes = try stageAll(
                store, rows, batch: WriteBatch(source: "\(name).csv", user: "editor", time: 2_000))
            let (values, history) = try contents(store)
            databases.append((name, outcomes, values, history))
        }
        #expect(databases[0].outcomes == expected)
        #expect(databases[0].values.count == base.count + expected.new - expected.deleted)
        #expect(databases[0].history.count == expected.changed + expected.deleted)
        for other in databases.dropFirst() {
            #expect(other.outcomes == databases[0].outcomes, "\(other.name)")
            #expect(other.values == databases[0].values, "\(other.name)")
            #expect(other.history == databases[0].history, "\(other.name)")
        }
    }

    /// Every stored value and every history entry of a store as text, by codes, sorted.
    static func contents(_ store: any Store) throws -> (values: [String], history: [String]) {
        let c = try store.catalog()
        let elements = Dictionary(uniqueKeysWithValues: c.elements.map { ($1, $0) })
        let combos = Dictionary(uniqueKeysWithValues: c.combos.map { ($1, $0) })
        let units = Dictionary(uniqueKeysWithValues: c.orgUnits.map { ($1, $0) })
        var values: [String] = []
        var history: [String] = []
        for (element, e) in c.elements {
            for (key, v) in try store.storedValues(element: e, periods: Array(c.periods.keys)) {
                let name =
                    "\(element).\(combos[key.combo]!)@\(units[key.orgUnit]!)/\(c.periods[key.period]!.identifier)"
                values.append(
                    "\(name)=\(v.value) by \(v.storedBy ?? "-") \(v.created)/\(v.updated) \(v.comment ?? "-") \(v.followUp)"
                )
            }
            for period in c.periods.keys {
                for unit in c.orgUnits.map(\.id) {
                    for combo in c.combos.values {
                        let key = ValueKey(element: e, period: period, orgUnit: unit, combo: combo)
                        for h in try store.history(key) {
                            history.append(
                                "\(elements[e]!).\(combos[combo]!)@\(units[unit]!)/\(c.periods[period]!.identifier): \(h)"
                            )
                        }
                    }
                }
            }
        }
        return (values.sorted(), history.sorted())
    }
}

/// A small deterministic generator for random batches (SplitMix64): the suite's, and the stores' own tests.
public struct SuiteRandom {
    var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n`.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
