import Foundation
import Testing

@testable import TallyText

/// The one JSON string, YAML scalar, CSV field and exact number every writer uses.
@Suite struct TextPrimitiveTests {
    @Test func jsonStrings() {
        #expect(Escape.json("") == #""""#)
        #expect(Escape.json("births") == #""births""#)
        #expect(Escape.json(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
        #expect(Escape.json("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(Escape.json("\u{0}\u{1}\u{1F}") == #""\u0000\u0001\u001f""#)
        // Everything from U+0020 up stays as it is, also DEL and a character that joins a quote; the line and paragraph
        // separators, which end a line in older JavaScript, are escaped.
        #expect(Escape.json("出生数 \u{7F}\u{2028}") == #""出生数 \#u{7F}\u2028""#)
        #expect(Escape.json("\u{0301}\"") == "\"\u{0301}\\\"\"")
    }

    /// Any text, control characters and joining marks included, reads back from JSON as the same text.
    @Test func jsonReadsBack() throws {
        var generator = SystemRandomNumberGenerator()
        let pool: [Unicode.Scalar] = [
            "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1B}", "a", "中", "\u{0301}", "\u{2028}",
        ]
        for _ in 0..<200 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                text.append(pool.randomElement(using: &generator)!)
            }
            let original = String(text)
            let data = Data("[\(Escape.json(original))]".utf8)
            let decoded = try #require(try JSONSerialization.jsonObject(with: data) as? [String])
            #expect(decoded == [original])
        }
    }

    @Test func yamlScalars() {
        #expect(Escape.yaml("Live births") == #""Live births""#)
        #expect(Escape.yaml("yes") == #""yes""#)
        #expect(Escape.yaml("a: b # c") == #""a: b # c""#)
        #expect(Escape.yaml(##"#{abc}"d\e"##) == ##""#{abc}\"d\\e""##)
        #expect(Escape.yaml("a\nb\tc") == #""a\nb\tc""#)
        // CR and the other control characters as \xXX, two lowercase hex digits.
        #expect(Escape.yaml("a\rb\u{1}\u{1F}") == #""a\x0db\x01\x1f""#)
        #expect(Escape.yaml("疟疾 ") == "\"疟疾 \"")
    }

    @Test func csvFields() {
        #expect(Escape.csvField("青石镇") == "青石镇")
        #expect(Escape.csvField("a,b") == "\"a,b\"")
        #expect(Escape.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(Escape.csvField("two\nlines") == "\"two\nlines\"")
        #expect(Escape.csvField(" padded ") == " padded ")
        #expect(Escape.csvField(" padded ", quotingSurroundingSpaces: true) == "\" padded \"")
    }

    @Test func exactNumbers() {
        #expect(NumberText.exact(212) == "212")
        #expect(NumberText.exact(-3) == "-3")
        #expect(NumberText.exact(-0.0) == "0")
        #expect(NumberText.exact(2700.0 / 23) == "117.3913043478261")
        #expect(NumberText.exact(0.1) == "0.1")
        #expect(NumberText.exact(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberText.exact(1e-5) == "1e-05")
        #expect(NumberText.exact(999_999_999_999_999) == "999999999999999")
        // From 10^15 on, whole numbers keep Swift's form, which reads back the same.
        #expect(NumberText.exact(1e15) == "1000000000000000.0")
        #expect(NumberText.exact(1e16) == "1e+16")
    }

    /// Every finite number reads back as the same `Double`.
    @Test func exactNumbersReadBack() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            guard value.isFinite else { continue }
            #expect(Double(NumberText.exact(value)) == value)
        }
    }
}
