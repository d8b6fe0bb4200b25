/// User-supplied text made safe to write into a log line.
///
/// A log line is one line: a name or path sent by a client must not start a new one, hide in a terminal escape,
/// or reorder what a reader sees. Every character that ``Canonical`` refuses in a code (control characters,
/// line and paragraph separators, bidirectional controls, zero-width characters) is written as a Swift-style
/// escape such as `\u{A}`, and a backslash as `\\`, so that the escaped text reads back unambiguously.
public enum LogText {
    /// The longest text kept, in characters; longer texts are cut and end with `…`.
    public static let defaultLength = 200

    /// `text` with every hidden or control character escaped, cut to `length` characters.
    public static func escaped(_ text: String, length: Int = defaultLength) -> String {
        var result = ""
        var kept = 0
        for scalar in text.unicodeScalars {
            guard kept < length else {
                result += "…"
                break
            }
            kept += 1
            if scalar == "\\" {
                result += "\\\\"
            } else if Canonical.refusal(of: scalar, kind: .code) != nil {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
