import Foundation
import Tally
import TallyCLI
import TallyCore
import Testing

/// The demo's bulletins rendered by a real headless Chromium: the screenshot is not blank, the DOM holds the
/// ranked table, the charts and the headings, and the page prints to A4 PDF pages.
///
/// `scripts/test` installs Chromium and sets `TALLY_BROWSER_TESTS=required`, so CI fails when it is missing;
/// elsewhere the tests are skipped without Chromium.
@Suite(.serialized) struct BulletinBrowserTests {
    static let chromium: String? = {
        if let path = ProcessInfo.processInfo.environment["TALLY_CHROMIUM"] { return path }
        return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    static var required: Bool { ProcessInfo.processInfo.environment["TALLY_BROWSER_TESTS"] == "required" }

    /// Runs Chromium headless with `arguments`, killing it after `seconds`; returns standard output.
    static func chromium(_ arguments: [String], seconds: Double = 90) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + NSTemporaryDirectory() + "tally-chromium-\(UUID().uuidString)",
            ] + arguments
        // Standard output goes to a file, so a large DOM can never fill a pipe.
        let outputPath = NSTemporaryDirectory() + "tally-chromium-\(UUID().uuidString).out"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            Issue.record("Chromium did not finish within \(seconds) s")
        }
        process.waitUntilExit()
        try output.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: outputPath))
        return String(decoding: data, as: UTF8.self)
    }

    /// The width and height in a PNG's header.
    static func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        let be = { (i: Int) in bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    func check(_ html: String, headings: [String], dir: URL) throws {
        let url = URL(fileURLWithPath: html).absoluteString
        // The DOM after rendering.
        let dom = try Self.chromium(["--dump-dom", url])
        #expect(dom.contains("<table id=\"ranking-table\">"))
        #expect(dom.components(separatedBy: "<svg ").count - 1 >= 4)
        for id in ["chart-ranked", "chart-trend", "chart-quality", "chart-campaign"] {
            #expect(dom.contains("id=\"\(id)\""), "\(id)")
        }
        for heading in headings { #expect(dom.contains("<h2>\(heading)</h2>"), "\(heading)") }
        #expect(dom.components(separatedBy: "<tr").count > 30)
        // A screenshot that is not blank: far larger than the same-sized screenshot of an empty page.
        let shot = dir.appendingPathComponent(UUID().uuidString + ".png").path
        _ = try Self.chromium(["--window-size=900,5200", "--screenshot=" + shot, url])
        let blankPage = dir.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blankPage, atomically: true, encoding: .utf8)
        let blankShot = dir.appendingPathComponent("blank.png").path
        _ = try Self.chromium(["--window-size=900,5200", "--screenshot=" + blankShot, blankPage.absoluteString])
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        let blank = try Data(contentsOf: URL(fileURLWithPath: blankShot))
        #expect(Self.pngSize(png).map { $0 == (900, 5200) } == true)
        #expect(png.count > 20 * blank.count, "screenshot \(png.count) bytes, blank page \(blank.count)")
        // Printing: A4 pages.
        let pdf = dir.appendingPathComponent(UUID().uuidString + ".pdf").path
        _ = try Self.chromium(["--no-pdf-header-footer", "--print-to-pdf=" + pdf, url])
        let pdfData = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(pdfData.starts(with: Array("%PDF".utf8)))
        let text = String(decoding: pdfData, as: UTF8.self)
        let pages =
            text.components(separatedBy: "/Type /Page").count - text.components(separatedBy: "/Type /Pages").count
        #expect(pages >= 3, "\(pages) pages")
        // A4 is 595 × 842 points.
        #expect(text.contains("/MediaBox [0 0 595") || text.contains("/MediaBox [0 0 594.9"))
    }

    @Test(.enabled(if: chromium != nil || required)) func demoBulletinsRenderInChromium() throws {
        try #require(Self.chromium != nil, "Chromium is required (TALLY_BROWSER_TESTS=required) but not installed")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-browser-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(TallyCommand.runMain(["demo", "--dir", dir.path]) == 0)
        let zh = dir.appendingPathComponent("bulletin.html").path
        try check(
            zh, headings: ["一、主要指标", "二、各单位情况", "三、月度走势", "四、数据质量", "五、两来源比对估计", "六、专项行动进展"],
            dir: dir)
        // The data quality review the demo writes: its summary, the four domains and capture–recapture, with charts.
        let review = try Self.chromium([
            "--dump-dom", dir.appendingPathComponent("dqr.html").absoluteString,
        ])
        #expect(review.contains("<table id=\"summary-table\">"))
        for heading in ["摘要", "领域一：完整性与及时性", "领域二：内部一致性", "领域三：外部比较", "领域四：人口数据一致性", "两来源比对估计"] {
            #expect(review.contains("<h2>\(heading)</h2>"), "\(heading)")
        }
        #expect(review.components(separatedBy: "<svg ").count - 1 >= 5)
        let en = dir.appendingPathComponent("bulletin-en.html").path
        #expect(
            TallyCommand.runMain([
                "report", "--db", dir.appendingPathComponent("tally.sqlite").path, "--period", "202510..202601",
                "--campaign", "service_month", "--as-of", "2025-12-12", "--lang", "en", "--out", en,
            ]) == 0)
        try check(
            en,
            headings: [
                "1. Key figures", "2. The units one level down", "3. Monthly trend", "4. Data quality",
                "5. Capture–recapture estimate", "6. Campaign progress",
            ], dir: dir)
    }
}
