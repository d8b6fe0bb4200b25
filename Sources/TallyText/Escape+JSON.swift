extension Escape {
    /// `text` as a JSON string literal, quotes included (RFC 8259).
    ///
    /// `"` and `\` get a backslash; line feed, carriage return and tab are written `\n`, `\r`, `\t`, the other
    /// control characters below U+0020 as `\u00XX`; U+2028 and U+2029, which end a line in older JavaScript, as
    /// `\u2028` and `\u2029`. Every other character is kept as UTF-8. Works on Unicode scalars, so no character
    /// that joins with a quote can hide it.
    public static func jsonString(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out.append(contentsOf: "\\\"".unicodeScalars)
            case 0x5C: out.append(contentsOf: "\\\\".unicodeScalars)
            case 0x0A: out.append(contentsOf: "\\n".unicodeScalars)
            case 0x0D: out.append(contentsOf: "\\r".unicodeScalars)
            case 0x09: out.append(contentsOf: "\\t".unicodeScalars)
            case 0x00..<0x20, 0x2028, 0x2029:
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            default: out.append(scalar)
            }
        }
        out.append("\"")
        return String(out)
    }
}
