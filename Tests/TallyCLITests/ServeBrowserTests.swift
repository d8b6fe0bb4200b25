import Foundation
import TallyCLI
import TallyServerTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `tally serve` driven by a real headless Chromium: a village clerk signs in, opens the entry form of the
/// current month and types the month's report; the county analyst, in a browser context of their own, sees
/// the town's and the county's figures on the dashboard change from what they were to what the typed values
/// make them (computed here from the fixture, not by Tally); the clerk's attempts to write for another
/// village, into a closed month and without the CSRF token are refused and change nothing.
///
/// The server is the `tally` program beside the test binary, on a free port of 127.0.0.1, over a fresh
/// database of the small county (``FixtureCounty``) whose months are placed around today (the server's clock is
/// the real one): a SQLite file, and a schema of its own on the PostgreSQL server of `TALLY_TEST_POSTGRES` when
/// that is set (``TestBackend``), with the same figures. With `TALLY_SCREENSHOTS=DIR` the pages are saved there as
/// PNG (in a folder per backend).
@Suite(.serialized) struct ServeBrowserTests {
    // MARK: The fixture: the small county's villages, 13 months of history and this month.

    static let villages = ["A1", "A2", "B1", "B2"]
    static let population = [9680.0, 8050, 9900, 10200]

    static func male(_ v: Int, _ monthsBack: Int) -> Int { 3 + (v + monthsBack) % 4 }
    static func female(_ v: Int, _ monthsBack: Int) -> Int { 2 + (2 * v + monthsBack) % 4 }
    static func visits(_ v: Int, _ monthsBack: Int) -> Int { 10 + (3 * v + monthsBack) % 5 }

    /// What the clerk of A1 types for this month.
    static let typed = (male: 5, female: 4, visits: 12)

    /// A month as (year, month), `monthsBack` months before `month`.
    static func month(_ month: (Int, Int), back monthsBack: Int) -> (Int, Int) {
        let index = month.0 * 12 + month.1 - 1 - monthsBack
        return (index / 12, index % 12 + 1)
    }

    static func identifier(_ month: (Int, Int)) -> String { String(format: "%04d%02d", month.0, month.1) }

    /// This month in UTC, as the server sees it.
    static var thisMonth: (Int, Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: Date())
        return (parts.year!, parts.month!)
    }

    /// Population for this year and the two before; births and visits of every village for the 13 months
    /// before this one, and for this month from every village but A1.
    static func data(_ now: (Int, Int)) -> String {
        var lines = ["dataelement,period,orgunit,categoryoptioncombo,value,storedby"]
        for year in (now.0 - 2)...now.0 {
            for (v, code) in villages.enumerated() {
                lines.append("population,\(year),\(code),,\(Int(population[v])),seed")
            }
        }
        for back in 0...13 {
            let period = identifier(month(now, back: back))
            for (v, code) in villages.enumerated() where !(back == 0 && code == "A1") {
                lines.append("births,\(period),\(code),male,\(male(v, back)),seed")
                lines.append("births,\(period),\(code),female,\(female(v, back)),seed")
                lines.append("visits,\(period),\(code),,\(visits(v, back)),seed")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: The figures, computed here.

    /// Births per 1,000 people and year in `month`: births ÷ population × 1,000 × (days in the year from the
    /// month's first day ÷ days in the month).
    static func birthRate(births: Int, population: Double, month: (Int, Int)) -> Double {
        func leap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
        let lengths = [31, leap(month.0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let yearDays = (month.1 <= 2 ? leap(month.0) : leap(month.0 + 1)) ? 366.0 : 365.0
        return Double(births) / population * 1000 * yearDays / Double(lengths[month.1 - 1])
    }

    /// Rounded half away from zero, as the pages show it.
    static func shown(_ value: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        return String(format: "%.\(decimals)f", (value * scale).rounded(.toNearestOrAwayFromZero) / scale)
    }

    struct Figures: Equatable, CustomStringConvertible {
        var countyRate, countyRatio, townRateInCounty, townRate, townRatio, villageRateInTown: String
        var description: String {
            "county cbr \(countyRate), srb \(countyRatio); 甲镇 in the county's ranking \(townRateInCounty); 甲镇 cbr \(townRate), srb \(townRatio); 甲一村 in the town's ranking \(villageRateInTown)"
        }
    }

    /// The figures of this month with A1's report (`withA1`) or without it.
    static func expected(_ now: (Int, Int), withA1: Bool) -> Figures {
        var males = [0, 0, 0, 0]
        var females = [0, 0, 0, 0]
        for v in 1..<4 {
            males[v] = male(v, 0)
            females[v] = female(v, 0)
        }
        if withA1 {
            males[0] = typed.male
            females[0] = typed.female
        }
        let town = 0..<2
        let county = 0..<4
        func sum(_ values: [Int], _ range: Range<Int>) -> Int { range.map { values[$0] }.reduce(0, +) }
        func people(_ range: Range<Int>) -> Double { range.map { population[$0] }.reduce(0, +) }
        let townRate = shown(
            birthRate(births: sum(males, town) + sum(females, town), population: people(town), month: now),
            decimals: 2)
        // The key figures show the rate's unit (‰), the ranking does not.
        return Figures(
            countyRate: shown(
                birthRate(births: sum(males, county) + sum(females, county), population: people(county), month: now),
                decimals: 2) + "‰",
            countyRatio: shown(Double(sum(males, county)) / Double(sum(females, county)) * 100, decimals: 1),
            townRateInCounty: townRate,
            townRate: townRate + "‰",
            townRatio: shown(Double(sum(males, town)) / Double(sum(females, town)) * 100, decimals: 1),
            villageRateInTown: withA1
                ? shown(
                    birthRate(births: typed.male + typed.female, population: population[0], month: now), decimals: 2)
                : "–")
    }

    // MARK: Programs.

    /// The `tally` program built beside this test binary (or `TALLY_BINARY`).
    static let tally: String? = {
        if let path = ProcessInfo.processInfo.environment["TALLY_BINARY"] { return path }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = me.deletingLastPathComponent()
        // The test binary may sit inside a bundle directory.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("tally").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    /// Runs `tally` to the end (at most `seconds`) with `input` on standard input; returns the exit status
    /// and the output.
    static func run(_ arguments: [String], input: String = "", seconds: Double = 60) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tally!)
        process.arguments = arguments
        let stdin = Pipe()
        let outputPath = NSTemporaryDirectory() + "tally-run-\(UUID().uuidString).out"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("tally \(arguments.first ?? "") did not finish within \(seconds) s")
        }
        process.waitUntilExit()
        try output.close()
        return (process.terminationStatus, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
    }

    /// A port nobody listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw HeadlessChromium.Failure("no free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    static func listening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Starts `tally serve` on `db` on a free port of 127.0.0.1 and waits (at most 60 s) until it listens; the
    /// caller ends the process. Its output goes to `serve.log` in `dir`.
    static func serve(db: String, in dir: URL) throws -> (process: Process, base: String) {
        let port = try freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: tally!)
        server.arguments = [
            "serve", "--db", db, "--host", "127.0.0.1", "--port", String(port), "--close-days", "30", "--log-level",
            "warning",
        ]
        let serverLog = dir.appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: serverLog.path, contents: nil)
        let serverOutput = try FileHandle(forWritingTo: serverLog)
        server.standardOutput = serverOutput
        server.standardError = serverOutput
        server.standardInput = FileHandle.nullDevice
        try server.run()
        let up = Date().addingTimeInterval(60)
        while !listening(port) && server.isRunning && Date() < up { usleep(50_000) }
        guard listening(port) else {
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
            throw HeadlessChromium.Failure(
                "tally serve did not listen on \(port) within 60 s: \((try? String(contentsOf: serverLog, encoding: .utf8)) ?? "")"
            )
        }
        return (server, "http://127.0.0.1:\(port)")
    }

    /// Creates the small county (``FixtureCounty``) in `db`, its files written into `dir`.
    static func createCounty(db: String, in dir: URL) throws {
        try county(FixtureCounty.metadata)(db, dir)
    }

    /// Makes the small county's database with `metadata` (its org units, no values): the `create` of a
    /// ``ServedCounty``.
    static func county(_ metadata: String) -> (_ db: String, _ dir: URL) throws -> Void {
        { db, dir in
            let metadataFile = dir.appendingPathComponent("tally.yaml").path
            let orgUnits = dir.appendingPathComponent("orgunits.csv").path
            try metadata.write(toFile: metadataFile, atomically: true, encoding: .utf8)
            try FixtureCounty.orgUnits.write(toFile: orgUnits, atomically: true, encoding: .utf8)
            #expect(
                TallyCommand.runMain(["init", "--db", db, "--metadata", metadataFile, "--orgunits", orgUnits]) == 0)
        }
    }

    /// The county of `metadata` (YAML) and the small county's org units, in a new database `db`.
    static func createCounty(db: String, in dir: URL, metadata text: String) throws {
        try county(text)(db, dir)
    }

    /// Saves a screenshot of `tab` as `name`.png in `TALLY_SCREENSHOTS`/`backend` when that is set.
    static func shoot(_ tab: HeadlessChromium.Tab, _ name: String, backend: TestBackend) throws {
        guard let root = ProcessInfo.processInfo.environment["TALLY_SCREENSHOTS"] else { return }
        let folder = URL(fileURLWithPath: root).appendingPathComponent(backend.rawValue)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try tab.screenshot().write(to: folder.appendingPathComponent(name + ".png"))
    }

    // MARK: The test.

    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func clerkEntersAMonthAndTheAnalystSeesTheDashboardChange(_ backend: TestBackend) throws {
        let chromium = try #require(
            BulletinBrowserTests.chromium, "Chromium is required (TALLY_BROWSER_TESTS=required) but not installed")
        try #require(Self.tally != nil, "the tally program is not beside the test binary; build it (swift build)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        signal(SIGPIPE, SIG_IGN)  // a child that exits early must not kill the test process
        let now = Self.thisMonth
        let month = Self.identifier(now)
        let closedMonth = Self.identifier(Self.month(now, back: 6))
        let db = backend.location(in: dir)
        defer { TestBackend.drop(db) }
        try Self.createCounty(db: db, in: dir)
        #expect(TallyCommand.runMain(["import", "--db", db, try file("data.csv", Self.data(now))]) == 0)
        let passwords = ["li.clerk": "clerk-pass-A1", "wang.analyst": "analyst-pass-C"]
        for (name, role, unit) in [("li.clerk", "clerk", "A1"), ("wang.analyst", "analyst", "C")] {
            let (status, output) = try Self.run(
                ["user", "add", name, "--role", role, "--orgunit", unit, "--db", db],
                input: passwords[name]! + "\n" + passwords[name]! + "\n")
            try #require(status == 0, "tally user add \(name): \(output)")
        }

        // The server, as an office would start it (Secure cookies: Chromium keeps them for 127.0.0.1).
        let (server, base) = try Self.serve(db: db, in: dir)
        defer {
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
        }

        let browser = try HeadlessChromium(executable: chromium)
        defer { browser.close() }
        func shoot(_ tab: HeadlessChromium.Tab, _ name: String) throws {
            try Self.shoot(tab, name, backend: backend)
        }

        // Each person signs in on the sign-in page, in a browser context of their own.
        func signIn(_ name: String, language: String) throws -> HeadlessChromium.Tab {
            let tab = try browser.newTab()
            try tab.go("\(base)/signin?lang=\(language)")
            try tab.type("#signin input[name=name]", name)
            try tab.type("#signin input[name=password]", passwords[name]!)
            try tab.clickAndWait("#signin button[type=submit]")
            #expect(tab.url.hasPrefix("\(base)/dashboard"), "\(name) signed in: \(tab.url)")
            #expect(try tab.text("header .who") == "\(name) (\(name == "li.clerk" ? "clerk" : "analyst"))")
            return tab
        }

        // What the analyst's dashboards show: the county's, then the town's (reached by its link).
        func figures(_ tab: HeadlessChromium.Tab, shot: String) throws -> Figures {
            func keyFigures() throws -> [String: String] {
                try tab.evaluate(
                    """
                    Object.fromEntries([...document.querySelectorAll('#key-figures table tr')]
                      .map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent.trim()))
                      .filter(cells => cells.length >= 2).map(cells => [cells[0], cells[1]]))
                    """) as? [String: String] ?? [:]
            }
            func ranked() throws -> [String: String] {
                try tab.evaluate(
                    """
                    Object.fromEntries([...document.querySelectorAll('#units-ranked table tr')]
                      .map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent.trim()))
                      .filter(cells => cells.length >= 3).map(cells => [cells[1], cells[2]]))
                    """) as? [String: String] ?? [:]
            }
            try tab.go("\(base)/dashboard?orgunit=C&period=\(month)")
            try shoot(tab, shot + "-county")
            let county = try keyFigures()
            let towns = try ranked()
            try tab.clickAndWait("#units-ranked a[href^=\"/dashboard?orgunit=TA&\"]")
            #expect(tab.url.contains("orgunit=TA"), "the town's link leads to \(tab.url)")
            try shoot(tab, shot + "-town")
            let town = try keyFigures()
            let villages = try ranked()
            return Figures(
                countyRate: county["Crude birth rate"] ?? "?", countyRatio: county["Sex ratio at birth"] ?? "?",
                townRateInCounty: towns["甲镇"] ?? "?", townRate: town["Crude birth rate"] ?? "?",
                townRatio: town["Sex ratio at birth"] ?? "?", villageRateInTown: villages["甲一村"] ?? "?")
        }

        let analyst = try signIn("wang.analyst", language: "en")
        let before = try figures(analyst, shot: "1-before")
        #expect(before == Self.expected(now, withA1: false))

        // The clerk, in Chinese: from the village's dashboard to this month's entry form, picked among the open
        // months (the form's link opens last month's, the report now due).
        let clerk = try signIn("li.clerk", language: "zh")
        try shoot(clerk, "2-clerk-dashboard")
        let picker = "a.form[data-dataset=monthly] + form.periods"
        _ = try clerk.evaluate(
            "document.querySelector(\(HeadlessChromium.Tab.literal(picker + " select"))).value = '\(month)'")
        try clerk.clickAndWait(picker + " button[type=submit]")
        #expect(clerk.url.hasPrefix("\(base)/entry?dataset=monthly&orgunit=A1&period=\(month)"), "\(clerk.url)")
        try #require(
            try clerk.evaluate("document.querySelector('#entry button[type=submit]') !== null") as? Bool == true)
        // Type the report; Enter moves to the next field (tally.js), the last Enter to the save button.
        try clerk.type("#entry input[name='v|births|male']", String(Self.typed.male))
        try clerk.pressEnter()
        #expect(try clerk.evaluate("document.activeElement.name") as? String == "v|births|female")
        try clerk.typeHere(String(Self.typed.female))
        try clerk.pressEnter()
        #expect(try clerk.evaluate("document.activeElement.name") as? String == "v|visits|")
        try clerk.typeHere(String(Self.typed.visits))
        try clerk.pressEnter()
        #expect(try clerk.evaluate("document.activeElement.type") as? String == "submit")
        try shoot(clerk, "3-entry-typed")
        try clerk.clickAndWait("#entry button[type=submit]")
        #expect(clerk.url.contains("saved=1"), "after saving: \(clerk.url)")
        #expect(try clerk.text("p.ok[role=status]") != nil, "the form says it saved")
        try shoot(clerk, "4-entry-saved")
        let shownValues =
            try clerk.evaluate(
                "[...document.querySelectorAll('#entry input.v')].map(i => i.name + '=' + i.value).join(' ')")
            as? String
        #expect(shownValues == "v|births|male=5 v|births|female=4 v|visits|=12")

        // The analyst's dashboards now count the report.
        let after = try figures(analyst, shot: "5-after")
        #expect(after == Self.expected(now, withA1: true))
        #expect(after.countyRate != before.countyRate && after.townRate != before.townRate)

        // A closed month's form is read-only in the browser.
        try clerk.go("\(base)/entry?dataset=monthly&orgunit=A1&period=\(closedMonth)")
        #expect(try clerk.evaluate("document.querySelector('#entry button[type=submit]') === null") as? Bool == true)
        #expect(
            try clerk.evaluate("[...document.querySelectorAll('#entry input.v')].every(i => i.disabled)") as? Bool
                == true)
        try shoot(clerk, "6-entry-closed")

        // Writes the clerk may not make, sent with the clerk's cookie from the clerk's page.
        let csrf = try #require(
            try clerk.evaluate("document.querySelector('#entry input[name=csrf]').value") as? String)
        func form(_ fields: [String: String]) throws -> (status: Int, body: String) {
            let encoded = try clerk.evaluate(
                "new URLSearchParams(\(HeadlessChromium.Tab.literal(json: fields))).toString()")
            return try clerk.fetch(
                "/entry", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: encoded as? String)
        }
        func api(_ value: [String: Any], csrf: String?) throws -> (status: Int, body: String) {
            var headers = ["Content-Type": "application/json"]
            if let csrf { headers["X-CSRF-Token"] = csrf }
            let data = try JSONSerialization.data(withJSONObject: value)
            return try clerk.fetch("/api/values", headers: headers, body: String(decoding: data, as: UTF8.self))
        }
        func value(_ unit: String, _ period: String) -> [String: Any] {
            ["element": "births", "combo": "male", "orgunit": unit, "period": period, "value": 9]
        }
        let attempts: [(String, (status: Int, body: String), String)] = [
            (
                "form, another village",
                try form([
                    "csrf": csrf, "dataset": "monthly", "orgunit": "A2", "period": month, "v|births|male": "6",
                    "confirm": "1",
                ]),
                "access.outsideSubtree"
            ),
            (
                "form, closed month",
                try form([
                    "csrf": csrf, "dataset": "monthly", "orgunit": "A1", "period": closedMonth, "v|births|male": "6",
                    "confirm": "1",
                ]), "period.closed"
            ),
            (
                "form, no CSRF token",
                try form(["dataset": "monthly", "orgunit": "A1", "period": month, "v|births|male": "6", "confirm": "1"]
                ), "auth.csrf"
            ),
            ("API, another village", try api(value("A2", month), csrf: csrf), "access.outsideSubtree"),
            ("API, closed month", try api(value("A1", closedMonth), csrf: csrf), "period.closed"),
            ("API, no CSRF token", try api(value("A1", month), csrf: nil), "auth.csrf"),
        ]
        for (what, response, code) in attempts {
            #expect(response.status == 403, "\(what): \(response.status) \(response.body.prefix(300))")
            #expect(response.body.contains(code), "\(what): \(response.body.prefix(300))")
        }
        // The clerk reads in Chinese, so the refusals say why in Chinese: on the form's page and in the API's JSON.
        let closedSentence = "\(closedMonth) 已关闭录入；请联系管理员为 A1 重新开放"
        #expect(attempts[1].1.body.contains(closedSentence), "\(attempts[1].1.body.prefix(600))")
        #expect(attempts[4].1.body.contains(closedSentence), "\(attempts[4].1.body.prefix(300))")
        #expect(attempts[0].1.body.contains("不能查看 A2：它不在 A1 范围内"), "\(attempts[0].1.body.prefix(600))")
        #expect(attempts[3].1.body.contains("不能为 A2（甲二村）录入：它不在 A1 范围内"), "\(attempts[3].1.body.prefix(300))")

        // A form opened before its month closed and saved after: the page the browser shows says why, in Chinese.
        try clerk.go("\(base)/entry?dataset=monthly&orgunit=A1&period=\(month)")
        _ = try clerk.evaluate(
            """
            (() => { const f = document.querySelector('#entry');
              f.querySelector('input[name=period]').value = '\(closedMonth)';
              f.insertAdjacentHTML('beforeend', '<input type="hidden" name="confirm" value="1">'); return true })()
            """)
        try clerk.clickAndWait("#entry button[type=submit]")
        let refusal = try clerk.text("p.error[role=alert]") ?? ""
        #expect(refusal.contains(closedSentence), "the refused save's page: \(refusal)")
        #expect(!refusal.contains("closed for data entry"), "\(refusal)")
        try shoot(clerk, "6b-entry-refused")

        // Nothing changed: the analyst reads the three values through the API, and the dashboards.
        func storedMale(_ unit: String, _ period: String) throws -> Double? {
            let reply = try analyst.fetch(
                "/api/values?element=births&orgunit=\(unit)&period=\(period)", method: "GET")
            let rows = (try? JSONSerialization.jsonObject(with: Data(reply.body.utf8))) as? [[String: Any]] ?? []
            let row = rows.first { $0["combo"] as? String == "male" }
            return (row?["value"] as? NSNumber)?.doubleValue
        }
        #expect(try storedMale("A1", month) == Double(Self.typed.male))
        #expect(try storedMale("A2", month) == Double(Self.male(1, 0)))
        #expect(try storedMale("A1", closedMonth) == Double(Self.male(0, 6)))
        #expect(try figures(analyst, shot: "7-end") == after)

        // Graceful stop on SIGTERM.
        browser.close()
        server.terminate()
        let stop = Date().addingTimeInterval(30)
        while server.isRunning && Date() < stop { usleep(50_000) }
        #expect(!server.isRunning, "tally serve did not stop within 30 s of SIGTERM")
        if !server.isRunning { #expect(server.terminationStatus == 0) }
    }
}
