import Testing

@testable import TallyText

@Suite struct EscapeJSONTests {
    @Test func quotesAndEscapes() {
        #expect(Escape.json("") == "\"\"")
        #expect(Escape.json("云溪县") == "\"云溪县\"")
        #expect(Escape.json("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(Escape.json("1\n2\r3\t4") == "\"1\\n2\\r3\\t4\"")
        #expect(Escape.json("\u{0}\u{1F}\u{7F}") == "\"\\u0000\\u001f\u{7F}\"")
        #expect(Escape.json("a\u{2028}b\u{2029}") == "\"a\\u2028b\\u2029\"")
        // A combining mark after a quote does not hide the quote.
        #expect(Escape.json("\"\u{301}") == "\"\\\"\u{301}\"")
    }
}
