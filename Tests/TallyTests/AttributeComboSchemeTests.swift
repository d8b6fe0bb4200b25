import Foundation
import Tally
import TallyCore
import TallyIO
import TallyInterchange
import TallyServerTesting
import TallyText
import Testing

/// DHIS2's `attributeOptionComboIdScheme` (issue 16): attribute option combos read and written in their own scheme
/// (`--attribute-option-combo-id-scheme`, a file's key), else in `--id-scheme`'s as DHIS2 does — not in the category
/// option combos' scheme. On SQLite and PostgreSQL.
@Suite struct AttributeComboSchemeTests {
    static let metadata = AttributeComboUseCaseTests.metadata
    static let now = AttributeComboUseCaseTests.now

    func county(_ backend: TestBackend) throws -> County {
        let county = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        let mapping = try IdentifierMapping.read(path: try county.file("ids.csv", AttributeComboUseCaseTests.mapping))
        let summary = try county.workspace.importFile(
            try county.file("values.json", AttributeComboUseCaseTests.files[.dhis2JSON]!), mapping: mapping,
            user: "import", time: Self.now)
        #expect(summary.new == 6)
        return county
    }

    func csv(_ w: Workspace, _ schemes: IdentifierSchemes, mapping: IdentifierMapping? = nil) throws -> String {
        var text = ""
        _ = try w.export(format: .csv, orgUnit: nil, mapping: mapping, schemes: schemes) { text += $0 }
        return text
    }

    @Test(arguments: TestBackend.available)
    func attributeOptionCombosHaveTheirOwnScheme(_ backend: TestBackend) throws {
        let county = try county(backend)
        defer { county.remove() }
        let w = try county.reloaded()
        // By name alone: the attribute option combo is `Partner A`, the category option combo stays the code.
        let byName = try csv(w, try IdentifierSchemes(attributeOptionCombo: "name"))
        #expect(byName.contains("\nbirths,202602,A1,male,Partner A,5,"))
        #expect(byName.contains("\nvisits,202602,A1,,Partner B,1,"))
        // The category option combos' scheme leaves them alone (DHIS2: they follow idScheme).
        let combosByName = try csv(w, try IdentifierSchemes(categoryOptionCombo: "name"))
        #expect(combosByName.contains("\nbirths,202602,A1,Male,pa,5,"))
        // `--id-scheme name` names both; the attribute's own option wins over it.
        let both = try csv(w, try IdentifierSchemes(idScheme: "name"))
        #expect(both.contains(",202602,甲一村,Male,Partner A,5,"))
        let mixed = try csv(w, try IdentifierSchemes(idScheme: "name", attributeOptionCombo: "code"))
        #expect(mixed.contains(",Male,pa,5,"))
        // Each reads back into another database as the same values.
        for (text, schemes) in [
            (byName, try IdentifierSchemes(attributeOptionCombo: "name")),
            (combosByName, try IdentifierSchemes(categoryOptionCombo: "name")),
            (mixed, try IdentifierSchemes(idScheme: "name", attributeOptionCombo: "code")),
        ] {
            let other = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
            defer { other.remove() }
            let summary = try other.workspace.importFile(
                try other.file("back.csv", text), format: .interchange(.csv), schemes: schemes, user: "import",
                time: Self.now)
            #expect(summary.new == 6)
            #expect(try csv(other.reloaded(), IdentifierSchemes()) == csv(w, IdentifierSchemes()))
        }
    }

    /// By UID through the mapping file's `combo` rows (the converter's), in the CLI's option and a file's key.
    @Test(arguments: TestBackend.available)
    func aFilesKeyChoosesTheAttributeScheme(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let w = county.workspace
        let json = try county.file(
            "named.json",
            """
            {"attributeOptionComboIdScheme": "NAME", "period": "202602", "orgUnit": "A1", "dataValues": [
              {"dataElement": "births", "categoryOptionCombo": "male", "attributeOptionCombo": "Partner A", "value": "5"},
              {"dataElement": "visits", "attributeOptionCombo": "乙伙伴", "value": "1"}
            ]}
            """)
        #expect(try w.importFile(json, user: "import", time: Self.now).new == 2)
        let mapping = try IdentifierMapping.read(path: try county.file("ids.csv", AttributeComboUseCaseTests.mapping))
        let byUID = try csv(
            try county.reloaded(), try IdentifierSchemes(attributeOptionCombo: "uid"), mapping: mapping)
        #expect(byUID.contains("\nfbfJHSPpUQD,202602,DiszpKrYNg8,Prlt0C1RF0s,PartnerAAOC,5,"))
        #expect(byUID.contains("\ncYeuwXTCPkU,202602,DiszpKrYNg8,HllvX50cXC0,PartnerBAOC,1,"))
    }

    @Test(arguments: TestBackend.available)
    func anAttributeOptionComboNotInTheSchemeIsRefusedAtItsLine(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let csv = try county.file(
            "bad.csv",
            """
            dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value
            births,202602,A1,male,Partner A,1
            births,202602,A1,male,pb,1

            """)
        let error = try #require(
            thrown(ImportError.self) {
                try county.workspace.importFile(
                    csv, schemes: try IdentifierSchemes(attributeOptionCombo: "name"), user: "import", time: Self.now)
            })
        #expect(error.issues.map(\.line) == [3])
        #expect(error.issues.first?.column == "attributeoptioncombo")
        #expect(
            error.issues.first?.details.en
                == "by --attribute-option-combo-id-scheme name, 'pb' identifies no attribute option combo")
        #expect(error.issues.first?.details.zh == "按 --attribute-option-combo-id-scheme name，“pb”不是任何属性选项组合的标识")
        // A file's key that names no scheme is refused naming it.
        let json = try county.file(
            "key.json",
            """
            {"attributeOptionComboIdScheme": "LABEL", "dataValues": []}
            """)
        let unknown = try #require(
            thrown(IdentifierSchemeError.self) {
                try county.workspace.importFile(json, user: "import", time: Self.now)
            })
        #expect(
            unknown.sentence.en.hasSuffix(
                "/key.json attributeOptionComboIdScheme: 'LABEL' is not an identifier scheme; expected uid, code, name or attribute:ID"
            ))
    }
}
