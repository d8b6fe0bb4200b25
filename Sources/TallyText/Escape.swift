/// The one escaping of text for each language Tally writes: HTML, XML (SVG, ADX, SpreadsheetML), Markdown, CSV, JSON
/// and YAML.
///
/// Every function walks the text's Unicode scalars, never its `Character`s. A `Character` is an extended grapheme
/// cluster, and Unicode joins some characters to their neighbour: U+0600 ARABIC NUMBER SIGN is a prepend character,
/// so `"\u{0600}<"` is one `Character` that is not equal to `"<"`, and a combining mark, a zero-width joiner, a
/// variation selector or an emoji modifier joins `"<"` to what follows it. A loop over characters that compares each
/// with `"<"` lets such a `<` through unescaped; a browser or an XML parser reads it as markup all the same.
///
/// Text that needs no escaping is returned as it is, found by one pass over its UTF-8 bytes.
public enum Escape {
    /// `text` for HTML: element content, or an attribute value in double or single quotes.
    ///
    /// `&`, `<`, `>`, `"` and `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`; every other character is
    /// kept. One function serves content and attributes, so a caller cannot pick the one that is wrong for where
    /// the text lands. An unquoted attribute value is not covered: write every attribute in quotes.
    public static func html(_ text: String) -> String {
        guard needsEscaping(text, xml: false) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let entity = markupEntity(scalar) {
                out.append(contentsOf: entity.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` for XML 1.0 element content (SVG `<text>` and `<title>`, an ADX annotation, a SpreadsheetML cell).
    ///
    /// Escapes as ``html(_:)`` does, writes a carriage return as `&#13;` so that line-end handling keeps it, and
    /// replaces each character XML 1.0 does not allow — the C0 controls other than tab, line feed and carriage
    /// return, U+FFFE and U+FFFF — with U+FFFD REPLACEMENT CHARACTER, so the document stays well-formed.
    public static func xmlText(_ text: String) -> String {
        xml(text, attribute: false)
    }

    /// `text` for an XML 1.0 attribute value in double or single quotes.
    ///
    /// As ``xmlText(_:)``, and a tab and a line feed are written as `&#9;` and `&#10;`, which a parser's
    /// attribute-value normalisation would otherwise turn into spaces.
    public static func xmlAttribute(_ text: String) -> String {
        xml(text, attribute: true)
    }

    /// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote, CR or LF — and, with
    /// `quotingSurroundingSpaces`, a leading or trailing space (which some readers trim). Works on Unicode
    /// scalars: a character that joins with the next (U+0301 after a quote) cannot hide a quote or a comma.
    public static func csvField(_ text: String, quotingSurroundingSpaces: Bool = false) -> String {
        let utf8 = text.utf8
        let special = utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A })
        let spaced = quotingSurroundingSpaces && (utf8.first == 0x20 || utf8.last == 0x20)
        guard special || spaced else { return text }
        var out = "\""
        out.unicodeScalars.reserveCapacity(utf8.count + 2)
        for scalar in text.unicodeScalars {
            if scalar == "\"" { out.unicodeScalars.append("\"") }
            out.unicodeScalars.append(scalar)
        }
        out.unicodeScalars.append("\"")
        return out
    }

    /// `text` as a JSON string literal, in quotes (RFC 8259): `"` and `\` get a backslash, LF, CR and tab are written
    /// as `\n`, `\r` and `\t`, the other control characters below U+0020 as `\u00xx`, U+2028 and U+2029 (which end
    /// a line in older JavaScript) as `\u2028` and `\u2029`; every other character is kept as it is (JSON text is
    /// UTF-8).
    public static func json(_ text: String) -> String {
        quoted(text, also: ["\u{2028}", "\u{2029}"]) { scalar in
            scalar == "\r" ? "\\r" : "\\u" + hex(scalar.value, digits: 4)
        }
    }

    /// `text` as a YAML double-quoted scalar, in quotes: `"` and `\` get a backslash, LF and tab are written as `\n`
    /// and `\t`, the other control characters below U+0020 (CR included) as `\xxx`; every other character is kept.
    /// YAML reads it back as the same text whatever markup it holds (`#`, `: `, a leading `-`, `yes`, a number).
    public static func yaml(_ text: String) -> String {
        quoted(text) { scalar in "\\x" + hex(scalar.value, digits: 2) }
    }

    /// `text` as inline Markdown on one line: CommonMark reads it back as the same plain text, never as markup.
    ///
    /// Line breaks become spaces; `\`, `*`, `_`, `` ` ``, `[`, `]`, `<`, `>`, `#`, `|` and `&` get a backslash, so
    /// the text can make no emphasis, link, image, code span, heading, table cell, entity or raw HTML — in a table
    /// cell as anywhere else.
    public static func markdown(_ text: String) -> String {
        var plain = true
        for byte in text.utf8 where byte == 0x0A || byte == 0x0D || markdownSpecial(byte) {
            plain = false
            break
        }
        if plain { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r":
                out.append(" ")
            case _ where scalar.isASCII && markdownSpecial(UInt8(scalar.value)):
                out.append("\\")
                out.append(scalar)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    // MARK: -

    /// `text` in double quotes with `"`, `\`, LF and tab escaped as JSON and YAML both write them, and every other
    /// control character below U+0020 as `control` writes it.
    private static func quoted(
        _ text: String, also: Set<Unicode.Scalar> = [], control: (Unicode.Scalar) -> String
    ) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || also.contains(scalar): out += control(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `value` in lowercase hexadecimal, with leading zeros to `digits` digits.
    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    private static func xml(_ text: String, attribute: Bool) -> String {
        guard needsEscaping(text, xml: true) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let entity = markupEntity(scalar) {
                out.append(contentsOf: entity.unicodeScalars)
                continue
            }
            switch scalar.value {
            case 0x0D:
                out.append(contentsOf: "&#13;".unicodeScalars)
            case 0x09 where attribute:
                out.append(contentsOf: "&#9;".unicodeScalars)
            case 0x0A where attribute:
                out.append(contentsOf: "&#10;".unicodeScalars)
            case 0x09, 0x0A:
                out.append(scalar)
            case 0x00..<0x20, 0xFFFE, 0xFFFF:
                out.append("\u{FFFD}")
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The entity of a character that makes markup in HTML and XML, or `nil`.
    private static func markupEntity(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "&": return "&amp;"
        case "<": return "&lt;"
        case ">": return "&gt;"
        case "\"": return "&quot;"
        case "'": return "&#39;"
        default: return nil
        }
    }

    /// Whether any UTF-8 byte of `text` may need escaping: a markup character, or for XML a control character or
    /// the lead byte 0xEF of U+FFFE and U+FFFF (a few other characters share it and are merely looked at again).
    private static func needsEscaping(_ text: String, xml: Bool) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case 0x26, 0x3C, 0x3E, 0x22, 0x27: return true
            case 0x00..<0x20 where xml, 0xEF where xml: return true
            default: continue
            }
        }
        return false
    }

    /// Whether an ASCII byte gets a backslash in ``markdown(_:)``.
    private static func markdownSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x5C, 0x2A, 0x5F, 0x60, 0x5B, 0x5D, 0x3C, 0x3E, 0x23, 0x7C, 0x26: return true
        default: return false
        }
    }
}
