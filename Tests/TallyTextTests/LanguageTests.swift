import TallyText
import Testing

@Suite struct LanguageTests {
    @Test func codesWithARegionOrScriptName() {
        #expect(Language(code: "zh-Hans") == .zh && Language(code: "en-GB") == .en && Language(code: "fr") == nil)
        #expect(Language(code: "ZH_cn") == .zh && Language(code: "en") == .en && Language(code: "EN-us") == .en)
    }

    @Test func codesThatAreNotALanguageAreRefused() {
        for code in ["", "-", "_en", "zhx", "e", "english", " en", "en "] {
            #expect(Language(code: code) == nil, "\(code)")
        }
    }

    @Test func theRawValueIsTheCode() {
        #expect(Language.allCases.map(\.rawValue) == ["zh", "en"])
        for language in Language.allCases { #expect(Language(code: language.rawValue) == language) }
    }
}
