/// An estimate of the rendered width of `s`, used for layout without font metrics.
///
/// East Asian Wide and Fullwidth characters (CJK ideographs, kana, hangul, fullwidth forms, CJK punctuation)
/// count as 1 em, every other character as 0.55 em; combining marks belong to their base character.
public func textWidth(_ s: String, fontSize: Double) -> Double {
    var ems = 0.0
    for character in s {
        ems += TextMetrics.isWide(character) ? 1 : 0.55
    }
    return ems * fontSize
}

/// Character classification and line wrapping for layout.
enum TextMetrics {
    /// Whether the character's first scalar is East Asian Wide (W) or Fullwidth (F).
    static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
            0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Greedy wrapping of `text` into lines no wider than `maxWidth`, breaking at spaces when a line holds one
    /// and between any two characters otherwise (which suits Chinese). A single character wider than `maxWidth`
    /// gets a line of its own.
    static func wrap(_ text: String, maxWidth: Double, fontSize: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for character in text {
            if line.isEmpty, character == " " { continue }
            let candidate = line + String(character)
            if line.isEmpty || textWidth(candidate, fontSize: fontSize) <= maxWidth {
                line = candidate
                continue
            }
            if character == " " {
                lines.append(line)
                line = ""
            } else if let space = line.lastIndex(of: " ") {
                lines.append(String(line[..<space]))
                line = String(line[line.index(after: space)...]) + String(character)
            } else {
                lines.append(line)
                line = String(character)
            }
            while textWidth(line, fontSize: fontSize) > maxWidth, line.count > 1 {
                // A carried word is itself too wide: split it between characters.
                var head = ""
                for piece in line {
                    if !head.isEmpty, textWidth(head + String(piece), fontSize: fontSize) > maxWidth { break }
                    head.append(piece)
                }
                lines.append(head)
                line = String(line.dropFirst(head.count))
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }
}
