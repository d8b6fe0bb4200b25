import TallyRender
import Testing

@Suite("displayWidth")
struct DisplayWidthTests {
    @Test(
        "ASCII, CJK, fullwidth, kana, Hangul, marks",
        arguments: [
            ("", 0),
            ("abc", 3),
            ("青石镇", 6),
            ("青石镇 Clinic", 13),
            ("出生人数", 8),
            ("、。「」", 8),  // U+3000–303F punctuation
            ("\u{3000}", 2),  // ideographic space
            ("ＡＢ１", 6),  // fullwidth forms U+FF00–FF60
            ("￥￦", 4),  // U+FFE0–FFE6
            ("ｱｲ", 2),  // halfwidth katakana
            ("カタカナ", 8),
            ("ひらがな", 8),
            ("한국어", 6),
            ("𠀀𪜀", 4),  // CJK extensions B and C
            ("é", 1),
            ("e\u{301}", 1),  // combining acute
            ("\u{200B}\u{200D}", 0),
            ("👍", 2),
            ("Ω—…", 3),
            ("\t\n", 0),
        ])
    func widths(text: String, width: Int) {
        #expect(displayWidth(text) == width)
    }
}
