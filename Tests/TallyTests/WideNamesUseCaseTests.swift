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

/// Wide sheets whose unit column names units by name, as the towns send them: matched once on the canonical name
/// (trimmed, NFC) within the uploader's subtree; an unknown or ambiguous name is a problem at its cell; a totals
/// row is left out and said so. On SQLite and PostgreSQL.
@Suite struct WideNamesUseCaseTests {
    /// The small county with two more villages of 甲镇: 新村 (a name 乙镇 has too) and Café.
    static let orgUnits = FixtureCounty.orgUnits + "A3,新村,TA\nA4,Café,TA\nB3,新村,TB\n"
    static let analyst = UserAccount(name: "analyst", role: .analyst, orgUnit: "TA", created: 0)
    static let now: Int64 = 1_772_712_000
    static let wide = WorkbookOptions(layout: .wide, period: "202602")

    func workbook(_ county: County, _ name: String, _ units: [String]) throws -> String {
        let path = county.directory.appendingPathComponent(name).path
        let rows: [[WorkbookValue]] = units.enumerated().map { i, unit in
            [.text(unit), .number(Double(i + 1)), .number(2)]
        }
        try WorkbookWriter.write(
            [WorkbookSheet(name: "访视", header: ["村名", "visits", "births.male"], rows: rows)], to: path)
        return path
    }

    func check(_ w: Workspace, _ path: String) throws -> UploadCheck.Outcome {
        try w.checkUpload(
            DataUpload(name: "访视.xlsx", path: path, workbook: Self.wide), by: Self.analyst,
            policy: PeriodPolicy(closeAfterDays: 30), accounts: w.store as! any AccountStore, time: Self.now
        ).outcome
    }

    @Test(arguments: TestBackend.available)
    func theColumnMappingIsRememberedForTheNextFile(_ backend: TestBackend) throws {
        let county = try County.make(backend, orgUnits: Self.orgUnits, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let w = county.workspace
        let accounts = w.store as! any AccountStore
        let path = county.directory.appendingPathComponent("访视.xlsx").path
        try WorkbookWriter.write(
            [
                WorkbookSheet(
                    name: "访视", header: ["村名", "入户访视", "男婴, 活产"],
                    rows: [[.text("甲一村"), .number(3), .number(1)]])
            ], to: path)
        var options = Self.wide
        options.columns = WideColumns(titles: ["入户访视": "visits", "男婴, 活产": "births.male"])
        func check(_ options: WorkbookOptions, by user: UserAccount = Self.analyst) throws -> UploadCheck.Outcome {
            try w.checkUpload(
                DataUpload(name: "访视.xlsx", path: path, workbook: options), by: user,
                policy: PeriodPolicy(closeAfterDays: 30), accounts: accounts, time: Self.now
            ).outcome
        }
        #expect(try Workspace.proposedColumns(user: "analyst", accounts: accounts).isEmpty)
        // Without the mapping the titles name nothing: refused, and nothing is remembered.
        if case .ready = try check(Self.wide) { Issue.record("the unmapped sheet was not refused") }
        #expect(try Workspace.proposedColumns(user: "analyst", accounts: accounts).isEmpty)
        guard case .ready(let summary, _) = try check(options) else {
            Issue.record("the mapped sheet was refused")
            return
        }
        #expect(summary.new == 2)
        // Proposed for the analyst's next file, as the form's lines (a title with a comma quoted); not for others.
        #expect(
            try Workspace.proposedColumns(user: "analyst", accounts: accounts)
                == "入户访视,visits\n\"男婴, 活产\",births.male\n")
        #expect(try Workspace.proposedColumns(user: "other", accounts: accounts).isEmpty)
    }

    @Test(arguments: TestBackend.available)
    func aWideCSVFileInGBKIsReadAsAWideSheet(_ backend: TestBackend) throws {
        let county = try County.make(backend, orgUnits: Self.orgUnits, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let w = county.workspace
        let policy = PeriodPolicy(closeAfterDays: 30)
        let accounts = w.store as! any AccountStore
        /// A GBK wide CSV file: villages down (by name or code), elements across (by name or code), a totals row.
        func file(_ name: String, second: String) throws -> String {
            let text = """
                村名,访视人数,births.male
                甲一村,5,1
                A2,\(second),2
                合计,12,3

                """
            let path = county.directory.appendingPathComponent(name).path
            try Data(try #require(TextEncoding.gbk.encode(text))).write(to: URL(fileURLWithPath: path))
            return path
        }
        func upload(_ path: String) -> DataUpload { DataUpload(name: "访视.csv", path: path, workbook: Self.wide) }
        // A bad cell is a problem at its line and cell, in Chinese.
        let bad = try w.checkUpload(
            upload(try file("bad.csv", second: "七")), by: Self.analyst, policy: policy, accounts: accounts,
            time: Self.now)
        #expect(bad.encoding == .gbk)
        guard case .refused(let error) = bad.outcome else {
            Issue.record("the bad file was not refused")
            return
        }
        #expect(error.issues.map(\.line) == [3])
        #expect(error.issues.map(\.column) == ["B3"])
        #expect(error.issues.map(\.code) == [.notNumeric])
        let good = upload(try file("good.csv", second: "7"))
        let check = try w.checkUpload(good, by: Self.analyst, policy: policy, accounts: accounts, time: Self.now)
        guard case .ready(let summary, let fingerprint) = check.outcome else {
            Issue.record("the corrected file was refused: \(check.outcome)")
            return
        }
        #expect(summary.new == 4)
        #expect(summary.skipped.first?.shown(.zh) == "第4行")
        #expect(summary.line(.zh).contains("略过 1 行（合计行"))
        _ = try w.applyUpload(
            good, by: Self.analyst, policy: policy, accounts: accounts, time: Self.now, fingerprint: fingerprint)
        let february = try Period("202602")
        let after = try county.reloaded()
        for (unit, visits) in [("A1", 5.0), ("A2", 7)] {
            #expect(
                try after.valueStates(elements: ["visits"], orgUnit: unit, period: february).first?.stored?.value
                    == visits)
        }
        // The command line's import reads the same file the same way (`--layout wide --encoding gbk`).
        let again = try after.importFile(
            try file("again.csv", second: "7"), encoding: .gbk, workbook: Self.wide, user: "seed", time: Self.now,
            dryRun: true)
        #expect(again.new == 0 && again.unchanged == 4)
    }

    @Test(arguments: TestBackend.available)
    func unitsAreNamedWithinTheSubtree(_ backend: TestBackend) throws {
        let county = try County.make(backend, orgUnits: Self.orgUnits, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let w = county.workspace
        // Padded, decomposed (Cafe + combining acute) and by code: each resolves once; 乙一村 is outside 甲镇, and a
        // name with a zero-width space is refused, not matched.
        let bad = try workbook(
            county, "bad.xlsx", [" 甲一村 ", "Cafe\u{301}", "A2", "乙一村", "甲一\u{200B}村", "新村", "合计"])
        guard case .refused(let error) = try check(w, bad) else {
            Issue.record("the sheet was not refused")
            return
        }
        #expect(error.issues.map(\.column) == ["A5", "A5", "A6", "A6"])
        #expect(error.issues.map(\.code) == [.unknownOrgUnit, .unknownOrgUnit, .refusedCharacter, .refusedCharacter])
        #expect(
            error.issues.first?.details.zh == "“乙一村”既不是单位代码，也不是甲镇 (TA)内单位的名称；请改正单位名称或代码")
        #expect(
            error.issues.first?.details.en
                == "'乙一村' is neither an org unit code nor the name of a unit in 甲镇 (TA); correct the name or code")

        let good = try workbook(county, "good.xlsx", [" 甲一村 ", "Cafe\u{301}", "A2", "新村", "合计"])
        guard case .ready(let summary, let fingerprint) = try check(w, good) else {
            Issue.record("the corrected sheet was refused")
            return
        }
        #expect(summary.new == 8)
        #expect(
            summary.skipped.map(\.reason) == [
                "totals rows (合计, 总计, 小计, total), which Tally adds up itself from the units' rows"
            ])
        #expect(summary.skipped.first?.shown(.zh) == "工作表 访视 第6行")
        _ = try w.applyUpload(
            DataUpload(name: "访视.xlsx", path: good, workbook: Self.wide), by: Self.analyst,
            policy: PeriodPolicy(closeAfterDays: 30), accounts: w.store as! any AccountStore, time: Self.now,
            fingerprint: fingerprint)
        let february = try Period("202602")
        let after = try county.reloaded()
        for (unit, visits) in [("A1", 1.0), ("A4", 2), ("A2", 3), ("A3", 4)] {
            #expect(
                try after.valueStates(elements: ["visits"], orgUnit: unit, period: february).first?.stored?.value
                    == visits)
        }
        #expect(try after.valueStates(elements: ["visits"], orgUnit: "B3", period: february).first?.stored == nil)

        // Over the whole tree (tally import), 新村 names two units: a problem at its cell for each of the row's values.
        do {
            _ = try w.importWorkbook(file: good, options: Self.wide, user: "admin", time: Self.now, dryRun: true)
            Issue.record("新村 was taken as one unit over the whole tree")
        } catch let error as ImportError {
            #expect(error.issues.map(\.code) == [.ambiguousOrgUnit, .ambiguousOrgUnit])
            #expect(error.issues.first?.column == "A5")
            #expect(error.issues.first?.details.zh == "“新村”是云溪县 (C)内2个单位的名称：A3 (甲镇)、B3 (乙镇)；请改用单位代码")
        }
    }
}
