import Foundation
import TallyIO
import Testing

/// LibreOffice, when installed (`apt-get install -y --no-install-recommends libreoffice-calc-nogui`).
enum LibreOffice {
    static let path: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(dir)/soffice"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Converts `workbook` to CSV (UTF-8, every text quoted) with LibreOffice Calc and parses it.
    static func csv(_ workbook: String, in dir: URL) throws -> [[String]] {
        let out = dir.appendingPathComponent("lo-\(UUID().uuidString)")
        let profile = dir.appendingPathComponent("lo-profile")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = [
            "-env:UserInstallation=file://\(profile.path)", "--headless", "--norestore",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true", "--outdir", out.path, workbook,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(180)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            throw CocoaError(.fileReadUnknown)
        }
        let name = URL(fileURLWithPath: workbook).deletingPathExtension().lastPathComponent + ".csv"
        let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        return rows(text)
    }
}

/// The rows of a small CSV text without line breaks inside fields.
func rows(_ text: String) -> [[String]] {
    text.split(whereSeparator: \.isNewline).map { CSVReader.parseLine(String($0)) }
}

/// The workbooks Tally writes, opened by another program: LibreOffice Calc reads every cell as Tally wrote it.
@Suite(.serialized, .enabled(if: LibreOffice.path != nil, "LibreOffice is not installed"))
struct LibreOfficeTests {
    /// Text must match exactly; numbers to the 15 significant digits LibreOffice shows.
    func expectSame(_ calc: [[String]], _ tally: [[String]], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(calc.count == tally.count, sourceLocation: sourceLocation)
        for (r, (a, b)) in zip(calc, tally).enumerated() {
            #expect(a.count == b.count, "row \(r + 1)", sourceLocation: sourceLocation)
            for (c, (x, y)) in zip(a, b).enumerated() where x != y {
                if let u = Double(x), let v = Double(y), abs(u - v) <= 1e-13 * max(abs(u), abs(v)) { continue }
                // A follow-up mark: a boolean cell in the workbook, `true` or empty in CSV.
                if x == "FALSE" && y.isEmpty || x.lowercased() == y.lowercased() { continue }
                Issue.record("row \(r + 1), column \(c + 1): LibreOffice read '\(x)', Tally wrote '\(y)'")
            }
        }
    }

    @Test func exportedValuesQueryResultsAndFindingsOpenInCalc() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        // The values, as a workbook and as CSV.
        #expect(s.run(["export", "--db", s.db, "--format", "xlsx", "--out", s.path("values.xlsx")]) == 0)
        #expect(s.run(["export", "--db", s.db, "--format", "csv", "--out", s.path("values.csv")]) == 0)
        let values = try LibreOffice.csv(s.path("values.xlsx"), in: s.dir)
        let valuesCSV = rows(try String(contentsOfFile: s.path("values.csv"), encoding: .utf8))
        #expect(values.count == 17)
        expectSame(values, valuesCSV)
        // A query with Chinese names and fractional rates.
        let query = ["query", "--db", s.db, "--indicator", "srb", "--period", "202510", "--children"]
        #expect(s.run(query + ["--format", "xlsx", "--out", s.path("query.xlsx")]) == 0)
        #expect(s.run(query + ["--format", "csv", "--out", s.path("query.csv")]) == 0)
        let calc = try LibreOffice.csv(s.path("query.xlsx"), in: s.dir)
        expectSame(calc, rows(try String(contentsOfFile: s.path("query.csv"), encoding: .utf8)))
        #expect(calc.contains { $0.contains("青石镇") })
        // The findings of the checks.
        let check = ["check", "--db", s.db, "--period", "202510"]
        _ = s.run(check + ["--format", "xlsx", "--out", s.path("findings.xlsx")])
        _ = s.run(check + ["--format", "csv", "--out", s.path("findings.csv")])
        let findings = try LibreOffice.csv(s.path("findings.xlsx"), in: s.dir)
        #expect(findings.count > 1)
        expectSame(findings, rows(try String(contentsOfFile: s.path("findings.csv"), encoding: .utf8)))
    }
}
