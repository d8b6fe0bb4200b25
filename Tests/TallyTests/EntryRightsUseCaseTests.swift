import Foundation
import Tally
import TallyCore
import TallyIO
import TallyServerTesting
import TallyStore
import TallyText
import TallyTransfer
import Testing

/// Who enters an element (`entered_by`): a `verified_by` counterpart is entered above the reporting unit — a village's
/// clerk neither sees it as an input nor writes it (entry, import), the town's analyst does. On SQLite and PostgreSQL.
@Suite struct EntryRightsUseCaseTests {
    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value
        visits,202602,A1,,7

        """
    static let clerk = UserAccount(name: "clerk", role: .clerk, orgUnit: "A1", created: 0)
    static let analyst = UserAccount(name: "analyst", role: .analyst, orgUnit: "TA", created: 0)
    static let now: Int64 = 1_772_712_000
    static let policy = PeriodPolicy(closeAfterDays: 30)

    func write(_ w: Workspace, _ entries: [ValueEntry], by user: UserAccount) throws -> WrittenValues {
        try w.writeValues(
            entries, by: user, source: "test", time: Self.now, policy: Self.policy,
            accounts: w.store as! any AccountStore)
    }

    func entry(_ element: String, _ unit: String, _ value: String) -> ValueEntry {
        ValueEntry(element: element, orgUnit: unit, period: "202602", value: value)
    }

    @Test func aCounterpartIsEnteredAboveUnlessItSaysOtherwise() throws {
        let metadata = try MetadataParser().parse(FixtureCounty.recountMetadata)
        #expect(metadata.element("visits_verified")?.enteredBy == .above)
        #expect(metadata.element("visits")?.enteredBy == .unit)
        let given = try MetadataParser().parse(
            FixtureCounty.recountMetadata.replacingOccurrences(
                of: "zh: 访视人数（复核）}\n", with: "zh: 访视人数（复核）}\n    entered_by: 2\n"))
        #expect(given.element("visits_verified")?.enteredBy == .level(2))
        for bad in ["0", "town", "21", "２"] {
            do {
                _ = try MetadataParser(file: "t.yaml").parse(
                    FixtureCounty.recountMetadata.replacingOccurrences(
                        of: "zh: 访视人数（复核）}\n", with: "zh: 访视人数（复核）}\n    entered_by: \"\(bad)\"\n"))
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.keyPath == "elements.visits_verified.entered_by")
                #expect(error.message.contains("expected unit, above, or a level from 1 to 20"), "\(error.message)")
                #expect(error.message(.zh).contains("应为 unit（本单位）、above（上级单位）或1到20的层级"))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func theVillageDoesNotWriteItsRecountTheTownDoes(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: FixtureCounty.recountMetadata, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        // Padded, full-width-spaced or in a batch with an allowed value: the clerk's recount is refused, nothing written.
        for unit in ["A1", " A1 ", "A1\u{3000}"] {
            let refused = thrown(ValueError.self) {
                try write(w, [entry("visits", "A1", "8"), entry("visits_verified", unit, "7")], by: Self.clerk)
            }
            #expect(refused?.errorCode == "access.enteredAbove", "\(unit)")
            #expect(
                refused?.message
                    == "row 2: 'Home visits recounted' (visits_verified) is entered by the level above the reporting unit (a verified recount); clerk may not enter it for 甲一村 (A1)"
            )
            #expect(
                refused?.message(.zh)
                    == "第2行：“访视人数（复核）”（visits_verified）由上级单位录入（核实复核数）；clerk 不能为 甲一村（A1）录入它")
        }
        let february = try Period("202602")
        func stored(_ element: String) throws -> Double? {
            try w.valueStates(elements: [element], orgUnit: "A1", period: february).first?.stored?.value
        }
        #expect(try stored("visits") == 7 && stored("visits_verified") == nil)
        // The town's analyst enters the recount, and nothing else.
        let town = try write(w, [entry("visits_verified", "A1", "6")], by: Self.analyst)
        #expect(town.summary.new == 1)
        #expect(try stored("visits_verified") == 6)
        let visits = thrown(ValueError.self) { try write(w, [entry("visits", "A1", "9")], by: Self.analyst) }
        #expect(visits?.errorCode == "access.readOnly")

        // The forms: the clerk's recount is not an input, the analyst's only input is the recount.
        func sheet(_ user: UserAccount) throws -> EntrySheet {
            try w.entrySheet(
                dataset: "monthly", orgUnit: w.tree.index["A1"]!, period: february, user: user,
                today: Timestamp.day(Self.now), policy: Self.policy, accounts: w.store as! any AccountStore)
        }
        let clerkSheet = try sheet(Self.clerk)
        #expect(clerkSheet.open)
        #expect(clerkSheet.cells.filter(\.writable).map(\.element.code) == ["births", "births", "visits"])
        let analystSheet = try sheet(Self.analyst)
        #expect(analystSheet.open)
        #expect(analystSheet.cells.filter(\.writable).map(\.element.code) == ["visits_verified"])

        // An upload by the clerk naming the recount is a problem at its line and element; the analyst's goes in.
        let file = try county.file(
            "recount.csv", "dataelement,period,orgunit,value\nvisits,202602,A1,8\nvisits_verified,202602,A1,8\n")
        let upload = DataUpload(name: "recount.csv", path: file)
        let check = try w.checkUpload(
            upload, by: Self.clerk, policy: Self.policy, accounts: w.store as! any AccountStore, time: Self.now)
        guard case .refused(let error) = check.outcome else {
            Issue.record("the clerk's upload was not refused")
            return
        }
        #expect(error.issues.map(\.line) == [3])
        #expect(error.issues.first?.code == .enteredAbove)
        #expect(error.issues.first?.column == "dataelement")
        let analystFile = try county.file(
            "recount2.csv", "dataelement,period,orgunit,value\nvisits_verified,202602,A1,8\n")
        let analystCheck = try w.checkUpload(
            DataUpload(name: "recount2.csv", path: analystFile), by: Self.analyst, policy: Self.policy,
            accounts: w.store as! any AccountStore, time: Self.now)
        guard case .ready = analystCheck.outcome else {
            Issue.record("the analyst's upload was refused: \(analystCheck.outcome)")
            return
        }
    }
}
