import TallyCore
import TallyIO
import TallyInterchange
import Testing

/// The converter reads who reports a data set from its `organisationUnits` (issue 16): one whole level stays a
/// `level`, anything else becomes `orgunits`. The file is written for this test in DHIS2's shape: a county, a
/// district, two towns; town A's clinics CA1 and CA2 right under it (level 4), town B's village VB (level 4) with
/// its clinic CB1 (level 5).
@Suite struct DHIS2DataSetAssignmentTests {
    static let json = """
        {"system": {"version": "2.40.3"},
         "organisationUnits": [
           {"id": "CountyUID01", "code": "C", "name": "County", "level": 1, "path": "/CountyUID01"},
           {"id": "DistrUID001", "code": "D", "name": "District", "level": 2, "parent": {"id": "CountyUID01"},
            "path": "/CountyUID01/DistrUID001"},
           {"id": "TownAUID001", "code": "TA", "name": "Town A", "level": 3, "parent": {"id": "DistrUID001"}},
           {"id": "TownBUID001", "code": "TB", "name": "Town B", "level": 3, "parent": {"id": "DistrUID001"}},
           {"id": "ClinA1UID01", "code": "CA1", "name": "Clinic A1", "level": 4, "parent": {"id": "TownAUID001"}},
           {"id": "ClinA2UID01", "code": "CA2", "name": "Clinic A2", "level": 4, "parent": {"id": "TownAUID001"}},
           {"id": "VillBUID001", "code": "VB", "name": "Village B", "level": 4, "parent": {"id": "TownBUID001"}},
           {"id": "ClinB1UID01", "name": "Clinic B1 (村卫生室)", "level": 5, "parent": {"id": "VillBUID001"},
            "path": "/CountyUID01/DistrUID001/TownBUID001/VillBUID001/ClinB1UID01"}],
         "dataElements": [
           {"id": "VisitsUID01", "code": "VISITS", "name": "Visits", "valueType": "INTEGER_ZERO_OR_POSITIVE",
            "aggregationType": "SUM", "domainType": "AGGREGATE"}],
         "dataSets": [
           {"id": "ClinicMon01", "code": "CLINIC_MONTHLY", "name": "Clinic monthly", "periodType": "Monthly",
            "timelyDays": 10, "dataSetElements": [{"dataElement": {"id": "VisitsUID01"}, "dataSet": {"id": "ClinicMon01"}}],
            "organisationUnits": [{"id": "ClinB1UID01"}, {"id": "ClinA1UID01"}, {"id": "ClinA2UID01"}]},
           {"id": "TownYear001", "code": "TOWN_YEARLY", "name": "Town yearly", "periodType": "Yearly",
            "dataSetElements": [{"dataElement": {"id": "VisitsUID01"}}],
            "organisationUnits": [{"id": "TownBUID001"}, {"id": "TownAUID001"}]},
           {"id": "PartLevel01", "code": "PART", "name": "Part of a level", "periodType": "Quarterly",
            "dataSetElements": [{"dataElement": {"id": "VisitsUID01"}}],
            "organisationUnits": [{"id": "ClinA1UID01"}, {"id": "GoneUID0001"}]}]}
        """

    @Test func mixedDepthsBecomeNamedUnitsAndAWholeLevelStaysALevel() throws {
        let result = try DHIS2MetadataConverter.convert(bytes: Array(Self.json.utf8), name: "assigned.json")
        #expect(
            result.yaml.contains(
                """
                  CLINIC_MONTHLY:
                    name: "Clinic monthly"
                    period: monthly
                    orgunits:
                      - CA1
                      - CA2
                      - ClinB1UID01
                    due_days: 10

                """))
        #expect(result.yaml.contains("  TOWN_YEARLY:\n    name: \"Town yearly\"\n    period: yearly\n    level: 3\n"))
        #expect(
            result.yaml.contains(
                "  PART:\n    name: \"Part of a level\"\n    period: quarterly\n    orgunits:\n      - CA1\n"))
        let notes = result.notes.map(\.description)
        #expect(!notes.contains { $0.contains("several levels") })
        #expect(
            notes.filter { $0.hasPrefix("approximated: dataSets") } == [
                "approximated: dataSets PartLevel01 'Part of a level': 1 of its org units are not in the file and are left out: GoneUID0001"
            ])
        // The files read together: the units named are units of the org-unit file.
        let (_, tree) = try OrgUnitFile.read(bytes: Array(result.orgUnitsCSV.utf8), name: "orgunits.csv")
        let metadata = try MetadataParser(file: "assigned.yaml", units: tree).parse(result.yaml)
        let clinics = try #require(metadata.datasets.first { $0.code == "CLINIC_MONTHLY" })
        #expect(clinics.assignment == DataSet.Assignment(units: ["CA1", "CA2", "ClinB1UID01"]))
        #expect(
            clinics.reporters(below: 0, in: tree).map { tree.units[$0].code } == ["CA1", "CA2", "ClinB1UID01"])
        #expect(metadata.datasets.first { $0.code == "TOWN_YEARLY" }?.assignment == DataSet.Assignment(level: 3))
    }
}
