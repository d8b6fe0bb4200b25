import Testing

@testable import TallyText

@Suite struct LogTextTests {
    @Test func controlAndHiddenCharactersAreEscapedOnOneLine() {
        #expect(
            LogText.escaped("eve\n2026 info signed in\r\0\u{1B}[31m")
                == #"eve\u{A}2026 info signed in\u{D}\u{0}\u{1B}[31m"#)
        #expect(
            LogText.escaped("a\tb\u{7F}\u{85}\u{2028}\u{202E}\u{200B}")
                == #"a\u{9}b\u{7F}\u{85}\u{2028}\u{202E}\u{200B}"#)
        // A backslash is doubled, so an escape in the input cannot pass for one made here.
        #expect(LogText.escaped(#"a\u{A}"#) == #"a\\u{A}"#)
        // Text people read is kept as it is.
        #expect(LogText.escaped("李明 José") == "李明 José")
    }

    @Test func longTextIsCut() {
        #expect(LogText.escaped(String(repeating: "x", count: 500)).count == LogText.defaultLength + 1)
        #expect(LogText.escaped("abcdef", length: 3) == "abc…")
        #expect(LogText.escaped("abc", length: 3) == "abc")
    }
}
