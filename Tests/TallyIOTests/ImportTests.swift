import Foundation
import TallyCore
import TallyIO
import TallyStore
import TallyStoreSQLite
import Testing

@testable import TallyTransfer

/// A store with the test metadata and units, and helpers to import CSV text into it.
struct ImportFixture {
    static let yaml = """
        categories:
          sex: {name: {en: Sex, zh: 性别}, options: {male: {en: Male, zh: 男}, female: {en: Female, zh: 女}}}
        elements:
          births: {name: {en: Live births, zh: 出生数}, type: integer, aggregation: sum, categories: [sex]}
          population: {name: Population, type: integer, aggregation: average_sum_org_unit}
          weight: {name: Mean weight, type: number, aggregation: average_sum_org_unit, negative: true}
        datasets:
          monthly: {name: Monthly, period: monthly, level: 3, due_days: 10, elements: [births]}
          yearly: {name: Yearly, period: yearly, level: 3, due_days: 30, elements: [population]}
        """
    static let units = [
        OrgUnit(code: "360121000000", name: "云溪县", parentCode: nil),
        OrgUnit(code: "360121100000", name: "青石镇", parentCode: "360121000000"),
        OrgUnit(code: "360121100201", name: "石桥村", parentCode: "360121100000"),
        OrgUnit(code: "360121100202", name: "下溪村", parentCode: "360121100000"),
    ]

    let store: SQLiteStore
    let metadata: Metadata

    init() throws {
        store = try SQLiteStore(path: ":memory:")
        metadata = try MetadataParser().parse(Self.yaml)
        try store.applyMetadata(
            document: Self.yaml,
            combos: Dictionary(
                uniqueKeysWithValues: metadata.elements.map { ($0.code, metadata.combos(of: $0).map(\.code)) }))
        _ = try store.saveOrgUnits(Self.units)
    }

    var importer: DataValueImporter {
        get throws { DataValueImporter(metadata: metadata, catalog: try store.catalog()) }
    }

    @discardableResult
    func run(
        _ csv: String, name: String = "data.csv", dryRun: Bool = false, time: Int64 = 1_700_000_000
    ) throws -> ImportSummary {
        try importer.importBytes(Array(csv.utf8), name: name, into: store, user: "tester", time: time, dryRun: dryRun)
    }

    /// Every stored value as `element.combo@unit/period=value`, sorted.
    func snapshot() throws -> [String] {
        let c = try store.catalog()
        let elements = Dictionary(uniqueKeysWithValues: c.elements.map { ($1, $0) })
        let combos = Dictionary(uniqueKeysWithValues: c.combos.map { ($1, $0) })
        let units = Dictionary(uniqueKeysWithValues: c.orgUnits.map { ($1, $0) })
        var rows: [String] = []
        try store.scanValues { e, cols in
            for i in 0..<cols.count {
                rows.append(
                    "\(elements[e]!).\(combos[cols.combo[i]]!)@\(units[cols.orgUnit[i]]!)/\(c.periods[cols.period[i]]!)=\(cols.value[i])"
                )
            }
        }
        return rows.sorted()
    }

    /// Imports `csv`, expects it refused with one issue of `code` at `line`/`column`, and the store unchanged.
    func expectRefused(
        _ csv: String, _ code: ImportIssue.Code, line: Int, column: String?, containing text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        if try store.valueCount() == 0 {
            // Start from stored values, so that "unchanged" means something.
            try run(
                "dataelement,period,orgunit,categoryoptioncombo,value\nbirths,202509,360121100201,male,7\nbirths,202510,360121100202,female,1\n",
                name: "baseline.csv")
        }
        let before = try snapshot()
        #expect(!before.isEmpty, sourceLocation: sourceLocation)
        do {
            try run(csv)
            Issue.record("expected the import to be refused", sourceLocation: sourceLocation)
        } catch let error as ImportError {
            let issue = try #require(error.issues.first, sourceLocation: sourceLocation)
            #expect(issue.code == code, sourceLocation: sourceLocation)
            #expect(issue.line == line, sourceLocation: sourceLocation)
            #expect(issue.column == column, sourceLocation: sourceLocation)
            #expect(issue.file == "data.csv", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.contains("nothing was imported"), sourceLocation: sourceLocation)
        }
        #expect(try snapshot() == before, "the store changed", sourceLocation: sourceLocation)
    }
}

@Suite struct ImportTests {
    static let header = "dataelement,period,orgunit,categoryoptioncombo,value,storedby,lastupdated,comment\n"
    static let good =
        header + """
            births,202510,360121100201,male,3,clerk_a,2025-11-05T09:00:00Z,
            births,202510,360121100201,female,2,clerk_a,2025-11-05T09:00:00Z,"第一行, 带逗号"
            population,2025,360121100201,,1234,clerk_a,2026-01-15,

            """

    @Test func importsAndReimportsUnchanged() throws {
        let f = try ImportFixture()
        let first = try f.run(Self.good)
        #expect(first.rows == 3 && first.new == 3)
        #expect(
            try f.snapshot() == [
                "births.female@360121100201/202510=2.0", "births.male@360121100201/202510=3.0",
                "population.@360121100201/2025=1234.0",
            ])
        let again = try f.run(Self.good)
        #expect(again.new == 0 && again.unchanged == 3 && again.changed == 0)
    }

    @Test func stagedValuesAreRecordedForTheRulesElementsUpToALimit() throws {
        let f = try ImportFixture()
        let births = try #require(try f.store.catalog().elements["births"])
        let importer = try f.importer
        importer.recordsValuesOf = [births]
        _ = try importer.importBytes(
            Array(Self.good.utf8), name: "data.csv", into: f.store, user: "tester", time: 1, dryRun: true)
        #expect(importer.stagedValuesComplete)
        let staged = importer.stagedValues.latest().map(\.value)
        #expect(staged.map(\.line).sorted() == [2, 3])
        #expect(staged.compactMap(\.value).sorted() == [2, 3])
        // An element id too large for the importer's array is asked of the set.
        importer.recordsValuesOf = [births, 1 << 20]
        _ = try importer.importBytes(
            Array(Self.good.utf8), name: "data.csv", into: f.store, user: "tester", time: 1, dryRun: true)
        #expect(importer.stagedValues.latest().map(\.value.line).sorted() == [2, 3])
        // Beyond the limit nothing is held, and the importer says the record is incomplete.
        importer.recordsValuesLimit = 1
        _ = try importer.importBytes(
            Array(Self.good.utf8), name: "data.csv", into: f.store, user: "tester", time: 1, dryRun: true)
        #expect(!importer.stagedValuesComplete)
        #expect(importer.stagedValues.isEmpty)
    }

    /// The record keeps each key's last staged value, a removal as `nil`, its period and line, ordered by period,
    /// org unit, element and combo.
    @Test func theRecordKeepsTheLastValueOfAKey() throws {
        var record = StagedValueRecord()
        let (october, november) = (try Period("202510"), try Period("202511"))
        let a = ValueKey(element: 2, period: 7, orgUnit: 5, combo: 0)
        let b = ValueKey(element: 1, period: 8, orgUnit: 9, combo: 3)
        record.append(a, StagedValue(period: october, value: 4, line: 2))
        record.append(b, StagedValue(period: november, value: 1.5, line: 3))
        record.append(a, StagedValue(period: october, value: nil, line: 4))
        record.append(b, StagedValue(period: november, value: 6, line: 5))
        record.append(a, StagedValue(period: october, value: 8, line: 6))
        // Another unit of the same period, with a larger element id: before `a` all the same.
        let c = ValueKey(element: 9, period: 7, orgUnit: 3, combo: 0)
        record.append(c, StagedValue(period: october, value: 0, line: 7))
        #expect(record.count == 6)
        let latest = Array(record.latest())
        #expect(latest.map(\.key) == [c, a, b])
        #expect(
            latest.map(\.value) == [
                StagedValue(period: october, value: 0, line: 7), StagedValue(period: october, value: 8, line: 6),
                StagedValue(period: november, value: 6, line: 5),
            ])
        var removal = StagedValueRecord()
        removal.append(a, StagedValue(period: october, value: 3, line: 2))
        removal.append(a, StagedValue(period: october, value: nil, line: 3))
        #expect(removal.latest().map(\.value) == [StagedValue(period: october, value: nil, line: 3)])
    }

    /// A period is found by its store id: small ids in an array, large ones (and negative ones) apart; the accessors
    /// of the latest values give what the iterator gives.
    @Test func theRecordFindsPeriodsOfSmallAndLargeIDs() throws {
        var record = StagedValueRecord(capacity: 4)
        let periods = [try Period("202510"), try Period("2025"), try Period("2025Q4"), try Period("202511")]
        let ids: [Int32] = [3, 1 << 16, Int32.max, -2]
        for (k, (id, period)) in zip(ids, periods).enumerated() {
            record.append(
                ValueKey(element: 1, period: id, orgUnit: 5, combo: 0),
                StagedValue(period: period, value: 1, line: k + 2))
        }
        let latest = record.latest()
        #expect(latest.count == 4)
        #expect((0..<latest.count).map { latest.key($0).period } == [Int32(-2), 3, 1 << 16, .max])
        #expect((0..<latest.count).map { latest.period($0) } == [periods[3], periods[0], periods[1], periods[2]])
        #expect((0..<latest.count).map { latest.line($0) } == [5, 2, 3, 4])
        #expect(Array(latest).map(\.value.period) == (0..<latest.count).map { latest.period($0) })
    }

    /// The record's two orders agree: keys of small ids packed and sorted by their bytes, and keys compared; ids too
    /// wide to pack together, or negative, are compared.
    @Test func packedAndComparedOrdersAgree() {
        var seed: UInt64 = 0x5EED
        func draw(_ n: Int32) -> Int32 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int32(truncatingIfNeeded: (seed >> 33) % UInt64(n))
        }
        for (periods, units, elements, combos) in [
            (40, 300, 8, 3), (2, 2, 2, 2), (1, 1, 1, 1), (72, 420_000, 20, 50), (4_000, 1 << 20, 300, 1 << 12),
        ] as [(Int32, Int32, Int32, Int32)] {
            let keys = (0..<5_000).map { _ in
                ValueKey(element: draw(elements), period: draw(periods), orgUnit: draw(units), combo: draw(combos))
            }
            let packed = StagedValueRecord.packedOrder(keys)
            #expect(packed == StagedValueRecord.comparedOrder(keys))
        }
        let wide = [
            ValueKey(element: 1, period: .max, orgUnit: .max, combo: 1),
            ValueKey(element: 0, period: 1, orgUnit: 2, combo: 3),
        ]
        #expect(StagedValueRecord.packedOrder(wide) == nil)
        #expect(StagedValueRecord.packedOrder([ValueKey(element: -1, period: 1, orgUnit: 2, combo: 3)]) == nil)
        #expect(StagedValueRecord.comparedOrder(wide) == [1, 0])
    }

    @Test func changedValueKeepsHistory() throws {
        let f = try ImportFixture()
        try f.run(Self.good, time: 100)
        let changed = try f.run(
            Self.header + "births,202510,360121100201,male,4,clerk_b,2025-12-01T08:00:00Z,\n", time: 200)
        #expect(changed.changed == 1)
        let c = try f.store.catalog()
        let key = ValueKey(
            element: c.elements["births"]!, period: c.periods.first { $0.value.identifier == "202510" }!.key,
            orgUnit: c.orgUnits["360121100201"]!, combo: c.combos["male"]!)
        #expect(try f.store.value(key)?.value == 4)
        let history = try f.store.history(key)
        #expect(history.count == 1)
        #expect(history.first?.previousValue == 3)
        #expect(history.first?.previousStoredBy == "clerk_a")
        #expect(history.first?.previousTime == Timestamp.parse("2025-11-05T09:00:00Z"))
        #expect(history.first?.changedBy == "clerk_b")
        // deleted=true removes the value and keeps it in history.
        let csv =
            "dataelement,period,orgunit,categoryoptioncombo,value,deleted\nbirths,202510,360121100201,male,,true\n"
        let deleted = try f.run(csv, time: 300)
        #expect(deleted.deleted == 1)
        #expect(try f.store.value(key) == nil)
        #expect(try f.store.history(key).map(\.action) == ["update", "delete"])
    }

    @Test func dryRunCountsButWritesNothing() throws {
        let f = try ImportFixture()
        try f.run(Self.good)
        let csv =
            Self.header
            + "births,202510,360121100201,male,9,,,\nbirths,202511,360121100201,male,1,,,\nbirths,202510,360121100201,female,2,,,\n"
        let before = try f.snapshot()
        let dry = try f.run(csv, dryRun: true)
        #expect(dry.dryRun && dry.new == 1 && dry.changed == 1 && dry.unchanged == 1)
        #expect(try f.snapshot() == before)
        #expect(dry.line.contains("dry run"))
    }

    @Test func bomCRLFQuotedNewlinesAndNoHeader() throws {
        let f = try ImportFixture()
        let csv =
            "\u{FEFF}DataElement,Period,OrgUnit,CategoryOptionCombo,Value,Comment\r\nbirths,202510,360121100202,male,1,\"two\r\nlines\"\r\nbirths,202510,360121100202,female,0,\r\n"
        #expect(try f.run(csv).new == 2)
        // DHIS2's positional order without a header.
        let positional = "births,202511,360121100202,male,,5,admin,2025-12-03,,false\n"
        #expect(try f.run(positional).new == 1)
        #expect(try f.snapshot().contains("births.female@360121100202/202510=0.0"))
    }

    @Test func unknownOrgUnit() throws {
        try ImportFixture().expectRefused(
            Self.header + "births,202510,360121100201,male,3,,,\nbirths,202510,999,male,3,,,\n", .unknownOrgUnit,
            line: 3, column: "orgunit", containing: "'999' is not an org unit code")
    }

    @Test func unknownElement() throws {
        try ImportFixture().expectRefused(
            Self.header + "birth,202510,360121100201,male,3,,,\n", .unknownElement, line: 2, column: "dataelement",
            containing: "'birth' is not a data element")
    }

    @Test func unknownCombo() throws {
        let f = try ImportFixture()
        try f.expectRefused(
            Self.header + "births,202510,360121100201,boys,3,,,\n", .unknownCombo, line: 2,
            column: "categoryoptioncombo", containing: "expected one of: male, female")
        try f.expectRefused(
            Self.header + "births,202510,360121100201,,3,,,\n", .unknownCombo, line: 2, column: "categoryoptioncombo",
            containing: "disaggregated")
        try f.expectRefused(
            Self.header + "population,2025,360121100201,male,3,,,\n", .unknownCombo, line: 2,
            column: "categoryoptioncombo", containing: "has no categories")
    }

    @Test func malformedPeriod() throws {
        let f = try ImportFixture()
        try f.expectRefused(
            Self.header + "births,2025/13,360121100201,male,3,,,\n", .malformedPeriod, line: 2, column: "period",
            containing: "'2025/13' is not a period; expected e.g. 202510")
        try f.expectRefused(
            Self.header + "births,202510..202512,360121100201,male,3,,,\n", .malformedPeriod, line: 2, column: "period",
            containing: "range")
    }

    @Test func periodTypeNotAllowed() throws {
        try ImportFixture().expectRefused(
            Self.header + "births,2025Q4,360121100201,male,3,,,\n", .periodTypeNotAllowed, line: 2, column: "period",
            containing: "'births' is reported monthly")
    }

    @Test func nonNumericDecimalAndNegative() throws {
        let f = try ImportFixture()
        try f.expectRefused(
            Self.header + "births,202510,360121100201,male,\"1,234\",,,\n", .notNumeric, line: 2, column: "value",
            containing: "'1,234' has a thousands separator, which is not allowed in a value; write it as 1234")
        try f.expectRefused(
            Self.header + "births,202510,360121100201,male,three,,,\n", .notNumeric, line: 2, column: "value",
            containing: "'three' is not a number")
        try f.expectRefused(
            Self.header + "births,202510,360121100201,male,2.5,,,\n", .notInteger, line: 2, column: "value",
            containing: "holds whole numbers")
        try f.expectRefused(
            Self.header + "births,202510,360121100201,male,-1,,,\n", .negative, line: 2, column: "value",
            containing: "cannot be below 0")
        try f.expectRefused(
            Self.header + "births,202510,360121100201,male,,,,\n", .missingField, line: 2, column: "value",
            containing: "the value is empty")
        // A number element that allows negatives takes them.
        #expect(try f.run("dataelement,period,orgunit,value\nweight,2025,360121100201,-1.5\n").new == 1)
    }

    /// DHIS2's default combo UID, the same in every DHIS2 database, needs no mapping row, as a category option
    /// combo or an attribute option combo; it is refused for an element with categories, as `default` is.
    @Test func dhis2sDefaultComboNeedsNoMapping() throws {
        let f = try ImportFixture()
        let header = "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n"
        #expect(try f.run(header + "population,2025,360121100201,HllvX50cXC0,HllvX50cXC0,1000\n").new == 1)
        try f.expectRefused(
            header + "births,202510,360121100201,HllvX50cXC0,,3\n", .unknownCombo, line: 2,
            column: "categoryoptioncombo", containing: "'births' is disaggregated")
    }

    @Test func sameKeyTwice() throws {
        let csv =
            Self.header
            + "births,202510,360121100201,male,3,,,\nbirths,202510,360121100202,male,3,,,\nbirths,202510,360121100201,male,4,,,\n"
        try ImportFixture().expectRefused(
            csv, .duplicate, line: 4, column: nil,
            containing: "births.male for 360121100201 in 202510 appears more than once")
    }

    /// Values given twice are found when the file's rows are applied, and reported at their lines among the
    /// other problems, with the line that gave the value first; all are counted.
    @Test func duplicatesAmongOtherProblemsInLineOrder() throws {
        let f = try ImportFixture()
        var csv = Self.header
        csv += "births,202510,360121100201,male,3,,,\n"  // 2
        csv += "births,202510,360121100201,female,1,,,\n"  // 3
        csv += "births,202510,360121100201,male,4,,,\n"  // 4: again (line 2)
        csv += "births,2025x,360121100201,male,4,,,\n"  // 5: a bad period
        csv += "births,202510,360121100201,female,1,,,\n"  // 6: again (line 3)
        csv += "population,2025,360121100202,,10,,,\n"  // 7
        csv += "population,2025,360121100202,,10,,,\n"  // 8: again (line 7)
        do {
            try f.run(csv)
            Issue.record("expected a refusal")
        } catch let error as ImportError {
            #expect(error.issues.map(\.line) == [4, 5, 6, 8])
            #expect(error.issues.map(\.code) == [.duplicate, .malformedPeriod, .duplicate, .duplicate])
            #expect(error.total == 4)
            #expect(
                error.issues[0].description
                    == "data.csv, line 4: births.male for 360121100201 in 202510 appears more than once in this file (first at line 2); keep one row per value"
            )
            #expect(error.issues[3].detail.hasPrefix("population for 360121100202 in 2025 appears more than once"))
            #expect(error.issues[3].detail.contains("(first at line 7)"))
        }
        #expect(try f.snapshot().isEmpty)
        // More than twenty: the first twenty by line, and a count of the rest.
        var many = Self.header + "births,202510,360121100201,male,3,,,\n"
        for _ in 0..<30 { many += "births,202510,360121100201,male,3,,,\n" }
        do {
            try f.run(many)
            Issue.record("expected a refusal")
        } catch let error as ImportError {
            #expect(error.issues.map(\.line) == Array(3...22))
            #expect(error.total == 30)
        }
    }

    /// The same rows in any order give the same summary and the same values, who, when, comments and history.
    @Test func anyOrderGivesTheSameResult() throws {
        let rows = [
            "births,202510,360121100201,male,3,clerk_a,2025-11-05T09:00:00Z,",
            "births,202510,360121100201,female,2,,,\"第一行, 带逗号\"",
            "births,202510,360121100202,male,5,clerk_b,,",
            "births,202511,360121100201,male,1,,,",
            "births,202511,360121100202,female,0,,,",
            "population,2025,360121100201,,1234,clerk_a,2026-01-15,",
            "population,2025,360121100202,,999,,,",
        ]
        let second = [
            "births,202510,360121100201,male,4,clerk_c,,更正",
            "births,202510,360121100201,female,2,,,",
            "births,202511,360121100202,female,,,,,,true",
            "births,202512,360121100202,female,7,,,",
            "population,2025,360121100202,,1000,,2026-02-01,",
        ]
        var results: [(ImportSummary, ImportSummary, [String], [HistoryEntry])] = []
        let orders = [
            rows, rows.reversed(), rows.sorted(), [rows[3], rows[6], rows[0], rows[5], rows[1], rows[4], rows[2]],
        ]
        let header =
            "dataelement,period,orgunit,categoryoptioncombo,value,storedby,lastupdated,comment,followup,deleted\n"
        for (k, order) in orders.enumerated() {
            let f = try ImportFixture()
            let one = try f.run(Self.header + order.joined(separator: "\n") + "\n", time: 100)
            let changes = k % 2 == 0 ? second : second.reversed()
            let two = try f.run(header + changes.joined(separator: "\n") + "\n", time: 200)
            let c = try f.store.catalog()
            let key = ValueKey(
                element: c.elements["births"]!, period: c.periodIDs[try Period("202510")]!,
                orgUnit: c.orgUnits["360121100201"]!, combo: c.combos["male"]!)
            // Ids depend on the order periods were first met: compare by codes.
            let units = Dictionary(uniqueKeysWithValues: c.orgUnits.map { ($1, $0) })
            let combos = Dictionary(uniqueKeysWithValues: c.combos.map { ($1, $0) })
            var detail: [String] = []
            for (code, element) in c.elements {
                detail += try f.store.storedValues(element: element, periods: Array(c.periods.keys)).map {
                    "\(code).\(combos[$0.key.combo]!)@\(units[$0.key.orgUnit]!)/\(c.periods[$0.key.period]!): \($0.value)"
                }
            }
            results.append((one, two, detail.sorted(), try f.store.history(key)))
        }
        #expect(results[0].0.new == 7)
        #expect(results[0].1.changed == 2 && results[0].1.unchanged == 1 && results[0].1.deleted == 1)
        #expect(results[0].1.new == 1)
        #expect(results[0].3.map(\.changedBy) == ["clerk_c"])
        for r in results.dropFirst() {
            #expect(r.0 == results[0].0 && r.1 == results[0].1)
            #expect(r.2 == results[0].2)
            #expect(r.3 == results[0].3)
        }
    }

    @Test func missingAndUnknownColumns() throws {
        let f = try ImportFixture()
        try f.expectRefused(
            "dataelement,period,orgunit,categoryoptioncombo\nbirths,202510,360121100201,male\n", .missingColumn,
            line: 1, column: nil, containing: "no 'value' column")
        try f.expectRefused(
            "dataelement,period,orgunit,value,vlaue\nbirths,202510,360121100201,3,3\n", .unknownColumn, line: 1,
            column: nil, containing: "unknown column 'vlaue'")
        try f.expectRefused("births,202510\n", .missingColumn, line: 1, column: nil, containing: "no header")
    }

    @Test func badTimestampAndTooManyFields() throws {
        let f = try ImportFixture()
        try f.expectRefused(
            Self.header + "births,202510,360121100201,male,3,a,2025-11-31,\n", .badTimestamp, line: 2,
            column: "lastupdated", containing: "'2025-11-31' is not a time")
        try f.expectRefused(
            Self.header + "births,202510,360121100201,male,3,a,,,extra\n", .tooManyFields, line: 2, column: nil,
            containing: "9 fields")
    }

    @Test func unterminatedQuote() throws {
        try ImportFixture().expectRefused(
            Self.header + "births,202510,360121100201,male,3,,,\"open\n", .unreadable, line: 2, column: nil,
            containing: "not closed")
    }

    @Test func reportsTwentyProblemsThenACount() throws {
        let f = try ImportFixture()
        var csv = Self.header + "births,202510,360121100201,male,3,,,\n"
        for i in 0..<25 { csv += "births,2025\(i)x,360121100201,male,3,,,\n" }
        do {
            try f.run(csv)
            Issue.record("expected a refusal")
        } catch let error as ImportError {
            #expect(error.issues.count == 20)
            #expect(error.total == 25)
            #expect(error.message.contains("… and 5 more problems"))
            #expect(error.issues.first?.line == 3)
        }
        #expect(try f.snapshot().isEmpty)
    }

    @Test func largeFileStreamsFromDisk() throws {
        let f = try ImportFixture()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "dataelement,period,orgunit,categoryoptioncombo,value\n"
        var expected = 0.0
        for year in 2000...2024 {
            for month in 1...12 {
                for unit in ["360121100201", "360121100202"] {
                    for combo in ["male", "female"] {
                        let v = (year * 7 + month * 3 + unit.count + combo.count) % 11
                        expected += Double(v)
                        csv += "births,\(year)\(month < 10 ? "0" : "")\(month),\(unit),\(combo),\(v)\n"
                    }
                }
            }
        }
        let path = dir.appendingPathComponent("big.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let summary = try f.importer.importFile(path: path, into: f.store, user: "t", time: 1)
        #expect(summary.new == 25 * 12 * 4)
        var total = 0.0
        try f.store.scanValues { _, c in total += c.value.reduce(0, +) }
        #expect(total == expected)
    }
}
