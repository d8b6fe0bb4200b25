import Foundation
import Tally
import TallyAudit
import TallyCore
import TallyIO
import TallyInterchange
import TallyServerTesting
import TallyStore
import TallyText
import TallyTransfer
import Testing

/// Complete registrations read from data files: a data value set's `completeDate` (JSON, DXF2 XML, ADX) and a
/// `completeDataSetRegistrations` file, recorded as submissions with the values, checked as submissions are, and
/// deciding timeliness. On SQLite and PostgreSQL.
@Suite struct RegistrationImportTests {
    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value
        visits,202601,B2,,4

        """
    /// 2026-02-05 12:00 UTC: January's reports are due on 10 February.
    static let now: Int64 = 1_770_292_800
    /// 20 February: values stored then are late.
    static let late = now + 86_400 * 15
    static let clerk = UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 0)
    static let town = UserAccount(name: "wang", role: .analyst, orgUnit: "TA", created: 0)

    /// January's monthly report of A1, A2 and B1 as it stands in `original` and in `copy`, pairwise.
    static func states(_ original: Workspace, _ copy: Workspace) throws -> [(ReportState, ReportState)] {
        try ["A1", "A2", "B1"].map { unit in
            try [original, copy].map { w in
                try w.reportState(
                    try w.report(dataset: "monthly", orgUnit: unit, period: "202601"),
                    accounts: w.store as! any AccountStore)
            }
        }.map { ($0[0], $0[1]) }
    }

    static func valueSet(orgUnit: String, completeDate: String, values: String = "A1") -> String {
        """
        {"dataSet": "monthly", "period": "202601", "orgUnit": "\(orgUnit)",
         "completeDate": "\(completeDate)",
         "dataValues": [{"dataElement": "visits", "orgUnit": "\(values)", "value": "9"}]}
        """
    }

    @Test(arguments: TestBackend.available)
    func aCompleteDateRecordsASubmissionThatDecidesTimeliness(_ backend: TestBackend) throws {
        let place = try County.make(backend, data: Self.data, time: Self.now)
        defer { place.remove() }
        let w = place.workspace
        let accounts = w.store as! any AccountStore
        let a1 = try w.report(dataset: "monthly", orgUnit: "A1", period: "202601")
        // A1's values arrive on 20 February, late; the file says the report was complete on 8 February.
        let json = try place.file("a1.json", Self.valueSet(orgUnit: "A1", completeDate: "2026-02-08"))
        let dry = try w.importData(file: json, user: "importer", time: Self.late, dryRun: true)
        #expect(dry.completed == 1)
        #expect(dry.line.contains("1 report would be marked complete"))
        #expect(dry.registrationsPhrase?.zh == "1 份报表将标记为已上报")
        #expect(try w.reportState(a1, accounts: accounts).stage == .open)
        let summary = try w.importData(file: json, user: "importer", time: Self.late)
        #expect(summary.new == 1 && summary.completed == 1)
        let state = try w.reportState(a1, accounts: accounts)
        #expect(state.stage == .submitted)
        #expect(state.submission?.by == "importer")
        #expect(state.submission?.at == w.metadata.timeZone.endOfDay(Day(year: 2026, month: 2, day: 8)!))
        // The same file again changes nothing.
        #expect(try w.importData(file: json, user: "importer", time: Self.late).registrationsUnchanged == 1)
        // DXF2 XML at a given time, and ADX: A2 and B1.
        let xml = try place.file(
            "a2.xml",
            """
            <dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dataSet="monthly" completeDate="2026-02-09T10:00:00" period="202601" orgUnit="A2">
              <dataValue dataElement="visits" value="3"/>
            </dataValueSet>
            """)
        _ = try w.importData(file: xml, user: "importer", time: Self.late)
        let a2 = try w.reportState(
            try w.report(dataset: "monthly", orgUnit: "A2", period: "202601"), accounts: accounts)
        #expect(a2.submission?.at == Timestamp.parse("2026-02-09T10:00:00Z"))
        let adx = try place.file(
            "b1.adx",
            """
            <adx xmlns="urn:ihe:qrph:adx:2015">
              <group orgUnit="B1" period="2026-01-01/P1M" dataSet="monthly" completeDate="2026-02-20">
                <dataValue dataElement="visits" value="2"/>
              </group>
            </adx>
            """)
        _ = try w.importData(file: adx, user: "importer", time: Self.late)
        let b1 = try w.reportState(
            try w.report(dataset: "monthly", orgUnit: "B1", period: "202601"), accounts: accounts)
        #expect(b1.stage == .submitted)
        // A1 and A2 count on time by their registrations, B1 late by its own; B2 (a value on time, no registration)
        // on time by its value.
        let grid = try w.reportingGrid(
            orgUnit: w.tree.index["C"]!, period: try Period("202601"), dataset: "monthly", asOf: nil)
        let row = { (code: String) in grid.units.firstIndex(of: w.tree.index[code]!)! }
        #expect(grid.cells[row("A1")][0].code == "on_time")
        #expect(grid.stages[row("A1")][0] == .submitted)
        #expect(grid.cells[row("A2")][0].code == "on_time")
        #expect(grid.cells[row("B1")][0].code == "late")
        let reporting = try w.reportingSummary(orgUnit: w.tree.index["C"]!, period: try Period("202601"))
        let county = try #require(reporting.rows.first { $0.unit == w.tree.index["C"]! && $0.dataset == "monthly" })
        #expect([county.expected, county.received, county.onTime, county.submitted] == [4, 4, 3, 3])
    }

    @Test(arguments: TestBackend.available)
    func aRegistrationIsCheckedAsASubmission(_ backend: TestBackend) throws {
        let place = try County.make(backend, data: Self.data, time: Self.now)
        defer { place.remove() }
        let w = place.workspace
        let accounts = w.store as! any AccountStore
        let policy = PeriodPolicy(closeAfterDays: 30)
        let a1 = try w.report(dataset: "monthly", orgUnit: "A1", period: "202601")
        func problems(_ name: String, _ text: String, by user: UserAccount) throws -> [ImportIssue] {
            let upload = DataUpload(name: name, path: try place.file(name, text))
            let check = try w.checkUpload(upload, by: user, policy: policy, accounts: accounts, time: Self.now)
            guard case .refused(let error) = check.outcome else { return [] }
            return error.issues
        }
        // A clerk's values for the own unit, with a registration for the next village's report: refused at the
        // completeDate, nothing written.
        let other = try problems("a2.json", Self.valueSet(orgUnit: "A2", completeDate: "2026-02-04"), by: Self.clerk)
        #expect(other.count == 1)
        #expect(other.first?.line == 2 && other.first?.column == "completeDate")
        #expect(other.first?.details(.en).contains("li may not submit monthly（Monthly report）· A2") == true)
        #expect(other.first?.details(.zh).contains("li 不能上报") == true)
        // The county does not report the monthly data set; a date after today is refused.
        let county = thrown(ImportError.self) {
            try w.importData(
                file: try place.file("c.json", Self.valueSet(orgUnit: "C", completeDate: "2026-02-04")),
                user: "importer", time: Self.now)
        }
        #expect(county?.issues.first?.details(.en).contains("C (云溪县) does not report monthly") == true)
        let future = thrown(ImportError.self) {
            try w.importData(
                file: try place.file("f.json", Self.valueSet(orgUnit: "A1", completeDate: "2026-03-01")),
                user: "importer", time: Self.now)
        }
        #expect(future?.issues.first?.details(.en) == "the complete date 2026-03-01 is after today")
        #expect(try w.reportState(a1, accounts: accounts).stage == .open)
        #expect(try w.store.valueCount() == 1)
        // An approved report: a clerk's registration is refused with the lock's sentence; an admin's import leaves
        // the approval standing.
        _ = try w.act(.submit, on: a1, by: Self.clerk, time: Self.now, accounts: accounts)
        _ = try w.act(.approve, on: a1, by: Self.town, time: Self.now + 60, accounts: accounts)
        let empty = """
            {"dataSet": "monthly", "period": "202601", "orgUnit": "A1", "completeDate": "2026-02-05", "dataValues": []}
            """
        let locked = try problems("a1.json", empty, by: Self.clerk)
        #expect(locked.first?.details(.en).contains("was approved by wang on 2026-02-05 and is locked") == true)
        let admin = try w.importData(file: try place.file("admin.json", empty), user: "admin", time: Self.now)
        #expect(admin.registrationsUnchanged == 1 && admin.completed == 0)
        #expect(try w.reportState(a1, accounts: accounts).stage == .approved)
    }

    @Test(arguments: TestBackend.available)
    func aRegistrationsFileMarksReportsCompleteAndTakesThemBack(_ backend: TestBackend) throws {
        let place = try County.make(backend, data: Self.data, time: Self.now)
        defer { place.remove() }
        let w = place.workspace
        let accounts = w.store as! any AccountStore
        func entry(_ unit: String, _ completed: Bool = true) -> String {
            """
            {"dataSet": "monthly", "period": "202601", "organisationUnit": "\(unit)", "attributeOptionCombo": "default",
             "date": "2026-02-06", "storedBy": "clerk-\(unit)", "completed": \(completed)}
            """
        }
        let file = try place.file(
            "registrations.json", "{\"completeDataSetRegistrations\": [\(entry("A1")), \(entry("B2"))]}")
        let summary = try w.importData(file: file, user: "importer", time: Self.now + 86_400)
        #expect(summary.rows == 0 && summary.completed == 2)
        #expect(summary.line.contains("2 reports marked complete"))
        let a1 = try w.report(dataset: "monthly", orgUnit: "A1", period: "202601")
        #expect(try w.reportState(a1, accounts: accounts).submission?.by == "clerk-A1")
        let back = try place.file(
            "back.json", "{\"completeDataSetRegistrations\": [\(entry("A1", false)), \(entry("A2", false))]}")
        let taken = try w.importData(file: back, user: "importer", time: Self.now + 86_400)
        #expect(taken.completed == 0 && taken.withdrawn == 1 && taken.registrationsUnchanged == 1)
        #expect(try w.reportState(a1, accounts: accounts).stage == .open)
        // A key DHIS2's registrations do not have is refused by its line.
        let bad = thrown(ImportError.self) {
            try w.importData(
                file: try place.file(
                    "bad.json",
                    "{\"completeDataSetRegistrations\": [\n{\"dataSet\": \"monthly\", \"orgUnit\": \"A1\"}]}"),
                user: "importer", time: Self.now)
        }
        #expect(bad?.issues.first?.line == 2)
        #expect(bad?.issues.first?.details(.en).contains("a registration has no key 'orgUnit'") == true)
    }

    @Test(arguments: TestBackend.available)
    func exportedRegistrationsImportIntoANewDatabaseAsTheSameStates(_ backend: TestBackend) throws {
        let place = try County.make(backend, data: Self.data, time: Self.now)
        defer { place.remove() }
        let w = place.workspace
        let accounts = w.store as! any AccountStore
        let otherClerk = UserAccount(name: "zhao", role: .clerk, orgUnit: "A2", created: 0)
        for (unit, user, at) in [("A1", Self.clerk, Self.now + 17), ("A2", otherClerk, Self.late)] {
            _ = try w.act(
                .submit, on: try w.report(dataset: "monthly", orgUnit: unit, period: "202601"), by: user, time: at,
                accounts: accounts)
        }
        var text = ""
        let count = try w.exportRegistrations(orgUnit: "TA", periods: [try Period("2026")]) { text += $0 }
        #expect(count == 2)
        #expect(try w.completeRegistrations(orgUnit: "TB").isEmpty)
        #expect(text.contains("\"date\": \"2026-02-05T12:00:17\", \"storedBy\": \"li\", \"completed\": true"))
        let fresh = try County.make(backend, data: Self.data, time: Self.now)
        defer { fresh.remove() }
        let imported = try fresh.workspace.importData(
            file: try fresh.file("registrations.json", text), user: "importer", time: Self.late)
        #expect(imported.completed == 2)
        for (before, after) in try Self.states(w, fresh.workspace) {
            #expect(after.stage == before.stage)
            #expect(after.submission?.at == before.submission?.at)
            #expect(after.submission?.by == before.submission?.by)
        }
    }

    /// The value exports write the completion dates of submitted reports where DHIS2 does — on every ADX group, on
    /// a JSON or XML data value set holding one report — and an import into a new database reads them back as the
    /// same stages at the same times.
    @Test(arguments: TestBackend.available)
    func valueExportsCarryTheCompleteDate(_ backend: TestBackend) throws {
        let values = """
            dataelement,period,orgunit,categoryoptioncombo,value
            visits,202601,A1,,5
            visits,202601,A2,,6
            visits,202601,B1,,7

            """
        let place = try County.make(backend, data: Self.data, time: Self.now)
        defer { place.remove() }
        let w = place.workspace
        let accounts = w.store as! any AccountStore
        _ = try w.importData(file: try place.file("values.csv", values), user: "importer", time: Self.now)
        let otherClerk = UserAccount(name: "zhao", role: .clerk, orgUnit: "A2", created: 0)
        for (unit, user, at) in [("A1", Self.clerk, Self.now + 17), ("A2", otherClerk, Self.late)] {
            _ = try w.act(
                .submit, on: try w.report(dataset: "monthly", orgUnit: unit, period: "202601"), by: user, time: at,
                accounts: accounts)
        }
        let january = [try Period("202601")]
        func export(_ format: InterchangeFormat, _ unit: String) throws -> String {
            var text = ""
            try w.export(format: format, orgUnit: unit, periods: january) { text += $0 }
            return text
        }
        // ADX: the town's groups, A1's and A2's with their dates on the office's clock, B1 (not submitted) without.
        let adx = try export(.adx, "C")
        #expect(
            adx.contains(
                "orgUnit=\"A1\" period=\"2026-01-01/P1M\" dataSet=\"monthly\" completeDate=\"2026-02-05T12:00:17\">"))
        #expect(
            adx.contains(
                "orgUnit=\"A2\" period=\"2026-01-01/P1M\" dataSet=\"monthly\" completeDate=\"2026-02-20T12:00:00\">"))
        #expect(adx.contains("orgUnit=\"B1\" period=\"2026-01-01/P1M\" dataSet=\"monthly\">"))
        // One report: on the data value set, with its data set, period and unit.
        let json = try export(.dhis2JSON, "A1")
        #expect(
            json.hasPrefix(
                "{\"dataSet\": \"monthly\", \"completeDate\": \"2026-02-05T12:00:17\", \"period\": \"202601\", \"orgUnit\": \"A1\", \"dataValues\": ["
            ))
        let xml = try export(.dxf2XML, "A2")
        #expect(
            xml.contains(
                "<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\" dataSet=\"monthly\" completeDate=\"2026-02-20T12:00:00\" period=\"202601\" orgUnit=\"A2\">"
            ))
        // Several reports, or a report not submitted: DHIS2 writes no completeDate, nor does Tally.
        #expect(!(try export(.dhis2JSON, "TA")).contains("completeDate"))
        #expect(!(try export(.dxf2XML, "B1")).contains("completeDate"))
        #expect(!(try export(.csv, "A1")).contains("12:00:17"))

        for files in [["all.adx": adx], ["a1.json": json, "a2.xml": xml]] {
            let fresh = try County.make(backend, data: Self.data, time: Self.now)
            defer { fresh.remove() }
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                let summary = try fresh.workspace.importData(
                    file: try fresh.file(name, text), user: "importer", time: Self.late)
                #expect(summary.completed == (name == "all.adx" ? 2 : 1), "\(name)")
            }
            for (before, after) in try Self.states(w, fresh.workspace) {
                #expect(after.stage == before.stage)
                #expect(after.submission?.at == before.submission?.at)
            }
        }
    }
}
