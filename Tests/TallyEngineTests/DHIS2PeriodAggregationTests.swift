import TallyCore
import TallyEngine
import Testing

/// The engine adds up values stored in DHIS2's other period types: a week-based value (the weeks of every start
/// day, the bi-weeks) counts in the period that holds its first day; a value of a month-based type counts in a
/// period that holds all its days; averages weigh each value by the days it shares with the query.
@Suite struct DHIS2PeriodAggregationTests {
    static let tree = Fixture.tree

    /// Cases (a `sum` element) and stock (an `average` one) of one village, a1, in the new types.
    static let metadata = Metadata(
        categories: [],
        elements: [
            DataElement(code: "cases", name: "Cases", valueType: .integer, aggregation: .sum, categories: []),
            DataElement(
                code: "stock", name: "Stock", valueType: .integer, aggregation: .averageSumOrgUnit, categories: []),
        ], indicators: [], datasets: [])

    static func engine(_ values: [(String, String, Double)]) -> Aggregator {
        var source = InMemoryValueSource()
        for (element, period, value) in values {
            source.add(element, unit: Fixture.u("a1"), period: try! Period(period), value: value)
        }
        return Aggregator(metadata: metadata, tree: tree, source: source)
    }

    static func total(
        _ aggregator: Aggregator, _ element: String, _ period: String, unit: String = "C"
    ) throws -> Double? {
        try aggregator.totals(ElementReference(element: element), period: try Period(period))[Fixture.u(unit)]
    }

    @Test func weeksFromWednesdayCountInTheMonthOfTheirFirstDay() throws {
        // 2025WedW44 runs Wed 29 Oct – Tue 4 Nov 2025: October's. 2025WedW45 (5–11 Nov) and 2025WedW48 (26 Nov –
        // 2 Dec) are November's. 2026WedW1 (31 Dec 2025 – 6 Jan 2026) is December 2025's and 2025's.
        let a = Self.engine([
            ("cases", "2025WedW44", 1), ("cases", "2025WedW45", 10), ("cases", "2025WedW48", 100),
            ("cases", "2026WedW1", 1000),
        ])
        #expect(try Self.total(a, "cases", "202510") == 1)
        #expect(try Self.total(a, "cases", "202511") == 110)
        #expect(try Self.total(a, "cases", "202512") == 1000)
        #expect(try Self.total(a, "cases", "2025") == 1111)
        #expect(try Self.total(a, "cases", "2026") == nil)
        #expect(try Self.total(a, "cases", "2025Q4", unit: "a1") == 1111)
        #expect(try Self.total(a, "cases", "2025WedW45") == 10)
        #expect(try Self.total(a, "cases", "20251105..20251111") == 10)
        #expect(try Self.total(a, "cases", "20251106..20251111") == nil)
    }

    @Test func biWeeksAcrossTheYearEndAndWeek53() throws {
        // 2020BiW26 (14–27 Dec 2020), 2020BiW27 (28 Dec 2020 – 3 Jan 2021, week 53 alone), 2021BiW1 (4–17 Jan).
        let a = Self.engine([("cases", "2020BiW26", 2), ("cases", "2020BiW27", 3), ("cases", "2021BiW1", 5)])
        #expect(try Self.total(a, "cases", "2020") == 5)
        #expect(try Self.total(a, "cases", "2021") == 5)
        #expect(try Self.total(a, "cases", "202012") == 5)
        #expect(try Self.total(a, "cases", "2020BiW26..2021BiW1") == 10)
    }

    @Test func monthBasedTypesCountWhereAllTheirDaysAre() throws {
        // 201501B: January–February; 2015NovQ1: November 2014 – January 2015; 2015AprilS2: October 2015 –
        // March 2016; 2015NovS2: May–October 2015; 2015Feb: February 2015 – January 2016.
        let a = Self.engine([
            ("cases", "201501B", 1), ("cases", "2015NovQ1", 10), ("cases", "2015AprilS2", 100),
            ("cases", "2015NovS2", 1000), ("cases", "2015Feb", 10000),
        ])
        #expect(try Self.total(a, "cases", "2015Q1") == 1)
        #expect(try Self.total(a, "cases", "2015") == 1001)
        #expect(try Self.total(a, "cases", "2015Nov") == 1011)  // November 2014 – October 2015
        #expect(try Self.total(a, "cases", "2015April") == 1100)  // April 2015 – March 2016
        #expect(try Self.total(a, "cases", "201411..201601") == 11011)
        #expect(try Self.total(a, "cases", "2015NovS1") == 11)
    }

    @Test func averagesWeighTheDaysOfEachType() throws {
        // Stock counted per bi-month: 201501B (59 days) 100, 201502B (61 days) 160. Over 2015Q1 (90 days):
        // January–February weigh 59 days of 100, March 31 days of 160.
        let a = Self.engine([("stock", "201501B", 100), ("stock", "201502B", 160)])
        #expect(try Self.total(a, "stock", "2015Q1") == (59.0 * 100 + 31 * 160) / 90)
        #expect(try Self.total(a, "stock", "201502") == 100)
        // Where both a bi-month and a bi-week cover the query, the shorter type is taken: 2015BiW5 (23 Feb – 8 Mar).
        let b = Self.engine([("stock", "201501B", 100), ("stock", "2015BiW5", 40)])
        #expect(try Self.total(b, "stock", "201502", unit: "a1") == 40)
    }
}
