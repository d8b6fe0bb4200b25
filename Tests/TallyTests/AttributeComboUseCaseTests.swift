import Foundation
import Tally
import TallyCore
import TallyEngine
import TallyIO
import TallyInterchange
import TallyServerTesting
import TallyStore
import TallyText
import Testing

/// DHIS2's attribute option combos (issue 16): the monthly data set's attribute category `partner` folded into its
/// elements' combos. A file in each of DHIS2's shapes, with UIDs through a mapping file, is imported, queried by an
/// attribute option and over all of them against hand-computed totals, and exported back with the same identifiers;
/// an unknown attribute option combo is refused at its line and field. On SQLite and PostgreSQL.
@Suite struct AttributeComboUseCaseTests {
    /// The small county's metadata with partners A and B as the monthly report's attribute category.
    static let metadata = FixtureCounty.partnerMetadata

    static let mapping = """
        kind,dhis2,tally
        element,fbfJHSPpUQD,births
        element,cYeuwXTCPkU,visits
        orgunit,DiszpKrYNg8,A1
        orgunit,O6uvpzGd5pu,B1
        combo,Prlt0C1RF0s,male
        combo,V6L425pT3A0,female
        combo,PartnerAAOC,pa
        combo,PartnerBAOC,pb
        combo,HllvX50cXC0,default
        dataset,pBOMPrpg1QX,monthly
        category,GENDER,sex
        category,PARTNER,partner
        option,MALE,male
        option,FEMALE,female
        option,PARTNER_A,pa
        option,PARTNER_B,pb

        """

    /// The same six values in each of DHIS2's shapes: A1 reports 5 boys, 4 girls and 7 visits for partner A, 2 boys
    /// and 1 visit for partner B; B1 3 girls for partner B (February 2026).
    static let files: [InterchangeFormat: String] = [
        .dhis2JSON: """
        {"dataSet": "pBOMPrpg1QX", "period": "202602", "orgUnit": "DiszpKrYNg8", "attributeOptionCombo": "PartnerAAOC",
         "dataValues": [
          {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "Prlt0C1RF0s", "value": "5"},
          {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "V6L425pT3A0", "value": "4"},
          {"dataElement": "cYeuwXTCPkU", "categoryOptionCombo": "HllvX50cXC0", "value": "7"},
          {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "Prlt0C1RF0s", "attributeOptionCombo": "PartnerBAOC", "value": "2"},
          {"dataElement": "cYeuwXTCPkU", "categoryOptionCombo": "HllvX50cXC0", "attributeOptionCombo": "PartnerBAOC", "value": "1"},
          {"dataElement": "fbfJHSPpUQD", "orgUnit": "O6uvpzGd5pu", "categoryOptionCombo": "V6L425pT3A0", "attributeOptionCombo": "PartnerBAOC", "value": "3"}
         ]}
        """,
        .csv: """
        dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup
        fbfJHSPpUQD,202602,DiszpKrYNg8,Prlt0C1RF0s,PartnerAAOC,5,admin,2026-03-02T08:00:00Z,,false
        fbfJHSPpUQD,202602,DiszpKrYNg8,V6L425pT3A0,PartnerAAOC,4,admin,2026-03-02T08:00:00Z,,false
        cYeuwXTCPkU,202602,DiszpKrYNg8,HllvX50cXC0,PartnerAAOC,7,admin,2026-03-02T08:00:00Z,,false
        fbfJHSPpUQD,202602,DiszpKrYNg8,Prlt0C1RF0s,PartnerBAOC,2,admin,2026-03-02T08:00:00Z,,false
        cYeuwXTCPkU,202602,DiszpKrYNg8,HllvX50cXC0,PartnerBAOC,1,admin,2026-03-02T08:00:00Z,,false
        fbfJHSPpUQD,202602,O6uvpzGd5pu,V6L425pT3A0,PartnerBAOC,3,admin,2026-03-02T08:00:00Z,,false

        """,
        .adx: """
        <?xml version="1.0" encoding="UTF-8"?>
        <adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-03-05T12:00:00Z">
          <group orgUnit="DiszpKrYNg8" period="2026-02-01/P1M" dataSet="pBOMPrpg1QX" PARTNER="PARTNER_A">
            <dataValue dataElement="fbfJHSPpUQD" GENDER="MALE" value="5"/>
            <dataValue dataElement="fbfJHSPpUQD" GENDER="FEMALE" value="4"/>
            <dataValue dataElement="cYeuwXTCPkU" value="7"/>
          </group>
          <group orgUnit="DiszpKrYNg8" period="2026-02-01/P1M" dataSet="pBOMPrpg1QX" PARTNER="PARTNER_B">
            <dataValue dataElement="fbfJHSPpUQD" GENDER="MALE" value="2"/>
            <dataValue dataElement="cYeuwXTCPkU" value="1"/>
          </group>
          <group orgUnit="O6uvpzGd5pu" period="2026-02-01/P1M" dataSet="pBOMPrpg1QX" attributeOptionCombo="PartnerBAOC">
            <dataValue dataElement="fbfJHSPpUQD" categoryOptionCombo="V6L425pT3A0" value="3"/>
          </group>
        </adx>
        """,
        .dxf2XML: """
        <?xml version="1.0" encoding="UTF-8"?>
        <dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dataSet="pBOMPrpg1QX" period="202602" orgUnit="DiszpKrYNg8" attributeOptionCombo="PartnerAAOC">
          <dataValue dataElement="fbfJHSPpUQD" categoryOptionCombo="Prlt0C1RF0s" value="5"/>
          <dataValue dataElement="fbfJHSPpUQD" categoryOptionCombo="V6L425pT3A0" value="4"/>
          <dataValue dataElement="cYeuwXTCPkU" categoryOptionCombo="HllvX50cXC0" value="7"/>
          <dataValue dataElement="fbfJHSPpUQD" categoryOptionCombo="Prlt0C1RF0s" attributeOptionCombo="PartnerBAOC" value="2"/>
          <dataValue dataElement="cYeuwXTCPkU" attributeOptionCombo="PartnerBAOC" value="1"/>
          <dataValue dataElement="fbfJHSPpUQD" orgUnit="O6uvpzGd5pu" categoryOptionCombo="V6L425pT3A0" attributeOptionCombo="PartnerBAOC" value="3"/>
        </dataValueSet>
        """,
    ]

    /// The six values as DHIS2 names them: element, period, org unit, category option combo, attribute option combo,
    /// value.
    static let identifiers: Set<String> = [
        "fbfJHSPpUQD 202602 DiszpKrYNg8 Prlt0C1RF0s PartnerAAOC 5",
        "fbfJHSPpUQD 202602 DiszpKrYNg8 V6L425pT3A0 PartnerAAOC 4",
        "cYeuwXTCPkU 202602 DiszpKrYNg8 HllvX50cXC0 PartnerAAOC 7",
        "fbfJHSPpUQD 202602 DiszpKrYNg8 Prlt0C1RF0s PartnerBAOC 2",
        "cYeuwXTCPkU 202602 DiszpKrYNg8 HllvX50cXC0 PartnerBAOC 1",
        "fbfJHSPpUQD 202602 O6uvpzGd5pu V6L425pT3A0 PartnerBAOC 3",
    ]

    static let formats: [InterchangeFormat] = [.dhis2JSON, .csv, .adx, .dxf2XML]
    static let now: Int64 = 1_772_712_000

    static func name(_ format: InterchangeFormat) -> String {
        "values.\(format == .csv ? "csv" : format == .adx ? "adx" : format == .dhis2JSON ? "json" : "xml")"
    }

    /// A county with `format`'s file imported through the mapping.
    func imported(_ backend: TestBackend, _ format: InterchangeFormat) throws -> (County, IdentifierMapping) {
        let county = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        let mapping = try IdentifierMapping.read(path: try county.file("ids.csv", Self.mapping))
        let summary = try county.workspace.importFile(
            try county.file(Self.name(format), Self.files[format]!), format: .interchange(format), mapping: mapping,
            user: "import", time: Self.now)
        #expect(summary.new == 6)
        return (county, mapping)
    }

    func exported(_ w: Workspace, _ format: InterchangeFormat, mapping: IdentifierMapping? = nil) throws -> String {
        var text = ""
        _ = try w.export(format: format, orgUnit: nil, mapping: mapping, exported: Self.now) { text += $0 }
        return text
    }

    @Test(arguments: TestBackend.available, Self.formats)
    func queriedByAndOverAttributeOptions(_ backend: TestBackend, _ format: InterchangeFormat) throws {
        let (county, _) = try imported(backend, format)
        defer { county.remove() }
        let w = try county.reloaded()
        let subjects = try w.subjects(
            elements: ["births", "births.pa", "births.pb", "births.male", "births.male_pb", "visits", "visits.pa"],
            indicators: ["srb"])
        let results = try w.query(subjects, period: try Period("202602"), orgUnit: try w.unit("C"), scope: .children)
        func figures(_ k: Int) -> [String: Double?] {
            Dictionary(uniqueKeysWithValues: results[k].rows.map { (w.tree.units[$0.unit].code, $0.figure.value) })
        }
        #expect(figures(0) == ["TA": 11, "TB": 3])  // every partner: 5 + 4 + 2, and 3
        #expect(figures(1) == ["TA": 9, "TB": nil])  // partner A: 5 + 4; none in 乙镇
        #expect(figures(2) == ["TA": 2, "TB": 3])
        #expect(figures(3) == ["TA": 7, "TB": nil])  // boys of both partners
        #expect(figures(4) == ["TA": 2, "TB": nil])
        #expect(figures(5) == ["TA": 8, "TB": nil])
        #expect(figures(6) == ["TA": 7, "TB": nil])
        #expect(figures(7)["TA"] == 7.0 / 4 * 100)  // 7 boys ÷ 4 girls, both partners
        let county14 = try w.query(
            [.element(ElementReference(element: "births"))], period: try Period("202602"), orgUnit: try w.unit("C"))
        #expect(county14.first?.rows.first?.figure.value == 14)
    }

    @Test(arguments: TestBackend.available, Self.formats)
    func exportedBackWithTheSameIdentifiers(_ backend: TestBackend, _ format: InterchangeFormat) throws {
        let (county, mapping) = try imported(backend, format)
        defer { county.remove() }
        let (reference, _) = try imported(backend, .dhis2JSON)
        defer { reference.remove() }
        // The same values whichever shape they came in.
        let w = try county.reloaded()
        #expect(
            try Self.identifiers(exported(w, .csv), .csv)
                == Self.identifiers(exported(reference.reloaded(), .csv), .csv))
        let text = try exported(w, format, mapping: mapping)
        #expect(try Self.identifiers(text, format) == Self.identifiers)
        // And read back into another database as the same values.
        let other = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        defer { other.remove() }
        let summary = try other.workspace.importFile(
            try other.file(Self.name(format), text), format: .interchange(format), mapping: mapping, user: "import",
            time: Self.now)
        #expect(summary.new == 6)
        #expect(try exported(other.reloaded(), .csv) == exported(w, .csv))
    }

    /// A workbook export writes the two combos in their columns and reads back as the same values.
    @Test(arguments: TestBackend.available)
    func aWorkbookRoundTrips(_ backend: TestBackend) throws {
        let (county, mapping) = try imported(backend, .csv)
        defer { county.remove() }
        let w = try county.reloaded()
        let path = county.directory.appendingPathComponent("values.xlsx").path
        #expect(try w.exportWorkbook(path: path, orgUnit: nil, mapping: mapping) == 6)
        let other = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        defer { other.remove() }
        let summary = try other.workspace.importFile(path, mapping: mapping, user: "import", time: Self.now)
        #expect(summary.new == 6)
        #expect(try exported(other.reloaded(), .csv) == exported(w, .csv))
    }

    /// By name and by UID, an attribute option combo is its own object (`Partner A`, `PartnerAAOC`), apart from the
    /// element's category option combo (`Male`), in every format.
    @Test(arguments: TestBackend.available, Self.formats)
    func identifierSchemesNameTheTwoCombosApart(_ backend: TestBackend, _ format: InterchangeFormat) throws {
        let (county, mapping) = try imported(backend, .dhis2JSON)
        defer { county.remove() }
        let w = try county.reloaded()
        for (schemes, map) in [
            (try IdentifierSchemes(idScheme: "name"), nil), (try IdentifierSchemes(idScheme: "uid"), mapping),
        ] {
            var text = ""
            _ = try w.export(format: format, orgUnit: nil, mapping: map, schemes: schemes, exported: Self.now) {
                text += $0
            }
            if format == .dhis2JSON && map == nil {
                #expect(text.contains(#""categoryOptionCombo": "Male", "attributeOptionCombo": "Partner A""#))
            }
            if format == .csv && map != nil {
                #expect(text.contains("\nfbfJHSPpUQD,202602,DiszpKrYNg8,Prlt0C1RF0s,PartnerAAOC,5,"))
            }
            let other = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
            defer { other.remove() }
            let summary = try other.workspace.importFile(
                try other.file(Self.name(format), text), format: .interchange(format), mapping: map, schemes: schemes,
                user: "import", time: Self.now)
            #expect(summary.new == 6)
            #expect(
                try Self.identifiers(exported(other.reloaded(), .csv), .csv)
                    == Self.identifiers(exported(w, .csv), .csv))
        }
    }

    /// The values of an export as DHIS2 names them (see ``identifiers``).
    static func identifiers(_ text: String, _ format: InterchangeFormat) throws -> Set<String> {
        switch format {
        case .csv:
            return Set(
                text.split(separator: "\n").dropFirst().map {
                    $0.split(separator: ",", omittingEmptySubsequences: false).prefix(6).joined(separator: " ")
                })
        case .dhis2JSON:
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            let values = object?["dataValues"] as? [[String: Any]] ?? []
            return Set(
                values.map { v in
                    ["dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value"]
                        .map { v[$0] as? String ?? "-" }.joined(separator: " ")
                })
        case .dxf2XML:
            return Set(
                text.split(separator: "\n").filter { $0.contains("<dataValue ") }.map { line in
                    ["dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value"]
                        .map { attribute(String(line), $0) ?? "-" }.joined(separator: " ")
                })
        case .adx:
            // ADX names categories and options: group attributes PARTNER, value attributes GENDER.
            var result: Set<String> = []
            var group = ""
            for line in text.split(separator: "\n").map(String.init) {
                if line.contains("<group ") { group = line }
                guard line.contains("<dataValue ") else { continue }
                let partner = attribute(group, "PARTNER") == "PARTNER_A" ? "PartnerAAOC" : "PartnerBAOC"
                let combo =
                    [
                        "MALE": "Prlt0C1RF0s", "FEMALE": "V6L425pT3A0",
                    ][attribute(line, "GENDER") ?? ""] ?? "HllvX50cXC0"
                let unit = attribute(group, "orgUnit") ?? "-"
                #expect(attribute(group, "period") == "2026-02-01/P1M" && attribute(group, "dataSet") == "pBOMPrpg1QX")
                result.insert(
                    "\(attribute(line, "dataElement") ?? "-") 202602 \(unit) \(combo) \(partner) \(attribute(line, "value") ?? "-")"
                )
            }
            return result
        }
    }

    static func attribute(_ line: String, _ name: String) -> String? {
        guard let start = line.range(of: " \(name)=\"") else { return nil }
        return String(line[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test(arguments: TestBackend.available)
    func anUnknownAttributeOptionComboIsRefusedAtItsLineAndField(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let mapping = try IdentifierMapping.read(path: try county.file("ids.csv", Self.mapping))
        let json = try county.file(
            "bad.json",
            """
            {"period": "202602", "orgUnit": "DiszpKrYNg8", "dataValues": [
              {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "Prlt0C1RF0s", "attributeOptionCombo": "PartnerAAOC", "value": "1"},
              {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "Prlt0C1RF0s",
               "attributeOptionCombo": "PartnerCAOC", "value": "1"}
            ]}
            """)
        let error = try #require(
            thrown(ImportError.self) {
                try county.workspace.importFile(json, mapping: mapping, user: "import", time: Self.now)
            })
        #expect(error.issues.count == 1)
        let issue = try #require(error.issues.first)
        #expect(issue.code == .attributeCombo && issue.line == 4 && issue.column == "attributeOptionCombo")
        #expect(
            issue.details.en
                == "'PartnerCAOC' is not an attribute option combo of 'births' (its data set's attribute categories: partner); expected one of: pa, pb"
        )
        #expect(issue.details.zh == "“PartnerCAOC”不是“births”的属性选项组合（其报表的属性分类：partner）；应为以下之一：pa、pb")
        #expect(error.message(.en).contains("bad.json, line 4, key 'attributeOptionCombo': 'PartnerCAOC' is not"))
        #expect(error.message(.zh).contains("“PartnerCAOC”不是“births”的属性选项组合"))
        // A CSV row without one, beside a row in Tally's own combo code (as the entry form writes it).
        let csv = try county.file(
            "bad.csv",
            """
            dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value
            births,202602,A1,male_pa,,1
            births,202602,A1,male,,1
            visits,202602,A1,,pc,1

            """)
        let refusal = try #require(
            thrown(ImportError.self) { try county.workspace.importFile(csv, user: "import", time: Self.now) })
        #expect(refusal.issues.map(\.line) == [3, 4])
        #expect(refusal.issues.map(\.column) == ["attributeoptioncombo", "attributeoptioncombo"])
        #expect(
            refusal.issues.first?.details.en
                == "the data set of 'births' has attribute categories (partner), so a value needs an attribute option combo; expected one of: pa, pb"
        )
        #expect(refusal.issues.first?.details.zh.contains("必须给出属性选项组合") == true)
        #expect(try exported(county.reloaded(), .csv).split(separator: "\n").count == 1)
    }
}

/// The entry form of a data set with attribute categories asks for the partner first, as DHIS2 does, then holds
/// that partner's cells alone (issue 16). On SQLite and PostgreSQL.
@Suite struct PartnerEntrySheetTests {
    @Test(arguments: TestBackend.available)
    func theFormAsksForThePartnerThenShowsItsCells(_ backend: TestBackend) throws {
        let (county, _) = try AttributeComboUseCaseTests().imported(backend, .dhis2JSON)
        defer { county.remove() }
        let w = try county.reloaded()
        let accounts = try #require(w.store as? any AccountStore)
        let clerk = UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 0)
        func sheet(_ partner: String?, dataset: String = "monthly", period: String = "202602") throws -> EntrySheet {
            try w.entrySheet(
                dataset: dataset, orgUnit: try w.unit("A1"), period: try Period(period), user: clerk,
                today: Day(year: 2026, month: 3, day: 5)!, policy: PeriodPolicy(closeAfterDays: 30),
                accounts: accounts, partner: partner)
        }
        let asking = try sheet(nil)
        #expect(asking.needsPartner && asking.cells.isEmpty && !asking.open)
        #expect(asking.partners.map(\.code) == ["pa", "pb"])
        // Partner A's form: each element's own combos with A's option, its stored values (5 boys, 4 girls, 7 visits).
        let a = try sheet("pa")
        #expect(!a.needsPartner && a.open && a.partner?.code == "pa")
        #expect(
            a.cells.map { "\($0.element.code)|\($0.combo.code)" } == [
                "births|male_pa", "births|female_pa", "visits|pa",
            ])
        #expect(a.cells.map { $0.state.stored?.value } == [5, 4, 7])
        #expect(try sheet("pb").cells.map { $0.state.stored?.value } == [2, nil, 1])
        // A data set without attribute categories ignores the choice.
        let yearly = try sheet("pa", dataset: "population", period: "2026")
        #expect(yearly.partners.isEmpty && yearly.partner == nil && yearly.cells.map(\.element.code) == ["population"])
        let unknown = try #require(thrown(EntrySheetError.self) { try sheet("pz") })
        #expect(unknown.errorCode == "entry.unknownPartner")
        #expect(unknown.sentence.en == "'pz' is not an attribute option combo of monthly; expected one of: pa, pb")
        #expect(unknown.sentence.zh == "“pz”不是 monthly 的属性选项组合；应为以下之一：pa、pb")
    }
}
