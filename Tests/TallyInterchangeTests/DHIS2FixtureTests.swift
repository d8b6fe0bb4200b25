import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyStore
import Testing

/// DHIS2 payloads, from DHIS2's documentation and written for these tests in DHIS2's shapes (Fixtures/dhis2/README.md
/// says which), imported with a mapping file.
@Suite struct DHIS2FixtureTests {
    var mapping: IdentifierMapping {
        get throws { try IdentifierMapping.read(path: dhis2Fixtures.appendingPathComponent("mapping.csv").path) }
    }

    func imported(_ files: [(String, InterchangeFormat)]) throws -> Harness {
        let h = try Harness(folder: dhis2Fixtures)
        let mapping = try mapping
        for (file, format) in files {
            try h.run(path: dhis2Fixtures.appendingPathComponent(file).path, format: format, mapping: mapping)
        }
        return h
    }

    @Test func documentationJSONWithSetLevelDefaults() throws {
        let h = try imported([("docs-mortality.json", .dhis2JSON)])
        #expect(
            try h.values().map { "\($0.element)@\($0.orgUnit)/\($0.period)=\(Int($0.value))" } == [
                "measles@ngelehun/201401=1", "dysentery@ngelehun/201401=2", "cholera@ngelehun/201401=3",
            ])
    }

    @Test func documentationBulkJSONAndReading() throws {
        let h = try imported([("docs-bulk.json", .dhis2JSON), ("docs-reading.json", .dhis2JSON)])
        let values = try h.values().map { "\($0.element)@\($0.orgUnit)/\($0.period)=\(Int($0.value))" }
        #expect(values.count == 6)
        #expect(values.contains("measles@ngelehun/201401=10001"))
        #expect(values.contains("measles@jembe/201402=18"))
    }

    @Test func documentationCSVWithOldColumnNames() throws {
        let h = try imported([("docs-reading.csv", .csv)])
        let values = try h.values()
        #expect(values.count == 4)
        #expect(values.allSatisfy { $0.storedBy == "system" })
        #expect(values.first { $0.element == "ftr" }?.comment == "comment4")
        #expect(values.first { $0.element == "ftr" }?.lastUpdated == Timestamp.parse("2014-03-02T21:45:05Z"))
    }

    @Test func documentationADXWithTwoCategories() throws {
        let h = try imported([("docs-vcct.adx.xml", .adx)])
        let values = try h.values()
        #expect(values.count == 20)
        #expect(values.first { $0.element == "vcct_0" && $0.combo == "female_age0to14" }?.value == 32)
        #expect(Set(values.map(\.period.identifier)) == ["201506"])
    }

    /// DHIS2's ADX shapes: category attributes named by code (in either order), an annotation, `created` and
    /// `lastUpdated` both as attributes and as elements, identifiers of three kinds.
    @Test func adxWithAnnotationsAndDates() throws {
        let h = try imported([("own-export.adx.xml", .adx), ("own-dates.adx.xml", .adx)])
        let values = try h.values()
        let shown = values.map { v in
            "\(v.element)\(v.combo.isEmpty ? "" : ".\(v.combo)")@\(v.orgUnit)/\(v.period.identifier)=\(Int(v.value))"
        }
        #expect(
            shown.sorted() == [
                "fever_cases.female_under5@hillside/202304=14", "fever_cases.male_over5@hillside/202304=9",
                "fever_cases.male_over5@riverbend/202306=27", "fever_note@hillside/202305=0",
            ])
        #expect(values.first { $0.element == "fever_note" }?.comment == "Test kits out of stock for two weeks")
        let dated = try #require(values.first { $0.orgUnit == "riverbend" })
        #expect(dated.combo == "male_over5" && dated.value == 27)
        #expect(dated.comment == "Two cases referred to the district hospital")
        #expect(dated.lastUpdated == Timestamp.parse("2023-07-04T16:02:11Z"))
    }

    /// The attribute category `FUNDER` and the attribute option combo `AOC_COUNCIL` are not in the fixtures'
    /// metadata (its fever data set has no `attributes:`), so the groups that use them are refused, and with them
    /// the whole file.
    @Test func undeclaredAttributeOptionCombosAreRefused() throws {
        let h = try Harness(folder: dhis2Fixtures)
        do {
            try h.run(
                path: dhis2Fixtures.appendingPathComponent("own-attributes.adx.xml").path, format: .adx,
                mapping: try mapping)
            Issue.record("the file uses attribute option combos the metadata does not declare")
        } catch let error as ImportError {
            // The two FUNDER groups' values (lines 15 and 18); the value of the group with
            // attributeOptionCombo="AOC_COUNCIL" (line 21) is quarterly, which the fever data set is not. The monthly
            // groups above them are well-formed.
            #expect(error.issues.map(\.line) == [15, 18, 21])
            #expect(error.issues.prefix(2).allSatisfy { $0.code == .attributeCombo && $0.column == "FUNDER" })
        }
        #expect(try h.values().isEmpty)
    }

    @Test(arguments: InterchangeFormat.allCases)
    func fixturesRoundTripWithTheirDHIS2Identifiers(format: InterchangeFormat) throws {
        let all: [(String, InterchangeFormat)] = [
            ("docs-bulk.json", .dhis2JSON), ("docs-reading.csv", .csv), ("docs-vcct.adx.xml", .adx),
            ("own-export.adx.xml", .adx), ("own-dates.adx.xml", .adx),
        ]
        let first = try imported(all)
        let text = try first.export(format, mapping: try mapping)
        #expect(text.contains("DiszpKrYNg8") && text.contains("f7n9E0hX8qk"))
        let second = try Harness(folder: dhis2Fixtures)
        try second.run(text, format: format, mapping: try mapping)
        #expect(try second.snapshot() == (try first.snapshot()))
    }
}
