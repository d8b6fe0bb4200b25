import Foundation
import Tally
import TallyAudit
import TallyCore
import TallyEngine
import TallyInterchange
import TallyServerTesting
import Testing

/// Issue 16's silent error 3: a DHIS2 data set assigned to facilities at two depths. The county has a town (TA)
/// whose two facilities sit right under it (level 4) and a town (TB) with a village (VB, level 4) whose facility
/// sits one level deeper (FB1, level 5). Every facility reports every month of 2025Q1, worked by hand: 3
/// facilities × 3 months = 9 reports expected and 9 received; nobody is missing. Guessing one level (4, that of
/// most of the facilities) expected VB, which sends nothing itself, and reported it "0 of 3" while its facility
/// sent all three.
@Suite struct DataSetAssignmentUseCaseTests {
    static let dhis2 = """
        {"organisationUnits": [
           {"id": "CountyUID01", "code": "C", "name": "County", "path": "/CountyUID01"},
           {"id": "DistrUID001", "code": "D", "name": "District", "parent": {"id": "CountyUID01"}},
           {"id": "TownAUID001", "code": "TA", "name": "Town A", "parent": {"id": "DistrUID001"}},
           {"id": "TownBUID001", "code": "TB", "name": "Town B", "parent": {"id": "DistrUID001"}},
           {"id": "FacA1UID001", "code": "FA1", "name": "Clinic A1", "parent": {"id": "TownAUID001"}},
           {"id": "FacA2UID001", "code": "FA2", "name": "Clinic A2", "parent": {"id": "TownAUID001"}},
           {"id": "VillBUID001", "code": "VB", "name": "Village B", "parent": {"id": "TownBUID001"}},
           {"id": "FacB1UID001", "code": "FB1", "name": "Clinic B1", "parent": {"id": "VillBUID001"}}],
         "dataElements": [
           {"id": "VisitsUID01", "code": "VISITS", "name": "Visits", "valueType": "INTEGER_ZERO_OR_POSITIVE",
            "aggregationType": "SUM", "domainType": "AGGREGATE"}],
         "dataSets": [
           {"id": "FacMonthly1", "code": "FACILITY_MONTHLY", "name": "Facility monthly", "periodType": "Monthly",
            "timelyDays": 10, "dataSetElements": [{"dataElement": {"id": "VisitsUID01"}}],
            "organisationUnits": [{"id": "FacA1UID001"}, {"id": "FacB1UID001"}, {"id": "FacA2UID001"}]}]}
        """

    static var data: String {
        var rows = "dataelement,period,orgunit,value\n"
        for unit in ["FA1", "FA2", "FB1"] {
            for month in ["202501", "202502", "202503"] { rows += "VISITS,\(month),\(unit),4\n" }
        }
        return rows
    }

    @Test(arguments: TestBackend.available)
    func aFacilityUnderAVillageIsExpectedAndTheVillageIsNot(_ backend: TestBackend) throws {
        let converted = try DHIS2MetadataConverter.convert(bytes: Array(Self.dhis2.utf8), name: "dhis2.json")
        let county = try County.make(
            backend, metadata: converted.yaml, orgUnits: converted.orgUnitsCSV, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let root = try w.unit("C")
        let quarter = try Period("2025Q1")
        let asOf = Day(year: 2025, month: 6, day: 1)
        let summary = try w.reportingSummary(orgUnit: root, period: quarter, scope: .level(4), asOf: asOf)
        let rows = summary.rows.map { "\(w.tree.units[$0.unit].code) \($0.received)/\($0.expected)" }
        #expect(rows == ["C 9/9", "FA1 3/3", "FA2 3/3", "VB 3/3"])
        let audit = try w.audit(orgUnit: root, period: quarter, scope: .level(4), asOf: asOf)
        let missing = audit.findings(of: MissingReportCheck.self).map { w.tree.units[$0.finding.unit].code }
        #expect(missing == [])
        #expect(audit.findings(of: CompletenessCheck.self).isEmpty)
    }
}
