import TallyCore
import TallyIO
import TallyText
import Testing

/// A dataset's `attributes:` (DHIS2's attribute category combo of a data set): appended to its elements'
/// categories, so that each combo is disaggregation options × attribute options; the forms that cannot mean one
/// thing refused at their key.
@Suite struct DataSetAttributesParserTests {
    static let head = """
        categories:
          sex: {name: Sex, options: {male: Male, female: Female}}
          partner: {name: Partner, options: {pa: Partner A, pb: Partner B}}
        elements:
          births: {name: Births, categories: [sex]}
          visits: {name: Visits}
          population: {name: Population, aggregation: average_sum_org_unit}

        """

    func parse(_ rest: String) throws(MetadataError) -> Metadata {
        try MetadataParser(file: "t.yaml").parse(Self.head + rest)
    }

    @Test func attributesAreAppendedToTheElementsCategories() throws {
        let metadata = try parse(
            """
            indicators:
              share_pa:
                name: Partner A's share
                numerator: "#{births.pa}"
                denominator: "#{births}"
                factor: 100
            datasets:
              monthly: {period: monthly, elements: [births, visits], attributes: [partner]}
              yearly: {period: yearly, elements: [population]}
            """)
        #expect(metadata.datasets.map(\.attributes) == [["partner"], []])
        let births = try #require(metadata.element("births"))
        #expect(births.categories == ["sex", "partner"] && births.attributeCategories == ["partner"])
        #expect(Array(births.disaggregationCategories) == ["sex"])
        #expect(metadata.combos(of: births).map(\.code) == ["male_pa", "male_pb", "female_pa", "female_pb"])
        #expect(metadata.disaggregationCombos(of: births).map(\.code) == ["male", "female"])
        #expect(metadata.attributeCombos(of: births).map(\.code) == ["pa", "pb"])
        #expect(metadata.split(combo: "female_pb", of: births) == ("female", "pb"))
        let visits = try #require(metadata.element("visits"))
        #expect(metadata.combos(of: visits).map(\.code) == ["pa", "pb"])
        #expect(metadata.split(combo: "pa", of: visits) == ("", "pa"))
        #expect(metadata.element("population")?.categories == [])
        #expect(metadata.indicator("share_pa")?.numerator.description == "#{births.pa}")
        #expect(Metadata.join(category: "", attribute: "pa") == "pa")
        #expect(Metadata.join(category: "male", attribute: "pa") == "male_pa")
    }

    @Test(
        arguments: [
            (
                "  monthly: {period: monthly, elements: [births], attributes: [funder]}\n",
                "datasets.monthly.attributes[0]", "'funder' is not a category; expected one of: partner, sex",
                "“funder”不是分类"
            ),
            (
                "  monthly: {period: monthly, elements: [births], attributes: [sex]}\n",
                "datasets.monthly.attributes[0]",
                "the element 'births' is already disaggregated by 'sex'; a category cannot also be an attribute category of its data set",
                "数据项“births”已按“sex”分类"
            ),
            (
                "  monthly: {period: monthly, elements: [births], attributes: [partner, partner]}\n",
                "datasets.monthly.attributes[1]", "the attribute category 'partner' is listed twice", "出现了两次"
            ),
            (
                "  monthly: {period: monthly, elements: [births, visits], attributes: [partner]}\n"
                    + "  weekly: {period: weekly, elements: [visits]}\n",
                "datasets.weekly.attributes",
                "the element 'visits' is also in the data set 'monthly', whose attribute categories differ (partner against none); in Tally an element's values carry one set of attribute categories (DHIS2 allows several), so give both data sets the same attributes, or split the element in two (such as 'visits' and 'visits_weekly'), one in each data set, and add them up with an indicator",
                "或把该数据项分成两个（如 visits 与 visits_weekly），每个报表一个"
            ),
        ])
    func refused(datasets: String, keyPath: String, en: String, zh: String) throws {
        let error = try #require(throws: MetadataError.self) { try self.parse("datasets:\n" + datasets) }
        #expect(error.keyPath == keyPath)
        #expect(error.details.en == en)
        #expect(error.details.zh.contains(zh), "\(error.details.zh)")
        #expect(error.line != nil)
    }

    @Test func twoDataSetsWithTheSameAttributesShareAnElement() throws {
        let metadata = try parse(
            """
            datasets:
              monthly: {period: monthly, elements: [visits], attributes: [partner]}
              campaign: {period: daily, elements: [visits], attributes: [partner]}
            """)
        #expect(metadata.element("visits")?.categories == ["partner"])
    }
}
