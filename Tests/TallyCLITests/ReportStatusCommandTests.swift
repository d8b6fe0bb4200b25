import Foundation
import Tally
import TallyCLI
import TallyCore
import TallyServerTesting
import TallyStore
import Testing

/// `tally report-status` and `tally check --summary` on a report submitted and approved through Tally's calls (as
/// the server records them): the steps with who and when, and the summary's submitted and approved counts.
@Suite(.serialized) struct ReportStatusCommandTests {
    @Test func theStepsAndTheCountsArePrinted() throws {
        try #require(ServeBrowserTests.tally != nil, "the tally program is not beside the test binary; build it")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-status-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("tally.sqlite").path
        try ServeBrowserTests.createCounty(db: db, in: dir)
        let w = try Workspace.open(path: db)
        let accounts = try #require(w.store as? any AccountStore)
        let report = try w.report(dataset: "monthly", orgUnit: "A1", period: "202601")
        // 2026-02-05 12:00 UTC, 20:00 in the office's default time zone.
        let time: Int64 = 1_770_292_800
        let clerk = UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 0)
        let town = UserAccount(name: "wang", role: .analyst, orgUnit: "TA", created: 0)
        _ = try w.act(.submit, on: report, by: clerk, time: time, accounts: accounts)
        _ = try w.act(.approve, on: report, by: town, time: time + 3600, accounts: accounts)

        let (status, output) = try ServeBrowserTests.run([
            "report-status", "--db", db, "--dataset", "monthly", "--orgunit", "A1", "--period", "202601",
        ])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "monthly（Monthly report）· A1（甲一村）· 202601: approved")
        #expect(lines.count == 3)
        #expect(lines.dropFirst().first?.hasSuffix("li  submitted") == true, "\(lines)")
        #expect(lines.last?.hasSuffix("wang  approved") == true, "\(lines)")
        let (_, zh) = try ServeBrowserTests.run([
            "report-status", "--db", db, "--dataset", "monthly", "--orgunit", "A1", "--period", "202601", "--lang",
            "zh",
        ])
        #expect(zh.hasPrefix("monthly（月报）· A1（甲一村）· 202601: 已审核"), "\(zh)")
        let (refused, message) = try ServeBrowserTests.run([
            "report-status", "--db", db, "--dataset", "monthly", "--orgunit", "A1", "--period", "2026",
        ])
        #expect(refused == 1)
        #expect(message.contains("'2026' is not a period of monthly"), "\(message)")

        // The summary counts the submitted and approved report (one of the county's four).
        let (summaryStatus, csv) = try ServeBrowserTests.run([
            "check", "--db", db, "--period", "202601", "--summary", "--format", "csv", "--as-of", "2026-03-01",
        ])
        #expect(summaryStatus == 0, "\(csv)")
        let header = csv.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
        // The `partner` column is empty on a data set's row: keep empty fields.
        let county = csv.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        .first { $0.first == "C" && $0.contains("monthly") }
        let column = { (name: String) in header.firstIndex(of: name).flatMap { county?[$0] } }
        #expect(column("submitted") == "1" && column("approved") == "1", "\(csv)")
        #expect(column("received") == "1", "\(csv)")
    }
}
