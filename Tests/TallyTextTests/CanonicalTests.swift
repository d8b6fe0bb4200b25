import TallyText
import Testing

@Suite struct CanonicalTests {
    @Test(arguments: [
        (" 360121101201", "360121101201"),
        ("360121000000\t", "360121000000"),
        ("\u{3000}births\u{00A0}", "births"),
        ("\r\nbirths\n", "births"),
        ("births", "births"),
        ("", ""),
        ("   ", ""),
    ])
    func trimsEveryKindOfSpaceAtTheEnds(input: String, expected: String) throws {
        #expect(try Canonical.canonical(input, as: .code) == expected)
    }

    @Test func normalisesToNFC() throws {
        let decomposed = "Cafe\u{0301}"  // e + combining acute
        let canonical = try Canonical.canonical(decomposed, as: .name)
        #expect(Array(canonical.unicodeScalars) == Array("Caf\u{00E9}".unicodeScalars))
        // The CJK compatibility ideograph U+F900 becomes U+8C48 under NFC.
        #expect(Array(try Canonical.canonical("\u{F900}", as: .name).unicodeScalars) == ["\u{8C48}"])
    }

    @Test(arguments: [
        ("victim\u{0}x", CanonicalError.Reason.nul, 7),
        ("a\u{1}b", .control, 2),
        ("a\u{7F}", .control, 2),
        ("a\u{85}b", .control, 2),
        ("a\u{9B}b", .control, 2),
        ("ab\tc", .control, 3),
        ("ab\nc", .control, 3),
        ("a\u{2028}b", .lineSeparator, 2),
        ("a\u{202E}b", .bidiControl, 2),
        ("\u{2066}a", .bidiControl, 1),
        ("a\u{200B}b", .zeroWidth, 2),
        ("a\u{200D}b", .zeroWidth, 2),
        ("a\u{FEFF}b", .zeroWidth, 2),
    ])
    func refusesHiddenCharactersInCodes(input: String, reason: CanonicalError.Reason, position: Int) {
        #expect(throws: CanonicalError.self) { try Canonical.canonical(input, as: .code) }
        do {
            _ = try Canonical.canonical(input, as: .code)
        } catch {
            #expect(error.reason == reason)
            #expect(error.position == position)
            #expect(error.errorCode == "text.\(reason.rawValue)")
            #expect(error.englishMessage(field: "'orgunit'").contains("U+"))
            #expect(error.chineseMessage(field: "'orgunit'").contains("字符"))
        }
    }

    @Test func freeTextKeepsLineBreaksAndJoinersButNotControls() throws {
        #expect(try Canonical.canonical(" line one\nline two\t ", as: .text) == "line one\nline two")
        #expect(try Canonical.canonical("👩\u{200D}💻", as: .text) == "👩\u{200D}💻")
        #expect(throws: CanonicalError.self) { try Canonical.canonical("a\u{0}b", as: .text) }
        #expect(throws: CanonicalError.self) { try Canonical.canonical("a\u{202E}b", as: .text) }
        #expect(throws: CanonicalError.self) { try Canonical.canonical("a\u{1B}[31m", as: .text) }
    }

    /// A text value of one line refuses tabs and line breaks inside; one of several lines keeps line feeds, turning
    /// `\r\n` and `\r` into them, and refuses tabs; both keep joiners and are trimmed and in NFC.
    @Test func textValuesOfOneOrSeveralLines() throws {
        #expect(try Canonical.canonical(" Cafe\u{301} ", as: .line) == "Caf\u{e9}")
        #expect(try Canonical.canonical("👩\u{200D}💻", as: .line) == "👩\u{200D}💻")
        for bad in ["a\nb", "a\tb", "a\rb", "a\u{2028}b", "a\u{7}b"] {
            #expect(throws: CanonicalError.self, "\(bad.debugDescription)") { try Canonical.canonical(bad, as: .line) }
        }
        #expect(try Canonical.canonical("一\r\n二\r三\n四\r\n", as: .lines) == "一\n二\n三\n四")
        #expect(try Canonical.canonical("\n  indented\n\nlast  \n", as: .lines) == "indented\n\nlast")
        for bad in ["a\tb", "a\u{2029}b", "a\u{0}b", "a\u{202E}b"] {
            #expect(throws: CanonicalError.self, "\(bad.debugDescription)") { try Canonical.canonical(bad, as: .lines) }
        }
    }

    @Test func chineseNamesAreKept() throws {
        #expect(try Canonical.canonical(" 李明 ", as: .code) == "李明")
        #expect(try Canonical.canonical("云溪街道", as: .name) == "云溪街道")
    }

    @Test func aRefusedCharacterAtTheEndIsRefusedNotTrimmed() {
        // A NUL at the end is not white space: refused, so "victim\0" never becomes "victim".
        #expect(throws: CanonicalError.self) { try Canonical.canonical("victim\u{0}", as: .code) }
        #expect(throws: CanonicalError.self) { try Canonical.canonical("births\u{200B}", as: .code) }
    }
}
