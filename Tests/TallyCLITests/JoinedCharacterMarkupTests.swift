import Foundation
import Tally
import TallyCLI
import TallyCore
import TallyInterchange
import TallyStore
import Testing

/// Names and texts whose `<` is joined to a character before it (U+0600 ARABIC NUMBER SIGN is a prepend character,
/// so `"\u{0600}<"` is one `Character`) come out of every writer as text, never as markup: the bulletin's HTML,
/// Markdown and SVG files, the ADX export and the workbooks.
@Suite(.serialized) struct JoinedCharacterMarkupTests {
    static let image = "\u{0600}<img src=x onerror=alert(1)>"
    static let refresh = "\u{0600}<meta http-equiv=refresh content=\"0;url=https://evil.example/\">"
    static let elementName = "\u{0600}<img src=x onerror=alert(2)>"

    /// The small county of ``Scratch`` with the county, town A and village a1 named to inject markup, births named
    /// likewise, and a value commented with such a text.
    func prepared() throws -> Scratch {
        let s = try Scratch()
        let quoted = "\"" + Self.refresh.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        try s.write(
            "orgunits.csv",
            "code,name,parent\nC,\(Self.image),\nA,\(quoted),C\na1,\(Self.image),A\na2,下溪村,A\nB,白沙乡,C\nb1,沙头村,B\n")
        let metadata = try String(contentsOfFile: s.path("tally.yaml"), encoding: .utf8)
        try s.write(
            "tally.yaml",
            metadata.replacingOccurrences(
                of: "births: {name: {en: Live births, zh: 出生数}",
                with:
                    "births: {name: {en: \"\\u0600<img src=x onerror=alert(2)>\", zh: \"\\u0600<img src=x onerror=alert(2)>\"}"
            ))
        try s.write(
            "comments.csv",
            "dataelement,period,orgunit,categoryoptioncombo,value,storedby,comment\n"
                + "births,202510,a1,male,3,\(Self.image),\(quoted)\n")
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        #expect(s.run(["import", "--db", s.db, s.path("comments.csv")]) == 0)
        return s
    }

    @Test func bulletinHTMLMarkdownAndChartsHoldTheNamesAsText() throws {
        let s = try prepared()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        for language in ["zh", "en"] {
            let html = s.path("\(language)/bulletin.html")
            #expect(
                s.run(["report", "--db", s.db, "--period", "202510", "--lang", language, "--out", html]) == 0)
            let page = try String(contentsOfFile: html, encoding: .utf8)
            expectNoInjectedMarkup(page, "bulletin.html (\(language))")
            #expect(bytes(page, contain: "&lt;img src=x onerror=alert(1)&gt;"))
            #expect(bytes(page, contain: "&lt;img src=x onerror=alert(2)&gt;"))
            #expect(
                bytes(page, contain: "&lt;meta http-equiv=refresh content=&quot;0;url=https://evil.example/&quot;&gt;"))
            let md = s.path("\(language)/b.md")
            #expect(
                s.run([
                    "report", "--db", s.db, "--period", "202510", "--lang", language, "--format", "md", "--out", md,
                ]) == 0)
            let text = try String(contentsOfFile: md, encoding: .utf8)
            // In Markdown a `<` is text when a backslash escapes it.
            #expect(!unescaped(text, "<img"), "b.md (\(language)) holds a raw <img")
            #expect(!unescaped(text, "<meta http-equiv"), "b.md (\(language)) holds a raw <meta")
            #expect(bytes(text, contain: "\\<img src=x onerror=alert(1)\\>"))
            for chart in ["ranked", "trend"] {
                let svg = try String(contentsOfFile: s.path("\(language)/b-\(chart).svg"), encoding: .utf8)
                expectNoInjectedMarkup(svg, "b-\(chart).svg (\(language))")
                #expect(bytes(svg, contain: "&lt;"), "b-\(chart).svg (\(language)) names none of the units or elements")
            }
        }
    }

    @Test func adxExportHoldsTheCommentAsText() throws {
        let s = try prepared()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(
            s.run(["export", "--db", s.db, "--format", "adx", "--orgunit", "A", "--out", s.path("a.adx.xml")]) == 0)
        let adx = try String(contentsOfFile: s.path("a.adx.xml"), encoding: .utf8)
        expectNoInjectedMarkup(adx, "a.adx.xml")
        // It reads back: the comment is the text written.
        let fresh = s.path("fresh.sqlite")
        #expect(
            s.run(["init", "--db", fresh, "--metadata", s.path("tally.yaml"), "--orgunits", s.path("orgunits.csv")])
                == 0)
        #expect(s.run(["import", "--db", fresh, s.path("a.adx.xml")]) == 0)
        let store = try Workspace.open(path: fresh).store
        let catalog = try store.catalog()
        let period = try #require(catalog.periods.first { $0.value.identifier == "202510" }?.key)
        let stored = try store.value(
            ValueKey(
                element: try #require(catalog.elements["births"]), period: period,
                orgUnit: try #require(catalog.orgUnits["a1"]), combo: try #require(catalog.combos["male"])))
        #expect(stored?.comment == Self.refresh)
    }

    @Test func workbooksHoldTheNamesAsText() throws {
        let s = try prepared()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.run(["export", "--db", s.db, "--format", "xlsx", "--orgunit", "A", "--out", s.path("a.xlsx")]) == 0)
        #expect(
            s.run([
                "query", "--db", s.db, "--indicator", "srb", "--period", "202510", "--children", "--format", "xlsx",
                "--out", s.path("q.xlsx"),
            ]) == 0)
        for file in ["a.xlsx", "q.xlsx"] {
            let sheet = try unzipped(s.path(file), "xl/worksheets/sheet1.xml")
            expectNoInjectedMarkup(sheet, file)
        }
        // Each text reads back as written.
        let values = try Workbook(path: s.path("a.xlsx")).sheet()
        var texts: [String] = []
        while let row = try values.next() { texts += row.texts() }
        #expect(texts.contains(Self.refresh))
        let query = try Workbook(path: s.path("q.xlsx")).sheet()
        var names: [String] = []
        while let row = try query.next() { names += row.texts() }
        #expect(names.contains(Self.refresh))
    }

    /// `path`'s entry `entry`, through the `unzip` program.
    func unzipped(_ path: String, _ entry: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-p", path, entry]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Whether `text` holds `part`, compared as UTF-8 bytes: `String.contains` compares characters, and would not find
/// `<img` in `"\u{0600}<img"`, whose first character is `"\u{0600}<"`.
func bytes(_ text: String, contain part: String) -> Bool {
    Array(text.utf8).firstRange(of: Array(part.utf8)) != nil
}

/// Whether `text` holds `part` without a backslash before it, compared as UTF-8 bytes.
func unescaped(_ text: String, _ part: String) -> Bool {
    let bytes = Array(text.utf8)
    let part = Array(part.utf8)
    var start = bytes.startIndex
    while let range = bytes[start...].firstRange(of: part) {
        if range.lowerBound == bytes.startIndex || bytes[range.lowerBound - 1] != UInt8(ascii: "\\") { return true }
        start = range.upperBound
    }
    return false
}

/// Expects no `<img` and no `<meta http-equiv` in `text`.
func expectNoInjectedMarkup(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!bytes(text, contain: "<img"), "\(what) holds a raw <img", sourceLocation: sourceLocation)
    #expect(!bytes(text, contain: "<meta http-equiv"), "\(what) holds a raw <meta", sourceLocation: sourceLocation)
}
