import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyStore
import Testing

/// Real DHIS2 payloads (Fixtures/dhis2/README.md says where each comes from), imported with a mapping file.
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

    @Test func dhis2CoreADXWithAnnotationsAndDates() throws {
        let h = try imported([("core-exportA.adx.xml", .adx), ("core-importDates.adx.xml", .adx)])
        let values = try h.values()
        #expect(values.count == 3)
        #expect(
            values.contains { $0.element == "malaria_cases" && $0.combo == "female_under5" && $0.orgUnit == "h123" })
        #expect(values.first { $0.element == "malaria_text" }?.comment == "Some text")
        let dated = try #require(values.first { $0.orgUnit == "p123" })
        #expect(dated.combo == "male_over5" && dated.value == 33 && dated.comment == "33333")
        #expect(dated.lastUpdated == Timestamp.parse("1987-12-21T23:59:38Z"))
    }

    /// importC's attribute categories (`mechanismmm`) and attribute option combos are not in the fixtures'
    /// metadata (its malaria data set has no `attributes:`), so its groups that use them are refused.
    @Test func undeclaredAttributeOptionCombosAreRefused() throws {
        let h = try Harness(folder: dhis2Fixtures)
        do {
            try h.run(
                path: dhis2Fixtures.appendingPathComponent("core-importC.adx.xml").path, format: .adx,
                mapping: try mapping)
            Issue.record("importC uses attribute option combos the metadata does not declare")
        } catch let error as ImportError {
            #expect(error.issues.contains { $0.code == .attributeCombo && $0.column == "mechanismmm" })
            // The group with attributeOptionCombo="coc_McDonalds" is quarterly, which the malaria data set is not.
            #expect(error.issues.contains { $0.line == 21 })
        }
        #expect(try h.values().isEmpty)
    }

    @Test(arguments: InterchangeFormat.allCases)
    func fixturesRoundTripWithTheirDHIS2Identifiers(format: InterchangeFormat) throws {
        let all: [(String, InterchangeFormat)] = [
            ("docs-bulk.json", .dhis2JSON), ("docs-reading.csv", .csv), ("docs-vcct.adx.xml", .adx),
            ("core-exportA.adx.xml", .adx), ("core-importDates.adx.xml", .adx),
        ]
        let first = try imported(all)
        let text = try first.export(format, mapping: try mapping)
        #expect(text.contains("DiszpKrYNg8") && text.contains("f7n9E0hX8qk"))
        let second = try Harness(folder: dhis2Fixtures)
        try second.run(text, format: format, mapping: try mapping)
        #expect(try second.snapshot() == (try first.snapshot()))
    }
}
