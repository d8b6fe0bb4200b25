import TallyText
import Testing

/// The one catalog: every label in both languages, with the same placeholders, filled once.
@Suite struct LabelTests {
    @Test func everyLabelHasBothLanguagesWithTheSamePlaceholders() {
        for label in Label.allCases {
            let pair = label.pair
            #expect(!pair.zh.isEmpty && !pair.en.isEmpty, "\(label)")
            #expect(Label.placeholders(in: pair.zh) == Label.placeholders(in: pair.en), "\(label)")
            // The placeholders are numbered from 0 without a gap, so `text` fills every one of them.
            let holders = Label.placeholders(in: pair.zh)
            #expect(holders == Array(0..<holders.count), "\(label): \(holders)")
            let filled = Localized.each { label.text($0, holders.map { "<\($0)>" }) }
            for language in Language.allCases {
                #expect(!filled(language).contains("{"), "\(label) \(language): \(filled(language))")
            }
        }
    }

    @Test func placeholdersAreFoundByTheirNumbers() {
        #expect(Label.placeholders(in: "{0}（{1}）：{2}") == [0, 1, 2])
        #expect(Label.placeholders(in: "{1} by {0}") == [0, 1])
        #expect(Label.placeholders(in: "no {x} and {} here, {3}") == [3])
    }

    @Test func argumentsAreFilledInOnePassInTheirLanguagesOrder() {
        #expect(Label.milestoneBy.text(.zh, "2025年12月5日", "60%") == "2025年12月5日前完成60%")
        #expect(Label.milestoneBy.text(.en, "5 Dec 2025", "60%") == "60% by 5 Dec 2025")
        // A placeholder inside an argument (a unit named "{1}") stays as it is.
        #expect(Label.unitsUnder.text(.en, "Praise", "{1}", "{2}") == "Praise ({1}): {2}")
        #expect(Label.referenceLine.text(.zh, "{1}", "9.5‰") == "{1}：9.5‰")
        // Missing arguments leave their placeholders; extra ones are ignored.
        #expect(Label.referenceLine.text(.en, "County") == "County: {1}")
        #expect(Label.figure.text(.zh, "3", "extra") == "图3")
    }

    @Test func aLabelIsLocalizedWithLocalizedArguments() {
        let name = Localized(zh: "出生率", en: "the birth rate")
        let sentence = Label.rankedBy.localized(name)
        #expect(sentence.zh == "按出生率排名，从高到低；并列者名次相同。")
        #expect(sentence.en == "Ranked by the birth rate, highest first; ties share a rank.")
    }
}

@Suite struct LocalizedTests {
    @Test func aValueInEveryLanguage() {
        let text = Localized(zh: "已保存。", en: "Saved.")
        #expect(text(.zh) == "已保存。" && text(.en) == "Saved.")
        #expect(Localized.each { $0.rawValue } == Localized(zh: "zh", en: "en"))
        #expect(text.map { value, language in "\(language.rawValue): \(value)" }.en == "en: Saved.")
        #expect(Localized(verbatim: "data.csv") == Localized(zh: "data.csv", en: "data.csv"))
    }

    @Test func aSentenceAfterItsPlace() {
        let detail = Localized(zh: "“2025-13”不是期间", en: "'2025-13' is not a period")
        let placed = Localized.placed(.line(12, of: "data.csv"), detail)
        #expect(placed.zh == "data.csv，第12行：“2025-13”不是期间")
        #expect(placed.en == "data.csv, line 12: '2025-13' is not a period")
        #expect(Localized.placed("data.csv", detail).en == "data.csv: '2025-13' is not a period")
        #expect(Localized<String>.empty(.zh).isEmpty)
    }

    @Test func aLanguagesWordsForNames() {
        #expect(Language.zh.tag == "zh-Hans" && Language.en.tag == "en")
        #expect(Language.zh.ownName == "中文" && Language.en.ownName == "English")
        #expect(Language.en.insideSentence("Live births") == "live births")
        #expect(Language.en.insideSentence("SRB") == "SRB")
        #expect(Language.zh.insideSentence("Bcg接种") == "Bcg接种")
        #expect(Language.en.startingSentence("the birth rate") == "The birth rate")
        #expect(Language.zh.startingSentence("bcg接种率") == "bcg接种率")
    }
}
