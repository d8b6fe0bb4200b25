import Foundation
import TallyCore
import TallyIO
import TallyStore
import TallyTransfer
import Testing

/// Files and entries go through the same canonical form as every other input: trimmed (any Unicode space), NFC,
/// hidden characters refused — and the importer looks up and writes that form only.
@Suite struct CanonicalImportTests {
    @Test func codesPaddedWithAnySpaceResolveToTheCanonicalCode() throws {
        let fixture = try ImportFixture()
        let summary = try fixture.run(
            """
            dataelement,period,orgunit,categoryoptioncombo,value,storedby
            \u{3000}births,202510,360121100201\u{00A0},male,3,\u{2003}clerk
            births,\u{2002}202510,360121100202, female\u{3000},2,clerk

            """)
        #expect(summary.new == 2)
        #expect(
            try fixture.snapshot() == [
                "births.female@360121100202/202510=2.0", "births.male@360121100201/202510=3.0",
            ])
    }

    @Test(arguments: [
        ("births\u{200B},202510,360121100201,male,3", "dataelement", "U+200B"),
        ("births,2025\u{202E}10,360121100201,male,3", "period", "U+202E"),
        ("births,202510,3601211\u{0}00201,male,3", "orgunit", "U+0000"),
        ("births,202510,360121100201,ma\u{200D}le,3", "categoryoptioncombo", "U+200D"),
        ("births,202510,360121100201,male,3,a\u{1B}b", "comment", "U+001B"),
    ])
    func hiddenCharactersAreRefusedWithTheirCodePoint(row: String, column: String, codePoint: String) throws {
        let fixture = try ImportFixture()
        #expect(throws: ImportError.self) {
            try fixture.run("dataelement,period,orgunit,categoryoptioncombo,value,comment\n\(row)\n")
        }
        do {
            try fixture.run("dataelement,period,orgunit,categoryoptioncombo,value,comment\n\(row)\n")
        } catch let error as ImportError {
            #expect(error.issues.first?.code == .refusedCharacter)
            #expect(error.issues.first?.column == column)
            #expect(error.issues.first?.detail.contains(codePoint) == true)
        }
        #expect(try fixture.snapshot().isEmpty)
    }

    @Test func entriesResolveOnceOrAreRefusedByRowAndField() throws {
        let fixture = try ImportFixture()
        let importer = try fixture.importer
        let resolved = try importer.resolve(
            [
                ValueEntry(
                    element: " births", combo: "male\t", orgUnit: "\u{3000}360121100201", period: "202510 ",
                    value: " 4 "),
                ValueEntry(
                    element: "births", combo: "female", orgUnit: "360121100202", period: "202510",
                    value: nil, deleted: true),
            ], source: "api")
        #expect(resolved.map(\.element) == ["births", "births"])
        #expect(resolved.map(\.orgUnit) == ["360121100201", "360121100202"])
        #expect(resolved.first?.value == 4)
        #expect(resolved.first?.combo == "male")
        #expect(resolved.last?.deleted == true)
        #expect(throws: ImportError.self) {
            try importer.resolve(
                [
                    ValueEntry(element: "births", combo: "male", orgUnit: "NOWHERE", period: "202510", value: "1"),
                    ValueEntry(
                        element: "births", combo: "male", orgUnit: "360121100201", period: "202510..202512",
                        value: "1"),
                    ValueEntry(
                        element: "births", combo: "male", orgUnit: "360121100201", period: "202510",
                        value: "1.5"),
                ], source: "api")
        }
        do {
            _ = try importer.resolve(
                [ValueEntry(element: "births", combo: "male", orgUnit: "A\u{0}", period: "202510", value: "1")],
                source: "api")
        } catch {
            #expect(error.issues.first?.code == .refusedCharacter)
            #expect(error.issues.first?.line == 1)
            #expect(error.issues.first?.description.hasPrefix("api, row 1, field 'orgunit': ") == true)
        }
    }
}
