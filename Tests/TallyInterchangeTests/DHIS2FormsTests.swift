import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyText
import Testing

/// Files in the shapes DHIS2 and other programs write them, each once refused or misread: byte-order marks,
/// UTF-16, DXF2 XML, `categoryOptionCombo` objects, DHIS2's ADX samples, headerless CSV, the ADX export's data
/// sets, and the messages about them. The fixtures are written here in DHIS2's shapes.
@Suite struct DHIS2FormsTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Writes `bytes` to a fresh file called `name`.
    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = TestWorkbook.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The refusal of importing the file at `path` through `makeRowSource`.
    func refusal(_ h: Harness, _ path: String, format: InterchangeFormat? = nil) throws -> ImportError {
        do {
            try h.run(path: path, format: format)
        } catch let error as ImportError {
            return error
        }
        Issue.record("expected \(path) to be refused")
        throw CancellationError()
    }

    // MARK: Byte-order marks and UTF-16

    @Test func aByteOrderMarkBeforeJSONOrXML() throws {
        let h = try Harness.small()
        let json = #"{"dataValues": [{"dataElement": "visits", "period": "20251001", "orgUnit": "a1", "value": "1"}]}"#
        #expect(try h.run(bytes: Self.bom + Array(json.utf8), format: .dhis2JSON).new == 1)
        let adx = """
            <?xml version="1.0" encoding="UTF-8"?>
            <adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="a2" period="2025-10-01/P1D" dataSet="daily">
            <dataValue dataElement="visits" value="2"/></group></adx>
            """
        #expect(try h.run(bytes: Self.bom + Array(adx.utf8), format: .adx).new == 1)
        let dxf2 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0"><dataValue dataElement="visits" period="20251001" orgUnit="a3" value="3"/></dataValueSet>
            """
        let path = try Self.file("bom.xml", Self.bom + Array(dxf2.utf8))
        #expect(try h.run(path: path, format: nil).new == 1)
        #expect(try h.snapshot().count == 3)
    }

    @Test func utf16IsNamedAsSuch() throws {
        let h = try Harness.small()
        let json = #"{"dataValues": []}"#
        let le: [UInt8] = [0xFF, 0xFE] + json.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let path = try Self.file("unicode.json", le)
        let error = try refusal(h, path)
        #expect(error.issues.first?.code == .encoding)
        #expect(error.issues.first?.description.hasPrefix("\(path), line 1") == true)
        #expect(error.message.contains("the file is UTF-16 (little-endian) text"))
        #expect(error.message.contains("save it as UTF-8"))
        // Without a byte-order mark, big-endian, and CSV (read by the CSV reader itself).
        let be = json.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try refusal(h, Self.file("be.json", be)).message.contains("UTF-16 (big-endian)"))
        let csv = "dataelement,period,orgunit,value\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let csvError = try refusal(h, Self.file("unicode.csv", csv))
        #expect(csvError.issues.first?.code == .encoding)
        #expect(csvError.message.contains("UTF-16 (little-endian)"))
        // And in memory, as the server and tests read.
        #expect(throws: ImportError.self) { try h.run(bytes: le, format: .dhis2JSON) }
    }

    @Test func aUTF8ByteOrderMarkReadAsGBKSaysTheFileIsUTF8() throws {
        let h = try Harness.small()
        let csv = Self.bom + Array("dataelement,period,orgunit,value\nvisits,20251001,a1,1\n".utf8)
        let error = try #require(throws: ImportError.self) { try h.run(bytes: csv, format: .csv, encoding: .gbk) }
        #expect(error.message.contains("it is UTF-8 text, not GBK: import it without --encoding"))
    }

    // MARK: DXF2 XML

    static let dxf2 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dataSet="monthly" completeDate="2025-11-03" period="202510" orgUnit="a1">
          <dataValue dataElement="births" categoryOptionCombo="male" value="12" storedBy="张三" timestamp="2025-11-02" comment="核实" followup="true"/>
          <dataValue dataElement="births" categoryOptionCombo="female" orgUnit="a2" value="10" lastUpdated="2025-11-03T08:00:00Z">
            <comment>two
        lines</comment>
          </dataValue>
          <dataValue dataElement="visits" period="20251005" orgUnit="b1" value="4" created="2025-10-05"/>
        </dataValueSet>
        """

    @Test func dxf2XMLIsImportedWithTheSetsDefaults() throws {
        let h = try Harness.small()
        let summary = try h.run(Self.dxf2, format: .dxf2XML)
        #expect(summary.new == 3)
        #expect(
            try h.snapshot() == [
                "births.female@a2/202510=10.0 by tester at 1762156800 follow-up false: two\nlines",
                "births.male@a1/202510=12.0 by 张三 at 1762041600 follow-up true: 核实",
                "visits.@b1/20251005=4.0 by tester at 1700000000 follow-up false: -",
            ])
    }

    @Test func dxf2XMLRefusalsNameTheAttributeAndLine() throws {
        let h = try Harness.small()
        let error = try h.refusal(
            """
            <dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" period="202510">
              <dataValue dataElement="births" orgUnit="a1" categoryOptionCombo="boys" value="1"/>
              <dataValue dataElement="births" orgUnit="a1" categoryOptionCombo="male" valu="1"/>
            </dataValueSet>
            """, format: .dxf2XML)
        #expect(error.issues.map(\.code) == [.unknownCombo, .unknownKey])
        #expect(error.issues[0].description.hasPrefix("data.xml, line 2, attribute 'categoryOptionCombo': 'boys'"))
        #expect(
            error.issues[1].description.hasPrefix(
                "data.xml, line 3, attribute 'valu': a data value has no attribute 'valu'"))
        let root = try h.refusal("<dataValues/>", format: .dxf2XML)
        #expect(root.message.contains("a DHIS2 XML data file starts with <dataValueSet> (DXF2) or <adx> (ADX)"))
    }

    @Test func anXMLFileIsReadByItsRootElement() throws {
        let h = try Harness.small()
        let adx = """
            <adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="b2" period="2025-10-01/P1M" dataSet="monthly">
            <dataValue dataElement="births" sex="male" value="2"/></group></adx>
            """
        // A .xml holding ADX, and --format adx on a DXF2 file: each is read by what it is.
        #expect(try h.run(path: Self.file("data.xml", Array(adx.utf8)), format: nil).new == 1)
        #expect(try h.run(path: Self.file("set.adx", Array(Self.dxf2.utf8)), format: .adx).new == 3)
    }

    @Test func dxf2XMLExportReadsBackIdentically() throws {
        let first = try Harness.small()
        try first.run(RoundTripData.csv, format: .csv)
        let exported = try first.export(.dxf2XML)
        #expect(
            exported.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\">\n"
            ))
        let second = try Harness.small()
        try second.run(exported, format: .dxf2XML)
        #expect(try second.snapshot() == (try first.snapshot()))
        #expect(try second.export(.dxf2XML) == exported)
    }

    // MARK: JSON

    @Test func aCategoryOptionComboGivenAsAnObject() throws {
        let h = try Harness.small()
        let summary = try h.run(
            """
            {"period": "202510", "orgUnit": "a1", "attributeOptionCombo": {"id": "default"}, "dataValues": [
              {"dataElement": "births", "categoryOptionCombo": {"id": "male"}, "value": "3"},
              {"categoryOptionCombo": {"sex": "female"}, "dataElement": "births", "value": "4"},
              {"dataElement": "checks", "categoryOptionCombo": {"age": "under5", "sex": "male"}, "period": "2025W40", "value": "1"}
            ]}
            """, format: .dhis2JSON)
        #expect(summary.new == 3)
        #expect(
            try h.snapshot() == [
                "births.female@a1/202510=4.0 by tester at 1700000000 follow-up false: -",
                "births.male@a1/202510=3.0 by tester at 1700000000 follow-up false: -",
                "checks.male_under5@a1/2025W40=1.0 by tester at 1700000000 follow-up false: -",
            ])
        let error = try h.refusal(
            """
            {"period": "202510", "orgUnit": "a2", "dataValues": [
              {"dataElement": "births", "categoryOptionCombo": {"sex": "boys"}, "value": "3"},
              {"dataElement": "births", "categoryOptionCombo": {"id": 7}, "value": "3"},
              {"dataElement": "births", "attributeOptionCombo": {"funder": "x"}, "categoryOptionCombo": "male", "value": "3"}
            ]}
            """, format: .dhis2JSON)
        #expect(error.issues.map(\.code) == [.unknownCombo, .wrongType, .attributeCombo])
        #expect(error.issues[0].description.hasPrefix("data.json, line 2, key 'sex': 'boys' is not an option of sex"))
    }

    // MARK: ADX

    @Test func dataSetCompleteIsNotAnAttributeCategory() throws {
        let h = try Harness.small()
        let summary = try h.run(
            """
            <adx xmlns="urn:ihe:qrph:adx:2015" exported="2025-11-08T19:30:00Z">
              <group orgUnit="a1" period="2025-10-01/P1M" dataSet="monthly" dataSetComplete="true">
                <dataValue dataElement="births" sex="male" value="32"/>
              </group>
            </adx>
            """, format: .adx)
        #expect(summary.new == 1)
    }

    @Test func theADXExportNamesTheDataSetOfEveryGroup() throws {
        // The round-trip metadata without the data sets of weight.
        let yaml = RoundTripData.yaml.split(separator: "\n").filter { !$0.contains("elements: [weight]") }
            .joined(separator: "\n")
        let h = try Harness(yaml: yaml, units: RoundTripData.units)
        try h.run(RoundTripData.csv, format: .csv)
        // weight is in no data set: ADX cannot name the group's, so the export is refused, naming it.
        #expect(throws: ExportError.self) { try h.export(.adx) }
        do {
            _ = try h.export(.adx)
        } catch let error as ExportError {
            #expect(error.code == .noDataSet)
            #expect(
                error.message
                    == "ADX names the data set of every group, and weight is in no data set of the metadata; add it to a data set, or export as csv, dhis2-json or dxf2-xml"
            )
        }
        let values = try h.values().filter { $0.element != "weight" }
        var text = ""
        try DataValueExport.write(values, format: .adx, metadata: h.metadata) { text += $0 }
        let groups = text.components(separatedBy: "<group ").dropFirst()
        #expect(groups.count > 3)
        #expect(groups.allSatisfy { $0.prefix(while: { $0 != ">" }).contains(" dataSet=\"") })
    }

    // MARK: CSV

    @Test func aHeaderlessRowIsDataEvenWhenAFieldEqualsAColumnName() throws {
        let h = try Harness.small()
        // DHIS2's own headerless files carry the comment "comment"; a stored-by "value" is no header either.
        let summary = try h.run(
            """
            "births","202510","a1","male","","3","john","2025-11-01","comment","false"
            "births","202510","a1","female","","4","value","2025-11-01","comment","false"
            """, format: .csv)
        #expect(summary.new == 2)
        #expect(try h.snapshot().first?.hasSuffix("follow-up false: comment") == true)
        // A header with one mistyped title is still a header, refused naming it.
        let error = try h.refusal("dataelement,period,orgunit,valeu\nbirths,202510,a1,3\n", format: .csv)
        #expect(error.issues.first?.code == .unknownColumn)
        #expect(error.message.contains("unknown column 'valeu'"))
        #expect(DataValueColumns.isHeader(["\u{FEFF}dataelement", "period", "orgunit", "value"]))
        #expect(!DataValueColumns.isHeader(["births", "202510", "a1", "", "", "3", "john", "", "comment", "false"]))
    }

    // MARK: Messages

    @Test func messagesNeverSayLineZeroAndListEveryFormat() throws {
        let h = try Harness.small()
        let missing = try refusal(h, "/nonexistent/data.json")
        #expect(!missing.message.contains("line 0"))
        #expect(missing.message.hasPrefix("/nonexistent/data.json: the file cannot be opened"))
        let unknown = try refusal(h, Self.file("data.dat", Array("x".utf8)))
        #expect(!unknown.message.contains("line 0"))
        #expect(unknown.message.contains("name it with --format (csv, dhis2-json, dxf2-xml, adx, xlsx)"))
        let issue = ImportIssue(
            .unreadable, file: "f.csv", line: 0, column: nil, detail: Localized(zh: "无法读取", en: "cannot be read"))
        #expect(issue.description == "f.csv: cannot be read")
    }

    // MARK: The metadata converter

    @Test func severalTopUnitsAreRefusedAtConversionNamingThem() throws {
        let text = """
            {"organisationUnits": [
              {"id": "DistrictA01", "name": "District A", "parent": {"id": "Province001"}},
              {"id": "DistrictB01", "name": "District B", "path": "/Country0001/Province001/DistrictB01"},
              {"id": "FacilityA01", "name": "Facility A", "parent": {"id": "DistrictA01"}}]}
            """
        do {
            _ = try DHIS2MetadataConverter.convert(bytes: Array(text.utf8), name: "m.json")
            Issue.record("a file of two top units should be refused")
        } catch {
            #expect(error.code == .orgUnits)
            #expect(
                error.message
                    == "m.json: 2 organisation units would be top units, because their parents are not in the file: DistrictA01 'District A' (parent Province001 not in the file), DistrictB01 'District B' (parent Province001 not in the file); Tally adds every figure up to one top unit. Export the metadata again with the units above them (Province001) up to one common unit (in DHIS2, include the ancestors of the organisation units), or leave out the units that do not belong"
            )
        }
        // One unit whose parent is missing is the top unit, and the notes say so.
        let one = """
            {"organisationUnits": [
              {"id": "DistrictA01", "name": "District A", "parent": {"id": "Province001"}},
              {"id": "FacilityA01", "name": "Facility A", "parent": {"id": "DistrictA01"}}]}
            """
        let result = try DHIS2MetadataConverter.convert(bytes: Array(one.utf8), name: "m.json")
        #expect(result.orgUnitsCSV == "code,name,parent\nDistrictA01,District A,\nFacilityA01,Facility A,DistrictA01\n")
        #expect(
            result.notes.map(\.description) == [
                "approximated: organisationUnits DistrictA01 'District A': its parent Province001 is not in the file; it is the top unit"
            ])
    }

    static let twoCategories = """
        {"categoryOptions": [{"id": "OptMale0001", "code": "M", "name": "Male"}, {"id": "OptFemale01", "code": "F", "name": "Female"},
           {"id": "OptUnder501", "code": "U5", "name": "Under 5"}, {"id": "OptOver5001", "code": "O5", "name": "5 and over"}],
         "categories": [
           {"id": "CatSex00001", "code": "SEX", "name": "Sex", "categoryOptions": [{"id": "OptMale0001"}, {"id": "OptFemale01"}]},
           {"id": "CatAge00001", "code": "AGE", "name": "Age", "categoryOptions": [{"id": "OptUnder501"}, {"id": "OptOver5001"}]}],
         "categoryCombos": [{"id": "CCSexAge001", "name": "Sex and age", "categories": [{"id": "CatSex00001"}, {"id": "CatAge00001"}]},
           {"id": "CCFund00001", "name": "Funding", "dataDimensionType": "ATTRIBUTE", "categories": []}],
         "categoryOptionCombos": [
           {"id": "CocMU500001", "name": "Male, Under 5", "categoryCombo": {"id": "CCSexAge001"}, "categoryOptions": [{"id": "OptUnder501"}, {"id": "OptMale0001"}]},
           {"id": "CocFO500001", "name": "Female, 5 and over", "categoryCombo": {"id": "CCSexAge001"}, "categoryOptions": [{"id": "OptFemale01"}, {"id": "OptOver5001"}]}],
         "dataElements": [
           {"id": "CasesUID001", "code": "CASES", "name": "Cases", "valueType": "INTEGER", "aggregationType": "SUM", "categoryCombo": {"id": "CCSexAge001"}},
           {"id": "ShareUID001", "code": "SHARE", "name": "Share", "valueType": "PERCENTAGE", "aggregationType": "SUM"},
           {"id": "KidsUID0001", "code": "KIDS", "name": "Kids", "valueType": "INTEGER_POSITIVE", "aggregationType": "SUM"}],
         "indicators": [
           {"id": "IndMaleU501", "code": "MALE_U5", "name": "Male under 5 share", "numerator": "#{CasesUID001.CocMU500001}", "denominator": "#{CasesUID001}", "decimals": 12.5}],
         "dataSets": [{"id": "DataSet0001", "code": "CASES_MONTHLY", "name": "Cases", "periodType": "Monthly", "categoryCombo": {"id": "CCFund00001"},
           "dataSetElements": [{"dataElement": {"id": "CasesUID001"}}]}],
         "validationRules": [{"id": "Rule0000001", "name": "Male under 5 at most all", "operator": "less_than_or_equal_to",
            "leftSide": {"expression": "#{CasesUID001.CocMU500001}"}, "rightSide": {"expression": "#{CasesUID001}"},
            "periodType": "Fortnightly", "organisationUnitLevels": [3, 4]}]}
        """

    @Test func theConverterWritesReferencesTheParserAcceptsAndNotesEveryApproximation() throws {
        let result = try DHIS2MetadataConverter.convert(bytes: Array(Self.twoCategories.utf8), name: "m.json")
        let metadata = try MetadataParser(file: "m.yaml").parse(result.yaml)
        let indicator = try #require(metadata.indicator("MALE_U5"))
        #expect(indicator.numerator.description == "#{CASES.M_U5}")
        #expect(metadata.validationRules.first?.left.description == "#{CASES.M_U5}")
        #expect(metadata.element("CASES")?.allowNegative == true)  // DHIS2's INTEGER holds negative numbers
        // DHIS2's ranged types keep their ranges.
        #expect(metadata.element("SHARE")?.valueType == .percentage)
        #expect(metadata.element("KIDS")?.valueType == .positive)
        #expect(!result.notes.contains { $0.description.contains("value type") })
        let notes = result.notes.map(\.description)
        for expected in [
            "approximated: indicators IndMaleU501 'Male under 5 share': its decimals 12.5 are not 0 to 10; Tally shows its default",
            "approximated: dataSets DataSet0001 'Cases': none of its org units is in the file; Tally expects reports from level 1, the top unit",
            "approximated: validationRules Rule0000001 'Male under 5 at most all': its period type Fortnightly is not one Tally has; the rule is checked for every period",
            "approximated: validationRules Rule0000001 'Male under 5 at most all': it is checked at the levels 3, 4 in DHIS2; Tally checks a rule at one level or all, so it is checked at every level",
        ] {
            #expect(notes.contains(expected), "\(expected)")
        }
        #expect(notes.count == 4, "\(notes)")
    }
}

/// The forms DHIS2 gives an attribute option combo in besides an identifier: a JSON object of the attribute
/// categories, an ADX group's attribute categories or `attributeOptionCombo`; and those naming categories the data
/// set does not have, refused at the attribute.
@Suite struct AttributeComboFormsTests {
    static let yaml = """
        categories:
          sex: {name: Sex, options: {male: Male, female: Female}}
          partner: {name: Partner, options: {pa: Partner A, pb: Partner B}}
        elements:
          births: {name: Births, categories: [sex]}
          visits: {name: Visits}
        datasets:
          monthly: {period: monthly, elements: [births], attributes: [partner]}
          other: {period: monthly, elements: [visits]}
        """

    func harness() throws -> Harness {
        try Harness(
            yaml: Self.yaml,
            units: [OrgUnit(code: "C", name: "C", parentCode: nil), OrgUnit(code: "a1", name: "a1", parentCode: "C")])
    }

    @Test func categoriesAsObjectsAndGroupAttributes() throws {
        let h = try harness()
        try h.run(
            """
            {"period": "202510", "orgUnit": "a1", "dataValues": [
              {"dataElement": "births", "categoryOptionCombo": {"sex": "male"}, "attributeOptionCombo": {"partner": "pa"}, "value": "1"},
              {"dataElement": "births", "categoryOptionCombo": {"sex": "female", "partner": "pb"}, "value": "2"},
              {"dataElement": "births", "categoryOptionCombo": "male", "attributeOptionCombo": {"id": "pb"}, "value": "3"}
            ]}
            """, format: .dhis2JSON)
        try h.run(
            """
            {"period": "202512", "orgUnit": "a1", "attributeOptionCombo": {"partner": "pb"}, "dataValues": [
              {"dataElement": "births", "categoryOptionCombo": "female", "value": "7"},
              {"dataElement": "births", "categoryOptionCombo": "male", "attributeOptionCombo": "pa", "value": "8"}
            ]}
            """, format: .dhis2JSON)
        try h.run(
            """
            <adx xmlns="urn:ihe:qrph:adx:2015">
              <group orgUnit="a1" period="2025-11-01/P1M" dataSet="monthly" partner="pa">
                <dataValue dataElement="births" sex="female" value="4"/>
                <dataValue dataElement="births" categoryOptionCombo="male" value="5"/>
              </group>
              <group orgUnit="a1" period="2025-11-01/P1M" dataSet="monthly" attributeOptionCombo="pb">
                <dataValue dataElement="births" sex="male" value="6"/>
              </group>
            </adx>
            """, format: .adx)
        #expect(
            try h.values().map { "\($0.combo)/\($0.period)=\(Int($0.value))" }.sorted() == [
                "female_pa/202511=4", "female_pb/202510=2", "female_pb/202512=7", "male_pa/202510=1",
                "male_pa/202511=5", "male_pa/202512=8", "male_pb/202510=3", "male_pb/202511=6",
            ])
    }

    @Test func attributeCategoriesTheDataSetDoesNotHaveAreRefused() throws {
        let h = try harness()
        let adx = try h.refusal(
            """
            <adx xmlns="urn:ihe:qrph:adx:2015">
              <group orgUnit="a1" period="2025-10-01/P1M" dataSet="monthly" funder="x">
                <dataValue dataElement="births" sex="male" value="1"/>
              </group>
              <group orgUnit="a1" period="2025-10-01/P1M" dataSet="other" partner="pa">
                <dataValue dataElement="visits" value="1"/>
              </group>
              <group orgUnit="a1" period="2025-10-01/P1M" dataSet="monthly" partner="pc">
                <dataValue dataElement="births" sex="male" value="1"/>
              </group>
            </adx>
            """, format: .adx)
        #expect(adx.issues.map(\.code) == [.attributeCombo, .attributeCombo, .attributeCombo])
        #expect(adx.issues.map(\.column) == ["funder", "partner", "partner"])
        #expect(
            adx.issues[0].details.en
                == "'funder' is not an attribute category of the data set of 'births'; expected: partner")
        #expect(adx.issues[1].details.zh == "“partner”是属性分类，但“visits”所在的报表没有属性分类；请去掉它")
        #expect(adx.issues[2].details.en == "'pc' is not an option of partner; expected one of: pa, pb")
        let json = try h.refusal(
            """
            {"period": "202510", "orgUnit": "a1", "dataValues": [
              {"dataElement": "visits", "attributeOptionCombo": "pa", "value": "1"}
            ]}
            """, format: .dhis2JSON)
        #expect(json.issues.first?.code == .attributeCombo && json.issues.first?.column == "attributeOptionCombo")
        #expect(
            json.issues.first?.details.en
                == "'pa' is an attribute option combo, but the data set of 'visits' has no attribute categories, so leave it empty or 'default'"
        )
    }
}
