import Foundation
import Tally
import TallyCore
import TallyIO
import TallyInterchange
import TallyServerTesting
import TallyStore
import TallyText
import TallyTransfer
import Testing

/// DHIS2's identifier schemes (`--id-scheme uid|code|name|attribute:ID` and the per-kind overrides) through the
/// workspace, in both directions: an export by name or by UID imports back into another database as the same values;
/// names resolve once on their canonical form; a scheme Tally cannot resolve, an identifier that is missing and a
/// shared name are refused, in zh and en. On SQLite and PostgreSQL.
@Suite struct IdentifierSchemeUseCaseTests {
    /// The small county with 新村 in both towns (a shared name) and Café.
    static let orgUnits = FixtureCounty.orgUnits + "A4,Café,TA\nA3,新村,TA\nB3,新村,TB\n"
    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value,storedby,lastupdated,comment
        births,202602,A1,male,5,li,2026-03-02T08:00:00Z,checked
        births,202602,A1,female,4,li,2026-03-02T08:00:00Z,
        births,202602,B1,male,3,wang,2026-03-03T09:00:00Z,
        visits,202602,A4,,7,li,2026-03-02T08:00:00Z,
        visits,202602,A2,,2,li,2026-03-02T08:00:00Z,

        """
    /// A mapping file as the metadata conversion writes it: UIDs, and DHIS2 codes beside them.
    static let mapping = """
        kind,dhis2,tally
        element,fbfJHSPpUQD,births
        element,BIRTHS,births
        element,cYeuwXTCPkU,visits
        orgunit,DiszpKrYNg8,A1
        orgunit,ImspTQPwCqd,A2
        orgunit,O6uvpzGd5pu,B1
        orgunit,Vth0fbpFcsO,A4
        orgunit,at6UHUQatSo,A3
        orgunit,fdc6uOvgoji,B3
        orgunit,TA_CODE,TA
        combo,Prlt0C1RF0s,male
        combo,V6L425pT3A0,female
        combo,HllvX50cXC0,default
        dataset,pBOMPrpg1QX,monthly
        dataset,Lpw6GcnTrmS,population

        """
    static let now: Int64 = 1_772_712_000
    static let formats: [InterchangeFormat] = [.csv, .dhis2JSON, .dxf2XML, .adx]

    func exported(
        _ w: Workspace, _ format: InterchangeFormat, schemes: IdentifierSchemes = IdentifierSchemes(),
        mapping: IdentifierMapping? = nil, language: Language = .en
    ) throws -> String {
        var text = ""
        try w.export(
            format: format, orgUnit: nil, mapping: mapping, schemes: schemes, language: language, exported: Self.now
        ) { text += $0 }
        return text
    }

    /// Exports in `schemes`, imports the file into a fresh database in the same schemes and compares the two
    /// databases' exports in Tally's codes.
    func roundTrip(
        _ backend: TestBackend, _ format: InterchangeFormat, _ schemes: IdentifierSchemes, mapping: String? = nil,
        language: Language = .en
    ) throws -> String {
        let county = try County.make(backend, orgUnits: Self.orgUnits, data: Self.data)
        defer { county.remove() }
        let map = try mapping.map { try IdentifierMapping.read(path: try county.file("ids.csv", $0)) }
        let text = try exported(county.workspace, format, schemes: schemes, mapping: map, language: language)
        let other = try County.make(backend, orgUnits: Self.orgUnits, data: "dataelement,period,orgunit,value\n")
        defer { other.remove() }
        let path = try other.file(
            "values.\(format == .csv ? "csv" : format == .adx ? "adx" : format == .dhis2JSON ? "json" : "xml")", text)
        let summary = try other.workspace.importFile(
            path, format: .interchange(format), mapping: map, schemes: schemes, user: "import", time: Self.now)
        #expect(summary.new == 5)
        // A value of the shared name 新村 was not exported, so the comparison is of every value.
        #expect(try exported(other.reloaded(), .csv) == exported(county.workspace, .csv))
        return text
    }

    @Test(arguments: TestBackend.available, Self.formats)
    func namesRoundTrip(_ backend: TestBackend, _ format: InterchangeFormat) throws {
        let english = try roundTrip(backend, format, try IdentifierSchemes(idScheme: "NAME"))
        #expect(english.contains("Live births") && english.contains("甲一村") && english.contains("Café"))
        #expect(!english.contains("\nbirths,") && !english.contains("\"births\"") && !english.contains("\"A1\""))
        if format != .adx { #expect(english.contains("Male") && english.contains("Home visits")) }
        if format == .adx { #expect(english.contains("dataSet=\"Monthly report\"")) }
        let chinese = try roundTrip(backend, format, try IdentifierSchemes(idScheme: "name"), language: .zh)
        #expect(chinese.contains("出生数") && chinese.contains("访视人数"))
    }

    @Test(arguments: TestBackend.available, Self.formats)
    func uidsRoundTrip(_ backend: TestBackend, _ format: InterchangeFormat) throws {
        let text = try roundTrip(backend, format, try IdentifierSchemes(idScheme: "uid"), mapping: Self.mapping)
        #expect(text.contains("fbfJHSPpUQD") && text.contains("DiszpKrYNg8") && text.contains("Vth0fbpFcsO"))
        #expect(!text.contains("BIRTHS"))
        if format == .dhis2JSON { #expect(text.contains("\"HllvX50cXC0\"") && text.contains("\"Prlt0C1RF0s\"")) }
        if format == .adx { #expect(text.contains("dataSet=\"pBOMPrpg1QX\"")) }
    }

    @Test(arguments: TestBackend.available)
    func perKindSchemesOverrideTheGeneralOne(_ backend: TestBackend) throws {
        let schemes = try IdentifierSchemes(idScheme: "name", orgUnit: "code", categoryOptionCombo: "code")
        let text = try roundTrip(backend, .csv, schemes)
        #expect(text.contains("Live births,202602,A1,male,"))
        // Units stay codes: an unknown one is no unit code, and no mapping file is named.
        let county = try County.make(backend, orgUnits: Self.orgUnits, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let file = try county.file("v.csv", "dataelement,period,orgunit,value\nHome visits,202602,ZZ,1\n")
        let error = try #require(
            thrown(ImportError.self) {
                try county.workspace.importFile(file, schemes: schemes, user: "import", time: Self.now)
            })
        #expect(error.issues.first?.code == .unknownOrgUnit)
        #expect(error.issues.first?.details.en.hasPrefix("'ZZ' is not an org unit code") == true)
        #expect(error.message.contains("mapping") == false)
    }

    @Test(arguments: TestBackend.available)
    func hostileNamesResolveOnceAndSharedNamesAreRefused(_ backend: TestBackend) throws {
        let county = try County.make(backend, orgUnits: Self.orgUnits, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let w = county.workspace
        let schemes = try IdentifierSchemes(idScheme: "name")
        // Padded and decomposed (Cafe + combining acute) names resolve; a name with a control character is refused,
        // 新村 names two units, a code is not a name.
        let bad = try county.file(
            "bad.csv",
            """
            dataelement,period,orgunit,categoryoptioncombo,value
            " 出生数 ",202602,\u{3000}甲一村 ,Male,1
            Home visits,202602,Cafe\u{301},,2
            Home visits,202602,甲二\u{7}村,,3
            Home visits,202602,新村,,4
            visits,202602,A1,,5
            出生数,202602,甲一村,女,6

            """)
        let error = try #require(
            thrown(ImportError.self) {
                try w.importFile(bad, schemes: schemes, user: "import", time: Self.now)
            })
        #expect(error.issues.map(\.line) == [4, 5, 6])
        #expect(error.issues.map(\.code) == [.refusedCharacter, .ambiguousOrgUnit, .unknownElement])
        let shared = try #require(error.issues.first { $0.code == .ambiguousOrgUnit })
        #expect(shared.column == "orgunit")
        #expect(shared.details.en == "by --id-scheme name, '新村' identifies 2 of the org units: A3, B3; use the code")
        #expect(shared.details.zh == "按 --id-scheme name，“新村”同时是2个单位的标识：A3、B3；请改用代码")
        #expect(error.issues[2].details.en == "by --id-scheme name, 'visits' identifies no data element")
        #expect(error.issues[2].details.zh == "按 --id-scheme name，“visits”不是任何数据项的标识")

        let good = try county.file(
            "good.csv",
            """
            dataelement,period,orgunit,categoryoptioncombo,value
            " 出生数 ",202602,\u{3000}甲一村 ,Male,1
            Home visits,202602,Cafe\u{301},,2
            出生数,202602,甲一村,女,6

            """)
        let summary = try w.importFile(good, schemes: schemes, user: "import", time: Self.now)
        #expect(summary.new == 3)
        let february = try Period("202602")
        let after = try county.reloaded()
        #expect(try after.valueStates(elements: ["visits"], orgUnit: "A4", period: february).first?.stored?.value == 2)

        // A data set is read by its name too: its code is not one.
        let set = try county.file(
            "set.json",
            #"{"dataSet": "monthly", "period": "202602", "orgUnit": "甲一村", "dataValues": [{"dataElement": "Home visits", "value": "1"}]}"#
        )
        let setError = try #require(
            thrown(ImportError.self) { try w.importFile(set, schemes: schemes, user: "import", time: Self.now) })
        #expect(setError.issues.map(\.code) == [.unknownDataSet])
        #expect(setError.issues.first?.details.en == "by --id-scheme name, 'monthly' identifies no data set")
        #expect(setError.issues.first?.details.zh == "按 --id-scheme name，“monthly”不是任何报表的标识")

        // An export by name of a value of 新村 is refused before anything is written.
        _ = try w.importFile(
            try county.file("a3.csv", "dataelement,period,orgunit,value\nvisits,202602,A3,1\n"), user: "import",
            time: Self.now)
        let refusal = try #require(
            thrown(IdentifierSchemeError.self) { try exported(try county.reloaded(), .dhis2JSON, schemes: schemes) })
        #expect(refusal.errorCode == "idScheme.shared")
        #expect(refusal.message(.en).contains("orgunit A3: 新村"))
        #expect(refusal.message(.zh).contains("标识相同"))
    }

    @Test(arguments: TestBackend.available)
    func schemesTallyCannotResolveAreRefused(_ backend: TestBackend) throws {
        let unknown = try #require(thrown(IdentifierSchemeError.self) { try IdentifierSchemes(orgUnit: "label") })
        #expect(unknown.errorCode == "idScheme.unknown")
        #expect(
            unknown.message(.en)
                == "--org-unit-id-scheme: 'label' is not an identifier scheme; expected uid, code, name or attribute:ID"
        )
        #expect(unknown.message(.zh) == "--org-unit-id-scheme：“label”不是标识方案；应为 uid、code、name 或 attribute:ID")

        let county = try County.make(backend, orgUnits: Self.orgUnits, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let file = try county.file("v.csv", "dataelement,period,orgunit,value\nvisits,202602,A1,1\n")
        let attribute = try #require(
            thrown(IdentifierSchemeError.self) {
                try w.importFile(
                    file, schemes: try IdentifierSchemes(dataElement: "ATTRIBUTE:XyZ12345678"), user: "i",
                    time: Self.now)
            })
        #expect(attribute.errorCode == "idScheme.notHeld")
        #expect(attribute.message(.en).hasPrefix("--data-element-id-scheme attribute:XyZ12345678: Tally's metadata"))
        #expect(attribute.message(.zh).contains("不保存 DHIS2 属性值"))
        let uid = try #require(
            thrown(IdentifierSchemeError.self) {
                try exported(w, .csv, schemes: try IdentifierSchemes(idScheme: "uid"))
            })
        #expect(uid.message(.en).hasPrefix("--id-scheme uid: Tally does not store DHIS2 UIDs"))
        #expect(uid.message(.zh).hasPrefix("--id-scheme uid：Tally 不保存 DHIS2 的 UID"))

        // A value whose unit has no UID in the mapping is listed, and nothing is written.
        let partial = try IdentifierMapping(
            rows: [
                (.element, "cYeuwXTCPkU", "visits"), (.element, "fbfJHSPpUQD", "births"),
                (.orgUnit, "DiszpKrYNg8", "A1"),
            ])
        var written = ""
        let missing = try #require(
            thrown(IdentifierSchemeError.self) {
                try w.export(
                    format: .dhis2JSON, orgUnit: nil, mapping: partial, schemes: try IdentifierSchemes(idScheme: "uid")
                ) { written += $0 }
            })
        #expect(written.isEmpty)
        #expect(missing.errorCode == "idScheme.missing")
        #expect(
            missing.message(.en)
                == "these have no identifier in the chosen scheme, so nothing was exported (none is written blank): "
                + "orgunit A2 (--id-scheme uid), orgunit A4 (--id-scheme uid), "
                + "orgunit B1 (--id-scheme uid), combo female (--id-scheme uid), combo male (--id-scheme uid), "
                + "dataset monthly (--id-scheme uid)")
        #expect(missing.message(.zh).hasPrefix("以下对象在所选标识方案下没有标识，不能导出（不会写空）：orgunit A2 (--id-scheme uid)、"))
    }
}
