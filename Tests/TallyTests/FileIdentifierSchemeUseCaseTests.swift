import Foundation
import Tally
import TallyCore
import TallyIO
import TallyInterchange
import TallyServerTesting
import TallyText
import Testing

/// A data value set's own identifier-scheme keys (DHIS2's `idScheme`, `dataElementIdScheme`, `orgUnitIdScheme`,
/// `categoryOptionComboIdScheme`, `dataSetIdScheme`) choose the kinds the command line leaves to the default, in JSON
/// and DXF2 XML; `--data-set-id-scheme` names data sets apart. On SQLite and PostgreSQL.
@Suite struct FileIdentifierSchemeUseCaseTests {
    static let now: Int64 = 1_772_712_000
    static let empty = "dataelement,period,orgunit,value\n"

    func imported(
        _ county: County, _ name: String, _ text: String, schemes: IdentifierSchemes = IdentifierSchemes()
    )
        throws -> ImportSummary
    {
        try county.workspace.importFile(
            try county.file(name, text), schemes: schemes, user: "import", time: Self.now)
    }

    func values(_ county: County) throws -> [String] {
        var text = ""
        _ = try county.reloaded().export(format: .csv, orgUnit: nil) { text += $0 }
        return text.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).prefix(6).joined(separator: ",")
        }
        .sorted()
    }

    @Test(arguments: TestBackend.available)
    func theFilesKeysChooseTheSchemes(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.empty)
        defer { county.remove() }
        let json = """
            {"idScheme": "NAME", "orgUnitIdScheme": "CODE", "dataSet": "Monthly report", "period": "202602",
             "orgUnit": "A1", "dataValues": [
              {"dataElement": "出生数", "categoryOptionCombo": "男", "value": "5"},
              {"dataElement": "Home visits", "value": "7"}
            ]}
            """
        #expect(try imported(county, "names.json", json).new == 2)
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" idScheme="name" orgUnitIdScheme="code" dataElementIdScheme="code" period="202602" orgUnit="B1">
              <dataValue dataElement="births" categoryOptionCombo="Female" value="4"/>
            </dataValueSet>
            """
        #expect(try imported(county, "names.xml", xml).new == 1)
        #expect(
            try values(county) == [
                "births,202602,A1,male,,5", "births,202602,B1,female,,4", "visits,202602,A1,,,7",
            ])
        // An option given on the command line wins over the file's key: --id-scheme code reads codes.
        let error = try #require(
            thrown(ImportError.self) {
                try imported(county, "names2.json", json, schemes: try IdentifierSchemes(idScheme: "code"))
            })
        #expect(error.issues.first?.code == .unknownDataSet)
        let elementsByCode = try imported(
            county, "mixed.json",
            """
            {"idScheme": "NAME", "period": "202603", "orgUnit": "A1", "dataValues": [
              {"dataElement": "visits", "value": "2"}]}
            """, schemes: try IdentifierSchemes(dataElement: "code", orgUnit: "code"))
        #expect(elementsByCode.new == 1)
    }

    @Test(arguments: TestBackend.available)
    func aKeyAfterTheValuesOrNamingNoSchemeIsRefused(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.empty)
        defer { county.remove() }
        let late = try #require(
            thrown(ImportError.self) {
                try imported(
                    county, "late.json",
                    """
                    {"period": "202602", "orgUnit": "A1", "dataValues": [
                      {"dataElement": "visits", "value": "2"}],
                     "idScheme": "NAME"}
                    """)
            })
        let issue = try #require(late.issues.first)
        #expect(issue.code == .unknownKey && issue.line == 3 && issue.column == "idScheme")
        #expect(issue.details.en.hasPrefix("'idScheme' comes after dataValues; Tally settles the identifier schemes"))
        #expect(issue.details.zh.hasPrefix("“idScheme”写在 dataValues 之后"))
        let unknown = try #require(
            thrown(IdentifierSchemeError.self) {
                try imported(
                    county, "label.json",
                    """
                    {"dataElementIdScheme": "LABEL", "dataValues": []}
                    """)
            })
        #expect(unknown.errorCode == "idScheme.unknown")
        #expect(
            unknown.message(.en).hasSuffix(
                "label.json dataElementIdScheme: 'LABEL' is not an identifier scheme; expected uid, code, name or attribute:ID"
            ))
        #expect(unknown.message(.zh).contains("“LABEL”不是标识方案"))
        #expect(try values(county).isEmpty)
    }

    @Test(arguments: TestBackend.available)
    func dataSetsByTheirOwnScheme(_ backend: TestBackend) throws {
        let county = try County.make(
            backend, orgUnits: IdentifierSchemeUseCaseTests.orgUnits, data: IdentifierSchemeUseCaseTests.data)
        defer { county.remove() }
        let schemes = try IdentifierSchemes(dataSet: "name")
        var text = ""
        _ = try county.workspace.export(format: .adx, orgUnit: nil, schemes: schemes, exported: Self.now) {
            text += $0
        }
        #expect(text.contains("dataSet=\"Monthly report\"") && text.contains("dataElement=\"births\""))
        #expect(text.contains("orgUnit=\"A1\""))
        let other = try County.make(backend, orgUnits: IdentifierSchemeUseCaseTests.orgUnits, data: Self.empty)
        defer { other.remove() }
        #expect(try imported(other, "v.adx", text, schemes: schemes).new == 5)
        #expect(try values(other) == values(county))
        // By code, the name is no data set.
        let error = try #require(thrown(ImportError.self) { try imported(other, "v2.adx", text) })
        #expect(error.issues.first?.code == .unknownDataSet)
    }
}
