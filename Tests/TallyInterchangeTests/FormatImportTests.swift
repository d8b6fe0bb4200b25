import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyStore
import Testing

extension Harness {
    static func small() throws -> Harness { try Harness(yaml: RoundTripData.yaml, units: RoundTripData.units) }
}

@Suite struct DataValueSetJSONTests {
    @Test func setLevelPeriodAndOrgUnitAreDefaultsEvenAfterTheValues() throws {
        let h = try Harness.small()
        let summary = try h.run(
            """
            {"dataValues": [
              {"dataElement": "births", "categoryOptionCombo": "male", "value": 3, "comment": "早产", "followup": true},
              {"dataElement": "births", "categoryOptionCombo": "female", "orgUnit": "a2", "value": "4", "storedBy": "张三"}
            ],
             "period": "202510", "orgUnit": "a1", "dataSet": "monthly", "completeDate": "2025-11-03"}
            """, format: .dhis2JSON)
        #expect(summary.new == 2)
        #expect(
            try h.snapshot() == [
                "births.female@a2/202510=4.0 by 张三 at 1700000000 follow-up false: -",
                "births.male@a1/202510=3.0 by tester at 1700000000 follow-up true: 早产",
            ])
    }

    @Test func theSameChecksAsCSVWithKeysAndLines() throws {
        let h = try Harness.small()
        let error = try h.refusal(
            """
            {"period": "202510", "dataValues": [
              {"dataElement": "births", "orgUnit": "a1",
               "categoryOptionCombo": "boys", "value": "1"},
              {"dataElement": "births", "orgUnit": "zz", "categoryOptionCombo": "male", "value": "1"},
              {"dataElement": "births", "orgUnit": "a1", "period": "2025/10", "categoryOptionCombo": "male", "value": "1"},
              {"dataElement": "births", "orgUnit": "a1", "categoryOptionCombo": "male", "value": "1.5"}
            ]}
            """, format: .dhis2JSON)
        #expect(error.issues.map(\.code) == [.unknownCombo, .unknownOrgUnit, .malformedPeriod, .notInteger])
        #expect(error.issues[0].line == 3)
        #expect(error.issues[0].description.hasPrefix("data.json, line 3, key 'categoryOptionCombo': 'boys'"))
        #expect(error.issues[1].description.hasPrefix("data.json, line 4, key 'orgUnit': 'zz'"))
    }

    @Test(
        "unknown keys and wrong types are refused",
        arguments: [
            (#"{"dataValues": [{"dataElement": "births", "valu": "1"}]}"#, ImportIssue.Code.unknownKey, "valu"),
            (#"{"dataValues": [{"dataElement": "births", "value": {"n": 1}}]}"#, .wrongType, "value"),
            (#"{"dataValues": [{"dataElement": ["births"], "value": "1"}]}"#, .wrongType, "dataElement"),
            (
                #"{"dataValues": [{"dataElement": "visits", "period": "20251001", "orgUnit": "a1", "followup": "yes please", "value": 1}]}"#,
                .badFlag, "followup"
            ),
            (#"{"dataValues": {"dataElement": "births"}}"#, .wrongType, "dataValues"),
            (#"{"period": 202510, "dataValues": []}"#, .wrongType, "period"),
            (#"{"dataValue": []}"#, .unknownKey, "dataValue"),
            (#"{"dataSet": "weekly2", "dataValues": []}"#, .unknownDataSet, "dataSet"),
            (#"{"dataValues": [7]}"#, .wrongType, "dataValues"),
        ])
    func unknownKeysAndTypes(text: String, code: ImportIssue.Code, key: String) throws {
        let h = try Harness.small()
        let error = try h.refusal(text, format: .dhis2JSON)
        #expect(error.issues.first?.code == code)
        #expect(error.issues.first?.column == key)
    }

    @Test func badJSONIsRefusedWithLineAndColumn() throws {
        let h = try Harness.small()
        let error = try h.refusal("{\"dataValues\": [\n  {\"dataElement\": \"births\",}\n]}", format: .dhis2JSON)
        #expect(error.issues.count == 1)
        #expect(error.issues[0].code == .syntax)
        #expect(error.issues[0].line == 2 && error.issues[0].position == 28)
        #expect(error.message.hasPrefix("data.json, line 2, column 28: a ',' before '}' is not allowed"))
    }

    @Test func deepNestingIsRefused() throws {
        let h = try Harness.small()
        let deep = "{\"dataValues\": [{\"comment\": " + String(repeating: "[", count: 100) + "]}]}"
        #expect(try h.refusal(deep, format: .dhis2JSON).issues.first?.code == .tooDeep)
    }
}

@Suite struct ADXTests {
    @Test func categoriesAsAttributesMakeTheCombo() throws {
        let h = try Harness.small()
        let summary = try h.run(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <adx xmlns="urn:ihe:qrph:adx:2015" exported="2025-11-01T00:00:00Z">
              <group orgUnit="a1" period="2025-10-01/P1M" dataSet="monthly" completeDate="2025-11-01">
                <dataValue dataElement="births" sex="female" value="12"/>
                <dataValue dataElement="births" sex="male" value="10"><annotation>含 &lt;2 例早产</annotation></dataValue>
              </group>
              <group orgUnit="a1" period="2025-12-29/P7D">
                <dataValue dataElement="checks" age="over5" sex="male" value="2"/>
              </group>
              <group orgUnit="a2" period="20251003">
                <dataValue dataElement="visits" value="5" storedBy="王五" lastUpdated="2025-10-04T08:00:00+08:00" followup="true"/>
              </group>
            </adx>
            """, format: .adx)
        #expect(summary.new == 4)
        #expect(
            try h.snapshot() == [
                "births.female@a1/202510=12.0 by tester at 1700000000 follow-up false: -",
                "births.male@a1/202510=10.0 by tester at 1700000000 follow-up false: 含 <2 例早产",
                "checks.male_over5@a1/2026W1=2.0 by tester at 1700000000 follow-up false: -",
                "visits.@a2/20251003=5.0 by 王五 at 1759536000 follow-up true: -",
            ])
    }

    @Test(
        "bad values are refused naming the attribute and line",
        arguments: [
            (
                #"<group orgUnit="a1" period="2025-10-02/P1M"><dataValue dataElement="births" sex="male" value="1"/></group>"#,
                ImportIssue.Code.malformedPeriod, "period"
            ),
            (
                #"<group orgUnit="a1" period="2025-09-29/P1W"><dataValue dataElement="births" sex="male" value="1"/></group>"#,
                .periodTypeNotAllowed, "period"
            ),
            (
                #"<group orgUnit="a1" period="2025-10-01/P5X"><dataValue dataElement="births" sex="male" value="1"/></group>"#,
                .malformedPeriod, "period"
            ),
            (
                #"<group orgUnit="a1" period="2025-10-01/P1M"><dataValue dataElement="births" value="1"/></group>"#,
                .unknownCombo, "sex"
            ),
            (
                #"<group orgUnit="a1" period="2025-10-01/P1M"><dataValue dataElement="births" sex="boy" value="1"/></group>"#,
                .unknownCombo, "sex"
            ),
            (
                #"<group orgUnit="a1" period="2025-10-01/P1M"><dataValue dataElement="births" sex="male" colour="red" value="1"/></group>"#,
                .unknownKey, "colour"
            ),
            (
                #"<group orgUnit="a1" period="2025-10-01/P1M" mechanism="PEPFAR"><dataValue dataElement="births" sex="male" value="1"/></group>"#,
                .attributeCombo, "mechanism"
            ),
            (
                #"<group orgUnit="zz" period="2025-10-01/P1M"><dataValue dataElement="births" sex="male" value="x"/></group>"#,
                .unknownOrgUnit, "orgUnit"
            ),
            (
                #"<group period="2025-10-01/P1M"><dataValue dataElement="births" sex="male" value="1"/></group>"#,
                .missingField, "orgUnit"
            ),
        ])
    func refused(group: String, code: ImportIssue.Code, attribute: String) throws {
        let h = try Harness.small()
        let error = try h.refusal("<adx xmlns=\"urn:ihe:qrph:adx:2015\">\n" + group + "\n</adx>", format: .adx)
        #expect(error.issues.first?.code == code, "\(error.message)")
        #expect(error.issues.first?.column == attribute)
        #expect(error.issues.first?.line == 2)
        #expect(error.message.contains("data.xml, line 2, attribute '\(attribute)'"))
    }

    @Test func doctypeIsRefusedBeforeAnythingIsRead() throws {
        let h = try Harness.small()
        let error = try h.refusal(
            """
            <?xml version="1.0"?>
            <!DOCTYPE adx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <adx><group orgUnit="a1" period="2025-10-01/P1M"><dataValue dataElement="visits" value="1" storedBy="&b;"/></group></adx>
            """, format: .adx)
        #expect(error.issues.map(\.code) == [.forbiddenDeclaration])
        #expect(error.message.hasPrefix("data.xml, line 2, column 1: DOCTYPE and ENTITY declarations are refused"))
        #expect(error.errorCode == "import.forbiddenDeclaration")
    }
}

@Suite struct MappingTests {
    @Test func unmappedIdentifiersAreListedNeverDropped() throws {
        let h = try Harness.small()
        let mapping = try IdentifierMapping(
            file: "ids.csv", rows: [(.element, "BirthsUID01", "births"), (.orgUnit, "OU_A1", "a1")])
        let error = try h.refusal(
            """
            dataelement,period,orgunit,categoryoptioncombo,value
            BirthsUID01,202510,OU_A1,male,1
            BirthsUID01,202510,OU_A9,male,1
            DeathsUID01,202510,OU_A1,,1
            BirthsUID01,202510,OU_A9,female,1
            births,202510,a2,MaleCOC0001,1
            """, format: .csv, mapping: mapping)
        #expect(
            error.issues.map(\.code) == [
                .unmappedIdentifier, .unmappedIdentifier, .unmappedIdentifier, .unmappedIdentifier,
            ])
        #expect(error.unmapped == ["orgunit OU_A9", "element DeathsUID01", "combo MaleCOC0001"])
        #expect(
            error.message.contains(
                "3 identifiers are neither in the mapping file ids.csv nor Tally codes: orgunit OU_A9, element DeathsUID01, combo MaleCOC0001"
            ))
        #expect(error.issues[0].description.contains("'OU_A9' is not in the mapping file ids.csv (kind orgunit)"))
    }

    @Test func tallyCodesPassThrough() throws {
        let h = try Harness.small()
        let mapping = try IdentifierMapping(file: "ids.csv", rows: [(.orgUnit, "OU_A1", "a1")])
        try h.run(
            "dataelement,period,orgunit,categoryoptioncombo,value\nbirths,202510,OU_A1,male,1\nbirths,202510,a2,male,2\n",
            format: .csv, mapping: mapping)
        #expect(try h.values().map(\.orgUnit) == ["a1", "a2"])
    }

    @Test func readsAMappingFileAndRefusesBadOnes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ text: String) throws -> String {
            let path = dir.appendingPathComponent("m.csv").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let m = try IdentifierMapping.read(
            path: try write("Kind,DHIS2,Tally\norgunit,DiszpKrYNg8,a1\nelement,f7n9E0hX8qk,births\n"))
        #expect(m.tally(.orgUnit, "DiszpKrYNg8") == "a1")
        #expect(m.dhis2(.element, "births") == "f7n9E0hX8qk")
        #expect(m.toTally(.element, "births") == "births")
        for (text, code) in [
            ("kind,uid,code\n", MappingError.Code.header), ("kind,dhis2,tally\nunit,x,y\n", .badKind),
            ("kind,dhis2,tally\nelement,x,a\nelement,x,b\n", .conflict),
            ("kind,dhis2,tally\nelement,,a\n", .emptyField),
        ] {
            #expect(throws: MappingError.self) { try IdentifierMapping.read(path: try write(text)) }
            do {
                _ = try IdentifierMapping.read(path: try write(text))
            } catch let error as MappingError {
                #expect(error.code == code)
            }
        }
    }
}

@Suite struct EncodingTests {
    static let csv =
        "dataelement,period,orgunit,categoryoptioncombo,value,storedby,comment\nbirths,202510,a1,male,3,张三,青石镇核实\n"

    @Test func gbkRoundTripsThroughIconv() {
        let bytes = TextEncoding.gbk.encode("青石镇 abc")!
        #expect(bytes.count == 10)
        #expect(TextEncoding.gbk.decode(bytes) == "青石镇 abc")
        #expect(TextEncoding.gb18030.decode(bytes) == "青石镇 abc")
        #expect(TextEncoding.utf8.decode(bytes) == nil)
        #expect(
            TextEncoding(name: "GBK") == .gbk && TextEncoding(name: "utf8") == .utf8
                && TextEncoding(name: "latin1") == nil)
    }

    @Test func aGBKFileWithoutEncodingSaysHowToImportIt() throws {
        let h = try Harness.small()
        let bytes = TextEncoding.gbk.encode(Self.csv)!
        do {
            try h.run(bytes: bytes, format: .csv)
            Issue.record("a GBK file read as UTF-8 must be refused")
        } catch let error as ImportError {
            #expect(error.issues.count == 1)
            let issue = error.issues[0]
            #expect(issue.code == .encoding)
            #expect(issue.line == 2)
            #expect(issue.column == "storedby")
            let offset = 94  // 70 bytes of header and 24 before 张三
            #expect(issue.detail.contains("at byte offset \(offset) of the file"), "\(issue.detail)")
            #expect(issue.detail.contains("GBK/GB18030") && issue.detail.contains("--encoding gbk"))
        }
        #expect(try h.values().isEmpty)
    }

    @Test(arguments: [TextEncoding.gbk, .gb18030], [InterchangeFormat.csv, .dhis2JSON, .adx])
    func withTheEncodingEveryFormatImports(encoding: TextEncoding, format: InterchangeFormat) throws {
        let source = try Harness.small()
        try source.run(Self.csv, format: .csv)
        let text = try source.export(format)
        let h = try Harness.small()
        try h.run(bytes: encoding.encode(text)!, format: format, encoding: encoding)
        #expect(try h.snapshot() == (try source.snapshot()))
        #expect(try h.values().first?.comment == "青石镇核实")
    }

    @Test func conversionStreamsAcrossChunkBoundaries() throws {
        // 200,000 Chinese characters in GB18030 (400,000 bytes): several raw chunks, characters split at their edges.
        let text = String(repeating: "出生数，", count: 50_000) + "\n"
        let input = TextInput(bytes: TextEncoding.gb18030.encode(text)!, name: "big.csv", encoding: .gb18030)
        #expect(try input.readAll() == Array(text.utf8))
    }

    @Test func invalidGBKBytesNameTheLineAndOffset() throws {
        var bytes = TextEncoding.gbk.encode("a\nb\n青")!
        bytes.append(0xFF)
        let input = TextInput(bytes: bytes, name: "bad.csv", encoding: .gbk)
        do {
            _ = try input.readAll()
            Issue.record("0xFF is not GBK")
        } catch {
            #expect(error.code == .notInEncoding)
            #expect(error.line == 3)
            #expect(error.byteOffset == 6)
            #expect(error.message.hasPrefix("bad.csv, line 3: the bytes 0xFF at byte offset 6 are not valid GBK text"))
        }
    }
}
