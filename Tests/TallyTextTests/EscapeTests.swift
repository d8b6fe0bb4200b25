import Testing

@testable import TallyText

/// Each escaping function on characters that Unicode joins to a neighbour: a `<` hidden in one `Character` with
/// them must be escaped all the same.
@Suite struct EscapeTests {
    /// Characters that join to the one after them (prepend) or to the one before them (extend, spacing marks,
    /// joiners, modifiers), and Hangul jamo, which join to each other.
    static let joiners: [(String, Unicode.Scalar)] = [
        ("ARABIC NUMBER SIGN (prepend)", "\u{0600}"),
        ("ZERO WIDTH JOINER", "\u{200D}"),
        ("COMBINING ACUTE ACCENT", "\u{0301}"),
        ("VARIATION SELECTOR-16", "\u{FE0F}"),
        ("DEVANAGARI SIGN VISARGA (spacing mark)", "\u{0903}"),
        ("HANGUL CHOSEONG KIYEOK", "\u{1100}"),
        ("HANGUL JUNGSEONG A", "\u{1161}"),
        ("EMOJI MODIFIER FITZPATRICK TYPE-1-2", "\u{1F3FB}"),
    ]
    static let specials: [Unicode.Scalar] = ["<", ">", "&", "\"", "'"]

    /// Every joiner before and after every special character, alone and inside markup-like text.
    static var samples: [String] {
        var out: [String] = []
        for (_, joiner) in joiners {
            for special in specials {
                let j = String(joiner)
                let s = String(special)
                out += [
                    j + s, s + j, j + s + j, "a" + j + s + "img src=x onerror=alert(1)" + j + ">",
                    "\u{1100}\u{1161}" + s,
                ]
            }
        }
        return out
    }

    /// The samples as one `Character` holding a special character: what a character-wise loop misses.
    @Test func theSamplesHideTheirSpecialCharacterInACharacter() {
        #expect("\u{0600}<".count == 1 && "\u{0600}<" != "<")
        #expect("<\u{0301}".count == 1 && "<\u{0301}".first != "<")
    }

    @Test(arguments: samples)
    func htmlEscapesEverySpecialScalar(_ sample: String) {
        let escaped = Escape.html(sample)
        for raw in Self.specials where raw != "&" { #expect(!escaped.unicodeScalars.contains(raw)) }
        #expect(entitiesOnly(escaped))
        #expect(Array(unescaped(escaped).unicodeScalars) == Array(sample.unicodeScalars))
    }

    @Test(arguments: samples)
    func xmlEscapesEverySpecialScalar(_ sample: String) {
        for escaped in [Escape.xmlText(sample), Escape.xmlAttribute(sample)] {
            for raw in Self.specials where raw != "&" { #expect(!escaped.unicodeScalars.contains(raw)) }
            #expect(entitiesOnly(escaped))
            #expect(Array(unescaped(escaped).unicodeScalars) == Array(sample.unicodeScalars))
        }
    }

    @Test(arguments: samples)
    func markdownEscapesEveryMarkupScalar(_ sample: String) {
        let escaped = Escape.markdown(sample)
        let scalars = Array(escaped.unicodeScalars)
        for (i, scalar) in scalars.enumerated() where "<>&".unicodeScalars.contains(scalar) {
            #expect(i > 0 && scalars[i - 1] == "\\", "\(escaped.debugDescription)")
        }
        #expect(Array(unescapedMarkdown(escaped).unicodeScalars) == Array(sample.unicodeScalars))
    }

    @Test func ordinaryTextIsUnchanged() {
        for text in ["", "云溪县统计简报", "Live births: 6; no figure (+42.9%).", "甲一村 · 202601", "👍🏽 e\u{301}"] {
            #expect(Escape.html(text) == text)
            #expect(Escape.xmlText(text) == text)
            #expect(Escape.xmlAttribute(text) == text)
            #expect(Escape.markdown(text) == text)
        }
    }

    @Test func htmlAndXMLWriteTheFiveEntities() {
        let text = "A&B <county> \"x\" 'y'"
        let expected = "A&amp;B &lt;county&gt; &quot;x&quot; &#39;y&#39;"
        #expect(Escape.html(text) == expected)
        #expect(Escape.xmlText(text) == expected)
        #expect(Escape.xmlAttribute(text) == expected)
    }

    /// XML 1.0 allows tab, line feed and carriage return among the C0 controls, and not U+FFFE or U+FFFF.
    @Test func xmlReplacesCharactersXMLDoesNotAllow() {
        let text = "a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g\u{FFFE}h\u{FFFF}i\u{F900}j\u{FFFD}"
        let expected = "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g\u{FFFD}h\u{FFFD}i\u{F900}j\u{FFFD}"
        #expect(Escape.xmlText(text) == expected)
        #expect(Escape.xmlAttribute(text) == expected)
        #expect(Escape.xmlText("1\t2\n3\r4") == "1\t2\n3&#13;4")
        #expect(Escape.xmlAttribute("1\t2\n3\r4") == "1&#9;2&#10;3&#13;4")
        // HTML keeps them: a browser shows or ignores them, and none makes markup.
        #expect(Escape.html("a\u{1}b\tc") == "a\u{1}b\tc")
    }

    @Test func markdownKeepsTextOnOneLineAndEscapesMarkup() {
        #expect(Escape.markdown("a\nb\r\nc") == "a b  c")
        #expect(
            Escape.markdown("*x* _y_ `z` [l](u) <b> # | & \\")
                == "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\<b\\> \\# \\| \\& \\\\")
    }

    // MARK: Reading back

    /// Whether every `&` in `text` starts one of the entities the functions write.
    func entitiesOnly(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#9;", "&#10;", "&#13;"].map {
            Array($0.unicodeScalars)
        }
        // Compared scalar by scalar: `hasPrefix` compares characters, and `";\u{200D}"` is one.
        for (i, scalar) in scalars.enumerated() where scalar == "&" {
            guard entities.contains(where: { scalars[i...].starts(with: $0) }) else { return false }
        }
        return true
    }

    /// `text` with the entities the functions write replaced, scalar by scalar.
    func unescaped(_ text: String) -> String {
        let entities: [(String, Unicode.Scalar)] = [
            ("amp;", "&"), ("lt;", "<"), ("gt;", ">"), ("quot;", "\""), ("#39;", "'"), ("#9;", "\t"),
            ("#10;", "\n"), ("#13;", "\r"),
        ]
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "&",
                let (name, scalar) = entities.first(where: { entity in
                    let name = Array(entity.0.unicodeScalars)
                    return scalars.count - i - 1 >= name.count && Array(scalars[(i + 1)...].prefix(name.count)) == name
                })
            {
                out.append(scalar)
                i += 1 + name.unicodeScalars.count
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// `text` with each backslash escape of ASCII punctuation replaced by the character, as CommonMark reads it.
    func unescapedMarkdown(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\\", i + 1 < scalars.count, scalars[i + 1].isASCII,
                "\\*_`[]<>#|&!\"'()+-.{}~=$%,/:;?@^".unicodeScalars.contains(scalars[i + 1])
            {
                out.append(scalars[i + 1])
                i += 2
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }
}

@Suite struct CSVFieldTests {
    @Test(arguments: ["\u{0600}", "\u{0301}", "\u{200D}", "\u{FE0F}"])
    func joinedCharactersCannotHideAQuoteOrAComma(joiner: String) {
        // Each joins with the quote or comma after it into one Character; the scalars still need quoting.
        #expect(Escape.csvField("\(joiner),x") == "\"\(joiner),x\"")
        #expect(Escape.csvField("a\"\(joiner)b") == "\"a\"\"\(joiner)b\"")
        #expect(Escape.csvField("\(joiner)\"") == "\"\(joiner)\"\"\"")
        #expect(Escape.csvField("line\(joiner)\nnext") == "\"line\(joiner)\nnext\"")
    }

    @Test func plainFieldsAreUnchangedAndSpacesQuotedOnRequest() {
        #expect(Escape.csvField("云溪县") == "云溪县")
        #expect(Escape.csvField(" padded ") == " padded ")
        #expect(Escape.csvField(" padded ", quotingSurroundingSpaces: true) == "\" padded \"")
        #expect(Escape.csvField("") == "")
    }
}
