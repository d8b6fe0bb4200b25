import TallyIO
import Testing

@testable import TallyInterchange

@Suite struct JSONTokenizerTests {
    func tokens(_ text: String) throws(JSONError) -> [JSONToken] {
        let t = JSONTokenizer(input: TextInput(bytes: Array(text.utf8), name: "t.json"))
        var out: [JSONToken] = []
        while let token = try t.next() { out.append(token) }
        return out
    }

    func error(_ text: String, maxDepth: Int = 64) -> JSONError? {
        let t = JSONTokenizer(input: TextInput(bytes: Array(text.utf8), name: "t.json"), maxDepth: maxDepth)
        do {
            while try t.next() != nil {}
        } catch {
            return error
        }
        return nil
    }

    @Test func readsEveryKindOfToken() throws {
        let t = try tokens(#"{"a": [1, -2.5e3, "x\"\n\u00e9\ud83d\ude00", true, false, null], "b": {}}"#)
        #expect(
            t == [
                .beginObject, .key("a"), .beginArray, .number("1"), .number("-2.5e3"), .string("x\"\né😀"), .bool(true),
                .bool(false), .null, .endArray, .key("b"), .beginObject, .endObject, .endObject,
            ])
    }

    @Test(
        "syntax errors name the line and column",
        arguments: [
            ("{\"a\": 1,\n \"b\" 2}", 2, 6, "expected ':'"),
            ("{\"a\": [1, 2,]}", 1, 13, "trailing comma"),
            ("{\"a\": 1,}", 1, 9, "trailing comma"),
            ("{\"a\": 01}", 1, 9, "may not start with 0"),
            ("{\"a\": \"open", 1, 7, "not closed"),
            ("{\"a\": tru}", 1, 7, "expected a value"),
            ("{} {}", 1, 4, "after the end"),
            ("", 1, 1, "ends where a value"),
            ("{\"a\": \"\\x\"}", 1, 10, "not a JSON escape"),
            ("[\"a\nb\"]", 1, 4, "line break inside a string"),
        ])
    func syntaxError(text: String, line: Int, column: Int, detail: String) {
        let e = error(text)
        #expect(e?.code == .syntax)
        #expect(e?.line == line)
        #expect(e?.column == column)
        #expect(e?.detail.contains(detail) == true, "\(e?.detail ?? "no error")")
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(error(deep)?.code == .tooDeep)
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(error(ok) == nil)
        // A million brackets fail fast, without recursion.
        #expect(error(String(repeating: "[", count: 1_000_000))?.code == .tooDeep)
    }

    @Test func gbkBytesInAStringSayHowToImport() throws {
        var bytes = Array("{\"comment\": \"".utf8)
        bytes += TextEncoding.gbk.encode("青石镇")!
        bytes += Array("\"}".utf8)
        let t = JSONTokenizer(input: TextInput(bytes: bytes, name: "g.json"))
        var caught: JSONError?
        do { while try t.next() != nil {} } catch { caught = error }
        #expect(caught?.code == .encoding)
        #expect(caught?.detail.contains("--encoding gbk") == true)
    }
}

@Suite struct XMLTokenizerTests {
    func events(_ text: String) throws(XMLError) -> [XMLEvent] {
        let t = XMLTokenizer(input: TextInput(bytes: Array(text.utf8), name: "t.xml"))
        var out: [XMLEvent] = []
        while let e = try t.next() { out.append(e) }
        return out
    }

    func error(_ text: String) -> XMLError? {
        do {
            _ = try events(text)
        } catch {
            return error
        }
        return nil
    }

    @Test func readsElementsAttributesTextEntitiesCDATAAndComments() throws {
        let e = try events(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment with <tags> -->
            <a x="1 &lt; 2 &amp; &#x41;&#66;" y='&quot;q&apos;'>
              <b/>text &gt; here<![CDATA[<raw> & ]]><c>中文</c>
            </a>
            """)
        #expect(
            e == [
                .start(
                    "a", [XMLAttribute(name: "x", value: "1 < 2 & AB"), XMLAttribute(name: "y", value: "\"q'")],
                    selfClosing: false),
                .start("b", [], selfClosing: true), .text("text > here"), .text("<raw> & "),
                .start("c", [], selfClosing: false), .text("中文"), .end("c"), .end("a"),
            ])
    }

    @Test(
        "DOCTYPE, ENTITY and unknown entities are refused, never expanded",
        arguments: [
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<adx>&lol2;</adx>",
            "<!ENTITY x SYSTEM \"file:///etc/passwd\"><adx/>",
            "<adx>&xxe;</adx>",
            "<adx a=\"&lol;\"/>",
        ])
    func refusesDeclarationsAndEntities(text: String) {
        #expect(error(text)?.code == .forbiddenDeclaration)
    }

    @Test(
        "syntax errors name the line and column",
        arguments: [
            ("<a>\n  <b></c>\n</a>", 2, 6, "does not match <b>"),
            ("<a>\n<b>", 2, 4, "is closed"),
            ("<a x=1/>", 1, 6, "in quotes"),
            ("<a x=\"1\" x=\"2\"/>", 1, 15, "appears twice"),
            ("<a/><b/>", 1, 7, "second root"),
            ("text", 1, 1, "outside the root"),
            ("<a><!-- open", 1, 4, "not closed"),
            ("<a>&</a>", 1, 9, "entity"),
        ])
    func syntaxError(text: String, line: Int, column: Int, detail: String) {
        let e = error(text)
        #expect(e?.line == line)
        #expect(e?.column == column)
        #expect(e?.detail.contains(detail) == true, "\(e?.detail ?? "no error")")
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "<a>", count: 65) + String(repeating: "</a>", count: 65)
        #expect(error(deep)?.code == .tooDeep)
        #expect(error(String(repeating: "<a>", count: 64) + String(repeating: "</a>", count: 64)) == nil)
    }
}
