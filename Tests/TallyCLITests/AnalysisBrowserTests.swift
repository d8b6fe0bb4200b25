import Foundation
import TallyInterchange
import TallyServerTesting
import Testing

/// The analysis page (`/analysis`) of `tally serve` on the demo county (with its boundaries) in a real headless
/// Chromium, on a desktop (1366 px) and a phone (390 px): the county's analyst opens it from the menu, builds a pivot
/// of three indicators × the towns × two months, downloads the workbook — read back cell for cell against `tally
/// query --format json` of the same state — and draws the birth rate of a reporting year as a map with one path per
/// town and a legend. No page is wider than the screen; the wide table scrolls inside its own box, and the chart's
/// labels stay at least 10 px. On SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL; screenshots in
/// `TALLY_SCREENSHOTS/<backend>/analysis-*.png` when set.
@Suite(.serialized) struct AnalysisBrowserTests {
    /// The demo county of ``ReportingBrowserTests/demo(_:_:)``, with its boundaries imported into PostgreSQL too
    /// (the SQLite demo has them already).
    static func demo(_ db: String, _ dir: URL) throws {
        try ReportingBrowserTests.demo(db, dir)
        guard db.hasPrefix("postgres") else { return }
        let (status, output) = try ServeBrowserTests.run(
            ["orgunits", "geometry", "--db", db, dir.appendingPathComponent("demo/boundaries.geojson").path])
        try #require(status == 0, "tally orgunits geometry: \(output)")
    }

    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func anAnalystBuildsAPivotDownloadsItAndDrawsAMap(_ backend: TestBackend) throws {
        let password = "analyst-password-2026"
        let served = try ServedCounty(backend, users: [], create: Self.demo)
        defer { served.close() }
        let rows = try String(contentsOf: served.dir.appendingPathComponent("demo/orgunits.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
        let county = try #require(rows.first { $0.count >= 3 && $0[2].isEmpty })
        let towns = rows.filter { $0.count >= 3 && $0[2] == county[0] }.map { $0[0] }
        let (status, output) = try ServeBrowserTests.run(
            ["user", "add", "county.analyst", "--role", "analyst", "--orgunit", county[0], "--db", served.db],
            input: password + "\n")
        try #require(status == 0, "tally user add: \(output)")
        // The same state through the command line: three indicators × the towns × two months, a unit per row.
        let subjects = ["cbr", "srb", "order3_share"]
        let (queried, json) = try ServeBrowserTests.run(
            [
                "query", "--db", served.db, "--children", "--period", "202510", "--period", "202511", "--rows", "unit",
                "--columns", "subject", "--format", "json",
            ] + subjects.flatMap { ["--indicator", $0] })
        try #require(queried == 0, "tally query: \(json)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(expected.count == towns.count * 2)
        // The figures as written (Foundation's JSON reader does not always read a double back to the same bits):
        // each object is one line, `"values": {"cbr":10.617378758261193,…}`.
        let figures = json.split(separator: "\n").filter { $0.contains("\"values\"") }.map { line in
            Dictionary(
                uniqueKeysWithValues: subjects.map { code -> (String, Double?) in
                    guard let start = line.range(of: "\"\(code)\":")?.upperBound else { return (code, nil) }
                    return (code, Double(line[start...].prefix { $0 != "," && $0 != "}" }))
                })
        }
        #expect(figures.count == expected.count)

        for (width, height) in [(1366, 900), (390, 844)] {
            let tab = try served.signedIn("county.analyst", password: password, width: width, height: height)
            try tab.clickAndWait("header a[href='/analysis']")
            #expect(try tab.text("h1") == "数据分析")
            try served.fits(tab, width, "the empty analysis page")
            try served.shoot(tab, "analysis-\(width)-1-form")
            // The pivot: three indicators, the county's children, two months; units down, subjects across.
            for code in subjects { try tab.click("#indicators input[value=\(code)]") }
            _ = try tab.evaluate(
                """
                (() => { const f = document.querySelector('#analysis');
                  f.querySelector('select[name=scope]').value = 'children';
                  f.querySelector('textarea[name=period]').value = '202510\\n202511';
                  f.querySelector('select[name=rows]').value = 'unit';
                  f.querySelector('select[name=columns]').value = 'subject'; })()
                """)
            try tab.clickAndWait("#analysis button[type=submit]")
            #expect(tab.url.contains("indicator=cbr&indicator=srb&indicator=order3_share"), "\(tab.url)")
            let shownRows = try tab.evaluate("document.querySelectorAll('#pivot tbody tr').length") as? Int ?? 0
            #expect(shownRows == towns.count * 2)
            try served.fits(tab, width, "the pivot")
            // The wide table scrolls inside its own box on a phone, with the cue shown.
            if width == 390 {
                let box =
                    try tab.evaluate(
                        "(() => { const b = document.querySelector('#tablebox'); return [b.scrollWidth, b.clientWidth]; })()"
                    ) as? [Any] ?? []
                let (inner, outer) = ((box.first as? NSNumber)?.intValue ?? 0, (box.last as? NSNumber)?.intValue ?? 0)
                #expect(inner > outer, "the table (\(inner) px) scrolls in its box (\(outer) px)")
                let cue =
                    try tab.evaluate("getComputedStyle(document.querySelector('.scroll-hint')).display") as? String
                #expect(cue == "block")
            }
            try served.shoot(tab, "analysis-\(width)-2-pivot")
            // The workbook of the download link, read back cell for cell against the command line's JSON.
            let encoded = try #require(
                try tab.evaluate(
                    """
                    fetch(document.querySelector('#download-xlsx').href, {credentials: 'same-origin'})
                      .then(r => r.arrayBuffer()).then(b => { let s = ''; const a = new Uint8Array(b);
                        for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]); return btoa(s); })
                    """) as? String)
            let workbook = try Workbook(bytes: [UInt8](try #require(Data(base64Encoded: encoded))), file: "query.xlsx")
            let reader = try workbook.sheet()
            var sheet: [WorksheetRow] = []
            while let row = try reader.next() { sheet.append(row) }
            #expect(sheet.first?.cells.map(\.text) == ["单位代码", "名称", "层级", "期间", "出生率 ‰", "出生性别比", "多孩率 %"])
            #expect(sheet.count == expected.count + 1)
            var compared = 0
            for (row, (object, values)) in zip(sheet.dropFirst(), zip(expected, figures)) {
                #expect(row.cell(0)?.text == object["orgunit"] as? String)
                #expect(row.cell(1)?.text == object["name"] as? String)
                #expect(row.cell(3)?.text == object["period"] as? String)
                for (i, code) in subjects.enumerated() {
                    let figure = values[code] ?? nil
                    let cell = row.cell(4 + i)
                    #expect(cell?.kind == (figure == nil ? nil : .number), "\(code) of \(row.number)")
                    #expect(cell.flatMap { Double($0.text) } == figure, "\(code) of \(row.number)")
                    compared += 1
                }
            }
            #expect(compared == towns.count * 2 * 3)
            try Self.downloadsThePNG(tab, served: served, name: "analysis-\(width)-chart-download")

            // The map: the birth rate of the reporting year 2025/26 by town.
            for code in subjects.dropFirst() { try tab.click("#indicators input[value=\(code)]") }
            _ = try tab.evaluate("document.querySelector('#analysis textarea[name=period]').value = '2025Oct'")
            try tab.clickAndWait("#analysis button[type=submit]")
            #expect(try tab.evaluate("document.querySelector('#chart')?.dataset.kind") as? String == "map")
            let paths =
                try tab.evaluate(
                    "[...document.querySelectorAll('#chart svg path[data-unit]')].map(p => p.dataset.unit)")
                as? [String]
                ?? []
            #expect(paths.sorted() == towns.sorted())
            let legend =
                try tab.evaluate("document.querySelectorAll('#chart svg rect[stroke-width=\"0.5\"]').length") as? Int
            #expect((legend ?? 0) >= 2, "the map has a legend")
            // The smallest label as drawn on the screen.
            let smallest =
                try tab.evaluate(
                    """
                    (() => { const s = document.querySelector('#chart svg');
                      const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
                      return Math.min(...[...s.querySelectorAll('text')].map(t =>
                        parseFloat(getComputedStyle(t).fontSize) * scale)); })()
                    """) as? NSNumber
            #expect((smallest?.doubleValue ?? 0) >= 10, "chart labels at \(width) px: \(smallest ?? 0) px")
            try served.fits(tab, width, "the map")
            try served.shoot(tab, "analysis-\(width)-3-map")
        }
    }

    /// Clicks "download PNG" and reads the file Chromium saves: a PNG (its eight-byte signature) twice the chart's
    /// width and height (its IHDR), and more than a blank canvas would weigh.
    /// The file is kept as `name`.png beside the screenshots when `TALLY_SCREENSHOTS` is set.
    static func downloadsThePNG(_ tab: HeadlessChromium.Tab, served: ServedCounty, name: String) throws {
        let folder = served.dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try tab.command("Page.setDownloadBehavior", ["behavior": "allow", "downloadPath": folder.path])
        #expect(try tab.evaluate("document.querySelector('#download-png').hidden") as? Bool == false)
        let size =
            try tab.evaluate(
                "(() => { const b = document.querySelector('#chart svg').viewBox.baseVal; return [b.width, b.height]; })()"
            ) as? [NSNumber] ?? []
        try tab.click("#download-png")
        var file: URL?
        let deadline = Date().addingTimeInterval(20)
        while file == nil && Date() < deadline {
            file = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .first { $0.pathExtension == "png" }
            if file == nil { usleep(100_000) }
        }
        let saved = try #require(file, "no PNG was saved")
        #expect(saved.lastPathComponent.hasPrefix("query-") && saved.lastPathComponent.hasSuffix(".png"))
        let bytes = [UInt8](try Data(contentsOf: saved))
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")
        func be32(_ at: Int) -> Int { bytes.count < at + 4 ? 0 : bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(size.count == 2)
        if size.count == 2 {
            #expect(be32(16) == Int((size[0].doubleValue * 2).rounded(.up)), "width \(be32(16)) for \(size[0])")
            #expect(be32(20) == Int((size[1].doubleValue * 2).rounded(.up)), "height \(be32(20)) for \(size[1])")
        }
        #expect(bytes.count > 10_000, "a PNG of \(bytes.count) bytes")
        if let root = ProcessInfo.processInfo.environment["TALLY_SCREENSHOTS"] {
            let shots = URL(fileURLWithPath: root).appendingPathComponent(served.backend.rawValue)
            try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
            try Data(bytes).write(to: shots.appendingPathComponent(name + ".png"))
        }
    }
}
