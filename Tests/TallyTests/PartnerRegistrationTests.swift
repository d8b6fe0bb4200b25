import Foundation
import Tally
import TallyAudit
import TallyCore
import TallyIO
import TallyInterchange
import TallyRender
import TallyServerTesting
import TallyStore
import TallyText
import TallyTransfer
import Testing

/// Complete registrations per partner (issue 16): DHIS2's `completeDataSetRegistrations` carry an
/// `attributeOptionCombo`, and a data set with attribute categories is registered complete once per attribute option
/// combo. Read from a registrations file, a data value set's `completeDate` and an ADX group's; written back with
/// their identifiers; counted in the reporting summary as DHIS2 counts actual reports filtered by an attribute option
/// combo. On SQLite and PostgreSQL.
@Suite struct PartnerRegistrationTests {
    static let metadata = AttributeComboUseCaseTests.metadata
    static let mapping = AttributeComboUseCaseTests.mapping
    /// 2026-03-05 12:00 UTC.
    static let now = AttributeComboUseCaseTests.now
    /// 20 March 2026: February's monthly reports were due on 10 March.
    static let later = now + 86_400 * 15

    /// A registration of February's monthly report (UIDs of the mapping; A2 and B2 by their codes).
    static func entry(
        _ unit: String, _ partner: String?, _ date: String, by: String? = nil, completed: Bool = true,
        dataSet: String = "pBOMPrpg1QX", period: String = "202602"
    ) -> String {
        let combo = partner.map { ", \"attributeOptionCombo\": \"\($0)\"" } ?? ""
        let storedBy = by.map { ", \"storedBy\": \"\($0)\"" } ?? ""
        return """
            {"dataSet": "\(dataSet)", "period": "\(period)", "organisationUnit": "\(unit)"\(combo), "date": "\(date)"\(storedBy), "completed": \(completed)}
            """
    }

    static func registrations(_ entries: [String]) -> String {
        "{\"completeDataSetRegistrations\": [\n" + entries.joined(separator: ",\n") + "\n]}\n"
    }

    /// A1 registered by partner A on 8 March (on time) and by partner B on 12 March (late), B1 by partner B on
    /// 9 March, A2 as a whole (the default attribute option combo) on 9 March; B2 not at all.
    static let file = registrations([
        entry("DiszpKrYNg8", "PartnerAAOC", "2026-03-08", by: "li"),
        entry("DiszpKrYNg8", "PartnerBAOC", "2026-03-12"),
        entry("O6uvpzGd5pu", "PartnerBAOC", "2026-03-09"),
        entry("A2", "HllvX50cXC0", "2026-03-09"),
    ])

    func county(_ backend: TestBackend) throws -> (County, IdentifierMapping) {
        let county = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        return (county, try IdentifierMapping.read(path: try county.file("ids.csv", Self.mapping)))
    }

    /// The stages of February's reports of `unit`: as a whole, partner A's and partner B's.
    static func stages(_ w: Workspace, _ unit: String) throws -> [ReportStage] {
        let accounts = try #require(w.store as? any AccountStore)
        let whole = try w.report(dataset: "monthly", orgUnit: unit, period: "202602")
        return try ["", "pa", "pb"].map { partner in
            var report = whole
            report.attributeCombo = partner
            return try w.reportState(report, accounts: accounts).stage
        }
    }

    /// The summary's counts of `unit`: the data set's row and each partner's, as expected, received, on time.
    static func counts(_ w: Workspace, _ unit: String) throws -> [String: [Int]] {
        let summary = try w.reportingSummary(orgUnit: w.tree.index["C"]!, period: try Period("202602"))
        var out: [String: [Int]] = [:]
        for row in summary.rows where row.unit == w.tree.index[unit]! && row.dataset == "monthly" {
            out[row.partner ?? "monthly"] = [row.expected, row.received, row.onTime]
        }
        return out
    }

    @Test(arguments: TestBackend.available)
    func aRegistrationsFileRegistersEachPartnerAndTheSummaryCountsThem(_ backend: TestBackend) throws {
        let (county, mapping) = try county(backend)
        defer { county.remove() }
        let w = county.workspace
        let summary = try w.importFile(
            try county.file("registrations.json", Self.file), mapping: mapping, user: "import", time: Self.later)
        #expect(summary.completed == 4)
        #expect(try Self.stages(w, "A1") == [.open, .submitted, .submitted])
        #expect(try Self.stages(w, "A2") == [.submitted, .open, .open])
        #expect(try Self.stages(w, "B1") == [.open, .open, .submitted])
        #expect(try Self.stages(w, "B2") == [.open, .open, .open])
        let accounts = try #require(w.store as? any AccountStore)
        var a1 = try w.report(dataset: "monthly", orgUnit: "A1", period: "202602")
        a1.attributeCombo = "pa"
        #expect(try w.reportState(a1, accounts: accounts).submission?.by == "li")
        // The data set: four villages expected; A1 (by its partners, first on 8 March), A2 and B1 received on
        // time; B2 missing. Each partner against the same four: A registered A1 (on time); B registered A1 (late)
        // and B1 (on time) — DHIS2's reporting rate of the data set filtered by the attribute option combo.
        #expect(try Self.counts(w, "C") == ["monthly": [4, 3, 3], "pa": [4, 1, 1], "pb": [4, 2, 1]])
        #expect(try Self.counts(w, "TA") == ["monthly": [2, 2, 2], "pa": [2, 1, 1], "pb": [2, 1, 0]])
        #expect(try Self.counts(w, "TB") == ["monthly": [2, 1, 1], "pa": [2, 0, 0], "pb": [2, 1, 1]])
        let grid = try w.reportingGrid(
            orgUnit: w.tree.index["C"]!, period: try Period("202602"), dataset: "monthly", asOf: nil)
        let row = { (code: String) in grid.units.firstIndex(of: w.tree.index[code]!)! }
        #expect(grid.cells[row("A1")][0].code == "on_time")
        #expect(grid.cells[row("B2")][0].code == "missing")
        // The summary's CSV and table name the partner's rows.
        let reporting = try w.reportingSummary(orgUnit: w.tree.index["C"]!, period: try Period("202602"))
        let csv = ReportingSummaryReport(summary: reporting, tree: w.tree, metadata: w.metadata).render(.csv)
        #expect(csv.hasPrefix("orgunit,name,level,dataset,partner,expected,received,on_time,"))
        #expect(csv.contains("\nC,云溪县,1,monthly,,4,3,3,1,0,0.75,"))
        #expect(csv.contains("\nC,云溪县,1,monthly,pb,4,2,1,,,0.5,,0.25,"))
        let table = ReportingSummaryReport(summary: reporting, tree: w.tree, metadata: w.metadata, language: .zh)
        #expect(table.cells.contains { $0[1] == "月报 · pa" && $0[2] == "4" && $0[3] == "1" })
        // Partner B takes A1's registration back: B's count drops, A1 still counts by partner A's.
        _ = try w.importFile(
            try county.file(
                "back.json",
                Self.registrations([Self.entry("DiszpKrYNg8", "PartnerBAOC", "2026-03-12", completed: false)])),
            mapping: mapping, user: "import", time: Self.later)
        #expect(try Self.stages(w, "A1") == [.open, .submitted, .open])
        #expect(try Self.counts(w, "C") == ["monthly": [4, 3, 3], "pa": [4, 1, 1], "pb": [4, 1, 1]])
    }

    @Test(arguments: TestBackend.available)
    func registrationsExportWithTheirAttributeOptionCombosAndImportBackAsTheSameStates(
        _ backend: TestBackend
    )
        throws
    {
        let (county, mapping) = try county(backend)
        defer { county.remove() }
        let w = county.workspace
        _ = try w.importFile(
            try county.file("registrations.json", Self.file), mapping: mapping, user: "import", time: Self.later)
        var text = ""
        let count = try w.exportRegistrations(orgUnit: nil, periods: [try Period("202602")], mapping: mapping) {
            text += $0
        }
        #expect(count == 4)
        #expect(
            text.contains(
                "\"organisationUnit\": \"DiszpKrYNg8\", \"date\": \"2026-03-08T23:59:59\", \"attributeOptionCombo\": \"PartnerAAOC\", \"storedBy\": \"li\""
            ))
        #expect(
            text.contains(
                "\"organisationUnit\": \"O6uvpzGd5pu\", \"date\": \"2026-03-09T23:59:59\", \"attributeOptionCombo\": \"PartnerBAOC\""
            ))
        // A2's registration as a whole has no attribute option combo.
        #expect(
            text.contains("\"organisationUnit\": \"A2\", \"date\": \"2026-03-09T23:59:59\", \"storedBy\": \"import\""))
        let (other, _) = try self.county(backend)
        defer { other.remove() }
        let summary = try other.workspace.importFile(
            try other.file("back.json", text), mapping: mapping, user: "import", time: Self.later)
        #expect(summary.completed == 4)
        for unit in ["A1", "A2", "B1", "B2"] {
            #expect(try Self.stages(other.workspace, unit) == Self.stages(w, unit))
        }
        var again = ""
        _ = try other.workspace.exportRegistrations(
            orgUnit: nil, periods: [try Period("202602")], mapping: mapping
        ) { again += $0 }
        #expect(again == text)
    }

    /// A data value set's `completeDate` registers its `attributeOptionCombo` (JSON and DXF2 XML); each ADX group's
    /// registers the partner its attribute categories name, and an ADX export writes it back on that group.
    @Test(arguments: TestBackend.available, [InterchangeFormat.dhis2JSON, .dxf2XML, .adx])
    func aCompleteDateRegistersTheSetsPartner(_ backend: TestBackend, _ format: InterchangeFormat) throws {
        let (county, mapping) = try county(backend)
        defer { county.remove() }
        let w = county.workspace
        var text = AttributeComboUseCaseTests.files[format]!
        switch format {
        case .adx:
            text = text.replacingOccurrences(
                of: "dataSet=\"pBOMPrpg1QX\" PARTNER=\"PARTNER_B\"",
                with: "dataSet=\"pBOMPrpg1QX\" PARTNER=\"PARTNER_B\" completeDate=\"2026-03-12\"")
        case .dxf2XML:
            text = text.replacingOccurrences(
                of: "attributeOptionCombo=\"PartnerAAOC\">",
                with: "attributeOptionCombo=\"PartnerAAOC\" completeDate=\"2026-03-08\">")
        default:
            text = text.replacingOccurrences(
                of: "\"attributeOptionCombo\": \"PartnerAAOC\",",
                with: "\"attributeOptionCombo\": \"PartnerAAOC\", \"completeDate\": \"2026-03-08\",")
        }
        let summary = try w.importFile(
            try county.file(AttributeComboUseCaseTests.name(format), text), format: .interchange(format),
            mapping: mapping, user: "import", time: Self.later)
        #expect(summary.new == 6 && summary.completed == 1)
        #expect(
            try Self.stages(w, "A1") == (format == .adx ? [.open, .open, .submitted] : [.open, .submitted, .open]))
        #expect(try Self.stages(w, "B1") == [.open, .open, .open])
        guard format == .adx else { return }
        var exported = ""
        _ = try county.reloaded().export(format: .adx, orgUnit: nil, mapping: mapping, exported: Self.now) {
            exported += $0
        }
        #expect(
            exported.contains("dataSet=\"pBOMPrpg1QX\" PARTNER=\"PARTNER_B\" completeDate=\"2026-03-12T23:59:59\">"))
        #expect(exported.contains("dataSet=\"pBOMPrpg1QX\" PARTNER=\"PARTNER_A\">"))
    }

    /// The approval of the report as a whole holds its partners' registrations: a clerk's is refused with the lock's
    /// sentence and none is taken back; the owner's (`tally import`) is recorded.
    @Test(arguments: TestBackend.available)
    func anApprovedReportHoldsItsPartnersRegistrations(_ backend: TestBackend) throws {
        let (county, mapping) = try county(backend)
        defer { county.remove() }
        let w = county.workspace
        let accounts = try #require(w.store as? any AccountStore)
        let report = try w.report(dataset: "monthly", orgUnit: "A1", period: "202602")
        let clerk = UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 0)
        let town = UserAccount(name: "wang", role: .analyst, orgUnit: "TA", created: 0)
        _ = try w.act(.submit, on: report, by: clerk, time: Self.now, accounts: accounts)
        _ = try w.act(.approve, on: report, by: town, time: Self.now + 60, accounts: accounts)
        let upload = DataUpload(
            name: "a.json",
            path: try county.file(
                "a.json", Self.registrations([Self.entry("A1", "pa", "2026-03-08", dataSet: "monthly")])))
        let check = try w.checkUpload(
            upload, by: clerk, policy: PeriodPolicy(closeAfterDays: 30), accounts: accounts, time: Self.later)
        guard case .refused(let error) = check.outcome else {
            Issue.record("a clerk's partner registration of an approved report was not refused")
            return
        }
        #expect(error.issues.first?.code == .periodClosed)
        #expect(error.issues.first?.details(.en).contains("approved by wang") == true, "\(error.issues)")
        let back = thrown(ImportError.self) {
            try w.importFile(
                try county.file(
                    "b.json",
                    Self.registrations([Self.entry("A1", "pa", "2026-03-08", completed: false, dataSet: "monthly")])),
                user: "import", time: Self.later)
        }
        #expect(back?.issues.first?.code == .periodClosed)
        let summary = try w.importFile(
            try county.file("c.json", Self.registrations([Self.entry("A1", "pa", "2026-03-08", dataSet: "monthly")])),
            mapping: mapping,
            user: "import", time: Self.later)
        #expect(summary.completed == 1)
        #expect(try Self.stages(w, "A1") == [.approved, .submitted, .open])
        // The partner's registration recorded after the approval does not take the report's lock away: a clerk's
        // value is still refused with the approval's sentence, and the report as a whole stays approved.
        let locked = thrown(ValueError.self) {
            try w.writeValues(
                [ValueEntry(element: "visits", combo: "pa", orgUnit: "A1", period: "202602", value: "8")], by: clerk,
                source: "test", time: Self.later, policy: PeriodPolicy(closeAfterDays: 30), accounts: accounts)
        }
        #expect(locked?.errorCode == "report.locked", "\(String(describing: locked))")
        #expect(locked?.message(.en).contains("approved by wang") == true)
        #expect(try w.reportState(report, accounts: accounts).isLocked)
    }

    @Test(arguments: TestBackend.available)
    func anAttributeOptionComboNotOfTheDataSetIsRefusedAtItsLine(_ backend: TestBackend) throws {
        let (county, mapping) = try county(backend)
        defer { county.remove() }
        let w = county.workspace
        let text = Self.registrations([
            Self.entry("DiszpKrYNg8", "PartnerAAOC", "2026-03-08"),
            Self.entry("DiszpKrYNg8", "PartnerZ", "2026-03-08"),
            Self.entry("A1", "PartnerAAOC", "2026-03-01", dataSet: "population", period: "2025"),
        ])
        let error = try #require(
            thrown(ImportError.self) {
                try w.importFile(
                    try county.file("bad.json", text), mapping: mapping, user: "import", time: Self.later)
            })
        #expect(error.issues.map(\.line) == [3, 4])
        #expect(error.issues.allSatisfy { $0.column == "attributeOptionCombo" })
        #expect(
            error.issues[0].details(.en)
                == "'PartnerZ' is not an attribute option combo of the data set monthly; expected one of: pa, pb")
        #expect(error.issues[0].details(.zh) == "“PartnerZ”不是报表 monthly 的属性选项组合；应为以下之一：pa、pb")
        #expect(
            error.issues[1].details(.en)
                == "'pa' is an attribute option combo, but the data set population has no attribute categories, so leave it out or write 'default'"
        )
        #expect(error.issues[1].details(.zh) == "“pa”是属性选项组合，但报表 population 没有属性分类；请去掉它或写“default”")
        // Nothing of the file was recorded.
        #expect(try Self.stages(w, "A1") == [.open, .open, .open])
    }
}
