import Foundation
import Tally
import TallyAudit
import TallyCLI
import TallyCore
import TallyDemo
import TallyEngine
import Testing

@Suite(.serialized) struct CheckCommandTests {
    @Test func demoSeededProblemsAreFoundAndCleanDataIsNotFlagged() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(TallyCommand.runMain(["demo", "--dir", dir.path]) == 0)
        let db = dir.appendingPathComponent("tally.sqlite").path
        let w = try Workspace.open(path: db)
        let audit = QualityAudit(aggregator: w.engine.evaluator.aggregator)
        let problems = DemoCounty().problems
        let under = try w.unit(try #require(problems.underReportingTowns.first).town)
        let over = try w.unit(try #require(problems.overReportingTowns.first).town)
        for period in ["2025Oct", "2024Oct", "202510..202601"] {
            let result = try audit.run(orgUnit: try w.unit(nil), period: try Period(period))
            // The under-reporting town is found by the expected-vs-reported check in every period.
            let births = result.findings(of: ExpectedVsReportedCheck.self).first { $0.finding.unit == under }
            #expect((births?.payload.unreported ?? 0) > 0, "\(period)")
            // Verification flags only the over-reporting town, and only in its last 12 months (2025Oct).
            let verification = result.findings(of: VerificationCheck.self)
            #expect(verification.allSatisfy { $0.finding.unit == over }, "\(period)")
            #expect(
                Set(verification.map(\.payload.element))
                    == (period == "2024Oct" ? [] : ["anc_visits", "child_checks"]),
                "\(period)")
        }
        // Every seeded missing report and late report is found (reports due before today).
        let all = try audit.run(
            orgUnit: try w.unit(nil), period: try Period("2023Oct..2025Oct"), asOf: Day(year: 2026, month: 11, day: 29))
        let missing = Set(
            all.findings(of: MissingReportCheck.self).flatMap { f, missing in
                missing.missing.map { "\(w.tree.units[f.unit].code)/\($0.identifier)" }
            })
        #expect(missing == Set(problems.missingReports.map { "\($0.orgUnit)/\($0.period)" }))
        let late = Set(
            all.findings.filter { $0.check == LateReportCheck.self }.map {
                "\(w.tree.units[$0.unit].code)/\($0.period.identifier)"
            })
        #expect(late == Set(problems.lateReports.map { "\($0.cell.orgUnit)/\($0.cell.period)" }))
        // The seeded typing errors are the only extreme outliers, all in the last year; none in the clean years.
        let outliers = try audit.run(orgUnit: try w.unit(nil), period: try Period("2025Oct")).findings(
            of: OutlierCheck.self
        ).filter { $0.finding.severity == .extreme }
        #expect(
            Set(
                outliers.map { f, outlier in
                    "\(w.tree.units[f.unit].code)/\(f.period.identifier)/\(outlier.element)"
                })
                == Set(problems.outliers.map { "\($0.cell.orgUnit)/\($0.cell.period)/\($0.element.code)" }))
        // In the clean years one chance draw is extreme (issue 17, on purpose): 柳岭村 (about 0.3 births a month)
        // drew 6 births, all 6 registered, in January 2024; against the other 11 months' 2 registrations (mean
        // 0.18, median and MAD 0, which hid it before) P(X ≥ 6 | 0.18) = 4e-8.
        for clean in ["2024Oct", "2023Oct"] {
            let r = try audit.run(orgUnit: try w.unit(nil), period: try Period(clean))
            let extreme = r.findings(of: OutlierCheck.self).filter { $0.finding.severity == .extreme }.map { f, o in
                "\(w.tree.units[f.unit].code)/\(f.period.identifier)/\(o.element)"
            }
            #expect(extreme == (clean == "2023Oct" ? ["360121107216/202401/registrations"] : []), "\(clean)")
        }
        // The clean demo breaks no validation rule and shows no consistency problem.
        let yearly = try audit.run(orgUnit: try w.unit(nil), period: try Period("2025Oct"))
        #expect(!yearly.findings.contains { $0.check == ValidationCheck.self || $0.check == ConsistencyCheck.self })
        #expect(yearly.findings.contains { $0.check == ScoreCheck.self })
        // --fail-on: exit 3 when such findings exist; finding problems alone is not an error.
        #expect(TallyCommand.runMain(["check", "--db", db, "--period", "2025Oct"]) == 0)
        #expect(TallyCommand.runMain(["check", "--db", db, "--period", "2025Oct", "--fail-on", "extreme"]) == 3)
        // The county seat's subtree has only moderate findings (a few missing or late village reports).
        #expect(
            TallyCommand.runMain([
                "check", "--db", db, "--period", "2025Oct", "--orgunit", "360121100000", "--fail-on", "extreme",
                "--format", "json",
            ]) == 0)
        #expect(
            TallyCommand.runMain([
                "check", "--db", db, "--period", "2025Oct", "--orgunit", "360121100000", "--fail-on", "moderate",
            ]) == 3)
        #expect(TallyCommand.runMain(["check", "--db", db, "--period", "2025Oct", "--fail-on", "sometimes"]) == 2)
    }
}
