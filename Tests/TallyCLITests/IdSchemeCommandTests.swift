import Foundation
import Tally
import TallyCLI
import TallyCore
import TallyIO
import TallyStore
import Testing

/// `tally import` and `tally export` with `--id-scheme` on a database converted from DHIS2 metadata: values given by
/// the converter's UIDs (units without a DHIS2 code keep their UID as code, with no mapping row) import, export by
/// UID and by name, and the export by name imports into another database as the same values; bad schemes are
/// refused with the option named.
@Suite(.serialized) struct IdSchemeCommandTests {
    static let metadata = #"""
        {"organisationUnits": [{"id": "ImspTQPwCqd", "name": "Sierra Leone"}, {"id": "O6uvpzGd5pu", "name": "Bo", "parent": {"id": "ImspTQPwCqd"}}, {"id": "fdc6uOvgoji", "code": "OU_BOMBALI", "name": "Bombali", "parent": {"id": "ImspTQPwCqd"}}],
         "categoryOptions": [{"id": "apsOixVZlf1", "code": "MALE", "name": "Male"}, {"id": "jRbMi0aBjYn", "code": "FEMALE", "name": "Female"}],
         "categories": [{"id": "cX5k9anHEHd", "code": "GENDER", "name": "Gender", "dataDimensionType": "DISAGGREGATION", "categoryOptions": [{"id": "apsOixVZlf1"}, {"id": "jRbMi0aBjYn"}]}],
         "categoryCombos": [{"id": "dPmavA0qloX", "name": "Gender", "dataDimensionType": "DISAGGREGATION", "categories": [{"id": "cX5k9anHEHd"}]}],
         "categoryOptionCombos": [{"id": "Prlt0C1RF0s", "name": "Male", "categoryCombo": {"id": "dPmavA0qloX"}, "categoryOptions": [{"id": "apsOixVZlf1"}]}, {"id": "V6L425pT3A0", "name": "Female", "categoryCombo": {"id": "dPmavA0qloX"}, "categoryOptions": [{"id": "jRbMi0aBjYn"}]}],
         "dataElements": [{"id": "BirthsUID01", "code": "BIRTHS", "name": "Live births", "valueType": "INTEGER_ZERO_OR_POSITIVE", "aggregationType": "SUM", "categoryCombo": {"id": "dPmavA0qloX"}},
           {"id": "VisitsUID01", "name": "Home visits", "valueType": "INTEGER_ZERO_OR_POSITIVE", "aggregationType": "SUM"}],
         "dataSets": [{"id": "DataSetUID1", "name": "Monthly", "periodType": "Monthly", "dataSetElements": [{"dataElement": {"id": "BirthsUID01"}}, {"dataElement": {"id": "VisitsUID01"}}], "organisationUnits": [{"id": "O6uvpzGd5pu"}, {"id": "fdc6uOvgoji"}]}]}
        """#
    static let values = #"""
        {"dataSet": "DataSetUID1", "period": "202510", "orgUnit": "O6uvpzGd5pu", "completeDate": "2025-11-05", "dataValues": [
         {"dataElement": "BirthsUID01", "categoryOptionCombo": "Prlt0C1RF0s", "value": "12"},
         {"dataElement": "BirthsUID01", "categoryOptionCombo": "V6L425pT3A0", "value": "10"},
         {"dataElement": "VisitsUID01", "categoryOptionCombo": "HllvX50cXC0", "value": "7"},
         {"dataElement": "VisitsUID01", "orgUnit": "fdc6uOvgoji", "value": "3"}]}
        """#

    @Test func theConvertersUIDsAndNamesRoundTrip() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try s.write("dhis2.json", Self.metadata)
        try s.write("values.json", Self.values)
        #expect(
            s.run([
                "metadata", "convert", s.path("dhis2.json"), "--out-metadata", s.path("m.yaml"), "--out-orgunits",
                s.path("o.csv"), "--mapping-out", s.path("ids.csv"),
            ]) == 0)
        let (a, b) = (s.path("a.sqlite"), s.path("b.sqlite"))
        for db in [a, b] {
            #expect(s.run(["init", "--db", db, "--metadata", s.path("m.yaml"), "--orgunits", s.path("o.csv")]) == 0)
        }
        let uid = ["--id-scheme", "uid", "--mapping", s.path("ids.csv")]
        #expect(s.run(["import", "--db", a] + uid + [s.path("values.json")]) == 0)
        #expect(s.run(["export", "--db", a, "--format", "dhis2-json", "--out", s.path("u.json")] + uid) == 0)
        let byUID = try String(contentsOfFile: s.path("u.json"), encoding: .utf8)
        for id in ["BirthsUID01", "VisitsUID01", "O6uvpzGd5pu", "fdc6uOvgoji", "Prlt0C1RF0s", "HllvX50cXC0"] {
            #expect(byUID.contains("\"\(id)\""), "\(id)")
        }
        // ADX's category attributes by the UIDs of the converter's category and option rows, into a third database.
        let categories = ["--category-id-scheme", "uid", "--category-option-id-scheme", "UID"]
        #expect(
            s.run(["export", "--db", a, "--format", "adx", "--out", s.path("u.adx")] + uid + categories) == 0)
        let adx = try String(contentsOfFile: s.path("u.adx"), encoding: .utf8)
        #expect(adx.contains(#"cX5k9anHEHd="apsOixVZlf1" value="12""#) && !adx.contains("GENDER"))
        let c = s.path("c.sqlite")
        #expect(s.run(["init", "--db", c, "--metadata", s.path("m.yaml"), "--orgunits", s.path("o.csv")]) == 0)
        #expect(s.run(["import", "--db", c] + uid + categories + [s.path("u.adx")]) == 0)
        #expect(try Workspace.open(path: c).store.valueCount() == 4)
        #expect(
            s.run([
                "export", "--db", a, "--format", "dxf2-xml", "--id-scheme", "name", "--category-option-combo-id-scheme",
                "code", "--out", s.path("n.xml"),
            ]) == 0)
        let byName = try String(contentsOfFile: s.path("n.xml"), encoding: .utf8)
        #expect(byName.contains("dataElement=\"Live births\"") && byName.contains("orgUnit=\"Bombali\""))
        #expect(byName.contains("categoryOptionCombo=\"MALE\""))
        #expect(
            s.run([
                "import", "--db", b, "--id-scheme", "NAME", "--category-option-combo-id-scheme", "code",
                s.path("n.xml"),
            ])
                == 0)
        #expect(try Workspace.open(path: b).store.valueCount() == 4)
        #expect(s.run(["export", "--db", a, "--out", s.path("a.csv")]) == 0)
        #expect(s.run(["export", "--db", b, "--out", s.path("b.csv")]) == 0)
        #expect(
            try String(contentsOfFile: s.path("a.csv"), encoding: .utf8)
                == String(contentsOfFile: s.path("b.csv"), encoding: .utf8))
        // The complete registration read with the values, written back by name.
        #expect(
            s.run([
                "export", "--db", a, "--complete-registrations", "--id-scheme", "name", "--out", s.path("r.json"),
            ]) == 0)
        let registrations = try String(contentsOfFile: s.path("r.json"), encoding: .utf8)
        #expect(registrations.contains("\"dataSet\": \"Monthly\"") && registrations.contains("\"Bo\""))
        // Refused, naming the option: no scheme, UIDs without the mapping file, attributes.
        #expect(s.run(["import", "--db", b, "--org-unit-id-scheme", "label", s.path("n.xml")]) != 0)
        #expect(s.run(["export", "--db", a, "--id-scheme", "uid"]) == 1)
        #expect(s.run(["import", "--db", b, "--id-scheme", "attribute:ABC", s.path("n.xml")]) == 1)
    }
}
